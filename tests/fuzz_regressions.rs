//! Inputs that once crashed a fuzz target (`fuzz/`, saved under
//! `tests/fixtures/fuzz/<target>-<n>.<ext>`) go through the same code path
//! as that target and end in diagnostics or a result, never a panic or a
//! stack overflow.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

// The fuzz targets' own code paths, so that a replay runs exactly what
// found the input.
#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

use harness::{run_target, Outcome};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz")
}

/// Replays one saved input through the code path its name gives.
fn replay(name: &str, data: &[u8]) -> Outcome {
    let target = name.rsplit_once('-').map(|(t, _)| t).unwrap_or(name);
    run_target(target, data).unwrap_or_else(|| panic!("`{name}`: no fuzz target `{target}`"))
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
    let target = |name: &str, data: &[u8]| run_target(name, data).unwrap();
    let out = target("evaluator", krav.as_bytes());
    assert!(out.evaluated && !out.has_error(), "{:?}", out.diagnostics);
    assert!(!target("checker", krav.as_bytes()).has_error());
    assert!(!target("parser", krav.as_bytes()).has_error());

    let json = std::fs::read(quick.join("vendors/filebox.json")).unwrap();
    let out = target("json_vendor", &json);
    assert!(out.evaluated && !out.has_error(), "{:?}", out.diagnostics);
    let yaml = std::fs::read(quick.join("vendors/chatly.yaml")).unwrap();
    let out = target("yaml_vendor", &yaml);
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
    let out = target("project", &input);
    assert!(out.evaluated && !out.has_error(), "{:?}", out.diagnostics);
}
