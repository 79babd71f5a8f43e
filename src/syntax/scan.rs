//! A pass over the raw text before pest runs. It finds what pest reports
//! badly or cannot survive: unterminated strings, unbalanced delimiters
//! (pointing at the opener, as a reader wants), and nesting so deep that a
//! recursive parser would overflow its stack.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

use crate::limits::MAX_NESTING;

/// Checks the text; returns every problem found, or nothing when pest can
/// be run safely.
#[cfg(test)]
pub fn prescan(file: FileId, text: &str) -> Vec<Diagnostic> {
    scan(file, text).diags
}

/// What the pre-pass found.
pub struct Prescan {
    pub diags: Vec<Diagnostic>,
    /// The offset of a closing delimiter that closes nothing. The text
    /// before it is balanced and shallow, so pest can safely read it, and
    /// often knows better where the mistake is: a `}` that closes nothing
    /// usually means that a `{` was left out further up.
    pub stray_closer: Option<usize>,
}

/// [`prescan`], telling also where a stray closing delimiter stands.
pub fn scan(file: FileId, text: &str) -> Prescan {
    let diags = Vec::new();
    let mut found = Prescan {
        diags,
        stray_closer: None,
    };
    scan_into(file, text, &mut found);
    found
}

fn scan_into(file: FileId, text: &str, found: &mut Prescan) {
    let diags = &mut found.diags;
    let bytes = text.as_bytes();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    // Pairs of `{` and `}` as matched, to guess which `{` lacks its `}`.
    let mut closed_braces: Vec<(usize, usize)> = Vec::new();
    // After an unterminated string the brackets cannot be trusted: the
    // string may have swallowed one. Only strings are reported then.
    let mut strings_only = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                let start = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None | Some(b'\n') | Some(b'\r') => {
                            diags.push(
                                Diagnostic::error(Code::UnterminatedString, "unterminated string")
                                    .primary(
                                        Span::new(file, start, i),
                                        "this string is never closed",
                                    ),
                            );
                            strings_only = true;
                            break;
                        }
                        // An escape never takes the line break: the string
                        // ends unterminated there, as the grammar sees it.
                        Some(b'\\') if !matches!(bytes.get(i + 1), Some(b'\n') | Some(b'\r')) => {
                            i += 2
                        }
                        Some(b'\\') => i += 1,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                continue;
            }
            _ if strings_only => {}
            open @ (b'(' | b'[' | b'{') => {
                stack.push((open, i));
                if stack.len() > MAX_NESTING {
                    diags.push(
                        Diagnostic::error(
                            Code::TooDeep,
                            format!("brackets are nested more than {MAX_NESTING} deep"),
                        )
                        .primary(Span::new(file, i, i + 1), "too deep here"),
                    );
                    return;
                }
            }
            close @ (b')' | b']' | b'}') => {
                let want = match close {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    Some((open, at)) if open == want => {
                        if open == b'{' {
                            closed_braces.push((at, i));
                        }
                    }
                    Some((open, at)) => {
                        diags.push(
                            Diagnostic::error(
                                Code::UnclosedDelimiter,
                                format!("mismatched closing delimiter `{}`", close as char),
                            )
                            .primary(Span::new(file, i, i + 1), "this does not close the opener")
                            .secondary(
                                Span::new(file, at, at + 1),
                                format!("`{}` opened here", open as char),
                            ),
                        );
                        return;
                    }
                    None => {
                        diags.push(
                            Diagnostic::error(
                                Code::UnclosedDelimiter,
                                format!("unexpected closing delimiter `{}`", close as char),
                            )
                            .primary(Span::new(file, i, i + 1), "nothing is open here"),
                        );
                        found.stray_closer = Some(i);
                        return;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    if strings_only {
        return;
    }
    if let Some(&(open, at)) = stack.last() {
        let mut d = Diagnostic::error(
            Code::UnclosedDelimiter,
            format!("unclosed delimiter `{}`", open as char),
        )
        .primary(Span::new(file, at, at + 1), "this is never closed")
        .secondary(
            Span::new(file, text.len(), text.len()),
            "the file ends here",
        );
        // When a `}` is forgotten, the next one closes the wrong item. The
        // first pair whose `}` is indented unlike its `{` line is the likely
        // place, as a reader sees it.
        if let Some((o, c)) = closed_braces
            .iter()
            .filter(|(o, _)| *o > at)
            .min_by_key(|(o, _)| *o)
            .filter(|(o, c)| indent_of(text, *o) != indent_of(text, *c) && starts_line(text, *c))
        {
            d = d
                .secondary(
                    Span::new(file, *o, *o + 1),
                    "perhaps this `{` is the one that lacks its `}`",
                )
                .secondary(
                    Span::new(file, *c, *c + 1),
                    "this `}` is indented like an outer block",
                );
        }
        diags.push(d);
    }
}

/// Where the line that holds `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|t| t.rfind('\n'))
        .map(|p| p + 1)
        .unwrap_or(0)
}

/// The indentation of the line that holds `at`.
fn indent_of(text: &str, at: usize) -> usize {
    text.get(line_start(text, at)..)
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .unwrap_or(0)
}

/// Whether only white space stands before `at` on its line.
fn starts_line(text: &str, at: usize) -> bool {
    text.get(line_start(text, at)..at)
        .is_some_and(|t| t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        prescan(FileId(0), text)
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    #[test]
    fn brackets_inside_strings_and_comments_do_not_count() {
        assert!(codes("x { \"}\" // }\n }").is_empty());
        assert!(codes("x \"a\\\"}\" {}").is_empty());
    }

    #[test]
    fn finds_unclosed_mismatched_and_unterminated() {
        assert_eq!(codes("policy p \"t\" {"), ["K0002"]);
        assert_eq!(codes("( ]"), ["K0002"]);
        assert_eq!(codes("x = \"abc\ny = 1"), ["K0003"]);
    }

    #[test]
    fn a_forgotten_brace_points_at_the_likely_block() {
        let text = "policy p \"t\" {\n  requirement r \"x\" {\n    severity low\n    require a\n\n  requirement s \"y\" {\n    severity low\n  }\n}\n";
        let d = prescan(FileId(0), text);
        assert_eq!(d.len(), 1);
        let opener = text.find("requirement r").unwrap() + "requirement r \"x\" ".len();
        assert!(
            d[0].labels.iter().any(|l| l.span.start as usize == opener),
            "{:?}",
            d[0].labels
        );
    }

    #[test]
    fn an_unterminated_string_hides_later_brackets() {
        assert_eq!(codes("policy p \"t {\n }"), ["K0003"]);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "(".repeat(100_000);
        assert_eq!(codes(&deep), ["K3009"]);
    }
}
