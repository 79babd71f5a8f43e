//! The GitHub Actions report: workflow commands only, escaped as the
//! Actions toolkit escapes them, pointing only at files of the repository.

mod common;

use common::{json, project, skykrav};

fn example(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

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
    let report = json(&skykrav(&[
        "check",
        &example("nordlys"),
        "--format",
        "json",
    ]));
    let n = |k: &str| report["summary"][k].as_u64().unwrap() as usize;
    let warnings = report["diagnostics"].as_array().unwrap().len();
    // One command per fail or unknown, one per warning.
    assert_eq!(
        run.stdout.lines().count(),
        n("fail") + n("unknown") + warnings
    );
    // Every finding names its requirement in the title; the requirements
    // are written in the pack, the places in the vendors' files.
    for r in report["results"].as_array().unwrap() {
        if r["outcome"] != "fail" && r["outcome"] != "unknown" {
            continue;
        }
        let title = format!("title=skykrav%3A {}::", r["requirement"].as_str().unwrap());
        let vendor = format!(" vendor {} (", r["vendor"].as_str().unwrap());
        assert!(
            run.stdout
                .lines()
                .any(|l| l.contains(&title) && l.contains(&vendor)),
            "{title} {vendor}"
        );
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
fn commands_follow_what_fails_the_run() {
    let run = github(&example("quickstart"), &[]);
    let line_for = |req: &str, vendor: &str| {
        run.stdout
            .lines()
            .find(|l| l.contains(&format!("title=skykrav%3A {req}::")) && l.contains(vendor))
            .unwrap_or_else(|| panic!("no line for {req}"))
            .to_string()
    };
    // A fail at or above the threshold (medium in quickstart) fails the
    // run: an error, at the fact that decided, with its full span, named
    // from the top of the repository.
    assert!(line_for("quick/risk-review", "filebox").starts_with(
        "::error file=examples/quickstart/vendors/filebox.json,line=8,col=27,endLine=8,endColumn=38,title=skykrav%3A quick/risk-review::"
    ));
    assert!(line_for("quick/location", "filebox")
        .starts_with("::error file=examples/quickstart/vendors/filebox.json,line=10,"));
    // An unknown below the threshold (low): a warning at the vendor's
    // header, where the fact would go.
    assert!(line_for("quick/breach", "filebox")
        .starts_with("::warning file=examples/quickstart/vendors/filebox.json,line=2,"));
    // The message names vendor, requirement, value and help.
    let message = line_for("quick/risk-review", "filebox");
    for part in [
        "filebox (FileBox Teams)",
        "`risk.last_assessed` is 2025-06-01",
        "%0AHelp: Assess the risk again",
    ] {
        assert!(message.contains(part), "{part} in {message}");
    }
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
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    let line = run.stdout.lines().next().unwrap();
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
    assert!(
        message.contains("vendor odd (Odd, Inc.: 100%25%0Asecond line)"),
        "{message}"
    );
    assert!(
        message.contains("`owner.name` is \"50%25, a:b\""),
        "{message}"
    );
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
    assert!(
        run.stdout.contains(",title=K1001::unknown fact `b`"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_same_bytes_on_every_run() {
    for dir in [example("quickstart"), example("nordlys")] {
        assert_eq!(github(&dir, &[]).stdout, github(&dir, &[]).stdout);
    }
}
