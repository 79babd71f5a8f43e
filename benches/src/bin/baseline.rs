//! `baseline DIR`: the hand-written floor.
//!
//! Single-threaded. Reads every `vendors/*.json` of a generated corpus and
//! parses it into `serde_json::Value` (all vendors first, as skykrav must:
//! nothing is evaluated before everything is known to be valid), runs the
//! corpus's requirements as plain Rust functions, one per template, with
//! the parameters the generator drew (rebuilt from `corpus.json`), and
//! prints a JSON report with, per (vendor, requirement), the outcome and
//! the facts read (path and value): comparable work to
//! `skykrav check --format json`.
//!
//! Three-valued logic is `Option<bool>` (`None` is unknown); a fact that is
//! not stated, or a record field left out, is `None`.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use serde_json::Value;

use skykrav_bench::date::TODAY;
use skykrav_bench::spec::{
    self, f, Dated, Requirement, Template, COMPANY_DOMAIN, EEA, FACTS, OPEN_FORMATS,
};
use skykrav_bench::Manifest;

type Tri = Option<bool>;

fn and(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

fn or(a: Tri, b: Tri) -> Tri {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

fn not(a: Tri) -> Tri {
    a.map(|x| !x)
}

/// `all`: false if an element is false, else unknown if one is unknown.
fn q_all(items: impl Iterator<Item = Tri>) -> Tri {
    let mut unknown = false;
    for t in items {
        match t {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(true)
    }
}

/// `any`: true if an element is true, else unknown if one is unknown.
fn q_any(items: impl Iterator<Item = Tri>) -> Tri {
    let mut unknown = false;
    for t in items {
        match t {
            Some(true) => return Some(true),
            None => unknown = true,
            Some(false) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

fn cmp<T: PartialOrd>(a: Option<T>, b: Option<T>, op: fn(&T, &T) -> bool) -> Tri {
    Some(op(&a?, &b?))
}

fn parse_f64(s: &str) -> Option<f64> {
    s.parse().ok()
}

#[derive(Serialize)]
struct FactRead {
    path: &'static str,
    value: String,
}

/// The dotted path of each fact, worked out once.
fn paths() -> &'static [String] {
    static PATHS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    PATHS.get_or_init(|| FACTS.iter().map(|f| f.path()).collect())
}

/// One vendor's facts, and the facts the current requirement read.
struct Vendor<'a> {
    facts: Option<&'a serde_json::Map<String, Value>>,
    read: Vec<FactRead>,
}

impl<'a> Vendor<'a> {
    /// The stated value of fact `k`, unwrapped from `{"value": …}`.
    fn get(&mut self, k: usize) -> Option<&'a Value> {
        let fact = &FACTS[k];
        let facts = self.facts?;
        let raw = if fact.group.is_empty() {
            facts.get(fact.name)?
        } else {
            facts.get(fact.group)?.as_object()?.get(fact.name)?
        };
        let v = match raw {
            Value::Object(o) if o.contains_key("value") => o.get("value")?,
            v => v,
        };
        let path = paths()[k].as_str();
        if !self.read.iter().any(|r| r.path == path) {
            self.read.push(FactRead {
                path,
                value: v.to_string(),
            });
        }
        Some(v)
    }

    fn present(&mut self, k: usize) -> Tri {
        Some(self.get(k).is_some())
    }
    fn bool(&mut self, k: usize) -> Tri {
        self.get(k)?.as_bool()
    }
    fn int(&mut self, k: usize) -> Option<i64> {
        self.get(k)?.as_i64()
    }
    fn num(&mut self, k: usize) -> Option<f64> {
        self.get(k)?.as_f64()
    }
    fn str(&mut self, k: usize) -> Option<&'a str> {
        self.get(k)?.as_str()
    }
    fn list(&mut self, k: usize) -> Option<&'a Vec<Value>> {
        self.get(k)?.as_array()
    }
    /// A percent in points: `99.9` or `"99.9%"`.
    fn pct(&mut self, k: usize) -> Option<f64> {
        match self.get(k)? {
            Value::String(s) => parse_f64(s.strip_suffix('%')?),
            v => v.as_f64(),
        }
    }
    /// A duration in minutes.
    fn mins(&mut self, k: usize) -> Option<i64> {
        spec::minutes(self.get(k)?.as_str()?)
    }
    /// `x in LIST` for a string or enum element.
    fn contains(&mut self, k: usize, x: &str) -> Tri {
        Some(self.list(k)?.iter().any(|e| e.as_str() == Some(x)))
    }
}

fn field<'a>(s: &'a Value, name: &str) -> Option<&'a Value> {
    s.as_object()?.get(name)
}

fn in_eea(x: Option<&str>) -> Tri {
    Some(EEA.contains(&x?))
}

/// `DATE within N days`: between today - N and today, both included.
fn within(d: Option<&str>, days: i64) -> Tri {
    let d = skykrav_bench::date::parse(d?)?;
    let today = skykrav_bench::date::today();
    Some(today - days <= d && d <= today)
}

/// `owner.name matches "[A-Z]* *"`.
fn name_pattern(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.any(|c| c == ' ')
}

/// `owner.email matches "?*.?*@nordlys.dk"`.
fn email_pattern(s: &str) -> bool {
    let Some(local) = s
        .strip_suffix(COMPANY_DOMAIN)
        .and_then(|l| l.strip_suffix('@'))
    else {
        return false;
    };
    let chars: Vec<char> = local.chars().collect();
    chars
        .iter()
        .enumerate()
        .any(|(i, c)| *c == '.' && i >= 1 && i + 1 < chars.len())
}

fn outcome(when: Tri, requires: &[Tri]) -> &'static str {
    if when == Some(false) {
        "n/a"
    } else if requires.contains(&Some(false)) {
        "fail"
    } else if requires.contains(&None) {
        "unknown"
    } else {
        "pass"
    }
}

/// One requirement for one vendor: the plain Rust of its template.
fn check(t: &Template, v: &mut Vendor) -> &'static str {
    match t {
        Template::Uptime { min, guarded } => {
            let when = if *guarded {
                v.bool(f::USAGE_CRITICAL)
            } else {
                Some(true)
            };
            if when == Some(false) {
                return "n/a";
            }
            outcome(when, &[cmp(v.pct(f::SLA_UPTIME), parse_f64(min), f64::ge)])
        }
        Template::Breach { max_hours, support } => outcome(
            Some(true),
            &[
                cmp(
                    v.mins(f::INCIDENT_BREACH_NOTIFICATION),
                    Some(max_hours * 60),
                    i64::le,
                ),
                cmp(
                    v.mins(f::SLA_SUPPORT_RESPONSE),
                    spec::minutes(support),
                    i64::le,
                ),
                v.present(f::INCIDENT_CONTACT),
            ],
        ),
        Template::Cost { max_price, cvss } => outcome(
            Some(true),
            &[
                cmp(
                    v.num(f::CONTRACT_MONTHLY_PRICE),
                    Some(*max_price as f64),
                    f64::le,
                ),
                cmp(v.num(f::SECURITY_CVSS_MAX), parse_f64(cvss), f64::lt),
            ],
        ),
        Template::Tier { allowed, .. } => {
            let tier = v.str(f::TIER);
            let enc = v.str(f::DATA_ENCRYPTION);
            outcome(
                Some(true),
                &[
                    tier.map(|t| allowed.contains(&t)),
                    enc.map(|e| e != "PLAIN"),
                ],
            )
        }
        Template::Certs {
            cert,
            report,
            min_reports,
        } => {
            let mut r = vec![v.contains(f::AUDIT_CERTIFICATIONS, cert)];
            if let Some(rep) = report {
                r.push(v.contains(f::AUDIT_REPORTS, rep));
            }
            r.push(cmp(
                v.int(f::AUDIT_REPORTS_RECEIVED),
                Some(*min_reports),
                i64::ge,
            ));
            outcome(Some(true), &r)
        }
        Template::SubsAll { dpa } => {
            let r = v.list(f::SUBPROCESSORS_LIST).and_then(|subs| {
                q_all(subs.iter().map(|s| {
                    let country = in_eea(field(s, "country").and_then(Value::as_str));
                    if *dpa {
                        and(country, field(s, "dpa_signed").and_then(Value::as_bool))
                    } else {
                        country
                    }
                }))
            });
            outcome(Some(true), &[r])
        }
        Template::SubsSome { any_region } => {
            let r = v
                .list(f::SUBPROCESSORS_LIST)
                .and_then(|subs| match any_region {
                    Some(region) => q_any(subs.iter().map(|s| {
                        field(s, "country")
                            .and_then(Value::as_str)
                            .map(|c| c == *region)
                    })),
                    // none x: B  ==  all x: not B
                    None => q_all(subs.iter().map(|s| {
                        let offshore = field(s, "country")
                            .and_then(Value::as_str)
                            .map(|c| c == "OTHER");
                        not(or(offshore, Some(field(s, "dpa_signed").is_none())))
                    })),
                });
            outcome(Some(true), &[r])
        }
        Template::Fresh {
            dated,
            amount,
            unit,
            max_score,
        } => {
            let days = if *unit == 'w' { amount * 7 } else { *amount };
            let k = match dated {
                Dated::RiskAssessed => f::RISK_LAST_ASSESSED,
                Dated::Pentest => f::AUDIT_LAST_PENTEST,
            };
            let mut r = vec![within(v.str(k), days)];
            if let Some(s) = max_score {
                r.push(cmp(v.int(f::RISK_SCORE), Some(*s), i64::le));
            }
            outcome(Some(true), &r)
        }
        Template::Owner { email: false } => {
            let named = and(
                v.present(f::OWNER_NAME),
                v.str(f::OWNER_NAME).map(|n| !n.is_empty()),
            );
            let pattern = v.str(f::OWNER_NAME).map(name_pattern);
            outcome(Some(true), &[named, pattern])
        }
        Template::Owner { email: true } => {
            outcome(Some(true), &[v.str(f::OWNER_EMAIL).map(email_pattern)])
        }
        Template::Auth {
            min_users,
            max_subs,
        } => {
            let when = cmp(v.int(f::USAGE_USERS), Some(*min_users), i64::ge);
            if when == Some(false) {
                return "n/a";
            }
            let strong = or(
                v.bool(f::SECURITY_SSO),
                v.contains(f::SECURITY_MFA, "WEBAUTHN"),
            );
            let factor = v.list(f::SECURITY_MFA).map(|l| !l.is_empty());
            let few = v
                .list(f::SUBPROCESSORS_LIST)
                .map(|l| l.len() as i64 <= *max_subs);
            outcome(when, &[strong, factor, few])
        }
        Template::Personal {
            via_define,
            backups,
        } => {
            let pd = v.bool(f::USAGE_PERSONAL_DATA);
            let when = if *via_define {
                and(pd, v.str(f::TIER).map(|t| t != "FREE"))
            } else {
                pd
            };
            if when == Some(false) {
                return "n/a";
            }
            let eu_only = v
                .list(f::DATA_LOCATIONS)
                .and_then(|l| q_all(l.iter().map(|r| in_eea(r.as_str()))));
            let mut r = vec![v.bool(f::DATA_DPA_SIGNED), eu_only];
            if *backups {
                r.push(
                    v.list(f::DATA_BACKUP_LOCATIONS)
                        .and_then(|l| q_all(l.iter().map(|r| in_eea(r.as_str())))),
                );
            }
            outcome(when, &r)
        }
        Template::Contract { max_term } => {
            let renewal = v.str(f::CONTRACT_RENEWAL);
            let signed = v.str(f::CONTRACT_SIGNED);
            outcome(
                Some(true),
                &[
                    renewal.map(|r| r >= TODAY),
                    cmp(signed, renewal, |a, b| a < b),
                    cmp(v.int(f::CONTRACT_TERM_MONTHS), Some(*max_term), i64::le),
                    or(v.bool(f::CONTRACT_EXIT_CLAUSE), v.bool(f::EXIT_TESTED)),
                ],
            )
        }
        Template::Exit {
            max_deletion_days,
            max_rto,
        } => {
            let when = or(v.bool(f::USAGE_CRITICAL), v.bool(f::USAGE_PERSONAL_DATA));
            if when == Some(false) {
                return "n/a";
            }
            outcome(
                when,
                &[
                    v.str(f::EXIT_EXPORT_FORMAT)
                        .map(|x| OPEN_FORMATS.contains(&x)),
                    cmp(
                        v.mins(f::EXIT_DELETION),
                        Some(max_deletion_days * 1440),
                        i64::le,
                    ),
                    cmp(v.mins(f::SLA_RTO), spec::minutes(max_rto), i64::le),
                ],
            )
        }
        Template::Hygiene {
            min_retention_days,
            min_tls,
            min_credit,
        } => outcome(
            Some(true),
            &[
                cmp(
                    v.mins(f::DATA_RETENTION),
                    Some(min_retention_days * 1440),
                    i64::ge,
                ),
                cmp(v.num(f::SECURITY_MIN_TLS), parse_f64(min_tls), f64::ge),
                cmp(v.pct(f::SLA_CREDIT), parse_f64(min_credit), f64::ge),
            ],
        ),
    }
}

#[derive(Serialize)]
struct Row<'a> {
    vendor: &'a str,
    requirement: &'a str,
    severity: &'static str,
    outcome: &'static str,
    facts: Vec<FactRead>,
}

fn run(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let started = std::time::Instant::now();
    let timing = std::env::var_os("BASELINE_TIMING").is_some();
    let manifest = Manifest::read(dir)?;
    let reqs: Vec<Requirement> = spec::requirements(manifest.requirements, manifest.seed);
    let full_ids: Vec<String> = reqs.iter().map(Requirement::full_id).collect();

    let mut files: Vec<PathBuf> = fs::read_dir(dir.join("vendors"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut vendors: Vec<Value> = Vec::with_capacity(files.len());
    for path in &files {
        let text = fs::read(path)?;
        let v: Value =
            serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        vendors.push(v);
    }
    // Sorted by id, as skykrav's report is (files are named by id, but the
    // id is what counts).
    vendors.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    if timing {
        eprintln!(
            "baseline: read and parsed {} vendors in {:?}",
            vendors.len(),
            started.elapsed()
        );
    }

    let (mut pass, mut fail, mut unknown, mut na) = (0usize, 0usize, 0usize, 0usize);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    out.write_all(b"{\n  \"results\": [")?;
    let mut first = true;
    for vendor in &vendors {
        let id = vendor["id"].as_str().ok_or("a vendor without an id")?;
        let facts = vendor.get("facts").and_then(Value::as_object);
        for (req, full_id) in reqs.iter().zip(&full_ids) {
            let mut v = Vendor {
                facts,
                read: Vec::new(),
            };
            let outcome = check(&req.template, &mut v);
            match outcome {
                "pass" => pass += 1,
                "fail" => fail += 1,
                "unknown" => unknown += 1,
                _ => na += 1,
            }
            let row = Row {
                vendor: id,
                requirement: full_id,
                severity: req.severity,
                outcome,
                facts: v.read,
            };
            // One result a line, as skykrav writes them.
            out.write_all(if first { b"\n    " } else { b",\n    " })?;
            first = false;
            serde_json::to_writer(&mut out, &row)?;
        }
    }
    writeln!(
        out,
        "\n  ],\n  \"summary\": {{ \"pass\": {pass}, \"fail\": {fail}, \"unknown\": {unknown}, \"n/a\": {na} }}\n}}"
    )?;
    out.flush()?;
    if timing {
        eprintln!(
            "baseline: checked and reported in {:?} in all",
            started.elapsed()
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 1 || args[0].starts_with('-') {
        eprintln!("usage: baseline DIR   (a corpus written by gen-corpus with JSON vendors)");
        return ExitCode::from(2);
    }
    match run(Path::new(&args[0])) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baseline: {e}");
            ExitCode::FAILURE
        }
    }
}
