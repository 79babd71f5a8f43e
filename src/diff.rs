//! `skykrav diff`: what a change does to the verdicts. The project is
//! evaluated as it is at a base revision (read through git) and as it is
//! now, on the same date, and every (vendor, requirement) pair whose
//! outcome changed is reported.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::eval::FactView;
use crate::load::{DiskTree, GitTree};
use crate::project::{evaluate_tree, CheckOptions, CheckRun, Scope, Verdict};
use crate::value::Date;
use crate::vocabulary::FailOn;
use crate::vocabulary::{Outcome, Severity};

/// How a pair's verdict moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    NewlyFailing,
    NewlyUnknown,
    /// A waiver covered it before and does not now.
    WaiverStops,
    /// A waiver covers it now and did not before.
    WaiverStarts,
    NewlyPassing,
    NoLongerApplies,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 6] = [
        ChangeKind::NewlyFailing,
        ChangeKind::NewlyUnknown,
        ChangeKind::WaiverStops,
        ChangeKind::WaiverStarts,
        ChangeKind::NewlyPassing,
        ChangeKind::NoLongerApplies,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::NewlyFailing => "newly failing",
            ChangeKind::NewlyUnknown => "newly unknown",
            ChangeKind::WaiverStops => "waiver stops applying",
            ChangeKind::WaiverStarts => "waiver starts applying",
            ChangeKind::NewlyPassing => "newly passing",
            ChangeKind::NoLongerApplies => "no longer applies",
        }
    }

    /// The key in the JSON report.
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::NewlyFailing => "newly_failing",
            ChangeKind::NewlyUnknown => "newly_unknown",
            ChangeKind::WaiverStops => "waiver_stops",
            ChangeKind::WaiverStarts => "waiver_starts",
            ChangeKind::NewlyPassing => "newly_passing",
            ChangeKind::NoLongerApplies => "no_longer_applies",
        }
    }
}

/// One pair whose outcome changed.
#[derive(Clone, Debug)]
pub struct Change {
    pub kind: ChangeKind,
    pub vendor: String,
    pub requirement: String,
    pub title: String,
    pub severity: Severity,
    /// `None` when the pair did not exist at the base.
    pub before: Option<Outcome>,
    pub after: Outcome,
    /// The facts behind the new outcome, with file and line.
    pub facts: Vec<(FactView, String, usize)>,
    /// Facts whose absence made the new outcome unknown.
    pub missing: Vec<String>,
}

/// Both evaluations and what changed between them.
#[derive(Debug)]
pub struct DiffRun {
    pub base: String,
    /// The project at the base revision; `None` when it could not be read
    /// through git (the reason is in `diagnostics`).
    pub before: Option<CheckRun>,
    pub after: CheckRun,
    pub changes: Vec<Change>,
    pub vendors_added: Vec<String>,
    pub vendors_removed: Vec<String>,
    pub requirements_added: Vec<String>,
    pub requirements_removed: Vec<String>,
    /// Errors that stop the comparison: git problems, or invalid input on
    /// either side (those of the base are named as such).
    pub errors: Vec<Diagnostic>,
    pub today: Date,
    pub fail_on: FailOn,
    pub allow_unknown: bool,
}

impl DiffRun {
    pub fn invalid(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Exit 1 when something newly fails or becomes unknown at or above
    /// the threshold, 2 when the comparison could not be made.
    pub fn verdict(&self) -> Verdict {
        if self.invalid() {
            return Verdict::Invalid;
        }
        let worse = self.changes.iter().any(|c| {
            let counts = match c.after {
                Outcome::Fail => true,
                Outcome::Unknown => !self.allow_unknown,
                _ => false,
            };
            counts && self.fail_on.fails(c.severity)
        });
        if worse {
            Verdict::Fail
        } else {
            Verdict::Pass
        }
    }

    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }
}

/// Evaluates `dir` at `base` and as it is now, with the same options.
pub fn diff_project(dir: &Path, base: &str, opts: &CheckOptions) -> DiffRun {
    let after = evaluate_tree(&DiskTree::new(dir), opts, Scope::Filters);
    // Both sides are judged on the same day, so that only the change shows.
    let same_day = CheckOptions {
        today: Some(after.today),
        fail_on: Some(after.fail_on),
        ..opts.clone()
    };
    let mut errors: Vec<Diagnostic> = after
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let before = match GitTree::open(dir, base) {
        Ok(tree) => Some(evaluate_tree(&tree, &same_day, Scope::Nothing)),
        Err(d) => {
            errors.push(d);
            None
        }
    };
    if let Some(b) = &before {
        for d in b.diagnostics.iter().filter(|d| d.is_error()) {
            let mut d = d.clone();
            d.message = format!("at `{base}`: {}", d.message);
            errors.push(d);
        }
    }
    let mut run = DiffRun {
        base: base.to_string(),
        changes: Vec::new(),
        vendors_added: Vec::new(),
        vendors_removed: Vec::new(),
        requirements_added: Vec::new(),
        requirements_removed: Vec::new(),
        errors,
        today: after.today,
        fail_on: after.fail_on,
        allow_unknown: opts.allow_unknown,
        before,
        after,
    };
    if !run.invalid() {
        compare(&mut run);
    }
    run
}

/// (vendor, requirement) → outcome, with the ids present on each side.
struct Verdicts<'r> {
    outcomes: BTreeMap<(&'r str, &'r str), usize>,
    vendors: BTreeSet<&'r str>,
    requirements: BTreeSet<&'r str>,
}

fn verdicts(run: &CheckRun) -> Verdicts<'_> {
    let mut v = Verdicts {
        outcomes: BTreeMap::new(),
        vendors: BTreeSet::new(),
        requirements: BTreeSet::new(),
    };
    let Some(model) = &run.model else { return v };
    v.vendors
        .extend(model.vendors.iter().map(|x| x.id.as_str()));
    v.requirements
        .extend(model.requirements.iter().map(|r| r.full_id.as_str()));
    for (i, f) in run.evaluation.findings.iter().enumerate() {
        let key = (
            model.vendors[f.vendor].id.as_str(),
            model.requirements[f.requirement].full_id.as_str(),
        );
        v.outcomes.insert(key, i);
    }
    v
}

fn classify(before: Option<Outcome>, after: Outcome) -> Option<ChangeKind> {
    if before == Some(after) {
        return None;
    }
    Some(match (before, after) {
        (Some(b), Outcome::Waived) if b != Outcome::Waived => ChangeKind::WaiverStarts,
        (Some(Outcome::Waived), _) => ChangeKind::WaiverStops,
        (_, Outcome::Fail) => ChangeKind::NewlyFailing,
        (_, Outcome::Unknown) => ChangeKind::NewlyUnknown,
        // A new pair that passes, does not apply, or is waived is news only
        // as part of the vendor or requirement that was added.
        (None, _) => return None,
        (_, Outcome::Pass) => ChangeKind::NewlyPassing,
        (_, Outcome::NotApplicable) => ChangeKind::NoLongerApplies,
        (_, Outcome::Waived) => ChangeKind::WaiverStarts,
    })
}

fn compare(run: &mut DiffRun) {
    let (Some(before), Some(model)) = (&run.before, &run.after.model) else {
        return;
    };
    let old = verdicts(before);
    let new = verdicts(&run.after);
    let mut changes = Vec::new();
    for (&(vendor, requirement), &i) in &new.outcomes {
        let f = &run.after.evaluation.findings[i];
        let was = old
            .outcomes
            .get(&(vendor, requirement))
            .map(|&j| before.evaluation.findings[j].outcome);
        let Some(kind) = classify(was, f.outcome) else {
            continue;
        };
        let req = &model.requirements[f.requirement];
        let ev = run.after.evidence(f);
        let facts = ev
            .fact_views(model, &model.vendors[f.vendor])
            .into_iter()
            .map(|u| {
                let line = run.after.sources.line(u.span);
                let file = run.after.sources.name(u.span.file).to_string();
                (u, file, line)
            })
            .collect();
        changes.push(Change {
            kind,
            vendor: vendor.to_string(),
            requirement: requirement.to_string(),
            title: req.title.clone(),
            severity: req.severity,
            before: was,
            after: f.outcome,
            facts,
            missing: ev.missing.iter().map(|m| m.path(model)).collect(),
        });
    }
    changes.sort_by(|a, b| {
        (a.kind, &a.vendor, &a.requirement).cmp(&(b.kind, &b.vendor, &b.requirement))
    });
    let difference =
        |a: &BTreeSet<&str>, b: &BTreeSet<&str>| a.difference(b).map(|s| s.to_string()).collect();
    run.vendors_added = difference(&new.vendors, &old.vendors);
    run.vendors_removed = difference(&old.vendors, &new.vendors);
    run.requirements_added = difference(&new.requirements, &old.requirements);
    run.requirements_removed = difference(&old.requirements, &new.requirements);
    run.changes = changes;
}
