//! Broken inputs: each case is a small valid project with one thing broken.
//! `check` must refuse it with exit status 2, evaluate nothing, and name the
//! problem (code, file, line, column) in the JSON report; the human
//! rendering of the same problem is kept as a snapshot, so that a change in
//! what a user reads is reviewed.

mod common;

use common::tempdir::TempProject;
use common::{
    assert_has, assert_lacks, check_as_json, json, skykrav, three_files, ACME, POLICY_FILE,
    SCHEMA_FILE, VENDOR_FILE,
};
use serde_json::Value;

const TODAY: &str = "2026-11-27";

const SCHEMA: &str = r#"schema cloud "Facts about a cloud service" {
  enum Region { EU, EEA, US }
  group sla {
    fact uptime: percent "Monthly uptime guaranteed"
  }
  group incident {
    fact notify: duration "Longest time before the vendor tells us of a breach"
  }
  group data {
    fact locations: list<Region> "Where data is stored"
    fact region: Region "Where most data is stored"
  }
  group owner {
    fact name: string "Our cloud owner for this service"
  }
}
"#;

const POLICY: &str = r#"policy baseline "Baseline" {
  requirement R1.uptime "Guaranteed uptime meets our need" {
    severity high
    require sla.uptime >= 99.9%
  }
}
"#;

/// The base project (valid on its own) with `changes` written over it: a
/// file named here replaces the base file of that name, or is added.
fn broken(changes: &[(&str, &str)]) -> TempProject {
    three_files(SCHEMA, POLICY, changes)
}

/// The base policy with its `require` expression replaced (line 4, column 13).
fn requiring(expr: &str) -> String {
    POLICY.replace("sla.uptime >= 99.9%", expr)
}

/// The error a case must report.
struct Want {
    code: &'static str,
    file: &'static str,
    line: u64,
    column: u64,
}

fn want(code: &'static str, file: &'static str, line: u64, column: u64) -> Want {
    Want {
        code,
        file,
        line,
        column,
    }
}

/// Runs `check` on the project twice: in the default human format, whose
/// stderr is snapshot as `name` (with the broken input as the snapshot's
/// description), and with `--format json`, whose report must be exit 2,
/// no results, and an error with the wanted code at the wanted place.
/// Returns the report's diagnostics, and the human stderr, for further checks.
fn refused(name: &str, p: &TempProject, input: &str, w: Want) -> (Vec<Value>, String) {
    let human = skykrav(&["check", p.arg(), "--today", TODAY]);
    let stderr = human.stderr.replace(p.arg(), "[PROJECT]");
    assert_eq!(
        human.code, 2,
        "{name}: human run exits 2\nstdout:\n{}\nstderr:\n{stderr}",
        human.stdout
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_description(input);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, stderr));

    let run = skykrav(&["check", p.arg(), "--today", TODAY, "--format", "json"]);
    assert_eq!(
        run.code, 2,
        "{name}: json run exits 2\n{}\n{}",
        run.stdout, run.stderr
    );
    let report = json(&run);
    assert_eq!(
        report["results"],
        serde_json::json!([]),
        "{name}: nothing is evaluated"
    );
    let diags = report["diagnostics"]
        .as_array()
        .expect("diagnostics is a list")
        .clone();
    let all = serde_json::to_string_pretty(&diags).unwrap();
    let same_code: Vec<&Value> = diags
        .iter()
        .filter(|d| d["level"] == "error" && d["code"] == w.code)
        .collect();
    assert!(
        !same_code.is_empty(),
        "{name}: no error {} among\n{all}",
        w.code
    );
    for d in &same_code {
        let message = d["message"].as_str().unwrap_or("");
        assert!(!message.trim().is_empty(), "{name}: empty message\n{all}");
    }
    assert!(
        same_code
            .iter()
            .any(|d| d["file"] == w.file && d["line"] == w.line && d["column"] == w.column),
        "{name}: no error {} at {}:{}:{} among\n{all}",
        w.code,
        w.file,
        w.line,
        w.column
    );
    (diags, stderr)
}

/// The one error with `code`, for checks of its text.
fn error<'a>(diags: &'a [Value], code: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["level"] == "error" && d["code"] == code)
        .unwrap_or_else(|| panic!("no {code}"))
}

fn assert_help_contains(d: &Value, text: &str) {
    let help = d["help"].as_str().unwrap_or("");
    assert_has(help, text);
}

/// No error with `code` is reported: it would be a consequence of the real
/// problem that says something untrue about the input.
fn assert_no_error(diags: &[Value], code: &str) {
    let bad: Vec<&Value> = diags
        .iter()
        .filter(|d| d["level"] == "error" && d["code"] == code)
        .collect();
    assert!(
        bad.is_empty(),
        "a misleading follow-on error {code}:\n{}",
        serde_json::to_string_pretty(&bad).unwrap()
    );
}

fn describe(files: &[(&str, &str)]) -> String {
    files
        .iter()
        .map(|(n, t)| format!("--- {n}\n{t}"))
        .collect::<Vec<_>>()
        .join("")
}

/// The usual case: some files changed, one error expected.
fn case(name: &str, changes: &[(&str, &str)], w: Want) -> (Vec<Value>, String) {
    let p = broken(changes);
    refused(name, &p, &describe(changes), w)
}

// ---------------------------------------------------------------- syntax

#[test]
fn missing_closing_brace() {
    let text = POLICY.strip_suffix("}\n").unwrap();
    let (_, stderr) = case(
        "missing_closing_brace",
        &[(POLICY_FILE, text)],
        want("K0002", POLICY_FILE, 1, 28),
    );
    // The diagnostic marks the end of the file too; the user must see it.
    // the end of the file is not marked
    assert_has(&stderr, "the file ends here");
}

#[test]
fn unterminated_string() {
    let text = POLICY.replace(
        "    require sla.uptime >= 99.9%\n",
        "    require sla.uptime >= 99.9%\n    help \"Negotiate a stronger SLA\n",
    );
    case(
        "unterminated_string",
        &[(POLICY_FILE, &text)],
        want("K0003", POLICY_FILE, 5, 10),
    );
}

#[test]
fn unterminated_string_hiding_a_brace() {
    let text = POLICY.replace("\"Baseline\" {", "\"Baseline {");
    case(
        "unterminated_string_hiding_a_brace",
        &[(POLICY_FILE, &text)],
        want("K0003", POLICY_FILE, 1, 17),
    );
}

#[test]
fn mismatched_delimiter() {
    let text = requiring("sla.uptime >= 99.9% and (incident.notify <= 72h]");
    case(
        "mismatched_delimiter",
        &[(POLICY_FILE, &text)],
        want("K0002", POLICY_FILE, 4, 60),
    );
}

#[test]
fn duration_in_months() {
    let text = requiring("incident.notify <= 3mo");
    let (d, _) = case(
        "duration_in_months",
        &[(POLICY_FILE, &text)],
        want("K0006", POLICY_FILE, 4, 32),
    );
    assert_help_contains(error(&d, "K0006"), "90d");
}

#[test]
fn fractional_duration() {
    let text = requiring("incident.notify <= 1.5h");
    let (d, _) = case(
        "fractional_duration",
        &[(POLICY_FILE, &text)],
        want("K0006", POLICY_FILE, 4, 32),
    );
    assert_help_contains(error(&d, "K0006"), "90m");
}

#[test]
fn date_not_in_calendar() {
    let text = ACME.replace("2026-10-01", "2026-02-30");
    case(
        "date_not_in_calendar",
        &[(VENDOR_FILE, &text)],
        want("K0005", VENDOR_FILE, 2, 9),
    );
}

#[test]
fn invalid_escape() {
    let text = POLICY.replace(
        "    require sla.uptime >= 99.9%\n",
        "    require sla.uptime >= 99.9%\n    help \"Ask for 99.99\\%\"\n",
    );
    case(
        "invalid_escape",
        &[(POLICY_FILE, &text)],
        want("K0004", POLICY_FILE, 5, 24),
    );
}

#[test]
fn signed_number() {
    let text = requiring("incident.notify >= -1h");
    case(
        "signed_number",
        &[(POLICY_FILE, &text)],
        want("K0001", POLICY_FILE, 4, 32),
    );
}

#[test]
fn integer_too_large() {
    let schema = SCHEMA.replace(
        "  group owner {",
        "  group seats {\n    fact bought: int \"Seats we buy\"\n  }\n  group owner {",
    );
    let vendor = ACME.replace("}\n", "  seats.bought = 99999999999999999999\n}\n");
    case(
        "integer_too_large",
        &[(SCHEMA_FILE, &schema), (VENDOR_FILE, &vendor)],
        want("K0007", VENDOR_FILE, 4, 18),
    );
}

#[test]
fn chained_comparison() {
    let text = requiring("sla.uptime < 99.9% < 100%");
    case(
        "chained_comparison",
        &[(POLICY_FILE, &text)],
        want("K0008", POLICY_FILE, 4, 32),
    );
}

#[test]
fn waiver_without_reason() {
    let waiver = r#"waiver "Acme uptime accepted until renewal" {
  vendor acme
  requirement baseline/R1.uptime
  expires 2027-03-31
  approved_by "CFO, 2026-09-01"
}
"#;
    case(
        "waiver_without_reason",
        &[("policies/waivers.krav", waiver)],
        want("K0009", "policies/waivers.krav", 1, 1),
    );
}

#[test]
fn requirement_without_require() {
    let text = POLICY.replace("    require sla.uptime >= 99.9%\n", "");
    case(
        "requirement_without_require",
        &[(POLICY_FILE, &text)],
        want("K0009", POLICY_FILE, 2, 3),
    );
}

#[test]
fn duplicate_when() {
    let text = POLICY.replace(
        "    severity high\n",
        "    severity high\n    when sla.uptime > 0%\n    when data.region == EU\n",
    );
    case(
        "duplicate_when",
        &[(POLICY_FILE, &text)],
        want("K0010", POLICY_FILE, 5, 5),
    );
}

#[test]
fn unknown_severity() {
    let text = POLICY.replace("severity high", "severity hihg");
    let (d, _) = case(
        "unknown_severity",
        &[(POLICY_FILE, &text)],
        want("K0011", POLICY_FILE, 3, 14),
    );
    assert_help_contains(error(&d, "K0011"), "did you mean `high`?");
    // The requirement does state a severity, only a wrong one.
    assert_no_error(&d, "K0009");
}

#[test]
fn misspelled_item_keyword() {
    let text = POLICY.replace("policy baseline", "polcy baseline");
    case(
        "misspelled_item_keyword",
        &[(POLICY_FILE, &text)],
        want("K0001", POLICY_FILE, 1, 1),
    );
}

#[test]
fn missing_equals_in_vendor() {
    let text = ACME.replace("sla.uptime = 99.95%", "sla.uptime 99.95%");
    case(
        "missing_equals_in_vendor",
        &[(VENDOR_FILE, &text)],
        want("K0001", VENDOR_FILE, 3, 14),
    );
}

#[test]
fn reserved_word_as_define_name() {
    let text = POLICY.replace(
        "  requirement R1.uptime",
        "  define all = sla.uptime >= 99.9%\n\n  requirement R1.uptime",
    );
    let (_, stderr) = case(
        "reserved_word_as_define_name",
        &[(POLICY_FILE, &text)],
        want("K0001", POLICY_FILE, 2, 10),
    );
    // `all` looks like a name; only knowing that it is reserved lets the user fix it.
    // does not say that `all` is a reserved word
    assert_has(&stderr, "reserved");
}

// ---------------------------------------------------------- names and types

#[test]
fn unknown_fact_one_letter_off() {
    let text = requiring("sla.uptim >= 99.9%");
    let (d, _) = case(
        "unknown_fact_one_letter_off",
        &[(POLICY_FILE, &text)],
        want("K1001", POLICY_FILE, 4, 13),
    );
    assert_help_contains(error(&d, "K1001"), "did you mean `sla.uptime`?");
}

#[test]
fn percent_compared_with_duration() {
    let text = requiring("sla.uptime >= 72h");
    case(
        "percent_compared_with_duration",
        &[(POLICY_FILE, &text)],
        want("K1004", POLICY_FILE, 4, 13),
    );
}

#[test]
fn unknown_enum_value() {
    let text = requiring("data.region == EUU");
    let (d, _) = case(
        "unknown_enum_value",
        &[(POLICY_FILE, &text)],
        want("K1006", POLICY_FILE, 4, 28),
    );
    assert_help_contains(error(&d, "K1006"), "did you mean `EU`?");
}

#[test]
fn unknown_enum_value_in_vendor() {
    let text = ACME.replace("}\n", "  data.locations = [EU, DE]\n}\n");
    case(
        "unknown_enum_value_in_vendor",
        &[(VENDOR_FILE, &text)],
        want("K1006", VENDOR_FILE, 4, 25),
    );
}

#[test]
fn ambiguous_enum_value() {
    let schema = SCHEMA.replace(
        "  enum Region { EU, EEA, US }\n",
        "  enum Region { EU, EEA, US }\n  enum Bloc { EU, NATO }\n",
    );
    let text = requiring("count([EU]) == 1");
    case(
        "ambiguous_enum_value",
        &[(SCHEMA_FILE, &schema), (POLICY_FILE, &text)],
        want("K1007", POLICY_FILE, 4, 20),
    );
}

#[test]
fn duplicate_requirement_id() {
    let text = POLICY.replace(
        "  }\n}\n",
        "  }\n  requirement R1.uptime \"Uptime is at least 99%\" {\n    severity low\n    require sla.uptime >= 99%\n  }\n}\n",
    );
    case(
        "duplicate_requirement_id",
        &[(POLICY_FILE, &text)],
        want("K1002", POLICY_FILE, 6, 15),
    );
}

#[test]
fn duplicate_schema_path() {
    let schema = SCHEMA.replace(
        "  }\n  group data {",
        "    fact notify: int \"Hours before we hear of a breach\"\n  }\n  group data {",
    );
    case(
        "duplicate_schema_path",
        &[(SCHEMA_FILE, &schema)],
        want("K1002", SCHEMA_FILE, 8, 10),
    );
}

#[test]
fn duplicate_vendor() {
    let other = "vendor acme \"Acme again\" {\n  sla.uptime = 99%\n}\n";
    case(
        "duplicate_vendor",
        &[("vendors/zeta.krav", other)],
        want("K1002", "vendors/zeta.krav", 1, 8),
    );
}

#[test]
fn unknown_type_in_schema() {
    let schema = SCHEMA.replace("uptime: percent", "uptime: percentage");
    let (d, _) = case(
        "unknown_type_in_schema",
        &[(SCHEMA_FILE, &schema)],
        want("K1003", SCHEMA_FILE, 4, 18),
    );
    assert_help_contains(error(&d, "K1003"), "did you mean `percent`?");
    // `sla.uptime` is declared, with a wrong type: its uses are not unknown facts.
    assert_no_error(&d, "K1001");
}

#[test]
fn list_equality() {
    let text = requiring("data.locations == [EU]");
    case(
        "list_equality",
        &[(POLICY_FILE, &text)],
        want("K1005", POLICY_FILE, 4, 13),
    );
}

#[test]
fn require_not_bool() {
    let text = requiring("sla.uptime");
    case(
        "require_not_bool",
        &[(POLICY_FILE, &text)],
        want("K1008", POLICY_FILE, 4, 13),
    );
}

#[test]
fn when_not_bool() {
    let text = POLICY.replace(
        "    severity high\n",
        "    severity high\n    when data.region\n",
    );
    case(
        "when_not_bool",
        &[(POLICY_FILE, &text)],
        want("K1008", POLICY_FILE, 4, 10),
    );
}

#[test]
fn define_used_before_written() {
    let text = POLICY.replace(
        "  requirement R1.uptime",
        "  define strong = good and sla.uptime >= 99.99%\n  define good = sla.uptime >= 99.9%\n\n  requirement R1.uptime",
    );
    case(
        "define_used_before_written",
        &[(POLICY_FILE, &text)],
        want("K1009", POLICY_FILE, 2, 19),
    );
}

#[test]
fn variable_shadows_a_group() {
    let text = requiring("all sla in data.locations: sla in [EU, EEA]");
    case(
        "variable_shadows_a_group",
        &[(POLICY_FILE, &text)],
        want("K1010", POLICY_FILE, 4, 17),
    );
}

#[test]
fn unknown_record_field() {
    let schema = SCHEMA.replace(
        "  group owner {",
        "  record Sub {\n    name: string \"Legal name\"\n    country: Region \"Where it processes our data\"\n  }\n  group subs {\n    fact list: list<Sub> \"Sub-processors\"\n  }\n  group owner {",
    );
    let text = requiring("all s in subs.list: s.contry in [EU]");
    let (d, _) = case(
        "unknown_record_field",
        &[(SCHEMA_FILE, &schema), (POLICY_FILE, &text)],
        want("K1011", POLICY_FILE, 4, 35),
    );
    assert_help_contains(error(&d, "K1011"), "did you mean `country`?");
}

#[test]
fn invalid_glob_pattern() {
    let text = requiring("owner.name matches \"[A-Z\"");
    case(
        "invalid_glob_pattern",
        &[(POLICY_FILE, &text)],
        want("K1014", POLICY_FILE, 4, 32),
    );
}

#[test]
fn vendor_fact_of_wrong_type() {
    let text = ACME.replace("99.95%", "72h");
    case(
        "vendor_fact_of_wrong_type",
        &[(VENDOR_FILE, &text)],
        want("K1016", VENDOR_FILE, 3, 16),
    );
}

#[test]
fn vendor_percent_written_as_string() {
    let text = ACME.replace("99.95%", "\"99.95%\"");
    case(
        "vendor_percent_written_as_string",
        &[(VENDOR_FILE, &text)],
        want("K1016", VENDOR_FILE, 3, 16),
    );
}

#[test]
fn unknown_vendor_fact() {
    let text = ACME.replace("sla.uptime", "sla.uptimee");
    let (d, _) = case(
        "unknown_vendor_fact",
        &[(VENDOR_FILE, &text)],
        want("K1001", VENDOR_FILE, 3, 3),
    );
    assert_help_contains(error(&d, "K1001"), "did you mean `sla.uptime`?");
}

#[test]
fn same_fact_in_block_and_dotted() {
    let text = "vendor acme \"Acme Cloud\" {\n  as_of 2026-10-01\n  sla {\n    uptime = 99.95%\n  }\n  sla.uptime = 99.9%\n}\n";
    case(
        "same_fact_in_block_and_dotted",
        &[(VENDOR_FILE, text)],
        want("K1017", VENDOR_FILE, 6, 3),
    );
}

#[test]
fn record_literal_in_policy() {
    let text = requiring("{ name = \"x\" } in data.locations");
    case(
        "record_literal_in_policy",
        &[(POLICY_FILE, &text)],
        want("K1019", POLICY_FILE, 4, 13),
    );
}

#[test]
fn untyped_empty_list() {
    let text = requiring("count([]) == 0");
    case(
        "untyped_empty_list",
        &[(POLICY_FILE, &text)],
        want("K1020", POLICY_FILE, 4, 19),
    );
}

// ------------------------------------------------------------ waivers, tests

fn waiver(vendor: &str, requirement: &str) -> String {
    format!(
        "waiver \"Acme uptime accepted until renewal\" {{\n  vendor {vendor}\n  requirement {requirement}\n  expires 2027-03-31\n  approved_by \"CFO, 2026-09-01\"\n  reason \"No alternative before renewal.\"\n}}\n"
    )
}

#[test]
fn waiver_names_a_missing_requirement() {
    let text = waiver("acme", "baseline/R1.uptme");
    let (d, _) = case(
        "waiver_names_a_missing_requirement",
        &[("policies/waivers.krav", &text)],
        want("K2002", "policies/waivers.krav", 3, 15),
    );
    assert_help_contains(error(&d, "K2002"), "did you mean `baseline/R1.uptime`?");
}

#[test]
fn waiver_names_an_unknown_vendor() {
    let text = waiver("amce", "baseline/R1.uptime");
    let (d, _) = case(
        "waiver_names_an_unknown_vendor",
        &[("policies/waivers.krav", &text)],
        want("K2001", "policies/waivers.krav", 2, 10),
    );
    assert_help_contains(error(&d, "K2001"), "did you mean `acme`?");
}

#[test]
fn test_names_a_missing_requirement() {
    let text = "test \"a 99.5% SLA fails\" {\n  vendor {\n    sla.uptime = 99.5%\n  }\n  expect baseline/R1.uptme fail\n}\n";
    case(
        "test_names_a_missing_requirement",
        &[("tests/uptime.krav", text)],
        want("K2006", "tests/uptime.krav", 5, 10),
    );
}

// ------------------------------------------------------- loading, data files

#[test]
fn non_utf8_file() {
    let p = broken(&[]);
    p.write_bytes("vendors/broken.krav", b"\xff\xfe");
    refused(
        "non_utf8_file",
        &p,
        "--- vendors/broken.krav\nthe bytes FF FE\n",
        want("K3002", "vendors/broken.krav", 1, 1),
    );
}

#[test]
fn non_utf8_byte_in_a_string() {
    let p = broken(&[]);
    // "Acme Caf" followed by a Latin-1 é (0xE9), which is not UTF-8.
    let mut bytes = b"vendor acme \"Acme Caf\xe9\" {\n".to_vec();
    bytes.extend_from_slice(ACME.split_once('\n').unwrap().1.as_bytes());
    p.write_bytes(VENDOR_FILE, &bytes);
    refused(
        "non_utf8_byte_in_a_string",
        &p,
        "--- vendors/acme.krav\nthe name \"Acme Café\" saved as Latin-1\n",
        want("K3002", VENDOR_FILE, 1, 22),
    );
}

#[test]
fn json_vendor_of_wrong_type() {
    let text = "{\n  \"id\": \"globex\",\n  \"name\": \"Globex\",\n  \"as_of\": \"2026-10-01\",\n  \"facts\": {\n    \"sla\": { \"uptime\": true }\n  }\n}\n";
    case(
        "json_vendor_of_wrong_type",
        &[("vendors/globex.json", text)],
        want("K1016", "vendors/globex.json", 6, 24),
    );
}

#[test]
fn json_vendor_with_null() {
    let text = "{\n  \"id\": \"globex\",\n  \"name\": \"Globex\",\n  \"facts\": {\n    \"sla\": { \"uptime\": null }\n  }\n}\n";
    case(
        "json_vendor_with_null",
        &[("vendors/globex.json", text)],
        want("K1016", "vendors/globex.json", 5, 24),
    );
}

#[test]
fn json_vendor_without_id() {
    let text = "{ \"name\": \"Globex\", \"facts\": { \"sla\": { \"uptime\": 99.9 } } }\n";
    let (d, _) = case(
        "json_vendor_without_id",
        &[("vendors/globex.json", text)],
        want("K3008", "vendors/globex.json", 1, 1),
    );
    let message = error(&d, "K3008")["message"].as_str().unwrap();
    // a name is missing from the message
    assert_lacks(message, "  ");
}

#[test]
fn json_trailing_comma() {
    let text = "{\n  \"id\": \"globex\",\n  \"name\": \"Globex\",\n  \"facts\": { \"sla\": { \"uptime\": 99.9, } }\n}\n";
    case(
        "json_trailing_comma",
        &[("vendors/globex.json", text)],
        // At the comma itself.
        want("K3007", "vendors/globex.json", 4, 37),
    );
}

#[test]
fn yaml_syntax_error() {
    let text = "id: globex\nname: Globex\nas_of: 2026-10-01\nfacts:\n  sla:\n    uptime: 99.9\n   incident:\n    notify: 72h\n";
    case(
        "yaml_syntax_error",
        &[("vendors/globex.yaml", text)],
        want("K3007", "vendors/globex.yaml", 7, 4),
    );
}

#[test]
fn yaml_unclosed_list() {
    let text = "id: globex\nname: Globex\nfacts:\n  data:\n    locations: [EU, EEA\n";
    let (_, stderr) = case(
        "yaml_unclosed_list",
        &[("vendors/globex.yaml", text)],
        want("K3007", "vendors/globex.yaml", 6, 1),
    );
    // The place the JSON report gives must be marked in the drawing.
    let marked = stderr
        .lines()
        .any(|l| l.contains('│') && (l.contains('┬') || l.contains('▲')));
    assert!(marked, "no place is marked:\n{stderr}");
}

#[test]
fn toml_vendor_of_wrong_type() {
    let text = "id = \"globex\"\nname = \"Globex\"\n\n[facts.sla]\nuptime = true\n";
    case(
        "toml_vendor_of_wrong_type",
        &[("vendors/globex.toml", text)],
        want("K1016", "vendors/globex.toml", 5, 10),
    );
}

// ------------------------------------------------------------- skykrav.toml

#[test]
fn unknown_config_key() {
    let text = "polices = [\"policies/**/*.krav\"]\n";
    let (d, _) = case(
        "unknown_config_key",
        &[("skykrav.toml", text)],
        want("K3004", "skykrav.toml", 1, 1),
    );
    assert_help_contains(error(&d, "K3004"), "did you mean `policies`?");
}

#[test]
fn config_syntax_error() {
    let text = "fail_on = \"low\"\nvendors = [\"vendors/**/*.krav\"\n";
    case(
        "config_syntax_error",
        &[("skykrav.toml", text)],
        want("K3003", "skykrav.toml", 2, 31),
    );
}

#[test]
fn config_unknown_threshold() {
    let text = "fail_on = \"severe\"\n";
    case(
        "config_unknown_threshold",
        &[("skykrav.toml", text)],
        want("K3005", "skykrav.toml", 1, 11),
    );
}

#[test]
fn config_max_fact_age_in_years() {
    let text = "max_fact_age = \"1y\"\n";
    case(
        "config_max_fact_age_in_years",
        &[("skykrav.toml", text)],
        want("K3005", "skykrav.toml", 1, 16),
    );
}

#[test]
fn config_glob_outside_the_project() {
    let text = "policies = [\"../shared/**/*.krav\"]\n";
    case(
        "config_glob_outside_the_project",
        &[("skykrav.toml", text)],
        want("K3006", "skykrav.toml", 1, 13),
    );
}

// ------------------------------------------------------------- command line

#[test]
fn today_not_in_calendar() {
    let p = broken(&[]);
    let run = skykrav(&["check", p.arg(), "--today", "2026-02-30"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let stderr = run.stderr.replace(p.arg(), "[PROJECT]");
    let mut settings = insta::Settings::clone_current();
    settings.set_description("skykrav check PROJECT --today 2026-02-30");
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!("today_not_in_calendar", stderr));
    // `2026-02-30` is written as YYYY-MM-DD; what is wrong is the day.
    // does not say why the date is wrong
    assert_has(&stderr, "28 days");
}

#[test]
fn a_folder_without_project_files_is_named_by_its_plain_path() {
    let p = common::project(&[("notes.txt", "nothing to check\n")]);
    let run = check_as_json(p.arg(), &[]);
    assert_eq!(run.code, 2);
    let d = &json(&run)["diagnostics"][0];
    assert_eq!(d["code"], "K3010");
    // A path like every other `file`, without the backticks of the message.
    assert_eq!(d["file"].as_str(), Some(p.arg()), "{d}");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains(&format!("`{}`", p.arg())));
}

#[test]
fn a_double_star_in_matches_is_refused_wherever_it_stands() {
    for pattern in ["**", "***", "a**", "**b", "a**b"] {
        let p = broken(&[(
            POLICY_FILE,
            &requiring(&format!("owner.name matches \"{pattern}\"")),
        )]);
        let report = json(&check_as_json(p.arg(), &[]));
        let d = error(report["diagnostics"].as_array().unwrap(), "K1014");
        assert_has(d["message"].as_str().unwrap(), pattern);
    }
    // In a class, a star is a literal one.
    let p = broken(&[(POLICY_FILE, &requiring("owner.name matches \"[*]*\""))]);
    let report = json(&check_as_json(p.arg(), &[]));
    assert_no_error(report["diagnostics"].as_array().unwrap(), "K1014");
}

#[test]
fn a_reversed_range_in_matches_is_refused() {
    let p = broken(&[(POLICY_FILE, &requiring("owner.name matches \"[z-a]*\""))]);
    let human = skykrav(&["check", p.arg()]);
    assert_eq!(human.code, 2);
    assert_has(&human.stderr, "`[z-a]` is a reversed range");
    assert_has(&human.stderr, "write `[a-z]`");
}

#[test]
fn the_command_line_filters_follow_the_rules_of_matches() {
    for filter in ["**", "[z-a]"] {
        let run = skykrav(&["check", ".", "--vendor", filter]);
        assert_eq!(run.code, 2, "{filter}");
        assert_has(&run.stderr, "is not a glob pattern");
    }
}
