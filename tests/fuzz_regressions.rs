//! Inputs that once crashed a fuzz target (`fuzz/`, saved under
//! `tests/fixtures/fuzz/<target>-<n>.<ext>`) go through the same code path
//! as that target and end in diagnostics or a result, never a panic or a
//! stack overflow.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use skykrav::check::check;
use skykrav::diagnostics::{Diagnostic, Diagnostics};
use skykrav::eval::{evaluate, evaluate_test_vendor, EvalOptions};
use skykrav::load::{Config, MemTree};
use skykrav::model::Model;
use skykrav::project::check_tree;
use skykrav::report;
use skykrav::source::{FileId, Sources};
use skykrav::syntax::parse_source;
use skykrav::value::Date;
use skykrav::vendor::{read_vendor_file, DataFormat};
use skykrav::{CheckOptions, CheckRun};

fn today() -> Date {
    Date::from_ymd(2026, 11, 27).unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz")
}

/// What a code path ended in: every diagnostic it gave.
#[derive(Debug, Default)]
struct Outcome {
    diagnostics: Vec<Diagnostic>,
    evaluated: bool,
}

impl Outcome {
    fn has_error(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// `fuzz_targets/parser.rs`: bytes → UTF-8 (lossy) → `parse_source`.
fn parser(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let (_, diagnostics) = parse_source(FileId(0), &text);
    Outcome {
        diagnostics,
        evaluated: false,
    }
}

/// `fuzz_targets/plain_vendor.rs`: the reader of plain vendors, held to the
/// grammar.
fn plain_vendor(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    if let Some(fast) = skykrav::syntax::parse_plain_vendors(FileId(0), &text) {
        let (slow, diagnostics) = skykrav::syntax::parse_with_grammar(FileId(0), &text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(slow, Some(fast), "the reader and the grammar differ");
    }
    Outcome {
        diagnostics: Vec::new(),
        evaluated: false,
    }
}

/// `fuzz_targets/checker.rs`: parse, then check.
fn checker(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let (ast, mut diagnostics) = parse_source(FileId(0), &text);
    if let Some(ast) = ast {
        let mut diags = Diagnostics::new();
        let _ = check(&[ast], &mut diags);
        diagnostics.extend(diags.iter().cloned());
    }
    Outcome {
        diagnostics,
        evaluated: false,
    }
}

fn run_tests(model: &Model, today: Date) {
    for test in &model.tests {
        for expect in &test.expects {
            if let Some(req) = model.requirements.get(expect.requirement) {
                let _ = evaluate_test_vendor(&test.vendor, req, today);
            }
        }
    }
}

fn render_all(run: &CheckRun) {
    let _ = report::render_json(run);
    let _ = report::render_sarif(run);
    let _ = report::render_human(run, report::HumanOptions { color: false });
    let _ = report::render_junit(run);
    let _ = report::render_markdown(run);
    let _ = report::render_github(run);
    let _ = report::render_gitlab(run);
}

/// `fuzz_targets/evaluator.rs`: parse and check; with a model, evaluate,
/// run the tests and render the JSON report.
fn evaluator(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let mut sources = Sources::new();
    let file = sources.add("input.krav", text.to_string());
    let (ast, diagnostics) = parse_source(file, &text);
    let Some(ast) = ast else {
        return Outcome {
            diagnostics,
            evaluated: false,
        };
    };
    let mut diags = Diagnostics::new();
    diags.extend(diagnostics);
    let Some(model) = check(&[ast], &mut diags) else {
        return Outcome {
            diagnostics: diags.iter().cloned().collect(),
            evaluated: false,
        };
    };
    let mut evaluation = evaluate(&model, &EvalOptions::new(today()));
    run_tests(&model, today());
    diags.extend(std::mem::take(&mut evaluation.warnings));
    let config = Config::default();
    let run = CheckRun {
        diagnostics: diags.into_sorted(&sources),
        sources,
        fail_on: config.fail_on,
        config,
        model: Some(model),
        evaluation,
        today: today(),
        allow_unknown: false,
        repo_prefix: String::new(),
    };
    let _ = run.verdict();
    let _ = report::render_json(&run);
    Outcome {
        diagnostics: run.diagnostics.clone(),
        evaluated: true,
    }
}

/// `fuzz_targets/project.rs` (and the second half of the data targets):
/// a whole project through `check_tree`, its tests and every report.
fn project_tree(tree: &MemTree) -> Outcome {
    let opts = CheckOptions {
        today: Some(today()),
        ..CheckOptions::default()
    };
    let run = check_tree(tree, &opts);
    let _ = run.verdict();
    if let Some(model) = &run.model {
        run_tests(model, run.today);
    }
    render_all(&run);
    Outcome {
        evaluated: run.model.is_some(),
        diagnostics: run.diagnostics,
    }
}

fn project(data: &[u8]) -> Outcome {
    project_tree(&MemTree::from_bytes(data))
}

/// `fuzz_targets/{json,yaml,toml}_vendor.rs`: the data parser, the vendor
/// conversion, then the file as `vendors/fuzz.<ext>` of the quickstart
/// project.
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
    let quickstart = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart");
    let mut files = BTreeMap::new();
    for rel in [
        "skykrav.toml",
        "policies/schema.krav",
        "policies/baseline.krav",
    ] {
        files.insert(
            rel.to_string(),
            std::fs::read(quickstart.join(rel)).unwrap(),
        );
    }
    files.insert(name, data.to_vec());
    let run = project_tree(&MemTree { files });
    diagnostics.extend(run.diagnostics);
    Outcome {
        diagnostics,
        evaluated: run.evaluated,
    }
}

/// Replays one saved input through the code path its name gives.
fn replay(name: &str, data: &[u8]) -> Outcome {
    let target = name.rsplit_once('-').map(|(t, _)| t).unwrap_or(name);
    match target {
        "parser" => parser(data),
        "checker" => checker(data),
        "evaluator" => evaluator(data),
        "json_vendor" => data_vendor(DataFormat::Json, "json", data),
        "yaml_vendor" => data_vendor(DataFormat::Yaml, "yaml", data),
        "toml_vendor" => data_vendor(DataFormat::Toml, "toml", data),
        "project" => project(data),
        "plain_vendor" => plain_vendor(data),
        other => panic!("`{name}`: no fuzz target `{other}`"),
    }
}

/// How long one saved input may take, in a debug build on a busy machine.
const DEADLINE: Duration = Duration::from_secs(60);

/// [`replay`] on its own thread: a hang fails the test after [`DEADLINE`]
/// instead of hanging the run (the thread is left behind; the test process
/// ends with the test).
fn replay_with_deadline(name: &str, data: Vec<u8>) -> Outcome {
    let (send, receive) = mpsc::channel();
    let owned = name.to_string();
    std::thread::spawn(move || {
        let _ = send.send(replay(&owned, &data));
    });
    match receive.recv_timeout(DEADLINE) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("`{name}` did not finish within {DEADLINE:?}: a hang")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("`{name}` panicked"),
    }
}

fn saved(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every saved input, whatever its target: no panic, no stack overflow.
#[test]
fn every_saved_fuzz_input_ends_without_a_panic() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    names.sort();
    for name in &names {
        let _ = replay_with_deadline(name, saved(name));
    }
}

/// Quantifiers nested 40 deep over a list of two: evaluated naively, that
/// is 2^40 evaluations of the body, a hang (found by the `evaluator`
/// target's seeds at the limits). The check must end, in a result or in an
/// error.
#[test]
fn evaluator_1_nested_quantifiers_end() {
    let _ = replay_with_deadline("evaluator-1.krav", saved("evaluator-1.krav"));
}

/// The harness itself reaches every stage: a valid project evaluates, in
/// each shape the fuzz targets take.
#[test]
fn the_code_paths_reach_evaluation_on_valid_input() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let quick = root.join("examples/quickstart");
    let read = |rel: &str| std::fs::read_to_string(quick.join(rel)).unwrap();
    let krav = format!(
        "{}{}{}",
        read("policies/schema.krav"),
        read("policies/baseline.krav"),
        read("vendors/mailhost.krav")
    );
    let out = evaluator(krav.as_bytes());
    assert!(out.evaluated && !out.has_error(), "{:?}", out.diagnostics);
    assert!(!checker(krav.as_bytes()).has_error());
    assert!(!parser(krav.as_bytes()).has_error());

    let json = std::fs::read(quick.join("vendors/filebox.json")).unwrap();
    let out = data_vendor(DataFormat::Json, "json", &json);
    assert!(out.evaluated && !out.has_error(), "{:?}", out.diagnostics);
    let yaml = std::fs::read(quick.join("vendors/chatly.yaml")).unwrap();
    let out = data_vendor(DataFormat::Yaml, "yaml", &yaml);
    assert!(out.evaluated && !out.has_error(), "{:?}", out.diagnostics);

    let mut input = Vec::new();
    for rel in [
        "skykrav.toml",
        "policies/schema.krav",
        "policies/baseline.krav",
        "policies/waivers.krav",
        "vendors/mailhost.krav",
        "vendors/filebox.json",
        "vendors/chatly.yaml",
        "tests/baseline.krav",
    ] {
        input.extend_from_slice(format!("@@@ {rel}\n").as_bytes());
        input.extend_from_slice(read(rel).as_bytes());
    }
    let out = project(&input);
    assert!(out.evaluated && !out.has_error(), "{:?}", out.diagnostics);
}
