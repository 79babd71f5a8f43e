//! `skykrav test` (docs/language.md §11): each `test` item's inline vendor is evaluated
//! against the project's requirements, without waivers and without
//! `max_fact_age`, and every `expect` is compared with the outcome.
//!
//! A bundled pack's tests are the pack's business: they were run when the
//! pack was built, and they give the same outcomes in every project (test
//! vendors ignore the project's defaults and waivers, and a pack's tests fix
//! their dates). A project runs its own tests; `--packs` adds the packs'.

use std::path::Path;

pub mod coverage;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::eval::{evaluate_test_vendor, EvalOptions, Evidence, Finding};
use crate::load::load_project;
use crate::model::{Model, Test};
use crate::project::{check_loaded, system_today};
use crate::source::Sources;
use crate::value::Date;
use crate::vocabulary::Outcome;

/// The result of one `test` item.
#[derive(Debug)]
pub struct TestResult {
    pub name: String,
    /// The bundled pack the test comes from; `None` for the project's own.
    pub pack: Option<String>,
    /// How many `expect` lines it has.
    pub expects: usize,
    /// One K2007 diagnostic for each `expect` that did not hold.
    pub failures: Vec<Diagnostic>,
    /// How each `expect`'s requirement was judged, for coverage.
    pub judged: Vec<Judged>,
}

/// How a test's vendor fared against one requirement it expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Judged {
    pub requirement: usize,
    pub outcome: Outcome,
    /// The guard's value: `None` without a guard, `Some(None)` unknown.
    pub guard: Option<Option<bool>>,
    /// The `require` that decided a fail or an unknown.
    pub decisive_require: Option<usize>,
}

impl TestResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Everything `skykrav test` reports.
#[derive(Debug)]
pub struct TestRun {
    pub sources: Sources,
    /// Errors and warnings of loading and checking; with an error, no test
    /// runs.
    pub diagnostics: Vec<Diagnostic>,
    pub results: Vec<TestResult>,
    /// Tests of bundled packs that were not run (without `--packs`).
    pub pack_tests_skipped: usize,
    pub today: Date,
    /// The checked project, when it had no error.
    pub model: Option<Model>,
    /// What the tests covered, when asked for (`--coverage`).
    pub coverage: Option<coverage::Coverage>,
}

impl TestRun {
    pub fn invalid(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }
}

/// Which tests a run includes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TestOptions {
    /// Also run the tests of the bundled packs the project loads.
    pub packs: bool,
    /// Also record what coverage needs: each guard's value.
    pub coverage: bool,
}

/// Loads and checks the project in `dir`, then runs its tests.
pub fn test_project(dir: &Path, today: Option<Date>, opts: TestOptions) -> TestRun {
    let mut diags = Diagnostics::new();
    let loaded = load_project(dir, &mut diags);
    let today = today.or(loaded.config.today).unwrap_or_else(system_today);
    let model = if diags.has_errors() {
        None
    } else {
        check_loaded(&loaded, &mut diags)
    };
    let (mut results, mut pack_tests_skipped) = (Vec::new(), 0);
    if let Some(model) = &model {
        for t in &model.tests {
            if t.pack.is_some() && !opts.packs {
                pack_tests_skipped += 1;
            } else {
                results.push(run_test(model, t, t.today.unwrap_or(today), opts.coverage));
            }
        }
    }
    let mut run = TestRun {
        diagnostics: diags.into_sorted(&loaded.sources),
        sources: loaded.sources,
        results,
        pack_tests_skipped,
        today,
        model,
        coverage: None,
    };
    if opts.coverage {
        if let Some(model) = &run.model {
            run.coverage = Some(coverage::coverage(&run, model, opts.packs));
        }
    }
    run
}

fn run_test(model: &Model, test: &Test, today: Date, coverage: bool) -> TestResult {
    let mut failures = Vec::new();
    let mut judged = Vec::new();
    for expect in &test.expects {
        let Some(req) = model.requirements.get(expect.requirement) else {
            continue;
        };
        let (finding, evidence) = evaluate_test_vendor(&test.vendor, req, today);
        let guard = match (&req.when, coverage) {
            (None, _) => None,
            (Some(_), false) => Some(None),
            (Some(_), true) => {
                let opts = EvalOptions::new(today);
                let explained = crate::eval::explain::explain(&test.vendor, &opts, req);
                Some(explained.guard.and_then(|g| match g.value {
                    Some(crate::value::Value::Bool(b)) => Some(b),
                    _ => None,
                }))
            }
        };
        judged.push(Judged {
            requirement: expect.requirement,
            outcome: finding.outcome,
            guard,
            decisive_require: finding.decisive_require,
        });
        if finding.outcome != expect.outcome {
            failures.push(mismatch(
                model,
                test,
                expect.span,
                expect.outcome,
                (&finding, &evidence),
                req,
            ));
        }
    }
    TestResult {
        name: test.name.clone(),
        pack: test.pack.clone(),
        expects: test.expects.len(),
        failures,
        judged,
    }
}

/// The diagnostic for an `expect` that did not hold: at the `expect` line,
/// with the `require` line that decided and the facts behind it.
fn mismatch(
    model: &Model,
    test: &Test,
    at: crate::source::Span,
    expected: Outcome,
    (finding, evidence): (&Finding, &Evidence),
    req: &crate::model::Requirement,
) -> Diagnostic {
    let got = finding.outcome;
    let mut d = Diagnostic::error(
        Code::TestFailed,
        format!(
            "`{}` gives {}, but the test expects {}",
            req.full_id,
            got.as_str(),
            expected.as_str()
        ),
    )
    .primary(at, format!("expects {}", expected.as_str()));
    let decided = req.decisive_span(finding.decisive_require);
    let why = match got {
        Outcome::Pass => "every `require` holds".to_string(),
        Outcome::Fail => "this `require` is false".to_string(),
        Outcome::Unknown => {
            let missing: Vec<String> = evidence
                .missing
                .iter()
                .map(|m| format!("`{}`", m.path(model)))
                .collect();
            format!("unknown without {}", missing.join(", "))
        }
        Outcome::NotApplicable => "the `when` guard is false".to_string(),
        Outcome::Waived => "waived".to_string(),
    };
    let decided = match (&req.when, got) {
        (Some(when), Outcome::NotApplicable) => when.span,
        _ => decided,
    };
    d = d.secondary(decided, why);
    for fact in evidence.fact_views(model, &test.vendor) {
        d = d.secondary(fact.span, format!("`{}` is {}", fact.path, fact.value));
    }
    if let Some(pack) = &test.pack {
        // The test is built into skykrav: there is nothing to edit here.
        return d.with_help(format!(
            "this test belongs to the bundled pack `{pack}` and cannot be changed in this project; the pack's tests pass in skykrav's own build, so please report this with `skykrav --version`"
        ));
    }
    d.with_help(format!(
        "if the policy is right, change the test to `expect {} {}`; if the test is right, fix the requirement",
        req.full_id,
        got.as_str()
    ))
}
