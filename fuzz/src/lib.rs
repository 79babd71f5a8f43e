//! Helpers shared by the fuzz targets: each stage of the pipeline driven
//! in-process, the way `tests/no_panic.rs` drives it, and an in-memory
//! project folder so that whole projects (config, `.krav` and data files)
//! are fuzzed without touching the disk.

use std::collections::BTreeMap;

use skykrav::check::check;
use skykrav::diagnostics::{Diagnostic, Diagnostics};
use skykrav::eval::{evaluate, evaluate_test_vendor, EvalOptions, Evaluation};
use skykrav::load::Config;
use skykrav::vendor::DataFormat;
use skykrav::model::Model;
use skykrav::project::check_tree;
use skykrav::report;
use skykrav::source::{FileId, Sources};
use skykrav::syntax::parse_source;
use skykrav::value::Date;
use skykrav::{CheckOptions, CheckRun};

/// The fixed `today` of every fuzz run, so that runs are reproducible.
pub fn today() -> Date {
    Date::from_ymd(2026, 11, 27).unwrap_or(Date::EPOCH)
}

/// Parses one `.krav` text; the file is registered in `sources` so that
/// reports can show it.
pub fn parse(
    text: &str,
) -> (
    Sources,
    FileId,
    Option<skykrav::syntax::ast::SourceAst>,
    Vec<Diagnostic>,
) {
    let mut sources = Sources::new();
    let file = sources.add("input.krav", text.to_string());
    let (ast, diags) = parse_source(file, text);
    (sources, file, ast, diags)
}

/// Runs the `test` blocks of a model the way `skykrav test` does.
pub fn run_tests(model: &Model, today: Date) {
    for test in &model.tests {
        for expect in &test.expects {
            if let Some(req) = model.requirements.get(expect.requirement) {
                let _ = evaluate_test_vendor(&test.vendor, req, today);
            }
        }
    }
}

/// Parse, check and (when a model results) evaluate one `.krav` text,
/// then render the JSON report. Returns whether evaluation was reached.
pub fn evaluate_text(text: &str, all_reports: bool) -> bool {
    let (sources, _file, ast, parse_diags) = parse(text);
    let Some(ast) = ast else { return false };
    let mut diags = Diagnostics::new();
    diags.extend(parse_diags);
    let Some(model) = check(&[ast], &mut diags) else {
        return false;
    };
    let today = today();
    let mut evaluation: Evaluation = evaluate(&model, &EvalOptions::new(today));
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
    if all_reports {
        render_all(&run);
    }
    true
}

/// Every report format, as the command line would print it.
pub fn render_all(run: &CheckRun) {
    let _ = report::render_json(run);
    let _ = report::render_sarif(run);
    let _ = report::render_human(run, report::HumanOptions { color: false });
    let _ = report::render_junit(run);
    let _ = report::render_markdown(run);
    let _ = report::render_github(run);
    let _ = report::render_gitlab(run);
}

/// A data file through its parser and the vendor conversion of the loader.
pub fn data_vendor(format: DataFormat, name: &str, text: &str) {
    let _ = match format {
        DataFormat::Json => Some(skykrav::vendor::data::parse_json(FileId(0), text)),
        DataFormat::Yaml => Some(skykrav::vendor::data::parse_yaml(FileId(0), text)),
        DataFormat::Toml => Some(skykrav::vendor::data::parse_toml(FileId(0), text)),
        // No data tree: `read_data_vendors` parses it as `.krav`.
        DataFormat::PlainKrav => None,
    };
    let _ = skykrav::vendor::read_vendor_file(FileId(0), name, format, text);
}

pub use skykrav::load::{MemTree, FILE_MARK};

/// A whole project through `check_tree` (load, check, evaluate), its tests
/// and every report.
pub fn run_project(tree: &MemTree) {
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

/// A data file as a vendor of the quickstart project: loaded, converted,
/// checked against the schema, evaluated and reported.
pub fn data_in_project(ext: &str, bytes: &[u8]) {
    let mut files: BTreeMap<String, Vec<u8>> = QUICKSTART
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    files.insert(format!("vendors/fuzz.{ext}"), bytes.to_vec());
    run_project(&MemTree { files });
}

/// The reader of plain vendors against the grammar: whatever text the
/// reader takes, the grammar must read to the same tree (spans and comments
/// included) without a diagnostic. A difference panics, so libFuzzer keeps
/// the input.
pub fn plain_vendor(text: &str) {
    let Some(fast) = skykrav::syntax::parse_plain_vendors(FileId(0), text) else {
        return;
    };
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

/// The code path of each fuzz target, by name, so that the examples can
/// replay a corpus without libFuzzer.
pub fn run_target(target: &str, data: &[u8]) -> bool {
    let text = String::from_utf8_lossy(data);
    match target {
        "parser" => {
            let _ = parse_source(FileId(0), &text);
        }
        "checker" => {
            let (ast, _) = parse_source(FileId(0), &text);
            if let Some(ast) = ast {
                let mut diags = Diagnostics::new();
                let _ = check(&[ast], &mut diags);
            }
        }
        "evaluator" => {
            evaluate_text(&text, false);
        }
        "json_vendor" | "yaml_vendor" | "toml_vendor" => {
            let (format, ext) = match target {
                "json_vendor" => (DataFormat::Json, "json"),
                "yaml_vendor" => (DataFormat::Yaml, "yaml"),
                _ => (DataFormat::Toml, "toml"),
            };
            data_vendor(format, &format!("vendors/fuzz.{ext}"), &text);
            data_in_project(ext, data);
        }
        "project" => run_project(&MemTree::from_bytes(data)),
        "plain_vendor" => plain_vendor(&text),
        _ => return false,
    }
    true
}
