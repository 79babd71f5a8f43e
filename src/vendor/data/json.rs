//! A strict RFC 8259 JSON reader written by hand, because facts need a span
//! on every value and numbers exactly as written, which serde_json gives
//! neither of.
//!
//! The reader keeps open arrays and objects on an explicit stack instead of
//! recursing, so a hostile file can only make it return `TooDeep`, never
//! overflow the thread's stack.

use std::collections::HashSet;

use super::{DataError, DataErrorKind, DataKey, DataNode, DataValue, MAX_DATA_DEPTH};
use crate::source::{FileId, Span};

/// From this many keys on, an object's keys are kept in a hash set to find
/// a repeated one; below, a search of the keys read is faster.
const MANY_KEYS: usize = 16;

/// Reads `text` as one JSON value.
pub fn parse_json(file: FileId, text: &str) -> Result<DataNode, DataError> {
    Reader { file, text, pos: 0 }.document()
}

/// An array or object whose closing bracket has not been read yet.
enum Open {
    Array {
        start: usize,
        items: Vec<DataNode>,
    },
    Object {
        start: usize,
        members: Vec<(DataKey, DataNode)>,
        /// The key whose value is being read.
        key: DataKey,
        /// The keys so far, once there are many; a few are searched in
        /// `members` instead (a vendor's objects have a handful of keys).
        names: Option<HashSet<String>>,
    },
}

struct Reader<'t> {
    file: FileId,
    text: &'t str,
    pos: usize,
}

impl Reader<'_> {
    fn document(mut self) -> Result<DataNode, DataError> {
        if self.text.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        let root = self.value_tree()?;
        self.skip_whitespace();
        match self.peek() {
            None => Ok(root),
            Some(c) => Err(self.error_here(format!(
                "expected the end of the input after the value, found {}",
                describe(c)
            ))),
        }
    }

    /// Reads one value with everything nested in it.
    fn value_tree(&mut self) -> Result<DataNode, DataError> {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            // Either a whole value is finished, or a bracket was opened and
            // the loop goes on to read the first thing inside it.
            self.skip_whitespace();
            let mut done = match self.peek() {
                Some('[') => {
                    self.open_depth_check(stack.len())?;
                    let start = self.pos;
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(']') {
                        self.pos += 1;
                        self.node(DataValue::Array(Vec::new()), start)
                    } else {
                        stack.push(Open::Array {
                            start,
                            items: Vec::new(),
                        });
                        continue;
                    }
                }
                Some('{') => {
                    self.open_depth_check(stack.len())?;
                    let start = self.pos;
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some('}') {
                        self.pos += 1;
                        self.node(DataValue::Object(Vec::new()), start)
                    } else {
                        let key = self.member_key()?;
                        let names = None;
                        stack.push(Open::Object {
                            start,
                            members: Vec::new(),
                            key,
                            names,
                        });
                        continue;
                    }
                }
                _ => self.scalar()?,
            };

            // Hand the finished value to the innermost open container; when
            // that closes too, hand it on, until one needs another value.
            loop {
                let Some(open) = stack.last_mut() else {
                    return Ok(done);
                };
                match open {
                    Open::Array { start, items } => {
                        items.push(done);
                        self.skip_whitespace();
                        match self.peek() {
                            Some(',') => {
                                self.pos += 1;
                                break;
                            }
                            Some(']') => {
                                self.pos += 1;
                                let start = *start;
                                let items = std::mem::take(items);
                                stack.pop();
                                done = self.node(DataValue::Array(items), start);
                            }
                            found => {
                                return Err(self.expected("`,` or `]` after a list item", found))
                            }
                        }
                    }
                    Open::Object {
                        start,
                        members,
                        key,
                        names,
                    } => {
                        // The key is replaced by the next member's, if any.
                        let this_key = std::mem::replace(key, empty_key(self.file));
                        members.push((this_key, done));
                        self.skip_whitespace();
                        match self.peek() {
                            Some(',') => {
                                self.pos += 1;
                                self.skip_whitespace();
                                let next = self.member_key()?;
                                if names.is_none() && members.len() >= MANY_KEYS {
                                    *names =
                                        Some(members.iter().map(|(k, _)| k.name.clone()).collect());
                                }
                                let repeated = match names {
                                    Some(set) => !set.insert(next.name.clone()),
                                    None => members.iter().any(|(k, _)| k.name == next.name),
                                };
                                if repeated {
                                    return Err(DataError {
                                        message: format!("duplicate key `{}`", next.name),
                                        span: next.span,
                                        kind: DataErrorKind::DuplicateKey,
                                    });
                                }
                                *key = next;
                                break;
                            }
                            Some('}') => {
                                self.pos += 1;
                                let start = *start;
                                let members = std::mem::take(members);
                                stack.pop();
                                done = self.node(DataValue::Object(members), start);
                            }
                            found => {
                                return Err(
                                    self.expected("`,` or `}` after an object member", found)
                                )
                            }
                        }
                    }
                }
            }
        }
    }

    /// Refuses to open one more array or object inside `open` others.
    fn open_depth_check(&self, open: usize) -> Result<(), DataError> {
        if open >= MAX_DATA_DEPTH {
            return Err(DataError {
                message: format!("nested deeper than {MAX_DATA_DEPTH} levels"),
                span: self.char_span(self.pos),
                kind: DataErrorKind::TooDeep,
            });
        }
        Ok(())
    }

    /// Reads `"name" :` and leaves the reader at the member's value.
    fn member_key(&mut self) -> Result<DataKey, DataError> {
        if self.peek() == Some('}') && self.after_comma() {
            return Err(self.trailing_comma());
        }
        if self.peek() != Some('"') {
            return Err(self.expected("a string as the key of an object member", self.peek()));
        }
        let start = self.pos;
        let name = self.string()?;
        let span = Span::new(self.file, start, self.pos);
        self.skip_whitespace();
        if self.peek() != Some(':') {
            return Err(self.expected("`:` after an object key", self.peek()));
        }
        self.pos += 1;
        Ok(DataKey { name, span })
    }

    /// Reads a string, number, `true`, `false` or `null`.
    fn scalar(&mut self) -> Result<DataNode, DataError> {
        let start = self.pos;
        let value = match self.peek() {
            Some('"') => DataValue::String(self.string()?),
            Some('-' | '0'..='9') => DataValue::Number(self.number()?),
            Some(_) => {
                let rest = self.rest();
                let word_len = rest
                    .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .unwrap_or(rest.len());
                let word = rest.get(..word_len).unwrap_or_default();
                let value = match word {
                    "true" => DataValue::Bool(true),
                    "false" => DataValue::Bool(false),
                    "null" => DataValue::Null,
                    "" if self.after_comma() && matches!(self.peek(), Some(']' | '}')) => {
                        return Err(self.trailing_comma())
                    }
                    "" => return Err(self.expected("a value", self.peek())),
                    _ => return Err(self.error_here(format!("expected a value, found `{word}`"))),
                };
                self.pos += word_len;
                value
            }
            None => return Err(self.expected("a value", None)),
        };
        Ok(self.node(value, start))
    }

    /// Reads a string literal; the reader is at its opening quote.
    fn string(&mut self) -> Result<String, DataError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            // Copy the run of characters that need no decoding in one go.
            let rest = self.rest();
            let plain = rest
                .find(|c: char| c == '"' || c == '\\' || c < ' ')
                .unwrap_or(rest.len());
            out.push_str(rest.get(..plain).unwrap_or_default());
            self.pos += plain;
            match self.peek() {
                Some('"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') => out.push(self.escape()?),
                Some(c) => {
                    return Err(self.error_here(format!(
                        "control character {} must be escaped in a string",
                        describe(c)
                    )))
                }
                None => return Err(self.expected("`\"` to close the string", None)),
            }
        }
    }

    /// Decodes one escape; the reader is at its backslash.
    fn escape(&mut self) -> Result<char, DataError> {
        let backslash = self.pos;
        self.pos += 1;
        let decoded = match self.peek() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                self.pos += 1;
                return self.unicode_escape(backslash);
            }
            Some(c) => {
                return Err(self.error_here(format!("unknown escape `\\{c}` in a string")));
            }
            None => return Err(self.expected("an escaped character", None)),
        };
        self.pos += 1;
        Ok(decoded)
    }

    /// Decodes `\uXXXX`, joining a surrogate pair into one character; the
    /// reader is just after the `u`.
    fn unicode_escape(&mut self, backslash: usize) -> Result<char, DataError> {
        let lone = |reader: &Self| DataError {
            message: "a `\\u` escape names half of a surrogate pair without the other half"
                .to_string(),
            span: reader.char_span(backslash),
            kind: DataErrorKind::Syntax,
        };
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.rest().starts_with("\\u") {
                    return Err(lone(self));
                }
                let second_backslash = self.pos;
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(DataError {
                        span: self.char_span(second_backslash),
                        ..lone(self)
                    });
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(lone(self)),
            _ => first,
        };
        char::from_u32(code).ok_or_else(|| lone(self))
    }

    fn hex4(&mut self) -> Result<u32, DataError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|c| c.to_digit(16));
            let Some(digit) = digit else {
                return Err(self.expected("four hexadecimal digits after `\\u`", self.peek()));
            };
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }

    /// Checks the JSON number grammar and returns the number as written.
    fn number(&mut self) -> Result<String, DataError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        match self.peek() {
            Some('0') => {
                self.pos += 1;
                if matches!(self.peek(), Some('0'..='9')) {
                    return Err(self.error_here(
                        "a number must not start with `0` followed by more digits".to_string(),
                    ));
                }
            }
            Some('1'..='9') => self.digits(),
            found => return Err(self.expected("a digit", found)),
        }
        if self.peek() == Some('.') {
            self.pos += 1;
            if !matches!(self.peek(), Some('0'..='9')) {
                return Err(self.expected("a digit after the decimal point", self.peek()));
            }
            self.digits();
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some('0'..='9')) {
                return Err(self.expected("a digit in the exponent", self.peek()));
            }
            self.digits();
        }
        Ok(self
            .text
            .get(start..self.pos)
            .unwrap_or_default()
            .to_string())
    }

    fn digits(&mut self) {
        let rest = self.rest();
        self.pos += rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
    }

    fn skip_whitespace(&mut self) {
        let rest = self.rest();
        self.pos += rest
            .find(|c: char| !matches!(c, ' ' | '\t' | '\n' | '\r'))
            .unwrap_or(rest.len());
    }

    /// The text not read yet; `pos` only ever moves over whole characters.
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn node(&self, value: DataValue, start: usize) -> DataNode {
        DataNode {
            value,
            span: Span::new(self.file, start, self.pos),
        }
    }

    /// The character at `at`, or the empty end of the input.
    fn char_span(&self, at: usize) -> Span {
        let len = self
            .text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        Span::new(self.file, at, at + len)
    }

    fn error_here(&self, message: String) -> DataError {
        DataError {
            message,
            span: self.char_span(self.pos),
            kind: DataErrorKind::Syntax,
        }
    }

    /// Whether the last character before the reader, white space aside,
    /// is a `,`: then a closing bracket here ends a list or object with a
    /// trailing comma, which JSON does not allow.
    fn after_comma(&self) -> bool {
        self.text
            .get(..self.pos)
            .and_then(|before| before.trim_end().chars().last())
            == Some(',')
    }

    fn trailing_comma(&self) -> DataError {
        let closer = self.peek().map(describe).unwrap_or_default();
        let comma = self
            .text
            .get(..self.pos)
            .map(|before| before.trim_end().len().saturating_sub(1))
            .unwrap_or(self.pos);
        DataError {
            message: format!("a trailing comma: JSON allows no `,` before {closer}"),
            span: self.char_span(comma),
            kind: DataErrorKind::Syntax,
        }
    }

    fn expected(&self, what: &str, found: Option<char>) -> DataError {
        let found = match found {
            Some(c) => describe(c),
            None => "the end of the input".to_string(),
        };
        self.error_here(format!("expected {what}, found {found}"))
    }
}

/// Names a character for a message, escaping it when it would not show.
fn describe(c: char) -> String {
    if c.is_control() || c == '\u{feff}' {
        format!("`{}`", c.escape_default())
    } else {
        format!("`{c}`")
    }
}

fn empty_key(file: FileId) -> DataKey {
    DataKey {
        name: String::new(),
        span: Span::new(file, 0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(3);

    fn parse(text: &str) -> DataNode {
        parse_json(F, text).unwrap()
    }

    fn error(text: &str) -> DataError {
        parse_json(F, text).unwrap_err()
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.range()]
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
            other => panic!("not an array: {other:?}"),
        }
    }

    #[test]
    fn nested_values_and_keys_carry_their_spans() {
        let text = r#" { "vendor" : { "name": "Æther", "tags": [1, true, null] } , "x": {} } "#;
        let root = parse(text);
        assert_eq!(root.span.file, F);
        assert_eq!(slice(text, root.span), &text[1..text.len() - 1]);
        let top = members(&root);
        assert_eq!(top[0].0.name, "vendor");
        assert_eq!(slice(text, top[0].0.span), r#""vendor""#);
        let vendor = &top[0].1;
        assert!(slice(text, vendor.span).starts_with(r#"{ "name""#));
        assert!(slice(text, vendor.span).ends_with("] }"));
        let inner = members(vendor);
        assert_eq!(slice(text, inner[0].0.span), r#""name""#);
        assert_eq!(inner[0].1.value, DataValue::String("Æther".into()));
        assert_eq!(slice(text, inner[0].1.span), r#""Æther""#);
        let tags = items(&inner[1].1);
        assert_eq!(slice(text, inner[1].1.span), "[1, true, null]");
        assert_eq!(slice(text, tags[1].span), "true");
        assert_eq!(tags[1].value, DataValue::Bool(true));
        assert_eq!(tags[2].value, DataValue::Null);
        assert_eq!(slice(text, top[1].1.span), "{}");
        assert_eq!(top[1].1.value, DataValue::Object(vec![]));
    }

    #[test]
    fn keys_keep_the_order_written() {
        let root = parse(r#"{"b": 1, "a": 2, "c": 3}"#);
        let names: Vec<_> = members(&root)
            .iter()
            .map(|(k, _)| k.name.as_str())
            .collect();
        assert_eq!(names, ["b", "a", "c"]);
    }

    #[test]
    fn numbers_are_kept_exactly_as_written() {
        let text = "[99.95, 10000000000000000000001, -0, 0.1e-7, 1E+2, 5]";
        let numbers: Vec<_> = items(&parse(text))
            .iter()
            .map(|n| n.value.clone())
            .collect();
        let expected = [
            "99.95",
            "10000000000000000000001",
            "-0",
            "0.1e-7",
            "1E+2",
            "5",
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|s| DataValue::Number(s.to_string()))
            .collect();
        assert_eq!(numbers, expected);
    }

    #[test]
    fn numbers_outside_the_grammar_are_refused() {
        for (text, message, at) in [
            (
                "01",
                "a number must not start with `0` followed by more digits",
                1,
            ),
            ("-", "expected a digit, found the end of the input", 1),
            ("-a", "expected a digit, found `a`", 1),
            (
                "1.",
                "expected a digit after the decimal point, found the end of the input",
                2,
            ),
            (".5", "expected a value, found `.`", 0),
            (
                "1e",
                "expected a digit in the exponent, found the end of the input",
                2,
            ),
            ("+1", "expected a value, found `+`", 0),
            ("NaN", "expected a value, found `NaN`", 0),
            (
                "[1.5x]",
                "expected `,` or `]` after a list item, found `x`",
                4,
            ),
        ] {
            let e = error(text);
            assert_eq!(e.message, message, "{text}");
            assert_eq!(e.kind, DataErrorKind::Syntax);
            assert_eq!(e.span.start as usize, at, "{text}");
        }
    }

    #[test]
    fn string_escapes_are_decoded() {
        let root = parse(r#""a\"b\\c\/d\b\f\n\r\t\u00e6\u00C5\ud83d\ude00""#);
        assert_eq!(
            root.value,
            DataValue::String("a\"b\\c/d\u{8}\u{c}\n\r\tæÅ😀".into())
        );
    }

    #[test]
    fn lone_surrogates_are_a_syntax_error() {
        for (text, at) in [
            (r#""x\ud800""#, 2),
            (r#""x\ud800\u0041""#, 8),
            (r#""x\udc00\ud800""#, 2),
            (r#""\ud800x""#, 1),
        ] {
            let e = error(text);
            assert_eq!(e.kind, DataErrorKind::Syntax, "{text}");
            assert!(e.message.contains("surrogate"), "{}", e.message);
            assert_eq!((e.span.start as usize, e.span.len()), (at, 1), "{text}");
        }
    }

    #[test]
    fn bad_strings_are_refused() {
        let e = error("\"a\nb\"");
        assert_eq!(
            e.message,
            "control character `\\n` must be escaped in a string"
        );
        assert_eq!(e.span.range(), 2..3);
        let e = error(r#""\q""#);
        assert_eq!(e.message, "unknown escape `\\q` in a string");
        assert_eq!(e.span.range(), 2..3);
        let e = error(r#""\u12G4""#);
        assert_eq!(
            e.message,
            "expected four hexadecimal digits after `\\u`, found `G`"
        );
        assert_eq!(e.span.range(), 5..6);
        let e = error(r#"{"a": "open"#);
        assert_eq!(
            e.message,
            "expected `\"` to close the string, found the end of the input"
        );
        assert_eq!(e.span.range(), 11..11);
    }

    #[test]
    fn syntax_errors_point_at_the_offending_character() {
        let text = r#"{"a": 1 ]"#;
        let e = error(text);
        assert_eq!(
            e.message,
            "expected `,` or `}` after an object member, found `]`"
        );
        assert_eq!(e.span, Span::new(F, 8, 9));
        assert_eq!(e.kind, DataErrorKind::Syntax);

        // A trailing comma is named, at the comma.
        let e = error("[1,]");
        assert_eq!(e.message, "a trailing comma: JSON allows no `,` before `]`");
        assert_eq!(e.span.range(), 2..3);
        let e = error("{\"a\": 1 ,\n }");
        assert_eq!(e.message, "a trailing comma: JSON allows no `,` before `}`");
        assert_eq!(e.span.range(), 8..9);
        // A missing value after a key is not a trailing comma.
        let e = error("{\"a\": }");
        assert_eq!(e.message, "expected a value, found `}`");

        let e = error("[1 2]");
        assert_eq!(
            e.message,
            "expected `,` or `]` after a list item, found `2`"
        );

        let e = error("{\"a\" 1}");
        assert_eq!(e.message, "expected `:` after an object key, found `1`");

        let e = error("{a: 1}");
        assert_eq!(
            e.message,
            "expected a string as the key of an object member, found `a`"
        );

        let e = error("[1, 2");
        assert_eq!(
            e.message,
            "expected `,` or `]` after a list item, found the end of the input"
        );
        assert_eq!(e.span.range(), 5..5);

        let e = error("{} x");
        assert_eq!(
            e.message,
            "expected the end of the input after the value, found `x`"
        );
        assert_eq!(e.span.range(), 3..4);

        let e = error("   ");
        assert_eq!(e.message, "expected a value, found the end of the input");
        assert_eq!(e.span.range(), 3..3);

        let e = error("[tru]");
        assert_eq!(e.message, "expected a value, found `tru`");
        assert_eq!(e.span.range(), 1..2);
    }

    #[test]
    fn error_spans_cover_a_whole_non_ascii_character() {
        let text = "{\"a\": 1 æ}";
        let e = error(text);
        assert_eq!(e.span.range(), 8..10);
        assert_eq!(&text[e.span.range()], "æ");
    }

    #[test]
    fn duplicate_keys_are_refused_at_the_second_key() {
        let text = r#"{"a": 1, "b": {"a": 2}, "\u0061": 3}"#;
        let e = error(text);
        assert_eq!(e.kind, DataErrorKind::DuplicateKey);
        assert_eq!(e.message, "duplicate key `a`");
        assert_eq!(&text[e.span.range()], r#""\u0061""#);
    }

    #[test]
    fn nesting_is_limited_without_recursion() {
        let ok = format!(
            "{}{}",
            "[".repeat(MAX_DATA_DEPTH),
            "]".repeat(MAX_DATA_DEPTH)
        );
        assert!(parse_json(F, &ok).is_ok());

        let text = format!(
            "{}{}",
            "[".repeat(MAX_DATA_DEPTH + 1),
            "]".repeat(MAX_DATA_DEPTH + 1)
        );
        let e = error(&text);
        assert_eq!(e.kind, DataErrorKind::TooDeep);
        assert_eq!(e.span.range(), MAX_DATA_DEPTH..MAX_DATA_DEPTH + 1);
        assert_eq!(e.message, "nested deeper than 128 levels");

        let e = error(&"[".repeat(100_000));
        assert_eq!(e.kind, DataErrorKind::TooDeep);
        let e = error(&"{\"a\":".repeat(100_000));
        assert_eq!(e.kind, DataErrorKind::TooDeep);
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        let text = "\u{feff}{\"å\": \"ø\"}";
        let root = parse(text);
        assert_eq!(root.span.start, 3);
        let member = &members(&root)[0];
        assert_eq!(member.0.name, "å");
        assert_eq!(&text[member.0.span.range()], "\"å\"");
        assert_eq!(&text[member.1.span.range()], "\"ø\"");

        // Only at the start: anywhere else it is an unexpected character.
        let e = error("[\u{feff}1]");
        assert_eq!(e.message, "expected a value, found `\\u{feff}`");
    }

    #[test]
    fn any_value_may_be_the_root() {
        assert_eq!(parse(" \"x\" ").value, DataValue::String("x".into()));
        assert_eq!(parse("null").value, DataValue::Null);
        assert_eq!(parse("\t42\n").span.range(), 1..3);
    }
}
