//! Error cases as data: each file under `tests/cases/` is a small project
//! and the diagnostic it must give. Its first line says what is expected:
//!
//! ```text
//! expect K1012 at policies/p.krav:4:13
//! --- policies/p.krav
//! …the file's text…
//! --- vendors/v.krav
//! …
//! ```
//!
//! The place is `-` for a diagnostic about a whole file or folder. A line
//! `run test` after the first runs `skykrav test` instead of `check`; a
//! file named `NAME (hex)` is written from the hexadecimal bytes given, for
//! what a text file cannot hold.
//!
//! Each case is checked in-process, and the rendered diagnostics are an
//! insta snapshot named after the case, so a reviewer sees what a user sees.

use std::path::{Path, PathBuf};

use std::collections::BTreeSet;

use skykrav::diagnostics::{render_diagnostics, Code, Diagnostic};
use skykrav::source::Sources;
use skykrav::testing::{test_project, TestOptions};
use skykrav::{check_project, CheckOptions};

struct Case {
    name: String,
    code: String,
    /// `file:line:column`, or `-` for a diagnostic without a place.
    at: String,
    /// `skykrav test` instead of `check`.
    run_tests: bool,
    files: Vec<(String, Vec<u8>)>,
}

fn read_case(path: &Path) -> Case {
    let text = std::fs::read_to_string(path).unwrap();
    let (head, body) = text.split_once('\n').unwrap_or((&text, ""));
    let words: Vec<&str> = head.split_whitespace().collect();
    let ["expect", code, "at", at] = words.as_slice() else {
        panic!(
            "{}: the first line must be `expect CODE at FILE:LINE:COL`",
            path.display()
        );
    };
    let (run_tests, body) = match body.strip_prefix("run test\n") {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let mut files = Vec::new();
    for chunk in body
        .split("\n--- ")
        .map(|c| c.strip_prefix("--- ").unwrap_or(c))
    {
        if chunk.is_empty() {
            continue;
        }
        let (name, content) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let mut content = content.to_string();
        if !content.is_empty() && !content.ends_with('\n') {
            content.push('\n');
        }
        let name = name.trim();
        let file = match name.strip_suffix(" (hex)") {
            Some(name) => (name.to_string(), hex(content.trim())),
            None => (name.to_string(), content.into_bytes()),
        };
        files.push(file);
    }
    Case {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        code: code.to_string(),
        at: at.to_string(),
        run_tests,
        files,
    }
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .collect();
    paths.sort();
    paths
}

/// Writes a case's files into the folder `name`, relative to the current
/// folder, so that a message naming the project folder reads the same on
/// every machine.
fn temp_project(name: &str, files: &[(String, Vec<u8>)]) -> PathBuf {
    let dir = PathBuf::from(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in files {
        let p = dir.join(file);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

#[test]
fn every_case_gives_its_diagnostic_at_its_place() {
    let paths = cases();
    assert!(!paths.is_empty());
    // The cases are written under a folder of their own, and named from it.
    let base = tempfile::Builder::new()
        .prefix("skykrav-cases-")
        .tempdir()
        .unwrap();
    std::env::set_current_dir(base.path()).unwrap();
    for path in paths {
        let case = read_case(&path);
        let dir = temp_project(&case.name, &case.files);
        let (diagnostics, sources) = run_case(&case, &dir);
        let given: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                let loc = d.location(&sources);
                let at = match (loc.file, loc.line, loc.column) {
                    (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}"),
                    _ => "-".to_string(),
                };
                format!("{} at {at}", d.code.as_str())
            })
            .collect();
        let want = format!("{} at {}", case.code, case.at);
        let rendered = render_diagnostics(&diagnostics, &sources, false);
        assert!(
            given.contains(&want),
            "{}: no {want}, but {given:?}\n{rendered}",
            case.name
        );
        let mut settings = insta::Settings::clone_current();
        settings.set_omit_expression(true);
        settings.set_snapshot_suffix(case.name.clone());
        settings.bind(|| insta::assert_snapshot!("case", rendered));
        let _ = std::fs::remove_dir_all(&dir);
    }
    // Leave the folder before it is removed with `base`.
    let _ = std::env::set_current_dir(std::env::temp_dir());
}

/// The diagnostics of a case's run, in the order a user sees them.
fn run_case(case: &Case, dir: &Path) -> (Vec<Diagnostic>, Sources) {
    let today = skykrav::syntax::parse_date("2026-11-27", Default::default()).ok();
    if case.run_tests {
        let run = test_project(dir, today, TestOptions::default());
        let mut all = run.diagnostics;
        all.extend(run.results.into_iter().flat_map(|r| r.failures));
        return (all, run.sources);
    }
    let opts = CheckOptions {
        today,
        ..CheckOptions::default()
    };
    let run = check_project(dir, &opts);
    (run.diagnostics, run.sources)
}

/// Codes that need more than a small project, each tested elsewhere.
const ELSEWHERE: [(&str, &str); 6] = [
    (
        "K3015",
        "`skykrav init` in a folder that holds a project: tests/scaffold.rs",
    ),
    (
        "K0013",
        "the formatter's safety net, a bug by definition: tests/format.rs holds every file to format without it",
    ),
    (
        "K3001",
        "a report that cannot be written (as root, every file can be read): tests/day_one.rs",
    ),
    (
        "K3011",
        "a file over 16 MiB or a folder of 200,000 files: tests/hostile.rs",
    ),
    (
        "K3012",
        "`skykrav diff` outside a git repository: tests/diff.rs",
    ),
    (
        "K3013",
        "`skykrav diff` against a revision that does not exist: tests/diff.rs",
    ),
];

#[test]
fn every_code_of_the_catalogue_has_a_case() {
    let mut covered: BTreeSet<String> = cases().iter().map(|p| read_case(p).code).collect();
    covered.extend(ELSEWHERE.iter().map(|(code, _)| code.to_string()));
    let catalogue: BTreeSet<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    let missing: Vec<&String> = catalogue.difference(&covered).collect();
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
    let unknown: Vec<&String> = covered.difference(&catalogue).collect();
    assert!(
        unknown.is_empty(),
        "cases of codes not in the catalogue: {unknown:?}"
    );
}
