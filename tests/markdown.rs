//! The Markdown report, as a pull-request comment or a job summary: the
//! quickstart in full, and a large project that stays scannable.

mod common;

use common::{assert_has, check_as, check_as_json, example, json, project};

fn markdown(dir: &str) -> common::Run {
    check_as(dir, "markdown", &[])
}

/// `<details>` and `</details>` pair up, or GitHub folds the rest of the
/// comment away.
fn folds(text: &str) -> usize {
    let open = text.matches("<details").count();
    assert_eq!(
        open,
        text.matches("</details>").count(),
        "unbalanced:\n{text}"
    );
    open
}

#[test]
fn the_quickstart_report() {
    let run = markdown(&example("quickstart"));
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("quickstart_markdown", run.stdout);
}

#[test]
fn a_large_project_is_folded_per_vendor() {
    let run = markdown(&example("nordlys"));
    let text = &run.stdout;
    let report = json(&check_as_json(&example("nordlys"), &[]));
    let n = |k: &str| report["summary"][k].as_u64().unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "## ❌ skykrav: {} fail, {} unknown",
            n("fail"),
            n("unknown")
        )
    );
    assert!(text.contains(&format!(
        "{} pass · {} fail · {} unknown · {} n/a · {} waived",
        n("pass"),
        n("fail"),
        n("unknown"),
        n("n/a"),
        n("waived")
    )));

    // One fold per vendor in each of the two sections, and one for waivers.
    let results = report["results"].as_array().unwrap();
    let vendors_with = |outcome: &str| {
        let mut v: Vec<&str> = results
            .iter()
            .filter(|r| r["outcome"] == outcome)
            .map(|r| r["vendor"].as_str().unwrap())
            .collect();
        v.dedup();
        v
    };
    let failing = vendors_with("fail");
    let expected = failing.len() + vendors_with("unknown").len() + 1;
    assert_eq!(folds(text), expected);

    // Every failing vendor has its fold in the failures section, with the
    // number of its fails.
    let failures = section(text, "### Failures");
    for v in &failing {
        let count = results
            .iter()
            .filter(|r| r["vendor"] == *v && r["outcome"] == "fail")
            .count();
        assert!(
            failures.contains(&format!("<summary><b>{v}</b>"))
                && failures.contains(&format!("): {count} fail")),
            "{v} is missing from\n{failures}"
        );
    }
    // Every fail is listed with its requirement.
    for r in results.iter().filter(|r| r["outcome"] == "fail") {
        let item = format!("- **{}**", r["requirement"].as_str().unwrap());
        assert_has(failures, &item);
    }
    // Large projects fold closed; the table still shows every vendor.
    assert!(!text.contains("<details open>"));
    for r in results {
        assert!(text.contains(&format!("| {} |", r["vendor"].as_str().unwrap())));
    }
    assert_has(text, "### Warnings\n\n- **K2003**");
    assert!(text.chars().count() < 65_536, "too long for a comment");
    assert!(text.ends_with('\n'));
}

/// The text from a heading to the next one.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    let rest = &text[start + heading.len()..];
    &rest[..rest.find("\n### ").unwrap_or(rest.len())]
}

#[test]
fn a_passing_project_gets_a_tick() {
    let run = check_as(
        &example("quickstart"),
        "markdown",
        &["--vendor", "mailhost"],
    );
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("## ✅ skykrav: 0 fail, 0 unknown\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("### Failures"));
}

#[test]
fn text_from_the_project_cannot_break_the_comment() {
    let vendor = serde_json::json!({
        "id": "awkward",
        "name": "A <b>bold</b> </details> | co\nline 2",
        "facts": { "owner": { "name": "x | `y` <z>" } },
    });
    let p = project(&[
        (
            "policies/p.krav",
            "schema s { group owner { fact name: string \"Who\" } }\n\
             policy p \"P\" {\n  requirement r \"Owner *is* _ok_ </details>\" {\n    severity high\n    require owner.name == \"ok\"\n    help \"Set `owner.name` | not <this>\"\n  }\n}\n",
        ),
        ("vendors/awkward.json", &vendor.to_string()),
    ]);
    let run = check_as(p.arg(), "markdown", &["--today", "2026-11-27"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = &run.stdout;
    assert_eq!(folds(text), 1, "only skykrav's own folds:\n{text}");
    assert_has(
        text,
        "<summary><b>awkward</b> (A &lt;b&gt;bold&lt;/b&gt; &lt;/details&gt; | co line 2)",
    );
    assert_has(text, "(high): Owner \\*is\\* \\_ok\\_ &lt;/details&gt;");
    // The value is one code span, its backticks inside a longer fence.
    assert_has(
        text,
        "`owner.name` is `` \"x | `y` <z>\" `` at `vendors/awkward.json:",
    );
    assert_has(text, "Help: Set `owner.name` \\| not &lt;this&gt;");
}

#[test]
fn a_huge_project_stays_within_githubs_comment_limit() {
    // 30 vendors × 40 requirements, every one unknown, with long help.
    let mut policy = String::from("schema s { group g {\n");
    for i in 0..40 {
        policy.push_str(&format!("  fact f{i}: bool \"Fact {i}\"\n"));
    }
    policy.push_str("} }\npolicy p \"P\" {\n");
    let help = "Ask the vendor, record the answer, and tell the cloud owner. ".repeat(3);
    for i in 0..40 {
        policy.push_str(&format!(
            "  requirement r{i:02} \"Requirement number {i}\" {{ severity high require g.f{i} help \"{help}\" }}\n"
        ));
    }
    policy.push_str("}\n");
    let vendors: String = (0..30)
        .map(|i| format!("vendor v{i:02} \"Vendor {i}\" {{ }}\n"))
        .collect();
    let p = project(&[("policies/p.krav", &policy), ("vendors/v.krav", &vendors)]);
    let run = check_as(p.arg(), "markdown", &["--today", "2026-11-27"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let text = &run.stdout;
    assert!(
        text.starts_with("## ❌ skykrav: 0 fail, 1200 unknown\n"),
        "{text}"
    );
    assert!(
        text.chars().count() < 65_536,
        "{} characters",
        text.chars().count()
    );
    assert!(text.contains("not shown, to keep this within GitHub's comment limit"));
    folds(text);
    // The table is complete whatever is left out below it.
    assert!(text.contains("| v29 | 0 | 0 | 40 | 0 | 0 |"));
}

#[test]
fn invalid_input_lists_the_errors() {
    let p = project(&[(
        "policies/a.krav",
        "schema s { fact a: bool }\npolicy p \"t\" { requirement r \"x\" { severity low require b } }\n",
    )]);
    let run = markdown(p.arg());
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.starts_with(
            "## ❌ skykrav: the input is invalid\n\n1 error; nothing was evaluated.\n"
        ),
        "{}",
        run.stdout
    );
    assert_has(&run.stdout, "- **K1001** `policies/a.krav:2:57`: ");
}

#[test]
fn the_same_bytes_on_every_run() {
    for dir in [example("quickstart"), example("nordlys")] {
        assert_eq!(markdown(&dir).stdout, markdown(&dir).stdout);
    }
}
