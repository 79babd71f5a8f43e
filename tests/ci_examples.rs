//! The CI examples are valid YAML and call the commands and formats they
//! promise.

use std::path::Path;

use skykrav::source::FileId;
use skykrav::vendor::data::{parse_yaml, DataValue};

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The file is YAML of a mapping or a list, and holds every one of `needles`.
fn assert_yaml_with(rel: &str, needles: &[&str]) {
    let text = read(rel);
    let node = parse_yaml(FileId(0), &text).unwrap_or_else(|e| panic!("{rel}: {}", e.message));
    assert!(
        matches!(node.value, DataValue::Object(_) | DataValue::Array(_)),
        "{rel}"
    );
    for needle in needles {
        assert!(text.contains(needle), "{rel} lacks {needle}");
    }
}

#[test]
fn the_github_workflow_uploads_sarif_and_diffs_against_the_base() {
    assert_yaml_with(
        "examples/ci/github-workflow.yml",
        &[
            "--format sarif",
            "upload-sarif",
            "--format markdown",
            "GITHUB_STEP_SUMMARY",
            "--format github",
            "diff --base",
            "fetch-depth: 0",
        ],
    );
}

#[test]
fn the_gitlab_job_reports_code_quality_and_junit() {
    assert_yaml_with(
        "examples/ci/gitlab-ci.yml",
        &[
            "--format gitlab",
            "codequality:",
            "--format junit",
            "junit:",
            "diff --base",
            "GIT_DEPTH",
        ],
    );
}

#[test]
fn the_pre_commit_configurations_are_valid() {
    assert_yaml_with("examples/ci/pre-commit-config.yaml", &[]);
    assert_yaml_with(".pre-commit-hooks.yaml", &[]);
}
