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

use super::escape::actions::{data, property};
use super::shared::{evidence_lines, finding_heading, is_pack_file, valid_model};
use crate::diagnostics::{Diagnostic, Level};
use crate::eval::{Evidence, Finding};
use crate::model::{Model, Vendor};
use crate::project::CheckRun;
use crate::source::Span;
use crate::vocabulary::{Outcome, Severity};

/// The workflow commands, one a line, ending in a newline. With invalid
/// input, the errors alone (and any warnings).
///
/// GitHub shows at most 10 annotations of each level per step and 50 per
/// job, so findings are grouped: one annotation for each vendor and level,
/// at the place of its most severe finding, listing every finding with the
/// facts behind it and their places. The errors come first, the most
/// severe groups first, so that the ones GitHub shows are the ones that
/// matter; a notice before them counts what there is.
pub fn render_github(run: &CheckRun) -> String {
    let mut out = String::new();
    if let Some(model) = valid_model(run) {
        let groups = finding_groups(run, model);
        let findings: usize = groups.iter().map(|g| g.findings.len()).sum();
        if findings > 0 {
            out.push_str(&summary_command(run, model, groups.len(), findings));
        }
        for g in &groups {
            out.push_str(&group_command(run, model, g));
        }
    }
    for d in &run.diagnostics {
        out.push_str(&diagnostic_command(run, d));
    }
    out
}

/// A line of Markdown for `$GITHUB_STEP_SUMMARY`: how many findings the
/// annotations hold, and where the whole list is. Empty with invalid input
/// or nothing to report.
pub fn render_github_summary(run: &CheckRun) -> String {
    let Some(model) = valid_model(run) else {
        return String::new();
    };
    // Only counts: the groups' evidence is not needed for them.
    let (groups, findings) = counts(run, model);
    if findings == 0 {
        return String::new();
    }
    format!(
        "**skykrav:** {}\n",
        counts_sentence(run, model, groups, findings)
    )
}

/// The annotation level of a finding, `None` for one that is not shown (a
/// pass, n/a or waived). The level says what the finding does to the run:
/// an error fails it.
fn level_of(run: &CheckRun, model: &Model, f: &Finding) -> Option<&'static str> {
    if !matches!(f.outcome, Outcome::Fail | Outcome::Unknown) {
        return None;
    }
    let req = model.requirements.get(f.requirement)?;
    Some(if run.fails_the_run(model, f) {
        "error"
    } else if req.severity == Severity::Info {
        "notice"
    } else {
        "warning"
    })
}

/// How many annotations the findings make, and how many findings they hold.
fn counts(run: &CheckRun, model: &Model) -> (usize, usize) {
    let mut groups = std::collections::BTreeSet::new();
    let mut findings = 0;
    for f in &run.evaluation.findings {
        if let Some(level) = level_of(run, model, f) {
            groups.insert((f.vendor, level));
            findings += 1;
        }
    }
    (groups.len(), findings)
}

/// Findings of one vendor with one level.
struct Group<'r> {
    command: &'static str,
    span: Option<Span>,
    findings: Vec<(&'r Finding, Evidence)>,
}

impl Group<'_> {
    fn worst(&self, model: &Model) -> Severity {
        self.findings
            .iter()
            .filter_map(|(f, _)| model.requirements.get(f.requirement))
            .map(|r| r.severity)
            .max()
            .unwrap_or(Severity::Info)
    }
}

fn level_rank(command: &str) -> u8 {
    match command {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    }
}

/// Every fail and unknown, grouped and ordered as [`render_github`] says.
fn finding_groups<'r>(run: &'r CheckRun, model: &Model) -> Vec<Group<'r>> {
    let mut groups: Vec<Group<'r>> = Vec::new();
    for f in &run.evaluation.findings {
        let Some(command) = level_of(run, model, f) else {
            continue;
        };
        let ev = run.evidence(f);
        // Findings are in vendor order, so a vendor's groups are the last.
        match groups.iter_mut().rev().take(3).find(|g| {
            g.command == command
                && g.findings
                    .first()
                    .is_some_and(|(first, _)| first.vendor == f.vendor)
        }) {
            Some(g) => g.findings.push((f, ev)),
            None => groups.push(Group {
                command,
                span: None,
                findings: vec![(f, ev)],
            }),
        }
    }
    for g in &mut groups {
        // The most severe first within a group, fails before unknowns;
        // the group is annotated where the first one is.
        g.findings.sort_by_key(|(f, _)| {
            (
                std::cmp::Reverse(model.requirements[f.requirement].severity),
                f.outcome != Outcome::Fail,
                f.requirement,
            )
        });
        g.span = g.findings.first().and_then(|(f, ev)| {
            let vendor = model.vendors.get(f.vendor)?;
            finding_span(run, vendor, f, ev)
        });
    }
    // A stable sort: equal groups keep the findings' order (vendor, then
    // requirement), so the output is the same bytes on every run.
    groups.sort_by_key(|g| (level_rank(g.command), std::cmp::Reverse(g.worst(model))));
    groups
}

fn counts_sentence(run: &CheckRun, model: &Model, groups: usize, findings: usize) -> String {
    let [_, fail, unknown, _, _] = run.summary();
    let failing = run
        .evaluation
        .findings
        .iter()
        .filter(|f| run.fails_the_run(model, f))
        .count();
    format!(
        "{fail} fail and {unknown} unknown findings ({failing} of them fail the run) in {groups} annotation{}, one for each vendor and level; GitHub shows at most 10 annotations of a level per step, so `skykrav check --format markdown` or `--format sarif` gives every one of the {findings}.",
        if groups == 1 { "" } else { "s" }
    )
}

/// The notice that counts what the annotations hold.
fn summary_command(run: &CheckRun, model: &Model, groups: usize, findings: usize) -> String {
    command_line(
        run,
        "notice",
        None,
        "skykrav summary",
        &counts_sentence(run, model, groups, findings),
    )
}

/// One command for a group: a single finding as itself, several under a
/// heading that names the vendor and how many there are.
fn group_command(run: &CheckRun, model: &Model, g: &Group<'_>) -> String {
    let mut message = String::new();
    let mut title = String::new();
    if let [(f, _)] = g.findings.as_slice() {
        title = format!("skykrav: {}", model.requirements[f.requirement].full_id);
    } else if let Some((f, _)) = g.findings.first() {
        let vendor = &model.vendors[f.vendor];
        title = format!(
            "skykrav: {} findings for vendor {}, the worst {}",
            g.findings.len(),
            vendor.id,
            g.worst(model).as_str()
        );
        let _ = write!(
            message,
            "{} requirements fail or cannot be decided for vendor {} ({}):",
            g.findings.len(),
            vendor.id,
            vendor.name
        );
    }
    for (f, ev) in &g.findings {
        let (Some(vendor), Some(req)) = (
            model.vendors.get(f.vendor),
            model.requirements.get(f.requirement),
        ) else {
            continue;
        };
        if !message.is_empty() {
            message.push_str("\n\n");
        }
        message.push_str(&finding_heading(req, vendor, f));
        for line in evidence_lines(run, model, vendor, f, ev) {
            let _ = write!(message, "\n{line}");
        }
        if let Some(help) = &req.help {
            let _ = write!(message, "\nHelp: {help}");
        }
    }
    command_line(run, g.command, g.span, &title, &message)
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
