//! How each report format quotes text from the project, in one place so
//! that every way into a CI log, an XML file or a Markdown comment is
//! reviewed side by side: policy titles, help and vendor values are the
//! author's text, and none may break out of the place it is written in.

/// GitHub workflow commands, as `@actions/core` escapes them
/// (`escapeData`, `escapeProperty`).
pub(super) mod actions {
    /// A command's message: `%`, CR and LF.
    pub(crate) fn data(s: &str) -> String {
        // Other control characters (an escape sequence in a vendor's text) must
        // not reach the CI log, where a terminal would obey them.
        let printable: String = s
            .chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\r' {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect();
        printable
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }

    /// A property value: as [`data`], and also `:` and `,`, which end a value.
    pub(crate) fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
}

/// XML 1.0, for JUnit.
pub(super) mod xml {
    /// Text content: `&`, `<` and `>` as entities (quotes need none there),
    /// and characters XML 1.0 cannot carry at all replaced by U+FFFD. A
    /// carriage return is written as a reference, or parsers would turn it
    /// into a line feed.
    pub(crate) fn text(s: &str) -> String {
        escape(s, false)
    }

    /// An attribute value: as [`text`], and also both quotes, and tab and
    /// line feed as references, which attribute normalisation would turn into
    /// spaces.
    pub(crate) fn attr(s: &str) -> String {
        escape(s, true)
    }

    fn escape(s: &str, in_attribute: bool) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' if in_attribute => out.push_str("&quot;"),
                '\'' if in_attribute => out.push_str("&apos;"),
                '\r' => out.push_str("&#13;"),
                '\n' if in_attribute => out.push_str("&#10;"),
                '\t' if in_attribute => out.push_str("&#9;"),
                '\n' | '\t' => out.push(c),
                c if !xml_char(c) => out.push('\u{FFFD}'),
                c => out.push(c),
            }
        }
        out
    }

    /// Whether XML 1.0 allows the character (its `Char` production).
    fn xml_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    }
}

/// CommonMark, for the Markdown report.
pub(super) mod markdown {
    /// Free text in Markdown: every character that could start emphasis, a
    /// link, a code span, HTML or a table cell is escaped, and line breaks
    /// become spaces so that a list item stays one item.
    pub(crate) fn text(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in one_line(s).chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
        out
    }

    /// A code span that holds any text: its fence is one backtick longer than
    /// the longest run inside, padded with spaces when the text touches a
    /// backtick (CommonMark strips one space each side). Code spans are never
    /// put in the table, so `|` needs no escape here.
    pub(crate) fn code(s: &str) -> String {
        let s = one_line(s);
        if s.is_empty() {
            return String::new();
        }
        let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest + 1);
        let pad = if s.starts_with('`') || s.ends_with('`') || longest > 0 {
            " "
        } else {
            ""
        };
        format!("{fence}{pad}{s}{pad}{fence}")
    }

    /// Text whose author wrote `code` in backticks (help, messages): the
    /// backtick pairs stay code spans, the rest is escaped as [`text`]. With
    /// an odd number of backticks nothing is taken for code.
    pub(crate) fn prose(s: &str) -> String {
        let parts: Vec<&str> = s.split('`').collect();
        if parts.len() % 2 == 0 {
            return text(s);
        }
        parts
            .iter()
            .enumerate()
            .map(|(i, part)| if i % 2 == 1 { code(part) } else { text(part) })
            .collect()
    }

    /// Text inside HTML (`<summary>`), where Markdown escapes do not apply.
    pub(crate) fn html(s: &str) -> String {
        one_line(s)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }

    /// Line breaks would end a list item or a table row.
    fn one_line(s: &str) -> String {
        s.replace("\r\n", " ").replace(['\n', '\r'], " ")
    }
}

#[cfg(test)]
mod tests {
    use super::{actions, markdown, xml};

    /// Each escaper by example: (escaper, input, what it must give).
    #[test]
    fn every_escaper_by_example() {
        type Escaper = fn(&str) -> String;
        let cases: &[(&str, Escaper, &str, &str)] = &[
            // GitHub: as the actions toolkit; `%` first, or the escapes
            // themselves would be escaped again.
            (
                "data",
                actions::data,
                "50% a:b,c\r\nd",
                "50%25 a:b,c%0D%0Ad",
            ),
            (
                "property",
                actions::property,
                "50% a:b,c\r\nd",
                "50%25 a%3Ab%2Cc%0D%0Ad",
            ),
            ("data", actions::data, "%0A", "%250A"),
            // XML: markup escaped, what XML cannot carry dropped.
            ("attr", xml::attr, "a<&\"'>b", "a&lt;&amp;&quot;&apos;&gt;b"),
            ("attr", xml::attr, "x\ny\tz\r", "x&#10;y&#9;z&#13;"),
            ("text", xml::text, "x\ny\tz \"'<", "x\ny\tz \"'&lt;"),
            (
                "text",
                xml::text,
                "a\u{0}b\u{1b}c\u{FFFF}",
                "a\u{FFFD}b\u{FFFD}c\u{FFFD}",
            ),
            ("text", xml::text, "æøå ✓ 😀", "æøå ✓ 😀"),
            // Markdown: code spans hold backticks, free text opens no markup,
            // prose keeps the author's code.
            ("code", markdown::code, "a.b", "`a.b`"),
            ("code", markdown::code, "\"x`y\"", "`` \"x`y\" ``"),
            ("code", markdown::code, "`", "`` ` ``"),
            ("code", markdown::code, "a\nb", "`a b`"),
            (
                "text",
                markdown::text,
                "a|b *c* <details>",
                "a\\|b \\*c\\* &lt;details&gt;",
            ),
            ("html", markdown::html, "<b>&\"", "&lt;b&gt;&amp;&quot;"),
            ("prose", markdown::prose, "set `a.b` now", "set `a.b` now"),
            ("prose", markdown::prose, "odd ` tick", "odd \\` tick"),
            (
                "prose",
                markdown::prose,
                "`<x>` and <y>",
                "`<x>` and &lt;y&gt;",
            ),
        ];
        for (name, escape, input, want) in cases {
            assert_eq!(escape(input), *want, "{name}({input:?})");
        }
    }
}
