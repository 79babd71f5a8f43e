//! What the review formats (SARIF, GitLab) say alike about a finding: its
//! message, the places that show it, and the fingerprint of an expired
//! waiver. One wording, so that the formats cannot drift apart.

use super::fingerprint;
use super::shared::{is_pack_file, missing_words};
use crate::diagnostics::Diagnostic;
use crate::eval::{Evidence, Finding};
use crate::model::{Model, Requirement, Vendor};
use crate::project::CheckRun;
use crate::source::Span;
use crate::vocabulary::Outcome;

/// The vendor, requirement and requirement index of the waiver an expired-
/// waiver diagnostic is about, found by the waiver's place.
pub(super) fn expired_waiver<'m>(
    model: &'m Model,
    d: &Diagnostic,
) -> Option<(&'m Vendor, &'m Requirement, usize)> {
    let span = d.main_span()?;
    let w = model.waivers.iter().find(|w| w.span == span)?;
    Some((
        model.vendors.get(w.vendor)?,
        model.requirements.get(w.requirement)?,
        w.requirement,
    ))
}

/// The fingerprint of an expired waiver: apart from the finding of the same
/// vendor and requirement, which is reported too.
pub(super) fn waiver_fingerprint(vendor: &str, requirement: &str, message: &str) -> String {
    if vendor.is_empty() {
        fingerprint(message, "#waiver")
    } else {
        fingerprint(vendor, &format!("{requirement}#waiver"))
    }
}

/// The text of a finding: the vendor, the requirement and the values that
/// decided it: "microsoft-365 fails dk-baseline/R3.uptime: `sla.uptime`
/// is 99.5%".
pub(super) fn finding_message(model: &Model, f: &Finding, ev: &Evidence) -> Option<String> {
    let vendor_def = model.vendors.get(f.vendor)?;
    let vendor = &vendor_def.id;
    let req = model.requirements.get(f.requirement)?;
    let facts = ev
        .fact_views(model, vendor_def)
        .into_iter()
        .map(|u| format!("`{}` is {}", u.path, u.value));
    let missing = ev
        .missing
        .iter()
        .map(|m| format!("`{}` is {}", m.path(model), missing_words(&m.reason)));
    // A fail is decided by the values that made it false, and by the facts
    // that `present()` found missing; an unknown only by what is missing:
    // the facts it could read are no news.
    let (reasons, head, fallback): (Vec<String>, String, &str) = match f.outcome {
        Outcome::Fail => (
            facts.chain(missing).collect(),
            format!("{vendor} fails {}", req.full_id),
            &req.title,
        ),
        _ => (
            missing.collect(),
            format!("{vendor} is unknown for {}", req.full_id),
            "the stated facts do not decide it",
        ),
    };
    Some(if reasons.is_empty() {
        format!("{head}: {fallback}")
    } else {
        format!("{head}: {}", reasons.join(", "))
    })
}

/// A place in a file with what it shows.
#[derive(Clone, Debug)]
pub(super) struct Place {
    pub span: Span,
    pub message: String,
}

impl Place {
    pub(super) fn new(span: Span, message: impl Into<String>) -> Place {
        Place {
            span,
            message: message.into(),
        }
    }
}

/// Where a finding is shown, and the further places that explain it.
pub(super) struct Places {
    pub primary: Place,
    pub related: Vec<Place>,
}

/// The places of a finding's evidence. The primary place is what decided
/// it: for a fail the first fact that made it false; for an unknown the
/// stale fact, or the vendor's header for facts that are not stated. It is
/// always in the user's files when there is such a place, because a code-
/// scanning platform shows a result only at a file of the repository.
pub(super) fn places(run: &CheckRun, model: &Model, f: &Finding, ev: &Evidence) -> Option<Places> {
    let vendor = model.vendors.get(f.vendor)?;
    let facts = ev
        .fact_views(model, vendor)
        .into_iter()
        .map(|u| Place::new(u.span, format!("`{}` is {}", u.path, u.value)));
    let stale = ev.missing.iter().filter_map(|m| {
        let span = m.span?;
        Some(Place::new(
            span,
            format!("`{}` is {}", m.path(model), missing_words(&m.reason)),
        ))
    });
    let unplaced: Vec<String> = ev
        .missing
        .iter()
        .filter(|m| m.span.is_none())
        .map(|m| format!("`{}` is {}", m.path(model), missing_words(&m.reason)))
        .collect();
    let header = (!unplaced.is_empty()).then(|| {
        Place::new(
            vendor.header,
            format!("`{}`: {}", vendor.id, unplaced.join(", ")),
        )
    });
    let mut places: Vec<Place> = match f.outcome {
        Outcome::Fail => facts.chain(stale).chain(header).collect(),
        _ => stale.chain(header).chain(facts).collect(),
    };
    let first_own = places
        .iter()
        .position(|p| !is_pack_file(run.sources.name(p.span.file)));
    let primary = match first_own {
        Some(i) => places.remove(i),
        None => Place::new(vendor.header, format!("the vendor `{}`", vendor.id)),
    };
    Some(Places {
        primary,
        related: places,
    })
}

/// Whether a name is a path inside the project folder. Diagnostics about
/// the folder itself carry its absolute path, sometimes quoted
/// (`` `/tmp/x` ``); such a path is no place in the repository.
pub(super) fn is_project_path(name: &str) -> bool {
    !name.is_empty() && !name.contains('`') && !is_pack_file(name) && !is_absolute(name)
}

fn is_absolute(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.starts_with('/')
        || name.starts_with('\\')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}
