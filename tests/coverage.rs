//! `skykrav test --coverage`: what the tests show of each requirement.

mod common;

use common::{example, project, skykrav};

const SCHEMA: &str = r#"schema s "Facts" {
  fact critical: bool "The service is critical"
  fact uptime: percent "Guaranteed uptime"
  fact rto: duration "Recovery time"
}
"#;

const POLICY: &str = r#"policy p "P" {
  requirement uptime "Uptime" {
    severity high
    when critical
    require uptime >= 99.9%
  }
  requirement rto "Recovery" {
    severity high
    require rto <= 4h
  }
  requirement untested "Nobody tests this" {
    severity low
    require uptime >= 99%
  }
}
"#;

const TESTS: &str = r#"test "a critical service with too little uptime fails" {
  vendor {
    critical = true
    uptime = 99.5%
  }
  expect p/uptime fail
}

test "a service that is not critical needs nothing" {
  vendor { critical = false }
  expect p/uptime n/a
}

test "a fast recovery passes" {
  vendor { rto = 2h }
  expect p/rto pass
}
"#;

fn small_project() -> common::tempdir::TempProject {
    project(&[
        ("policies/s.krav", SCHEMA),
        ("policies/p.krav", POLICY),
        ("tests/t.krav", TESTS),
    ])
}

#[test]
fn the_table_shows_outcomes_guards_and_deciding_lines() {
    let p = small_project();
    let run = skykrav(&["test", "--coverage", p.arg(), "--today", "2026-11-27"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("coverage_human", run.stdout);
}

#[test]
fn json_lists_requirements_without_a_failing_test_and_without_any() {
    let p = small_project();
    let run = skykrav(&["test", "--coverage", "--format", "json", p.arg()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["without_failing_test"], serde_json::json!(["p/rto"]));
    assert_eq!(v["without_test"], serde_json::json!(["p/untested"]));
    let uptime = &v["requirements"].as_array().unwrap()[2];
    assert_eq!(uptime["requirement"], "p/uptime");
    assert_eq!(
        uptime["guard"],
        serde_json::json!({ "true": true, "false": true, "unknown": false })
    );
    assert_eq!(uptime["outcomes"]["fail"], 1);
    assert_eq!(uptime["outcomes"]["n/a"], 1);
    assert_eq!(
        uptime["requires"],
        serde_json::json!([{ "line": 5, "decided": true }])
    );
    assert_eq!(v["tests"], serde_json::json!({ "passed": 3, "failed": 0 }));
}

#[test]
fn every_requirement_of_the_bundled_pack_has_a_passing_and_a_failing_test() {
    let pack = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/dk-cloud-guide");
    let run = skykrav(&[
        "test",
        "--coverage",
        "--format",
        "json",
        pack.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let reqs = v["requirements"].as_array().unwrap();
    assert!(reqs.len() >= 56, "{} requirements", reqs.len());
    for r in reqs {
        assert!(
            r["outcomes"]["pass"].as_u64().unwrap() > 0,
            "{}: no passing test",
            r["requirement"]
        );
        assert!(
            r["outcomes"]["fail"].as_u64().unwrap() > 0,
            "{}: no failing test",
            r["requirement"]
        );
    }
    assert_eq!(v["without_test"], serde_json::json!([]));
}

#[test]
fn a_project_on_a_pack_counts_the_pack_only_with_packs() {
    let run = skykrav(&["test", "--coverage", &example("nordlys")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("requirements of bundled packs are not counted"),
        "{}",
        run.stdout
    );
    let with = skykrav(&[
        "test",
        "--coverage",
        "--packs",
        "--format",
        "json",
        &example("nordlys"),
    ]);
    let v: serde_json::Value = serde_json::from_str(&with.stdout).unwrap();
    assert_eq!(v["pack_requirements_left_out"], 0);
}

#[test]
fn format_needs_coverage() {
    let run = skykrav(&["test", "--format", "json", &example("nordlys")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--coverage"), "{}", run.stderr);
}
