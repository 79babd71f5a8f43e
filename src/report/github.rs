//! The `github` report: GitHub Actions workflow commands, which the runner
//! turns into annotations on the files of a pull request:
//!
//! ```text
//! ::error file=vendors/x.json,line=8,col=27,endLine=8,endColumn=38,title=skykrav%3A p/r::…
//! ```
//!
//! Every line is a command; the runner would print any other line as it
//! is. GitHub can only annotate files of the repository, so nothing points
//! into a bundled pack file.

use std::fmt::Write as _;

use super::shared::{evidence_lines, finding_heading, is_pack_file, valid_model};
use crate::diagnostics::{Diagnostic, Level};
use crate::eval::{Evidence, Finding};
use crate::model::{Model, Vendor};
use crate::project::CheckRun;
use crate::source::Span;
use crate::syntax::ast::{Outcome, Severity};

/// The workflow commands, one a line, ending in a newline. With invalid
/// input, the errors alone (and any warnings).
pub fn render_github(run: &CheckRun) -> String {
    let mut out = String::new();
    if let Some(model) = valid_model(run) {
        for f in &run.evaluation.findings {
            if let Some(line) = finding_command(run, model, f) {
                out.push_str(&line);
            }
        }
    }
    for d in &run.diagnostics {
        out.push_str(&diagnostic_command(run, d));
    }
    out
}

/// One command for a fail or unknown; none for the other outcomes.
fn finding_command(run: &CheckRun, model: &Model, f: &Finding) -> Option<String> {
    if !matches!(f.outcome, Outcome::Fail | Outcome::Unknown) {
        return None;
    }
    let vendor = model.vendors.get(f.vendor)?;
    let req = model.requirements.get(f.requirement)?;
    // The level says what the finding does to the run: an error fails it.
    let command = if run.fails_the_run(model, f) {
        "error"
    } else if req.severity == Severity::Info {
        "notice"
    } else {
        "warning"
    };
    let mut message = finding_heading(req, vendor, f);
    let ev = run.evidence(f);
    for line in evidence_lines(run, model, vendor, f, &ev) {
        let _ = write!(message, "\n{line}");
    }
    if let Some(help) = &req.help {
        let _ = write!(message, "\nHelp: {help}");
    }
    let title = format!("skykrav: {}", req.full_id);
    let span = finding_span(run, vendor, f, &ev);
    Some(command_line(run, command, span, &title, &message))
}

/// The place to annotate: for a fail, the vendor's fact that decided (one
/// in the vendor's own file first, then a company default); for an
/// unknown, the stale fact that left it open. Otherwise the vendor's
/// header, which is where an unstated fact would be added. Facts read by
/// an unknown are not its cause, so they are not pointed at.
fn finding_span(run: &CheckRun, vendor: &Vendor, f: &Finding, ev: &Evidence) -> Option<Span> {
    let in_repo = |span: &Span| !is_pack_file(run.sources.name(span.file));
    let decided: Vec<Span> = match f.outcome {
        Outcome::Fail => ev.facts.iter().map(|u| u.span).collect(),
        _ => Vec::new(),
    };
    let own_file = decided
        .iter()
        .find(|s| s.file == vendor.header.file)
        .copied();
    own_file
        .or_else(|| decided.iter().find(|s| in_repo(s)).copied())
        .or_else(|| ev.missing.iter().filter_map(|m| m.span).find(in_repo))
        .or(Some(vendor.header))
        .filter(in_repo)
}

/// A warning or error at its place; a note for advice.
fn diagnostic_command(run: &CheckRun, d: &Diagnostic) -> String {
    let command = match d.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Advice => "notice",
    };
    let message = format!("{}\nHelp: {}", d.message, d.help_text());
    let span = d
        .main_span()
        .filter(|s| !is_pack_file(run.sources.name(s.file)));
    match span {
        Some(_) => command_line(run, command, span, d.code.as_str(), &message),
        // A diagnostic about a whole file (one that cannot be read) names
        // it without a span.
        None => {
            let file = d.path.as_deref().filter(|p| !is_pack_file(p));
            let mut props = Vec::new();
            if let Some(file) = file {
                props.push(format!("file={}", property(file)));
            }
            props.push(format!("title={}", property(d.code.as_str())));
            format!("::{command} {}::{}\n", props.join(","), data(&message))
        }
    }
}

/// `::COMMAND file=…,line=…,col=…,endLine=…,endColumn=…,title=…::MESSAGE`,
/// without the place when there is none in the repository.
fn command_line(
    run: &CheckRun,
    command: &str,
    span: Option<Span>,
    title: &str,
    message: &str,
) -> String {
    let mut props = Vec::new();
    if let Some(span) = span {
        let (line, col) = run.sources.line_col(span);
        let (end_line, end_col) = last_char(run, span).unwrap_or((line, col));
        props.push(format!(
            "file={}",
            property(&run.repo_path(run.sources.name(span.file)))
        ));
        props.push(format!("line={line}"));
        props.push(format!("col={col}"));
        props.push(format!("endLine={end_line}"));
        props.push(format!("endColumn={end_col}"));
    }
    props.push(format!("title={}", property(title)));
    format!("::{command} {}::{}\n", props.join(","), data(message))
}

/// Line and column of the last character of a span: GitHub's end column
/// is inclusive, a span's end is not. `None` for an empty span.
fn last_char(run: &CheckRun, span: Span) -> Option<(usize, usize)> {
    let file = run.sources.get(span.file)?;
    let end = (span.end as usize).min(file.text.len());
    let (last, _) = file
        .text
        .get(span.start as usize..end)?
        .char_indices()
        .last()?;
    Some(file.line_col((span.start as usize + last) as u32))
}

// ---------------------------------------------------------------------------
// Escaping, as `@actions/core` does it (`escapeData`, `escapeProperty`).

/// A command's message: `%`, CR and LF.
fn data(s: &str) -> String {
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
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit() {
        assert_eq!(data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
        // `%` first, or the escapes themselves would be escaped again.
        assert_eq!(data("%0A"), "%250A");
    }
}
