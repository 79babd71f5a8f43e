//! Rendering of diagnostics for people (drawn like findings) and the place
//! (file, line, column) that machine formats report.

use ariadne::Color;

use super::draw::{Canvas, Drawing};
use super::{visible, Diagnostic, Level};
use crate::source::{Sources, Span};

/// Where a diagnostic points, as the JSON report gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Diagnostic {
    pub fn location(&self, sources: &Sources) -> Location {
        match self.main_span() {
            Some(span) => {
                let (line, column) = sources.line_col(span);
                Location {
                    file: Some(sources.name(span.file).to_string()),
                    line: Some(line),
                    column: Some(column),
                }
            }
            None => Location {
                file: self.path.clone(),
                line: None,
                column: None,
            },
        }
    }
}

/// Draws diagnostics one after another, in the style of the findings
/// (see [`super::draw`]).
pub fn render_diagnostics(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut canvas = Canvas::new(sources, color);
    let mut out = String::new();
    for d in diags {
        out.push_str(&canvas.draw(&drawing(d, sources)));
    }
    out
}

/// A diagnostic as a picture: the primary places in the level's colour,
/// the places that explain it in blue. The file of the main place comes
/// first, then the others in the order the labels name them, each file's
/// places in the order of the text, so that each file is drawn once.
fn drawing(d: &Diagnostic, sources: &Sources) -> Drawing {
    let color = match d.level {
        Level::Error => Color::Red,
        Level::Warning => Color::Yellow,
        Level::Advice => Color::Blue,
    };
    let mut files = Vec::new();
    for file in d
        .main_span()
        .into_iter()
        .chain(d.labels.iter().map(|l| l.span))
    {
        if !files.contains(&file.file) {
            files.push(file.file);
        }
    }
    let mut labels: Vec<&super::Label> = d.labels.iter().collect();
    labels.sort_by_key(|l| {
        let rank = files.iter().position(|f| *f == l.span.file);
        (rank, l.span.start, !l.primary)
    });
    let shown = |span: Span| match sources.get(span.file) {
        Some(file) => visible(span, &file.text),
        None => span,
    };
    let heading = format!("{}[{}]", d.level.as_str(), d.code.as_str());
    let mut drawing = Drawing::new(heading, color, d.message.clone())
        .main(d.main_span().map(shown))
        .help(Some(d.help_text().to_string()))
        .about(d.path.clone());
    for (i, l) in labels.into_iter().enumerate() {
        let mark_color = if l.primary { color } else { Color::Blue };
        drawing = drawing.mark(shown(l.span), l.message.clone(), mark_color, i as i32);
    }
    drawing
}
