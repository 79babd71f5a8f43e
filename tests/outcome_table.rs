//! The outcome table: every (vendor, requirement) pair of the
//! `outcome-table` fixture, worked out by hand from the language reference
//! (docs: spec §2, §4, §5, §7, §8, §12), compared with what `check` reports.
//!
//! The fixture fixes `today = 2026-11-27`, so `today - 365d` is 2025-11-27.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{assert_has, check_as_json, fixture, json, skykrav};
use serde_json::Value;

const VENDORS: [&str; 5] = ["alpha", "bravo", "charlie", "delta", "echo"];

const REQUIREMENTS: [&str; 15] = [
    "table/R01.owner",
    "table/R02.uptime",
    "table/R03.review",
    "table/R04.contract",
    "table/R05.locations",
    "table/R06.no-us",
    "table/R07.certs",
    "table/R08.subs-eu",
    "table/R09.subs-dpa",
    "table/R10.transfer",
    "table/R11.owner-name",
    "table/R12.backup",
    "table/R13.breach",
    "table/R14.access",
    "table/R15.score",
];

// Short names for the outcomes, so the table stays readable.
const P: &str = "pass";
const F: &str = "fail";
const U: &str = "unknown";
const NA: &str = "n/a";
const W: &str = "waived";

/// Rows are requirements, columns are vendors (alpha, bravo, charlie, delta,
/// echo), in the order of `REQUIREMENTS` and `VENDORS`.
///
/// Vendors: alpha (.krav) states everything; bravo (.json) states everything,
/// mostly badly; charlie (.yaml) leaves out usage.critical, contract.ends,
/// owner.name, security.score, backup.copies, and subs.list[1].country;
/// delta (.toml) leaves out incident.breach_notification, security.mfa and
/// subs.list[1].country; echo (.krav) leaves out sla.uptime and
/// data.locations and states `subs.list = []`.
#[rustfmt::skip]
const TABLE: [[&str; 5]; 15] = [
    //                 alpha bravo charlie delta echo
    /* R01.owner     */ [P,  F,    F,      P,    P ],
    // bravo: owner.name = "" is present, but `not ("" == "")` is false.
    // charlie: present(owner.name) is false; `false and unknown` is false → fail.

    /* R02.uptime    */ [P,  NA,   F,      P,    NA],
    // bravo, echo: usage.critical = false, the guard is false → n/a (echo does
    //   not even state sla.uptime).
    // charlie: usage.critical is not stated, an unknown guard counts as
    //   applicable, and 99.5 (points, from YAML) >= 99.9% is false → fail.
    // delta: "99.9%" >= 99.9% at the boundary → pass.

    /* R03.review    */ [P,  F,    F,      P,    P ],
    // alpha: 2025-11-27 is exactly today - 365d; within is inclusive → pass.
    // bravo: 2025-11-26 is one day older → fail.
    // charlie: 2026-11-28 (a YAML native date) is after today → not within.
    // echo: 2026-11-27 is today itself → within.

    /* R04.contract  */ [P,  F,    U,      P,    P ],
    // bravo: the contract ends today; `today > today` is false.
    // charlie: contract.ends is not stated → unknown.
    // echo: ends tomorrow → pass.

    /* R05.locations */ [P,  F,    P,      P,    U ],
    // bravo: [EU, US]; US is not in [EU, EEA] → all is false.
    // delta: `locations = []`; all over [] is true → pass.
    // echo: data.locations is not stated; all over an unknown list → unknown.

    /* R06.no-us     */ [P,  F,    P,      P,    F ],
    // charlie: hosting.region = NO (YAML 1.2: the string "NO", the enum value
    //   NO, not false); NO != US, and US is not in [EU, EEA] → pass.
    // delta: US not in [] → true.
    // echo: hosting.region = US makes the first require false; the second
    //   (US not in an unknown list) is unknown; one false require → fail.

    /* R07.certs     */ [P,  F,    F,      P,    P ],
    // bravo: ["SOC2"] lacks ISO27001, and its count is 1 < 2.
    // charlie: [] contains nothing → fail.

    /* R08.subs-eu   */ [P,  F,    U,      F,    P ],
    // bravo: Mailgun is in the US → fail.
    // charlie: entry 0 is EEA (true), entry 1 leaves out country (unknown);
    //   no element is false → unknown, missing subs.list[1].country.
    // delta: entry 1 leaves out country, but entry 0 (Datadog, US) is false,
    //   and one false element decides `all` → fail.
    // echo: all over [] → true.

    /* R09.subs-dpa  */ [P,  F,    P,      F,    P ],
    // bravo: Mailgun has dpa = false, so `not s.dpa` is true for it → none is false.
    // delta: Unknown Ltd has dpa = false → fail.
    // echo: none over [] → true.

    /* R10.transfer  */ [NA, F,    P,      P,    NA],
    // alpha: no US sub-processor, the guard `any …` is false → n/a.
    // bravo: Mailgun is in the US, data.dpa_signed = false → fail.
    // charlie: entry 0 is EEA (false), entry 1 has no country (unknown), so
    //   `any` is unknown; an unknown guard counts as applicable, and
    //   data.dpa_signed = true → pass.
    // delta: Datadog is in the US (true decides `any`); dpa_signed → pass.
    // echo: any over [] is false → n/a.

    /* R11.owner-name*/ [P,  F,    U,      F,    P ],
    // bravo: "" does not match "[A-Z]* [A-Z]*".
    // charlie: owner.name is not stated → unknown.
    // delta: "ops team" starts lower-case; matches is case-sensitive → fail.

    /* R12.backup    */ [P,  W,    W,      P,    P ],
    // An int fact against a number literal: `copies >= 2.5`.
    // bravo: 2 >= 2.5 is false → fail, covered by a waiver until 2027-03-31.
    // charlie: backup.copies is not stated → unknown, covered by a waiver that
    //   expires today (valid through its expires date) → waived.
    // echo: 10_000 >= 2.5 → pass.

    /* R13.breach    */ [P,  F,    P,      U,    F ],
    // bravo: 5d < 4d is false → fail; its waiver expired yesterday and covers
    //   nothing (a K2003 warning instead).
    // delta: incident.breach_notification is not stated → unknown.
    // echo: 96h < 4d is false (96h == 4d) → fail.

    /* R14.access    */ [P,  P,    P,      U,    P ],
    // bravo: false or (9 >= 9) → pass.
    // charlie: mfa = true, score not stated: `true or unknown` is true → pass.
    // delta: mfa not stated, 7.25 >= 9 is false: `unknown or false` → unknown.
    // echo: false or (10 >= 9) → pass.

    /* R15.score     */ [P,  P,    U,      F,    P ],
    // charlie: security.score is not stated → unknown and unknown → unknown.
    // delta: 7.25 >= 7.5 is false → fail.
    // echo: 10 <= 10 at the boundary → pass.
];

/// Unknown cells and the facts they must name as missing.
const MISSING: [(&str, &str, &[&str]); 7] = [
    ("charlie", "table/R04.contract", &["contract.ends"]),
    ("charlie", "table/R08.subs-eu", &["subs.list[1].country"]),
    ("charlie", "table/R11.owner-name", &["owner.name"]),
    ("charlie", "table/R15.score", &["security.score"]),
    (
        "delta",
        "table/R13.breach",
        &["incident.breach_notification"],
    ),
    ("delta", "table/R14.access", &["security.mfa"]),
    ("echo", "table/R05.locations", &["data.locations"]),
];

/// Fails and the deciding fact each must name, with its place: one per
/// vendor file format. (vendor, requirement, path, file, line)
const DECIDING: [(&str, &str, &str, &str, u64); 5] = [
    (
        "bravo",
        "table/R01.owner",
        "owner.name",
        "vendors/bravo.json",
        11,
    ),
    (
        "bravo",
        "table/R03.review",
        "risk.last_assessed",
        "vendors/bravo.json",
        9,
    ),
    (
        "charlie",
        "table/R03.review",
        "risk.last_assessed",
        "vendors/charlie.yaml",
        11,
    ),
    (
        "delta",
        "table/R15.score",
        "security.score",
        "vendors/delta.toml",
        22,
    ),
    (
        "echo",
        "table/R13.breach",
        "incident.breach_notification",
        "vendors/echo.krav",
        6,
    ),
];

fn expected() -> BTreeMap<(String, String), &'static str> {
    let mut cells = BTreeMap::new();
    for (r, row) in TABLE.iter().enumerate() {
        for (v, outcome) in row.iter().enumerate() {
            cells.insert(
                (VENDORS[v].to_string(), REQUIREMENTS[r].to_string()),
                *outcome,
            );
        }
    }
    cells
}

fn check_json() -> (common::Run, Value) {
    let dir = fixture("outcome-table");
    let run = check_as_json(dir.to_str().unwrap(), &[]);
    let report = json(&run);
    (run, report)
}

fn result<'a>(report: &'a Value, vendor: &str, requirement: &str) -> &'a Value {
    report["results"]
        .as_array()
        .expect("results is a list")
        .iter()
        .find(|r| r["vendor"] == vendor && r["requirement"] == requirement)
        .unwrap_or_else(|| panic!("no result for {vendor} × {requirement}"))
}

#[test]
fn every_cell_of_the_outcome_table() {
    let (run, report) = check_json();
    assert_eq!(
        run.code, 1,
        "there are fails: exit 1\n{}\n{}",
        run.stdout, run.stderr
    );
    assert_eq!(report["today"], "2026-11-27");

    let results = report["results"].as_array().expect("results is a list");
    let want = expected();
    let mut got: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut problems = Vec::new();
    for r in results {
        let key = (
            r["vendor"].as_str().unwrap_or("?").to_string(),
            r["requirement"].as_str().unwrap_or("?").to_string(),
        );
        let outcome = r["outcome"].as_str().unwrap_or("?").to_string();
        if got.insert(key.clone(), outcome).is_some() {
            problems.push(format!("{} × {}: reported twice", key.0, key.1));
        }
    }
    for ((vendor, requirement), outcome) in &want {
        match got.get(&(vendor.clone(), requirement.clone())) {
            None => problems.push(format!(
                "{vendor} × {requirement}: missing, expected {outcome}"
            )),
            Some(g) if g != outcome => problems.push(format!(
                "{vendor} × {requirement}: expected {outcome}, got {g}"
            )),
            Some(_) => {}
        }
    }
    for (vendor, requirement) in got.keys() {
        if !want.contains_key(&(vendor.clone(), requirement.clone())) {
            problems.push(format!("{vendor} × {requirement}: not in the table"));
        }
    }
    assert_eq!(
        results.len(),
        want.len(),
        "result count; also: {problems:#?}"
    );
    assert!(
        problems.is_empty(),
        "{} wrong cells:\n{}",
        problems.len(),
        problems.join("\n")
    );

    // Sorted by vendor id, then requirement id, as bytes.
    let order: Vec<(String, String)> = results
        .iter()
        .map(|r| {
            (
                r["vendor"].as_str().unwrap().to_string(),
                r["requirement"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(
        order, sorted,
        "results are sorted by vendor, then requirement"
    );

    // The summary counts the same table.
    let mut counts: BTreeMap<&str, u64> = [P, F, U, NA, W].iter().map(|o| (*o, 0)).collect();
    for outcome in want.values() {
        *counts.get_mut(outcome).unwrap() += 1;
    }
    for (outcome, n) in counts {
        assert_eq!(
            report["summary"][outcome], n,
            "summary[{outcome}]: {}",
            report["summary"]
        );
    }
}

#[test]
fn waived_results_carry_their_waiver() {
    let (_, report) = check_json();
    for (vendor, expires) in [("bravo", "2027-03-31"), ("charlie", "2026-11-27")] {
        let r = result(&report, vendor, "table/R12.backup");
        assert_eq!(r["outcome"], "waived", "{r:#}");
        let waiver = &r["waiver"];
        assert!(
            waiver.as_object().is_some_and(|o| !o.is_empty()),
            "{vendor} × table/R12.backup carries its waiver object: {r:#}"
        );
        // the expiring waiver is named
        assert_has(&waiver.to_string(), expires);
    }
}

#[test]
fn unknown_results_name_the_missing_facts() {
    let (_, report) = check_json();
    let mut problems = Vec::new();
    for (vendor, requirement, paths) in MISSING {
        let r = result(&report, vendor, requirement);
        let got: BTreeSet<String> = r["missing"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|m| {
                        m.as_str()
                            .or_else(|| m["path"].as_str())
                            .unwrap_or("?")
                            .to_string()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let want: BTreeSet<String> = paths.iter().map(|p| p.to_string()).collect();
        if r["outcome"] != "unknown" || got != want {
            problems.push(format!(
                "{vendor} × {requirement}: expected unknown missing {want:?}, got {} missing {}",
                r["outcome"], r["missing"]
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn fails_name_the_deciding_fact_and_its_place() {
    let (_, report) = check_json();
    let mut problems = Vec::new();
    for (vendor, requirement, path, file, line) in DECIDING {
        let r = result(&report, vendor, requirement);
        let facts = r["facts"].as_array().cloned().unwrap_or_default();
        let found = facts.iter().find(|f| f["path"] == path);
        match found {
            Some(f) if r["outcome"] == "fail" && f["file"] == file && f["line"] == line => {}
            _ => problems.push(format!(
                "{vendor} × {requirement}: expected a fail naming {path} at {file}:{line}, got {} with facts {}",
                r["outcome"], r["facts"]
            )),
        }
    }
    let review = result(&report, "bravo", "table/R03.review");
    let fact = review["facts"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["path"] == "risk.last_assessed"));
    if fact.is_none_or(|f| f["value"] != "2025-11-26") {
        problems.push(format!(
            "bravo × table/R03.review: the value 2025-11-26, got {}",
            review["facts"]
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_expired_waiver_covers_nothing_and_warns() {
    let (_, report) = check_json();
    let breach = result(&report, "bravo", "table/R13.breach");
    assert_eq!(
        breach["outcome"], "fail",
        "an expired waiver covers nothing: {breach:#}"
    );

    let diagnostics = report["diagnostics"]
        .as_array()
        .expect("diagnostics is a list");
    let expired: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "K2003")
        .collect();
    // Only the waiver that expired yesterday; the one expiring today is valid.
    assert_eq!(expired.len(), 1, "one K2003 warning: {diagnostics:#?}");
    assert_eq!(expired[0]["level"], "warning", "{:#}", expired[0]);
    assert!(
        diagnostics.iter().all(|d| d["level"] == "warning"),
        "no errors in a valid fixture: {diagnostics:#?}"
    );
}

#[test]
fn the_human_report_names_every_failing_vendor() {
    let dir = fixture("outcome-table");
    let run = skykrav(&["check", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    // The vendor summary alone would name every vendor, so ask for a line
    // that names the vendor beside one of its failing requirements.
    let mut problems = Vec::new();
    for (v, vendor) in VENDORS.iter().enumerate() {
        let failing: Vec<&str> = REQUIREMENTS
            .iter()
            .zip(TABLE.iter())
            .filter(|(_, row)| row[v] == F)
            .map(|(r, _)| *r)
            .collect();
        if failing.is_empty() {
            continue;
        }
        let named = run
            .stdout
            .lines()
            .any(|l| l.contains(vendor) && failing.iter().any(|r| l.contains(r)));
        if !named {
            problems.push(format!("{vendor} (fails {failing:?})"));
        }
    }
    assert_eq!(
        problems.len(),
        0,
        "not named beside a fail: {problems:?}\n{}",
        run.stdout
    );
}
