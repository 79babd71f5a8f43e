//! The formatter, as a user meets it (`skykrav fmt` on real files) and by
//! its invariants: over every `.krav` file of the repository and over
//! generated inputs, formatting is idempotent, reads the same tree, keeps
//! every comment in order, and leaves every verdict as it was.

mod common;

use std::path::{Path, PathBuf};

use common::{project, skykrav};
use proptest::prelude::*;
use skykrav::format::{format_text, same_comments, same_tree};
use skykrav::source::FileId;
use skykrav::syntax::ast::SourceAst;
use skykrav::syntax::parse_with_grammar;
use skykrav::{check_project, CheckOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.krav` file of the repository (build output and editor packages
/// aside), found afresh, never from a list.
fn repository_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = e.file_type().unwrap().is_dir();
            if is_dir && !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&e.path(), out);
            } else if !is_dir && name.ends_with(".krav") {
                out.push(e.path());
            }
        }
    }
    let mut out = Vec::new();
    walk(&root(), &mut out);
    out
}

fn parse_clean(text: &str) -> Option<SourceAst> {
    let (ast, diags) = parse_with_grammar(FileId(0), text);
    ast.filter(|_| !diags.iter().any(|d| d.is_error()))
}

/// The formatter's promises for one text that parses: it formats, once
/// more changes nothing, and the tree and the comments are the same.
fn holds_its_promises(name: &str, text: &str) {
    let Some(before) = parse_clean(text) else {
        return;
    };
    let formatted = match format_text(FileId(0), text) {
        Ok(f) => f,
        Err(d) => panic!("{name}: not formatted: {d:?}\n{text}"),
    };
    let after = parse_clean(&formatted)
        .unwrap_or_else(|| panic!("{name}: the formatted text does not parse:\n{formatted}"));
    assert!(
        same_tree(&before, &after),
        "{name}: the tree changed:\n{formatted}"
    );
    assert!(
        same_comments(&before, &after),
        "{name}: the comments changed:\n{formatted}"
    );
    let again = format_text(FileId(0), &formatted).unwrap();
    assert_eq!(
        again, formatted,
        "{name}: formatting twice changed it again"
    );
    for (i, line) in formatted.lines().enumerate() {
        assert_eq!(
            line.trim_end(),
            line,
            "{name}:{}: trailing white space",
            i + 1
        );
    }
}

#[test]
fn every_krav_file_of_the_repository_keeps_its_meaning_and_comments() {
    let files = repository_files();
    assert!(files.len() > 20, "found only {} files", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        holds_its_promises(&path.display().to_string(), &text);
    }
}

/// The files that are kept formatted (`.ci/run` checks them too).
const FORMATTED: [&str; 5] = [
    "policies",
    "examples",
    "tests/fixtures/outcome-table",
    "tests/fixtures/spec-samples",
    "tests/fixtures/stale",
];

#[test]
fn the_pack_the_examples_and_the_valid_fixtures_are_formatted() {
    let mut args = vec!["fmt".to_string(), "--check".to_string()];
    args.extend(
        FORMATTED
            .iter()
            .map(|p| root().join(p).display().to_string()),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = skykrav(&args);
    assert_eq!(
        run.code, 0,
        "run `skykrav fmt` on them:\n{}{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

// ---------------------------------------------------------------- generated

/// A file with its white space changed at random, between tokens only:
/// a run of blanks becomes one of several, a comment keeps its line end.
fn respaced(text: &str, seed: u64) -> String {
    let mut state = seed | 1;
    let mut pick = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    const BLANKS: [&str; 6] = [" ", "\n", "   ", "\n\n", "\t", "\n    "];
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            // A string, escapes and all, as it is.
            out.push(c);
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    out.push(chars[i]);
                    i += 1;
                }
                out.push(chars[i]);
                i += 1;
            }
            if i < chars.len() {
                out.push(chars[i]);
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(chars[i]);
                i += 1;
            }
            out.push('\n');
            i += 1;
        } else if c.is_whitespace() {
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            out.push_str(BLANKS[pick(BLANKS.len())]);
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Expressions of every form, with line breaks and comments between
/// their parts, and names long enough to make lines break.
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("sla.uptime".to_string()),
        Just("needs.uptime".to_string()),
        Just("data.locations".to_string()),
        Just("a_rather_long_fact_name.with_a_long_field_name".to_string()),
        Just("99.95%".to_string()),
        Just("1_000".to_string()),
        Just("30d".to_string()),
        Just("2026-01-01".to_string()),
        Just("\"a \\\"quoted\\\" string\"".to_string()),
        Just("today".to_string()),
        Just("true".to_string()),
        Just("EU".to_string()),
    ];
    let sep = prop_oneof![
        Just(" ".to_string()),
        Just("\n      ".to_string()),
        Just(" // why\n      ".to_string()),
        Just("\n      // on its own line\n      ".to_string()),
    ];
    leaf.prop_recursive(5, 48, 4, move |inner| {
        let sep = sep.clone();
        prop_oneof![
            (inner.clone(), sep.clone(), inner.clone())
                .prop_map(|(l, s, r)| format!("({l}{s}and {r})")),
            (inner.clone(), sep.clone(), inner.clone())
                .prop_map(|(l, s, r)| format!("({l}{s}or {r})")),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l} >= {r})")),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l} not in {r})")),
            inner.clone().prop_map(|x| format!("not {x}")),
            inner.clone().prop_map(|x| format!("present({x})")),
            (inner.clone(), sep.clone())
                .prop_map(|(x, s)| format!("all r in data.locations:{s}{x}")),
            prop::collection::vec((inner.clone(), sep.clone()), 0..5).prop_map(|items| {
                let parts: Vec<String> =
                    items.into_iter().map(|(x, s)| format!("{x},{s}")).collect();
                format!("[{}]", parts.concat())
            }),
        ]
    })
}

fn policy_with(expr: &str) -> String {
    format!(
        "policy p \"P\" {{\n  requirement r \"R\" {{\n    severity high\n    require {expr}\n  }}\n  define d = {expr} // the same\n}}\n"
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_expressions_keep_their_meaning_and_comments(expr in expression()) {
        holds_its_promises("generated", &policy_with(&expr));
    }

    #[test]
    fn respaced_repository_files_keep_their_meaning_and_comments(
        pick in 0usize..1000,
        seed in any::<u64>(),
    ) {
        let files = repository_files();
        let path = &files[pick % files.len()];
        let text = respaced(&std::fs::read_to_string(path).unwrap(), seed);
        holds_its_promises(&path.display().to_string(), &text);
    }
}

// ---------------------------------------------------------------- verdicts

/// Every (vendor, requirement, outcome) of a project.
fn verdicts(dir: &Path) -> Vec<(String, String, String)> {
    let opts = CheckOptions {
        today: skykrav::syntax::parse_date("2026-11-27", Default::default()).ok(),
        ..CheckOptions::default()
    };
    let run = check_project(dir, &opts);
    let model = run.model.as_ref().expect("the project is valid");
    run.evaluation
        .findings
        .iter()
        .map(|f| {
            (
                model.vendors[f.vendor].id.clone(),
                model.requirements[f.requirement].full_id.clone(),
                f.outcome.as_str().to_string(),
            )
        })
        .collect()
}

fn copy_tree(from: &Path, to: &Path, each: &mut dyn FnMut(&Path, String) -> String) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target, each);
        } else {
            let text = std::fs::read_to_string(e.path()).unwrap();
            let text = if e.path().extension().is_some_and(|x| x == "krav") {
                each(&e.path(), text)
            } else {
                text
            };
            std::fs::write(target, text).unwrap();
        }
    }
}

#[test]
fn the_example_judges_alike_written_badly_and_formatted() {
    let example = root().join("examples/nordlys");
    let before = verdicts(&example);
    assert!(before.len() > 100);
    let work = tempfile::tempdir().unwrap();
    let mut seed = 7;
    copy_tree(&example, work.path(), &mut |_, text| {
        seed += 1;
        respaced(&text, seed)
    });
    assert_eq!(verdicts(work.path()), before, "respacing changed a verdict");
    let run = skykrav(&["fmt", work.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        verdicts(work.path()),
        before,
        "formatting changed a verdict"
    );
    // And the folder is back in the canonical layout of the original.
    let again = skykrav(&["fmt", "--check", work.path().to_str().unwrap()]);
    assert_eq!(again.code, 0, "{}", again.stdout);
}

// ---------------------------------------------------------------- the command

const MESSY: &str =
    "schema s \"Facts\" {   fact a : bool \"A\"  // why\n\n\n\n fact b:int \"B\" }\n";
const TIDY: &str = "schema s \"Facts\" {\n  fact a: bool \"A\" // why\n\n  fact b: int \"B\"\n}\n";

#[test]
fn fmt_rewrites_a_file_and_a_second_run_finds_nothing_to_do() {
    let p = project(&[("policies/s.krav", MESSY), ("notes.txt", "not krav")]);
    let run = skykrav(&["fmt", p.arg()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(p.path().join("policies/s.krav")).unwrap(),
        TIDY
    );
    assert!(run.stderr.contains("1 file formatted"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(p.path().join("notes.txt")).unwrap(),
        "not krav"
    );
    let again = skykrav(&["fmt", p.arg()]);
    assert_eq!(again.code, 0);
    assert!(
        again.stderr.contains("1 already formatted"),
        "{}",
        again.stderr
    );
}

#[test]
fn fmt_check_prints_a_unified_diff_writes_nothing_and_exits_1() {
    let p = project(&[("policies/s.krav", MESSY)]);
    let file = p.path().join("policies/s.krav");
    let run = skykrav(&["fmt", "--check", file.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let name = file.display().to_string();
    assert!(
        run.stdout
            .starts_with(&format!("--- a/{name}\n+++ b/{name}\n@@ ")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\n+  fact a: bool \"A\" // why\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("1 file would be formatted"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), MESSY);
}

#[test]
fn a_file_with_a_syntax_error_is_reported_and_left_untouched() {
    let broken = "policy p \"P\" {\n  requirement r \"R\" {\n    severity high\n    require a &&& b\n  }\n}\n";
    let p = project(&[("policies/s.krav", MESSY), ("policies/p.krav", broken)]);
    let run = skykrav(&["fmt", p.arg()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("error[K0001]"), "{}", run.stderr);
    assert!(run.stderr.contains("p.krav:4:"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(p.path().join("policies/p.krav")).unwrap(),
        broken
    );
    // The other file is formatted all the same.
    assert_eq!(
        std::fs::read_to_string(p.path().join("policies/s.krav")).unwrap(),
        TIDY
    );
    assert!(run.stderr.contains("1 left as they were"), "{}", run.stderr);
}

#[test]
fn a_dash_formats_standard_input_to_standard_output() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_skykrav"))
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(MESSY.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), TIDY);
}

#[test]
fn a_path_that_does_not_exist_is_an_error() {
    let run = skykrav(&["fmt", "/no/such/place.krav"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("error[K3001]"), "{}", run.stderr);
    assert!(run.stderr.contains("/no/such/place.krav"), "{}", run.stderr);
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_and_untouched() {
    let p = project(&[]);
    p.write_bytes("bad.krav", b"schema s \xff {}\n");
    let run = skykrav(&["fmt", p.arg()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("error[K3002]"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(p.path().join("bad.krav")).unwrap(),
        b"schema s \xff {}\n"
    );
}
