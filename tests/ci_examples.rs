//! The CI examples are valid YAML and call the commands and formats they
//! promise.

use std::path::Path;

use skykrav::source::FileId;
use skykrav::vendor::data::{parse_yaml, DataValue};

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn assert_yaml(rel: &str) -> String {
    let text = read(rel);
    let node = parse_yaml(FileId(0), &text).unwrap_or_else(|e| panic!("{rel}: {}", e.message));
    assert!(
        matches!(node.value, DataValue::Object(_) | DataValue::Array(_)),
        "{rel}"
    );
    text
}

#[test]
fn the_github_workflow_uploads_sarif_and_diffs_against_the_base() {
    let text = assert_yaml("examples/ci/github-workflow.yml");
    for needle in [
        "--format sarif",
        "upload-sarif",
        "--format markdown",
        "GITHUB_STEP_SUMMARY",
        "--format github",
        "diff --base",
        "fetch-depth: 0",
    ] {
        assert!(text.contains(needle), "the workflow lacks {needle}");
    }
}

#[test]
fn the_gitlab_job_reports_code_quality_and_junit() {
    let text = assert_yaml("examples/ci/gitlab-ci.yml");
    for needle in [
        "--format gitlab",
        "codequality:",
        "--format junit",
        "junit:",
        "diff --base",
        "GIT_DEPTH",
    ] {
        assert!(text.contains(needle), "the job lacks {needle}");
    }
}

#[test]
fn the_pre_commit_configurations_are_valid() {
    assert_yaml("examples/ci/pre-commit-config.yaml");
    assert_yaml(".pre-commit-hooks.yaml");
}
