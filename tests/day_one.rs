//! What a new adopter meets in the first hour: a project made by hand from
//! the README, the pack's tests on any day, runs that would check nothing,
//! a closed output pipe, and the messages for the commonest slips.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{
    assert_has, check_as, check_json, codes, each, json, project, skykrav, skykrav_with_env,
};

const PACK: &str = "packs = [\"dk-cloud-guide\"]\n";

/// One vendor, as the README's four steps describe it.
const VENDOR: &str = r#"vendor acme "Acme Cloud" {
  owner.name = "Jens Hansen"
  sla.uptime = 99.9% source "https://acme.example/sla"
  data.locations = [EU]
}
"#;

fn snapshot(name: &str, text: &str, p: &common::tempdir::TempProject) {
    let text = text.replace(p.arg(), "[PROJECT]");
    let mut settings = insta::Settings::clone_current();
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

// ------------------------------------------------------------------ tests

#[test]
fn a_project_made_from_the_readme_passes_its_tests_today_and_in_five_years() {
    let p = project(&[
        ("skykrav.toml", PACK),
        ("vendors/acme.krav", VENDOR),
        (
            "tests/own.krav",
            "test \"a service without an owner fails\" {\n  expect dk-baseline/R1.owner fail\n}\n",
        ),
    ]);
    for today in [None, Some("2031-12-03"), Some("2045-06-30")] {
        let mut args = vec!["test", p.arg()];
        if let Some(d) = today {
            args.extend(["--today", d]);
        }
        let run = skykrav(&args);
        assert_eq!(run.code, 0, "{today:?}\n{}{}", run.stdout, run.stderr);
        // The project's own test runs; the pack's are the pack's business.
        assert!(
            run.stdout.ends_with("1 passed, 0 failed\n"),
            "{}",
            run.stdout
        );
        assert_has(
            &run.stdout,
            "note: 205 tests of the bundled packs were not run; `skykrav test --packs` runs them",
        );
    }
}

#[test]
fn the_packs_tests_pass_on_dates_years_apart() {
    let p = project(&[("skykrav.toml", PACK), ("vendors/acme.krav", VENDOR)]);
    for today in ["2020-01-01", "2026-12-03", "2031-11-27", "2040-02-29"] {
        let run = skykrav(&["test", p.arg(), "--packs", "--today", today]);
        assert_eq!(run.code, 0, "{today}\n{}", run.stdout);
        assert!(run.stdout.ends_with("205 passed, 0 failed\n"), "{today}");
    }
}

#[test]
fn a_test_can_fix_its_own_date() {
    let schema = "schema s { fact reviewed: date \"When\" }\n\
                  policy p \"P\" { requirement r \"Reviewed this year\" { severity low require reviewed within 365d } }\n";
    let test = "test \"a review on the day counts\" {\n  today 2026-11-27\n  vendor { reviewed = 2026-11-27 }\n  expect p/r pass\n}\n\
                test \"the same review without a date of its own ages\" {\n  vendor { reviewed = 2026-11-27 }\n  expect p/r pass\n}\n";
    let p = project(&[("policies/p.krav", schema), ("tests/t.krav", test)]);
    let run = skykrav(&["test", p.arg(), "--today", "2030-01-01"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run
        .stdout
        .contains("test a review on the day counts ... ok"));
    assert!(run
        .stdout
        .contains("test the same review without a date of its own ages ... FAILED"));

    let twice = project(&[(
        "tests/t.krav",
        &format!("{schema}test \"t\" {{\n  today 2026-11-27\n  today 2026-11-28\n}}\n"),
    )]);
    let run = skykrav(&["test", twice.arg()]);
    assert_eq!(run.code, 2);
    assert_has(&run.stderr, "`today` is given twice");
}

#[test]
fn a_failing_pack_test_does_not_tell_the_user_to_edit_the_binary() {
    // A project's own tests say how to fix them; this one fails on purpose.
    let p = project(&[
        ("skykrav.toml", PACK),
        ("vendors/acme.krav", VENDOR),
        (
            "tests/own.krav",
            "test \"wrong on purpose\" {\n  expect dk-baseline/R1.owner pass\n}\n",
        ),
    ]);
    let run = skykrav(&["test", p.arg()]);
    assert_eq!(run.code, 1);
    assert!(run
        .stdout
        .contains("change the test to `expect dk-baseline/R1.owner fail`"));
}

// ------------------------------------------------------ runs that check nothing

fn nothing_checked(name: &str, files: &[(&str, &str)], extra: &[&str], names: &str, help: &str) {
    let p = project(files);
    let mut args = vec!["check", p.arg(), "--today", "2026-11-27"];
    args.extend_from_slice(extra);
    let run = skykrav(&args);
    assert_eq!(run.code, 2, "{name}: {}{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty());
    assert_has(&run.stderr, "K3014");
    assert_has(&run.stderr, names);
    snapshot(name, &run.stderr, &p);

    args.extend(["--format", "json"]);
    let report = json(&skykrav(&args));
    assert_eq!(report["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(report["diagnostics"][0]["code"], "K3014");
    let given = report["diagnostics"][0]["help"].as_str().unwrap_or("");
    assert_has(given, help);
}

#[test]
fn a_vendors_pattern_that_matches_no_file_is_an_error() {
    nothing_checked(
        "nothing_vendors_pattern",
        &[
            (
                "skykrav.toml",
                "packs = [\"dk-cloud-guide\"]\nvendors = [\"suppliers/*.json\"]\n",
            ),
            ("vendors/acme.krav", VENDOR),
        ],
        &[],
        "`suppliers/*.json`",
        "fix the `vendors` patterns",
    );
}

#[test]
fn an_empty_vendors_folder_with_the_pack_is_an_error() {
    let p = project(&[("skykrav.toml", PACK)]);
    std::fs::create_dir_all(p.path().join("vendors")).unwrap();
    let run = skykrav(&["check", p.arg()]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_has(&run.stderr, "the project has no vendor to check");
    snapshot("nothing_empty_vendors_folder", &run.stderr, &p);
}

#[test]
fn a_vendor_filter_that_matches_none_is_an_error() {
    nothing_checked(
        "nothing_vendor_filter",
        &[("skykrav.toml", PACK), ("vendors/acme.krav", VENDOR)],
        &["--vendor", "nosuch"],
        "`--vendor nosuch` matches no vendor,",
        "the vendors are `acme`",
    );
}

#[test]
fn a_requirement_filter_without_its_policy_is_an_error_that_names_the_prefix() {
    nothing_checked(
        "nothing_requirement_filter",
        &[("skykrav.toml", PACK), ("vendors/acme.krav", VENDOR)],
        &["--requirement", "R4.*"],
        "`--requirement R4.*` matches no requirement,",
        "did you mean `--requirement 'dk-baseline/R4.*'`?",
    );
}

#[test]
fn a_diff_does_not_need_vendors_at_its_base() {
    // The base of a diff is judged as it was; only a filter that matches
    // nothing now is an error there. (A folder outside git is K3012.)
    let p = project(&[("skykrav.toml", PACK)]);
    let run = skykrav(&["diff", "--base", "HEAD", p.arg(), "--format", "json"]);
    assert_eq!(run.code, 2);
    assert_eq!(json(&run)["diagnostics"][0]["code"], "K3012");
}

// ------------------------------------------------------------ output

#[test]
fn a_closed_output_pipe_ends_quietly() {
    let nordlys = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nordlys");
    for format in ["human", "sarif", "junit"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_skykrav"))
            .args(["check", nordlys.to_str().unwrap(), "--format", format])
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one line, as `| head -1` does, and close the pipe. The report
        // is far larger than a pipe holds, so skykrav is still writing.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(!first.is_empty());
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn an_output_folder_that_does_not_exist_is_named() {
    let p = project(&[("skykrav.toml", PACK), ("vendors/acme.krav", VENDOR)]);
    // Run from inside the project, as a user does, so that paths are short.
    let out = Command::new(env!("CARGO_BIN_EXE_skykrav"))
        .args([
            "check",
            ".",
            "--format",
            "json",
            "--output",
            "reports/today.json",
        ])
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2));
    assert_has(
        &stderr,
        "cannot write `reports/today.json`: the folder `reports` does not exist",
    );
    snapshot("output_folder_missing", &stderr, &p);
    assert!(!p.path().join("reports").exists());
}

// ------------------------------------------------------------ messages

fn refused(name: &str, files: &[(&str, &str)]) -> (String, serde_json::Value) {
    let p = project(files);
    let run = skykrav(&["check", p.arg(), "--today", "2026-11-27"]);
    assert_eq!(run.code, 2, "{name}: {}", run.stdout);
    snapshot(name, &run.stderr, &p);
    let report = check_json(p.arg(), &["--today", "2026-11-27"]);
    (run.stderr, report)
}

/// [`refused`] for a project on the pack with one vendor stating one fact.
fn refused_fact(name: &str, fact: &str) -> (String, serde_json::Value) {
    let vendor = format!("vendor acme \"Acme\" {{\n  {fact}\n}}\n");
    refused(
        name,
        &[("skykrav.toml", PACK), ("vendors/acme.krav", &vendor)],
    )
}

#[test]
fn a_unit_on_a_percent_is_a_missing_percent_sign() {
    let (stderr, report) = refused_fact("unit_on_a_percent", "sla.uptime = 99.9h");
    assert_eq!(report["diagnostics"][0]["code"], "K1016");
    assert!(stderr.contains("`sla.uptime` in vendor `acme` is a percent, but the value is `99.9h`"));
    assert!(stderr.contains("`99.9%`"));
}

#[test]
fn a_fractional_duration_is_still_a_bad_duration() {
    let (_, report) = refused_fact("unit_on_a_duration", "vendor.patch_time = 1.5d");
    assert_eq!(report["diagnostics"][0]["code"], "K0006");
}

#[test]
fn a_duration_in_words_gets_the_literal_it_means() {
    let (stderr, _) = refused(
        "duration_in_words",
        &[
            ("skykrav.toml", PACK),
            (
                "vendors/acme.krav",
                "vendor acme \"Acme\" {\n  contract.breach_notice = \"1 day\"\n}\n",
            ),
            (
                "vendors/beta.json",
                r#"{"id": "beta", "name": "Beta", "facts": {"vendor.patch_time": "2 weeks"}}"#,
            ),
        ],
    );
    assert_has(&stderr, "`1d` (or `24h`)");
    assert_has(&stderr, "\"2w\" (or \"14d\")");
}

#[test]
fn a_missing_opening_brace_is_reported_where_it_is_missing() {
    let policy = "policy mine \"Mine\" {\n  requirement a \"A\"\n    severity high\n    require sla.uptime >= 99.5%\n  }\n\n  requirement b \"B\" {\n    severity high\n    require sla.uptime >= 99.5%\n  }\n}\n";
    let (_, report) = refused(
        "missing_opening_brace",
        &[
            ("skykrav.toml", PACK),
            ("policies/mine.krav", policy),
            ("vendors/acme.krav", VENDOR),
        ],
    );
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "K0001");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(5))
    );
}

#[test]
fn a_vendor_file_that_does_not_parse_causes_no_follow_on_errors() {
    let waiver = "waiver \"x\" {\n  vendor bad\n  requirement dk-baseline/R3.uptime\n  expires 2027-01-01\n  approved_by \"CFO\"\n  reason \"r\"\n}\n";
    let (_, report) = refused(
        "vendor_file_with_trailing_comma",
        &[
            ("skykrav.toml", PACK),
            ("policies/waivers.krav", waiver),
            (
                "vendors/bad.json",
                "{ \"id\": \"bad\", \"name\": \"Bad\", \"facts\": { \"sla.uptime\": \"99.9%\", } }\n",
            ),
        ],
    );
    let codes: Vec<&str> = each(&report["diagnostics"], "code").into_iter().collect();
    assert_eq!(codes, ["K3007"]);
}

// ------------------------------------------------------------ waivers

fn waived_project(expires: &str, config: &str) -> common::tempdir::TempProject {
    let waiver = format!(
        "waiver \"Acme uptime accepted until renewal\" {{\n  vendor acme\n  requirement dk-baseline/R1.owner\n  expires {expires}\n  approved_by \"CFO Anne Kjær, 2026-09-01\"\n  reason \"No alternative before the renewal.\"\n}}\n"
    );
    project(&[
        ("skykrav.toml", &format!("{PACK}{config}")),
        ("policies/waivers.krav", &waiver),
        (
            "vendors/acme.krav",
            "vendor acme \"Acme Cloud\" {\n  sla.uptime = 99.9%\n}\n",
        ),
    ])
}

#[test]
fn a_waiver_that_ends_soon_is_a_warning_and_every_waiver_in_force_is_listed() {
    let p = waived_project("2026-12-20", "");
    let run = skykrav(&["check", p.arg(), "--today", "2026-12-03"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let from = run.stdout.find("K2011").expect("a K2011 warning");
    let to = run.stdout.find("\n  vendor ").unwrap();
    snapshot("waiver_ends_soon", &run.stdout[from..to], &p);

    let report = check_json(p.arg(), &["--today", "2026-12-03"]);
    let w = &report["waivers"][0];
    assert_eq!(w["approved_by"], "CFO Anne Kjær, 2026-09-01");
    assert_eq!(w["reason"], "No alternative before the renewal.");
    assert_eq!(w["state"], "in force");
    assert_eq!(w["expires_soon"], true);
    let waived = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["outcome"] == "waived")
        .unwrap();
    assert_eq!(
        waived["waiver"]["reason"],
        "No alternative before the renewal."
    );
    assert_eq!(waived["waiver"]["approved_by"], "CFO Anne Kjær, 2026-09-01");
    assert!(report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "K2011" && d["level"] == "warning"));
}

#[test]
fn the_waiver_notice_is_configurable() {
    let codes =
        |p: &common::tempdir::TempProject| codes(&check_json(p.arg(), &["--today", "2026-12-03"]));
    // Sixty days ahead: no warning by default, one with a 90-day notice,
    // none when the notice is turned off.
    assert!(!codes(&waived_project("2027-02-01", "")).contains(&"K2011".to_string()));
    assert!(
        codes(&waived_project("2027-02-01", "waiver_notice = \"90d\"\n"))
            .contains(&"K2011".to_string())
    );
    assert!(
        !codes(&waived_project("2026-12-04", "waiver_notice = \"0d\"\n"))
            .contains(&"K2011".to_string())
    );
    // An expired waiver is K2003, not K2011, and is listed as expired.
    let p = waived_project("2026-12-01", "");
    assert!(codes(&p).contains(&"K2003".to_string()));
    let report = check_json(p.arg(), &["--today", "2026-12-03"]);
    assert_eq!(report["waivers"][0]["state"], "expired");
    let bad = waived_project("2027-02-01", "waiver_notice = \"a month\"\n");
    let run = skykrav(&["check", bad.arg()]);
    assert_eq!(run.code, 2);
    assert_has(
        &run.stderr,
        "`waiver_notice = \"a month\"` is not a duration",
    );
}

#[test]
fn the_github_format_writes_the_job_summary_only_in_actions() {
    let p = waived_project("2027-12-31", "");
    let summary = p.path().join("summary.md");
    let run = skykrav_with_env(
        &["check", p.arg(), "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(run.code, 1);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("**skykrav:** "), "{text}");
    // Without the variable, nothing but the commands is written.
    let quiet = check_as(p.arg(), "github", &[]);
    assert_eq!(quiet.stdout, run.stdout);
}
