//! No input makes the engine panic: random text and mutations of a valid
//! project each end in diagnostics or a result.

use proptest::prelude::*;

use skykrav::check::check;
use skykrav::diagnostics::Diagnostics;
use skykrav::eval::{evaluate, EvalOptions};
use skykrav::source::FileId;
use skykrav::syntax::parse_source;
use skykrav::value::Date;
use skykrav::vendor::data::{parse_json, parse_toml, parse_yaml};

const VALID: &str = concat!(
    include_str!("fixtures/spec-samples/policies/schema.krav"),
    include_str!("fixtures/spec-samples/policies/baseline.krav"),
    "waiver \"w\" { vendor microsoft-365 requirement dk-baseline/R2.uptime expires 2027-01-01 approved_by \"a\" reason \"r\" }\n",
    include_str!("fixtures/spec-samples/vendors/microsoft-365.krav"),
    include_str!("fixtures/spec-samples/tests/uptime.krav"),
);

const TOKENS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "=",
    "==",
    "!=",
    "<",
    ">=",
    ".",
    "/",
    "\"",
    "\\",
    "%",
    "and",
    "or",
    "not",
    "in",
    "all x in data.locations:",
    "any",
    "none",
    "present(",
    "count(",
    "today",
    "true",
    "within",
    "matches",
    "\"*\"",
    "99.9%",
    "72h",
    "3mo",
    "2026-02-30",
    "2026-11-27",
    "1.5h",
    "1_000",
    "__",
    "EU",
    "US",
    "schema",
    "policy",
    "vendor",
    "waiver",
    "test",
    "requirement",
    "require",
    "when",
    "severity high",
    "define",
    "group",
    "fact",
    "enum",
    "record",
    "list<",
    ">",
    "\n",
    "//",
    "\u{feff}",
    "\0",
    "é",
    "\u{1F600}",
];

/// Runs every stage that the text reaches.
fn run_pipeline(text: &str) {
    let (ast, _diags) = parse_source(FileId(0), text);
    let Some(ast) = ast else { return };
    let mut diags = Diagnostics::new();
    if let Some(model) = check(&[ast], &mut diags) {
        let today = Date::from_ymd(2026, 11, 27).unwrap();
        let _ = evaluate(&model, &EvalOptions::new(today));
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, usize),
    Duplicate(usize, usize),
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut s: Vec<char> = text.chars().collect();
    for e in edits {
        let n = s.len().max(1);
        match *e {
            Edit::Delete(at, len) => {
                let at = at % n;
                let end = (at + len % 16).min(s.len());
                s.drain(at.min(s.len())..end);
            }
            Edit::Insert(at, tok) => {
                let at = (at % n).min(s.len());
                let t: Vec<char> = TOKENS[tok % TOKENS.len()].chars().collect();
                s.splice(at..at, t);
            }
            Edit::Duplicate(at, len) => {
                let at = (at % n).min(s.len());
                let end = (at + len % 64).min(s.len());
                let piece: Vec<char> = s[at..end].to_vec();
                s.splice(at..at, piece);
            }
        }
    }
    s.into_iter().collect()
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Delete(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Insert(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Duplicate(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn mutated_projects_never_panic(edits in proptest::collection::vec(edit(), 1..6)) {
        run_pipeline(&apply(VALID, &edits));
    }

    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(0..TOKENS.len(), 0..60)) {
        let text: String = tokens.iter().map(|i| TOKENS[*i]).collect::<Vec<_>>().join(" ");
        run_pipeline(&text);
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,300}") {
        run_pipeline(&text);
        let _ = parse_json(FileId(0), &text);
        let _ = parse_yaml(FileId(0), &text);
        let _ = parse_toml(FileId(0), &text);
    }

    #[test]
    fn data_like_text_never_panics(text in "[\\[\\]{}:,\"a-z0-9 .\\-\n#&*!|>]{0,200}") {
        let _ = parse_json(FileId(0), &text);
        let _ = parse_yaml(FileId(0), &text);
        let _ = parse_toml(FileId(0), &text);
    }
}

#[test]
fn the_unmutated_project_checks() {
    let (ast, diags) = parse_source(FileId(0), VALID);
    assert!(diags.is_empty(), "{diags:?}");
    let mut d = Diagnostics::new();
    assert!(check(&[ast.unwrap()], &mut d).is_some(), "{d:?}");
}
