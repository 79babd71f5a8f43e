//! The coverage report of `skykrav test --coverage`, for people and as
//! JSON.

use std::fmt::Write as _;

use serde_json::{json, Value as Json};

use crate::model::Model;
use crate::testing::coverage::{Coverage, GuardSeen, RequirementCoverage};
use crate::testing::TestRun;
use crate::vocabulary::Outcome;

fn guard_words(guard: Option<GuardSeen>) -> String {
    let Some(g) = guard else {
        return "-".to_string();
    };
    let mut seen = Vec::new();
    if g.true_ {
        seen.push("true");
    }
    if g.false_ {
        seen.push("false");
    }
    if g.unknown {
        seen.push("unknown");
    }
    if seen.is_empty() {
        "never seen".to_string()
    } else {
        seen.join(", ")
    }
}

/// The line of each `require` that decided a fail or unknown.
fn deciding_lines(run: &TestRun, model: &Model, c: &RequirementCoverage) -> Vec<String> {
    let req = &model.requirements[c.requirement];
    c.deciding
        .iter()
        .filter_map(|&i| req.requires.get(i))
        .map(|(_, span)| run.sources.line(*span).to_string())
        .collect()
}

/// The coverage table and the lists of requirements no test makes fail
/// or names at all.
pub fn render_coverage_human(run: &TestRun, model: &Model, cov: &Coverage) -> String {
    let mut out = String::new();
    let expects: usize = cov.requirements.iter().map(|c| c.expects).sum();
    let _ = writeln!(
        out,
        "coverage: {} requirements, {} tests, {expects} expectations\n",
        cov.requirements.len(),
        run.results.len()
    );
    let width = cov
        .requirements
        .iter()
        .map(|c| model.requirements[c.requirement].full_id.chars().count())
        .max()
        .unwrap_or(11)
        .max(11);
    let _ = writeln!(
        out,
        "{:<width$}  expects  pass  fail  unknown  n/a  guard seen           deciding require lines",
        "requirement"
    );
    for c in &cov.requirements {
        let lines = deciding_lines(run, model, c);
        let _ = writeln!(
            out,
            "{:<width$}  {:>7}  {:>4}  {:>4}  {:>7}  {:>3}  {:<19}  {}",
            model.requirements[c.requirement].full_id,
            c.expects,
            c.count(Outcome::Pass),
            c.count(Outcome::Fail),
            c.count(Outcome::Unknown),
            c.count(Outcome::NotApplicable),
            guard_words(c.guard),
            if lines.is_empty() {
                "-".to_string()
            } else {
                lines.join(", ")
            },
        );
    }
    out.push('\n');
    let list = |items: Vec<&RequirementCoverage>| -> String {
        let ids: Vec<&str> = items
            .iter()
            .map(|c| model.requirements[c.requirement].full_id.as_str())
            .collect();
        ids.join(", ")
    };
    let no_fail: Vec<&RequirementCoverage> = cov.without_failing_test().collect();
    let no_pass: Vec<&RequirementCoverage> = cov
        .requirements
        .iter()
        .filter(|c| c.expects > 0 && !c.has_passing_test())
        .collect();
    let no_test: Vec<&RequirementCoverage> = cov.without_test().collect();
    let guard_once: Vec<&RequirementCoverage> = cov
        .requirements
        .iter()
        .filter(|c| c.expects > 0 && c.guard.is_some_and(|g| !(g.true_ && g.false_)))
        .collect();
    if no_fail.is_empty() && no_pass.is_empty() && no_test.is_empty() {
        out.push_str("every requirement has a passing and a failing test\n");
    }
    for (what, items) in [
        ("without a failing test", no_fail),
        ("without a passing test", no_pass),
        ("without any test", no_test),
        ("with a guard not seen both true and false", guard_once),
    ] {
        if !items.is_empty() {
            let _ = writeln!(out, "{what} ({}): {}", items.len(), list(items));
        }
    }
    if cov.pack_requirements_left_out > 0 {
        let _ = writeln!(
            out,
            "note: {} requirements of bundled packs are not counted; `skykrav test --coverage --packs` counts them",
            cov.pack_requirements_left_out
        );
    }
    out
}

/// The same as JSON.
pub fn render_coverage_json(run: &TestRun, model: &Model, cov: &Coverage) -> String {
    let ids = |items: Vec<&RequirementCoverage>| -> Vec<String> {
        items
            .iter()
            .map(|c| model.requirements[c.requirement].full_id.clone())
            .collect()
    };
    let requirements: Vec<Json> = cov
        .requirements
        .iter()
        .map(|c| {
            let req = &model.requirements[c.requirement];
            let outcomes: serde_json::Map<String, Json> = Outcome::ALL
                .iter()
                .map(|o| (o.as_str().to_string(), json!(c.count(*o))))
                .collect();
            json!({
                "requirement": req.full_id,
                "expects": c.expects,
                "outcomes": outcomes,
                "guard": c.guard.map(|g| json!({ "true": g.true_, "false": g.false_, "unknown": g.unknown })),
                "requires": req.requires.iter().enumerate().map(|(i, (_, span))| json!({
                    "line": run.sources.line(*span),
                    "decided": c.deciding.contains(&i),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = json!({
        "tests": { "passed": run.passed(), "failed": run.failed() },
        "requirements": requirements,
        "without_failing_test": ids(cov.without_failing_test().collect()),
        "without_test": ids(cov.without_test().collect()),
        "pack_requirements_left_out": cov.pack_requirements_left_out,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
