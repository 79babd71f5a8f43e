//! `skykrav codes`: every code's long explanation has a wrong and a right
//! example, and they do what the explanation says: the wrong project gives
//! exactly its code, the right one no diagnostic at all.

mod common;

use std::collections::BTreeSet;

use common::skykrav;
use skykrav::diagnostics::explain::{Example, Explanation};
use skykrav::diagnostics::Code;
use skykrav::source::FileId;
use skykrav::testing::{test_project, TestOptions};
use skykrav::{check_project, CheckOptions};

/// Codes whose examples cannot be a project of text files, each with why;
/// their explanations show a transcript instead.
const NOT_RUN: [(&str, &str); 7] = [
    (
        "K0013",
        "a bug of the formatter, which no file gives on purpose",
    ),
    ("K3001", "a file system that refuses a read or a write"),
    ("K3002", "bytes that are not UTF-8"),
    ("K3011", "a file over 16 MiB"),
    ("K3012", "a folder outside git"),
    ("K3013", "a repository without the revision"),
    ("K3015", "a command (`init`), not a project's files"),
];

/// The codes that running `example` gives.
fn codes_of(example: &Example) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in &example.files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let today = skykrav::syntax::parse_date("2026-11-27", Default::default()).ok();
    let diagnostics = if example.run_tests {
        let run = test_project(dir.path(), today, TestOptions::default());
        let mut all = run.diagnostics;
        all.extend(run.results.into_iter().flat_map(|r| r.failures));
        all
    } else {
        let opts = CheckOptions {
            today,
            ..CheckOptions::default()
        };
        check_project(dir.path(), &opts).diagnostics
    };
    diagnostics
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect()
}

#[test]
fn every_wrong_example_gives_exactly_its_code_and_every_right_one_none() {
    let mut not_run = BTreeSet::new();
    for &code in Code::ALL {
        let e = Explanation::of(code);
        let name = code.as_str();
        if e.wrong.not_run.is_some() || e.right.not_run.is_some() {
            not_run.insert(name.to_string());
            continue;
        }
        let wrong: BTreeSet<String> = codes_of(&e.wrong).into_iter().collect();
        assert_eq!(
            wrong,
            BTreeSet::from([name.to_string()]),
            "{name}: the wrong example gives other codes"
        );
        let right = codes_of(&e.right);
        assert!(
            right.is_empty(),
            "{name}: the right example gives {right:?}"
        );
        // A reader copies the right example: it is in the canonical layout.
        for (path, text) in e.right.files.iter().filter(|(p, _)| p.ends_with(".krav")) {
            let formatted = skykrav::format::format_text(FileId(0), text).unwrap();
            assert_eq!(&formatted, text, "{name}: {path} is not formatted");
        }
    }
    let expected: BTreeSet<String> = NOT_RUN.iter().map(|(c, _)| c.to_string()).collect();
    assert_eq!(not_run, expected, "examples that are not run");
}

#[test]
fn codes_lists_every_code_with_its_title() {
    let run = skykrav(&["codes"]);
    assert_eq!(run.code, 0);
    for &code in Code::ALL {
        let line = format!("{}  {}\n", code.as_str(), Explanation::of(code).title);
        assert!(run.stdout.contains(&line), "missing {line:?}");
    }
    assert!(run.stdout.contains(&format!("{} codes", Code::ALL.len())));
}

#[test]
fn codes_explains_one_code_with_its_examples() {
    let run = skykrav(&["codes", "k1001"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("K1001: Unknown fact or name\n\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("## Wrong: `skykrav check` on this project gives K1001"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("## Right: `skykrav check` on this project gives no diagnostic"));
    assert!(run.stdout.contains("--- policies/"), "{}", run.stdout);
}

#[test]
fn an_unknown_code_is_an_error_with_a_suggestion() {
    let run = skykrav(&["codes", "K1091"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`K1091` is not a diagnostic code"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `K1001`?"),
        "{}",
        run.stderr
    );
}
