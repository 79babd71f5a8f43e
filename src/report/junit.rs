//! The `junit` report: JUnit XML, as CI systems (Jenkins, GitLab, Azure
//! DevOps, test-report actions) show test results. One test suite per
//! vendor, one test case per requirement.
//!
//! The XML is written by hand: the format is small, and writing it here
//! keeps the escaping visible and the bytes stable.

use std::fmt::Write as _;

use super::escape::xml::{attr, text};
use super::shared::{
    evidence_lines, evidence_summary, finding_heading, place, require_span, valid_model,
    waiver_words,
};
use crate::diagnostics::{Diagnostic, Level};
use crate::eval::{Evidence, Finding};
use crate::model::{Model, Requirement, Vendor};
use crate::project::CheckRun;
use crate::vocabulary::Outcome;

// ---------------------------------------------------------------------------
// The report.

/// How a finding shows in JUnit: a passed, failed or skipped test.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Passed,
    Failed,
    Skipped,
}

/// The one place that decides a finding's case, so that the counts in the
/// attributes always match the elements written.
fn case_of(f: &Finding, allow_unknown: bool) -> Case {
    match f.outcome {
        Outcome::Pass => Case::Passed,
        Outcome::Fail => Case::Failed,
        Outcome::Unknown if allow_unknown => Case::Skipped,
        Outcome::Unknown => Case::Failed,
        Outcome::NotApplicable | Outcome::Waived => Case::Skipped,
    }
}

#[derive(Clone, Copy, Default)]
struct Counts {
    tests: usize,
    failures: usize,
    skipped: usize,
}

impl Counts {
    fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>, allow_unknown: bool) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            c.tests += 1;
            match case_of(f, allow_unknown) {
                Case::Passed => {}
                Case::Failed => c.failures += 1,
                Case::Skipped => c.skipped += 1,
            }
        }
        c
    }

    /// `tests="…" failures="…" skipped="…" errors="0"`.
    fn attrs(self) -> String {
        format!(
            r#"tests="{}" failures="{}" skipped="{}" errors="0""#,
            self.tests, self.failures, self.skipped
        )
    }
}

/// The JUnit XML report, ending in a newline.
pub fn render_junit(run: &CheckRun) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    match valid_model(run) {
        Some(model) => write_results(&mut out, run, model),
        None => write_errors(&mut out, run),
    }
    out
}

fn write_results(out: &mut String, run: &CheckRun, model: &Model) {
    let findings = &run.evaluation.findings;
    let total = Counts::of(findings, run.allow_unknown);
    let _ = writeln!(out, r#"<testsuites name="skykrav" {}>"#, total.attrs());
    // Findings come sorted by vendor, so each run of one vendor is a suite.
    for group in findings.chunk_by(|a, b| a.vendor == b.vendor) {
        let Some(vendor) = group.first().and_then(|f| model.vendors.get(f.vendor)) else {
            continue;
        };
        write_suite(out, run, model, vendor, group);
    }
    out.push_str("</testsuites>\n");
}

fn write_suite(
    out: &mut String,
    run: &CheckRun,
    model: &Model,
    vendor: &Vendor,
    group: &[Finding],
) {
    let counts = Counts::of(group, run.allow_unknown);
    let id = attr(&vendor.id);
    let _ = writeln!(out, r#"  <testsuite name="{id}" {}>"#, counts.attrs());
    // The vendor's display name is kept as a property: the suite's name is
    // its id, which is what the rest of skykrav reports.
    let _ = writeln!(
        out,
        "    <properties>\n      <property name=\"vendor.name\" value=\"{}\"/>\n      <property name=\"vendor.file\" value=\"{}\"/>\n    </properties>",
        attr(&vendor.name),
        attr(&place(run, vendor.header))
    );
    for f in group {
        let Some(req) = model.requirements.get(f.requirement) else {
            continue;
        };
        write_case(out, run, model, vendor, req, f);
    }
    out.push_str("  </testsuite>\n");
}

fn write_case(
    out: &mut String,
    run: &CheckRun,
    model: &Model,
    vendor: &Vendor,
    req: &Requirement,
    f: &Finding,
) {
    let open = format!(
        r#"    <testcase classname="{}" name="{}""#,
        attr(&vendor.id),
        attr(&req.full_id)
    );
    let Some(child) = case_child(run, model, vendor, req, f) else {
        let _ = writeln!(out, "{open}/>");
        return;
    };
    let _ = writeln!(out, "{open}>\n      {child}\n    </testcase>");
}

/// The `<failure>` or `<skipped>` element of a finding; none for a pass.
fn case_child(
    run: &CheckRun,
    model: &Model,
    vendor: &Vendor,
    req: &Requirement,
    f: &Finding,
) -> Option<String> {
    let case = case_of(f, run.allow_unknown);
    let skipped = |message: String| format!(r#"<skipped message="{}"/>"#, attr(&message));
    let ev = match f.outcome {
        Outcome::Fail | Outcome::Unknown => run.evidence(f),
        _ => Evidence::default(),
    };
    match f.outcome {
        Outcome::Pass => None,
        Outcome::NotApplicable => Some(skipped("n/a: the when guard is false".into())),
        Outcome::Waived => {
            let words = f
                .waiver
                .and_then(|w| model.waivers.get(w))
                .map(waiver_words)
                .unwrap_or_else(|| "no waiver recorded".into());
            Some(skipped(format!("waived: {words}")))
        }
        Outcome::Unknown if case == Case::Skipped => Some(skipped(format!(
            "unknown: {}",
            evidence_summary(model, vendor, f, &ev)
        ))),
        Outcome::Fail | Outcome::Unknown => {
            let kind = f.outcome.as_str();
            let message = format!("{}: {}", req.title, evidence_summary(model, vendor, f, &ev));
            Some(format!(
                "<failure type=\"{kind}\" message=\"{}\">{}</failure>",
                attr(&message),
                text(&failure_body(run, model, vendor, req, f, &ev))
            ))
        }
    }
}

/// The text of a `<failure>`: what failed, the evidence with its places,
/// the `require` line, references and help.
fn failure_body(
    run: &CheckRun,
    model: &Model,
    vendor: &Vendor,
    req: &Requirement,
    f: &Finding,
    ev: &Evidence,
) -> String {
    let mut body = finding_heading(req, vendor, f);
    body.push('\n');
    for line in evidence_lines(run, model, vendor, f, ev) {
        let _ = writeln!(body, "  {line}");
    }
    let _ = writeln!(body, "require: {}", place(run, require_span(req, f)));
    if !req.refs.is_empty() {
        let _ = writeln!(body, "refs: {}", req.refs.join(", "));
    }
    if let Some(help) = &req.help {
        let _ = writeln!(body, "help: {help}");
    }
    body
}

/// Invalid input: one suite whose cases are the errors, so that a CI page
/// shows why nothing was evaluated.
fn write_errors(out: &mut String, run: &CheckRun) {
    let errors: Vec<&Diagnostic> = run.diagnostics_at(Level::Error).collect();
    let n = errors.len();
    let counts = format!(r#"tests="{n}" failures="0" skipped="0" errors="{n}""#);
    let _ = writeln!(out, r#"<testsuites name="skykrav" {counts}>"#);
    let _ = writeln!(out, r#"  <testsuite name="skykrav" {counts}>"#);
    for d in errors {
        let loc = d.location(&run.sources);
        let at = match (&loc.file, loc.line, loc.column) {
            (Some(file), Some(line), Some(col)) => format!("{file}:{line}:{col}"),
            (Some(file), _, _) => file.clone(),
            _ => "the project".to_string(),
        };
        let code = d.code.as_str();
        let body = format!("{at}: {}\nhelp: {}\n", d.message, d.help_text());
        let _ = writeln!(
            out,
            "    <testcase classname=\"skykrav\" name=\"{} {}\">\n      <error type=\"{code}\" message=\"{}\">{}</error>\n    </testcase>",
            code,
            attr(&at),
            attr(&d.message),
            text(&body)
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
}

// ---------------------------------------------------------------------------
// Escaping.
