//! One drawing style for everything the human output points into files:
//! diagnostics and findings alike are drawn by ariadne, with the same
//! heading (`error[K1001]: …`, `fail: …`), the same file headers
//! (`╭─[ file:line:col ]`), the same underlines and the same `Help:` line,
//! so that a reader of one report never meets two ways of saying "here".
//! ariadne draws labels in several files in one picture, which findings
//! need (the policy's `require` and the vendor's fact).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use ariadne::{Color, Config, IndexType, Label, Report, ReportKind};

use crate::source::{FileId, Sources, Span};

/// A picture to draw: a heading and message, marks in files, notes and
/// help. Built by its methods, one part at a time.
#[derive(Clone, Debug)]
pub struct Drawing {
    heading: String,
    color: Color,
    message: String,
    main: Option<Span>,
    marks: Vec<Mark>,
    notes: Vec<String>,
    help: Option<String>,
    path: Option<String>,
}

/// One underlined place, what it says, in which colour, and where its
/// message stands among those on the same line (lower first).
#[derive(Clone, Debug)]
struct Mark {
    span: Span,
    message: Option<String>,
    color: Color,
    order: i32,
}

impl Drawing {
    /// A drawing headed `heading: message` (`error[K1001]`, `fail`) in
    /// `color`.
    pub fn new(heading: impl Into<String>, color: Color, message: impl Into<String>) -> Drawing {
        Drawing {
            heading: heading.into(),
            color,
            message: message.into(),
            main: None,
            marks: Vec::new(),
            notes: Vec::new(),
            help: None,
            path: None,
        }
    }

    /// Underlines `span`, saying `message`. Messages on one line are
    /// drawn by `order`, lower first.
    pub fn mark(
        mut self,
        span: Span,
        message: Option<String>,
        color: Color,
        order: i32,
    ) -> Drawing {
        self.marks.push(Mark {
            span,
            message,
            color,
            order,
        });
        self
    }

    /// The place the first file header names; the first mark's by default.
    pub fn main(mut self, span: Option<Span>) -> Drawing {
        self.main = span;
        self
    }

    pub fn note(mut self, note: String) -> Drawing {
        self.notes.push(note);
        self
    }

    pub fn help(mut self, help: Option<String>) -> Drawing {
        self.help = help;
        self
    }

    /// What the drawing is about when it has no place in a file (a file
    /// that could not be read): named in the file header's stead.
    pub fn about(mut self, path: Option<String>) -> Drawing {
        self.path = path;
        self
    }
}

/// Draws [`Drawing`]s over the project's files. Each file's line table is
/// built the first time a drawing points into it, and kept for the next.
pub struct Canvas<'s> {
    sources: &'s Sources,
    files: HashMap<FileId, ariadne::Source<Arc<str>>>,
    color: bool,
}

impl<'s> Canvas<'s> {
    pub fn new(sources: &'s Sources, color: bool) -> Canvas<'s> {
        Canvas {
            sources,
            files: HashMap::new(),
            color,
        }
    }

    /// The drawing as text, ending in a blank line.
    pub fn draw(&mut self, d: &Drawing) -> String {
        let marks: Vec<&Mark> = d
            .marks
            .iter()
            .filter(|m| self.sources.get(m.span.file).is_some())
            .collect();
        let main = d
            .main
            .filter(|m| self.sources.get(m.file).is_some())
            .or(marks.first().map(|m| m.span));
        let mut text = match main {
            Some(main) => self.draw_in_files(d, &marks, main),
            None => self.draw_without_place(d),
        };
        if !self.color {
            // ariadne paints a custom heading even with colour off.
            text = strip_ansi(&text);
        }
        text.push('\n');
        text
    }

    fn draw_in_files(&mut self, d: &Drawing, marks: &[&Mark], main: Span) -> String {
        let sources = self.sources;
        // ariadne's byte mode misplaces its `file:line:col` headers after
        // non-ASCII text, so spans are given to it in characters.
        let at = |span: Span| -> (FileId, std::ops::Range<usize>) {
            let range = sources
                .get(span.file)
                .map(|f| f.char_range(span))
                .unwrap_or_else(|| span.range());
            // ariadne refuses a range that runs backwards.
            (span.file, range.start..range.end.max(range.start))
        };
        let labels = marks.iter().map(|m| {
            let label = Label::new(at(m.span))
                .with_color(m.color)
                .with_order(m.order);
            match &m.message {
                Some(msg) => label.with_message(printable(msg)),
                None => label,
            }
        });
        let mut report = Report::build(ReportKind::Custom(&d.heading, d.color), at(main))
            .with_message(printable(&d.message))
            .with_config(
                Config::default()
                    .with_color(self.color)
                    .with_index_type(IndexType::Char)
                    .with_compact(false),
            )
            .with_labels(labels);
        for n in &d.notes {
            report = report.with_note(printable(n));
        }
        if let Some(help) = d.help.as_deref().filter(|h| !h.is_empty()) {
            report = report.with_help(printable(help));
        }
        let mut buf = Vec::new();
        if report.finish().write(&mut *self, &mut buf).is_err() {
            return self.draw_without_place(d);
        }
        String::from_utf8_lossy(&buf).into_owned()
    }

    /// The same heading and frame, for a drawing with no place in a file:
    /// ariadne draws nothing below the heading without one.
    fn draw_without_place(&self, d: &Drawing) -> String {
        let heading = if self.color {
            use ariadne::Fmt;
            format!("{}:", d.heading.as_str().fg(d.color))
        } else {
            format!("{}:", d.heading)
        };
        let mut out = format!("{heading} {}\n", printable(&d.message));
        match &d.path {
            Some(path) => {
                let _ = writeln!(out, "   ╭─[ {} ]", printable(path));
            }
            None => out.push_str("   │\n"),
        }
        for n in &d.notes {
            let _ = writeln!(out, "   │ Note: {}", printable(n));
        }
        if let Some(help) = d.help.as_deref().filter(|h| !h.is_empty()) {
            let _ = writeln!(out, "   │ Help: {}", printable(help));
        }
        out.push_str("───╯\n");
        out
    }
}

impl ariadne::Cache<FileId> for Canvas<'_> {
    type Storage = Arc<str>;

    fn fetch(&mut self, id: &FileId) -> Result<&ariadne::Source<Arc<str>>, impl std::fmt::Debug> {
        let Some(file) = self.sources.get(*id) else {
            return Err(format!("no file {id:?}"));
        };
        Ok(self
            .files
            .entry(*id)
            .or_insert_with(|| ariadne::Source::from(file.text.clone())))
    }

    fn display<'a>(&self, id: &'a FileId) -> Option<impl std::fmt::Display + 'a> {
        Some(printable(self.sources.name(*id)))
    }
}

/// Text from the project with control characters (an escape sequence in
/// a title, a message or a file name) made harmless: a terminal must not
/// obey them.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Removes terminal colour sequences (`ESC [ … m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_file(text: &str) -> Sources {
        let mut s = Sources::new();
        s.add("a.krav", text.to_string());
        s
    }

    fn drawing(path: Option<&str>) -> Drawing {
        Drawing::new("error[K1001]", Color::Red, "unknown fact `x`")
            .help(Some("did you mean `y`?".into()))
            .about(path.map(str::to_string))
    }

    #[test]
    fn a_place_is_drawn_with_its_file_header_and_help() {
        let sources = one_file("policy p {\n  require x\n}\n");
        let d = drawing(None).mark(
            Span::new(FileId(0), 21, 22),
            Some("not declared".into()),
            Color::Red,
            0,
        );
        let text = Canvas::new(&sources, false).draw(&d);
        assert!(
            text.starts_with("error[K1001]: unknown fact `x`\n"),
            "{text}"
        );
        assert!(text.contains("╭─[ a.krav:2:11 ]"), "{text}");
        assert!(text.contains("not declared"), "{text}");
        assert!(text.contains("Help: did you mean `y`?"), "{text}");
    }

    #[test]
    fn without_a_place_the_frame_names_the_path() {
        let sources = Sources::new();
        let text = Canvas::new(&sources, false).draw(&drawing(Some("vendors/")));
        assert_eq!(
            text,
            "error[K1001]: unknown fact `x`\n   ╭─[ vendors/ ]\n   │ Help: did you mean `y`?\n───╯\n\n"
        );
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let sources = one_file("x\n");
        let d = Drawing::new("error[K1001]", Color::Red, "a \u{1b}[31m red");
        let text = Canvas::new(&sources, false).draw(&d);
        assert!(!text.contains('\u{1b}'), "{text:?}");
    }
}
