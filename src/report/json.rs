//! The JSON report (spec §11): a stable interface, sorted, byte-for-byte
//! reproducible.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use rayon::prelude::*;

use crate::eval::{Finding, MissingReason};
use crate::project::CheckRun;
use crate::source::Sources;

#[derive(Serialize)]
struct Summary {
    pass: usize,
    fail: usize,
    unknown: usize,
    #[serde(rename = "n/a")]
    not_applicable: usize,
    waived: usize,
}

#[derive(Serialize)]
struct ResultJson<'a> {
    vendor: &'a str,
    requirement: &'a str,
    severity: &'static str,
    outcome: &'static str,
    facts: Vec<FactJson>,
    /// Paths of the facts whose absence left the outcome unknown.
    missing: Vec<String>,
    /// Facts that are stated but whose evidence has lapsed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stale: Vec<StaleJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waiver: Option<WaiverJson<'a>>,
}

#[derive(Serialize)]
struct FactJson {
    path: String,
    value: String,
    file: String,
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
}

#[derive(Serialize)]
struct StaleJson {
    path: String,
    reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
}

#[derive(Serialize)]
struct WaiverJson<'a> {
    title: &'a str,
    expires: String,
    approved_by: &'a str,
}

#[derive(Serialize)]
struct DiagnosticJson {
    level: &'static str,
    code: &'static str,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    help: String,
}

fn diagnostic(d: &Diagnostic, sources: &Sources) -> DiagnosticJson {
    let loc = d.location(sources);
    DiagnosticJson {
        level: d.level.as_str(),
        code: d.code.as_str(),
        message: d.message.clone(),
        file: loc.file,
        line: loc.line,
        column: loc.column,
        help: d.help_text().to_string(),
    }
}

fn result<'a>(run: &'a CheckRun, f: &Finding) -> Option<ResultJson<'a>> {
    let model = run.model.as_ref()?;
    let vendor = model.vendors.get(f.vendor)?;
    let req = model.requirements.get(f.requirement)?;
    let place = |span| {
        let line = run.sources.line(span);
        (run.sources.name(span.file).to_string(), line)
    };
    let facts = f
        .fact_views(model, vendor)
        .into_iter()
        .map(|u| {
            let (file, line) = place(u.span);
            FactJson {
                path: u.path,
                value: u.value,
                file,
                line,
                source: u.source,
            }
        })
        .collect();
    let missing = f
        .missing
        .iter()
        .filter(|m| !m.is_stale())
        .map(|m| m.path.clone())
        .collect();
    let stale = f
        .missing
        .iter()
        .filter(|m| m.is_stale())
        .map(|m| {
            let (reason, date) = match &m.reason {
                MissingReason::Expired(d) => ("expired", Some(d.to_string())),
                MissingReason::TooOld(d) => ("too old", d.map(|d| d.to_string())),
                MissingReason::NotStated => ("not stated", None),
            };
            let (file, line) = match m.span.map(place) {
                Some((f, l)) => (Some(f), Some(l)),
                None => (None, None),
            };
            StaleJson {
                path: m.path.clone(),
                reason,
                date,
                file,
                line,
            }
        })
        .collect();
    let waiver = f
        .waiver
        .and_then(|w| model.waivers.get(w))
        .map(|w| WaiverJson {
            title: &w.title,
            expires: w.expires.to_string(),
            approved_by: &w.approved_by,
        });
    Some(ResultJson {
        vendor: &vendor.id,
        requirement: &req.full_id,
        severity: req.severity.as_str(),
        outcome: f.outcome.as_str(),
        facts,
        missing,
        stale,
        waiver,
    })
}

/// The JSON report as a string; see [`write_json`].
pub fn render_json(run: &CheckRun) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail; serialising our own structs cannot
    // either.
    let _ = write_json(run, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// How many results are rendered at once, on every core, before they are
/// written: enough to keep the cores busy, few enough that the report is
/// never held whole in memory.
const CHUNK: usize = 4096;

/// Writes the JSON report (spec §11): the summary first, then one result a
/// line, so that it streams, diffs well in git and greps well, then the
/// diagnostics. With errors, `results` is empty and `diagnostics` says why.
pub fn write_json(run: &CheckRun, out: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<()> {
    let [pass, fail, unknown, not_applicable, waived] = run.summary();
    let invalid = run.diagnostics.iter().any(Diagnostic::is_error);
    let summary = Summary {
        pass,
        fail,
        unknown,
        not_applicable,
        waived,
    };
    writeln!(out, "{{")?;
    writeln!(out, "  \"today\": \"{}\",", run.today)?;
    writeln!(out, "  \"summary\": {},", to_line(&summary))?;
    let findings: &[Finding] = if invalid {
        &[]
    } else {
        &run.evaluation.findings
    };
    write!(out, "  \"results\": [")?;
    let mut first = true;
    for chunk in findings.chunks(CHUNK) {
        let lines: Vec<String> = chunk
            .par_iter()
            .map(|f| result(run, f).map(|r| to_line(&r)).unwrap_or_default())
            .collect();
        for line in lines.iter().filter(|l| !l.is_empty()) {
            write!(out, "{}\n    {line}", if first { "" } else { "," })?;
            first = false;
        }
    }
    writeln!(out, "{}],", if first { "" } else { "\n  " })?;
    write!(out, "  \"diagnostics\": [")?;
    for (i, d) in run.diagnostics.iter().enumerate() {
        write!(
            out,
            "{}\n    {}",
            if i == 0 { "" } else { "," },
            to_line(&diagnostic(d, &run.sources))
        )?;
    }
    writeln!(
        out,
        "{}]",
        if run.diagnostics.is_empty() {
            ""
        } else {
            "\n  "
        }
    )?;
    writeln!(out, "}}")?;
    out.flush()
}

/// One value as compact JSON on one line.
fn to_line(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
