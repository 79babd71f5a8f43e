//! The JUnit report, read back as a CI system reads it: the counts agree
//! with the JSON report of the same run, every vendor is a suite, every
//! requirement a case, and text from the project cannot break the XML.

mod common;

use common::{assert_has, check_as, check_as_json, example, json, project, skykrav};

fn elements<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    tag: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == tag)
}

fn count_attr(node: roxmltree::Node, name: &str) -> u64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("<{}> lacks {name}", node.tag_name().name()))
        .parse()
        .unwrap()
}

/// The child element of a test case (`failure`, `skipped`, `error`), if any.
fn verdict_of<'a, 'input>(
    case: roxmltree::Node<'a, 'input>,
) -> Option<roxmltree::Node<'a, 'input>> {
    case.children().find(|n| n.is_element())
}

/// Checks the whole report against the JSON results of the same run.
fn check_against_json(dir: &str, extra: &[&str]) {
    let args = |format: &'static str| {
        let mut a = vec!["check", dir, "--format", format];
        a.extend_from_slice(extra);
        a
    };
    let allow_unknown = extra.contains(&"--allow-unknown");
    let xml_run = skykrav(&args("junit"));
    let report = json(&skykrav(&args("json")));
    let doc = roxmltree::Document::parse(&xml_run.stdout)
        .unwrap_or_else(|e| panic!("not XML ({e}):\n{}", xml_run.stdout));

    let s = &report["summary"];
    let n = |k: &str| s[k].as_u64().unwrap();
    let (fail, unknown, na, waived) = (n("fail"), n("unknown"), n("n/a"), n("waived"));
    let all = n("pass") + fail + unknown + na + waived;
    let (failures, skipped) = if allow_unknown {
        (fail, na + waived + unknown)
    } else {
        (fail + unknown, na + waived)
    };

    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("name"), Some("skykrav"));
    assert_eq!(count_attr(root, "tests"), all);
    assert_eq!(count_attr(root, "failures"), failures);
    assert_eq!(count_attr(root, "skipped"), skipped);
    assert_eq!(count_attr(root, "errors"), 0);

    // One suite per vendor, in the JSON's order, each case its requirement.
    let results = report["results"].as_array().unwrap();
    let mut vendors: Vec<&str> = results
        .iter()
        .map(|r| r["vendor"].as_str().unwrap())
        .collect();
    vendors.dedup();
    let suites: Vec<roxmltree::Node> = elements(root, "testsuite").collect();
    let names: Vec<&str> = suites
        .iter()
        .map(|s| s.attribute("name").unwrap())
        .collect();
    assert_eq!(names, vendors);

    let cases: Vec<roxmltree::Node> = suites
        .iter()
        .flat_map(|s| elements(*s, "testcase"))
        .collect();
    assert_eq!(cases.len(), results.len());
    for (case, r) in cases.iter().zip(results) {
        assert_eq!(case.attribute("classname"), r["vendor"].as_str());
        assert_eq!(case.attribute("name"), r["requirement"].as_str());
        let child = verdict_of(*case);
        let tag = child.map(|c| c.tag_name().name());
        let kind = child.and_then(|c| c.attribute("type"));
        let message = child.and_then(|c| c.attribute("message")).unwrap_or("");
        match r["outcome"].as_str().unwrap() {
            "pass" => assert_eq!(tag, None),
            "fail" => assert_eq!((tag, kind), (Some("failure"), Some("fail"))),
            "unknown" if allow_unknown => {
                assert_eq!(tag, Some("skipped"));
                assert!(message.starts_with("unknown: "), "{message}");
            }
            "unknown" => assert_eq!((tag, kind), (Some("failure"), Some("unknown"))),
            "n/a" => assert_eq!(
                (tag, message),
                (Some("skipped"), "n/a: the when guard is false")
            ),
            "waived" => {
                assert_eq!(tag, Some("skipped"));
                let title = r["waiver"]["title"].as_str().unwrap();
                let until = r["waiver"]["expires"].as_str().unwrap();
                assert!(message.starts_with(&format!("waived: {title}, approved by ")));
                assert!(message.ends_with(&format!(", until {until}")), "{message}");
            }
            other => panic!("unexpected outcome {other}"),
        }
    }

    // Each suite's counts are its own cases'.
    for suite in &suites {
        let cases: Vec<_> = elements(*suite, "testcase").collect();
        let with = |tag: &str| {
            cases
                .iter()
                .filter(|c| verdict_of(**c).map(|v| v.tag_name().name()) == Some(tag))
                .count() as u64
        };
        assert_eq!(count_attr(*suite, "tests"), cases.len() as u64);
        assert_eq!(count_attr(*suite, "failures"), with("failure"));
        assert_eq!(count_attr(*suite, "skipped"), with("skipped"));
        assert_eq!(count_attr(*suite, "errors"), 0);
    }
}

#[test]
fn the_counts_agree_with_the_json_report() {
    check_against_json(&example("nordlys"), &[]);
    check_against_json(&example("quickstart"), &[]);
}

#[test]
fn allowed_unknowns_are_skipped_not_failed() {
    check_against_json(&example("nordlys"), &["--allow-unknown"]);
}

#[test]
fn a_failure_gives_its_facts_places_and_help() {
    let run = check_as(&example("quickstart"), "junit", &[]);
    let doc = roxmltree::Document::parse(&run.stdout).unwrap();
    let case = doc
        .descendants()
        .find(|n| {
            n.attribute("classname") == Some("filebox")
                && n.attribute("name") == Some("quick/risk-review")
        })
        .unwrap();
    let failure = verdict_of(case).unwrap();
    let body = failure.text().unwrap();
    assert_has(
        body,
        "`risk.last_assessed` is 2025-06-01 (vendors/filebox.json:8)",
    );
    assert_has(body, "help: Assess the risk again");
    assert!(failure.attribute("message").unwrap().contains("2025-06-01"));
}

#[test]
fn the_same_bytes_on_every_run() {
    let first = check_as(&example("nordlys"), "junit", &[]);
    let second = check_as(&example("nordlys"), "junit", &[]);
    assert_eq!(first.stdout, second.stdout);
    assert!(first
        .stdout
        .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    assert!(first.stdout.ends_with("</testsuites>\n"));
}

const NAME: &str = "A <&\"> 'Co'\u{7} |\nline 2";
const VALUE: &str = "x <&\"> y ]]> 50%";

/// A vendor whose name and fact hold every character XML treats
/// specially, and one it cannot hold at all (BEL).
fn awkward_project() -> common::tempdir::TempProject {
    let vendor = serde_json::json!({
        "id": "awkward",
        "name": NAME,
        "facts": { "owner": { "name": VALUE } },
    });
    project(&[
        (
            "policies/p.krav",
            "schema s { group owner { fact name: string \"Who\" } }\n\
             policy p \"P\" {\n  requirement r \"Owner is <ok> & \\\"named\\\"\" {\n    severity high\n    require owner.name == \"ok\"\n    help \"Say <who> & \\\"why\\\"\"\n  }\n}\n",
        ),
        ("vendors/awkward.json", &vendor.to_string()),
    ])
}

#[test]
fn text_from_the_project_cannot_break_the_xml() {
    let p = awkward_project();
    let run = check_as(p.arg(), "junit", &["--today", "2026-11-27"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = roxmltree::Document::parse(&run.stdout)
        .unwrap_or_else(|e| panic!("not XML ({e}):\n{}", run.stdout));
    let name = doc
        .descendants()
        .find(|n| n.attribute("name") == Some("vendor.name"))
        .and_then(|n| n.attribute("value"))
        .unwrap();
    // The attribute keeps its line break; BEL is replaced, as XML 1.0 has
    // no way to write it.
    assert_eq!(name, NAME.replace('\u{7}', "\u{FFFD}"));
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    let message = failure.attribute("message").unwrap();
    assert!(
        message.starts_with("Owner is <ok> & \"named\": "),
        "{message}"
    );
    let literal = r#""x <&\"> y ]]> 50%""#;
    assert_has(message, literal);
    let body = failure.text().unwrap();
    assert_has(body, literal);
    assert_has(body, "help: Say <who> & \"why\"");
    assert_has(body, "(vendors/awkward.json:");
    assert!(!run.stdout.contains('\u{7}'));
}

#[test]
fn invalid_input_gives_one_error_case_per_error() {
    let p = project(&[(
        "policies/a.krav",
        "schema s { fact a: bool }\npolicy p \"t\" { requirement r \"x\" { severity low require b and c } }\n",
    )]);
    let run = check_as(p.arg(), "junit", &[]);
    assert_eq!(run.code, 2);
    let report = json(&check_as_json(p.arg(), &[]));
    let errors: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["level"] == "error")
        .collect();
    assert!(!errors.is_empty());
    let doc = roxmltree::Document::parse(&run.stdout).unwrap();
    let root = doc.root_element();
    assert_eq!(count_attr(root, "errors"), errors.len() as u64);
    let suites: Vec<_> = elements(root, "testsuite").collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attribute("name"), Some("skykrav"));
    let cases: Vec<_> = elements(suites[0], "testcase").collect();
    assert_eq!(cases.len(), errors.len());
    for (case, d) in cases.iter().zip(errors) {
        let error = verdict_of(*case).unwrap();
        assert!(error.has_tag_name("error"));
        assert_eq!(error.attribute("type"), d["code"].as_str());
        assert_eq!(error.attribute("message"), d["message"].as_str());
        let place = format!("{}:{}:", d["file"].as_str().unwrap(), d["line"]);
        assert!(error.text().unwrap().starts_with(&place));
    }
}
