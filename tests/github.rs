//! The GitHub Actions report: workflow commands only, escaped as the
//! Actions toolkit escapes them, pointing only at files of the repository.

mod common;

use common::{assert_has, check_as_json, example, json, project, skykrav};

fn github(dir: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["check", dir, "--format", "github"];
    args.extend_from_slice(extra);
    skykrav(&args)
}

/// Every line is a command GitHub acts on, none points into a bundled pack
/// file (GitHub can only annotate the repository's files), and the output
/// ends with a newline.
fn assert_only_commands(text: &str) {
    assert!(text.is_empty() || text.ends_with('\n'), "no final newline");
    for line in text.lines() {
        assert!(
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|c| line.starts_with(c)),
            "not a command: {line}"
        );
        let props = line.split("::").nth(1).unwrap_or("");
        assert!(
            !props.contains("file=<") && !props.contains("file=%3C"),
            "{line}"
        );
        assert!(line.matches("::").count() >= 2, "no message: {line}");
    }
}

#[test]
fn the_quickstart_report() {
    let run = github(&example("quickstart"), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_only_commands(&run.stdout);
    insta::assert_snapshot!("quickstart_github", run.stdout);
}

#[test]
fn a_project_on_a_bundled_pack_annotates_only_its_own_files() {
    let run = github(&example("nordlys"), &[]);
    assert_only_commands(&run.stdout);
    let report = json(&check_as_json(&example("nordlys"), &[]));
    let n = |k: &str| report["summary"][k].as_u64().unwrap() as usize;
    let warnings = report["diagnostics"].as_array().unwrap().len();
    // One annotation per vendor and level (the example fails the run at
    // `high`), a summary notice, and one per warning.
    let level = |r: &serde_json::Value| match r["severity"].as_str().unwrap() {
        "critical" | "high" => "error",
        "info" => "notice",
        _ => "warning",
    };
    let mut groups = std::collections::BTreeSet::new();
    for r in report["results"].as_array().unwrap() {
        if r["outcome"] != "fail" && r["outcome"] != "unknown" {
            continue;
        }
        let vendor = r["vendor"].as_str().unwrap();
        groups.insert((vendor.to_string(), level(r)));
        // Every finding is in the annotation of its vendor and level, with
        // its requirement; the places are in the vendors' files.
        let id = r["requirement"].as_str().unwrap();
        let heading = format!("{id} [{}] ", r["severity"].as_str().unwrap());
        let owner = format!(" vendor {vendor} (");
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(&format!("::{} ", level(r)))
                    && l.contains(&heading)
                    && l.contains(&owner)),
            "{heading} {owner}"
        );
    }
    assert_eq!(run.stdout.lines().count(), 1 + groups.len() + warnings);
    // The first line counts the findings that the annotations hold.
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("::notice title=skykrav summary::"),
        "{first}"
    );
    let counts = format!("{} fail and {} unknown findings", n("fail"), n("unknown"));
    assert_has(first, &counts);
    assert_has(first, &format!("in {} annotations", groups.len()));
    // No level has more annotations than GitHub shows in a step.
    for command in ["::error ", "::warning ", "::notice "] {
        let count = run
            .stdout
            .lines()
            .filter(|l| l.starts_with(command))
            .count();
        assert!(count <= 10, "{count} {command}");
    }
    // The stale fact and the expired waiver are warnings at their places.
    assert!(run
        .stdout
        .contains("::warning file=examples/nordlys/policies/waivers.krav,line=25,col=1,"));
    assert!(run
        .stdout
        .contains("::warning file=examples/nordlys/vendors/google-workspace.json,line=61,col=41,"));
}

#[test]
fn the_errors_come_first_and_the_most_severe_first() {
    let run = github(&example("nordlys"), &[]);
    let lines: Vec<&str> = run.stdout.lines().skip(1).collect();
    let errors = lines
        .iter()
        .take_while(|l| l.starts_with("::error "))
        .count();
    assert!(errors > 0);
    assert!(
        lines[errors..].iter().all(|l| !l.starts_with("::error ")),
        "{lines:?}"
    );
    // A group's title names the vendor and the worst severity in it.
    let worst: Vec<&str> = lines[..errors]
        .iter()
        .filter_map(|l| l.split("%2C the worst ").nth(1))
        .map(|rest| rest.split("::").next().unwrap())
        .collect();
    let rank = |s: &str| {
        ["critical", "high", "medium", "low", "info"]
            .iter()
            .position(|w| *w == s)
    };
    assert!(
        worst.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{worst:?}"
    );
}

#[test]
fn the_job_summary_says_how_many_findings_the_annotations_hold() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let run = common::skykrav_with_env(
        &["check", &example("quickstart"), "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = std::fs::read_to_string(&summary).unwrap();
    insta::assert_snapshot!("quickstart_github_job_summary", text);
}

#[test]
fn commands_follow_what_fails_the_run() {
    let run = github(&example("quickstart"), &[]);
    let line_for = |vendor: &str, command: &str| {
        run.stdout
            .lines()
            .find(|l| l.starts_with(command) && l.contains(&format!(" vendor {vendor} (")))
            .unwrap_or_else(|| panic!("no {command} for {vendor}"))
            .to_string()
    };
    // Fails at or above the threshold (medium in quickstart) fail the run:
    // one error for the vendor, at the fact that decided its most severe
    // finding, with its full span, named from the top of the repository.
    let errors = line_for("filebox", "::error ");
    assert!(
        errors.starts_with(
            "::error file=examples/quickstart/vendors/filebox.json,line=8,col=27,endLine=8,endColumn=38,title=skykrav%3A 2 findings for vendor filebox%2C the worst high::"
        ),
        "{errors}"
    );
    // Each finding in it names its requirement, value, place and help, the
    // most severe first.
    let risk = errors.find("quick/risk-review [high]").unwrap();
    let location = errors.find("quick/location [medium]").unwrap();
    assert!(risk < location);
    for part in [
        "filebox (FileBox Teams)",
        "`risk.last_assessed` is 2025-06-01 (vendors/filebox.json:8)",
        "`data.locations[1]` is US (vendors/filebox.json:10)",
        "%0AHelp: Assess the risk again",
    ] {
        assert_has(&errors, part);
    }
    // An unknown below the threshold (low): a warning at the vendor's
    // header, where the fact would go, titled by its one requirement.
    assert!(line_for("filebox", "::warning ").starts_with(
        "::warning file=examples/quickstart/vendors/filebox.json,line=2,col=3,endLine=2,endColumn=17,title=skykrav%3A quick/breach::"
    ));
}

#[test]
fn messages_and_properties_are_escaped_as_the_toolkit_does() {
    let vendor = serde_json::json!({
        "id": "odd",
        "name": "Odd, Inc.: 100%\nsecond line",
        "facts": { "owner": { "name": "50%, a:b" } },
    });
    let p = project(&[
        (
            "policies/p.krav",
            "schema s { group owner { fact name: string \"Who\" } }\n\
             policy p \"P\" {\n  requirement r \"R\" {\n    severity critical\n    require owner.name == \"ok\"\n    help \"Fix it: 100%, now.\\nThen tell us.\"\n  }\n}\n",
        ),
        // A file name with `,` and `:`, which end a property value.
        ("vendors/a,b:c.json", &vendor.to_string()),
    ]);
    let run = github(p.arg(), &["--today", "2026-11-27"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_only_commands(&run.stdout);
    // The summary notice, then the finding.
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    let line = run.stdout.lines().nth(1).unwrap();
    // A critical fail is an error; the value is on the one line of the JSON.
    let (head, message) = line
        .strip_prefix("::error ")
        .and_then(|rest| rest.split_once("::"))
        .unwrap_or_else(|| panic!("{line}"));
    assert!(
        head.starts_with("file=vendors/a%2Cb%3Ac.json,line=1,"),
        "{head}"
    );
    assert!(head.ends_with(",title=skykrav%3A p/r"), "{head}");
    assert_has(message, "vendor odd (Odd, Inc.: 100%25%0Asecond line)");
    assert_has(message, "`owner.name` is \"50%25, a:b\"");
    assert!(
        message.ends_with("%0AHelp: Fix it: 100%25, now.%0AThen tell us."),
        "{message}"
    );
    assert!(!message.contains('\n') && !message.contains('\r'));
}

#[test]
fn invalid_input_gives_an_error_per_diagnostic() {
    let p = project(&[(
        "policies/a.krav",
        "schema s { fact a: bool }\npolicy p \"t\" { requirement r \"x\" { severity low require b } }\n",
    )]);
    let run = github(p.arg(), &[]);
    assert_eq!(run.code, 2);
    assert_only_commands(&run.stdout);
    assert!(
        run.stdout
            .starts_with("::error file=policies/a.krav,line=2,col=57,"),
        "{}",
        run.stdout
    );
    assert_has(&run.stdout, ",title=K1001::unknown fact `b`");
}

#[test]
fn the_same_bytes_on_every_run() {
    for dir in [example("quickstart"), example("nordlys")] {
        assert_eq!(github(&dir, &[]).stdout, github(&dir, &[]).stdout);
    }
}
