//! Reports of `skykrav diff`: what a change does to the verdicts, for
//! people (`human`), machines (`json`) and pull-request comments
//! (`markdown`).

use std::fmt::Write as _;

use serde::Serialize;

use super::json::{diagnostic_json, DiagnosticJson};

use crate::diagnostics::render_diagnostics;
use crate::diff::{Change, ChangeKind, DiffRun};
use crate::project::Verdict;
use crate::vocabulary::Outcome;

fn outcome_word(o: Option<Outcome>) -> &'static str {
    o.map(Outcome::as_str).unwrap_or("absent")
}

/// The facts behind a change, in a line: "`sla.uptime` is 99.5% (vendors/x.krav:3)".
fn evidence(c: &Change) -> String {
    let mut parts: Vec<String> = c
        .facts
        .iter()
        .map(|(u, file, line)| format!("`{}` is {} ({file}:{line})", u.path, u.value))
        .collect();
    if !c.missing.is_empty() {
        let missing: Vec<String> = c.missing.iter().map(|m| format!("`{m}`")).collect();
        parts.push(format!("not stated: {}", missing.join(", ")));
    }
    parts.join("; ")
}

fn verdict_line(run: &DiffRun) -> String {
    let threshold = match run.fail_on.0 {
        Some(s) => format!("at or above `{}`", s.as_str()),
        None => "(fail_on = none)".to_string(),
    };
    format!(
        "{} newly failing, {} newly unknown, {} newly passing; threshold {threshold}; exit {}",
        run.count(ChangeKind::NewlyFailing) + run.count(ChangeKind::WaiverStops),
        run.count(ChangeKind::NewlyUnknown),
        run.count(ChangeKind::NewlyPassing),
        run.verdict() as i32
    )
}

fn added_removed(run: &DiffRun) -> Vec<(&'static str, &Vec<String>)> {
    vec![
        ("vendors added", &run.vendors_added),
        ("vendors removed", &run.vendors_removed),
        ("requirements added", &run.requirements_added),
        ("requirements removed", &run.requirements_removed),
    ]
}

/// The diff for people. With errors, the rendered errors.
pub fn render_diff_human(run: &DiffRun, color: bool) -> String {
    let mut out = String::new();
    if run.invalid() {
        let sources = match &run.before {
            // Errors of the base name files as they were at the base.
            Some(b) if run.after.diagnostics.iter().all(|d| !d.is_error()) => &b.sources,
            _ => &run.after.sources,
        };
        out.push_str(&render_diagnostics(&run.errors, sources, color));
        let _ = writeln!(out, "error: the verdicts could not be compared");
        return out;
    }
    let _ = writeln!(
        out,
        "skykrav diff: `{}` against the working tree, today {}\n",
        run.base, run.today
    );
    if run.changes.is_empty() {
        let _ = writeln!(out, "no verdict changed");
    }
    for kind in ChangeKind::ALL {
        let group: Vec<&Change> = run.changes.iter().filter(|c| c.kind == kind).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{} ({}):", kind.as_str(), group.len());
        for c in group {
            let _ = writeln!(
                out,
                "  {} · {} [{}] · {} → {} · {}",
                c.vendor,
                c.requirement,
                c.severity.as_str(),
                outcome_word(c.before),
                c.after.as_str(),
                c.title
            );
            let ev = evidence(c);
            if !ev.is_empty() {
                let _ = writeln!(out, "      {ev}");
            }
        }
        out.push('\n');
    }
    for (label, ids) in added_removed(run) {
        if !ids.is_empty() {
            let _ = writeln!(out, "{label}: {}", ids.join(", "));
        }
    }
    let status = if run.verdict() == Verdict::Pass {
        "ok:"
    } else {
        "failed:"
    };
    let _ = writeln!(out, "{status} {}", verdict_line(run));
    out
}

#[derive(Serialize)]
struct DiffJson<'a> {
    base: &'a str,
    today: String,
    summary: std::collections::BTreeMap<&'static str, usize>,
    changes: Vec<ChangeJson<'a>>,
    vendors_added: &'a [String],
    vendors_removed: &'a [String],
    requirements_added: &'a [String],
    requirements_removed: &'a [String],
    diagnostics: Vec<DiagnosticJson>,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    change: &'static str,
    vendor: &'a str,
    requirement: &'a str,
    severity: &'static str,
    before: Option<&'static str>,
    after: &'static str,
    facts: Vec<FactJson<'a>>,
    missing: &'a [String],
}

#[derive(Serialize)]
struct FactJson<'a> {
    path: &'a str,
    value: &'a str,
    file: &'a str,
    line: usize,
}

/// The diff for machines: sorted, the same bytes on every run.
pub fn render_diff_json(run: &DiffRun) -> String {
    let sources = &run.after.sources;
    let report = DiffJson {
        base: &run.base,
        today: run.today.to_string(),
        summary: ChangeKind::ALL
            .iter()
            .map(|k| (k.key(), run.count(*k)))
            .collect(),
        changes: run
            .changes
            .iter()
            .map(|c| ChangeJson {
                change: c.kind.key(),
                vendor: &c.vendor,
                requirement: &c.requirement,
                severity: c.severity.as_str(),
                before: c.before.map(Outcome::as_str),
                after: c.after.as_str(),
                facts: c
                    .facts
                    .iter()
                    .map(|(u, file, line)| FactJson {
                        path: &u.path,
                        value: &u.value,
                        file,
                        line: *line,
                    })
                    .collect(),
                missing: &c.missing,
            })
            .collect(),
        vendors_added: &run.vendors_added,
        vendors_removed: &run.vendors_removed,
        requirements_added: &run.requirements_added,
        requirements_removed: &run.requirements_removed,
        diagnostics: run
            .errors
            .iter()
            .map(|d| diagnostic_json(d, sources))
            .collect(),
    };
    let mut out =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

/// Escapes text for a cell of a Markdown table.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

/// The diff for a pull-request comment.
pub fn render_diff_markdown(run: &DiffRun) -> String {
    let mut out = String::new();
    if run.invalid() {
        let _ = writeln!(out, "## skykrav diff: the verdicts could not be compared\n");
        for d in &run.errors {
            let loc = d.location(&run.after.sources);
            let place = match (loc.file, loc.line) {
                (Some(f), Some(l)) => format!(" (`{f}:{l}`)"),
                (Some(f), None) => format!(" (`{f}`)"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "- **{}**{place}: {}",
                d.code.as_str(),
                cell(&d.message)
            );
        }
        return out;
    }
    let icon = if run.verdict() == Verdict::Pass {
        "✅"
    } else {
        "❌"
    };
    let _ = writeln!(out, "## {icon} skykrav diff against `{}`\n", run.base);
    let _ = writeln!(out, "{}, on {}.\n", verdict_line(run), run.today);
    if run.changes.is_empty() {
        let _ = writeln!(out, "No verdict changed.\n");
    } else {
        let _ = writeln!(
            out,
            "| change | vendor | requirement | severity | before → after | evidence |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for c in &run.changes {
            let _ = writeln!(
                out,
                "| {} | `{}` | `{}` {} | {} | {} → **{}** | {} |",
                c.kind.as_str(),
                c.vendor,
                c.requirement,
                cell(&c.title),
                c.severity.as_str(),
                outcome_word(c.before),
                c.after.as_str(),
                cell(&evidence(c))
            );
        }
        out.push('\n');
    }
    for (label, ids) in added_removed(run) {
        if !ids.is_empty() {
            let list: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
            let _ = writeln!(out, "- {label}: {}", list.join(", "));
        }
    }
    out
}
