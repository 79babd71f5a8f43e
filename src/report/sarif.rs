//! The SARIF 2.1.0 report, for code scanning (GitHub, Azure DevOps, …).
//!
//! One rule per requirement; one result per fail or unknown, and one per
//! expired waiver. A result points at the vendor fact that decided it, with
//! the `require` line and the other facts as related locations. Paths are
//! relative to the top of the git repository that holds the project (or to
//! the project folder outside git) (`%SRCROOT%`), or to the bundled packs
//! (`SKYKRAV_PACKS`) for files that live inside the skykrav binary, so the
//! log holds no absolute path and is the same on every machine.
//!
//! The wording of a finding and the choice of its places, which the GitLab
//! report shares, live in `report/finding.rs`.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::finding::{
    expired_waiver, finding_message, is_project_path, places, waiver_fingerprint, Place,
};
use super::fingerprint;
use crate::diagnostics::{Code, Diagnostic, Level};
use crate::eval::Finding;
use crate::model::{Model, Requirement};
use crate::project::CheckRun;
use crate::source::Span;
use crate::vocabulary::{Outcome, Severity};

/// The schema URL that `Sarif.Multitool validate` (rule SARIF1011) accepts
/// as the final 2.1.0 schema.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The base id of paths relative to the project folder.
const SRCROOT: &str = "%SRCROOT%";
/// The base id of files of packs bundled in the binary: they are not in
/// the user's repository, so they must not pass for repository paths.
const PACKS: &str = "SKYKRAV_PACKS";
/// The rule of an expired waiver that names no requirement of the model.
const EXPIRED_WAIVER_RULE: &str = "skykrav/expired-waiver";
/// The key of the fingerprint in `partialFingerprints`; bump the version
/// if [`fingerprint`] ever changes.
const FINGERPRINT_KEY: &str = "skykrav/v1";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    original_uri_base_ids: BTreeMap<&'static str, BaseId>,
    /// Said explicitly, though it is the default: columns are counted in
    /// UTF-16 code units, not in the characters skykrav's messages count.
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    severity: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

impl Text {
    fn new(text: impl Into<String>) -> Text {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
struct BaseId {
    description: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'static str>,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: ResultProperties,
}

#[derive(Serialize)]
struct ResultProperties {
    vendor: String,
    severity: &'static str,
    outcome: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    exit_code: i32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    message: Text,
    level: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    /// The diagnostic code (`K1001`), so that people can look it up.
    descriptor: DescriptorReference,
}

#[derive(Serialize)]
struct DescriptorReference {
    id: &'static str,
}

/// The SARIF log, pretty-printed, ending in a newline; see [`write_sarif`].
pub fn render_sarif(run: &CheckRun) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_sarif(run, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// How many findings are turned into results at once, on every core,
/// before they are written.
const CHUNK: usize = 4096;

/// Writes the SARIF log, pretty-printed, ending in a newline. With errors,
/// the run has no results and its invocation says why.
///
/// The results are streamed: the log is written around an empty list of
/// results, and each result, serialised on its own with the indentation
/// it has in the whole, is written into that gap. A large project's log
/// is never held whole (at 10,000 vendors it is hundreds of megabytes),
/// and the bytes are those of serialising the whole log at once.
pub fn write_sarif(
    run: &CheckRun,
    out: &mut (impl std::io::Write + ?Sized),
) -> std::io::Result<()> {
    let (sarif, model, waiver_results) = sarif_run(run);
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![sarif],
    };
    let whole = serde_json::to_string_pretty(&log).map_err(std::io::Error::other)?;
    // `results` is the last field of the run, and the run the last of the
    // log; a key in quotes cannot occur inside a string, where quotes are
    // escaped.
    let Some(at) = whole.rfind(EMPTY_RESULTS) else {
        out.write_all(whole.as_bytes())?;
        return out.write_all(b"\n");
    };
    let (head, tail) = whole.split_at(at);
    let key_indent = head.len() - head.rfind('\n').map_or(0, |i| i + 1);
    let indent = " ".repeat(key_indent + 2);
    out.write_all(head.as_bytes())?;
    out.write_all(b"\"results\": [")?;
    let mut first = true;
    if let Some(model) = model {
        for chunk in run.evaluation.findings.chunks(CHUNK) {
            let texts: Vec<String> = chunk
                .par_iter()
                .filter_map(|f| finding_result(run, model, f))
                .map(|r| indented(&r, &indent))
                .collect();
            for text in &texts {
                write_item(out, &mut first, text)?;
            }
        }
    }
    for r in &waiver_results {
        write_item(out, &mut first, &indented(r, &indent))?;
    }
    if !first {
        out.write_all(b"\n")?;
        out.write_all(" ".repeat(key_indent).as_bytes())?;
    }
    out.write_all(b"]")?;
    out.write_all(tail.get(EMPTY_RESULTS.len()..).unwrap_or("").as_bytes())?;
    out.write_all(b"\n")
}

/// One item of a pretty-printed list, after its separator.
fn write_item(
    out: &mut (impl std::io::Write + ?Sized),
    first: &mut bool,
    text: &str,
) -> std::io::Result<()> {
    out.write_all(if *first { b"\n" } else { b",\n" })?;
    *first = false;
    out.write_all(text.as_bytes())
}

/// The results key as the pretty printer writes it for an empty list.
const EMPTY_RESULTS: &str = "\"results\": []";

/// A value pretty-printed as it stands at `indent` inside a larger value:
/// every line after the first moved right (a JSON string holds no line
/// break, only `\n`, so every line break is the printer's).
fn indented(value: &impl Serialize, indent: &str) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + indent.len() * 16);
    out.push_str(indent);
    out.push_str(&text.replace('\n', &format!("\n{indent}")));
    out
}

/// The run without its results, the model when the input is valid, and
/// the results of expired waivers (which may add a rule, so they are made
/// before the rules are written).
fn sarif_run(run: &CheckRun) -> (Run, Option<&Model>, Vec<SarifResult>) {
    let invalid = !run.is_valid();
    let mut rules: Vec<Rule> = run
        .model
        .as_ref()
        .map(|m| m.requirements.iter().map(rule).collect())
        .unwrap_or_default();
    let model = run.model.as_ref().filter(|_| !invalid);
    let mut waiver_results = Vec::new();
    if let Some(model) = model {
        for d in run
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::WaiverExpired)
        {
            waiver_results.push(expired_waiver_result(run, model, d, &mut rules));
        }
    }
    let sarif = Run {
        tool: Tool {
            driver: Driver {
                name: "skykrav",
                version: env!("CARGO_PKG_VERSION"),
                semantic_version: env!("CARGO_PKG_VERSION"),
                rules,
            },
        },
        invocations: vec![invocation(run, invalid)],
        original_uri_base_ids: base_ids(),
        column_kind: "utf16CodeUnits",
        results: Vec::new(),
    };
    (sarif, model, waiver_results)
}

/// Both base ids, without a `uri`: where the project folder is checked out
/// is for the consumer to know (GitHub resolves against the repository),
/// and the packs have no place on disk at all.
fn base_ids() -> BTreeMap<&'static str, BaseId> {
    BTreeMap::from([
        (
            SRCROOT,
            BaseId {
                description: Text::new(
                    "The top of the git repository that holds the project (the project folder itself when it is not in git).",
                ),
            },
        ),
        (
            PACKS,
            BaseId {
                description: Text::new(
                    "Policy packs bundled in the skykrav binary; these files are not in the repository.",
                ),
            },
        ),
    ])
}

/// The invocation: whether anything was evaluated, the exit status, and
/// every diagnostic that is not already a result.
fn invocation(run: &CheckRun, invalid: bool) -> Invocation {
    Invocation {
        execution_successful: !invalid,
        exit_code: run.verdict() as i32,
        tool_execution_notifications: run
            .diagnostics
            .iter()
            .filter(|d| invalid || d.code != Code::WaiverExpired)
            .map(|d| notification(run, d))
            .collect(),
    }
}

fn notification(run: &CheckRun, d: &Diagnostic) -> Notification {
    let mut locations: Vec<Location> = d
        .labels
        .iter()
        .filter(|l| l.primary)
        .filter_map(|l| location(run, l.span, l.message.clone()))
        .collect();
    if locations.is_empty() {
        // A file that could not be read has a path but no span. An
        // absolute path (the project folder itself) is left out: the log
        // must not depend on where the project lies.
        if let Some(uri) = d
            .path
            .as_deref()
            .and_then(|p| artifact_location(p, &run.repo_prefix))
        {
            locations.push(Location {
                id: None,
                physical_location: PhysicalLocation {
                    artifact_location: uri,
                    region: None,
                },
                message: None,
            });
        }
    }
    let help = d.help_text();
    let text = if help.is_empty() {
        d.message.clone()
    } else {
        format!("{}; help: {help}", d.message)
    };
    Notification {
        message: Text::new(text),
        level: match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Advice => "note",
        },
        locations,
        descriptor: DescriptorReference {
            id: d.code.as_str(),
        },
    }
}

fn rule(req: &Requirement) -> Rule {
    let full = if req.refs.is_empty() {
        end_sentence(&req.title)
    } else {
        format!(
            "{} References: {}.",
            end_sentence(&req.title),
            req.refs.join(", ")
        )
    };
    Rule {
        id: req.full_id.clone(),
        name: pascal_name(&req.full_id),
        short_description: Text::new(req.title.clone()),
        full_description: Text::new(full),
        help: Text::new(req.help.clone().unwrap_or_else(|| {
            format!(
                "Read `{}` in its policy and state the facts it needs in the vendor's file.",
                req.full_id
            )
        })),
        default_configuration: Configuration {
            level: level(req.severity),
        },
        properties: RuleProperties {
            tags: req.refs.clone(),
            severity: req.severity.as_str(),
        },
    }
}

/// The rule that stands for expired waivers whose requirement is unknown.
fn expired_waiver_rule() -> Rule {
    Rule {
        id: EXPIRED_WAIVER_RULE.to_string(),
        name: "ExpiredWaiver".to_string(),
        short_description: Text::new("A waiver has expired"),
        full_description: Text::new(
            "A waiver has expired: it covers nothing, and the finding it covered is reported again.",
        ),
        help: Text::new(Code::WaiverExpired.default_help()),
        default_configuration: Configuration { level: "warning" },
        properties: RuleProperties {
            tags: Vec::new(),
            severity: "medium",
        },
    }
}

fn end_sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// A friendly name for a rule, which SARIF wants as one PascalCase word
/// different from the id: `dk-baseline/R3.uptime` gives `DkBaselineR3Uptime`.
pub(super) fn pascal_name(id: &str) -> String {
    let mut name = String::new();
    for word in id.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "Rule");
    }
    name
}

/// critical and high fail a pull request's check; medium and low are
/// worth a look; info is a note.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Low => "warning",
        Severity::Info => "note",
    }
}

fn finding_result(run: &CheckRun, model: &Model, f: &Finding) -> Option<SarifResult> {
    let (kind, level) = match f.outcome {
        Outcome::Fail => (
            "fail",
            Some(level(model.requirements.get(f.requirement)?.severity)),
        ),
        // SARIF §3.27.10: a result whose kind is not "fail" has level
        // "none", whether written or not. Leaving it out keeps to the spec
        // and lets GitHub, which reads no `kind`, fall back to the rule's
        // default level, so an unknown still shows with its severity.
        Outcome::Unknown => ("review", None),
        _ => return None,
    };
    let vendor = model.vendors.get(f.vendor)?;
    let req = model.requirements.get(f.requirement)?;
    let ev = run.evidence(f);
    let evidence = places(run, model, f, &ev)?;
    let mut related = vec![require_place(run, req, f)];
    related.extend(evidence.related);
    Some(SarifResult {
        rule_id: req.full_id.clone(),
        rule_index: f.requirement,
        kind,
        level,
        message: Text::new(finding_message(model, f, &ev)?),
        locations: place_locations(run, [evidence.primary], false),
        related_locations: place_locations(run, related, true),
        partial_fingerprints: BTreeMap::from([(
            FINGERPRINT_KEY,
            fingerprint(&vendor.id, &req.full_id),
        )]),
        properties: ResultProperties {
            vendor: vendor.id.clone(),
            severity: req.severity.as_str(),
            outcome: f.outcome.as_str(),
        },
    })
}

/// An expired waiver as a result of the requirement it covered, placed at
/// the waiver, so that it shows where it must be renewed or removed.
fn expired_waiver_result(
    run: &CheckRun,
    model: &Model,
    d: &Diagnostic,
    rules: &mut Vec<Rule>,
) -> SarifResult {
    let waiver = expired_waiver(model, d);
    let mut places = Vec::new();
    if let Some(span) = d.main_span() {
        places.push(Place::new(span, "the expired waiver"));
    }
    let mut related = Vec::new();
    let (rule_id, rule_index, vendor_id, severity) = match waiver {
        Some((vendor, req, index)) => {
            related.push(Place::new(
                req.header,
                format!("the waived requirement `{}`", req.full_id),
            ));
            related.push(Place::new(
                vendor.header,
                format!("the vendor `{}`", vendor.id),
            ));
            (
                req.full_id.clone(),
                index,
                vendor.id.clone(),
                req.severity.as_str(),
            )
        }
        None => (
            EXPIRED_WAIVER_RULE.to_string(),
            expired_waiver_rule_index(rules),
            String::new(),
            "medium",
        ),
    };
    SarifResult {
        partial_fingerprints: BTreeMap::from([(
            FINGERPRINT_KEY,
            waiver_fingerprint(&vendor_id, &rule_id, &d.message),
        )]),
        rule_id,
        rule_index,
        kind: "fail",
        level: Some("warning"),
        message: Text::new(d.message.clone()),
        locations: place_locations(run, places, false),
        related_locations: place_locations(run, related, true),
        properties: ResultProperties {
            vendor: vendor_id,
            severity,
            outcome: "expired waiver",
        },
    }
}

/// The index of the stand-in rule for expired waivers, added on first use.
fn expired_waiver_rule_index(rules: &mut Vec<Rule>) -> usize {
    if let Some(i) = rules.iter().position(|r| r.id == EXPIRED_WAIVER_RULE) {
        return i;
    }
    rules.push(expired_waiver_rule());
    rules.len() - 1
}

/// The `require` line that decided the finding, else the requirement.
fn require_place(run: &CheckRun, req: &Requirement, f: &Finding) -> Place {
    let Some((_, span)) = f.decisive_require.and_then(|i| req.requires.get(i)) else {
        return Place::new(req.header, format!("the requirement `{}`", req.full_id));
    };
    let text = run
        .sources
        .slice(*span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let verdict = match f.outcome {
        Outcome::Fail => "is false",
        _ => "cannot be decided",
    };
    Place::new(*span, format!("`{text}` {verdict}"))
}

/// Places as SARIF locations, numbered from 1 when they are related
/// locations (each needs an `id` to be linked, and a `message`).
fn place_locations(
    run: &CheckRun,
    places: impl IntoIterator<Item = Place>,
    numbered: bool,
) -> Vec<Location> {
    places
        .into_iter()
        .filter_map(|p| location(run, p.span, Some(p.message)))
        .enumerate()
        .map(|(i, mut l)| {
            if numbered {
                l.id = Some(i + 1);
            }
            l
        })
        .collect()
}

fn location(run: &CheckRun, span: Span, message: Option<String>) -> Option<Location> {
    let file = run.sources.get(span.file)?;
    let artifact_location = artifact_location(&file.name, &run.repo_prefix)?;
    let (start_line, start_column) = utf16_line_col(file, span.start);
    let (end_line, end_column) = utf16_line_col(file, span.end);
    Some(Location {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location,
            region: Some(Region {
                start_line,
                start_column,
                end_line,
                end_column,
            }),
        },
        message: message.map(Text::new),
    })
}

/// A file name as a URI relative to the repository's top (`prefix` is the
/// project folder there), with its base id; `None` for a name that is
/// absolute, which would tie the log to one machine.
fn artifact_location(name: &str, prefix: &str) -> Option<ArtifactLocation> {
    if let Some(rest) = name.strip_prefix('<') {
        let (pack, path) = rest.split_once('>')?;
        let path = path.trim_start_matches('/');
        return Some(ArtifactLocation {
            uri: percent_encode(&format!("{pack}/{path}")),
            uri_base_id: PACKS,
        });
    }
    if !is_project_path(name) {
        return None;
    }
    Some(ArtifactLocation {
        uri: percent_encode(&format!("{prefix}{name}")),
        uri_base_id: SRCROOT,
    })
}

/// A path as a URI reference: every byte but the unreserved characters and
/// `/` is percent-encoded, so spaces, `#`, `:` and non-ASCII names (`æ.krav`)
/// stay one valid relative reference.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// 1-based line and column of a byte offset, the column in UTF-16 code
/// units, SARIF's default `columnKind`: a character outside the Basic
/// Multilingual Plane counts two.
fn utf16_line_col(file: &crate::source::SourceFile, offset: u32) -> (usize, usize) {
    let (line, column) = file.line_col(offset);
    let before = column.saturating_sub(1);
    let text = file.line_text(line);
    let mut units = 0;
    let mut counted = 0;
    for c in text.chars().take(before) {
        units += c.len_utf16();
        counted += 1;
    }
    // A line break that `line_text` trimmed (`\r`) counts one unit.
    units += before - counted;
    (line, units + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_case_and_differ_from_ids() {
        assert_eq!(pascal_name("dk-baseline/R3.uptime"), "DkBaselineR3Uptime");
        assert_eq!(pascal_name("p/9x"), "P9x");
        assert_eq!(pascal_name("9/x"), "Rule9X");
    }

    #[test]
    fn paths_become_relative_uris() {
        let pack = artifact_location("<dk-cloud-guide>/baseline.krav", "");
        assert_eq!(
            pack.map(|a| (a.uri, a.uri_base_id)),
            Some(("dk-cloud-guide/baseline.krav".into(), PACKS))
        );
        let own = artifact_location("vendors/æ x#1.krav", "");
        assert_eq!(
            own.map(|a| (a.uri, a.uri_base_id)),
            Some(("vendors/%C3%A6%20x%231.krav".into(), SRCROOT))
        );
        assert!(artifact_location("/tmp/project", "").is_none());
        assert!(artifact_location("C:/project", "").is_none());
        assert!(artifact_location("`/tmp/project`", "").is_none());
    }

    #[test]
    fn columns_count_utf16_units() {
        let mut sources = crate::source::Sources::new();
        let id = sources.add("a.krav", "x = \"😀\" y\r\nz");
        let file = sources
            .get(id)
            .map(|f| (f.line_col(0), utf16_line_col(f, 11)));
        // `y` is the 9th character but the 10th UTF-16 unit.
        assert_eq!(file, Some(((1, 1), (1, 10))));
    }

    /// The streamed log is, byte for byte, the whole log serialised at
    /// once: on both examples (one has an expired waiver) and on a project
    /// with errors.
    #[test]
    fn the_streamed_log_is_the_log_serialised_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let invalid = std::env::temp_dir().join(format!("skykrav-sarif-{}", std::process::id()));
        std::fs::create_dir_all(invalid.join("policies")).unwrap();
        std::fs::write(
            invalid.join("policies/x.krav"),
            "schema x { fact a: intt }\n",
        )
        .unwrap();
        for dir in [
            root.join("examples/nordlys"),
            root.join("examples/quickstart"),
            invalid.clone(),
        ] {
            let run = crate::check_project(&dir, &crate::CheckOptions::default());
            let (mut whole, model, waiver_results) = sarif_run(&run);
            if let Some(model) = model {
                whole.results = run
                    .evaluation
                    .findings
                    .iter()
                    .filter_map(|f| finding_result(&run, model, f))
                    .collect();
            }
            whole.results.extend(waiver_results);
            let log = Log {
                schema: SCHEMA,
                version: "2.1.0",
                runs: vec![whole],
            };
            let expected = format!("{}\n", serde_json::to_string_pretty(&log).unwrap());
            assert_eq!(render_sarif(&run), expected, "{}", dir.display());
        }
        std::fs::remove_dir_all(&invalid).unwrap();
    }
}
