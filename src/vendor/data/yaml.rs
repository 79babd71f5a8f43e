//! YAML data files, read with saphyr's spanned loader (`MarkedYaml`) and
//! resolved by the YAML 1.2 core schema: `NO` is a string, `2026-09-15` is a
//! string, `1.50` is a number kept as written.
//!
//! Three things about saphyr shape this module:
//! - its markers count characters, not bytes, so every position is mapped
//!   to a byte offset through [`CharOffsets`];
//! - its loader resolves aliases and forgets them, so anchors, aliases and
//!   tags are recognised by the text a node's span starts with (`&`, `*`,
//!   `!`, which no plain scalar may start with);
//! - its loader recurses once per nesting level with no limit of its own for
//!   block collections, so [`check_nesting_bound`] refuses files that could
//!   nest too deeply before it runs, and it runs on a thread whose stack is
//!   sized for what that check lets through.

use std::collections::HashSet;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, ScanError, YamlData};

use super::{DataError, DataErrorKind, DataKey, DataNode, DataValue, MAX_DATA_DEPTH};
use crate::source::{FileId, Span};

/// The most nesting levels [`check_nesting_bound`] lets the loader see.
/// Far above [`MAX_DATA_DEPTH`], as the bound overestimates (up to four
/// times for `- - - x`).
const LOADER_MAX_LEVELS: usize = 2048;

/// saphyr's scanner refuses the 256th open flow collection (`[` or `{`).
const SAPHYR_MAX_FLOW_LEVELS: usize = 255;

/// Stack for the loader thread: a few KiB per level is what saphyr uses in a
/// debug build, so this leaves a wide margin over [`LOADER_MAX_LEVELS`].
const LOADER_STACK_BYTES: usize = 32 << 20;

/// Reads `text` as one YAML document.
pub fn parse_yaml(file: FileId, text: &str) -> Result<DataNode, DataError> {
    check_nesting_bound(file, text)?;
    std::thread::scope(|scope| {
        let loader = std::thread::Builder::new()
            .name("skykrav-yaml".to_string())
            .stack_size(LOADER_STACK_BYTES)
            .spawn_scoped(scope, || load(file, text));
        match loader {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(whole_file_error(
                    file,
                    text,
                    "the YAML reader failed on this file",
                ))
            }),
            Err(e) => Err(whole_file_error(
                file,
                text,
                &format!("could not start the YAML reader: {e}"),
            )),
        }
    })
}

fn load(file: FileId, text: &str) -> Result<DataNode, DataError> {
    let reader = Reader {
        file,
        text,
        offsets: CharOffsets::new(text),
    };
    let documents = MarkedYaml::load_from_str(text).map_err(|e| reader.scan_error(&e))?;
    let empty = DataNode {
        value: DataValue::Null,
        span: Span::new(file, 0, 0),
    };
    match documents.as_slice() {
        [] => Ok(empty),
        [document] => {
            let root = reader.node(document, 1)?;
            // An empty document's null has no text of its own to point at.
            let written = text
                .get(root.span.range())
                .is_some_and(|s| matches!(s, "~" | "null" | "Null" | "NULL"));
            if root.value == DataValue::Null && !written {
                return Ok(empty);
            }
            Ok(root)
        }
        [_, second, ..] => Err(reader.error(
            reader.byte(second.span.start.index()),
            DataErrorKind::Unsupported,
            "a data file must hold one YAML document, found a second one".to_string(),
        )),
    }
}

struct Reader<'t> {
    file: FileId,
    text: &'t str,
    offsets: CharOffsets<'t>,
}

impl Reader<'_> {
    /// Converts one node; `depth` is the level a collection here would have.
    fn node(&self, node: &MarkedYaml<'_>, depth: usize) -> Result<DataNode, DataError> {
        let start = self.byte(node.span.start.index());
        let end = self.byte(node.span.end.index());
        if start < end {
            self.refuse_properties(start)?;
        }
        match &node.data {
            YamlData::Value(scalar) => self.scalar(scalar, start, end),
            YamlData::Sequence(items) => {
                self.depth_check(depth, start)?;
                let items = items
                    .iter()
                    .map(|item| self.node(item, depth + 1))
                    .collect::<Result<Vec<_>, _>>()?;
                let last_end = items.last().map(|item| item.span.end as usize);
                let end = self.collection_end(start, end, '[', ']', last_end);
                Ok(self.data_node(DataValue::Array(items), start, end))
            }
            YamlData::Mapping(mapping) => {
                self.depth_check(depth, start)?;
                let mut names = HashSet::new();
                let mut members = Vec::with_capacity(mapping.len());
                for (key, value) in mapping {
                    let key = self.key(key)?;
                    if !names.insert(key.name.clone()) {
                        return Err(DataError {
                            message: format!("duplicate key `{}`", key.name),
                            span: key.span,
                            kind: DataErrorKind::DuplicateKey,
                        });
                    }
                    let value = self.node(value, depth + 1)?;
                    members.push((key, value));
                }
                let last_end = members
                    .last()
                    .map(|(key, value)| key.span.end.max(value.span.end) as usize);
                let end = self.collection_end(start, end, '{', '}', last_end);
                Ok(self.data_node(DataValue::Object(members), start, end))
            }
            // The checks above catch these first, by the text they start
            // with; they remain errors in case a span ever says otherwise.
            YamlData::Alias(_) => Err(self.unsupported(start, "aliases are not supported")),
            YamlData::Tagged(..) => Err(self.unsupported(start, "tags are not supported")),
            YamlData::BadValue | YamlData::Representation(..) => Err(self.error(
                start,
                DataErrorKind::Syntax,
                "this YAML value could not be read".to_string(),
            )),
        }
    }

    fn scalar(&self, scalar: &Scalar<'_>, start: usize, end: usize) -> Result<DataNode, DataError> {
        let end = self.scalar_end(start, end);
        let source = self.text.get(start..end).unwrap_or_default();
        let value = match scalar {
            Scalar::Null => DataValue::Null,
            Scalar::Boolean(b) => DataValue::Bool(*b),
            Scalar::String(s) => DataValue::String(s.to_string()),
            // saphyr has already parsed `0x`/`0o` integers into an i64.
            Scalar::Integer(n) if source.starts_with("0x") || source.starts_with("0o") => {
                DataValue::Number(n.to_string())
            }
            Scalar::FloatingPoint(f) if !f.0.is_finite() => {
                return Err(self.error(
                    start,
                    DataErrorKind::Syntax,
                    format!("`{source}` is not a number a fact can hold"),
                ))
            }
            // saphyr guesses numbers with Rust's parsers; the core schema's
            // grammar has the last word, and what it refuses is a string.
            Scalar::Integer(_) | Scalar::FloatingPoint(_) => match core_schema_number(source) {
                Some(number) => DataValue::Number(number),
                None => DataValue::String(source.to_string()),
            },
        };
        Ok(self.data_node(value, start, end))
    }

    fn key(&self, key: &MarkedYaml<'_>) -> Result<DataKey, DataError> {
        let start = self.byte(key.span.start.index());
        let end = self.byte(key.span.end.index());
        if start < end {
            self.refuse_properties(start)?;
        }
        let YamlData::Value(scalar) = &key.data else {
            let found = match &key.data {
                YamlData::Sequence(_) => "a list",
                YamlData::Mapping(_) => "an object",
                _ => "a value that is not text",
            };
            return Err(self.unsupported(start, &format!("a key must be text, found {found}")));
        };
        let end = self.scalar_end(start, end);
        // A plain `1` or `true` names a key as written, as it would in TOML.
        let name = match scalar {
            Scalar::String(s) => s.to_string(),
            _ => self.text.get(start..end).unwrap_or_default().to_string(),
        };
        Ok(DataKey {
            name,
            span: Span::new(self.file, start, end),
        })
    }

    fn refuse_properties(&self, start: usize) -> Result<(), DataError> {
        match self.text.get(start..).and_then(|rest| rest.chars().next()) {
            Some('*') => Err(self.unsupported(start, "aliases are not supported")),
            Some('&') => Err(self.unsupported(start, "anchors and aliases are not supported")),
            Some('!') => Err(self.unsupported(start, "tags are not supported")),
            _ => Ok(()),
        }
    }

    fn depth_check(&self, depth: usize, start: usize) -> Result<(), DataError> {
        if depth > MAX_DATA_DEPTH {
            return Err(self.error(start, DataErrorKind::TooDeep, too_deep_message()));
        }
        Ok(())
    }

    /// saphyr ends a quoted scalar's span after any trailing comment and a
    /// block scalar's after its trailing blank lines; cut back to the value.
    fn scalar_end(&self, start: usize, end: usize) -> usize {
        let source = self.text.get(start..end).unwrap_or_default();
        let quoted_len = match source.chars().next() {
            Some('\'') => closing_quote(source, '\'', None),
            Some('"') => closing_quote(source, '"', Some('\\')),
            _ => None,
        };
        let len = quoted_len.unwrap_or_else(|| source.trim_end_matches(is_yaml_space).len());
        start + len
    }

    /// A flow collection ends after its closing bracket, which saphyr's span
    /// stops before; a block one ends with its last entry, not at the start
    /// of whatever follows it.
    fn collection_end(
        &self,
        start: usize,
        end: usize,
        open: char,
        close: char,
        last_entry_end: Option<usize>,
    ) -> usize {
        let at = |i: usize| self.text.get(i..).and_then(|rest| rest.chars().next());
        if at(start) == Some(open) {
            if at(end) == Some(close) {
                return end + close.len_utf8();
            }
            return end.max(last_entry_end.unwrap_or(end));
        }
        last_entry_end.unwrap_or(end)
    }

    fn scan_error(&self, error: &ScanError) -> DataError {
        let at = self.byte(error.marker().index());
        let info = error.info();
        match info {
            "duplicated key in mapping" => self.error(
                at,
                DataErrorKind::DuplicateKey,
                match key_text_at(self.text, at) {
                    Some(key) => format!("duplicate key `{key}`"),
                    None => "duplicate key".to_string(),
                },
            ),
            "recursion limit exceeded" => {
                self.error(at, DataErrorKind::TooDeep, too_deep_message())
            }
            // An unknown anchor, or an alias bomb caught by saphyr's budget.
            _ if info.contains("alias") || info.contains("anchor") => {
                self.unsupported(at, "aliases are not supported")
            }
            _ => self.error(at, DataErrorKind::Syntax, info.to_string()),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.offsets.byte(char_index)
    }

    fn data_node(&self, value: DataValue, start: usize, end: usize) -> DataNode {
        DataNode {
            value,
            span: Span::new(self.file, start, end),
        }
    }

    fn unsupported(&self, at: usize, message: &str) -> DataError {
        self.error(at, DataErrorKind::Unsupported, message.to_string())
    }

    /// An error at the character that starts at byte `at`.
    fn error(&self, at: usize, kind: DataErrorKind, message: String) -> DataError {
        let len = self
            .text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        DataError {
            message,
            span: Span::new(self.file, at, at + len),
            kind,
        }
    }
}

fn too_deep_message() -> String {
    format!("nested deeper than {MAX_DATA_DEPTH} levels")
}

fn whole_file_error(file: FileId, text: &str, message: &str) -> DataError {
    DataError {
        message: message.to_string(),
        span: Span::new(file, 0, text.len()),
        kind: DataErrorKind::Syntax,
    }
}

fn is_yaml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Length of a quoted scalar up to its closing quote: `''` inside single
/// quotes and `escape` followed by any character inside double quotes do
/// not close it.
fn closing_quote(source: &str, quote: char, escape: Option<char>) -> Option<usize> {
    let mut chars = source.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if Some(c) == escape {
            chars.next();
        } else if c == quote {
            if escape.is_none() && chars.peek().map(|&(_, next)| next) == Some(quote) {
                chars.next();
            } else {
                return Some(i + quote.len_utf8());
            }
        }
    }
    None
}

/// The key written at byte `at`, for naming it in a message: a quoted key
/// with its quotes, or a plain one up to its `:`.
fn key_text_at(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at..)?;
    let len = match rest.chars().next()? {
        '\'' => closing_quote(rest, '\'', None)?,
        '"' => closing_quote(rest, '"', Some('\\'))?,
        _ => rest
            .char_indices()
            .find(|&(i, c)| {
                let after = rest.get(i + 1..).and_then(|r| r.chars().next());
                matches!(c, '\n' | '\r' | ',' | '}' | ']')
                    || (c == ':' && after.is_none_or(|n| is_yaml_space(n) || ",]}".contains(n)))
            })
            .map_or(rest.len(), |(i, _)| i),
    };
    let key = rest.get(..len)?.trim_end_matches(is_yaml_space);
    (!key.is_empty()).then_some(key)
}

/// The YAML 1.2 core schema's decimal int and float grammar,
/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`,
/// rewritten into JSON's: no `+`, no leading zeros, digits on both sides
/// of a decimal point. Returns `None` for anything else.
fn core_schema_number(source: &str) -> Option<String> {
    let (negative, unsigned) = match source.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, source.strip_prefix('+').unwrap_or(source)),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (unsigned.get(..at)?, unsigned.get(at..)),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !all_digits(fraction) || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    if let Some(exponent) = exponent {
        let signed = exponent.get(1..)?;
        let digits = signed.strip_prefix(['+', '-']).unwrap_or(signed);
        if digits.is_empty() || !all_digits(digits) {
            return None;
        }
    }
    let mut out = String::with_capacity(source.len() + 1);
    if negative {
        out.push('-');
    }
    let whole = whole.trim_start_matches('0');
    out.push_str(if whole.is_empty() { "0" } else { whole });
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out.push_str(exponent.unwrap_or_default());
    Some(out)
}

/// An upper bound on how deeply `text` can nest, checked before saphyr's
/// recursive loader sees it.
///
/// Flow collections (`[`, `{`) are capped by saphyr's scanner. Block
/// collections nest by indentation: each is more indented than the one
/// holding it, except a list under a key, which may share the key's column.
/// So a block collection starting at column `c` has at most `2 * (c + 1)`
/// block collections around and including it. It starts either after a
/// line's indentation or after `- `, `? ` and `: ` indicators on that line,
/// so measuring those for every line bounds the whole file.
fn check_nesting_bound(file: FileId, text: &str) -> Result<(), DataError> {
    let mut line_start = 0;
    for line in text.split(['\n', '\r']) {
        // The column where the innermost block collection begun on this
        // line could start, and the byte where it does.
        let mut reach = (0, 0);
        for (column, (i, c)) in line.char_indices().enumerate() {
            if c == ' ' || c == '\t' {
                continue;
            }
            let next = line.get(i + c.len_utf8()..).and_then(|r| r.chars().next());
            if matches!(c, '-' | '?' | ':') && next.is_none_or(is_yaml_space) {
                reach = (column + 1, i);
                continue;
            }
            reach = (column, i);
            break;
        }
        let (column, at) = reach;
        if 2 * (column + 1) + SAPHYR_MAX_FLOW_LEVELS > LOADER_MAX_LEVELS {
            let at = line_start + at;
            let len = text
                .get(at..)
                .and_then(|rest| rest.chars().next())
                .map_or(0, char::len_utf8);
            return Err(DataError {
                message: too_deep_message(),
                span: Span::new(file, at, at + len),
                kind: DataErrorKind::TooDeep,
            });
        }
        line_start += line.len() + 1;
    }
    Ok(())
}

/// Maps saphyr's character indices to byte offsets, remembering the byte
/// offset of every [`CharOffsets::STRIDE`]th character so a lookup walks at
/// most that many characters.
struct CharOffsets<'t> {
    text: &'t str,
    /// Empty when the text is ASCII and indices are already byte offsets.
    checkpoints: Vec<usize>,
}

impl<'t> CharOffsets<'t> {
    const STRIDE: usize = 64;

    fn new(text: &'t str) -> CharOffsets<'t> {
        let checkpoints = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(Self::STRIDE)
                .map(|(i, _)| i)
                .collect()
        };
        CharOffsets { text, checkpoints }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return char_index.min(self.text.len());
        }
        let Some(&from) = self.checkpoints.get(char_index / Self::STRIDE) else {
            return self.text.len();
        };
        self.text
            .get(from..)
            .and_then(|rest| rest.char_indices().nth(char_index % Self::STRIDE))
            .map_or(self.text.len(), |(i, _)| from + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(2);

    fn parse(text: &str) -> DataNode {
        parse_yaml(F, text).unwrap()
    }

    fn error(text: &str) -> DataError {
        parse_yaml(F, text).unwrap_err()
    }

    fn members(node: &DataNode) -> &[(DataKey, DataNode)] {
        match &node.value {
            DataValue::Object(members) => members,
            other => panic!("not an object: {other:?}"),
        }
    }

    fn items(node: &DataNode) -> &[DataNode] {
        match &node.value {
            DataValue::Array(items) => items,
            other => panic!("not a list: {other:?}"),
        }
    }

    fn get<'n>(node: &'n DataNode, name: &str) -> &'n DataNode {
        members(node)
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("no `{name}`"))
    }

    fn string(s: &str) -> DataValue {
        DataValue::String(s.to_string())
    }

    fn number(s: &str) -> DataValue {
        DataValue::Number(s.to_string())
    }

    #[test]
    fn nested_values_and_keys_carry_byte_spans() {
        let text = "navn: Ærlig Æøå AS\nregioner:\n  - navn: \"Øst\"  # kommentar\n    soner: [æ, {å: 1}]\n  - Vest\nsist: 2\n";
        let root = parse(text);
        let slice = |span: Span| &text[span.range()];
        assert_eq!(slice(root.span), text.trim_end());

        let (key, value) = &members(&root)[0];
        assert_eq!(slice(key.span), "navn");
        assert_eq!(slice(value.span), "Ærlig Æøå AS");
        assert_eq!(value.value, string("Ærlig Æøå AS"));

        let regions = get(&root, "regioner");
        assert_eq!(
            slice(regions.span),
            "- navn: \"Øst\"  # kommentar\n    soner: [æ, {å: 1}]\n  - Vest"
        );
        let east = &items(regions)[0];
        assert_eq!(
            slice(east.span),
            "navn: \"Øst\"  # kommentar\n    soner: [æ, {å: 1}]"
        );
        let (name_key, name) = &members(east)[0];
        assert_eq!(slice(name_key.span), "navn");
        assert_eq!(slice(name.span), "\"Øst\"");
        let zones = get(east, "soner");
        assert_eq!(slice(zones.span), "[æ, {å: 1}]");
        let zone = &items(zones)[1];
        assert_eq!(slice(zone.span), "{å: 1}");
        let (å, one) = &members(zone)[0];
        assert_eq!((slice(å.span), å.name.as_str()), ("å", "å"));
        assert_eq!((slice(one.span), &one.value), ("1", &number("1")));
        assert_eq!(slice(items(regions)[1].span), "Vest");

        let names: Vec<_> = members(&root)
            .iter()
            .map(|(k, _)| k.name.as_str())
            .collect();
        assert_eq!(names, ["navn", "regioner", "sist"]);
    }

    #[test]
    fn block_scalars_span_their_text() {
        let text = "a: |\n  første\n  linje\n\nb: 1\n";
        let root = parse(text);
        let a = get(&root, "a");
        assert_eq!(a.value, string("første\nlinje\n"));
        assert_eq!(&text[a.span.range()], "første\n  linje");
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let text = "a: NO\nb: yes\nc: true\nd: False\ne: ~\nf: null\ng:\nh: 2026-09-15\ni: \"99.9\"\nj: '12'\nk: on\n";
        let root = parse(text);
        assert_eq!(get(&root, "a").value, string("NO"));
        assert_eq!(get(&root, "b").value, string("yes"));
        assert_eq!(get(&root, "c").value, DataValue::Bool(true));
        assert_eq!(get(&root, "d").value, DataValue::Bool(false));
        assert_eq!(get(&root, "e").value, DataValue::Null);
        assert_eq!(get(&root, "f").value, DataValue::Null);
        assert_eq!(get(&root, "g").value, DataValue::Null);
        assert_eq!(get(&root, "h").value, string("2026-09-15"));
        assert_eq!(get(&root, "i").value, string("99.9"));
        assert_eq!(get(&root, "j").value, string("12"));
        assert_eq!(get(&root, "k").value, string("on"));
    }

    #[test]
    fn numbers_are_kept_as_written_in_json_form() {
        let text = "- 99.95\n- 10000000000000000000001\n- -12\n- +5\n- 007\n- .5\n- -5.\n\
                    - 1e3\n- 2.5E-3\n- 0x1F\n- 0o17\n- 0\n- 1_000\n- 0x\n";
        let got: Vec<_> = items(&parse(text))
            .iter()
            .map(|n| n.value.clone())
            .collect();
        let expected = [
            number("99.95"),
            number("10000000000000000000001"),
            number("-12"),
            number("5"),
            number("7"),
            number("0.5"),
            number("-5"),
            number("1e3"),
            number("2.5E-3"),
            number("31"),
            number("15"),
            number("0"),
            string("1_000"),
            string("0x"),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn infinity_and_nan_are_refused() {
        for text in ["x: .inf", "x: -.Inf", "x: .NaN"] {
            let e = error(text);
            assert_eq!(e.kind, DataErrorKind::Syntax);
            assert_eq!(
                e.message,
                format!("`{}` is not a number a fact can hold", &text[3..])
            );
            assert_eq!(e.span.range(), 3..4);
        }
    }

    #[test]
    fn aliases_anchors_and_tags_are_refused() {
        let text = "base: &b {x: 1}\nother: *b\n";
        let e = error(text);
        assert_eq!(e.kind, DataErrorKind::Unsupported);
        assert_eq!(e.message, "anchors and aliases are not supported");
        assert_eq!(e.span.range(), 6..7);

        let e = error("a: 1\nb: *nowhere\n");
        assert_eq!(e.kind, DataErrorKind::Unsupported);
        assert_eq!(e.message, "aliases are not supported");
        assert_eq!(e.span.range(), 8..9);

        let e = error("- &a\n- *a\n");
        assert_eq!(e.message, "anchors and aliases are not supported");
        let e = error("&k key: v\n");
        assert_eq!(e.kind, DataErrorKind::Unsupported);

        let e = error("a: !!str 5\n");
        assert_eq!(e.kind, DataErrorKind::Unsupported);
        assert_eq!(e.message, "tags are not supported");
        assert_eq!(e.span.range(), 3..4);
        assert_eq!(
            error("a: !custom\n  b: 1\n").message,
            "tags are not supported"
        );
    }

    #[test]
    fn an_alias_bomb_is_refused_quickly() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..30 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = error(&text);
        assert_eq!(e.kind, DataErrorKind::Unsupported);
    }

    #[test]
    fn only_one_document_is_read() {
        let text = "a: 1\n---\nb: 2\n";
        let e = error(text);
        assert_eq!(e.kind, DataErrorKind::Unsupported);
        assert_eq!(
            e.message,
            "a data file must hold one YAML document, found a second one"
        );
        assert_eq!(e.span.range(), 9..10);
        assert!(parse_yaml(F, "---\na: 1\n...\n").is_ok());
    }

    #[test]
    fn an_empty_document_is_null() {
        for text in [
            "",
            "# only a comment\n",
            "\n\n",
            "---\n",
            "---\n...\n",
            "--- # c\n",
        ] {
            let root = parse(text);
            assert_eq!(root.value, DataValue::Null);
            assert_eq!(root.span, Span::new(F, 0, 0));
        }
        assert_eq!(parse("--- ~\n").span.range(), 4..5);
    }

    #[test]
    fn keys_are_text() {
        let text = "1: one\ntrue: yes\n\"q\": x\n";
        let root = parse(text);
        let names: Vec<_> = members(&root)
            .iter()
            .map(|(k, _)| k.name.as_str())
            .collect();
        assert_eq!(names, ["1", "true", "q"]);
        assert_eq!(&text[members(&root)[2].0.span.range()], "\"q\"");

        let e = error("? [a, b]\n: x\n");
        assert_eq!(e.kind, DataErrorKind::Unsupported);
        assert_eq!(e.message, "a key must be text, found a list");
        assert_eq!(e.span.range(), 2..3);
        let e = error("{a: 1}: x\n");
        assert_eq!(e.message, "a key must be text, found an object");
    }

    #[test]
    fn duplicate_keys_are_refused_at_the_second_key() {
        let text = "a: 1\nb: 2\na: 3\n";
        let e = error(text);
        assert_eq!(e.kind, DataErrorKind::DuplicateKey);
        assert_eq!(e.message, "duplicate key `a`");
        assert_eq!(e.span.range(), 10..11);

        let e = error("{æ: 1, æ: 2}");
        assert_eq!(e.kind, DataErrorKind::DuplicateKey);
        assert_eq!(e.message, "duplicate key `æ`");
        assert_eq!(e.span.range(), 8..10);

        // Different to saphyr (a number and a string), the same name here.
        let text = "1: a\n\"1\": b\n";
        let e = error(text);
        assert_eq!(e.kind, DataErrorKind::DuplicateKey);
        assert_eq!(e.message, "duplicate key `1`");
        assert_eq!(&text[e.span.range()], "\"1\"");
    }

    #[test]
    fn syntax_errors_carry_saphyr_message_at_a_byte_offset() {
        let text = "æøå: b\n  c: d\n";
        let e = error(text);
        assert_eq!(e.kind, DataErrorKind::Syntax);
        assert_eq!(e.message, "mapping values are not allowed in this context");
        assert_eq!(e.span.range(), 13..14);
        assert_eq!(&text[e.span.range()], ":");

        let e = error("a: [1, 2\n");
        assert_eq!(e.kind, DataErrorKind::Syntax);
        assert_eq!(e.span.end as usize, "a: [1, 2\n".len());
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        let text = "\u{feff}ø: æ\n";
        let root = parse(text);
        assert_eq!(root.span.range(), 3..text.len() - 1);
        let (key, value) = &members(&root)[0];
        assert_eq!(&text[key.span.range()], "ø");
        assert_eq!(&text[value.span.range()], "æ");
    }

    #[test]
    fn nesting_beyond_the_limit_is_too_deep() {
        let depth = MAX_DATA_DEPTH;
        let flow_ok = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse_yaml(F, &flow_ok).is_ok());
        let flow = format!("{}{}", "[".repeat(depth + 1), "]".repeat(depth + 1));
        let e = error(&flow);
        assert_eq!(e.kind, DataErrorKind::TooDeep);
        assert_eq!(e.message, "nested deeper than 128 levels");
        assert_eq!(e.span.range(), depth..depth + 1);

        let block = |levels: usize| {
            (0..levels)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect::<String>()
        };
        assert!(parse_yaml(F, &block(depth)).is_ok());
        let e = error(&block(depth + 1));
        assert_eq!(e.kind, DataErrorKind::TooDeep);
    }

    #[test]
    fn hostile_nesting_never_overflows_the_stack() {
        for text in [
            "[".repeat(100_000),
            "{a: ".repeat(100_000),
            "- ".repeat(100_000),
            format!("a:\n{}x", " ".repeat(100_000)),
        ] {
            let e = error(&text);
            assert_eq!(e.kind, DataErrorKind::TooDeep, "{} {e:?}", &text[..10]);
        }
        // The deepest shapes the bound lets through reach the loader.
        let indented = (0..895)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect::<String>();
        let dashes = format!("{}x", "- ".repeat(447));
        let mixed = (0..446)
            .map(|i| format!("{}- k:\n", " ".repeat(2 * i)))
            .collect::<String>();
        let flow = format!("{}{}", "[".repeat(254), "]".repeat(254));
        let deepest = format!("{indented}{}{flow}", " ".repeat(895));
        for text in [indented, dashes, mixed, deepest] {
            assert!(check_nesting_bound(F, &text).is_ok());
            assert_eq!(error(&text).kind, DataErrorKind::TooDeep);
        }
    }

    #[test]
    fn char_offsets_map_to_bytes() {
        let text = "æ".repeat(200) + "x";
        let offsets = CharOffsets::new(&text);
        for i in [0, 1, 63, 64, 65, 199, 200] {
            assert_eq!(offsets.byte(i), 2 * i);
        }
        assert_eq!(offsets.byte(201), text.len());
        assert_eq!(offsets.byte(5000), text.len());
        assert_eq!(CharOffsets::new("abc").byte(2), 2);
    }

    #[test]
    fn core_schema_numbers_in_json_form() {
        assert_eq!(core_schema_number("+0.50e+3").as_deref(), Some("0.50e+3"));
        assert_eq!(core_schema_number("-00.1").as_deref(), Some("-0.1"));
        for bad in ["", "+", ".", "1e", "1e+-2", "1.2.3", "e5", "1f"] {
            assert_eq!(core_schema_number(bad), None, "{bad}");
        }
    }
}
