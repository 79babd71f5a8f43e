//! Input nested absurdly deep gives an error, never a stack overflow.

mod common;

use common::{assert_has, check_as_json, check_json, codes, json, project, skykrav};

const DEEP: usize = 100_000;

fn policy_with(require: &str) -> String {
    format!(
        "schema s {{ fact a: bool  fact l: list<int> }}\npolicy p \"t\" {{\n  requirement r \"x\" {{\n    severity low\n    require {require}\n  }}\n}}\n"
    )
}

/// Every way to nest deep, in every syntax that nests: each is refused
/// with K3009 and nothing else.
#[test]
fn input_nested_100_000_deep_is_refused() {
    let deep = |open: &str, inner: &str, close: &str| {
        format!("{}{inner}{}", open.repeat(DEEP), close.repeat(DEEP))
    };
    let policy = |require: String| ("policies/p.krav", policy_with(&require));
    let with_vendor = |name: &'static str, text: String| {
        vec![("policies/s.krav", policy_with("a")), (name, text)]
    };
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("parentheses", vec![policy(deep("(", "a", ")"))]),
        ("not", vec![policy(deep("not ", "a", ""))]),
        (
            "quantifiers",
            vec![policy(deep("all x in l: ", "true", ""))],
        ),
        ("and chains", vec![policy(vec!["a"; DEEP].join(" and "))]),
        (
            "schema groups",
            vec![(
                "policies/s.krav",
                format!(
                    "schema s {{ {} }}\n",
                    deep("group g { ", "fact a: bool", " }")
                ),
            )],
        ),
        (
            ".krav vendor lists",
            with_vendor(
                "vendors/v.krav",
                format!("vendor v \"V\" {{ a = {} }}\n", deep("[", "1", "]")),
            ),
        ),
        (
            "JSON vendors",
            with_vendor(
                "vendors/v.json",
                format!(
                    "{{\"id\": \"v\", \"name\": \"V\", \"facts\": {{\"a\": {}}}}}",
                    deep("[", "1", "]")
                ),
            ),
        ),
        (
            "YAML vendors",
            with_vendor(
                "vendors/v.yaml",
                format!("id: v\nname: V\nfacts:\n  a: {}\n", deep("[", "1", "]")),
            ),
        ),
    ];
    for (what, files) in cases {
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let p = project(&files);
        let run = check_as_json(p.arg(), &["--today", "2026-11-27"]);
        assert_eq!(run.code, 2, "{what}: stderr: {}", run.stderr);
        assert_eq!(codes(&json(&run)), ["K3009"], "{what}: {}", run.stdout);
    }
}

#[test]
fn moderate_nesting_is_fine() {
    let require = format!("{}a{}", "(".repeat(40), ")".repeat(40));
    let p = project(&[
        ("policies/p.krav", &policy_with(&require)),
        ("vendors/v.krav", "vendor v \"V\" { a = true }\n"),
    ]);
    let run = check_as_json(p.arg(), &["--today", "2026-11-27"]);
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
    let run = check_as_json(p.arg(), &["--today", "2026-11-27"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json(&run)["summary"]["pass"], 1);
}

/// A vendor list of `n` ints, written on one line as a vendor would.
fn ints(n: usize) -> String {
    let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    format!("vendor v \"V\" {{\n  l = [{}]\n}}\n", items.join(", "))
}

#[test]
fn nested_quantifiers_over_a_long_list_stop_at_the_budget() {
    // 10,000 × 10,000 pairs would take minutes and gigabytes; the budget
    // ends the evaluation with a diagnostic that names the requirement,
    // the vendor and the lists. The deadline is generous: this is a test
    // of behaviour, and the figures are measured in the benchmarks.
    let p = project(&[
        (
            "policies/p.krav",
            &policy_with("all x in l: all y in l: x == y or x != y"),
        ),
        ("vendors/v.krav", &ints(10_000)),
    ]);
    let started = std::time::Instant::now();
    let run = check_as_json(p.arg(), &["--today", "2026-11-27"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(run.code, 2, "{}", run.stderr);
    let report = json(&run);
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "K2012", "{report}");
    let message = d["message"].as_str().unwrap();
    for part in ["`p/r`", "vendor `v`", "10,000 × 10,000 elements"] {
        assert_has(message, part);
    }
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some("policies/p.krav"), Some(5))
    );

    // The human report draws the lists in the policy, not the vendor's
    // long line.
    let human = skykrav(&["check", p.arg(), "--today", "2026-11-27"]);
    assert_eq!(human.code, 2);
    assert_has(&human.stderr, "10,000 elements for `v`");
    assert!(human.stderr.len() < 4_000, "{}", human.stderr.len());
}

#[test]
fn a_define_over_budget_is_reported_for_every_requirement_that_uses_it() {
    let policy = "schema s { fact l: list<int> }\npolicy p \"t\" {\n  define pairs = all x in l: all y in l: x == y or x != y\n  requirement a \"A\" { severity low require pairs }\n  requirement b \"B\" { severity low require pairs or true }\n}\n";
    let p = project(&[
        ("policies/p.krav", policy),
        ("vendors/v.krav", &ints(5_000)),
    ]);
    let report = check_json(p.arg(), &[]);
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "K2012")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{report}");
    assert!(messages[0].contains("`p/a`") && messages[1].contains("`p/b`"));
}

#[test]
fn quantifiers_over_a_long_list_within_the_budget_are_judged() {
    // 300 × 300 pairs stay well within the budget and pass.
    let p = project(&[
        (
            "policies/p.krav",
            &policy_with("all x in l: all y in l: x == y or x != y"),
        ),
        ("vendors/v.krav", &ints(300)),
    ]);
    let report = check_json(p.arg(), &["--today", "2026-11-27"]);
    assert_eq!(report["summary"]["pass"], 1, "{report}");
}

/// The table of docs/language.md §16 states the limits the code enforces.
#[test]
fn the_reference_states_the_limits_in_force() {
    use skykrav::limits::*;
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md"),
    )
    .unwrap();
    let rows = [
        ("| Size of any file read |", thousands(MAX_FILE_BYTES)),
        ("| Files in a project folder |", thousands(MAX_FILES as u64)),
        ("| Depth of folders searched |", MAX_WALK_DEPTH.to_string()),
        ("| Nesting of `(`, `[` and `{`", MAX_NESTING.to_string()),
        ("| Depth of an expression", MAX_EXPR_DEPTH.to_string()),
        (
            "| Quantifiers nested in one another",
            MAX_NESTED_QUANTIFIERS.to_string(),
        ),
        (
            "| Nesting of arrays and objects",
            MAX_DATA_DEPTH.to_string(),
        ),
        ("| Steps to judge one requirement", thousands(MAX_STEPS)),
    ];
    for (row, value) in rows {
        let line = docs
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("no row {row}"));
        assert!(
            line.contains(&format!("| {value}")) || line.contains(&format!("({value} bytes)")),
            "{line} should state {value}"
        );
    }
}
