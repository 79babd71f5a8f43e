//! The bundled dk-cloud-guide pack: its coverage of the Danish guide, its
//! descriptions, and its tests.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::skykrav;
use skykrav::diagnostics::{Diagnostic, Diagnostics};
use skykrav::load::load_project;
use skykrav::model::Model;
use skykrav::project::check_loaded;
use skykrav::vocabulary::Outcome;

fn pack_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/dk-cloud-guide")
}

/// The pack read and checked as a project of its own. It has no vendors,
/// so it is checked, not evaluated (`skykrav check` would refuse a run that
/// judges nothing).
fn pack_model() -> (Model, Vec<Diagnostic>) {
    let mut diags = Diagnostics::new();
    let loaded = load_project(&pack_dir(), &mut diags);
    let model = check_loaded(&loaded, &mut diags);
    let diags = diags.into_sorted(&loaded.sources);
    let model = model.unwrap_or_else(|| panic!("the pack has errors: {diags:?}"));
    (model, diags)
}

#[test]
fn the_pack_covers_the_six_recommendations() {
    let (model, diagnostics) = pack_model();
    let model = &model;
    assert!(diagnostics.is_empty(), "{diagnostics:?}");

    let baseline: Vec<_> = model
        .requirements
        .iter()
        .filter(|r| r.policy == "dk-baseline")
        .collect();
    assert!(baseline.len() >= 30, "only {} requirements", baseline.len());

    let mut per_recommendation: BTreeMap<u32, usize> = BTreeMap::new();
    for r in &baseline {
        let guide_refs: Vec<u32> = r
            .refs
            .iter()
            .filter_map(|s| s.strip_prefix("sikkerdigital:"))
            .map(|n| {
                n.parse()
                    .unwrap_or_else(|_| panic!("{}: bad ref {n}", r.full_id))
            })
            .collect();
        assert!(
            !guide_refs.is_empty(),
            "{} names no sikkerdigital recommendation",
            r.full_id
        );
        for n in &guide_refs {
            assert!(
                (1..=6).contains(n),
                "{}: recommendation {n} does not exist",
                r.full_id
            );
            *per_recommendation.entry(*n).or_default() += 1;
        }
        assert!(
            r.refs.iter().any(|s| !s.starts_with("sikkerdigital:")),
            "{} has no international reference",
            r.full_id
        );
        let help = r.help.as_deref().unwrap_or("");
        assert!(
            help.len() > 20,
            "{} has no help that names a next action",
            r.full_id
        );
        assert!(!r.title.is_empty());
    }
    for n in 1..=6 {
        let count = per_recommendation.get(&n).copied().unwrap_or(0);
        assert!(count >= 3, "recommendation {n} has {count} requirements");
    }

    assert!(
        model.schema.facts.len() >= 50,
        "only {} facts",
        model.schema.facts.len()
    );
    for f in &model.schema.facts {
        let d = f.description.as_deref().unwrap_or("");
        assert!(d.len() > 10, "fact {} has no description", f.path);
    }
    for g in &model.schema.groups {
        assert!(
            g.description.is_some(),
            "group {} has no description",
            g.path
        );
    }
}

#[test]
fn every_requirement_of_the_pack_is_tested_both_ways() {
    let (model, _) = pack_model();
    let model = &model;
    let mut expected: BTreeMap<&str, BTreeSet<Outcome>> = BTreeMap::new();
    for t in &model.tests {
        for e in &t.expects {
            expected
                .entry(model.requirements[e.requirement].full_id.as_str())
                .or_default()
                .insert(e.outcome);
        }
    }
    let mut gaps = Vec::new();
    for r in model
        .requirements
        .iter()
        .filter(|r| r.policy == "dk-baseline")
    {
        let seen = expected
            .get(r.full_id.as_str())
            .cloned()
            .unwrap_or_default();
        for want in [Outcome::Pass, Outcome::Fail] {
            if !seen.contains(&want) {
                gaps.push(format!(
                    "{} has no test expecting {}",
                    r.full_id,
                    want.as_str()
                ));
            }
        }
        if r.when.is_some() && !seen.contains(&Outcome::NotApplicable) {
            gaps.push(format!(
                "{} has a guard but no test expecting n/a",
                r.full_id
            ));
        }
    }
    assert!(gaps.is_empty(), "{}", gaps.join("\n"));
}

#[test]
fn the_pack_tests_pass() {
    let run = skykrav(&["test", pack_dir().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let last = run.stdout.lines().last().unwrap_or("");
    let passed: usize = last
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    assert!(passed >= 60, "only {passed} tests");
}

/// The facts the company itself records, as the pack's header says: their
/// absence fails a requirement. Every other fact (but the `needs.*`
/// thresholds) is about the vendor, and its absence leaves it unknown.
const COMPANY_RECORDS: &[&str] = &[
    "owner.",
    "risk.",
    "contract.signed_copy",
    "contract.start",
    "contract.dpa_signed",
    "config.admin_mfa",
    "config.user_mfa",
    "config.admin_count",
    "config.change_owners",
    "config.change_process_documented",
    "config.baseline_documented",
    "config.last_review",
    "config.updates_reviewed",
    "logging.",
    "operations.",
    "certifications.report_reviewed",
    "exit.strategy_documented",
    "exit.strategy_reviewed",
    "exit.alternative",
    "exit.export_tested",
    "backup.own_copy",
];

/// The `require` lines of each requirement of the baseline, as written.
fn require_text() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(pack_dir().join("baseline.krav")).unwrap();
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut in_require = false;
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("requirement ") {
            current = rest.split(' ').next().map(|id| format!("dk-baseline/{id}"));
            continue;
        }
        let Some(id) = &current else { continue };
        let continues = in_require && (t.starts_with("and ") || t.starts_with("or "));
        in_require = t.starts_with("require ") || continues;
        if in_require {
            out.entry(id.clone())
                .or_insert_with(String::new)
                .push_str(&format!(" {t}"));
        }
    }
    out
}

#[test]
fn a_fact_nobody_recorded_fails_when_it_is_ours_and_is_unknown_when_it_is_the_vendors() {
    // Every guard holds and every threshold is set; nothing else is stated.
    let needs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nordlys/policies/needs.krav"),
    )
    .unwrap();
    let guards = [
        "risk.critical = true",
        "risk.personal_data = true",
        "risk.classification = CONFIDENTIAL",
        "risk.dpia_required = true",
        "config.forced_updates = true",
        "data.residency_option = true",
    ];
    let vendor = format!("vendor blank \"Blank\" {{\n  {}\n}}\n", guards.join("\n  "));
    let p = common::project(&[
        ("skykrav.toml", "packs = [\"dk-cloud-guide\"]\n"),
        ("policies/needs.krav", &needs),
        ("vendors/blank.krav", &vendor),
    ]);
    let report = common::check_json(p.arg(), &["--today", "2026-11-27"]);
    let outcome: BTreeMap<String, String> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["requirement"].as_str().unwrap().to_string(),
                r["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let stated: Vec<&str> = guards
        .iter()
        .map(|g| g.split(' ').next().unwrap())
        .collect();
    let mut wrong = Vec::new();
    let mut judged = 0;
    for (id, text) in require_text() {
        let facts: BTreeSet<String> = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
            .filter(|w| w.contains('.') && !w.starts_with(|c: char| c.is_ascii_digit()))
            .filter(|w| !w.starts_with("needs.") && !stated.contains(w))
            .filter(|w| w.len() > 2 && w.as_bytes()[1] != b'.') // `s.name`: a quantifier's variable
            .map(str::to_string)
            .collect();
        let ours = facts
            .iter()
            .filter(|f| COMPANY_RECORDS.iter().any(|c| f.starts_with(c)))
            .count();
        let want = match (ours, facts.len() - ours) {
            (0, 0) => continue,
            (_, 0) => "fail",
            (0, _) => "unknown",
            // R2.backup and R5.assurance-current read both kinds.
            _ => continue,
        };
        judged += 1;
        let got = outcome.get(&id).map(String::as_str).unwrap_or("missing");
        if got != want {
            wrong.push(format!("{id}: {got}, but the rule says {want} ({facts:?})"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(judged >= 45, "only {judged} requirements judged");
}
