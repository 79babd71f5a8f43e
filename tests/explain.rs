//! `skykrav explain` on the example company: one snapshot for each kind of
//! outcome, so a reviewer sees exactly what an author sees when asking why.

mod common;

use common::{example, skykrav};

fn explain(args: &[&str]) -> common::Run {
    let dir = example("nordlys");
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    all.push(&dir);
    skykrav(&all)
}

fn explained(name: &str, args: &[&str]) {
    let run = explain(args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(name, run.stdout);
}

#[test]
fn a_pass_shows_the_guard_the_require_and_the_facts() {
    explained("explain_pass", &["microsoft-365", "dk-baseline/R3.dpa"]);
}

#[test]
fn a_fail_shows_the_element_that_decided_the_quantifier() {
    explained(
        "explain_fail",
        &["google-workspace", "dk-baseline/R3.eu-region"],
    );
}

#[test]
fn an_unknown_names_the_missing_fact() {
    explained(
        "explain_unknown_missing",
        &["microsoft-365", "dk-baseline/R3.breach-notice"],
    );
}

#[test]
fn an_unknown_names_the_stale_fact() {
    explained(
        "explain_unknown_stale",
        &[
            "google-workspace",
            "dk-baseline/R6.exit-strategy",
            "--today",
            "2027-03-01",
        ],
    );
}

#[test]
fn a_waived_finding_shows_the_waiver_and_the_outcome_it_replaced() {
    explained(
        "explain_waived",
        &[
            "google-workspace",
            "dk-baseline/R2.assessed-before-purchase",
        ],
    );
}

#[test]
fn an_n_a_shows_the_false_guard_and_what_was_not_evaluated() {
    explained("explain_na", &["dropbox-business", "dk-baseline/R2.dpia"]);
}

#[test]
fn json_carries_the_same_tree() {
    let run = explain(&["google-workspace", "R3.eu-region", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let e = &v["explanations"][0];
    assert_eq!(e["outcome"], "fail");
    assert_eq!(e["requires"][0]["tree"]["value"], "false");
    insta::assert_snapshot!("explain_json", run.stdout);
}

#[test]
fn without_a_requirement_every_requirement_is_explained() {
    let run = explain(&["microsoft-365"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let headers = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("microsoft-365 · "))
        .count();
    assert!(headers > 50, "{headers} requirements explained");
}

#[test]
fn a_vendor_that_does_not_exist_is_a_diagnostic_with_a_suggestion() {
    let run = explain(&["microsoft-356"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error[K3014]: the project has no vendor `microsoft-356`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `microsoft-365`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_requirement_that_does_not_exist_is_a_diagnostic_with_a_suggestion() {
    let run = explain(&["microsoft-365", "dk-baseline/R3.dpaa"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the project has no requirement `dk-baseline/R3.dpaa`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `dk-baseline/R3.dpa`?"),
        "{}",
        run.stderr
    );
}
