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
//! Each case is checked in-process, and the rendered diagnostics are an
//! insta snapshot named after the case, so a reviewer sees what a user sees.

use std::path::{Path, PathBuf};

use skykrav::diagnostics::render_diagnostics;
use skykrav::{check_project, CheckOptions};

struct Case {
    name: String,
    code: String,
    /// `file:line:column`, or `-` for a diagnostic without a place.
    at: String,
    files: Vec<(String, String)>,
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
    let mut files = Vec::new();
    for chunk in body.split("--- ").filter(|c| !c.is_empty()) {
        let (name, content) = chunk.split_once('\n').unwrap_or((chunk, ""));
        files.push((name.trim().to_string(), content.to_string()));
    }
    Case {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        code: code.to_string(),
        at: at.to_string(),
        files,
    }
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

fn temp_project(name: &str, files: &[(String, String)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skykrav-case-{}-{name}", std::process::id()));
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
    for path in paths {
        let case = read_case(&path);
        let dir = temp_project(&case.name, &case.files);
        let opts = CheckOptions {
            today: skykrav::syntax::parse_date("2026-11-27", Default::default()).ok(),
            ..CheckOptions::default()
        };
        let run = check_project(&dir, &opts);
        let given: Vec<String> = run
            .diagnostics
            .iter()
            .map(|d| {
                let loc = d.location(&run.sources);
                let at = match (loc.file, loc.line, loc.column) {
                    (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}"),
                    _ => "-".to_string(),
                };
                format!("{} at {at}", d.code.as_str())
            })
            .collect();
        let want = format!("{} at {}", case.code, case.at);
        let rendered = render_diagnostics(&run.diagnostics, &run.sources, false);
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
}
