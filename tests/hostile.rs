//! Hostile input: files that are malformed on purpose, encoded oddly,
//! absurdly large or deep, linked in loops, or written to hurt the parser.
//! Each case starts from a small valid project, breaks one thing, and runs
//! the real binary under a time limit. skykrav must answer every case with
//! an exit status (2 and a diagnostic code for invalid input, the right
//! outcome otherwise), never with a panic (exit 101), a signal or a hang.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::tempdir::TempProject;
use common::{assert_has, project, three_files, ACME, POLICY_FILE, SCHEMA_FILE, VENDOR_FILE};
use serde_json::Value;

const TODAY: &str = "2026-11-27";

/// The longest any single run may take before it counts as a hang.
const TIME_LIMIT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------
// The base project: valid on its own, one vendor that passes.

const SCHEMA: &str = r#"schema cloud "Facts about a cloud service" {
  enum Region { EU, EEA, US }
  group sla {
    fact uptime: percent "Monthly uptime guaranteed"
  }
  group audit {
    fact reports: int "Audit reports received"
    fact checked: date "Our latest audit"
    fact price: number "Price per user per month"
    fact certs: list<string> "Certificates held"
  }
  group incident {
    fact notify: duration "Longest time before the vendor tells us of a breach"
  }
  group data {
    fact region: Region "Where most data is stored"
    fact nested: list<list<int>> "Nested lists, for depth tests"
  }
  group owner {
    fact name: string "Our cloud owner for this service"
  }
}
"#;

const POLICY: &str = r#"policy base "Baseline" {
  requirement R1.uptime "Guaranteed uptime meets our need" {
    severity high
    require sla.uptime >= 99.9%
  }
}
"#;

/// The base project with `changes` written over it: a file named here
/// replaces the base file of that name, or is added.
fn base(changes: &[(&str, &str)]) -> TempProject {
    three_files(SCHEMA, POLICY, changes)
}

/// The base vendor with one more statement on its line 3 (the uptime
/// moves to line 4).
fn vendor_stating(statement: &str) -> String {
    format!("vendor acme \"Acme Cloud\" {{\n  as_of 2026-10-01\n  {statement}\n  sla.uptime = 99.95%\n}}\n")
}

/// The base policy with its `require` (line 4, column 13) replaced.
fn requiring(expr: &str) -> String {
    POLICY.replace("sla.uptime >= 99.9%", expr)
}

// ---------------------------------------------------------------------------
// Running the binary under a time limit.

/// What one run gave.
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs `skykrav` with `args` and extra environment, killing it (and
/// failing the test) when it outlives [`TIME_LIMIT`]. A panic (101) or a
/// death by signal fails the test here, for every case.
fn run_env(args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_skykrav"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("SKYKRAV_TEST_FAIL_WRITE_AFTER")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("the skykrav binary starts");
    // Drain both pipes on threads, so that a large report cannot block
    // the child while it is being waited for.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let status = loop {
        match child.try_wait().expect("waiting for skykrav") {
            Some(status) => break status,
            None if start.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("skykrav {args:?} did not finish within {TIME_LIMIT:?}: it hangs (killed)");
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    };
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out_thread.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_thread.join().unwrap()).into_owned();
    let code = match status.code() {
        Some(c) => c,
        None => {
            use std::os::unix::process::ExitStatusExt;
            panic!(
                "skykrav {args:?} was killed by signal {:?}\nstderr:\n{}",
                status.signal(),
                tail(&stderr)
            );
        }
    };
    assert_ne!(
        code,
        101,
        "skykrav {args:?} panicked\nstderr:\n{}",
        tail(&stderr)
    );
    Out {
        code,
        stdout,
        stderr,
        elapsed,
    }
}

fn run(args: &[&str]) -> Out {
    run_env(args, &[])
}

/// The last part of a long text, for messages.
fn tail(s: &str) -> &str {
    let mut start = s.len().saturating_sub(4000);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// The first part of a long text, for messages.
fn head(s: &str) -> &str {
    let mut end = s.len().min(4000);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `check DIR --format json --today TODAY` plus `extra`, and its report.
fn check_dir(dir: &Path, extra: &[&str]) -> (Out, Value) {
    let dir = dir.to_str().unwrap();
    let mut args = vec!["check", dir, "--format", "json", "--today", TODAY];
    args.extend_from_slice(extra);
    let out = run(&args);
    let report: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not a JSON report ({e}), exit {}:\nstdout:\n{}\nstderr:\n{}",
            out.code,
            head(&out.stdout),
            tail(&out.stderr)
        )
    });
    (out, report)
}

fn check(p: &TempProject) -> (Out, Value) {
    check_dir(p.path(), &[])
}

fn diagnostics(report: &Value) -> &[Value] {
    report["diagnostics"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("no diagnostics array in {report}"))
}

fn errors(report: &Value) -> Vec<&Value> {
    diagnostics(report)
        .iter()
        .filter(|d| d["level"] == "error")
        .collect()
}

/// The first error with `code`.
fn the_error<'a>(report: &'a Value, code: &str) -> &'a Value {
    errors(report)
        .into_iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {report}"))
}

fn error_codes(report: &Value) -> Vec<String> {
    errors(report)
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("?").to_string())
        .collect()
}

fn pretty(report: &Value) -> String {
    let s = serde_json::to_string_pretty(report).unwrap();
    head(&s).to_string()
}

/// Asserts that the run refused the input (exit 2, nothing evaluated) with
/// an error of `code`, and returns that diagnostic.
fn refused<'a>(what: &str, out: &Out, report: &'a Value, code: &str) -> &'a Value {
    assert_eq!(
        out.code,
        2,
        "{what}: expected exit 2 with {code}, got {}\n{}\nstderr:\n{}",
        out.code,
        pretty(report),
        tail(&out.stderr)
    );
    assert_eq!(
        report["results"].as_array().map(Vec::len),
        Some(0),
        "{what}: nothing may be evaluated\n{}",
        pretty(report)
    );
    errors(report)
        .into_iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| {
            panic!(
                "{what}: expected an error {code}, got {:?}\n{}",
                error_codes(report),
                pretty(report)
            )
        })
}

/// Runs `check` on the project and asserts that it is refused with `code`.
fn refuses(what: &str, p: &TempProject, code: &str) -> (Out, Value) {
    let (out, report) = check(p);
    refused(what, &out, &report, code);
    (out, report)
}

/// Asserts that the input was accepted: no error, exit 0 or 1.
fn accepted(what: &str, out: &Out, report: &Value) {
    assert!(
        error_codes(report).is_empty(),
        "{what}: expected no error, got {:?}\n{}\nstderr:\n{}",
        error_codes(report),
        pretty(report),
        tail(&out.stderr)
    );
    assert!(
        out.code == 0 || out.code == 1,
        "{what}: expected exit 0 or 1, got {}\n{}",
        out.code,
        pretty(report)
    );
}

/// The outcome of `requirement` for `vendor` in a report.
fn outcome<'a>(report: &'a Value, vendor: &str, requirement: &str) -> &'a str {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["vendor"] == vendor && r["requirement"] == requirement)
        .and_then(|r| r["outcome"].as_str())
        .unwrap_or_else(|| panic!("no result for {vendor} {requirement}\n{}", pretty(report)))
}

fn line_of(d: &Value) -> Option<u64> {
    d["line"].as_u64()
}

// ---------------------------------------------------------------------------
// 0. The base project itself.

#[test]
fn the_base_project_is_valid_and_passes() {
    let p = base(&[]);
    let (out, report) = check(&p);
    accepted("base", &out, &report);
    assert_eq!(out.code, 0, "{}", pretty(&report));
    assert_eq!(outcome(&report, "acme", "base/R1.uptime"), "pass");
}

// ---------------------------------------------------------------------------
// 1. A UTF-8 byte-order mark at the start of each kind of file.

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn with_bom(text: &str) -> Vec<u8> {
    let mut bytes = BOM.to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

const JSON_VENDOR: &str = r#"{"id": "jay", "name": "Jay", "facts": {"sla": {"uptime": 99.95}}}"#;
const YAML_VENDOR: &str = "id: why\nname: Why\nfacts:\n  sla:\n    uptime: 99.95\n";
const TOML_VENDOR: &str = "id = \"tee\"\nname = \"Tee\"\n\n[facts.sla]\nuptime = 99.95\n";

#[test]
fn byte_order_mark_at_the_start_of_each_kind_of_file() {
    let cases: &[(&str, &str, &str, &str)] = &[
        ("krav policy", POLICY_FILE, POLICY, "acme"),
        ("krav vendor", VENDOR_FILE, ACME, "acme"),
        ("json vendor", "vendors/jay.json", JSON_VENDOR, "jay"),
        ("yaml vendor", "vendors/why.yaml", YAML_VENDOR, "why"),
        ("yml vendor", "vendors/why.yml", YAML_VENDOR, "why"),
        ("toml vendor", "vendors/tee.toml", TOML_VENDOR, "tee"),
    ];
    for &(what, name, text, vendor) in cases {
        let p = base(&[]);
        p.write_bytes(name, &with_bom(text));
        let (out, report) = check(&p);
        accepted(what, &out, &report);
        assert_eq!(out.code, 0, "{what}\n{}", pretty(&report));
        assert_eq!(outcome(&report, vendor, "base/R1.uptime"), "pass", "{what}");
    }
}

#[test]
fn byte_order_mark_at_the_start_of_skykrav_toml() {
    let p = base(&[]);
    p.write_bytes("skykrav.toml", &with_bom("fail_on = \"high\"\n"));
    let (out, report) = check(&p);
    accepted("skykrav.toml with a BOM", &out, &report);
    assert_eq!(out.code, 0);
}

#[test]
fn byte_order_mark_keeps_line_and_column_of_a_later_error() {
    // The mark is three bytes but no character a user sees: the error on
    // line 1 must still be at the column the user counts.
    let p = base(&[]);
    p.write_bytes(
        VENDOR_FILE,
        &with_bom("vendor acme \"Acme Cloud\" {\n  as_of 2026-10-01\n  sla.uptme = 99.95%\n}\n"),
    );
    let (out, report) = check(&p);
    let d = refused("BOM then unknown fact", &out, &report, "K1001");
    assert_eq!(line_of(d), Some(3), "{d}");
    assert_eq!(d["column"].as_u64(), Some(3), "{d}");
}

// ---------------------------------------------------------------------------
// 2. CRLF line ends everywhere.

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// A project with every kind of file, all with CRLF line ends.
fn crlf_project(changes: &[(&str, &str)]) -> TempProject {
    let mut files: Vec<(&str, String)> = vec![
        ("skykrav.toml", crlf("# settings\r\nfail_on = \"low\"\nmax_fact_age = \"730d\"\n")),
        (SCHEMA_FILE, crlf(&format!("// the schema\n{SCHEMA}"))),
        (POLICY_FILE, crlf(POLICY)),
        (
            VENDOR_FILE,
            crlf("vendor acme \"Acme Cloud\" {\n  as_of 2026-10-01 // checked\n  owner.name = \"Jane\"\n  sla {\n    uptime = 99.95%\n  }\n}\n"),
        ),
        (
            "vendors/jay.json",
            crlf("{\n  \"id\": \"jay\",\n  \"name\": \"Jay\",\n  \"as_of\": \"2026-10-01\",\n  \"facts\": {\n    \"sla\": {\"uptime\": 99.95}\n  }\n}\n"),
        ),
        (
            "vendors/why.yaml",
            crlf("# a vendor\nid: why\nname: Why\nas_of: 2026-10-01\nfacts:\n  sla:\n    uptime: 99.95\n"),
        ),
        (
            "vendors/tee.toml",
            crlf("id = \"tee\"\nname = \"Tee\"\nas_of = 2026-10-01\n\n[facts.sla]\nuptime = 99.95\n"),
        ),
        (
            "policies/waivers.krav",
            crlf("waiver \"w\" {\n  vendor acme\n  requirement base/R1.uptime\n  expires 2027-01-01\n  approved_by \"CFO\"\n  reason \"ok\"\n}\n"),
        ),
        (
            "tests/t.krav",
            crlf("test \"low uptime fails\" {\n  vendor {\n    sla.uptime = 99.0%\n  }\n  expect base/R1.uptime fail\n}\n"),
        ),
    ];
    for &(name, text) in changes {
        let text = crlf(text);
        match files.iter_mut().find(|(n, _)| *n == name) {
            Some(f) => f.1 = text,
            None => files.push((name, text)),
        }
    }
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    project(&borrowed)
}

#[test]
fn crlf_line_ends_everywhere_are_accepted() {
    let p = crlf_project(&[]);
    let (out, report) = check(&p);
    accepted("CRLF project", &out, &report);
    // Every vendor passes; acme's waiver is then no longer needed (a
    // warning), which does not change the exit status.
    assert_eq!(out.code, 0, "{}", pretty(&report));
    for vendor in ["acme", "jay", "why", "tee"] {
        assert_eq!(
            outcome(&report, vendor, "base/R1.uptime"),
            "pass",
            "{vendor}"
        );
    }
    // The owner's name has no stray carriage return.
    let test = run(&["test", p.arg(), "--today", TODAY]);
    assert_eq!(test.code, 0, "{}\n{}", test.stdout, test.stderr);
}

#[test]
fn crlf_line_ends_keep_the_lines_of_diagnostics_right() {
    // (what, file, text with one deliberate error, code, line, column)
    type Case<'a> = (&'a str, &'a str, &'a str, &'a str, u64, Option<u64>);
    let cases: &[Case] = &[
        (
            "krav policy",
            POLICY_FILE,
            "policy base \"Baseline\" {\n  requirement R1.uptime \"Guaranteed uptime\" {\n    severity high\n    require sla.uptme >= 99.9%\n  }\n}\n",
            "K1001",
            4,
            Some(13),
        ),
        (
            "krav vendor, unterminated string",
            VENDOR_FILE,
            "vendor acme \"Acme Cloud\" {\n  as_of 2026-10-01\n  owner.name = \"Jane\n  sla.uptime = 99.95%\n}\n",
            "K0003",
            3,
            Some(16),
        ),
        (
            "krav vendor, syntax",
            VENDOR_FILE,
            "vendor acme \"Acme Cloud\" {\n  as_of 2026-10-01\n\n  sla.uptime = = 99.95%\n}\n",
            "K0001",
            4,
            Some(16),
        ),
        (
            "json vendor",
            "vendors/jay.json",
            "{\n  \"id\": \"jay\",\n  \"name\": \"Jay\",\n  \"facts\": {\n    \"sla\": {\"uptime\": true}\n  }\n}\n",
            "K1016",
            5,
            None,
        ),
        (
            "yaml vendor",
            "vendors/why.yaml",
            "id: why\nname: Why\nfacts:\n  sla:\n    uptime: true\n",
            "K1016",
            5,
            None,
        ),
        (
            "toml vendor",
            "vendors/tee.toml",
            "id = \"tee\"\nname = \"Tee\"\n\n[facts.sla]\nuptime = true\n",
            "K1016",
            5,
            None,
        ),
        (
            "skykrav.toml",
            "skykrav.toml",
            "# settings\nfail_on = \"low\"\n\nfail_ob = \"high\"\n",
            "K3004",
            4,
            Some(1),
        ),
    ];
    for &(what, file, text, code, line, column) in cases {
        let p = crlf_project(&[(file, text)]);
        let (out, report) = check(&p);
        let d = refused(what, &out, &report, code);
        assert_eq!(d["file"], file, "{what}: {d}");
        assert_eq!(line_of(d), Some(line), "{what}: wrong line with CRLF: {d}");
        if let Some(column) = column {
            assert_eq!(
                d["column"].as_u64(),
                Some(column),
                "{what}: wrong column: {d}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 3. A NUL byte in a `.krav` file.

#[test]
fn nul_byte_in_a_krav_file() {
    let p = base(&[]);
    p.write_bytes(
        VENDOR_FILE,
        b"vendor acme \"Acme Cloud\" {\n  as_of 2026-10-01\n  sla.uptime = 99.95% \0\n}\n",
    );
    let (out, report) = refuses("NUL after a value", &p, "K0001");
    let _ = out;
    let d = errors(&report)[0];
    assert_eq!(d["code"], "K0001", "{}", pretty(&report));
    assert_eq!(d["file"], VENDOR_FILE);
    assert_eq!(line_of(d), Some(3), "{d}");
    assert_eq!(d["column"].as_u64(), Some(23), "{d}");

    // At the very start of a file, and alone in a file.
    for (what, bytes, line) in [
        ("NUL first", &b"\0vendor acme \"Acme\" {\n}\n"[..], 1),
        ("NUL only", &b"\0"[..], 1),
        ("NUL in a policy", &b"policy base \"B\" {\n  requirement R1.uptime \"U\" {\n    severity high\n    require sla.uptime >= \x0099.9%\n  }\n}\n"[..], 4),
    ] {
        let p = base(&[]);
        let file = if what.contains("policy") { POLICY_FILE } else { VENDOR_FILE };
        p.write_bytes(file, bytes);
        let (_, report) = refuses(what, &p, "K0001");
        let d = the_error(&report, "K0001");
        assert_eq!(line_of(d), Some(line), "{what}: {d}");
    }
}

#[test]
fn nul_byte_in_a_json_file() {
    let p = base(&[]);
    p.write_bytes(
        "vendors/jay.json",
        b"{\"id\": \"jay\", \"name\": \"Jay\",\n\0 \"facts\": {}}",
    );
    let (_, report) = refuses("NUL in JSON", &p, "K3007");
    let d = errors(&report)[0];
    assert_eq!(line_of(d), Some(2), "{d}");
}

// ---------------------------------------------------------------------------
// 4. Invalid UTF-8.

#[test]
fn invalid_utf8_in_krav_and_json_names_the_byte_offset() {
    let krav: &[u8] = b"vendor acme \"Acme Cloud\" {\n  as_of 2026-10-01\n  owner.name = \"J\xF8rgen\"\n  sla.uptime = 99.95%\n}\n";
    let json: &[u8] = b"{\"id\": \"jay\",\n \"name\": \"J\xC3\"}\n";
    let truncated: &[u8] = b"vendor acme \"Acme Cloud\" {\n  owner.name = \"\xE2\x82";
    for (what, name, bytes, bad) in [
        ("latin-1 byte in .krav", VENDOR_FILE, krav, 0xF8u8),
        (
            "cut UTF-8 sequence in .json",
            "vendors/jay.json",
            json,
            0xC3,
        ),
        (
            "UTF-8 sequence cut by the end of the file",
            VENDOR_FILE,
            truncated,
            0xE2,
        ),
    ] {
        let at = bytes.iter().position(|&b| b == bad).unwrap();
        let p = base(&[]);
        p.write_bytes(name, bytes);
        let (_, report) = refuses(what, &p, "K3002");
        let d = the_error(&report, "K3002");
        assert_eq!(d["file"], name, "{what}: {d}");
        let message = d["message"].as_str().unwrap();
        assert!(
            message.contains("offset") && message.contains(&at.to_string()),
            "{what}: the message must name byte offset {at}: {message}"
        );
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        assert_eq!(line_of(d), Some(line), "{what}: {d}");
    }
}

// ---------------------------------------------------------------------------
// 5. UTF-16.

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

#[test]
fn utf16_files_are_refused_with_a_hint() {
    for (what, name, text, big) in [
        ("UTF-16LE .krav", VENDOR_FILE, ACME, false),
        ("UTF-16BE .krav", VENDOR_FILE, ACME, true),
        ("UTF-16LE .json", "vendors/jay.json", JSON_VENDOR, false),
        ("UTF-16LE .yaml", "vendors/why.yaml", YAML_VENDOR, false),
        (
            "UTF-16LE skykrav.toml",
            "skykrav.toml",
            "fail_on = \"high\"\n",
            false,
        ),
    ] {
        let p = base(&[]);
        p.write_bytes(name, &utf16(text, big));
        let (_, report) = refuses(what, &p, "K3002");
        let d = the_error(&report, "K3002");
        let help = d["help"].as_str().unwrap_or("");
        // help without the UTF-16 hint
        assert_has(help, "UTF-16");
        assert_has(d["message"].as_str().unwrap(), "offset 0");
    }
}

// ---------------------------------------------------------------------------
// 6. A folder whose name looks like a file.

#[test]
fn folders_named_like_files_are_skipped() {
    let p = base(&[]);
    std::fs::create_dir_all(p.path().join("policies/x.krav")).unwrap();
    std::fs::create_dir_all(p.path().join("vendors/y.json/z")).unwrap();
    std::fs::create_dir_all(p.path().join("vendors/empty.toml")).unwrap();
    std::fs::write(p.path().join("vendors/y.json/readme.txt"), "not read").unwrap();
    let (out, report) = check(&p);
    accepted("folders named *.krav, *.json", &out, &report);
    assert_eq!(out.code, 0);
    assert_eq!(outcome(&report, "acme", "base/R1.uptime"), "pass");
    assert_eq!(report["results"].as_array().unwrap().len(), 1);
}

// ---------------------------------------------------------------------------
// 7.–9. Symbolic links.

fn symlink(target: impl AsRef<Path>, link: PathBuf) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn symbolic_link_loops_finish_quickly() {
    let p = base(&[]);
    symlink("..", p.path().join("vendors/up"));
    symlink(".", p.path().join("vendors/here"));
    symlink("../vendors", p.path().join("policies/sideways"));
    symlink("loop.json", p.path().join("vendors/loop.json")); // points at itself
    symlink("b.krav", p.path().join("vendors/a.krav"));
    symlink("a.krav", p.path().join("vendors/b.krav"));
    let (out, report) = check(&p);
    assert!(
        out.elapsed < Duration::from_secs(10),
        "took {:?}",
        out.elapsed
    );
    assert!(
        out.code == 0 || (out.code == 2 && error_codes(&report).iter().all(|c| c == "K3001")),
        "a link loop is skipped (or an I/O error), got exit {}\n{}",
        out.code,
        pretty(&report)
    );
    if out.code == 0 {
        assert_eq!(outcome(&report, "acme", "base/R1.uptime"), "pass");
        // The vendor is read once, not once per way round the loop.
        assert_eq!(
            report["results"].as_array().unwrap().len(),
            1,
            "{}",
            pretty(&report)
        );
    }
}

#[test]
fn symbolic_link_to_a_file_outside_the_project() {
    let outside = project(&[("v.json", JSON_VENDOR)]);
    let p = base(&[]);
    symlink(
        outside.path().join("v.json"),
        p.path().join("vendors/out.json"),
    );
    let (_, report) = refuses("link leaving the project", &p, "K3006");
    let d = the_error(&report, "K3006");
    // the message names the link
    assert_has(d["message"].as_str().unwrap(), "vendors/out.json");
    assert_has(d["help"].as_str().unwrap_or(""), "allow_outside_project");

    // Allowed on purpose.
    std::fs::write(
        p.path().join("skykrav.toml"),
        "allow_outside_project = true\n",
    )
    .unwrap();
    let (out, report) = check(&p);
    accepted("link leaving the project, allowed", &out, &report);
    assert_eq!(out.code, 0, "{}", pretty(&report));
    assert_eq!(outcome(&report, "jay", "base/R1.uptime"), "pass");
}

#[test]
fn symbolic_link_inside_the_project_is_read() {
    let p = base(&[("data/v.json", JSON_VENDOR)]);
    symlink("../data/v.json", p.path().join("vendors/in.json"));
    let (out, report) = check(&p);
    accepted("link within the project", &out, &report);
    assert_eq!(outcome(&report, "jay", "base/R1.uptime"), "pass");
}

#[test]
fn dangling_symbolic_links() {
    let p = base(&[]);
    symlink(
        "/nonexistent/skykrav/gone.json",
        p.path().join("vendors/gone.json"),
    );
    symlink("missing.krav", p.path().join("policies/missing.krav"));
    symlink("nowhere", p.path().join("vendors/nowhere"));
    let (out, report) = check(&p);
    let codes = error_codes(&report);
    assert!(
        (out.code == 0 && codes.is_empty())
            || (out.code == 2 && !codes.is_empty() && codes.iter().all(|c| c == "K3001")),
        "a dangling link is skipped or an I/O error (K3001), got exit {} {codes:?}\n{}",
        out.code,
        pretty(&report)
    );
    if out.code == 0 {
        assert_eq!(outcome(&report, "acme", "base/R1.uptime"), "pass");
    }
}

// ---------------------------------------------------------------------------
// 10.–11. YAML anchors and aliases.

#[test]
fn yaml_alias_bomb_is_refused_fast() {
    let mut yaml = String::from("id: bomb\nname: Bomb\nlol0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..=12 {
        let prev = format!("*a{}", i - 1);
        let list = [prev.as_str(); 10].join(",");
        yaml.push_str(&format!("lol{i}: &a{i} [{list}]\n"));
    }
    yaml.push_str("facts:\n  audit:\n    certs: *a12\n");
    let p = base(&[("vendors/bomb.yaml", &yaml)]);
    let (out, _) = refuses("billion laughs", &p, "K3007");
    assert!(
        out.elapsed < Duration::from_secs(5),
        "an alias bomb must be refused at once, took {:?}",
        out.elapsed
    );
}

#[test]
fn yaml_anchors_aliases_and_tags_are_refused() {
    for (what, yaml, line) in [
        (
            "anchor used once",
            "id: why\nname: &n Why\nfacts:\n  owner:\n    name: *n\n",
            2,
        ),
        (
            "anchor never used",
            "id: why\nname: Why\nfacts:\n  owner:\n    name: &n Jane\n",
            5,
        ),
        (
            "alias without an anchor",
            "id: why\nname: Why\nfacts:\n  owner:\n    name: *n\n",
            5,
        ),
        (
            "merge key",
            "id: why\nname: Why\nbase: &b {sla: {uptime: 99.95}}\nfacts:\n  <<: *b\n",
            3,
        ),
        (
            "tag",
            "id: why\nname: Why\nfacts:\n  owner:\n    name: !!str Jane\n",
            5,
        ),
    ] {
        let p = base(&[("vendors/why.yaml", yaml)]);
        let (_, report) = refuses(what, &p, "K3007");
        let d = the_error(&report, "K3007");
        assert_eq!(d["file"], "vendors/why.yaml", "{what}: {d}");
        assert_eq!(line_of(d), Some(line), "{what}: {d}");
    }
}

// ---------------------------------------------------------------------------
// 12. Data nested absurdly deep.

/// Asserts that a too-deep data file is refused with K3009 (or K3007, when
/// the format's own parser stops first).
fn refused_too_deep(what: &str, name: &str, text: &str) {
    let p = base(&[(name, text)]);
    let (out, report) = check(&p);
    assert_eq!(out.code, 2, "{what}: {}", pretty(&report));
    let codes = error_codes(&report);
    assert!(
        codes.iter().any(|c| c == "K3009" || c == "K3007"),
        "{what}: expected K3009 (or K3007), got {codes:?}\n{}",
        pretty(&report)
    );
}

#[test]
fn json_nested_100_000_deep() {
    let deep = 100_000;
    let arrays = format!(
        "{{\"id\": \"jay\", \"name\": \"Jay\", \"facts\": {{\"data\": {{\"nested\": {}{}}}}}}}",
        "[".repeat(deep),
        "]".repeat(deep)
    );
    let p = base(&[("vendors/jay.json", &arrays)]);
    refuses("JSON arrays 100,000 deep", &p, "K3009");

    let objects = format!("{}1{}", "{\"a\": ".repeat(deep), "}".repeat(deep));
    let p = base(&[("vendors/jay.json", &objects)]);
    refuses("JSON objects 100,000 deep", &p, "K3009");

    // Unclosed: the depth limit is met before the end of the file.
    let unclosed = "[".repeat(deep);
    let p = base(&[("vendors/jay.json", &unclosed)]);
    let (out, report) = check(&p);
    assert_eq!(out.code, 2);
    let codes = error_codes(&report);
    assert!(
        codes.iter().any(|c| c == "K3009" || c == "K3007"),
        "{codes:?}"
    );
}

#[test]
fn json_depth_limit_is_128_counting_the_outermost() {
    // Object (1), facts (2), data (3), then n arrays: 3 + n levels.
    let vendor = |n: usize| {
        format!(
            "{{\"id\": \"jay\", \"name\": \"Jay\", \"facts\": {{\"data\": {{\"nested\": {}{}}}}}}}",
            "[".repeat(n),
            "]".repeat(n)
        )
    };
    // 128 levels: not too deep (only the wrong type, since a list<list<int>>
    // holds two levels).
    let p = base(&[("vendors/jay.json", &vendor(125))]);
    let (out, report) = check(&p);
    assert_eq!(out.code, 2);
    assert_eq!(error_codes(&report), ["K1016"], "{}", pretty(&report));
    // 129 levels: too deep.
    let p = base(&[("vendors/jay.json", &vendor(126))]);
    let (_, report) = refuses("JSON 129 deep", &p, "K3009");
    assert!(!error_codes(&report).contains(&"K1016".to_string()));
}

#[test]
fn yaml_nested_100_000_deep() {
    let deep = 100_000;
    let flow = format!(
        "id: why\nname: Why\nfacts:\n  data:\n    nested: {}{}\n",
        "[".repeat(deep),
        "]".repeat(deep)
    );
    refused_too_deep(
        "YAML flow sequences 100,000 deep",
        "vendors/why.yaml",
        &flow,
    );

    let flow_maps = format!("{}1{}", "{a: ".repeat(deep), "}".repeat(deep));
    refused_too_deep(
        "YAML flow mappings 100,000 deep",
        "vendors/why.yaml",
        &flow_maps,
    );

    // Block sequences, all on one line: `- - - - … 1`.
    let block = format!("{}1\n", "- ".repeat(deep));
    refused_too_deep(
        "YAML block sequences 100,000 deep",
        "vendors/why.yaml",
        &block,
    );
}

#[test]
fn toml_nested_10_000_deep() {
    let deep = 10_000;
    let arrays = format!(
        "id = \"tee\"\nname = \"Tee\"\n\n[facts.data]\nnested = {}{}\n",
        "[".repeat(deep),
        "]".repeat(deep)
    );
    refused_too_deep("TOML arrays 10,000 deep", "vendors/tee.toml", &arrays);

    let tables = format!(
        "id = \"tee\"\nname = \"Tee\"\nfacts = {}1{}\n",
        "{ a = ".repeat(deep),
        " }".repeat(deep)
    );
    refused_too_deep(
        "TOML inline tables 10,000 deep",
        "vendors/tee.toml",
        &tables,
    );

    let dotted = format!(
        "id = \"tee\"\nname = \"Tee\"\n\n[facts]\n{} = 1\n",
        vec!["a"; deep].join(".")
    );
    refused_too_deep("TOML dotted key 10,000 deep", "vendors/tee.toml", &dotted);

    let header = format!(
        "id = \"tee\"\nname = \"Tee\"\n\n[facts.{}]\nx = 1\n",
        vec!["a"; deep].join(".")
    );
    refused_too_deep("TOML table header 10,000 deep", "vendors/tee.toml", &header);
}

// ---------------------------------------------------------------------------
// 13. A file larger than 16 MiB.

#[test]
fn file_larger_than_16_mib() {
    let p = base(&[]);
    p.write_bytes("vendors/big.json", &vec![b' '; 17 << 20]);
    let (_, report) = refuses("17 MiB of spaces", &p, "K3011");
    let d = the_error(&report, "K3011");
    assert_eq!(d["file"], "vendors/big.json", "{d}");

    // One byte over the limit, in a .krav file.
    let p = base(&[]);
    let mut text = ACME.as_bytes().to_vec();
    text.resize((16 << 20) + 1, b'\n');
    p.write_bytes(VENDOR_FILE, &text);
    refuses("16 MiB + 1 byte", &p, "K3011");

    // Exactly at the limit: read.
    let p = base(&[]);
    let mut text = JSON_VENDOR.as_bytes().to_vec();
    text.resize(16 << 20, b' ');
    p.write_bytes("vendors/jay.json", &text);
    let (out, report) = check(&p);
    accepted("exactly 16 MiB", &out, &report);
    assert_eq!(out.code, 0);
    assert_eq!(outcome(&report, "jay", "base/R1.uptime"), "pass");
}

// ---------------------------------------------------------------------------
// 14. Globs that leave the project.

/// A folder holding `proj/` (the base project) and `shared/v.json`.
fn project_with_sibling(config: &str) -> TempProject {
    project(&[
        ("proj/policies/schema.krav", SCHEMA),
        ("proj/policies/policy.krav", POLICY),
        ("proj/vendors/acme.krav", ACME),
        ("proj/skykrav.toml", config),
        ("shared/v.json", JSON_VENDOR),
    ])
}

#[test]
fn globs_that_leave_the_project_folder() {
    let config = "vendors = [\"vendors/**/*.krav\", \"../shared/*.json\"]\n";
    let top = project_with_sibling(config);
    let (out, report) = check_dir(&top.path().join("proj"), &[]);
    let d = refused("glob with ..", &out, &report, "K3006");
    assert_eq!(d["file"], "skykrav.toml", "{d}");
    assert_eq!(line_of(d), Some(1), "{d}");

    let absolute = format!(
        "vendors = [\"vendors/**/*.krav\", \"{}/*.json\"]\n",
        top.path().join("shared").display()
    );
    std::fs::write(top.path().join("proj/skykrav.toml"), &absolute).unwrap();
    let (out, report) = check_dir(&top.path().join("proj"), &[]);
    refused("absolute glob", &out, &report, "K3006");

    // `..` hidden in the middle of a pattern.
    std::fs::write(
        top.path().join("proj/skykrav.toml"),
        "vendors = [\"vendors/../../shared/*.json\"]\n",
    )
    .unwrap();
    let (out, report) = check_dir(&top.path().join("proj"), &[]);
    refused("glob with .. in the middle", &out, &report, "K3006");

    // Allowed on purpose.
    std::fs::write(
        top.path().join("proj/skykrav.toml"),
        format!("allow_outside_project = true\n{config}"),
    )
    .unwrap();
    let (out, report) = check_dir(&top.path().join("proj"), &[]);
    accepted("glob with .., allowed", &out, &report);
    assert_eq!(out.code, 0, "{}", pretty(&report));
    assert_eq!(outcome(&report, "jay", "base/R1.uptime"), "pass");
    assert_eq!(outcome(&report, "acme", "base/R1.uptime"), "pass");
}

// ---------------------------------------------------------------------------
// 15. Literals out of range.

#[test]
fn literals_out_of_range_in_krav() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "int over i64",
            "audit.reports = 99999999999999999999",
            "K0007",
        ),
        (
            "int one over i64",
            "audit.reports = 9223372036854775808",
            "K0007",
        ),
        (
            "duration overflowing",
            "incident.notify = 999999999999999w",
            "K0007",
        ),
        (
            "duration in minutes over i64",
            "incident.notify = 9223372036854775808m",
            "K0007",
        ),
        (
            "number with 40 digits",
            "audit.price = 1234567890123456789012345678901234567890",
            "K0007",
        ),
        (
            "decimal with 40 digits",
            "audit.price = 1234567890.123456789012345678901234567890",
            "K0007",
        ),
        (
            "percent with 40 digits",
            "sla.uptime = 99.12345678901234567890123456789012345678%",
            "K0007",
        ),
        ("date year 0", "audit.checked = 0000-01-01", "K0005"),
        ("date year 10000", "audit.checked = 10000-01-01", "K0005"),
        ("date day 0", "audit.checked = 2026-01-00", "K0005"),
    ];
    for &(what, statement, code) in cases {
        // The statement replaces the uptime line, so each case has one fact.
        let vendor =
            format!("vendor acme \"Acme Cloud\" {{\n  as_of 2026-10-01\n  {statement}\n}}\n");
        let p = base(&[(VENDOR_FILE, &vendor)]);
        let (_, report) = refuses(what, &p, code);
        let d = errors(&report)
            .into_iter()
            .find(|d| d["code"] == code)
            .unwrap();
        assert_eq!(line_of(d), Some(3), "{what}: {d}");
    }
    // And in a policy.
    for (what, expr, code) in [
        (
            "int over i64 in a policy",
            "audit.reports < 99999999999999999999",
            "K0007",
        ),
        (
            "duration overflowing in a policy",
            "incident.notify < 999999999999999w",
            "K0007",
        ),
        (
            "date year 0 in a policy",
            "audit.checked > 0000-01-01",
            "K0005",
        ),
        (
            "date year 10000 in a policy",
            "audit.checked < 10000-01-01",
            "K0005",
        ),
    ] {
        let p = base(&[(POLICY_FILE, &requiring(expr))]);
        let (_, report) = refuses(what, &p, code);
        let d = errors(&report)
            .into_iter()
            .find(|d| d["code"] == code)
            .unwrap();
        assert_eq!(line_of(d), Some(4), "{what}: {d}");
    }
}

#[test]
fn literals_at_the_edge_of_their_range_are_accepted() {
    for statement in [
        "audit.reports = 9223372036854775807",
        "audit.price = 1234567890123456789.012345678",
        "audit.checked = 0001-01-01",
        "audit.checked = 9999-12-31",
        "incident.notify = 9223372036854775807m",
    ] {
        let p = base(&[(VENDOR_FILE, &vendor_stating(statement))]);
        let (out, report) = check(&p);
        accepted(statement, &out, &report);
        assert_eq!(out.code, 0, "{statement}");
    }
}

// ---------------------------------------------------------------------------
// 16. Numbers in data files that do not fit an int.

#[test]
fn json_int_fact_with_values_that_are_not_ints() {
    for (what, value) in [
        ("exponent overflowing a double", "1e400"),
        ("exponent", "1e2"),
        ("fraction", "1.0"),
        ("huge integer", "99999999999999999999"),
        ("one over i64", "9223372036854775808"),
        ("one under i64", "-9223372036854775809"),
        ("huge negative exponent", "1e-400"),
    ] {
        let json = format!(
            "{{\n  \"id\": \"jay\",\n  \"name\": \"Jay\",\n  \"facts\": {{\n    \"audit\": {{\"reports\": {value}}}\n  }}\n}}\n"
        );
        let p = base(&[("vendors/jay.json", &json)]);
        let (_, report) = refuses(what, &p, "K1016");
        let d = the_error(&report, "K1016");
        // the message names the key path
        assert_has(d["message"].as_str().unwrap(), "audit.reports");
        assert_eq!(line_of(d), Some(5), "{what}: {d}");
    }
}

#[test]
fn json_int_fact_at_the_edges_is_accepted() {
    // `-0` is a whole number, written with a sign that data files allow.
    for (value, expr) in [
        ("-0", "audit.reports == 0"),
        (
            "9223372036854775807",
            "audit.reports == 9223372036854775807",
        ),
        ("-9223372036854775808", "audit.reports < 0"),
    ] {
        let json = format!("{{\"id\": \"jay\", \"name\": \"Jay\", \"facts\": {{\"audit\": {{\"reports\": {value}}}}}}}");
        let p = base(&[("vendors/jay.json", &json), (POLICY_FILE, &requiring(expr))]);
        let (out, report) = check(&p);
        accepted(value, &out, &report);
        assert_eq!(outcome(&report, "jay", "base/R1.uptime"), "pass", "{value}");
    }
}

#[test]
fn number_and_percent_facts_refuse_exponents_in_data() {
    for (what, facts, path) in [
        (
            "number 1e400",
            "\"audit\": {\"price\": 1e400}",
            "audit.price",
        ),
        (
            "percent 1e400",
            "\"sla\": {\"uptime\": 1e400}",
            "sla.uptime",
        ),
        (
            "number with 40 digits",
            "\"audit\": {\"price\": 1234567890.123456789012345678901234567890}",
            "audit.price",
        ),
        (
            "list element 1.5",
            "\"data\": {\"nested\": [[1, 1.5]]}",
            "data.nested[0][1]",
        ),
    ] {
        let json = format!("{{\"id\": \"jay\", \"name\": \"Jay\", \"facts\": {{{facts}}}}}");
        let p = base(&[("vendors/jay.json", &json)]);
        let (_, report) = refuses(what, &p, "K1016");
        let d = the_error(&report, "K1016");
        // the message names
        assert_has(d["message"].as_str().unwrap(), path);
    }
}

// ---------------------------------------------------------------------------
// 17. Escapes in strings.

#[test]
fn bad_unicode_escapes() {
    for (what, literal) in [
        ("surrogate", r#""\u{d800}""#),
        ("low surrogate", r#""\u{DFFF}""#),
        ("beyond Unicode", r#""\u{110000}""#),
        ("empty", r#""\u{}""#),
        ("seven digits", r#""\u{1234567}""#),
        ("no braces", r#""\u0041""#),
        ("not hex", r#""\u{zz}""#),
    ] {
        let p = base(&[(
            VENDOR_FILE,
            &vendor_stating(&format!("owner.name = {literal}")),
        )]);
        let (_, report) = refuses(what, &p, "K0004");
        let d = the_error(&report, "K0004");
        assert_eq!(line_of(d), Some(3), "{what}: {d}");
    }
}

#[test]
fn escape_at_the_very_end() {
    // A backslash as the last byte of the file: the string never closes.
    let p = base(&[]);
    p.write_bytes(
        VENDOR_FILE,
        b"vendor acme \"Acme Cloud\" {\n  owner.name = \"abc\\",
    );
    let (_, report) = refuses("backslash at the end of the file", &p, "K0003");
    let d = the_error(&report, "K0003");
    assert_eq!(line_of(d), Some(2), "{d}");

    // A backslash before a CRLF line end.
    let p = base(&[]);
    p.write_bytes(
        VENDOR_FILE,
        b"vendor acme \"Acme Cloud\" {\r\n  owner.name = \"abc\\\r\n\"\r\n}\r\n",
    );
    let (_, report) = refuses("backslash before CRLF", &p, "K0003");
    let d = the_error(&report, "K0003");
    assert_eq!(line_of(d), Some(2), "{d}");

    // A `\u{` cut by the end of the file.
    for tail in [&b"\\u{"[..], b"\\u{4", b"\\u", b"\\"] {
        let p = base(&[]);
        let mut bytes = b"vendor acme \"Acme Cloud\" {\n  owner.name = \"abc".to_vec();
        bytes.extend_from_slice(tail);
        p.write_bytes(VENDOR_FILE, &bytes);
        let (out, report) = check(&p);
        assert_eq!(out.code, 2, "{}", pretty(&report));
        let codes = error_codes(&report);
        assert!(
            codes.iter().any(|c| c == "K0003" || c == "K0004"),
            "{:?}: {codes:?}",
            String::from_utf8_lossy(tail)
        );
    }

    // The same escape in a policy string (a `help`), at the end of the file.
    let p = base(&[]);
    p.write_bytes(
        POLICY_FILE,
        b"policy base \"Baseline\" {\n  requirement R1.uptime \"U\" {\n    severity high\n    require sla.uptime >= 99.9%\n    help \"x\\",
    );
    refuses("backslash at the end of a policy", &p, "K0003");
}

#[test]
fn escape_at_the_end_of_a_line() {
    // A backslash at the end of a line, and a `"` on the next: the escaped
    // line feed does not continue the string, so the string on line 2 is
    // unterminated (K0003), as it is when the next line holds no `"`.
    for (what, bytes) in [
        (
            "next line holds a quote",
            &b"vendor acme \"Acme Cloud\" {\n  owner.name = \"abc\\\n\"\n}\n"[..],
        ),
        (
            "next line holds no quote",
            &b"vendor acme \"Acme Cloud\" {\n  owner.name = \"abc\\\n}\n"[..],
        ),
        (
            "next line closes a string of its own",
            &b"vendor acme \"Acme Cloud\" {\n  owner.name = \"abc\\\n  \" = 1\n}\n"[..],
        ),
    ] {
        let p = base(&[]);
        p.write_bytes(VENDOR_FILE, bytes);
        let (_, report) = refuses(what, &p, "K0003");
        let d = the_error(&report, "K0003");
        assert_eq!(line_of(d), Some(2), "{what}: {d}");
        assert_eq!(d["column"].as_u64(), Some(16), "{what}: {d}");
    }
}

// ---------------------------------------------------------------------------
// 18. A very large policy.

#[test]
fn ten_thousand_requirements_in_one_policy() {
    let mut policy = String::from("policy base \"Baseline\" {\n");
    for i in 0..10_000 {
        policy.push_str(&format!(
            "  requirement R{i} \"Requirement {i}\" {{\n    severity low\n    require sla.uptime >= {}.{}%\n  }}\n",
            i % 100,
            i % 10
        ));
    }
    policy.push_str("}\n");
    let p = base(&[(POLICY_FILE, &policy)]);
    let (out, report) = check(&p);
    accepted("10,000 requirements", &out, &report);
    assert_eq!(out.code, 0);
    assert_eq!(report["results"].as_array().unwrap().len(), 10_000);
    assert_eq!(report["summary"]["pass"], 10_000);
    assert!(
        out.elapsed < Duration::from_secs(10),
        "10,000 requirements took {:?}",
        out.elapsed
    );
    // The human report of the same project is quick too.
    let human = run(&["check", p.arg(), "--today", TODAY]);
    assert_eq!(human.code, 0, "{}", tail(&human.stderr));
}

// ---------------------------------------------------------------------------
// 19. A vendor id declared twice, across formats.

#[test]
fn vendor_id_repeated_across_krav_and_json() {
    let json = r#"{"id": "acme", "name": "Acme again", "facts": {"sla": {"uptime": 99.95}}}"#;
    let p = base(&[("vendors/acme.json", json)]);
    let (_, report) = refuses("acme in .krav and .json", &p, "K1002");
    let d = the_error(&report, "K1002");
    assert_has(d["message"].as_str().unwrap(), "acme");

    // And across YAML and TOML.
    let p = base(&[
        ("vendors/a.yaml", "id: dup\nname: Dup\n"),
        ("vendors/b.toml", "id = \"dup\"\nname = \"Dup\"\n"),
    ]);
    refuses("dup in .yaml and .toml", &p, "K1002");

    // And twice in one JSON array.
    let p = base(&[(
        "vendors/two.json",
        r#"[{"id": "dup", "name": "A"}, {"id": "dup", "name": "B"}]"#,
    )]);
    refuses("dup twice in one array", &p, "K1002");
}

// ---------------------------------------------------------------------------
// 20. Deeply nested `.krav`.

#[test]
fn deeply_nested_krav() {
    let deep = 10_000;
    for (what, file, text) in [
        (
            "10,000 parentheses",
            POLICY_FILE,
            requiring(&format!(
                "{}sla.uptime >= 99.9%{}",
                "(".repeat(deep),
                ")".repeat(deep)
            )),
        ),
        (
            "not 10,000 deep",
            POLICY_FILE,
            requiring(&format!("{}sla.uptime >= 99.9%", "not ".repeat(deep))),
        ),
        (
            "10,000 unclosed parentheses",
            POLICY_FILE,
            requiring(&"(".repeat(deep)),
        ),
        (
            "list literal 10,000 deep in a vendor",
            VENDOR_FILE,
            vendor_stating(&format!(
                "data.nested = {}1{}",
                "[".repeat(deep),
                "]".repeat(deep)
            )),
        ),
        (
            "record literal 10,000 deep in a vendor",
            VENDOR_FILE,
            vendor_stating(&format!(
                "owner.name = {}1{}",
                "{ a = ".repeat(deep),
                " }".repeat(deep)
            )),
        ),
        (
            "groups 10,000 deep in a schema",
            "policies/deep.krav",
            format!(
                "schema deep {{\n{} fact x: int {}\n}}\n",
                "group g { ".repeat(deep),
                "} ".repeat(deep)
            ),
        ),
        (
            "blocks 10,000 deep in a vendor",
            VENDOR_FILE,
            vendor_stating(&format!(
                "{} x = 1 {}",
                "sla { ".repeat(deep),
                "} ".repeat(deep)
            )),
        ),
        (
            "minus signs 10,000 deep",
            POLICY_FILE,
            requiring(&format!("audit.reports > {}1", "-".repeat(deep))),
        ),
    ] {
        let p = base(&[(file, &text)]);
        let (out, report) = check(&p);
        assert_eq!(out.code, 2, "{what}: {}", pretty(&report));
        let codes = error_codes(&report);
        if what.contains("minus") {
            // A sign is no operator: a syntax error, not a depth problem.
            assert!(codes.iter().any(|c| c == "K0001"), "{what}: {codes:?}");
        } else {
            assert!(
                codes.iter().any(|c| c == "K3009"),
                "{what}: expected K3009, got {codes:?}\n{}",
                pretty(&report)
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 21. TOML date-times where a date is expected.

#[test]
fn toml_date_time_for_a_date_fact() {
    for (what, value) in [
        ("offset date-time", "2026-01-01T10:00:00Z"),
        ("local date-time", "2026-01-01T10:00:00"),
        ("local time", "10:00:00"),
        ("date-time with a space", "2026-01-01 10:00:00+01:00"),
    ] {
        let toml = format!("id = \"tee\"\nname = \"Tee\"\n\n[facts.audit]\nchecked = {value}\n");
        let p = base(&[("vendors/tee.toml", &toml)]);
        let (_, report) = refuses(what, &p, "K1016");
        let d = the_error(&report, "K1016");
        assert_has(d["message"].as_str().unwrap(), "audit.checked");
        assert_eq!(line_of(d), Some(5), "{what}: {d}");
    }
    // A native date is fine.
    let toml = "id = \"tee\"\nname = \"Tee\"\n\n[facts.audit]\nchecked = 2026-01-01\n";
    let p = base(&[("vendors/tee.toml", toml)]);
    let (out, report) = check(&p);
    accepted("TOML date", &out, &report);
}

// ---------------------------------------------------------------------------
// 22. Empty files.

#[test]
fn empty_files() {
    // An empty `.krav` holds no item: nothing wrong with it.
    for text in ["", "\n", "   \n\t\n", "// only a comment"] {
        let p = base(&[("policies/empty.krav", text)]);
        let (out, report) = check(&p);
        accepted("empty .krav", &out, &report);
        assert_eq!(out.code, 0);
    }
    for (what, name, text, codes) in [
        ("empty JSON", "vendors/e.json", "", &["K3007"][..]),
        ("JSON of spaces", "vendors/e.json", "  \n ", &["K3007"][..]),
        ("JSON null", "vendors/e.json", "null", &["K3008"][..]),
        ("empty YAML", "vendors/e.yaml", "", &["K3007", "K3008"][..]),
        (
            "YAML comment only",
            "vendors/e.yaml",
            "# nothing\n",
            &["K3007", "K3008"][..],
        ),
        (
            "YAML document marker only",
            "vendors/e.yaml",
            "---\n",
            &["K3007", "K3008"][..],
        ),
        ("empty TOML", "vendors/e.toml", "", &["K3008"][..]),
    ] {
        let p = base(&[(name, text)]);
        let (out, report) = check(&p);
        assert_eq!(out.code, 2, "{what}: {}", pretty(&report));
        let got = error_codes(&report);
        assert!(
            got.iter().any(|c| codes.contains(&c.as_str())),
            "{what}: expected one of {codes:?}, got {got:?}\n{}",
            pretty(&report)
        );
        let d = errors(&report)
            .into_iter()
            .find(|d| codes.contains(&d["code"].as_str().unwrap()))
            .unwrap();
        assert_eq!(d["file"], name, "{what}: {d}");
    }
}

// ---------------------------------------------------------------------------
// 23. A broken skykrav.toml.

#[test]
fn skykrav_toml_that_is_not_toml_or_has_wrong_kinds() {
    for (what, text, code) in [
        ("not TOML", "this is = not [ toml\n", "K3003"),
        ("JSON instead", "{\"fail_on\": \"high\"}\n", "K3003"),
        ("fail_on a number", "fail_on = 7\n", "K3003"),
        (
            "policies a string",
            "policies = \"policies/*.krav\"\n",
            "K3003",
        ),
        (
            "allow_outside_project a string",
            "allow_outside_project = \"yes\"\n",
            "K3003",
        ),
        (
            "key twice",
            "fail_on = \"high\"\nfail_on = \"low\"\n",
            "K3003",
        ),
        ("fail_on info", "fail_on = \"info\"\n", "K3005"),
        (
            "today a date-time",
            "today = 2026-11-27T10:00:00Z\n",
            "K3005",
        ),
        ("unknown key", "fail_onn = \"high\"\n", "K3004"),
    ] {
        let p = base(&[("skykrav.toml", text)]);
        let (_, report) = refuses(what, &p, code);
        let d = errors(&report)
            .into_iter()
            .find(|d| d["code"] == code)
            .unwrap();
        assert_eq!(d["file"], "skykrav.toml", "{what}: {d}");
    }
}

#[test]
fn skykrav_toml_today_of_the_wrong_kind() {
    // Section 12: "a key whose value has the wrong kind (a string where an
    // array is expected, say), is K3003. A value of the right kind that is
    // not acceptable is K3005." `today` takes a string or a TOML date; a
    // number or a bool is the wrong kind.
    for (what, text) in [
        ("today a number", "today = 20261127\n"),
        ("today a bool", "today = true\n"),
        ("today an array", "today = [\"2026-11-27\"]\n"),
    ] {
        let p = base(&[("skykrav.toml", text)]);
        let (_, report) = refuses(what, &p, "K3003");
        let d = the_error(&report, "K3003");
        assert_eq!(d["file"], "skykrav.toml", "{what}: {d}");
    }
}

// ---------------------------------------------------------------------------
// 24. No project.

#[test]
fn project_folder_missing_or_a_file() {
    let p = base(&[]);
    let missing = p.path().join("does-not-exist");
    let (out, report) = check_dir(&missing, &[]);
    refused("missing folder", &out, &report, "K3010");

    let file = p.path().join(POLICY_FILE);
    let (out, report) = check_dir(&file, &[]);
    refused("a file, not a folder", &out, &report, "K3010");

    // A folder with no files the patterns find.
    let empty = project(&[("README.md", "nothing here")]);
    let (out, report) = check(&empty);
    refused("empty folder", &out, &report, "K3010");

    // The human format says it on standard error, with the code.
    let human = run(&["check", missing.to_str().unwrap(), "--today", TODAY]);
    assert_eq!(human.code, 2);
    assert_has(&human.stderr, "K3010");
    assert!(human.stdout.is_empty(), "{}", human.stdout);
}

// ---------------------------------------------------------------------------
// 25. Writing the report.

#[test]
fn output_into_a_folder_that_does_not_exist() {
    let p = base(&[]);
    let target = p.path().join("no/such/folder/report.json");
    let out = run(&[
        "check",
        p.arg(),
        "--format",
        "json",
        "--today",
        TODAY,
        "--output",
        target.to_str().unwrap(),
    ]);
    assert_eq!(
        out.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert_has(&out.stderr, "K3001");
    assert!(!target.exists());
    assert!(!p.path().join("no").exists(), "no folder is created");

    // A folder where the file should be.
    let dir = p.path().join("a-folder");
    std::fs::create_dir(&dir).unwrap();
    let out = run(&[
        "check",
        p.arg(),
        "--today",
        TODAY,
        "--output",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.code, 2,
        "stdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert_has(&out.stderr, "K3001");
    assert!(dir.is_dir());
}

#[test]
fn a_write_failing_half_way_keeps_the_old_file() {
    // A vendor that fails, so that every format has more than 10 bytes to
    // write (a passing project gives an empty `github` report).
    let p = base(&[(
        "vendors/low.krav",
        "vendor low \"Low\" {\n  sla.uptime = 99.0%\n}\n",
    )]);
    let out_dir = project(&[("report.json", "old content")]);
    let target = out_dir.path().join("report.json");
    for format in [
        "json", "human", "sarif", "junit", "markdown", "github", "gitlab",
    ] {
        let out = run_env(
            &[
                "check",
                p.arg(),
                "--format",
                format,
                "--today",
                TODAY,
                "--output",
                target.to_str().unwrap(),
            ],
            &[("SKYKRAV_TEST_FAIL_WRITE_AFTER", "10")],
        );
        assert_eq!(
            out.code, 2,
            "{format}: a failed write is exit 2\nstdout:\n{}\nstderr:\n{}",
            out.stdout, out.stderr
        );
        assert_has(&out.stderr, "K3001");
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "old content",
            "{format}: the old report must stay intact"
        );
        let left: Vec<String> = std::fs::read_dir(out_dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            left,
            ["report.json"],
            "{format}: a temporary file was left behind"
        );
    }
    // Without the fault, the report replaces the old file.
    let out = run(&[
        "check",
        p.arg(),
        "--format",
        "json",
        "--today",
        TODAY,
        "--output",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["summary"]["pass"], 1);
    assert_eq!(written["summary"]["fail"], 1);
}

#[test]
fn a_write_failing_half_way_with_invalid_input_keeps_the_old_file() {
    // Invalid input with `--format json` still writes a report; when that
    // write fails, the old file stays.
    let p = base(&[(VENDOR_FILE, "vendor acme {\n")]);
    let out_dir = project(&[("report.json", "old content")]);
    let target = out_dir.path().join("report.json");
    let out = run_env(
        &[
            "check",
            p.arg(),
            "--format",
            "json",
            "--today",
            TODAY,
            "--output",
            target.to_str().unwrap(),
        ],
        &[("SKYKRAV_TEST_FAIL_WRITE_AFTER", "10")],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old content");
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 1);
}

// ---------------------------------------------------------------------------
// 26. Determinism.

/// A project with something of everything: several formats and folders,
/// a pass, a fail, an unknown, an n/a, a waiver, a stale fact, a test, and
/// text that every output format must escape.
fn rich_files() -> Vec<(&'static str, String)> {
    let schema = format!(
        "{SCHEMA}schema extra \"More\" {{\n  record Sub {{\n    name: string \"Name\"\n    country: Region \"Where\"\n  }}\n  group subs {{\n    fact list: list<Sub> \"Sub-processors\"\n  }}\n  group usage {{\n    fact critical: bool \"Work stops without it\"\n  }}\n}}\n"
    );
    let policy = r#"policy base "Baseline <&> \"quoted\"" {
  description "Checks: 100% of <them> & more, a:b, c\nd"
  define eu = all s in subs.list: s.country in [EU, EEA]

  requirement R1.uptime "Guaranteed uptime meets our need" {
    severity high
    when usage.critical
    require sla.uptime >= 99.9%
    help "Ask for 99.9% <at least> & \"more\"; see ::error:: %0A"
  }
  requirement R2.subs "Sub-processors stay in the EU" {
    severity medium
    require eu
  }
  requirement R3.owner "Someone owns it" {
    severity low
    require present(owner.name) and owner.name != ""
  }
  requirement R4.audit "Audited within a year" {
    severity critical
    require audit.checked within 365d
    require audit.certs contains "ISO27001"
  }
  requirement R5.info "Informational" {
    severity info
    require count(audit.certs) >= 2
  }
}
"#
    .to_string();
    let waivers = r#"waiver "Accepted: <risk> & co" {
  vendor beta
  requirement base/R1.uptime
  expires 2027-03-31
  approved_by "CFO Anne Kjær"
  reason "No alternative; weekly copy. 100%"
}
waiver "Expired" {
  vendor alpha
  requirement base/R3.owner
  expires 2026-01-01
  approved_by "CIO"
  reason "old"
}
"#
    .to_string();
    let tests = r#"test "uptime fails when low" {
  vendor {
    usage.critical = true
    sla.uptime = 99.0%
  }
  expect base/R1.uptime fail
}
"#
    .to_string();
    let alpha = r#"vendor alpha "Alpha <Cloud> & Søn" {
  as_of 2026-10-01
  usage.critical = true
  sla.uptime = 99.95%  source "https://example.com/sla?a=1&b=<2>"
  owner.name = "Jane \"JJ\" Jensen, ::warning:: 50%"
  subs.list = [
    { name = "Sub EU", country = EU },
    { name = "Sub US", country = US },
  ]
  audit.checked = 2026-01-15
  audit.certs = ["ISO27001"]  expires 2026-06-30
}
"#
    .to_string();
    let beta = r#"{
  "id": "beta",
  "name": "Beta ✓ ÆØÅ 🚀",
  "as_of": "2026-09-15",
  "facts": {
    "usage.critical": true,
    "sla": {"uptime": "99.5%"},
    "subs": {"list": [{"name": "X", "country": "EEA"}]},
    "audit": {"certs": {"value": ["ISO27001", "SOC2"], "source": "trust <page>"}}
  }
}
"#
    .to_string();
    let gamma = "id: gamma\nname: \"Gamma: line\\nbreak\"\nfacts:\n  usage:\n    critical: false\n  owner:\n    name: \"\"\n".to_string();
    let delta = "id = \"delta\"\nname = \"Delta\"\nas_of = 2026-07-01\n\n[facts]\n\"owner.name\" = \"Ole\"\n\n[facts.audit]\nchecked = 2026-11-01\ncerts = [\"ISO27001\", \"SOC2\"]\n".to_string();
    let empty = "vendor empty \"States nothing\" {\n}\n".to_string();
    let more = r#"[
  {"id": "zeta", "name": "Zeta", "facts": {"sla.uptime": 100, "usage": {"critical": true}}},
  {"id": "eta", "name": "Eta"}
]
"#
    .to_string();
    vec![
        (
            "skykrav.toml",
            "fail_on = \"medium\"\nmax_fact_age = \"730d\"\n".to_string(),
        ),
        ("policies/schema.krav", schema),
        ("policies/policy.krav", policy),
        ("policies/waivers.krav", waivers),
        ("tests/t.krav", tests),
        ("vendors/alpha.krav", alpha),
        ("vendors/beta.json", beta),
        ("vendors/gamma.yaml", gamma),
        ("vendors/sub/delta.toml", delta),
        ("vendors/empty.krav", empty),
        ("vendors/sub/deeper/more.json", more),
        ("vendors/notes.txt", "not a vendor".to_string()),
    ]
}

/// Writes `files` into a new temporary folder, in the given order.
fn write_in_order(files: &[(&str, String)]) -> TempProject {
    let p = project(&[]);
    for (name, text) in files {
        p.write_bytes(name, text.as_bytes());
    }
    p
}

/// A fixed shuffle (a small linear congruential generator), so that a
/// failure can be repeated.
fn shuffled<T: Clone>(items: &[T], mut seed: u64) -> Vec<T> {
    let mut v = items.to_vec();
    for i in (1..v.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (seed >> 33) as usize % (i + 1);
        v.swap(i, j);
    }
    v
}

#[test]
fn output_is_the_same_bytes_whatever_the_order_threads_zone_and_locale() {
    let files = rich_files();
    let mut reversed = files.clone();
    reversed.reverse();
    let projects = [
        write_in_order(&files),
        write_in_order(&shuffled(&files, 7)),
        write_in_order(&reversed),
    ];
    let envs: [&[(&str, &str)]; 4] = [
        &[],
        &[("RAYON_NUM_THREADS", "1")],
        &[("RAYON_NUM_THREADS", "2")],
        &[
            ("RAYON_NUM_THREADS", "2"),
            ("TZ", "Pacific/Kiritimati"),
            ("LC_ALL", "C"),
            ("LANG", "C"),
        ],
    ];
    let formats = [
        "human", "json", "sarif", "junit", "markdown", "github", "gitlab",
    ];
    let mut leaks = Vec::new();
    for format in formats {
        let mut first: Option<(String, String, i32)> = None;
        for (pi, p) in projects.iter().enumerate() {
            for (ei, env) in envs.iter().enumerate() {
                let out = run_env(
                    &["check", p.arg(), "--format", format, "--today", TODAY],
                    env,
                );
                assert_eq!(
                    out.code,
                    1,
                    "{format}: the rich project fails (project {pi}, env {ei})\n{}\n{}",
                    head(&out.stdout),
                    tail(&out.stderr)
                );
                if out.stdout.contains(p.arg()) || out.stderr.contains(p.arg()) {
                    leaks.push(format!("{format} (project {pi}, env {ei})"));
                }
                let stdout = out.stdout.replace(p.arg(), "<DIR>");
                let stderr = out.stderr.replace(p.arg(), "<DIR>");
                match &first {
                    None => first = Some((stdout, stderr, out.code)),
                    Some((s0, e0, c0)) => {
                        assert_eq!(
                            out.code, *c0,
                            "{format}: exit differs (project {pi}, env {ei})"
                        );
                        assert!(
                            stdout == *s0,
                            "{format}: output differs for project {pi} written in another order, env {env:?}\n--- first ---\n{}\n--- this ---\n{}",
                            head(s0),
                            head(&stdout)
                        );
                        assert!(
                            stderr == *e0,
                            "{format}: stderr differs (project {pi}, env {ei})"
                        );
                    }
                }
            }
        }
        // Sanity: every format says something.
        assert!(!first.unwrap().0.is_empty(), "{format}: empty report");
    }
    assert!(
        leaks.is_empty(),
        "the temporary project folder's path appears in the output of: {leaks:?}"
    );

    // The `test` command too.
    let mut first: Option<String> = None;
    for p in &projects {
        for env in &envs {
            let out = run_env(&["test", p.arg(), "--today", TODAY], env);
            assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
            let stdout = out.stdout.replace(p.arg(), "<DIR>");
            match &first {
                None => first = Some(stdout),
                Some(s0) => assert_eq!(&stdout, s0),
            }
        }
    }
}

/// The UTC date now, as `YYYY-MM-DD` (from the days since 1970).
fn utc_today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let days = secs.div_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[test]
fn the_default_date_is_utc_whatever_the_time_zone() {
    let p = base(&[]);
    for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"] {
        // Retried once, in case the run straddles midnight UTC.
        let mut last = String::new();
        let ok = (0..2).any(|_| {
            let before = utc_today();
            let out = run_env(&["check", p.arg(), "--format", "json"], &[("TZ", zone)]);
            let after = utc_today();
            let report: Value = serde_json::from_str(&out.stdout).unwrap();
            last = report["today"].as_str().unwrap_or("").to_string();
            before == after && last == before
        });
        assert!(
            ok,
            "TZ={zone}: `today` is {last}, the UTC date is {}",
            utc_today()
        );
    }
}

// ---------------------------------------------------------------------------
// 27. Tests and waivers that name what does not exist.

#[test]
fn test_naming_a_requirement_that_does_not_exist() {
    let p = base(&[(
        "tests/t.krav",
        "test \"t\" {\n  vendor { sla.uptime = 99.0% }\n  expect base/R1.uptme fail\n}\n",
    )]);
    let (_, report) = refuses("test with a misspelt requirement", &p, "K2006");
    let d = the_error(&report, "K2006");
    assert_eq!(d["file"], "tests/t.krav");
    assert_eq!(line_of(d), Some(3), "{d}");
    // the help suggests the right name
    assert_has(d["help"].as_str().unwrap_or(""), "base/R1.uptime");

    let p = base(&[(
        "tests/t.krav",
        "test \"t\" {\n  expect nopolicy/R1 fail\n}\n",
    )]);
    refuses("test with an unknown policy", &p, "K2006");
}

#[test]
fn waiver_naming_a_vendor_that_does_not_exist() {
    let p = base(&[(
        "policies/waivers.krav",
        "waiver \"w\" {\n  vendor acne\n  requirement base/R1.uptime\n  expires 2027-01-01\n  approved_by \"CFO\"\n  reason \"r\"\n}\n",
    )]);
    let (_, report) = refuses("waiver with a misspelt vendor", &p, "K2001");
    let d = the_error(&report, "K2001");
    assert_eq!(line_of(d), Some(2), "{d}");
    // the help suggests the right name
    assert_has(d["help"].as_str().unwrap_or(""), "acme");

    let p = base(&[(
        "policies/waivers.krav",
        "waiver \"w\" {\n  vendor acme\n  requirement base/R9\n  expires 2027-01-01\n  approved_by \"CFO\"\n  reason \"r\"\n}\n",
    )]);
    refuses("waiver with an unknown requirement", &p, "K2002");
}

// ---------------------------------------------------------------------------
// 28. Unknown everywhere.

#[test]
fn unknown_heavy_requirement_and_a_vendor_stating_nothing() {
    let policy = r#"policy unk "Unknowns" {
  define d1 = audit.reports > 0 or not (data.region == EU)
  requirement U1 "Guard and require lean on facts nobody states" {
    severity high
    when d1 or present(owner.name) or audit.checked within 30d
    require (sla.uptime >= 99.9% or audit.reports >= 2) and not (owner.name == "x")
    require any c in audit.certs: c matches "ISO*"
    require count(audit.certs) > 1 or all l in data.nested: count(l) == 0
    require incident.notify <= 72h and audit.price < 10.5
  }
}
"#;
    let p = base(&[
        ("policies/unknown.krav", policy),
        (
            "vendors/nothing.krav",
            "vendor nothing \"States nothing\" {\n}\n",
        ),
        ("vendors/nada.json", r#"{"id": "nada", "name": "Nada"}"#),
        ("vendors/nix.yaml", "id: nix\nname: Nix\nfacts: {}\n"),
        (
            "vendors/nul.toml",
            "id = \"nul\"\nname = \"Nul\"\n[facts]\n",
        ),
    ]);
    let (out, report) = check(&p);
    accepted("unknown-heavy", &out, &report);
    assert_eq!(
        out.code,
        1,
        "unknown counts as a failure\n{}",
        pretty(&report)
    );
    for vendor in ["nothing", "nada", "nix", "nul"] {
        assert_eq!(outcome(&report, vendor, "unk/U1"), "unknown", "{vendor}");
        assert_eq!(
            outcome(&report, vendor, "base/R1.uptime"),
            "unknown",
            "{vendor}"
        );
        let result = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["vendor"] == vendor && r["requirement"] == "unk/U1")
            .unwrap();
        let missing: Vec<&str> = result["missing"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m.as_str().or_else(|| m["path"].as_str()))
            .collect();
        assert!(
            missing.contains(&"sla.uptime"),
            "{vendor}: the missing facts are named: {result}"
        );
    }
    assert_eq!(report["summary"]["unknown"], 9, "{}", pretty(&report));

    // Every format draws these without trouble.
    for format in ["human", "sarif", "junit", "markdown", "github", "gitlab"] {
        let out = run(&["check", p.arg(), "--format", format, "--today", TODAY]);
        assert_eq!(out.code, 1, "{format}: {}", tail(&out.stderr));
        assert!(!out.stdout.is_empty(), "{format}");
    }
    // With --allow-unknown the run passes.
    let (out, _) = check_dir(p.path(), &["--allow-unknown"]);
    assert_eq!(out.code, 0);
}

// ---------------------------------------------------------------------------
// More hostile input: cost that grows faster than the input.

#[test]
fn defines_that_double_do_not_hang() {
    // Each define uses the one above it twice: 40 short lines whose full
    // expansion has 2^39 leaves. Defines cannot recurse, so "every
    // evaluation ends" (section 5), and section 16 promises that input
    // that could make skykrav slow is refused with a diagnostic. Either
    // outcome is right: evaluated once per define (pass), or refused as
    // too deep (K3009). Running for hours is not.
    let mut policy =
        String::from("policy base \"Baseline\" {\n  define d0 = sla.uptime >= 99.9%\n");
    for i in 1..40 {
        policy.push_str(&format!("  define d{i} = d{} and d{}\n", i - 1, i - 1));
    }
    policy.push_str(
        "  requirement R1.uptime \"Doubling\" {\n    severity high\n    require d39\n  }\n}\n",
    );
    let p = base(&[(POLICY_FILE, &policy)]);
    let (out, report) = check(&p);
    if out.code == 2 {
        refused("doubling defines", &out, &report, "K3009");
    } else {
        accepted("doubling defines", &out, &report);
        assert_eq!(outcome(&report, "acme", "base/R1.uptime"), "pass");
    }
}

/// A JSON vendor whose `facts` state `n` facts no schema declares, after
/// `padding` (whitespace that JSON allows between tokens).
fn vendor_with_unknown_facts(n: usize, padding: &str, separator: &str) -> String {
    let facts: Vec<String> = (0..n).map(|i| format!("\"f{i}\": 1")).collect();
    format!(
        "{{\"id\":\"many\",\"name\":\"Many\",{padding}\"facts\":{{{}}}}}",
        facts.join(separator)
    )
}

#[test]
fn many_errors_late_on_one_long_line() {
    // Machine-written JSON is often one line. Here 15 MiB of spaces (under
    // the 16 MiB limit) come before 20,000 unknown facts on the same line.
    // Each error's column must not be found by counting the whole line
    // again: that costs 20,000 x 15 MiB. Reading and reporting the file
    // once takes a few seconds.
    let text = vendor_with_unknown_facts(20_000, &" ".repeat(15 << 20), ",");
    let p = base(&[("vendors/many.json", &text)]);
    let (out, report) = check(&p);
    let d = refused(
        "20,000 unknown facts late on one line",
        &out,
        &report,
        "K1001",
    );
    assert_eq!(line_of(d), Some(1), "{d}");
    assert!(d["column"].as_u64().unwrap() > 15 << 20, "{d}");
}

#[test]
fn many_errors_late_in_a_file_in_the_human_format() {
    // 1,000 unknown facts after 64 KiB of blank lines. The human format
    // draws at most 500 of them, each with its lines of context, so the
    // cost is bounded however many errors there are. (Small enough to stay
    // far inside the time guard in a debug build on a loaded machine: this
    // is a test of behaviour, not a benchmark.)
    let text = vendor_with_unknown_facts(1_000, &"\n".repeat(1 << 16), ",\n");
    let p = base(&[("vendors/many.json", &text)]);
    let out = run(&["check", p.arg(), "--today", TODAY]);
    assert_eq!(out.code, 2, "{}", tail(&out.stderr));
    assert_has(&out.stderr, "K1001");
    // A person reads the first 500 drawings; the rest are counted, and the
    // JSON report lists every one.
    assert_has(&out.stderr, "f0");
    // the errors not drawn are counted
    assert_has(&out.stderr, "… and 500 more diagnostics, not drawn");
    assert!(out.stdout.is_empty());
}

#[test]
fn twenty_thousand_vendors_in_every_format() {
    // One JSON file (about 1.3 MB) with 20,000 vendors that all pass. No
    // format may take time in the product of vendors and findings.
    let vendors: Vec<String> = (0..20_000)
        .map(|i| {
            format!(
                "{{\"id\":\"v{i}\",\"name\":\"V{i}\",\"facts\":{{\"sla\":{{\"uptime\":99.95}}}}}}"
            )
        })
        .collect();
    let p = base(&[("vendors/all.json", &format!("[{}]", vendors.join(",\n")))]);
    for format in [
        "json", "human", "sarif", "junit", "markdown", "github", "gitlab",
    ] {
        let out = run(&["check", p.arg(), "--format", format, "--today", TODAY]);
        assert_eq!(out.code, 0, "{format}: {}", tail(&out.stderr));
        eprintln!("{format}: {:?}", out.elapsed);
    }
}

// ---------------------------------------------------------------------------
// More hostile input: special files and data-format corners.

#[test]
fn special_files_are_never_read() {
    // A named pipe would block a reader for ever, and /dev/zero never ends.
    let p = base(&[]);
    let fifo = p.path().join("vendors/pipe.json");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.map(|s| s.success()).unwrap_or(false), "mkfifo failed");
    let fifo_config = p.path().join("policies/pipe.krav");
    assert!(Command::new("mkfifo")
        .arg(&fifo_config)
        .status()
        .unwrap()
        .success());
    symlink("/dev/zero", p.path().join("vendors/zero.json"));
    symlink("/dev/urandom", p.path().join("vendors/random.krav"));
    let (out, report) = check(&p);
    let codes = error_codes(&report);
    assert!(
        (out.code == 0 && codes.is_empty())
            || (out.code == 2 && !codes.is_empty() && codes.iter().all(|c| c == "K3001")),
        "special files are skipped or an I/O error, got exit {} {codes:?}\n{}",
        out.code,
        pretty(&report)
    );
}

#[test]
fn data_format_corners() {
    let cases: &[(&str, &str, &str, &str, u64)] = &[
        (
            "YAML .inf",
            "vendors/y.yaml",
            "id: y\nname: Y\nfacts:\n  sla:\n    uptime: .inf\n",
            "K3007",
            5,
        ),
        (
            "YAML .nan",
            "vendors/y.yaml",
            "id: y\nname: Y\nfacts:\n  sla:\n    uptime: .nan\n",
            "K3007",
            5,
        ),
        (
            "YAML 1e400",
            "vendors/y.yaml",
            "id: y\nname: Y\nfacts:\n  sla:\n    uptime: 1e400\n",
            "K3007",
            5,
        ),
        (
            "YAML complex key",
            "vendors/y.yaml",
            "? [a, b]\n: 1\nid: y\nname: Y\n",
            "K3007",
            1,
        ),
        (
            "YAML second document",
            "vendors/y.yaml",
            "id: y\nname: Y\n---\nid: z\nname: Z\n",
            "K3007",
            4,
        ),
        (
            "YAML duplicate key",
            "vendors/y.yaml",
            "id: y\nname: Y\nid: z\n",
            "K3007",
            3,
        ),
        (
            "TOML inf",
            "vendors/t.toml",
            "id = \"t\"\nname = \"T\"\n[facts.sla]\nuptime = inf\n",
            "K3007",
            4,
        ),
        (
            "TOML nan",
            "vendors/t.toml",
            "id = \"t\"\nname = \"T\"\n[facts.sla]\nuptime = -nan\n",
            "K3007",
            4,
        ),
        (
            "JSON NaN",
            "vendors/j.json",
            "{\"id\":\"j\",\"name\":\"J\",\n\"facts\":{\"sla\":{\"uptime\":NaN}}}",
            "K3007",
            2,
        ),
        (
            "JSON duplicate key",
            "vendors/j.json",
            "{\"id\":\"j\",\n\"name\":\"J\",\n\"id\":\"k\"}",
            "K3007",
            3,
        ),
        (
            "JSON trailing comma",
            "vendors/j.json",
            "{\"id\":\"j\",\"name\":\"J\",}",
            "K3007",
            1,
        ),
        (
            "JSON two values",
            "vendors/j.json",
            "{\"id\":\"j\",\"name\":\"J\"}\n{\"id\":\"k\",\"name\":\"K\"}",
            "K3007",
            2,
        ),
        (
            "JSON comment",
            "vendors/j.json",
            "// c\n{\"id\":\"j\",\"name\":\"J\"}",
            "K3007",
            1,
        ),
        (
            "JSON lone surrogate",
            "vendors/j.json",
            "{\"id\":\"j\",\"name\":\"\\ud800\"}",
            "K3007",
            1,
        ),
        (
            "JSON bad id",
            "vendors/j.json",
            "{\"id\":\"-j\",\"name\":\"J\"}",
            "K3008",
            1,
        ),
        (
            "JSON null fact",
            "vendors/j.json",
            "{\"id\":\"j\",\"name\":\"J\",\"facts\":{\"sla\":{\"uptime\":null}}}",
            "K1016",
            1,
        ),
        (
            "JSON group not an object",
            "vendors/j.json",
            "{\"id\":\"j\",\"name\":\"J\",\"facts\":{\"sla\":5}}",
            "K3008",
            1,
        ),
    ];
    for &(what, name, text, code, line) in cases {
        let p = base(&[(name, text)]);
        let (_, report) = refuses(what, &p, code);
        let d = errors(&report)
            .into_iter()
            .find(|d| d["code"] == code)
            .unwrap();
        assert_eq!(d["file"], name, "{what}: {d}");
        assert_eq!(line_of(d), Some(line), "{what}: {d}");
    }
}
