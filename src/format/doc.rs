//! A small document algebra and its printer, after Wadler's "prettier
//! printer" and Prettier's: a layout is built as [`Doc`] and printed at a
//! width, each group flat when it fits on the line and broken otherwise.
//!
//! Two things are particular to a language with line comments. A comment
//! ends its line, so a group holding one always breaks, and whatever is
//! printed after a comment starts on a new line (never on the comment's
//! line, which would comment it out). And lines never end in spaces.

/// A layout.
#[derive(Clone, Debug)]
pub(crate) enum Doc {
    /// Text without line breaks.
    Text(String),
    /// A space when its group is flat, a line break when it is broken.
    Line,
    /// Nothing when its group is flat, a line break when it is broken.
    SoftLine,
    /// Always a line break.
    Hard,
    /// Always a line break after one empty line.
    Blank,
    /// A `//` comment (`text` is what follows `//`). A trailing comment
    /// stays on the line of what precedes it; another starts its own line.
    Comment {
        text: String,
        trailing: bool,
    },
    /// The lines inside start one level deeper.
    Indent(Box<Doc>),
    /// Flat if it fits, else broken; `breaks` when it holds a line that
    /// must break (a comment, a hard line), which breaks it in any case.
    Group {
        doc: Box<Doc>,
        breaks: bool,
    },
    /// Text printed only when the enclosing group is broken (a trailing
    /// comma).
    IfBroken(&'static str),
    Concat(Vec<Doc>),
}

/// One level of indentation.
pub(crate) const INDENT: usize = 2;

impl Doc {
    pub(crate) fn text(s: impl Into<String>) -> Doc {
        Doc::Text(s.into())
    }

    pub(crate) fn indent(doc: Doc) -> Doc {
        Doc::Indent(Box::new(doc))
    }

    pub(crate) fn group(doc: Doc) -> Doc {
        let breaks = doc.must_break();
        Doc::Group {
            doc: Box::new(doc),
            breaks,
        }
    }

    /// Whether the document holds something that ends a line whatever the
    /// width.
    pub(crate) fn must_break(&self) -> bool {
        match self {
            Doc::Hard | Doc::Blank | Doc::Comment { .. } => true,
            Doc::Text(_) | Doc::Line | Doc::SoftLine | Doc::IfBroken(_) => false,
            Doc::Indent(d) => d.must_break(),
            Doc::Group { breaks, .. } => *breaks,
            Doc::Concat(ds) => ds.iter().any(Doc::must_break),
        }
    }

    /// The document on one line, unless it must break.
    pub(crate) fn flat(&self) -> Option<String> {
        if self.must_break() {
            return None;
        }
        let text = self.print(usize::MAX / 4);
        let line = text.strip_suffix('\n').unwrap_or(&text);
        (!line.contains('\n')).then(|| line.to_string())
    }

    /// Prints the document at `width` columns.
    pub(crate) fn print(&self, width: usize) -> String {
        let mut p = Printer {
            out: String::new(),
            width,
            col: 0,
            at_line_start: true,
            indent_of_line: 0,
            after_comment: false,
        };
        p.run(self);
        let trimmed = p.out.trim_end_matches([' ', '\n']).len();
        p.out.truncate(trimmed);
        p.out.push('\n');
        p.out
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Flat,
    Broken,
}

struct Printer {
    out: String,
    width: usize,
    /// The column where the next character goes.
    col: usize,
    /// Nothing printed on this line yet: its indentation is written with
    /// its first character, so empty lines stay empty.
    at_line_start: bool,
    indent_of_line: usize,
    /// The last thing printed was a comment: the next thing goes on a new
    /// line, whatever its group's mode.
    after_comment: bool,
}

impl Printer {
    fn run(&mut self, doc: &Doc) {
        let mut stack: Vec<(usize, Mode, &Doc)> = vec![(0, Mode::Broken, doc)];
        while let Some((indent, mode, doc)) = stack.pop() {
            match doc {
                Doc::Text(s) => self.write(indent, s),
                Doc::Line | Doc::SoftLine if mode == Mode::Broken || self.after_comment => {
                    self.newline(indent)
                }
                Doc::Line => self.write(indent, " "),
                Doc::SoftLine => {}
                Doc::Hard => self.newline(indent),
                Doc::Blank => {
                    self.newline(indent);
                    self.out.push('\n');
                }
                Doc::Comment { text, trailing } => {
                    if !*trailing && !self.at_line_start {
                        self.newline(indent);
                    }
                    let sep = if self.at_line_start { "" } else { " " };
                    self.write(indent, &format!("{sep}//{}", text.trim_end()));
                    self.after_comment = true;
                }
                Doc::Indent(d) => stack.push((indent + INDENT, mode, d)),
                Doc::Group { doc, breaks } => {
                    let flat = !*breaks
                        && !self.after_comment
                        && fits(doc, &stack, self.width as isize - self.col as isize);
                    stack.push((indent, if flat { Mode::Flat } else { Mode::Broken }, doc));
                }
                Doc::IfBroken(s) => {
                    if mode == Mode::Broken {
                        self.write(indent, s)
                    }
                }
                Doc::Concat(ds) => stack.extend(ds.iter().rev().map(|d| (indent, mode, d))),
            }
        }
    }

    fn write(&mut self, indent: usize, s: &str) {
        if self.after_comment {
            self.newline(indent);
        }
        if self.at_line_start {
            // What follows a comment or a break starts at the indentation.
            let s = s.trim_start_matches(' ');
            if s.is_empty() {
                return;
            }
            self.out
                .extend(std::iter::repeat_n(' ', self.indent_of_line));
            self.col = self.indent_of_line;
            self.at_line_start = false;
            self.out.push_str(s);
            self.col += s.chars().count();
            return;
        }
        self.out.push_str(s);
        self.col += s.chars().count();
    }

    fn newline(&mut self, indent: usize) {
        let kept = self.out.trim_end_matches(' ').len();
        self.out.truncate(kept);
        self.out.push('\n');
        self.col = indent;
        self.indent_of_line = indent;
        self.at_line_start = true;
        self.after_comment = false;
    }
}

/// Whether `doc`, flat, and what follows it up to the next line break
/// fit in `room` columns.
fn fits(doc: &Doc, rest: &[(usize, Mode, &Doc)], room: isize) -> bool {
    let mut room = room;
    let mut todo: Vec<(Mode, &Doc)> = vec![(Mode::Flat, doc)];
    let mut rest = rest.iter().rev();
    loop {
        let Some((mode, doc)) = todo.pop().or_else(|| rest.next().map(|(_, m, d)| (*m, *d))) else {
            return true;
        };
        if room < 0 {
            return false;
        }
        match doc {
            Doc::Text(s) => room -= s.chars().count() as isize,
            Doc::Line if mode == Mode::Flat => room -= 1,
            Doc::SoftLine if mode == Mode::Flat => {}
            Doc::Line | Doc::SoftLine | Doc::Hard | Doc::Blank => return true,
            // A comment ends the line: it fits only if it is what
            // follows (and then it breaks its group anyway).
            Doc::Comment { .. } => return mode == Mode::Broken,
            Doc::Indent(d) => todo.push((mode, d)),
            Doc::Group { doc, breaks } => {
                todo.push((if *breaks { Mode::Broken } else { mode }, doc))
            }
            Doc::IfBroken(s) => {
                if mode == Mode::Broken {
                    room -= s.len() as isize
                }
            }
            Doc::Concat(ds) => todo.extend(ds.iter().rev().map(|d| (mode, d))),
        }
        if room < 0 {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Doc {
        let mut inner = vec![Doc::SoftLine];
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                inner.push(Doc::text(","));
                inner.push(Doc::Line);
            }
            inner.push(Doc::text(*item));
        }
        inner.push(Doc::IfBroken(","));
        Doc::group(Doc::Concat(vec![
            Doc::text("["),
            Doc::indent(Doc::Concat(inner)),
            Doc::SoftLine,
            Doc::text("]"),
        ]))
    }

    #[test]
    fn a_group_is_flat_when_it_fits_and_broken_when_not() {
        assert_eq!(list(&["a", "b"]).print(20), "[a, b]\n");
        assert_eq!(
            list(&["aaaa", "bbbb", "cccc"]).print(10),
            "[\n  aaaa,\n  bbbb,\n  cccc,\n]\n"
        );
    }

    #[test]
    fn a_comment_breaks_its_group_and_ends_its_line() {
        let doc = Doc::group(Doc::Concat(vec![
            Doc::text("a"),
            Doc::Comment {
                text: " why".into(),
                trailing: true,
            },
            Doc::Line,
            Doc::text("b"),
        ]));
        assert_eq!(doc.print(80), "a // why\nb\n");
    }

    #[test]
    fn text_after_a_comment_starts_a_new_line() {
        let doc = Doc::Concat(vec![
            Doc::text("x ="),
            Doc::Comment {
                text: " note".into(),
                trailing: true,
            },
            Doc::text(" 5"),
        ]);
        assert_eq!(doc.print(80), "x = // note\n5\n");
    }

    #[test]
    fn empty_lines_hold_no_spaces() {
        let doc = Doc::Concat(vec![
            Doc::text("{"),
            Doc::indent(Doc::Concat(vec![
                Doc::Hard,
                Doc::text("a"),
                Doc::Blank,
                Doc::text("b"),
            ])),
            Doc::Hard,
            Doc::text("}"),
        ]);
        assert_eq!(doc.print(80), "{\n  a\n\n  b\n}\n");
    }
}
