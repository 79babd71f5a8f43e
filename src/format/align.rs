//! Columns: in a run of neighbouring one-line members, the descriptions
//! of declarations, the evidence of facts and the trailing comments line
//! up, as gofmt lines up comments and struct fields.

use super::doc::Doc;

/// One entry of a block's body, before alignment.
pub(crate) enum Entry {
    /// A line break, an empty line, or nothing (before a file's first item).
    Separator(Doc),
    /// A comment between lines (on its own line, or after a `{`).
    Comment(Doc),
    /// A line of one node, in cells: the head, the aligned tail and a
    /// trailing comment (its text after `//`).
    Cells {
        head: String,
        tail: Option<String>,
        comment: Option<String>,
    },
    /// A node over several lines, and its trailing comment.
    Other(Doc, Option<Doc>),
}

/// A one-line entry waiting for its run to end, with the separator
/// before it.
struct Row {
    separator: Option<Doc>,
    head: String,
    tail: Option<String>,
    comment: Option<String>,
}

/// The body's documents, with the cells of each run of neighbouring
/// one-line entries aligned: tails one space after the longest head,
/// trailing comments one space after the longest line. An empty line, a
/// comment line or a longer node ends a run.
pub(crate) fn align(entries: Vec<Entry>) -> Vec<Doc> {
    let mut out = Vec::new();
    let mut run: Vec<Row> = Vec::new();
    let mut separator: Option<Doc> = None;
    for entry in entries {
        match entry {
            Entry::Separator(d) => {
                if matches!(d, Doc::Blank) {
                    flush(&mut run, &mut out);
                }
                out.extend(separator.take());
                separator = Some(d);
            }
            Entry::Cells {
                head,
                tail,
                comment,
            } => run.push(Row {
                separator: separator.take(),
                head,
                tail,
                comment,
            }),
            Entry::Comment(d) => {
                flush(&mut run, &mut out);
                out.extend(separator.take());
                out.push(d);
            }
            Entry::Other(d, comment) => {
                flush(&mut run, &mut out);
                out.extend(separator.take());
                out.push(d);
                out.extend(comment);
            }
        }
    }
    flush(&mut run, &mut out);
    out.extend(separator);
    out
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// Writes out a run of rows, aligned.
fn flush(run: &mut Vec<Row>, out: &mut Vec<Doc>) {
    let head_col = run
        .iter()
        .filter(|r| r.tail.is_some())
        .map(|r| width(&r.head))
        .max()
        .unwrap_or(0);
    let lines: Vec<(Option<Doc>, String, Option<String>)> = run
        .drain(..)
        .map(|r| {
            let line = match r.tail {
                Some(t) => format!("{:<head_col$} {t}", r.head),
                None => r.head,
            };
            (r.separator, line, r.comment)
        })
        .collect();
    let comment_col = lines
        .iter()
        .filter(|l| l.2.is_some())
        .map(|l| width(&l.1))
        .max()
        .unwrap_or(0);
    for (separator, line, comment) in lines {
        out.extend(separator);
        out.push(Doc::Text(match comment {
            Some(c) => format!("{line:<comment_col$} //{}", c.trim_end()),
            None => line,
        }));
    }
}
