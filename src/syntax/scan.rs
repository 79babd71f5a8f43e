//! A pass over the raw text before pest runs. It finds what pest reports
//! badly or cannot survive: unterminated strings, unbalanced delimiters
//! (pointing at the opener, as a reader wants), and nesting so deep that a
//! recursive parser would overflow its stack.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Deepest nesting of `(`, `[` and `{` a file may have.
pub const MAX_NESTING: usize = 64;

/// Checks the text; returns every problem found, or nothing when pest can
/// be run safely.
pub fn prescan(file: FileId, text: &str) -> Vec<Diagnostic> {
    let bytes = text.as_bytes();
    let mut diags = Vec::new();
    let mut stack: Vec<(u8, usize)> = Vec::new();
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
                            let end = i;
                            diags.push(
                                Diagnostic::error(Code::UnterminatedString, "unterminated string")
                                    .primary(
                                        Span::new(file, start, end),
                                        "this string is never closed",
                                    ),
                            );
                            break;
                        }
                        Some(b'\\') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                continue;
            }
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
                    return diags;
                }
            }
            close @ (b')' | b']' | b'}') => {
                let want = match close {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    Some((open, _)) if open == want => {}
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
                        return diags;
                    }
                    None => {
                        diags.push(
                            Diagnostic::error(
                                Code::UnclosedDelimiter,
                                format!("unexpected closing delimiter `{}`", close as char),
                            )
                            .primary(Span::new(file, i, i + 1), "nothing is open here"),
                        );
                        return diags;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    if diags.is_empty() {
        if let Some(&(open, at)) = stack.last() {
            diags.push(
                Diagnostic::error(
                    Code::UnclosedDelimiter,
                    format!("unclosed delimiter `{}`", open as char),
                )
                .primary(Span::new(file, at, at + 1), "this is never closed")
                .secondary(
                    Span::new(file, text.len(), text.len()),
                    "the file ends here",
                ),
            );
        }
    }
    diags
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
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "(".repeat(100_000);
        assert_eq!(codes(&deep), ["K3009"]);
    }
}
