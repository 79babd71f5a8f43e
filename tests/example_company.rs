//! The example company: a realistic project that shows every outcome, with
//! evidence for every fact.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{check_as_json, each, json, skykrav};
use skykrav::{check_project, CheckOptions};

fn nordlys() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nordlys")
}

#[test]
fn the_example_checks_without_errors_and_shows_every_outcome() {
    let run = check_as_json(nordlys().to_str().unwrap(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let codes: BTreeSet<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        diagnostics.iter().all(|d| d["level"] == "warning"),
        "{diagnostics:?}"
    );
    // The expired waiver is reported; nothing else but stale evidence is.
    assert!(codes.contains("K2003"), "{codes:?}");
    assert!(
        codes.is_subset(&BTreeSet::from(["K2003", "K2008"])),
        "{codes:?}"
    );
    let outcomes: BTreeSet<&str> = each(&report["results"], "outcome").into_iter().collect();
    assert_eq!(
        outcomes,
        BTreeSet::from(["pass", "fail", "unknown", "n/a", "waived"])
    );
    let vendors: BTreeSet<&str> = each(&report["results"], "vendor").into_iter().collect();
    assert!(vendors.len() >= 5, "{vendors:?}");
}

#[test]
fn the_example_has_vendors_in_every_format() {
    let files: BTreeSet<String> = std::fs::read_dir(nordlys().join("vendors"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .extension()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for ext in ["krav", "json", "yaml", "toml"] {
        assert!(files.contains(ext), "no .{ext} vendor");
    }
}

#[test]
fn every_vendor_fact_has_a_source_or_is_marked_as_an_assumption() {
    let run = check_project(&nordlys(), &CheckOptions::default());
    let model = run.model.as_ref().unwrap();
    let mut unsourced = Vec::new();
    for vendor in &model.vendors {
        for (i, fact) in vendor.facts.iter().enumerate() {
            let Some(fact) = fact else { continue };
            if fact.from_defaults || fact.source.is_some() {
                continue;
            }
            // An assumption is said so in a comment on the fact's line or
            // in the block of comment lines just above it.
            let file = run.sources.get(fact.span.file).unwrap();
            let (line, _) = file.line_col(fact.span.start);
            let mut marked = file.line_text(line).contains("ASSUMPTION");
            let mut above = line - 1;
            while above >= 1 {
                let text = file.line_text(above).trim_start();
                if !(text.starts_with('#') || text.starts_with("//")) {
                    break;
                }
                marked |= text.contains("ASSUMPTION");
                above -= 1;
            }
            if !marked {
                unsourced.push(format!(
                    "{} {} ({}:{line})",
                    vendor.id, model.schema.facts[i].path, file.name
                ));
            }
        }
    }
    assert!(
        unsourced.is_empty(),
        "facts without source or assumption comment:\n{}",
        unsourced.join("\n")
    );
}

#[test]
fn the_pack_and_the_example_tests_pass() {
    let run = skykrav(&["test", nordlys().to_str().unwrap(), "--packs"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let last = run.stdout.lines().last().unwrap_or("");
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    let passed: usize = last
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(passed >= 60, "{last}");
}
