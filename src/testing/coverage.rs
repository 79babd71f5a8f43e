//! Test coverage (`skykrav test --coverage`): for each requirement, the
//! outcomes its tests produced, whether its guard was seen true and false,
//! and which `require` lines decided an outcome; and the requirements that
//! no test makes fail, or that no test names at all.

use std::collections::BTreeSet;

use super::TestRun;
use crate::model::Model;
use crate::vocabulary::Outcome;

/// What the tests showed of one requirement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequirementCoverage {
    pub requirement: usize,
    /// How many `expect` lines name it.
    pub expects: usize,
    /// How many times each outcome came out, in the order of
    /// [`Outcome::ALL`].
    pub outcomes: [usize; 5],
    /// `None` without a guard; else whether it was seen true, false and
    /// unknown.
    pub guard: Option<GuardSeen>,
    /// The `require` lines (by index) that decided a fail or unknown.
    pub deciding: BTreeSet<usize>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GuardSeen {
    pub true_: bool,
    pub false_: bool,
    pub unknown: bool,
}

impl RequirementCoverage {
    pub fn count(&self, outcome: Outcome) -> usize {
        Outcome::ALL
            .iter()
            .position(|o| *o == outcome)
            .map_or(0, |i| self.outcomes[i])
    }

    pub fn has_failing_test(&self) -> bool {
        self.count(Outcome::Fail) > 0
    }

    pub fn has_passing_test(&self) -> bool {
        self.count(Outcome::Pass) > 0
    }
}

/// The coverage of a test run, over the requirements it counts.
#[derive(Clone, Debug)]
pub struct Coverage {
    /// One a requirement, in the model's order.
    pub requirements: Vec<RequirementCoverage>,
    /// Requirements of bundled packs left out because their tests did not
    /// run (without `--packs`).
    pub pack_requirements_left_out: usize,
}

impl Coverage {
    pub fn without_test(&self) -> impl Iterator<Item = &RequirementCoverage> {
        self.requirements.iter().filter(|r| r.expects == 0)
    }

    pub fn without_failing_test(&self) -> impl Iterator<Item = &RequirementCoverage> {
        self.requirements
            .iter()
            .filter(|r| r.expects > 0 && !r.has_failing_test())
    }
}

/// What `run`'s tests covered of `model`'s requirements. A requirement of
/// a bundled pack counts only when the pack's tests ran (`--packs`).
pub fn coverage(run: &TestRun, model: &Model, packs_ran: bool) -> Coverage {
    let mut requirements = Vec::new();
    let mut left_out = 0;
    for (i, req) in model.requirements.iter().enumerate() {
        let bundled = crate::packs::is_bundled_name(run.sources.name(req.header.file));
        if bundled && !packs_ran {
            left_out += 1;
            continue;
        }
        let mut c = RequirementCoverage {
            requirement: i,
            expects: 0,
            outcomes: [0; 5],
            guard: req.when.as_ref().map(|_| GuardSeen::default()),
            deciding: BTreeSet::new(),
        };
        for j in run
            .results
            .iter()
            .flat_map(|r| &r.judged)
            .filter(|j| j.requirement == i)
        {
            c.expects += 1;
            if let Some(k) = Outcome::ALL.iter().position(|o| *o == j.outcome) {
                c.outcomes[k] += 1;
            }
            if let (Some(seen), Some(value)) = (c.guard.as_mut(), j.guard) {
                match value {
                    Some(true) => seen.true_ = true,
                    Some(false) => seen.false_ = true,
                    None => seen.unknown = true,
                }
            }
            if matches!(j.outcome, Outcome::Fail | Outcome::Unknown) {
                c.deciding.extend(j.decisive_require);
            }
        }
        requirements.push(c);
    }
    Coverage {
        requirements,
        pack_requirements_left_out: left_out,
    }
}
