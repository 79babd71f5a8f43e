//! The JSON report (docs/language.md §14): a stable interface, sorted, byte-for-byte
//! reproducible.

use std::io::Write as _;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::eval::{Evidence, Explainer, Finding, MissingReason};
use crate::model::Model;
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

/// A diagnostic as every JSON report writes it (`check` and `diff` alike).
#[derive(Serialize)]
pub(super) struct DiagnosticJson {
    level: &'static str,
    code: &'static str,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    help: String,
}

pub(super) fn diagnostic_json(d: &Diagnostic, sources: &Sources) -> DiagnosticJson {
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

/// A number in decimal, without going through `fmt`.
fn push_uint(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// A JSON string, quoted and escaped as serde_json escapes it: most
/// strings (ids, paths, file names) need no escape and are copied as they
/// are; the rest go through serde_json itself.
fn json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing to memory cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// Writes the result lines of a run. The parts that are the same from one
/// result to the next are written as JSON once, here, rather than escaped
/// again for every result.
struct ResultLines<'r> {
    run: &'r CheckRun,
    model: &'r Model,
    /// `,"requirement":"…","severity":"…"`, by requirement.
    requirements: Vec<Vec<u8>>,
    /// `{"path":"…"` of each fact, by [`crate::model::FactId`].
    fact_paths: Vec<Vec<u8>>,
    /// `,"file":"…"`, by file.
    files: Vec<Vec<u8>>,
}

impl<'r> ResultLines<'r> {
    fn new(run: &'r CheckRun, model: &'r Model) -> ResultLines<'r> {
        let piece = |parts: &[(&[u8], &str)]| {
            let mut out = Vec::new();
            for (key, value) in parts {
                out.extend_from_slice(key);
                json_str(&mut out, value);
            }
            out
        };
        ResultLines {
            run,
            model,
            requirements: model
                .requirements
                .iter()
                .map(|r| {
                    piece(&[
                        (b",\"requirement\":", &r.full_id),
                        (b",\"severity\":", r.severity.as_str()),
                    ])
                })
                .collect(),
            fact_paths: model
                .schema
                .facts
                .iter()
                .map(|f| piece(&[(b"{\"path\":", &f.path)]))
                .collect(),
            files: run
                .sources
                .iter()
                .map(|(_, file)| piece(&[(b",\"file\":", &file.name)]))
                .collect(),
        }
    }

    /// One result as a line of JSON, appended to `out` after the separator
    /// `,\n    ` (the writer drops the comma before the first). Written by hand, not
    /// through serde's structs: this runs once for every (vendor, requirement)
    /// pair, and building a tree of strings for each was most of the report's
    /// cost. The fields, their order and the escaping are those of the
    /// structs it replaced (serde_json escapes every string), so the bytes are
    /// the same; `tests/cli.rs` and the snapshot tests hold them.
    fn write(
        &self,
        out: &mut Vec<u8>,
        scratch: &mut String,
        vendor_piece: &[u8],
        f: &Finding,
        evidence: &Evidence,
    ) {
        let (run, model) = (self.run, self.model);
        let (Some(vendor), Some(req_piece)) = (
            model.vendors.get(f.vendor),
            self.requirements.get(f.requirement),
        ) else {
            return;
        };
        out.extend_from_slice(vendor_piece);
        out.extend_from_slice(req_piece);
        out.extend_from_slice(b",\"outcome\":");
        json_str(out, f.outcome.as_str());
        out.extend_from_slice(b",\"facts\":[");
        for (i, u) in evidence.facts.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match self.fact_paths.get(u.at.fact.0 as usize) {
                Some(path) if u.at.element.is_none() && u.at.field.is_none() => {
                    out.extend_from_slice(path)
                }
                _ => {
                    out.extend_from_slice(b"{\"path\":");
                    scratch.clear();
                    u.at.write_path(model, scratch);
                    json_str(out, scratch);
                }
            }
            out.extend_from_slice(b",\"value\":");
            scratch.clear();
            if let Some(v) = u.at.value(vendor) {
                model.schema.write_value(scratch, v);
            }
            json_str(out, scratch);
            match self.files.get(u.span.file.0 as usize) {
                Some(file) => out.extend_from_slice(file),
                None => {
                    out.extend_from_slice(b",\"file\":");
                    json_str(out, run.sources.name(u.span.file));
                }
            }
            out.extend_from_slice(b",\"line\":");
            push_uint(out, run.sources.line(u.span));
            if let Some(source) = vendor.fact(u.at.fact).and_then(|f| f.source.as_deref()) {
                out.extend_from_slice(b",\"source\":");
                json_str(out, source);
            }
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"missing\":[");
        let mut first = true;
        for m in evidence.missing.iter().filter(|m| !m.is_stale()) {
            if !first {
                out.push(b',');
            }
            first = false;
            scratch.clear();
            m.at.write_path(model, scratch);
            json_str(out, scratch);
        }
        out.push(b']');
        // Facts that are stated but whose evidence has lapsed.
        let mut first = true;
        for m in evidence.missing.iter().filter(|m| m.is_stale()) {
            out.extend_from_slice(if first { b",\"stale\":[" } else { b"," });
            first = false;
            out.extend_from_slice(b"{\"path\":");
            scratch.clear();
            m.at.write_path(model, scratch);
            json_str(out, scratch);
            let (reason, date) = match &m.reason {
                MissingReason::Expired(d) => ("expired", Some(d)),
                MissingReason::TooOld(d) => ("too old", d.as_ref()),
                MissingReason::NotStated => ("not stated", None),
            };
            out.extend_from_slice(b",\"reason\":");
            json_str(out, reason);
            if let Some(d) = date {
                let _ = write!(out, ",\"date\":\"{d}\"");
            }
            if let Some(span) = m.span {
                out.extend_from_slice(b",\"file\":");
                json_str(out, run.sources.name(span.file));
                out.extend_from_slice(b",\"line\":");
                push_uint(out, run.sources.line(span));
            }
            out.push(b'}');
        }
        if !first {
            out.push(b']');
        }
        if let Some(w) = f.waiver.and_then(|w| model.waivers.get(w)) {
            out.extend_from_slice(b",\"waiver\":{\"title\":");
            json_str(out, &w.title);
            let _ = write!(out, ",\"expires\":\"{}\",\"approved_by\":", w.expires);
            json_str(out, &w.approved_by);
            out.extend_from_slice(b",\"reason\":");
            json_str(out, &w.reason);
            out.push(b'}');
        }
        out.push(b'}');
    }

    /// The lines of a run of consecutive findings that may span several
    /// vendors: each vendor's are explained on one core, with one explainer
    /// (its defines evaluated once), and the blocks come back in order.
    fn render(&self, findings: &[Finding]) -> Vec<Vec<u8>> {
        let opts = self.run.eval_options();
        let per_vendor: Vec<&[Finding]> = findings.chunk_by(|a, b| a.vendor == b.vendor).collect();
        per_vendor
            .par_iter()
            .map(|of_vendor| {
                let mut out = Vec::with_capacity(of_vendor.len() * 256);
                let mut scratch = String::new();
                let Some(vendor) = of_vendor
                    .first()
                    .and_then(|f| self.model.vendors.get(f.vendor))
                else {
                    return out;
                };
                let explainer = Explainer::new(self.model, vendor, &opts);
                let mut vendor_piece = b",\n    {\"vendor\":".to_vec();
                json_str(&mut vendor_piece, &vendor.id);
                for f in of_vendor.iter() {
                    let evidence = explainer.evidence(f.requirement);
                    self.write(&mut out, &mut scratch, &vendor_piece, f, &evidence);
                }
                out
            })
            .collect()
    }
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

/// Writes the JSON report (docs/language.md §14): the summary first, then one result a
/// line, so that it streams, diffs well in git and greps well, then the
/// diagnostics. With errors, `results` is empty and `diagnostics` says why.
pub fn write_json(run: &CheckRun, out: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<()> {
    let [pass, fail, unknown, not_applicable, waived] = run.summary();
    let invalid = !run.is_valid();
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
    if let Some(model) = run.model.as_ref() {
        let lines = ResultLines::new(run, model);
        for chunk in findings.chunks(CHUNK) {
            for block in lines.render(chunk) {
                let Some(rest) = block.get(usize::from(first)..) else {
                    continue;
                };
                if !rest.is_empty() {
                    out.write_all(rest)?;
                    first = false;
                }
            }
        }
    }
    writeln!(out, "{}],", if first { "" } else { "\n  " })?;
    let waivers = match (&run.model, invalid) {
        (Some(model), false) => waiver_lines(run, model),
        _ => Vec::new(),
    };
    write!(out, "  \"waivers\": [")?;
    for (i, w) in waivers.iter().enumerate() {
        write!(out, "{}\n    {}", if i == 0 { "" } else { "," }, to_line(w))?;
    }
    writeln!(out, "{}],", if waivers.is_empty() { "" } else { "\n  " })?;
    write!(out, "  \"diagnostics\": [")?;
    for (i, d) in run.diagnostics.iter().enumerate() {
        write!(
            out,
            "{}\n    {}",
            if i == 0 { "" } else { "," },
            to_line(&diagnostic_json(d, &run.sources))
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

#[derive(Serialize)]
struct WaiverJson<'a> {
    vendor: &'a str,
    requirement: &'a str,
    title: &'a str,
    expires: String,
    approved_by: &'a str,
    reason: &'a str,
    /// `in force`, `expired`, `not needed`, `superseded` or `not evaluated`.
    state: &'static str,
    /// Whether it ends within `waiver_notice` (and has not ended yet).
    expires_soon: bool,
    file: &'a str,
    line: usize,
}

/// Every waiver of the project, in declaration order, with what it did in
/// this run.
fn waiver_lines<'a>(run: &'a CheckRun, model: &'a Model) -> Vec<WaiverJson<'a>> {
    use crate::vocabulary::Outcome;
    model
        .waivers
        .iter()
        .enumerate()
        .map(|(wi, w)| {
            // Findings are sorted by vendor, then requirement.
            let findings = &run.evaluation.findings;
            let finding = findings
                .binary_search_by_key(&(w.vendor, w.requirement), |f| (f.vendor, f.requirement))
                .ok()
                .and_then(|i| findings.get(i));
            let state = match finding {
                _ if w.days_left(run.today) < 0 => "expired",
                None => "not evaluated",
                Some(f) if f.waiver == Some(wi) => "in force",
                Some(f) if f.outcome == Outcome::Waived => "superseded",
                Some(_) => "not needed",
            };
            WaiverJson {
                vendor: &model.vendors[w.vendor].id,
                requirement: &model.requirements[w.requirement].full_id,
                title: &w.title,
                expires: w.expires.to_string(),
                approved_by: &w.approved_by,
                reason: &w.reason,
                state,
                expires_soon: w.ends_soon(run.today, run.config.waiver_notice),
                file: run.sources.name(w.span.file),
                line: run.sources.line(w.span),
            }
        })
        .collect()
}

/// One value as compact JSON on one line.
fn to_line(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::json_str;

    #[test]
    fn numbers_are_written_as_fmt_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            let mut ours = Vec::new();
            super::push_uint(&mut ours, n);
            assert_eq!(ours, n.to_string().into_bytes());
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in [
            "plain",
            "",
            "with \"quotes\"",
            "back\\slash",
            "line\nbreak",
            "tab\t",
            "\u{1}\u{1f}",
            "ø æ å 🦀",
            "\u{7f}",
            "/slash/",
        ] {
            let mut ours = Vec::new();
            json_str(&mut ours, s);
            assert_eq!(ours, serde_json::to_vec(s).unwrap_or_default(), "{s:?}");
        }
    }
}
