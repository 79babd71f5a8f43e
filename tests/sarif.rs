//! The SARIF report: valid against the official SARIF 2.1.0 schema, one
//! result per fail, unknown and expired waiver, stable fingerprints, paths
//! relative to the project, and the same bytes on every run.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{
    assert_lacks, check_as, example, fails_unknowns_and_expired, invalid_project, json, project,
};
use serde_json::Value;

fn sarif_of(dir: &str) -> (String, Value) {
    let run = check_as(dir, "sarif", &[]);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    let value = json(&run);
    (run.stdout, value)
}

/// The errors of a log against the official schema, with format checks on
/// (URIs must be URIs), every one of them, not only the first.
fn schema_errors(log: &Value) -> Vec<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas/sarif-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the SARIF schema does not compile: {e}"));
    validator
        .iter_errors(log)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid_sarif(log: &Value) {
    let errors = schema_errors(log);
    assert!(
        errors.is_empty(),
        "{} schema error(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
}

fn run_of(log: &Value) -> &Value {
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    &runs[0]
}

fn results(log: &Value) -> &Vec<Value> {
    run_of(log)["results"]
        .as_array()
        .expect("results is an array")
}

/// Every string in the log, wherever it is.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(k.clone());
            strings(v, out);
        }),
        _ => {}
    }
}

/// Every `physicalLocation` of a result: its locations and related ones.
fn physical_locations(result: &Value) -> Vec<&Value> {
    ["locations", "relatedLocations"]
        .iter()
        .filter_map(|key| result[*key].as_array())
        .flatten()
        .map(|l| &l["physicalLocation"])
        .collect()
}

#[test]
fn nordlys_is_valid_sarif() {
    let (_, log) = sarif_of(&example("nordlys"));
    assert_valid_sarif(&log);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run_of(&log)["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn the_validator_catches_a_broken_log() {
    // Guards the guard: a validator that accepted anything would make the
    // tests above pass for nothing.
    let (_, mut log) = sarif_of(&example("quickstart"));
    let result = &mut log["runs"][0]["results"][0];
    result["kind"] = "maybe".into();
    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b".into();
    let errors = schema_errors(&log);
    assert!(errors.iter().any(|e| e.contains("/kind")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("/uri")), "{errors:?}");
}

#[test]
fn quickstart_is_valid_sarif() {
    let dir = example("quickstart");
    let (_, log) = sarif_of(&dir);
    assert_valid_sarif(&log);
    assert_eq!(results(&log).len(), fails_unknowns_and_expired(&dir));
}

#[test]
fn one_result_per_fail_unknown_and_expired_waiver() {
    let dir = example("nordlys");
    let (_, log) = sarif_of(&dir);
    let expected = fails_unknowns_and_expired(&dir);
    assert!(expected > 0, "the example has findings");
    assert_eq!(results(&log).len(), expected);
    let kinds: BTreeSet<&str> = results(&log)
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, BTreeSet::from(["fail", "review"]));
}

#[test]
fn every_result_names_a_rule_of_the_driver() {
    let (_, log) = sarif_of(&example("nordlys"));
    let rules = run_of(&log)["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for r in results(&log) {
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert!(ids.contains(&id), "unknown rule {id}");
        assert_eq!(ids[index], id, "ruleIndex of {id}");
    }
    for rule in rules {
        // SARIF1001: a name that is not the id; SARIF2012: PascalCase.
        let name = rule["name"].as_str().unwrap();
        assert_ne!(name, rule["id"].as_str().unwrap());
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
        assert!(name.starts_with(|c: char| c.is_ascii_uppercase()), "{name}");
    }
}

#[test]
fn results_carry_unique_fingerprints_and_consistent_levels() {
    let (_, log) = sarif_of(&example("nordlys"));
    let mut seen = BTreeSet::new();
    for r in results(&log) {
        let fp = r["partialFingerprints"]["skykrav/v1"]
            .as_str()
            .unwrap_or_else(|| panic!("no fingerprint: {r}"));
        assert_eq!(fp.len(), 16);
        assert!(seen.insert(fp.to_string()), "duplicate fingerprint {fp}");
        // SARIF §3.27.10: only a "fail" may have a level other than none.
        if r["kind"] != "fail" {
            assert!(r["level"].is_null() || r["level"] == "none", "{r}");
        }
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        assert!(!r["locations"].as_array().unwrap().is_empty(), "{r}");
    }
}

#[test]
fn locations_are_relative_to_declared_bases() {
    let (_, log) = sarif_of(&example("nordlys"));
    let run = run_of(&log);
    let bases = run["originalUriBaseIds"].as_object().unwrap();
    assert!(bases["%SRCROOT%"]["description"]["text"].is_string());
    assert!(bases["SKYKRAV_PACKS"]["description"]["text"].is_string());
    // %SRCROOT% is the top of the repository that holds the example.
    let top = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    let mut pack_files = 0;
    for r in results(&log) {
        for loc in physical_locations(r) {
            let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
            let base = loc["artifactLocation"]["uriBaseId"].as_str().unwrap();
            assert!(bases.contains_key(base), "{base}");
            assert!(!uri.starts_with('/') && !uri.contains(':'), "{uri}");
            match base {
                "%SRCROOT%" => {
                    assert!(uri.starts_with("examples/nordlys/"), "{uri}");
                    assert!(top.join(uri).is_file(), "{uri}");
                }
                _ => {
                    pack_files += 1;
                    assert!(!uri.starts_with('<'), "{uri}");
                }
            }
            let region = &loc["region"];
            let start = (
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap(),
            );
            let end = (
                region["endLine"].as_u64().unwrap(),
                region["endColumn"].as_u64().unwrap(),
            );
            assert!(start.0 >= 1 && start.1 >= 1 && start <= end, "{region}");
        }
        // The result itself is shown in a file of the repository.
        let primary = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(primary["uriBaseId"], "%SRCROOT%", "{r}");
    }
    assert!(
        pack_files > 0,
        "the baseline's `require` lines are in the bundled pack"
    );
}

#[test]
fn no_absolute_path_and_same_bytes_every_run() {
    let dir = example("nordlys");
    let (first, log) = sarif_of(&dir);
    let (second, _) = sarif_of(&dir);
    assert_eq!(first, second);
    assert!(first.ends_with("}\n"));
    // the project folder leaks into the log
    assert_lacks(&first, &dir);
    assert!(!first.contains(env!("CARGO_MANIFEST_DIR")));
    let mut all = Vec::new();
    strings(&log, &mut all);
    for s in all {
        assert!(
            !s.starts_with('/') && !s.starts_with("file:"),
            "absolute: {s}"
        );
    }
}

#[test]
fn invalid_project_is_a_valid_log_without_results() {
    let p = invalid_project();
    let run = check_as(p.arg(), "sarif", &[]);
    assert_eq!(run.code, 2);
    let log = json(&run);
    assert_valid_sarif(&log);
    assert_eq!(results(&log).len(), 0);
    let invocation = &run_of(&log)["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(invocation["exitCode"], 2);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert!(!notes.is_empty());
    let errors: Vec<&Value> = notes.iter().filter(|n| n["level"] == "error").collect();
    assert!(!errors.is_empty(), "{notes:?}");
    for n in errors {
        assert!(n["descriptor"]["id"].as_str().unwrap().starts_with('K'));
        assert!(!n["message"]["text"].as_str().unwrap().is_empty());
        let place = &n["locations"][0]["physicalLocation"];
        assert_eq!(place["artifactLocation"]["uri"], "policies/p.krav");
        assert!(place["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    assert!(!run.stdout.contains(p.arg()));
}

#[test]
fn odd_file_names_and_wide_characters_stay_valid() {
    // A name with a space and a non-ASCII letter must be percent-encoded to
    // be a URI; a character outside the BMP counts two UTF-16 columns.
    let p = project(&[
        (
            "policies/p.krav",
            "schema s {\n  group sla { fact uptime: percent \"Guaranteed\" }\n}\npolicy p \"t\" {\n  requirement r \"Uptime\" {\n    severity high\n    require sla.uptime >= 99.9%\n  }\n}\n",
        ),
        (
            "vendors/blå sky.json",
            r#"{"id": "sky", "name": "😀", "facts": {"sla": {"uptime": "99.5%"}}}"#,
        ),
    ]);
    let (_, log) = sarif_of(p.arg());
    assert_valid_sarif(&log);
    let r = &results(&log)[0];
    assert_eq!(r["message"]["text"], "sky fails p/r: `sla.uptime` is 99.5%");
    let place = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        place["artifactLocation"]["uri"],
        "vendors/bl%C3%A5%20sky.json"
    );
    let line = r#"{"id": "sky", "name": "😀", "facts": {"sla": {"uptime": "#;
    let utf16 = line.encode_utf16().count() as u64 + 1;
    assert_eq!(place["region"]["startColumn"], utf16, "{place}");
    assert_eq!(run_of(&log)["columnKind"], "utf16CodeUnits");
}

#[test]
fn an_empty_folder_gives_a_log_without_its_absolute_path_as_a_location() {
    let p = project(&[]);
    let run = check_as(p.arg(), "sarif", &[]);
    assert_eq!(run.code, 2);
    let log = json(&run);
    assert_valid_sarif(&log);
    let notes = run_of(&log)["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes.iter().any(|n| n["level"] == "error"), "{notes:?}");
    for n in notes {
        for l in n["locations"].as_array().into_iter().flatten() {
            let uri = l["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            assert!(!uri.contains("tmp") && !uri.contains("%60"), "{uri}");
        }
    }
}

#[test]
fn a_stale_fact_is_worded_as_in_every_other_format() {
    let (text, _) = sarif_of(&example("nordlys"));
    assert!(text.contains("stale: checked 2024-06-03, longer ago than max_fact_age"));
    // the SARIF wording drifted again
    assert_lacks(&text, "stale (");
    let junit = common::check_as(&example("nordlys"), "junit", &[]);
    assert!(junit
        .stdout
        .contains("stale: checked 2024-06-03, longer ago than max_fact_age"));
}
