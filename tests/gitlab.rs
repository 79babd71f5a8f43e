//! The GitLab Code Quality report: one issue per fail, unknown and expired
//! waiver, unique fingerprints, GitLab's severities, paths of files in the
//! project, and the same bytes on every run.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{
    check_as, check_as_json, example, fails_unknowns_and_expired, invalid_project, json, project,
};
use serde_json::Value;

const SEVERITIES: [&str; 5] = ["info", "minor", "major", "critical", "blocker"];

fn issues(run: &common::Run) -> Vec<Value> {
    json(run).as_array().expect("an array of issues").clone()
}

/// The checks every issue must pass for GitLab to show it; `dir` is where
/// paths start.
fn assert_well_formed(issues: &[Value], dir: &Path) {
    let mut fingerprints = BTreeSet::new();
    for issue in issues {
        let fp = issue["fingerprint"].as_str().unwrap();
        assert!(fingerprints.insert(fp), "duplicate fingerprint {fp}");
        let severity = issue["severity"].as_str().unwrap();
        assert!(SEVERITIES.contains(&severity), "{severity}");
        assert!(!issue["description"].as_str().unwrap().is_empty());
        assert!(!issue["check_name"].as_str().unwrap().is_empty());
        // Paths are named from the top of the git repository that holds
        // the project, or from the project folder outside git.
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(
            dir.join(path).is_file(),
            "not a file of the repository: {path}"
        );
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn nordlys_gives_one_issue_per_fail_unknown_and_expired_waiver() {
    let dir = example("nordlys");
    let run = check_as(&dir, "gitlab", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let issues = issues(&run);
    assert_eq!(issues.len(), fails_unknowns_and_expired(&dir));
    assert_well_formed(&issues, Path::new(env!("CARGO_MANIFEST_DIR")));
    let severities: BTreeSet<&str> = issues
        .iter()
        .map(|i| i["severity"].as_str().unwrap())
        .collect();
    assert!(severities.contains("major"), "{severities:?}");
    assert!(issues.iter().any(|i| i["description"]
        .as_str()
        .unwrap()
        .contains("expired on 2026-10-31")));
}

#[test]
fn quickstart_is_well_formed() {
    let dir = example("quickstart");
    let issues = issues(&check_as(&dir, "gitlab", &[]));
    assert_eq!(issues.len(), fails_unknowns_and_expired(&dir));
    assert_well_formed(&issues, Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn same_bytes_every_run() {
    let dir = example("nordlys");
    let first = check_as(&dir, "gitlab", &[]).stdout;
    let second = check_as(&dir, "gitlab", &[]).stdout;
    assert_eq!(first, second);
    assert!(first.ends_with("]\n"));
    assert!(!first.contains(&dir));
}

#[test]
fn nothing_to_report_is_an_empty_array() {
    let p = project(&[
        (
            "policies/p.krav",
            "schema s {\n  group sla { fact uptime: percent \"Guaranteed\" }\n}\npolicy p \"t\" {\n  requirement r \"Uptime\" {\n    severity high\n    require sla.uptime >= 99.9%\n  }\n}\n",
        ),
        ("vendors/a.json", r#"{"id": "a", "name": "A", "facts": {"sla": {"uptime": "99.95%"}}}"#),
    ]);
    let run = check_as(p.arg(), "gitlab", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "[]\n");
}

#[test]
fn invalid_project_gives_one_issue_per_error() {
    let p = invalid_project();
    let run = check_as(p.arg(), "gitlab", &[]);
    assert_eq!(run.code, 2);
    let issues = issues(&run);
    let report = json(&check_as_json(p.arg(), &[]));
    let errors: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["level"] == "error")
        .collect();
    assert_eq!(issues.len(), errors.len());
    for (issue, error) in issues.iter().zip(&errors) {
        assert_eq!(issue["check_name"], error["code"]);
        assert_eq!(issue["location"]["path"], "policies/p.krav");
        assert_eq!(issue["location"]["lines"]["begin"], error["line"]);
    }
    assert_well_formed(&issues, p.path());
}

#[test]
fn an_empty_folder_gives_an_issue_without_its_absolute_path() {
    let p = project(&[]);
    let run = check_as(p.arg(), "gitlab", &[]);
    assert_eq!(run.code, 2);
    let issues = issues(&run);
    assert!(!issues.is_empty());
    for issue in &issues {
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(!path.contains(p.arg()) && !path.contains('`'), "{path}");
        assert_eq!(issue["severity"], "blocker");
    }
}
