//! The vendor readers against the public conformance suites of their
//! formats (tests/fixtures/conformance/, MIT, licences beside them): JSON
//! Test Suite, toml-test (the TOML 1.1 cases, the `toml` crate's version)
//! and yaml-test-suite. A vendor file is one document of a given shape, so:
//!
//! - a valid document is never a syntax error (K3007): it is read, and what
//!   is not a vendor is a shape error (K3008);
//! - an invalid document is refused, with K3007 at a line of the file (or
//!   K3002 for bytes that are not UTF-8, K3009 for nesting past the limit);
//! - nothing crashes;
//! - features the language reference refuses on purpose are K3007 by
//!   design, and each is listed below with the reason.

use std::path::{Path, PathBuf};

use skykrav::diagnostics::{Code, Diagnostic};
use skykrav::source::Sources;
use skykrav::vendor::{read_vendor_file, DataFormat};

fn suite(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/conformance")
        .join(dir)
}

/// How a reader answered one document.
#[derive(Debug, PartialEq)]
enum Answer {
    /// Read; shape errors, if any, are K3008.
    Read,
    /// Refused as not valid (K3007 with a line, K3002, K3009), with the
    /// message.
    Refused(Code, String),
    /// Anything else: a K3007 without a line, another code.
    Wrong(String),
}

fn answer(format: DataFormat, bytes: &[u8]) -> Answer {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Answer::Refused(Code::NotUtf8, String::new());
    };
    let mut sources = Sources::new();
    let file = sources.add("doc".to_string(), text);
    let (_, errors): (_, Vec<Diagnostic>) = read_vendor_file(file, "doc", format, text);
    let refusal = errors
        .iter()
        .find(|d| matches!(d.code, Code::DataSyntax | Code::TooDeep));
    match refusal {
        Some(d) if d.code == Code::TooDeep => Answer::Refused(Code::TooDeep, d.message.clone()),
        Some(d) => match d.location(&sources).line {
            Some(_) => Answer::Refused(Code::DataSyntax, d.message.clone()),
            None => Answer::Wrong(format!("{} without a line: {}", d.code.as_str(), d.message)),
        },
        None => match errors.iter().find(|d| d.code != Code::DataShape) {
            Some(d) => Answer::Wrong(format!("{}: {}", d.code.as_str(), d.message)),
            None => Answer::Read,
        },
    }
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with(ext))
        {
            out.push(p);
        }
    }
    out.sort();
}

/// The cases of a suite: its files whose names end in `ending`, sorted;
/// more than `at_least` of them, or the copy is incomplete.
fn cases(dir: &str, ending: &str, at_least: usize) -> Vec<PathBuf> {
    let mut all = Vec::new();
    files(&suite(dir), ending, &mut all);
    assert!(all.len() > at_least, "{dir}: only {} cases", all.len());
    all
}

fn report(wrong: Vec<String>, total: usize) {
    assert!(
        wrong.is_empty(),
        "{} of {total} cases answered wrongly:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn json_test_suite() {
    let all = cases("json/test_parsing", ".json", 300);
    let mut wrong = Vec::new();
    for path in &all {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let got = answer(DataFormat::Json, &std::fs::read(path).unwrap());
        let ok = match name.as_bytes()[0] {
            b'y' => {
                got == Answer::Read
                    || refused_on_purpose_json(&name)
                        .is_some_and(|_| matches!(got, Answer::Refused(..)))
            }
            b'n' => matches!(got, Answer::Refused(..)),
            _ => !matches!(got, Answer::Wrong(_)),
        };
        if !ok {
            wrong.push(format!("{name}: {got:?}"));
        }
    }
    report(wrong, all.len());
}

/// Valid JSON that a vendor file may not hold, and why.
fn refused_on_purpose_json(name: &str) -> Option<&'static str> {
    match name {
        "y_object_duplicated_key.json" | "y_object_duplicated_key_and_value.json" => {
            Some("a key given twice would hide one of two facts")
        }
        _ => None,
    }
}

#[test]
fn toml_test_suite() {
    let list = std::fs::read_to_string(suite("toml/files-toml-1.1.0")).unwrap();
    let cases: Vec<&str> = list.lines().filter(|l| l.ends_with(".toml")).collect();
    assert!(cases.len() > 700);
    let mut wrong = Vec::new();
    for case in &cases {
        let got = answer(
            DataFormat::Toml,
            &std::fs::read(suite("toml").join(case)).unwrap(),
        );
        let ok = if case.starts_with("valid/") {
            got == Answer::Read
                || refused_on_purpose_toml(case).is_some_and(|_| matches!(got, Answer::Refused(..)))
        } else {
            matches!(got, Answer::Refused(..))
        };
        if !ok {
            wrong.push(format!("{case}: {got:?}"));
        }
    }
    report(wrong, cases.len());
}

/// Valid TOML that a vendor file may not hold, and why.
fn refused_on_purpose_toml(case: &str) -> Option<&'static str> {
    match case {
        "valid/comment/after-literal-no-ws.toml"
        | "valid/float/inf-and-nan.toml"
        | "valid/spec-1.1.0/common-25.toml" => {
            Some("`inf` and `nan` are no value a fact can hold: every number is finite")
        }
        _ => None,
    }
}

#[test]
fn yaml_test_suite() {
    let all = cases("yaml", "in.yaml", 350);
    let mut wrong = Vec::new();
    for path in &all {
        let dir = path.parent().unwrap();
        let case = dir
            .strip_prefix(suite("yaml"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read(path).unwrap();
        let got = answer(DataFormat::Yaml, &text);
        let ok = if dir.join("error").exists() {
            matches!(got, Answer::Refused(..))
        } else {
            match &got {
                Answer::Read => true,
                Answer::Refused(Code::DataSyntax, message) => {
                    refused_on_purpose_yaml(message).is_some()
                }
                _ => false,
            }
        };
        if !ok {
            wrong.push(format!("{case}: {got:?}"));
        }
    }
    report(wrong, all.len());
}

/// Valid YAML that a vendor file may not hold, known by the refusal's
/// message, and why (docs/language.md §8.2).
fn refused_on_purpose_yaml(message: &str) -> Option<&'static str> {
    const ON_PURPOSE: [(&str, &str); 5] = [
        (
            "tags are not supported",
            "a tag would change what a value means, beyond the schema",
        ),
        (
            "anchors and aliases are not supported",
            "an alias repeats a value unseen, and nested aliases can blow up (billion laughs)",
        ),
        (
            "must hold one YAML document",
            "a vendor file is one document; a second would be ignored or merged unseen",
        ),
        ("a key must be text", "a fact's name is text"),
        (
            "duplicate key",
            "a key given twice would hide one of two facts",
        ),
    ];
    ON_PURPOSE
        .iter()
        .find(|(words, _)| message.contains(words))
        .map(|(_, why)| *why)
}
