//! TOML data files, read with the `toml` crate's spanned document parser
//! (`DeTable::parse`), whose integers and floats keep their source digits.
//!
//! The parser already refuses duplicate keys and bounds its own recursion;
//! this module turns its tree into a [`DataNode`] with byte spans, numbers as
//! plain decimal text and dates as dates.

use toml::de::{DeInteger, DeTable, DeValue};
use toml::value::Datetime;
use toml::Spanned;

use super::{DataError, DataErrorKind, DataKey, DataNode, DataValue, MAX_DATA_DEPTH};
use crate::source::{FileId, Span};

/// Reads `text` as a TOML document; the root is always an object.
pub fn parse_toml(file: FileId, text: &str) -> Result<DataNode, DataError> {
    let document = DeTable::parse(text).map_err(|e| parser_error(file, text, &e))?;
    let reader = Reader { file, text };
    // The parser gives the root table an empty span; the root is the file.
    let span = Span::new(file, 0, text.len());
    let value = reader.table(document.get_ref(), span, 1)?;
    Ok(DataNode { value, span })
}

struct Reader<'t> {
    file: FileId,
    text: &'t str,
}

impl Reader<'_> {
    fn value(&self, value: &Spanned<DeValue<'_>>, depth: usize) -> Result<DataNode, DataError> {
        let span = self.span(value.span());
        let value = match value.get_ref() {
            DeValue::String(s) => DataValue::String(s.to_string()),
            DeValue::Integer(i) => DataValue::Number(self.integer(i, span)?),
            DeValue::Float(f) => DataValue::Number(self.float(f.as_str(), span)?),
            DeValue::Boolean(b) => DataValue::Bool(*b),
            DeValue::Datetime(d) => self.datetime(d, span),
            DeValue::Array(items) => {
                self.depth_check(depth, span)?;
                let items = items
                    .iter()
                    .map(|item| self.value(item, depth + 1))
                    .collect::<Result<_, _>>()?;
                DataValue::Array(items)
            }
            DeValue::Table(table) => self.table(table, span, depth)?,
        };
        Ok(DataNode { value, span })
    }

    fn table(&self, table: &DeTable<'_>, span: Span, depth: usize) -> Result<DataValue, DataError> {
        self.depth_check(depth, span)?;
        // The parser's map is sorted by name; the order written is the order
        // of the keys' spans.
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        let members = entries
            .into_iter()
            .map(|(key, value)| {
                let key = DataKey {
                    name: key.get_ref().to_string(),
                    span: self.span(key.span()),
                };
                Ok((key, self.value(value, depth + 1)?))
            })
            .collect::<Result<_, _>>()?;
        Ok(DataValue::Object(members))
    }

    fn depth_check(&self, depth: usize, span: Span) -> Result<(), DataError> {
        if depth > MAX_DATA_DEPTH {
            return Err(DataError {
                message: format!("nested deeper than {MAX_DATA_DEPTH} levels"),
                span: self.first_char(span),
                kind: DataErrorKind::TooDeep,
            });
        }
        Ok(())
    }

    /// Decimal text of an integer; the parser has already removed `_`.
    fn integer(&self, integer: &DeInteger<'_>, span: Span) -> Result<String, DataError> {
        let digits = integer.as_str();
        if integer.radix() == 10 {
            // The parser lets some characters that are no ASCII digit
            // through (`1_0٠`, with an Arabic-Indic zero); TOML allows only
            // `0`–`9`.
            let unsigned = digits.strip_prefix(['+', '-']).unwrap_or(digits);
            if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
                return Err(self.syntax(
                    span,
                    format!("`{}` is not a valid integer", self.slice(span)),
                ));
            }
            return Ok(digits.strip_prefix('+').unwrap_or(digits).to_string());
        }
        // TOML integers fit in 64 bits, so u128 holds every valid one; the
        // parser lets `0x` without digits through, which this refuses.
        u128::from_str_radix(digits, integer.radix())
            .map(|n| n.to_string())
            .map_err(|_| {
                self.syntax(
                    span,
                    format!("`{}` is not a valid integer", self.slice(span)),
                )
            })
    }

    fn float(&self, float: &str, span: Span) -> Result<String, DataError> {
        if float.contains("inf") || float.contains("nan") {
            return Err(self.syntax(
                span,
                format!("`{}` is not a number a fact can hold", self.slice(span)),
            ));
        }
        Ok(float.strip_prefix('+').unwrap_or(float).to_string())
    }

    fn datetime(&self, datetime: &Datetime, span: Span) -> DataValue {
        let text = self.slice(span).to_string();
        match (&datetime.date, &datetime.time) {
            (Some(date), None) => DataValue::Date {
                year: i32::from(date.year),
                month: u32::from(date.month),
                day: u32::from(date.day),
            },
            (Some(_), Some(_)) => DataValue::Other {
                kind: "a date-time",
                text,
            },
            _ => DataValue::Other {
                kind: "a time",
                text,
            },
        }
    }

    fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, range.start, range.end)
    }

    fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or_default()
    }

    fn first_char(&self, span: Span) -> Span {
        let start = span.start as usize;
        let len = self
            .text
            .get(start..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        Span::new(self.file, start, start + len)
    }

    fn syntax(&self, span: Span, message: String) -> DataError {
        DataError {
            message,
            span,
            kind: DataErrorKind::Syntax,
        }
    }
}

fn parser_error(file: FileId, text: &str, error: &toml::de::Error) -> DataError {
    let span = match error.span() {
        Some(range) => Span::new(file, range.start, range.end),
        None => Span::new(file, 0, text.len()),
    };
    let message = error.message();
    // The parser's own recursion guard is stricter than MAX_DATA_DEPTH.
    if message.contains("recurs") {
        return DataError {
            message: "nested too deeply for the TOML reader".to_string(),
            span,
            kind: DataErrorKind::TooDeep,
        };
    }
    // Name the key: the parser's span covers it, its message does not.
    let message = match text.get(span.range()) {
        Some(key) if message == "duplicate key" && !key.is_empty() => {
            format!("duplicate key `{key}`")
        }
        _ => message.to_string(),
    };
    DataError {
        message,
        span,
        kind: DataErrorKind::Syntax,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(1);

    fn parse(text: &str) -> DataNode {
        parse_toml(F, text).unwrap()
    }

    fn error(text: &str) -> DataError {
        parse_toml(F, text).unwrap_err()
    }

    fn members(node: &DataNode) -> &[(DataKey, DataNode)] {
        match &node.value {
            DataValue::Object(members) => members,
            other => panic!("not an object: {other:?}"),
        }
    }

    fn get<'n>(node: &'n DataNode, name: &str) -> &'n DataNode {
        members(node)
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("no `{name}`"))
    }

    #[test]
    fn nested_values_and_keys_carry_their_spans_in_written_order() {
        let text = "zeta = 1\nalpha = \"æøå\"\n[vendor.region]\nname = \"Øst\"\nports = [443, { p = 80 }]\n";
        let root = parse(text);
        assert_eq!(root.span.range(), 0..text.len());
        let names: Vec<_> = members(&root)
            .iter()
            .map(|(k, _)| k.name.as_str())
            .collect();
        assert_eq!(names, ["zeta", "alpha", "vendor"]);

        let (alpha_key, alpha) = &members(&root)[1];
        assert_eq!(&text[alpha_key.span.range()], "alpha");
        assert_eq!(&text[alpha.span.range()], "\"æøå\"");
        assert_eq!(alpha.value, DataValue::String("æøå".into()));

        let region = get(get(&root, "vendor"), "region");
        assert_eq!(&text[region.span.range()], "[vendor.region]");
        let (name_key, name) = &members(region)[0];
        assert_eq!(&text[name_key.span.range()], "name");
        assert_eq!(&text[name.span.range()], "\"Øst\"");
        let ports = get(region, "ports");
        assert_eq!(&text[ports.span.range()], "[443, { p = 80 }]");
        let DataValue::Array(items) = &ports.value else {
            panic!("not an array")
        };
        assert_eq!(&text[items[1].span.range()], "{ p = 80 }");
        let (p_key, p) = &members(&items[1])[0];
        assert_eq!(&text[p_key.span.range()], "p");
        assert_eq!(&text[p.span.range()], "80");
    }

    #[test]
    fn arrays_of_tables_are_lists_of_objects() {
        let text = "[[offer]]\nprice = 1\n[[offer]]\nprice = 2\n";
        let root = parse(text);
        let DataValue::Array(offers) = &get(&root, "offer").value else {
            panic!("not an array")
        };
        assert_eq!(offers.len(), 2);
        assert_eq!(
            get(&offers[1], "price").value,
            DataValue::Number("2".into())
        );
        assert_eq!(&text[offers[1].span.range()], "[[offer]]");
    }

    #[test]
    fn numbers_become_plain_decimal_text() {
        let text = "a = 99.95\nb = 10000000000000000000001\nc = 1_000_000\nd = +42\n\
                    e = 0xDEAD_beef\nf = 0o755\ng = 0b1101\nh = -0.0_1\ni = +6.626e-34\nj = 5E+2_2\n";
        let root = parse(text);
        let number = |name| match &get(&root, name).value {
            DataValue::Number(n) => n.clone(),
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(number("a"), "99.95");
        assert_eq!(number("b"), "10000000000000000000001");
        assert_eq!(number("c"), "1000000");
        assert_eq!(number("d"), "42");
        assert_eq!(number("e"), "3735928559");
        assert_eq!(number("f"), "493");
        assert_eq!(number("g"), "13");
        assert_eq!(number("h"), "-0.01");
        assert_eq!(number("i"), "6.626e-34");
        assert_eq!(number("j"), "5E+22");
        assert_eq!(&text[get(&root, "c").span.range()], "1_000_000");
    }

    #[test]
    fn infinity_and_nan_are_refused() {
        for (text, shown) in [
            ("x = inf", "inf"),
            ("x = -inf", "-inf"),
            ("x = +nan", "+nan"),
        ] {
            let e = error(text);
            assert_eq!(e.kind, DataErrorKind::Syntax);
            assert_eq!(
                e.message,
                format!("`{shown}` is not a number a fact can hold")
            );
            assert_eq!(e.span.range(), 4..text.len());
        }
    }

    #[test]
    fn a_radix_prefix_needs_digits() {
        let e = error("x = 0x");
        assert_eq!(e.kind, DataErrorKind::Syntax);
        assert_eq!(e.message, "`0x` is not a valid integer");
    }

    #[test]
    fn dates_are_dates_and_other_times_are_kept_as_text() {
        let text =
            "d = 2026-09-15\nodt = 1979-05-27T07:32:00Z\nldt = 1979-05-27 07:32:00\nt = 07:32:00\n";
        let root = parse(text);
        assert_eq!(
            get(&root, "d").value,
            DataValue::Date {
                year: 2026,
                month: 9,
                day: 15
            }
        );
        assert_eq!(&text[get(&root, "d").span.range()], "2026-09-15");
        assert_eq!(
            get(&root, "odt").value,
            DataValue::Other {
                kind: "a date-time",
                text: "1979-05-27T07:32:00Z".into()
            }
        );
        assert_eq!(
            get(&root, "ldt").value,
            DataValue::Other {
                kind: "a date-time",
                text: "1979-05-27 07:32:00".into()
            }
        );
        assert_eq!(
            get(&root, "t").value,
            DataValue::Other {
                kind: "a time",
                text: "07:32:00".into()
            }
        );
        assert_eq!(error("d = 2026-02-30").kind, DataErrorKind::Syntax);
    }

    #[test]
    fn strings_and_booleans() {
        let root = parse("s = \"a\\tb\\u00e6\"\nl = 'C:\\x'\nb = false\n");
        assert_eq!(get(&root, "s").value, DataValue::String("a\tbæ".into()));
        assert_eq!(get(&root, "l").value, DataValue::String("C:\\x".into()));
        assert_eq!(get(&root, "b").value, DataValue::Bool(false));
    }

    #[test]
    fn duplicate_keys_are_syntax_errors_at_the_second_key() {
        let text = "a = 1\n\"a\" = 2\n";
        let e = error(text);
        assert_eq!(e.kind, DataErrorKind::Syntax);
        assert_eq!(e.message, "duplicate key `\"a\"`");
        assert_eq!(&text[e.span.range()], "\"a\"");

        let text = "[t]\nx = 1\n[t]\n";
        let e = error(text);
        assert_eq!(e.message, "duplicate key `t`");
        assert_eq!(e.span.range(), 11..12);
    }

    #[test]
    fn syntax_errors_carry_the_parser_message_and_place() {
        let e = error("a = \nb = 1");
        assert_eq!(e.kind, DataErrorKind::Syntax);
        assert_eq!(
            e.message,
            "string values must be quoted, expected literal string"
        );
        assert_eq!(e.span.range(), 4..4);
    }

    #[test]
    fn nesting_is_limited() {
        let e = error(&format!("a = {}", "[".repeat(100_000)));
        assert_eq!(e.kind, DataErrorKind::TooDeep);
        let e = error(&format!("a = {}", "{b = ".repeat(100_000)));
        assert_eq!(e.kind, DataErrorKind::TooDeep);
        assert_eq!(e.message, "nested too deeply for the TOML reader");
        // At the top, `[[` opens a table header, so this is not nesting.
        let e = error(&"[".repeat(100_000));
        assert_eq!(e.kind, DataErrorKind::Syntax);

        // Each is within the parser's own limit, together they are too deep.
        let header: Vec<String> = (0..70).map(|i| format!("k{i}")).collect();
        let text = format!(
            "[{}]\nx = {}1{}\n",
            header.join("."),
            "[".repeat(70),
            "]".repeat(70)
        );
        let e = error(&text);
        assert_eq!(e.kind, DataErrorKind::TooDeep);
        assert_eq!(e.message, "nested deeper than 128 levels");
        assert_eq!(&text[e.span.range()], "[");
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        let text = "\u{feff}\"å\" = 1";
        let root = parse(text);
        let (key, value) = &members(&root)[0];
        assert_eq!(key.name, "å");
        assert_eq!(&text[key.span.range()], "\"å\"");
        assert_eq!(&text[value.span.range()], "1");
    }

    #[test]
    fn an_empty_file_is_an_empty_object() {
        let root = parse("# nothing\n");
        assert_eq!(root.value, DataValue::Object(vec![]));
    }
}
