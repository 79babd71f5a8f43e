//! Evaluation (docs/language.md §6.8, §7): three-valued logic over each vendor's facts, with
//! the evidence that decided each outcome — the facts that made a
//! requirement fail, and the facts whose absence left it unknown.

pub mod explain;
mod expr;

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::limits::thousands;
use crate::model::{FactId, Model, Requirement, Vendor, VendorFact};
use crate::source::Span;
use crate::value::{Date, Duration, Value};
use crate::vocabulary::Outcome;

pub use expr::{Evaluator, Judgement, Outcomes, Recorded, Step, Trace};

/// What evaluation depends on besides the model.
#[derive(Clone, Debug)]
pub struct EvalOptions {
    pub today: Date,
    /// Facts checked longer ago than this are stale (docs/language.md §9).
    pub max_fact_age: Option<Duration>,
    /// A waiver in use that ends within this is reported (K2011).
    pub waiver_notice: Duration,
    /// Only vendors whose id matches; all when `None`.
    pub vendor_filter: Option<glob::Pattern>,
    /// Only requirements whose full id matches; all when `None`.
    pub requirement_filter: Option<glob::Pattern>,
}

impl EvalOptions {
    pub fn new(today: Date) -> EvalOptions {
        EvalOptions {
            today,
            max_fact_age: None,
            waiver_notice: crate::load::DEFAULT_WAIVER_NOTICE,
            vendor_filter: None,
            requirement_filter: None,
        }
    }
}

/// A place in a vendor's facts: a fact, an element of a list fact, or a
/// field of such an element. Evaluation records these; reports spell out
/// names and values only for what they show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FactRef {
    pub fact: FactId,
    pub element: Option<u32>,
    pub field: Option<u32>,
}

impl FactRef {
    pub fn fact(fact: FactId) -> FactRef {
        FactRef {
            fact,
            element: None,
            field: None,
        }
    }

    pub fn with_element(self, i: usize) -> FactRef {
        FactRef {
            element: Some(u32::try_from(i).unwrap_or(u32::MAX)),
            ..self
        }
    }

    /// A field of the element; a field of a field stays at the first one.
    pub fn with_field(self, f: usize) -> FactRef {
        if self.field.is_some() {
            return self;
        }
        FactRef {
            field: Some(u32::try_from(f).unwrap_or(u32::MAX)),
            ..self
        }
    }

    /// `chain.list[1].country`.
    pub fn path(&self, model: &Model) -> String {
        let mut path = String::new();
        self.write_path(model, &mut path);
        path
    }

    /// Appends the path to `out`: reports write many, and a buffer they
    /// reuse saves an allocation each.
    pub fn write_path(&self, model: &Model, out: &mut String) {
        use std::fmt::Write as _;
        let def = model.schema.fact(self.fact);
        out.push_str(&def.path);
        if let Some(i) = self.element {
            let _ = write!(out, "[{i}]");
        }
        if let Some(f) = self.field {
            let name = match &def.ty {
                crate::model::Type::List(inner) => match inner.as_ref() {
                    crate::model::Type::Record(r) => model
                        .schema
                        .record(*r)
                        .fields
                        .get(f as usize)
                        .map(|d| d.name.as_str()),
                    _ => None,
                },
                _ => None,
            };
            out.push('.');
            out.push_str(name.unwrap_or("?"));
        }
    }

    /// The value at this place, if the vendor states it.
    pub fn value<'v>(&self, vendor: &'v Vendor) -> Option<&'v Value> {
        let mut value = &vendor.fact(self.fact)?.value;
        if let Some(i) = self.element {
            let Value::List(items) = value else {
                return None;
            };
            value = items.get(i as usize)?;
        }
        if let Some(f) = self.field {
            let Value::Record { fields, .. } = value else {
                return None;
            };
            value = fields.get(f as usize)?.as_ref()?;
        }
        Some(value)
    }
}

/// A fact that took part in an outcome, and where it is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FactUse {
    pub at: FactRef,
    pub span: Span,
}

/// A fact that took part in an outcome, spelled out for a report.
#[derive(Clone, Debug, PartialEq)]
pub struct FactView {
    pub path: String,
    /// As the language writes it: `99.5%`, `"Jane"`, `[EU, US]`.
    pub value: String,
    pub span: Span,
    /// The evidence the vendor file gives for the fact.
    pub source: Option<String>,
}

impl FactUse {
    pub fn view(&self, model: &Model, vendor: &Vendor) -> FactView {
        FactView {
            path: self.at.path(model),
            value: self
                .at
                .value(vendor)
                .map(|v| model.schema.display_value(v))
                .unwrap_or_default(),
            span: self.span,
            source: vendor.fact(self.at.fact).and_then(|f| f.source.clone()),
        }
    }
}

/// Why a fact that was needed had no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingReason {
    NotStated,
    /// Its `expires` date has passed.
    Expired(Date),
    /// Checked on this date, longer ago than `max_fact_age`; `None` when it
    /// carries no date at all.
    TooOld(Option<Date>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Missing {
    /// The fact (or field of a list element) that had no value.
    pub at: FactRef,
    pub reason: MissingReason,
    /// Where a stale fact is written; `None` for a fact not stated.
    pub span: Option<Span>,
}

impl Missing {
    pub fn is_stale(&self) -> bool {
        self.reason != MissingReason::NotStated
    }

    /// `chain.list[1].country`.
    pub fn path(&self, model: &Model) -> String {
        self.at.path(model)
    }
}

/// The outcome of one requirement for one vendor. It is small: a report
/// that shows why asks for the [`Evidence`] with
/// [`CheckRun::evidence`](crate::project::CheckRun::evidence), which
/// evaluates the pair again and records as it goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub vendor: usize,
    pub requirement: usize,
    pub outcome: Outcome,
    /// The `require` that was false (fail) or unknown (unknown).
    pub decisive_require: Option<usize>,
    /// The waiver that turned a fail or unknown into `waived`.
    pub waiver: Option<usize>,
    /// The outcome before waivers: the same as `outcome` unless waived.
    pub unwaived: Outcome,
}

/// Why a requirement has its outcome for a vendor: for a fail, the facts
/// that made it false; otherwise the facts read; and the facts whose
/// absence (or lapse) left it unknown.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    pub facts: Vec<FactUse>,
    pub missing: Vec<Missing>,
}

impl Evidence {
    /// The facts, spelled out; `vendor` is the one it is about (a test's
    /// inline vendor for a test).
    pub fn fact_views(&self, model: &Model, vendor: &Vendor) -> Vec<FactView> {
        self.facts.iter().map(|u| u.view(model, vendor)).collect()
    }
}

/// Every finding, in report order, and the warnings evaluation produced.
#[derive(Debug, Default)]
pub struct Evaluation {
    pub findings: Vec<Finding>,
    pub warnings: Vec<Diagnostic>,
}

/// Evaluates every (vendor, requirement) pair that the filters keep, in the
/// order of vendor id, then full requirement id (the model is sorted so).
pub fn evaluate(model: &Model, opts: &EvalOptions) -> Evaluation {
    let mut waivers_of: FxHashMap<(usize, usize), Vec<usize>> = FxHashMap::default();
    for (i, w) in model.waivers.iter().enumerate() {
        waivers_of
            .entry((w.vendor, w.requirement))
            .or_default()
            .push(i);
    }
    let requirements = selected(
        model.requirements.iter().map(|r| r.full_id.as_str()),
        opts.requirement_filter.as_ref(),
    );
    let vendors = selected(
        model.vendors.iter().map(|v| v.id.as_str()),
        opts.vendor_filter.as_ref(),
    );
    // The findings are written in place, a vendor's run of them on one
    // core, into one vector of the exact size: they are in vendor order
    // whatever the number of threads, and no second copy is ever made
    // (gathering per-vendor vectors and joining them held both at once).
    let per_vendor = requirements.len().max(1);
    let mut findings = vec![
        Finding {
            vendor: 0,
            requirement: 0,
            outcome: Outcome::Pass,
            decisive_require: None,
            waiver: None,
            unwaived: Outcome::Pass,
        };
        vendors.len() * requirements.len()
    ];
    let judge = |vi: usize, out: &mut [Finding]| -> Vec<Diagnostic> {
        let Some(vendor) = model.vendors.get(vi) else {
            return Vec::new();
        };
        let mut warnings = Vec::new();
        // A waiver names one vendor, so it is only ever met here.
        let mut waiver_used = Vec::new();
        stale_warnings(model, vendor, opts, &mut warnings);
        let evaluator = Evaluator::<Outcomes>::new(vendor, opts);
        for (slot, &ri) in out.iter_mut().zip(&requirements) {
            let req = &model.requirements[ri];
            let (judged, _) = evaluator.requirement(req);
            if let Some(lists) = evaluator.over_budget() {
                warnings.push(over_budget(req, vendor, judged.decisive_require, &lists));
            }
            let mut finding = Finding {
                vendor: vi,
                requirement: ri,
                outcome: judged.outcome,
                decisive_require: judged.decisive_require,
                waiver: None,
                unwaived: judged.outcome,
            };
            if let Some(candidates) = waivers_of.get(&(vi, ri)) {
                apply_waivers(
                    model,
                    opts,
                    &mut finding,
                    candidates,
                    &mut warnings,
                    &mut waiver_used,
                );
            }
            *slot = finding;
        }
        warnings
    };
    let warnings: Vec<Vec<Diagnostic>> = if requirements.is_empty() {
        // No finding, but stale evidence is still worth a warning.
        vendors.par_iter().map(|&vi| judge(vi, &mut [])).collect()
    } else {
        findings
            .par_chunks_mut(per_vendor)
            .zip(vendors.par_iter())
            .map(|(out, &vi)| judge(vi, out))
            .collect()
    };
    Evaluation {
        findings,
        warnings: warnings.into_iter().flatten().collect(),
    }
}

/// The error for a requirement that ran out of steps for a vendor: at its
/// `require`, naming the lists whose nesting made it so long.
fn over_budget(
    req: &Requirement,
    vendor: &Vendor,
    decisive: Option<usize>,
    lists: &[(Span, usize)],
) -> Diagnostic {
    let at = match (decisive, &req.when) {
        (None, Some(when)) => when.span,
        _ => req.decisive_span(decisive),
    };
    let lengths: Vec<String> = lists
        .iter()
        .rev()
        .map(|(_, n)| thousands(*n as u64))
        .collect();
    let nesting = match lengths.len() {
        0 => String::new(),
        1 => format!(": it walks a list of {} elements", lengths[0]),
        _ => format!(
            ": it nests quantifiers over lists of {} elements",
            lengths.join(" × ")
        ),
    };
    let mut d = Diagnostic::error(
        Code::EvaluationBudget,
        format!(
            "`{}` for vendor `{}` takes more than {} steps, so it was not evaluated{nesting}",
            req.full_id,
            vendor.id,
            thousands(expr::MAX_STEPS)
        ),
    );
    // The lists are labelled in the policy only: a vendor's long list is
    // one long line, which a drawing would print whole. Without a list
    // (a long chain of defines), the `require` line is the place.
    let mut outermost_first = lists.iter().rev();
    match outermost_first.next() {
        Some((span, n)) => {
            let label = |n: usize| format!("{} elements for `{}`", thousands(n as u64), vendor.id);
            d = d.primary(*span, label(*n));
            for (span, n) in outermost_first {
                d = d.secondary(*span, label(*n));
            }
        }
        None => d = d.primary(at, "this requirement is too long to evaluate"),
    }
    d
}

/// A valid waiver turns a fail or unknown into `waived`; an expired one is
/// reported and covers nothing; a valid one on a pass or n/a is reported as
/// no longer needed.
fn apply_waivers(
    model: &Model,
    opts: &EvalOptions,
    finding: &mut Finding,
    candidates: &[usize],
    warnings: &mut Vec<Diagnostic>,
    used: &mut Vec<usize>,
) {
    let vendor = &model.vendors[finding.vendor];
    let req = &model.requirements[finding.requirement];
    // The valid waiver that lasts longest decides.
    let mut valid: Option<usize> = None;
    for &wi in candidates {
        let w = &model.waivers[wi];
        if opts.today > w.expires {
            if !used.contains(&wi) {
                used.push(wi);
                warnings.push(
                    Diagnostic::warning(
                        Code::WaiverExpired,
                        format!(
                            "the waiver of `{}` for vendor `{}` expired on {}; it covers nothing",
                            req.full_id, vendor.id, w.expires
                        ),
                    )
                    .primary(w.span, format!("expired {}", w.expires)),
                );
            }
            continue;
        }
        if valid.is_none_or(|v| model.waivers[v].expires < w.expires) {
            valid = Some(wi);
        }
    }
    let Some(wi) = valid else { return };
    match finding.outcome {
        Outcome::Fail | Outcome::Unknown => {
            finding.outcome = Outcome::Waived;
            finding.waiver = Some(wi);
            let w = &model.waivers[wi];
            if w.ends_soon(opts.today, opts.waiver_notice) && !used.contains(&wi) {
                used.push(wi);
                warnings.push(
                    Diagnostic::warning(
                        Code::WaiverExpiresSoon,
                        format!(
                            "the waiver of `{}` for vendor `{}` ends {}, on {}; then the finding counts again",
                            req.full_id,
                            vendor.id,
                            w.ends_when(opts.today),
                            w.expires
                        ),
                    )
                    .primary(w.span, format!("valid through {}", w.expires)),
                );
            }
        }
        Outcome::Pass | Outcome::NotApplicable => {
            if !used.contains(&wi) {
                used.push(wi);
                let why = if finding.outcome == Outcome::Pass {
                    "passes"
                } else {
                    "does not apply"
                };
                warnings.push(
                    Diagnostic::warning(
                        Code::WaiverNotNeeded,
                        format!(
                            "`{}` {why} for vendor `{}` without the waiver; it is no longer needed",
                            req.full_id, vendor.id
                        ),
                    )
                    .primary(model.waivers[wi].span, "no longer needed"),
                );
            }
        }
        Outcome::Waived => {}
    }
}

/// Warnings for a vendor's stale evidence: one for each fact whose own
/// `expires` or `as_of` has lapsed, and one for all the facts that lapse
/// with the vendor's `as_of` (or lack of one), so that an old vendor file
/// gives one warning, not fifty.
fn stale_warnings(
    model: &Model,
    vendor: &Vendor,
    opts: &EvalOptions,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut with_vendor_date = 0usize;
    for (i, fact) in vendor.facts.iter().enumerate() {
        let Some(fact) = fact else { continue };
        let Some(reason) = staleness(fact, vendor, opts) else {
            continue;
        };
        let path = &model.schema.facts[i].path;
        let (message, label) = match reason {
            MissingReason::Expired(d) => (
                format!(
                    "the evidence for `{path}` of vendor `{}` expired on {d}",
                    vendor.id
                ),
                format!("expired {d}"),
            ),
            MissingReason::TooOld(Some(d)) if fact.as_of.is_some() => (
                format!(
                    "`{path}` of vendor `{}` was checked on {d}, longer ago than max_fact_age ({})",
                    vendor.id,
                    opts.max_fact_age.map(|m| m.to_string()).unwrap_or_default()
                ),
                format!("checked {d}"),
            ),
            MissingReason::TooOld(_) => {
                with_vendor_date += 1;
                continue;
            }
            MissingReason::NotStated => continue,
        };
        warnings.push(
            Diagnostic::warning(Code::StaleFact, message)
                .primary(fact.span, format!("stale: {label}; it reads as unknown")),
        );
    }
    if with_vendor_date > 0 {
        let age = opts.max_fact_age.map(|m| m.to_string()).unwrap_or_default();
        let (message, label) = match vendor.as_of {
            Some(d) => (
                format!(
                    "{with_vendor_date} fact{} of vendor `{}` were checked on {d}, longer ago than max_fact_age ({age})",
                    if with_vendor_date == 1 { "" } else { "s" },
                    vendor.id
                ),
                format!("as_of {d}: stale facts read as unknown"),
            ),
            None => (
                format!(
                    "{with_vendor_date} fact{} of vendor `{}` carry no `as_of` date, so with max_fact_age ({age}) they are stale",
                    if with_vendor_date == 1 { "" } else { "s" },
                    vendor.id
                ),
                "no `as_of`: stale facts read as unknown".to_string(),
            ),
        };
        warnings.push(
            Diagnostic::warning(Code::StaleFact, message)
                .primary(vendor.header, label)
                .with_help("check the facts again and update the vendor's `as_of`"),
        );
    }
}

/// Whether a stated fact is stale on `today`, and why.
pub(crate) fn staleness(
    fact: &VendorFact,
    vendor: &Vendor,
    opts: &EvalOptions,
) -> Option<MissingReason> {
    if let Some(expires) = fact.expires {
        if opts.today > expires {
            return Some(MissingReason::Expired(expires));
        }
    }
    let max = opts.max_fact_age?;
    if fact.from_defaults {
        // A company setting, not evidence about the vendor: it ages only
        // if it says when it was set.
        let as_of = fact.as_of?;
        return (opts.today.days() - as_of.days() > max.whole_days())
            .then_some(MissingReason::TooOld(Some(as_of)));
    }
    match fact.as_of.or(vendor.as_of) {
        None => Some(MissingReason::TooOld(None)),
        Some(as_of) if opts.today.days() - as_of.days() > max.whole_days() => {
            Some(MissingReason::TooOld(Some(as_of)))
        }
        Some(_) => None,
    }
}

/// Evaluates one requirement for a test's vendor: no waivers and no
/// `max_fact_age` (docs/language.md §9).
pub fn evaluate_test_vendor(
    vendor: &Vendor,
    req: &Requirement,
    today: Date,
) -> (Finding, Evidence) {
    let opts = EvalOptions::new(today);
    let (judged, evidence) = Evaluator::<Evidence>::new(vendor, &opts).requirement(req);
    let finding = Finding {
        vendor: 0,
        requirement: 0,
        outcome: judged.outcome,
        decisive_require: judged.decisive_require,
        waiver: None,
        unwaived: judged.outcome,
    };
    (finding, evidence)
}

/// The evidence of one vendor's findings, evaluated again with a
/// recording trace. One explainer serves every requirement of a vendor, so
/// its defines are evaluated once.
pub struct Explainer<'m> {
    evaluator: Evaluator<'m, Evidence>,
    model: &'m Model,
}

impl<'m> Explainer<'m> {
    pub fn new(model: &'m Model, vendor: &'m Vendor, opts: &'m EvalOptions) -> Explainer<'m> {
        Explainer {
            evaluator: Evaluator::new(vendor, opts),
            model,
        }
    }

    /// Why requirement `requirement` has its outcome for this vendor.
    pub fn evidence(&self, requirement: usize) -> Evidence {
        match self.model.requirements.get(requirement) {
            Some(req) => self.evaluator.requirement(req).1,
            None => Evidence::default(),
        }
    }
}

/// The indexes of the names a filter lets through (all without one).
fn selected<'a>(
    names: impl Iterator<Item = &'a str>,
    filter: Option<&glob::Pattern>,
) -> Vec<usize> {
    names
        .enumerate()
        .filter(|(_, name)| filter.is_none_or(|p| p.matches(name)))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::check_project;

    /// The judging pass (which records nothing) and the evidence pass
    /// (which reports use) are one generic evaluator, so they must decide
    /// every pair alike: checked on every project of the repository that
    /// has stale facts, waivers, guards and quantifiers.
    #[test]
    fn the_judging_pass_and_the_evidence_pass_agree_on_every_pair() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in [
            "examples/nordlys",
            "examples/quickstart",
            "tests/fixtures/stale",
            "tests/fixtures/spec-samples",
        ] {
            let run = check_project(&root.join(dir), &crate::CheckOptions::default());
            let model = run.model.as_ref().expect("the project is valid");
            let opts = run.eval_options();
            let mut compared = 0;
            for vendor in &model.vendors {
                let judge = Evaluator::<Outcomes>::new(vendor, &opts);
                let explain = Evaluator::<Evidence>::new(vendor, &opts);
                for req in &model.requirements {
                    let (a, _) = judge.requirement(req);
                    let (b, evidence) = explain.requirement(req);
                    assert_eq!(a, b, "{dir}: {} {}", vendor.id, req.full_id);
                    if a.outcome == Outcome::Unknown {
                        assert!(!evidence.missing.is_empty() || req.requires.is_empty());
                    }
                    compared += 1;
                }
            }
            assert!(compared > 0, "{dir}: nothing compared");
        }
    }
}
