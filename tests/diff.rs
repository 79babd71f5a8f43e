//! `skykrav diff`: a temporary git repository, a commit, then a change to
//! one vendor fact and one requirement; the diff lists exactly the
//! verdicts that changed, in every format.

mod common;

use std::process::Command;

use common::{assert_has, assert_lacks, json, project, skykrav};

const SCHEMA: &str = r#"schema s "Facts" {
  group sla "The SLA" {
    fact uptime: percent "Monthly uptime guaranteed"
  }
  group incident "Incidents" {
    fact breach_notification: duration "Longest time before the vendor tells us of a breach"
  }
}
"#;

const POLICY: &str = r#"policy p "Policy" {
  requirement uptime "Uptime is high enough" {
    severity medium
    require sla.uptime >= 99.9%
  }
  requirement breach "Breaches are told in time" {
    severity high
    require incident.breach_notification <= 72h
  }
}
"#;

const ALPHA: &str =
    "vendor alpha \"Alpha\" {\n  sla.uptime = 99.95%\n  incident.breach_notification = 48h\n}\n";
const BETA: &str =
    "vendor beta \"Beta\" {\n  sla.uptime = 99.5%\n  incident.breach_notification = 24h\n}\n";

fn git(dir: &std::path::Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.email=test@skykrav.invalid",
            "-c",
            "user.name=test",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// A repository whose HEAD holds the project, and a working tree where
/// alpha's uptime dropped and the breach requirement tightened to 36h.
fn changed_repo() -> common::tempdir::TempProject {
    let p = project(&[
        ("project/policies/schema.krav", SCHEMA),
        ("project/policies/policy.krav", POLICY),
        ("project/vendors/alpha.krav", ALPHA),
        ("project/vendors/beta.krav", BETA),
        ("project/skykrav.toml", "today = \"2026-11-27\"\n"),
    ]);
    git(p.path(), &["init", "-q"]);
    git(p.path(), &["add", "-A"]);
    git(p.path(), &["commit", "-q", "-m", "base"]);
    std::fs::write(
        p.path().join("project/vendors/alpha.krav"),
        ALPHA.replace("99.95%", "99.5%"),
    )
    .unwrap();
    std::fs::write(
        p.path().join("project/policies/policy.krav"),
        POLICY.replace("<= 72h", "<= 36h"),
    )
    .unwrap();
    p
}

fn project_dir(p: &common::tempdir::TempProject) -> String {
    p.path().join("project").to_string_lossy().into_owned()
}

#[test]
fn diff_lists_exactly_the_changed_verdicts() {
    let p = changed_repo();
    let dir = project_dir(&p);
    let run = skykrav(&["diff", "--base", "HEAD", &dir, "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report = json(&run);
    let changes: Vec<String> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {}->{}",
                c["change"].as_str().unwrap(),
                c["vendor"].as_str().unwrap(),
                c["requirement"].as_str().unwrap(),
                c["before"].as_str().unwrap(),
                c["after"].as_str().unwrap()
            )
        })
        .collect();
    // Alpha's uptime fell below 99.9%; its 48h breach notice no longer
    // meets 36h. Beta's 24h still does, and its uptime failed before.
    assert_eq!(
        changes,
        [
            "newly_failing alpha p/breach pass->fail",
            "newly_failing alpha p/uptime pass->fail"
        ]
    );
    assert_eq!(report["summary"]["newly_failing"], 2);
    assert_eq!(report["vendors_added"], serde_json::json!([]));

    let human = skykrav(&["diff", "--base", "HEAD", &dir]);
    assert_eq!(human.code, 1);
    assert_has(&human.stdout, "newly failing (2):");
    assert_has(&human.stdout, "alpha · p/uptime [medium] · pass → fail");
    assert_has(
        &human.stdout,
        "`sla.uptime` is 99.5% (vendors/alpha.krav:2)",
    );
    assert_lacks(&human.stdout, "beta");

    let markdown = skykrav(&["diff", "--base", "HEAD", &dir, "--format", "markdown"]);
    assert_eq!(markdown.code, 1);
    assert_eq!(
        markdown.stdout.matches("| newly failing |").count(),
        2,
        "{}",
        markdown.stdout
    );
    assert_lacks(&markdown.stdout, "beta");

    // The same bytes on two runs, in every format.
    for format in ["human", "json", "markdown"] {
        let a = skykrav(&["diff", "--base", "HEAD", &dir, "--format", format]);
        let b = skykrav(&["diff", "--base", "HEAD", &dir, "--format", format]);
        assert_eq!(a.stdout, b.stdout, "{format} differs between runs");
    }
}

#[test]
fn diff_leaves_the_working_tree_and_the_index_alone() {
    let p = changed_repo();
    let status = |p: &common::tempdir::TempProject| {
        let out = Command::new("git")
            .arg("-C")
            .arg(p.path())
            .args(["status", "--porcelain"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = status(&p);
    skykrav(&["diff", "--base", "HEAD", &project_dir(&p)]);
    assert_eq!(status(&p), before);
    assert_eq!(before.lines().count(), 2, "{before}");
}

#[test]
fn added_vendors_and_requirements_are_listed() {
    let p = changed_repo();
    std::fs::write(
        p.path().join("project/vendors/gamma.krav"),
        "vendor gamma \"Gamma\" { sla.uptime = 99.0% }\n",
    )
    .unwrap();
    std::fs::remove_file(p.path().join("project/vendors/beta.krav")).unwrap();
    let report = json(&skykrav(&[
        "diff",
        "--base",
        "HEAD",
        &project_dir(&p),
        "--format",
        "json",
    ]));
    assert_eq!(report["vendors_added"], serde_json::json!(["gamma"]));
    assert_eq!(report["vendors_removed"], serde_json::json!(["beta"]));
    // The new vendor's fail and unknown are news too.
    let gamma: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["vendor"] == "gamma")
        .map(|c| c["change"].as_str().unwrap())
        .collect();
    assert_eq!(gamma, ["newly_failing", "newly_unknown"]);
}

#[test]
fn nothing_changed_exits_0() {
    let p = changed_repo();
    git(p.path(), &["commit", "-q", "-a", "-m", "the change"]);
    let run = skykrav(&["diff", "--base", "HEAD", &project_dir(&p)]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_has(&run.stdout, "no verdict changed");
    // Against the commit before, the change shows again.
    let back = skykrav(&[
        "diff",
        "--base",
        "HEAD~1",
        &project_dir(&p),
        "--format",
        "json",
    ]);
    assert_eq!(back.code, 1);
}

#[test]
fn a_folder_outside_git_or_an_unknown_revision_is_a_clear_error() {
    let outside = project(&[("policies/p.krav", POLICY), ("policies/s.krav", SCHEMA)]);
    let run = skykrav(&["diff", "--base", "HEAD", outside.arg(), "--format", "json"]);
    assert_eq!(run.code, 2);
    assert_eq!(json(&run)["diagnostics"][0]["code"], "K3012");
    // Diagnostics are written as in `check`'s report, help included.
    let help = json(&run)["diagnostics"][0]["help"].clone();
    assert!(help.as_str().is_some_and(|h| h.contains("git")), "{help}");

    let p = changed_repo();
    let run = skykrav(&["diff", "--base", "no-such-branch", &project_dir(&p)]);
    assert_eq!(run.code, 2);
    assert_has(&run.stderr, "K3013");
    assert_has(&run.stderr, "the revision `no-such-branch` does not exist");
}
