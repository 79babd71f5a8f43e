//! What the review formats (JUnit, Markdown, GitHub, SARIF, GitLab) say
//! alike about a finding: its places, its evidence in words, and whether a
//! file is the user's or bundled in skykrav.

use std::fmt::Write as _;

use crate::eval::{Evidence, Finding, Missing, MissingReason};
use crate::model::{Model, Requirement, Vendor, Waiver};
use crate::project::CheckRun;
use crate::source::Span;
use crate::vocabulary::Outcome;

/// The model when the input was valid. With any error nothing was
/// evaluated, and reports list the errors instead.
pub(super) fn valid_model(run: &CheckRun) -> Option<&Model> {
    run.model.as_ref().filter(|_| run.is_valid())
}

/// `file:line` of the start of a span.
pub(super) fn place(run: &CheckRun, span: Span) -> String {
    let line = run.sources.line(span);
    format!("{}:{line}", run.sources.name(span.file))
}

/// Whether a file is bundled in the binary (`<pack>/file.krav`) rather
/// than in the user's repository.
pub(super) fn is_pack_file(name: &str) -> bool {
    crate::packs::is_bundled_name(name)
}

/// Why a needed fact had no value, in words: "not stated",
/// "stale: expired 2026-01-31".
pub(super) fn missing_words(reason: &MissingReason) -> String {
    match reason {
        MissingReason::NotStated => "not stated".into(),
        MissingReason::Expired(d) => format!("stale: expired {d}"),
        MissingReason::TooOld(Some(d)) => {
            format!("stale: checked {d}, longer ago than max_fact_age")
        }
        MissingReason::TooOld(None) => "stale: no `as_of` date, and max_fact_age is set".into(),
    }
}

/// Where a missing fact should be looked for: a stale fact where it is
/// written, an unstated one at the vendor's header.
pub(super) fn missing_span(m: &Missing, vendor: &Vendor) -> Span {
    m.span.unwrap_or(vendor.header)
}

/// "TITLE, approved by WHO, until DATE".
pub(super) fn waiver_words(w: &Waiver) -> String {
    format!(
        "{}, approved by {}, until {}",
        w.title, w.approved_by, w.expires
    )
}

/// The evidence of a fail or unknown, one line each, with its place: for a
/// fail the facts that made it false, for an unknown the facts that were
/// missing. A fail can rest on a missing fact too (`present(x)` is false).
pub(super) fn evidence_lines(
    run: &CheckRun,
    model: &Model,
    vendor: &Vendor,
    f: &Finding,
    ev: &Evidence,
) -> Vec<String> {
    let mut lines = Vec::new();
    if f.outcome == Outcome::Fail {
        for u in ev.fact_views(model, vendor) {
            let mut line = format!("`{}` is {} ({})", u.path, u.value, place(run, u.span));
            if let Some(source) = &u.source {
                let _ = write!(line, ", evidence: {source}");
            }
            lines.push(line);
        }
    }
    for m in &ev.missing {
        lines.push(format!(
            "`{}` is {} ({})",
            m.path(model),
            missing_words(&m.reason),
            place(run, missing_span(m, vendor))
        ));
    }
    lines
}

/// A one-line summary of the evidence, for attributes and titles:
/// "`sla.uptime` is 99.0%; `owner.name` is not stated".
pub(super) fn evidence_summary(
    model: &Model,
    vendor: &Vendor,
    f: &Finding,
    ev: &Evidence,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if f.outcome == Outcome::Fail {
        parts.extend(
            ev.fact_views(model, vendor)
                .into_iter()
                .map(|u| format!("`{}` is {}", u.path, u.value)),
        );
    }
    parts.extend(
        ev.missing
            .iter()
            .map(|m| format!("`{}` is {}", m.path(model), missing_words(&m.reason))),
    );
    parts.join("; ")
}

/// The line of the `require` that decided, else the requirement's header.
pub(super) fn require_span(req: &Requirement, f: &Finding) -> Span {
    req.decisive_span(f.decisive_require)
}

/// The heading of a fail or unknown: "dk-baseline/R3.uptime [medium] fails
/// vendor acme (Acme Cloud): The guaranteed uptime meets our need".
pub(super) fn finding_heading(req: &Requirement, vendor: &Vendor, f: &Finding) -> String {
    let verb = match f.outcome {
        Outcome::Fail => "fails",
        _ => "cannot be decided for",
    };
    format!(
        "{} [{}] {verb} vendor {} ({}): {}",
        req.full_id,
        req.severity.as_str(),
        vendor.id,
        vendor.name,
        req.title
    )
}
