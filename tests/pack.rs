//! The bundled dk-cloud-guide pack: its coverage of the Danish guide, its
//! descriptions, and its tests.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::skykrav;
use skykrav::check::check_loaded;
use skykrav::diagnostics::{Diagnostic, Diagnostics};
use skykrav::load::load_project;
use skykrav::model::Model;
use skykrav::syntax::ast::Outcome;

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
