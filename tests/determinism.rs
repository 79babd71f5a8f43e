//! The same input prints the same bytes, however the files are spread over
//! the cores: syntax errors in many files at once are read in parallel, and
//! each must be described as fully as when it is read alone.

mod common;

use common::{check_as_json, project, skykrav};

#[test]
fn many_broken_files_give_the_same_report_on_every_run() {
    let broken =
        "policy p \"t\" {\n  requirement r \"x\" {\n    severity low\n    require\n  }\n}\n";
    let files: Vec<(String, &str)> = (0..200)
        .map(|i| (format!("policies/p{i:03}.krav"), broken))
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let p = project(&refs);
    let first = check_as_json(p.arg(), &[]);
    assert_eq!(first.code, 2);
    // Every file's error lists the same expected tokens, the detailed list.
    let report: serde_json::Value = serde_json::from_str(&first.stdout).unwrap();
    let messages: std::collections::BTreeSet<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let human = skykrav(&["check", p.arg()]);
    for _ in 0..30 {
        let again = check_as_json(p.arg(), &[]);
        assert_eq!(again.stdout, first.stdout);
        assert_eq!(skykrav(&["check", p.arg()]).stderr, human.stderr);
    }
}
