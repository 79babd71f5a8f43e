//! Diagnostics: every error and warning a user can see.
//!
//! A [`Diagnostic`] is built with spans into [`Sources`]. The human output
//! draws it with [`render_diagnostics`], in the one style of [`draw`] that
//! findings share. For callers that use miette, it is a
//! `miette::Diagnostic` once [`Diagnostic::attach`] gives it the text of its
//! file (labels in other files become related diagnostics).

mod codes;
pub mod draw;
pub mod explain;
mod render;

use std::fmt;
use std::sync::Arc;

use miette::{LabeledSpan, NamedSource, SourceSpan};

use crate::source::{Sources, Span};

pub use codes::Code;
pub use render::{render_diagnostics, Location};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Error,
    Warning,
    /// Extra information attached to another diagnostic.
    Advice,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Advice => "advice",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Label {
    pub span: Span,
    pub message: Option<String>,
    pub primary: bool,
}

/// One error or warning, with a stable code, a message, labelled spans and
/// help. Boxed, so that `Result<T, Diagnostic>` stays small on the happy
/// path; its fields are reached through `Deref`.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    inner: Box<DiagnosticData>,
}

#[derive(Clone, Debug)]
pub struct DiagnosticData {
    pub code: Code,
    pub level: Level,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// A file the diagnostic is about when no span can be given (a file that
    /// could not be read, say).
    pub path: Option<String>,
    source: Option<NamedSource<Arc<str>>>,
    related: Vec<Diagnostic>,
}

impl std::ops::Deref for Diagnostic {
    type Target = DiagnosticData;

    fn deref(&self) -> &DiagnosticData {
        &self.inner
    }
}

impl std::ops::DerefMut for Diagnostic {
    fn deref_mut(&mut self) -> &mut DiagnosticData {
        &mut self.inner
    }
}

impl Diagnostic {
    pub fn new(level: Level, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            inner: Box::new(DiagnosticData {
                code,
                level,
                message: message.into(),
                labels: Vec::new(),
                help: None,
                path: None,
                source: None,
                related: Vec::new(),
            }),
        }
    }

    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Level::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Level::Warning, code, message)
    }

    /// The main place of the diagnostic; the first primary label decides the
    /// file, line and column reported in JSON.
    pub fn primary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        let message = message.into();
        self.labels.push(Label {
            span,
            message: (!message.is_empty()).then_some(message),
            primary: true,
        });
        self
    }

    /// A further place that explains the diagnostic.
    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: Some(message.into()),
            primary: false,
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// "did you mean `…`?" as the help, when one of `candidates` is close
    /// enough to `name` to be a typo; unchanged otherwise.
    pub fn suggesting(
        self,
        name: &str,
        candidates: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> Diagnostic {
        match crate::suggest::help_for(name, candidates) {
            Some(help) => self.with_help(help),
            None => self,
        }
    }

    /// Something declared a second time (K1002), at the second place, with
    /// the first: one wording for every kind of declaration.
    pub fn declared_twice(what: &str, name: &str, again: Span, first: Span) -> Diagnostic {
        Diagnostic::error(
            Code::DuplicateDeclaration,
            format!("{what} `{name}` is declared twice"),
        )
        .primary(again, "declared again here")
        .secondary(first, "first declared here")
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// The span of the first primary label, else of the first label.
    pub fn main_span(&self) -> Option<Span> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or_else(|| self.labels.first())
            .map(|l| l.span)
    }

    /// The help users see: the specific one, else the catalogue's.
    pub fn help_text(&self) -> &str {
        self.help
            .as_deref()
            .unwrap_or_else(|| self.code.default_help())
    }

    /// Gives the diagnostic the text it points into, so that miette can
    /// render it. Labels in other files than the main one move to related
    /// diagnostics of their own.
    pub fn attach(mut self, sources: &Sources) -> Diagnostic {
        let Some(main) = self.main_span() else {
            return self;
        };
        let (here, elsewhere): (Vec<Label>, Vec<Label>) = std::mem::take(&mut self.labels)
            .into_iter()
            .partition(|l| l.span.file == main.file);
        self.labels = here;
        if let Some(file) = sources.get(main.file) {
            for label in &mut self.labels {
                label.span = visible(label.span, &file.text);
            }
            self.source = Some(NamedSource::new(file.name.clone(), file.text.clone()));
        }
        for label in elsewhere {
            let message = label
                .message
                .clone()
                .unwrap_or_else(|| "related to this".to_string());
            // The note's heading says it; its underline needs no words.
            let mut note = Diagnostic::new(Level::Advice, self.code, message);
            note.labels.push(Label {
                span: label.span,
                message: None,
                primary: true,
            });
            note.help = Some(String::new());
            self.related.push(note.attach(sources));
        }
        self
    }
}

/// A span that can be drawn: an empty span at the end of a line or of the
/// file widens to the last character before it, which is where a reader
/// looks for "the file ends here"; any other empty span covers the next
/// character.
fn visible(span: Span, text: &str) -> Span {
    if !span.is_empty() {
        return span;
    }
    let at = (span.start as usize).min(text.len());
    let rest = text.get(at..).unwrap_or("");
    match rest.chars().next() {
        Some(c) if c != '\n' && c != '\r' => Span::new(span.file, at, at + c.len_utf8()),
        _ => {
            let before = text.get(..at).unwrap_or("").trim_end();
            match before.chars().next_back() {
                Some(c) => Span::new(span.file, before.len() - c.len_utf8(), before.len()),
                None => span,
            }
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        // Related notes repeat no code: the parent diagnostic carries it.
        (self.level != Level::Advice).then(|| Box::new(self.code.as_str()) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
            Level::Advice => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let help = self.help_text();
        (!help.is_empty()).then(|| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.source.is_none() || self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().map(|l| {
            let span = SourceSpan::new((l.span.start as usize).into(), l.span.len());
            if l.primary {
                LabeledSpan::new_primary_with_span(l.message.clone(), span)
            } else {
                LabeledSpan::new_with_span(l.message.clone(), span)
            }
        })))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|d| d as &dyn miette::Diagnostic),
        ))
    }
}

/// Collects diagnostics across a stage; stages keep going after an error so
/// that a user sees every problem at once.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// The diagnostics in a stable order: by file, place, then code, so
    /// that output does not depend on the order work was done in.
    pub fn into_sorted(mut self, sources: &Sources) -> Vec<Diagnostic> {
        self.list.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                let span = d.main_span();
                (
                    span.map(|s| sources.name(s.file).to_string())
                        .or_else(|| d.path.clone())
                        .unwrap_or_default(),
                    span.map(|s| (s.start, s.end)).unwrap_or((0, 0)),
                    d.code,
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        self.list.dedup_by(|a, b| {
            a.code == b.code && a.message == b.message && a.main_span() == b.main_span()
        });
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    /// The model stays a whole `miette::Diagnostic` for callers that draw
    /// with miette: code, message, labels in the main file, help, and a
    /// label in another file as a related diagnostic.
    #[test]
    fn an_attached_diagnostic_is_a_whole_miette_diagnostic() {
        let mut sources = Sources::new();
        sources.add("a.krav", "require x\n".to_string());
        sources.add("b.krav", "fact x\n".to_string());
        let d = Diagnostic::error(Code::UnknownName, "unknown fact `x`")
            .primary(Span::new(FileId(0), 8, 9), "not declared")
            .secondary(Span::new(FileId(1), 5, 6), "declared elsewhere")
            .with_help("declare it");
        let attached = d.attach(&sources);
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        let mut out = String::new();
        handler.render_report(&mut out, &attached).unwrap();
        for part in [
            "K1001",
            "unknown fact `x`",
            "a.krav:1:9",
            "not declared",
            "declare it",
            "b.krav:1:6",
            "declared elsewhere",
        ] {
            assert!(out.contains(part), "{part} missing in:\n{out}");
        }
    }
}
