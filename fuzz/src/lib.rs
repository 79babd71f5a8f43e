//! The code path of every fuzz target, in one place: each stage of the
//! pipeline driven in-process, and whole projects (config, `.krav` and
//! data files) in memory, without touching the disk. The fuzz targets call
//! [`run_target`]; `tests/fuzz_regressions.rs` includes this very file to
//! replay saved inputs through the same code, so the two cannot drift.
//!
//! It uses nothing but `skykrav` and the standard library, so that the
//! main crate's tests can build it without libFuzzer.

use std::collections::BTreeMap;

use skykrav::check::check;
use skykrav::diagnostics::{Diagnostic, Diagnostics};
use skykrav::eval::{evaluate, evaluate_test_vendor, EvalOptions};
use skykrav::load::Config;
pub use skykrav::load::MemTree;
use skykrav::model::Model;
use skykrav::project::check_tree;
use skykrav::report;
use skykrav::source::{FileId, Sources};
use skykrav::syntax::parse_source;
use skykrav::value::Date;
use skykrav::vendor::{read_vendor_file, DataFormat};
use skykrav::{CheckOptions, CheckRun};

/// The fixed `today` of every fuzz run, so that runs are reproducible.
pub fn today() -> Date {
    Date::from_ymd(2026, 11, 27).unwrap_or(Date::EPOCH)
}

/// What a code path ended in: every diagnostic it gave, and whether it
/// got as far as evaluation.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    pub evaluated: bool,
}

impl Outcome {
    pub fn has_error(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn stopped(diagnostics: Vec<Diagnostic>) -> Outcome {
        Outcome {
            diagnostics,
            evaluated: false,
        }
    }
}

/// The code path of each fuzz target, by name (`parser`, `checker`,
/// `evaluator`, `json_vendor`, `yaml_vendor`, `toml_vendor`, `project`,
/// `plain_vendor`, `formatter`); `None` for a name that is no target.
pub fn run_target(target: &str, data: &[u8]) -> Option<Outcome> {
    let text = String::from_utf8_lossy(data);
    Some(match target {
        "parser" => Outcome::stopped(parse_source(FileId(0), &text).1),
        "checker" => checker(&text),
        "evaluator" => evaluator(&text),
        "json_vendor" => data_vendor(DataFormat::Json, "json", data),
        "yaml_vendor" => data_vendor(DataFormat::Yaml, "yaml", data),
        "toml_vendor" => data_vendor(DataFormat::Toml, "toml", data),
        "project" => project(&MemTree::from_bytes(data)),
        "plain_vendor" => plain_vendor(&text),
        "formatter" => formatter(&text),
        _ => return None,
    })
}

/// Parse, then check.
fn checker(text: &str) -> Outcome {
    let (ast, mut diagnostics) = parse_source(FileId(0), text);
    if let Some(ast) = ast {
        let mut diags = Diagnostics::new();
        let _ = check(&[ast], &mut diags);
        diagnostics.extend(diags.iter().cloned());
    }
    Outcome::stopped(diagnostics)
}

/// Parse and check one `.krav` text; with a model, evaluate it, run its
/// tests and render the JSON report.
pub fn evaluator(text: &str) -> Outcome {
    let mut sources = Sources::new();
    let file = sources.add("input.krav", text.to_string());
    let (ast, parse_diags) = parse_source(file, text);
    let Some(ast) = ast else {
        return Outcome::stopped(parse_diags);
    };
    let mut diags = Diagnostics::new();
    diags.extend(parse_diags);
    let Some(model) = check(&[ast], &mut diags) else {
        return Outcome::stopped(diags.iter().cloned().collect());
    };
    let today = today();
    let mut evaluation = evaluate(&model, &EvalOptions::new(today));
    run_tests(&model, today);
    diags.extend(std::mem::take(&mut evaluation.warnings));
    let config = Config::default();
    let run = CheckRun {
        diagnostics: diags.into_sorted(&sources),
        sources,
        fail_on: config.fail_on,
        config,
        model: Some(model),
        evaluation,
        today,
        allow_unknown: false,
        repo_prefix: String::new(),
    };
    let _ = run.verdict();
    let _ = run.summary();
    let _ = report::render_json(&run);
    Outcome {
        diagnostics: run.diagnostics,
        evaluated: true,
    }
}

/// Runs the `test` blocks of a model the way `skykrav test` does.
fn run_tests(model: &Model, today: Date) {
    for test in &model.tests {
        for expect in &test.expects {
            if let Some(req) = model.requirements.get(expect.requirement) {
                let _ = evaluate_test_vendor(&test.vendor, req, today);
            }
        }
    }
}

/// Every report format, as the command line would print it.
fn render_all(run: &CheckRun) {
    let _ = report::render_json(run);
    let _ = report::render_sarif(run);
    let _ = report::render_human(run, report::HumanOptions { color: false });
    let _ = report::render_junit(run);
    let _ = report::render_markdown(run);
    let _ = report::render_github(run);
    let _ = report::render_gitlab(run);
}

/// A whole project through `check_tree` (load, check, evaluate), its tests
/// and every report.
pub fn project(tree: &MemTree) -> Outcome {
    let opts = CheckOptions {
        today: Some(today()),
        ..CheckOptions::default()
    };
    let run = check_tree(tree, &opts);
    let _ = run.verdict();
    let _ = run.summary();
    if let Some(model) = &run.model {
        run_tests(model, run.today);
    }
    render_all(&run);
    Outcome {
        evaluated: run.model.is_some(),
        diagnostics: run.diagnostics,
    }
}

/// The schema and policy of `examples/quickstart`, the project that a
/// fuzzed data file joins as `vendors/fuzz.<ext>` so that its facts are
/// read against a real schema by the checker.
const QUICKSTART: &[(&str, &str)] = &[
    (
        "skykrav.toml",
        include_str!("../../examples/quickstart/skykrav.toml"),
    ),
    (
        "policies/schema.krav",
        include_str!("../../examples/quickstart/policies/schema.krav"),
    ),
    (
        "policies/baseline.krav",
        include_str!("../../examples/quickstart/policies/baseline.krav"),
    ),
];

/// A data file through its parser and the vendor stage, then as
/// `vendors/fuzz.<ext>` of the quickstart project: loaded, converted,
/// checked against the schema, evaluated and reported.
fn data_vendor(format: DataFormat, ext: &str, data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let _ = match format {
        DataFormat::Json => Some(skykrav::vendor::data::parse_json(FileId(0), &text)),
        DataFormat::Yaml => Some(skykrav::vendor::data::parse_yaml(FileId(0), &text)),
        DataFormat::Toml => Some(skykrav::vendor::data::parse_toml(FileId(0), &text)),
        // No data tree: `read_vendor_file` parses it as `.krav`.
        DataFormat::PlainKrav => None,
    };
    let name = format!("vendors/fuzz.{ext}");
    let (_, mut diagnostics) = read_vendor_file(FileId(0), &name, format, &text);
    let mut files: BTreeMap<String, Vec<u8>> = QUICKSTART
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    files.insert(name, data.to_vec());
    let run = project(&MemTree { files });
    diagnostics.extend(run.diagnostics);
    Outcome {
        diagnostics,
        evaluated: run.evaluated,
    }
}

/// The reader of plain vendors against the grammar: whatever text the
/// reader takes, the grammar must read to the same tree (spans and comments
/// included) without a diagnostic. A difference panics, so libFuzzer keeps
/// the input.
fn plain_vendor(text: &str) -> Outcome {
    if let Some(fast) = skykrav::syntax::parse_plain_vendors(FileId(0), text) {
        let (slow, diags) = skykrav::syntax::parse_with_grammar(FileId(0), text);
        assert!(
            diags.is_empty(),
            "the reader took text the grammar refuses: {diags:?}"
        );
        assert!(
            slow.as_ref() == Some(&fast),
            "the reader and the grammar build different trees"
        );
    }
    Outcome::default()
}

/// The formatter's promises: a text that parses without an error formats,
/// and the result parses to the same tree with the same comments and
/// formats to itself. A broken promise panics, so libFuzzer keeps the input.
fn formatter(text: &str) -> Outcome {
    use skykrav::format::{format_text, same_comments, same_tree};
    use skykrav::syntax::parse_with_grammar;
    let (ast, diags) = parse_with_grammar(FileId(0), text);
    let Some(before) = ast.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
        return Outcome::stopped(diags);
    };
    let formatted = match format_text(FileId(0), text) {
        Ok(f) => f,
        Err(d) => panic!("a valid file was not formatted: {d:?}"),
    };
    let (again, diags) = parse_with_grammar(FileId(0), &formatted);
    let Some(after) = again.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
        panic!("the formatted text does not parse: {diags:?}\n{formatted}");
    };
    assert!(same_tree(&before, &after), "the tree changed:\n{formatted}");
    assert!(
        same_comments(&before, &after),
        "the comments changed:\n{formatted}"
    );
    assert_eq!(
        format_text(FileId(0), &formatted).ok().as_deref(),
        Some(formatted.as_str()),
        "formatting twice changed it again"
    );
    Outcome::default()
}
