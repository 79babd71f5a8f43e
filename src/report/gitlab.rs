//! The GitLab Code Quality report: a JSON array of issues, one per fail or
//! unknown and one per expired waiver, which GitLab shows in the merge
//! request. On invalid input, one issue per error.
//!
//! The words and places of a finding are the SARIF report's, so the two
//! formats describe a finding alike.

use std::collections::BTreeMap;

use serde::Serialize;

use super::finding::{
    expired_waiver, finding_message, is_project_path, places, waiver_fingerprint,
};
use super::fingerprint;
use crate::diagnostics::{Code, Diagnostic};
use crate::eval::Finding;
use crate::model::Model;
use crate::project::CheckRun;
use crate::source::Span;
use crate::vocabulary::{Outcome, Severity};

/// Where an issue points when nothing better is known: the file every
/// project has.
const FALLBACK_PATH: &str = "skykrav.toml";

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The Code Quality report, pretty-printed, ending in a newline; `[]` when
/// there is nothing to report.
pub fn render_gitlab(run: &CheckRun) -> String {
    let invalid = !run.is_valid();
    let mut issues = match run.model.as_ref().filter(|_| !invalid) {
        Some(model) => model_issues(run, model),
        None => run
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| error_issue(run, d))
            .collect(),
    };
    make_fingerprints_unique(&mut issues);
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

fn model_issues(run: &CheckRun, model: &Model) -> Vec<Issue> {
    let mut issues: Vec<Issue> = run
        .evaluation
        .findings
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Fail | Outcome::Unknown))
        .filter_map(|f| finding_issue(run, model, f))
        .collect();
    issues.extend(
        run.diagnostics
            .iter()
            .filter(|d| d.code == Code::WaiverExpired)
            .map(|d| expired_waiver_issue(run, model, d)),
    );
    issues
}

fn finding_issue(run: &CheckRun, model: &Model, f: &Finding) -> Option<Issue> {
    let vendor = model.vendors.get(f.vendor)?;
    let req = model.requirements.get(f.requirement)?;
    let ev = run.evidence(f);
    let place = places(run, model, f, &ev)?.primary.span;
    Some(Issue {
        description: finding_message(model, f, &ev)?,
        check_name: req.full_id.clone(),
        fingerprint: fingerprint(&vendor.id, &req.full_id),
        severity: severity(req.severity),
        location: location(run, &[place, vendor.header]),
    })
}

fn expired_waiver_issue(run: &CheckRun, model: &Model, d: &Diagnostic) -> Issue {
    let waiver = expired_waiver(model, d);
    let (check_name, vendor_id) = match waiver {
        Some((vendor, req, _)) => (req.full_id.clone(), vendor.id.as_str()),
        None => (d.code.as_str().to_string(), ""),
    };
    let mut places: Vec<Span> = d.main_span().into_iter().collect();
    places.extend(waiver.map(|(vendor, _, _)| vendor.header));
    Issue {
        description: d.message.clone(),
        fingerprint: waiver_fingerprint(vendor_id, &check_name, &d.message),
        check_name,
        // The finding the waiver covered is an issue of its own, with the
        // requirement's severity; the lapsed waiver is paperwork.
        severity: "minor",
        location: location(run, &places),
    }
}

/// An error of the input: nothing was evaluated, so the merge request
/// should not go in until it is fixed.
fn error_issue(run: &CheckRun, d: &Diagnostic) -> Issue {
    let loc = d.location(&run.sources);
    let place = format!(
        "{}:{}:{}",
        loc.file.as_deref().unwrap_or(""),
        loc.line.unwrap_or(0),
        loc.column.unwrap_or(0)
    );
    let location = match d.main_span() {
        Some(span) => location(run, &[span]),
        None => IssueLocation {
            path: d
                .path
                .clone()
                .filter(|p| is_project_path(p))
                .unwrap_or_else(|| FALLBACK_PATH.to_string()),
            lines: Lines { begin: 1 },
        },
    };
    Issue {
        description: d.message.clone(),
        check_name: d.code.as_str().to_string(),
        fingerprint: fingerprint(d.code.as_str(), &format!("{place} {}", d.message)),
        severity: "blocker",
        location,
    }
}

/// The first of `spans` that is in a file of the repository. GitLab links
/// an issue to a repository path, so a place in a bundled pack will not do.
fn location(run: &CheckRun, spans: &[Span]) -> IssueLocation {
    spans
        .iter()
        .find_map(|span| {
            let name = run.sources.name(span.file);
            if !is_project_path(name) || run.sources.get(span.file).is_none() {
                return None;
            }
            let (begin, _) = run.sources.line_col(*span);
            Some(IssueLocation {
                path: run.repo_path(name),
                lines: Lines { begin },
            })
        })
        .unwrap_or_else(|| IssueLocation {
            path: FALLBACK_PATH.to_string(),
            lines: Lines { begin: 1 },
        })
}

/// GitLab's severities: critical, major, minor, info (and blocker, which
/// is kept for input errors).
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "critical",
        Severity::High => "major",
        Severity::Medium => "minor",
        Severity::Low | Severity::Info => "info",
    }
}

/// GitLab takes two issues with one fingerprint for one issue. Fingerprints
/// are unique by construction except for identical errors at one place;
/// the second of those gets a counter, so that none is lost.
fn make_fingerprints_unique(issues: &mut [Issue]) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for issue in issues {
        let count = seen.entry(issue.fingerprint.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            issue.fingerprint = fingerprint(&issue.fingerprint, &format!("#{count}"));
        }
    }
}
