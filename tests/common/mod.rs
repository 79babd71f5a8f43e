//! Helpers shared by the integration tests: run the real binary on real
//! files, as a user would.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `skykrav` with `args`, without colour and with a fixed environment.
pub fn skykrav(args: &[&str]) -> Run {
    skykrav_with_env(args, &[])
}

/// [`skykrav`] with some variables set in its environment.
pub fn skykrav_with_env(args: &[&str], vars: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_skykrav"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        // A test run inside GitHub Actions must not write the job's summary.
        .env_remove("GITHUB_STEP_SUMMARY")
        .envs(vars.iter().copied())
        .output()
        .expect("the skykrav binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Copies the folder `from` to `to`, files and folders below it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A fixture folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A project made of `base` with `changes` written over it: a file named
/// in `changes` replaces the base file of that name, or is added.
pub fn project_with(base: &[(&str, &str)], changes: &[(&str, &str)]) -> tempdir::TempProject {
    let mut files: Vec<(&str, &str)> = base.to_vec();
    for &(name, text) in changes {
        match files.iter_mut().find(|(n, _)| *n == name) {
            Some(f) => f.1 = text,
            None => files.push((name, text)),
        }
    }
    project(&files)
}

/// A fresh temporary project folder with the given files.
pub fn project(files: &[(&str, &str)]) -> tempdir::TempProject {
    tempdir::TempProject::new(files)
}

pub mod tempdir {
    use std::path::Path;

    /// A project folder under the system's temp dir, removed when dropped.
    pub struct TempProject {
        dir: tempfile::TempDir,
    }

    impl TempProject {
        pub fn new(files: &[(&str, &str)]) -> TempProject {
            let dir = tempfile::Builder::new()
                .prefix("skykrav-test-")
                .tempdir()
                .unwrap();
            for (name, text) in files {
                let p = dir.path().join(name);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, text).unwrap();
            }
            TempProject { dir }
        }

        pub fn write_bytes(&self, name: &str, bytes: &[u8]) {
            let p = self.dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }

        pub fn path(&self) -> &Path {
            self.dir.path()
        }

        pub fn arg(&self) -> &str {
            self.dir.path().to_str().unwrap()
        }
    }
}

/// Parses the JSON report.
pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

/// Runs `skykrav check DIR --format FORMAT` with `extra` arguments.
pub fn check_as(dir: &str, format: &str, extra: &[&str]) -> Run {
    let mut args = vec!["check", dir, "--format", format];
    args.extend_from_slice(extra);
    skykrav(&args)
}

/// Runs `skykrav check DIR --format json` with `extra` arguments.
pub fn check_as_json(dir: &str, extra: &[&str]) -> Run {
    check_as(dir, "json", extra)
}

/// A project whose one policy names a fact no schema declares: the input
/// every format must report as invalid.
pub fn invalid_project() -> tempdir::TempProject {
    project(&[(
        "policies/p.krav",
        "schema s { fact a: bool }\npolicy p \"t\" { requirement r \"x\" { severity low require b } }\n",
    )])
}

/// The JSON report of `skykrav check DIR --format json` with `extra`
/// arguments, whatever the exit status.
pub fn check_json(dir: &str, extra: &[&str]) -> serde_json::Value {
    json(&check_as_json(dir, extra))
}

/// The codes of a JSON report's diagnostics, in order.
pub fn codes(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .filter_map(|d| d["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The folder of a bundled example, as an argument.
pub fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Asserts that `text` holds `part`; a failure shows the whole text.
#[track_caller]
pub fn assert_has(text: &str, part: &str) {
    assert!(text.contains(part), "`{part}` is not in:\n{text}");
}

/// Asserts that `text` does not hold `part`; a failure shows the whole text.
#[track_caller]
pub fn assert_lacks(text: &str, part: &str) {
    assert!(!text.contains(part), "`{part}` should not be in:\n{text}");
}

/// Fails plus unknowns plus expired waivers, as the JSON report counts
/// them: what the code-scanning formats (SARIF, GitLab) list one by one.
pub fn fails_unknowns_and_expired(dir: &str) -> usize {
    let report = check_json(dir, &[]);
    let count = |key: &str| report["summary"][key].as_u64().unwrap() as usize;
    let expired = codes(&report).iter().filter(|c| *c == "K2003").count();
    count("fail") + count("unknown") + expired
}

/// The string `key` of every element of the JSON list `list`.
pub fn each<'a>(list: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .map(|items| items.iter().filter_map(|v| v[key].as_str()).collect())
        .unwrap_or_default()
}

/// The files of the small three-file projects that the tests of bad and
/// hostile input break one way at a time.
pub const SCHEMA_FILE: &str = "policies/schema.krav";
pub const POLICY_FILE: &str = "policies/policy.krav";
pub const VENDOR_FILE: &str = "vendors/acme.krav";

/// The vendor of those projects.
pub const ACME: &str = r#"vendor acme "Acme Cloud" {
  as_of 2026-10-01
  sla.uptime = 99.95%
}
"#;

/// A project of `schema`, `policy` and [`ACME`], with `changes` written
/// over it: a file named here replaces the base file of that name, or is
/// added.
pub fn three_files(schema: &str, policy: &str, changes: &[(&str, &str)]) -> tempdir::TempProject {
    project_with(
        &[
            (SCHEMA_FILE, schema),
            (POLICY_FILE, policy),
            (VENDOR_FILE, ACME),
        ],
        changes,
    )
}
