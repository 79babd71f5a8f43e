//! Rendering of diagnostics for people (miette's graphical handler) and the
//! place (file, line, column) that machine formats report.

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::Diagnostic;
use crate::source::Sources;

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

/// Renders diagnostics as miette's graphical reports, one after another.
pub fn render_diagnostics(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for d in diags {
        let attached = d.clone().attach(sources);
        let mut one = String::new();
        if handler.render_report(&mut one, &attached).is_err() {
            one = format!(
                "{} [{}]: {}\n",
                d.level.as_str(),
                d.code.as_str(),
                d.message
            );
        }
        if let Some(path) = d.path.as_deref().filter(|_| d.main_span().is_none()) {
            one.push_str(&format!("  in {path}\n"));
        }
        out.push_str(&one);
        out.push('\n');
    }
    out
}
