//! Input nested absurdly deep gives an error, never a stack overflow.

mod common;

use common::{json, project, skykrav};

const DEEP: usize = 100_000;

fn policy_with(require: &str) -> String {
    format!(
        "schema s {{ fact a: bool  fact l: list<int> }}\npolicy p \"t\" {{\n  requirement r \"x\" {{\n    severity low\n    require {require}\n  }}\n}}\n"
    )
}

fn assert_too_deep(files: &[(&str, &str)]) {
    let p = project(files);
    let run = skykrav(&[
        "check",
        p.arg(),
        "--format",
        "json",
        "--today",
        "2026-11-27",
    ]);
    assert_eq!(run.code, 2, "stderr: {}", run.stderr);
    let report = json(&run);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["K3009"], "{}", run.stdout);
}

#[test]
fn parentheses_nested_100_000_deep() {
    let require = format!("{}a{}", "(".repeat(DEEP), ")".repeat(DEEP));
    assert_too_deep(&[("policies/p.krav", &policy_with(&require))]);
}

#[test]
fn not_nested_100_000_deep() {
    let require = format!("{}a", "not ".repeat(DEEP));
    assert_too_deep(&[("policies/p.krav", &policy_with(&require))]);
}

#[test]
fn quantifiers_nested_100_000_deep() {
    let require = format!("{}true", "all x in l: ".repeat(DEEP));
    assert_too_deep(&[("policies/p.krav", &policy_with(&require))]);
}

#[test]
fn and_chains_100_000_long() {
    let require = vec!["a"; DEEP].join(" and ");
    assert_too_deep(&[("policies/p.krav", &policy_with(&require))]);
}

#[test]
fn schema_groups_nested_100_000_deep() {
    let schema = format!(
        "schema s {{ {}fact a: bool{} }}\n",
        "group g { ".repeat(DEEP),
        " }".repeat(DEEP)
    );
    assert_too_deep(&[("policies/s.krav", &schema)]);
}

#[test]
fn vendor_blocks_and_lists_nested_100_000_deep() {
    let vendor = format!(
        "vendor v \"V\" {{ a = {}1{} }}\n",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    assert_too_deep(&[
        ("policies/s.krav", &policy_with("a")),
        ("vendors/v.krav", &vendor),
    ]);
}

#[test]
fn json_vendors_nested_100_000_deep() {
    let vendor = format!(
        "{{\"id\": \"v\", \"name\": \"V\", \"facts\": {{\"a\": {}1{}}}}}",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    assert_too_deep(&[
        ("policies/s.krav", &policy_with("a")),
        ("vendors/v.json", &vendor),
    ]);
}

#[test]
fn yaml_vendors_nested_100_000_deep() {
    let vendor = format!(
        "id: v\nname: V\nfacts:\n  a: {}1{}\n",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    assert_too_deep(&[
        ("policies/s.krav", &policy_with("a")),
        ("vendors/v.yaml", &vendor),
    ]);
}

#[test]
fn moderate_nesting_is_fine() {
    let require = format!("{}a{}", "(".repeat(40), ")".repeat(40));
    let p = project(&[
        ("policies/p.krav", &policy_with(&require)),
        ("vendors/v.krav", "vendor v \"V\" { a = true }\n"),
    ]);
    let run = skykrav(&[
        "check",
        p.arg(),
        "--format",
        "json",
        "--today",
        "2026-11-27",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn a_long_list_in_vendor_data_is_not_quadratic() {
    // Found by the `project` fuzz target: evidence from every element was
    // merged with a linear search, so 100,000 elements took seconds, and a
    // 16 MiB file holds millions. Now it is one pass; the run must end
    // (a hang here would stop the test run, not slow it).
    let zeros = vec!["0"; 100_000].join(",");
    let vendor = format!("{{\"id\": \"v\", \"name\": \"V\", \"facts\": {{\"l\": [{zeros}]}}}}");
    let p = project(&[
        ("policies/p.krav", "schema s { fact l: list<int> }\npolicy p \"t\" { requirement r \"x\" { severity low require all x in l: x >= 0 } }\n"),
        ("vendors/v.json", &vendor),
    ]);
    let run = skykrav(&[
        "check",
        p.arg(),
        "--format",
        "json",
        "--today",
        "2026-11-27",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json(&run)["summary"]["pass"], 1);
}
