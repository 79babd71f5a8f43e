//! Evidence ages (spec §6): a fact past its `expires`, or older than
//! `max_fact_age`, reads as unknown, and the report says it is stale and
//! since when.

mod common;

use common::{assert_has, check_as_json, fixture, json, skykrav};

fn result<'a>(
    report: &'a serde_json::Value,
    vendor: &str,
    requirement: &str,
) -> &'a serde_json::Value {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["vendor"] == vendor && r["requirement"] == requirement)
        .unwrap_or_else(|| panic!("no result for {vendor} {requirement}"))
}

#[test]
fn stale_facts_are_unknown_with_their_reason_in_json() {
    let run = check_as_json(fixture("stale").to_str().unwrap(), &[]);
    let report = json(&run);

    let expired = result(&report, "lapsed", "assurance/certified");
    assert_eq!(expired["outcome"], "unknown");
    assert_eq!(expired["stale"][0]["path"], "audit.certifications");
    assert_eq!(expired["stale"][0]["reason"], "expired");
    assert_eq!(expired["stale"][0]["date"], "2026-06-30");
    assert_eq!(expired["stale"][0]["file"], "vendors/lapsed.krav");
    assert_eq!(expired["stale"][0]["line"], 4);

    let old = result(&report, "old", "assurance/certified");
    assert_eq!(old["outcome"], "unknown");
    assert_eq!(old["stale"][0]["reason"], "too old");
    assert_eq!(old["stale"][0]["date"], "2025-01-15");

    // `present` is true for a stale fact, but a pass that rests on lapsed
    // evidence is unknown, never silent.
    let present = result(&report, "old", "assurance/reviewed");
    assert_eq!(present["outcome"], "unknown");
    assert_eq!(present["stale"][0]["path"], "audit.report_reviewed");

    // Fresh evidence, with its own `expires` in the future, passes.
    assert_eq!(
        result(&report, "fresh", "assurance/certified")["outcome"],
        "pass"
    );

    // Each stale fact is a warning too.
    let warnings: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["level"] == "warning")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(warnings, ["K2008", "K2008"]);
}

#[test]
fn stale_facts_are_named_in_the_human_report() {
    let run = skykrav(&["check", fixture("stale").to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_has(
        &run.stdout,
        "`audit.certifications` is stale: expired 2026-06-30",
    );
    assert_has(
        &run.stdout,
        "`audit.certifications` is stale: checked 2025-01-15, longer ago than max_fact_age",
    );
    insta::assert_snapshot!("stale_human", run.stdout);
}

#[test]
fn evidence_counts_through_its_expiry_day() {
    let run = check_as_json(
        fixture("stale").to_str().unwrap(),
        &["--today", "2026-11-27"],
    );
    let report = json(&run);
    assert_eq!(
        result(&report, "lapsed", "assurance/certified")["outcome"],
        "unknown"
    );
    // On the day it expires, a certificate still counts.
    let on_the_day = check_as_json(
        fixture("stale").to_str().unwrap(),
        &["--today", "2026-06-30"],
    );
    assert_eq!(
        result(&json(&on_the_day), "lapsed", "assurance/certified")["outcome"],
        "pass"
    );
}

#[test]
fn a_waiver_whose_requirement_passes_is_reported_as_no_longer_needed() {
    let p = common::project(&[
        (
            "policies/p.krav",
            "schema s { fact mfa: bool \"Admins use MFA\" }\npolicy p \"t\" { requirement r \"MFA\" { severity high require mfa } }\n",
        ),
        ("vendors/v.krav", "vendor v \"V\" { mfa = true }\n"),
        (
            "policies/w.krav",
            "waiver \"MFA was missing\" {\n  vendor v\n  requirement p/r\n  expires 2027-01-01\n  approved_by \"CISO\"\n  reason \"Rollout pending\"\n}\n",
        ),
    ]);
    let run = check_as_json(p.arg(), &["--today", "2026-11-27"]);
    assert_eq!(run.code, 0);
    let report = json(&run);
    assert_eq!(report["results"][0]["outcome"], "pass");
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "K2004");
    assert_eq!(d["level"], "warning");
    assert_eq!(d["file"], "policies/w.krav");
    assert_eq!(d["line"], 1);
}
