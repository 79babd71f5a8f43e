//! The command line as a user meets it: the bundled example, every option
//! of `check`, exit statuses, and reports that are the same on every run.

mod common;

use common::{assert_has, check_as_json, check_json, each, json, project, skykrav};

fn quickstart() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/quickstart")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn the_example_reports_and_exits_as_its_outcomes_demand() {
    let run = skykrav(&["check", &quickstart()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    insta::assert_snapshot!("quickstart_human", run.stdout);
}

#[test]
fn the_json_report_follows_the_spec_and_is_stable() {
    let first = check_as_json(&quickstart(), &[]);
    let second = check_as_json(&quickstart(), &[]);
    assert_eq!(first.code, 1);
    assert_eq!(first.stdout, second.stdout, "two runs differ");
    let report = json(&first);
    assert_eq!(report["today"], "2026-11-27");
    for key in ["pass", "fail", "unknown", "n/a", "waived"] {
        assert!(report["summary"][key].is_u64(), "summary lacks {key}");
    }
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 18);
    let keys: Vec<(String, String)> = results
        .iter()
        .map(|r| {
            (
                r["vendor"].as_str().unwrap().into(),
                r["requirement"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        keys, sorted,
        "results are sorted by vendor, then requirement"
    );
    for r in results {
        for key in [
            "vendor",
            "requirement",
            "severity",
            "outcome",
            "facts",
            "missing",
        ] {
            assert!(!r[key].is_null(), "result lacks {key}: {r}");
        }
    }
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    insta::assert_snapshot!("quickstart_json", first.stdout);
}

#[test]
fn thresholds_and_unknowns_decide_the_exit_status() {
    // The example fails at high severity (owner, risk-review).
    assert_eq!(
        skykrav(&["check", &quickstart(), "--fail-on", "critical"]).code,
        0
    );
    assert_eq!(
        skykrav(&["check", &quickstart(), "--fail-on", "high"]).code,
        1
    );
    assert_eq!(
        skykrav(&["check", &quickstart(), "--fail-on", "none"]).code,
        0
    );
    // Only filebox's low `breach` is unknown; with fails filtered away,
    // --allow-unknown decides.
    let only_breach = [
        "check",
        &quickstart(),
        "--requirement",
        "quick/breach",
        "--fail-on",
        "low",
    ];
    assert_eq!(skykrav(&only_breach).code, 1);
    let mut allowed = only_breach.to_vec();
    allowed.push("--allow-unknown");
    assert_eq!(skykrav(&allowed).code, 0);
    let bad = skykrav(&["check", &quickstart(), "--fail-on", "info"]);
    assert_eq!(bad.code, 2);
    assert_has(&bad.stderr, "info never fails");
}

#[test]
fn vendor_and_requirement_globs_narrow_the_run() {
    let run = check_as_json(
        &quickstart(),
        &["--vendor", "file*", "--requirement", "quick/[dl]*"],
    );
    let report = json(&run);
    let pairs: Vec<String> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["vendor"].as_str().unwrap(),
                r["requirement"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(pairs, ["filebox quick/dpa", "filebox quick/location"]);
}

#[test]
fn today_on_the_command_line_beats_the_project_file() {
    let run = check_as_json(&quickstart(), &["--today", "2027-06-01"]);
    let report = json(&run);
    assert_eq!(report["today"], "2027-06-01");
    // The FileBox waiver expired on 2027-03-31: it covers nothing and warns.
    let codes: Vec<&str> = each(&report["diagnostics"], "code").into_iter().collect();
    assert!(codes.contains(&"K2003"), "{codes:?}");
}

#[test]
fn output_goes_to_a_file_when_asked() {
    let dir = project(&[]);
    let out = dir.path().join("report.json");
    let run = skykrav(&[
        "check",
        &quickstart(),
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, check_as_json(&quickstart(), &[]).stdout);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file is left: {leftovers:?}"
    );
}

#[test]
fn a_write_that_fails_leaves_the_old_file_and_exits_2() {
    let dir = project(&[]);
    let missing = dir.path().join("no/such/folder/report.json");
    let run = skykrav(&[
        "check",
        &quickstart(),
        "--output",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert_has(&run.stderr, "K3001");
}

#[test]
fn invalid_input_gives_exit_2_and_diagnostics_in_json() {
    let p = project(&[("policies/a.krav", "schema s { fact a: bool }\npolicy p \"t\" { requirement r \"x\" { severity low require b } }\n")]);
    let run = check_as_json(p.arg(), &[]);
    assert_eq!(run.code, 2);
    let report = json(&run);
    assert_eq!(report["results"], serde_json::json!([]));
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "K1001");
    assert_eq!(d["level"], "error");
    assert_eq!(d["file"], "policies/a.krav");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 57);
    // Human: errors on standard error, nothing on standard output.
    let human = skykrav(&["check", p.arg()]);
    assert_eq!(human.code, 2);
    assert!(human.stdout.is_empty());
    assert_has(&human.stderr, "unknown fact `b`");
}

#[test]
fn no_colour_without_a_terminal() {
    let run = skykrav(&["check", &quickstart()]);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "escape codes in piped output"
    );
}

#[test]
fn help_explains_every_option() {
    let run = skykrav(&["check", "--help"]);
    assert_eq!(run.code, 0);
    for option in [
        "--format",
        "--output",
        "--today",
        "--fail-on",
        "--allow-unknown",
        "--vendor",
        "--requirement",
    ] {
        assert_has(&run.stdout, option);
    }
}

#[test]
fn the_project_folder_may_be_given_as_dot() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_skykrav"))
        .args(["check", ".", "--format", "json"])
        .current_dir(quickstart())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["results"].as_array().unwrap().len(), 18);
}

#[test]
fn defaults_give_every_vendor_the_company_needs() {
    let p = project(&[
        (
            "policies/p.krav",
            "schema s {\n  group needs { fact uptime: percent \"Our need\" }\n  group sla { fact uptime: percent \"Guaranteed\" }\n}\npolicy p \"t\" {\n  requirement r \"x\" {\n    severity low\n    require sla.uptime >= needs.uptime\n  }\n}\n",
        ),
        ("policies/needs.krav", "defaults \"Our needs\" {\n  needs.uptime = 99.9%\n}\n"),
        (
            "vendors/v.krav",
            "vendor own \"States its own need\" { sla.uptime = 99.5%  needs.uptime = 99.0% }\nvendor usual \"Takes the default\" { sla.uptime = 99.5% }\n",
        ),
        ("tests/t.krav", "test \"no defaults in tests\" { vendor { sla.uptime = 99.5% } expect p/r unknown }\n"),
    ]);
    let report = check_json(p.arg(), &["--today", "2026-11-27"]);
    let outcome = |v: &str| {
        report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["vendor"] == v)
            .unwrap()["outcome"]
            .clone()
    };
    assert_eq!(outcome("own"), "pass");
    assert_eq!(outcome("usual"), "fail");
    let usual = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["vendor"] == "usual")
        .unwrap();
    let need = usual["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "needs.uptime")
        .unwrap();
    assert_eq!(need["file"], "policies/needs.krav");
    assert_eq!(skykrav(&["test", p.arg()]).code, 0);
}

#[test]
fn every_format_prints_the_same_bytes_on_two_runs() {
    let nordlys = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/nordlys")
        .to_string_lossy()
        .into_owned();
    for format in [
        "human", "json", "sarif", "junit", "markdown", "github", "gitlab",
    ] {
        let first = skykrav(&["check", &nordlys, "--format", format]);
        let second = skykrav(&["check", &nordlys, "--format", format]);
        assert_eq!(first.code, 1, "{format}: {}", first.stderr);
        assert!(!first.stdout.is_empty(), "{format} printed nothing");
        assert_eq!(first.stdout, second.stdout, "{format} differs between runs");
    }
}
