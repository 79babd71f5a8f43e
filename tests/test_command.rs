//! `skykrav test`: one line per test, a closing `N passed, N failed`
//! line, exit 1 on a failure with a diagnostic at the `expect` line.

mod common;

use common::{assert_has, project, skykrav};

const POLICY: &str = r#"schema s "Facts" {
  group sla "The SLA" {
    fact uptime: percent "Monthly uptime guaranteed"
  }
}

policy p "Policy" {
  requirement uptime "Uptime is high enough" {
    severity medium
    require sla.uptime >= 99.9%
  }
}
"#;

#[test]
fn passing_tests_print_a_line_each_and_a_summary() {
    let p = project(&[
        ("policies/p.krav", POLICY),
        (
            "tests/t.krav",
            "test \"a strong SLA passes\" {\n  vendor { sla.uptime = 99.95% }\n  expect p/uptime pass\n}\n\ntest \"no SLA is unknown\" {\n  expect p/uptime unknown\n}\n",
        ),
    ]);
    let run = skykrav(&["test", p.arg()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "test a strong SLA passes ... ok\ntest no SLA is unknown ... ok\n2 passed, 0 failed\n"
    );
}

#[test]
fn a_wrong_expectation_fails_at_its_expect_line() {
    let p = project(&[
        ("policies/p.krav", POLICY),
        (
            "tests/t.krav",
            "test \"a weak SLA\" {\n  vendor {\n    sla.uptime = 99.5%\n  }\n  expect p/uptime pass\n}\n",
        ),
    ]);
    let run = skykrav(&["test", p.arg()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with("test a weak SLA ... FAILED\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("0 passed, 1 failed\n"),
        "{}",
        run.stdout
    );
    assert_has(&run.stdout, "K2007");
    // the diagnostic points at the expect line
    assert_has(&run.stdout, "[ tests/t.krav:5:3 ]");
    insta::assert_snapshot!("wrong_expectation", run.stdout);
}

#[test]
fn a_test_naming_a_missing_requirement_is_an_error() {
    let p = project(&[
        ("policies/p.krav", POLICY),
        (
            "tests/t.krav",
            "test \"typo\" {\n  expect p/uptme fail\n}\n",
        ),
    ]);
    let run = skykrav(&["test", p.arg()]);
    assert_eq!(run.code, 2);
    assert_has(&run.stderr, "K2006");
    assert_has(&run.stderr, "did you mean `p/uptime`?");
}

#[test]
fn today_can_be_fixed_for_tests() {
    let policy = "schema s { fact reviewed: date }\npolicy p \"t\" { requirement r \"x\" { severity low require reviewed within 30d } }\n";
    let test = "test \"recent\" { vendor { reviewed = 2026-11-01 } expect p/r pass }\n";
    let p = project(&[("policies/p.krav", policy), ("tests/t.krav", test)]);
    assert_eq!(skykrav(&["test", p.arg(), "--today", "2026-11-27"]).code, 0);
    assert_eq!(skykrav(&["test", p.arg(), "--today", "2027-01-27"]).code, 1);
}
