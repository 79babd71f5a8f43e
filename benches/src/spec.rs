//! What the corpus is made of: the schema (36 facts of every type) and the
//! requirement templates. Each generated requirement is a [`Template`] with
//! parameters drawn from the seed; it renders itself as `.krav` and as Rego,
//! and the hand-written baseline (`src/bin/baseline.rs`) matches on the same
//! enum, so the three encodings share one definition of every requirement.

use crate::date;
use crate::rego::{C, V};
use crate::rng::Rng;

/// Name of the generated policy; full requirement ids are `bench/…`.
pub const POLICY: &str = "bench";

/// The type of a fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int,
    Number,
    Percent,
    Duration,
    Date,
    Str,
    /// An enum, by name.
    Enum(&'static str),
    /// `list<Enum>`.
    ListEnum(&'static str),
    /// `list<string>`.
    ListStr,
    /// `list<Subprocessor>`.
    Records,
}

impl Ty {
    pub fn krav(self) -> String {
        match self {
            Ty::Bool => "bool".into(),
            Ty::Int => "int".into(),
            Ty::Number => "number".into(),
            Ty::Percent => "percent".into(),
            Ty::Duration => "duration".into(),
            Ty::Date => "date".into(),
            Ty::Str => "string".into(),
            Ty::Enum(e) => e.into(),
            Ty::ListEnum(e) => format!("list<{e}>"),
            Ty::ListStr => "list<string>".into(),
            Ty::Records => "list<Subprocessor>".into(),
        }
    }
}

/// A fact of the schema. `group` is empty for a top-level fact.
#[derive(Clone, Copy, Debug)]
pub struct Fact {
    pub group: &'static str,
    pub name: &'static str,
    pub ty: Ty,
    pub doc: &'static str,
}

impl Fact {
    /// The dotted path, as policies and reports write it.
    pub fn path(&self) -> String {
        if self.group.is_empty() {
            self.name.to_string()
        } else {
            format!("{}.{}", self.group, self.name)
        }
    }

    /// The name of the Rego rule that holds the fact's (converted) value.
    pub fn rego(&self) -> String {
        self.path().replace('.', "_")
    }
}

pub const ENUMS: &[(&str, &[&str])] = &[
    ("Region", &["EU", "EEA", "CH", "UK", "US", "OTHER"]),
    (
        "Tier",
        &["FREE", "BASIC", "STANDARD", "PREMIUM", "ENTERPRISE"],
    ),
    (
        "Cert",
        &[
            "ISO27001", "ISO27017", "ISO27018", "SOC2", "C5", "CSASTAR", "PCIDSS",
        ],
    ),
    ("Auth", &["PASSWORD", "TOTP", "SMS", "WEBAUTHN"]),
    ("Encryption", &["PLAIN", "PROVIDER_KEYS", "CUSTOMER_KEYS"]),
];

pub const GROUPS: &[(&str, &str)] = &[
    ("owner", "Who in our company answers for the service"),
    ("usage", "How we use the service"),
    ("sla", "What the service level agreement guarantees"),
    ("contract", "The agreement and what it costs"),
    ("data", "Where our data lives and how it is kept"),
    ("incident", "How the vendor tells us of incidents"),
    ("risk", "Our own risk assessment"),
    ("audit", "Certificates and audit reports"),
    ("security", "How the service is configured and secured"),
    ("subprocessors", "Who else handles our data"),
    ("exit", "How we would leave the service"),
];

/// Indices into [`FACTS`], for the templates and the baseline.
pub mod f {
    pub const TIER: usize = 0;
    pub const OWNER_NAME: usize = 1;
    pub const OWNER_EMAIL: usize = 2;
    pub const USAGE_CRITICAL: usize = 3;
    pub const USAGE_PERSONAL_DATA: usize = 4;
    pub const USAGE_USERS: usize = 5;
    pub const SLA_UPTIME: usize = 6;
    pub const SLA_SUPPORT_RESPONSE: usize = 7;
    pub const SLA_CREDIT: usize = 8;
    pub const SLA_RTO: usize = 9;
    pub const CONTRACT_MONTHLY_PRICE: usize = 10;
    pub const CONTRACT_SIGNED: usize = 11;
    pub const CONTRACT_RENEWAL: usize = 12;
    pub const CONTRACT_TERM_MONTHS: usize = 13;
    pub const CONTRACT_EXIT_CLAUSE: usize = 14;
    pub const DATA_LOCATIONS: usize = 15;
    pub const DATA_BACKUP_LOCATIONS: usize = 16;
    pub const DATA_DPA_SIGNED: usize = 17;
    pub const DATA_RETENTION: usize = 18;
    pub const DATA_ENCRYPTION: usize = 19;
    pub const INCIDENT_BREACH_NOTIFICATION: usize = 20;
    pub const INCIDENT_CONTACT: usize = 21;
    pub const RISK_LAST_ASSESSED: usize = 22;
    pub const RISK_SCORE: usize = 23;
    pub const AUDIT_CERTIFICATIONS: usize = 24;
    pub const AUDIT_REPORTS: usize = 25;
    pub const AUDIT_REPORTS_RECEIVED: usize = 26;
    pub const AUDIT_LAST_PENTEST: usize = 27;
    pub const SECURITY_MFA: usize = 28;
    pub const SECURITY_SSO: usize = 29;
    pub const SECURITY_MIN_TLS: usize = 30;
    pub const SECURITY_CVSS_MAX: usize = 31;
    pub const SUBPROCESSORS_LIST: usize = 32;
    pub const EXIT_EXPORT_FORMAT: usize = 33;
    pub const EXIT_DELETION: usize = 34;
    pub const EXIT_TESTED: usize = 35;
}

const fn fact(group: &'static str, name: &'static str, ty: Ty, doc: &'static str) -> Fact {
    Fact {
        group,
        name,
        ty,
        doc,
    }
}

/// The 36 facts, in the order of [`f`].
pub const FACTS: [Fact; 36] = [
    fact("", "tier", Ty::Enum("Tier"), "The plan we buy"),
    fact("owner", "name", Ty::Str, "Our cloud owner for this service"),
    fact("owner", "email", Ty::Str, "The cloud owner's work e-mail"),
    fact(
        "usage",
        "critical",
        Ty::Bool,
        "The business stops if this service stops",
    ),
    fact(
        "usage",
        "personal_data",
        Ty::Bool,
        "We put personal data into the service",
    ),
    fact("usage", "users", Ty::Int, "How many of our people use it"),
    fact("sla", "uptime", Ty::Percent, "Monthly uptime guaranteed"),
    fact(
        "sla",
        "support_response",
        Ty::Duration,
        "Longest wait for an answer from support",
    ),
    fact(
        "sla",
        "credit",
        Ty::Percent,
        "Service credit when the uptime is missed",
    ),
    fact(
        "sla",
        "rto",
        Ty::Duration,
        "Recovery time objective after a disaster",
    ),
    fact(
        "contract",
        "monthly_price",
        Ty::Number,
        "Price per user per month, in EUR",
    ),
    fact(
        "contract",
        "signed",
        Ty::Date,
        "When the agreement was signed",
    ),
    fact(
        "contract",
        "renewal",
        Ty::Date,
        "When the agreement ends or renews",
    ),
    fact(
        "contract",
        "term_months",
        Ty::Int,
        "Length of the term in months",
    ),
    fact(
        "contract",
        "exit_clause",
        Ty::Bool,
        "The agreement says how we leave",
    ),
    fact(
        "data",
        "locations",
        Ty::ListEnum("Region"),
        "Where our data is stored and processed",
    ),
    fact(
        "data",
        "backup_locations",
        Ty::ListEnum("Region"),
        "Where backups are kept",
    ),
    fact(
        "data",
        "dpa_signed",
        Ty::Bool,
        "A GDPR Art. 28 data processing agreement is signed",
    ),
    fact(
        "data",
        "retention",
        Ty::Duration,
        "How long deleted data can be restored",
    ),
    fact(
        "data",
        "encryption",
        Ty::Enum("Encryption"),
        "Who holds the keys to our data at rest",
    ),
    fact(
        "incident",
        "breach_notification",
        Ty::Duration,
        "Longest time before the vendor tells us of a breach",
    ),
    fact(
        "incident",
        "contact",
        Ty::Str,
        "Where the vendor reports incidents to",
    ),
    fact(
        "risk",
        "last_assessed",
        Ty::Date,
        "When we last assessed the risk of this service",
    ),
    fact("risk", "score", Ty::Int, "Likelihood times impact, 1 to 25"),
    fact(
        "audit",
        "certifications",
        Ty::ListEnum("Cert"),
        "Certificates the vendor holds",
    ),
    fact(
        "audit",
        "reports",
        Ty::ListStr,
        "Audit reports we have on file",
    ),
    fact(
        "audit",
        "reports_received",
        Ty::Int,
        "Audit reports received this year",
    ),
    fact(
        "audit",
        "last_pentest",
        Ty::Date,
        "The vendor's latest penetration test",
    ),
    fact(
        "security",
        "mfa",
        Ty::ListEnum("Auth"),
        "Second factors the service offers",
    ),
    fact(
        "security",
        "sso",
        Ty::Bool,
        "Sign-in through our identity provider",
    ),
    fact(
        "security",
        "min_tls",
        Ty::Number,
        "Oldest TLS version accepted",
    ),
    fact(
        "security",
        "cvss_max",
        Ty::Number,
        "Highest CVSS score of an open vulnerability",
    ),
    fact(
        "subprocessors",
        "list",
        Ty::Records,
        "Every sub-processor that handles our data",
    ),
    fact(
        "exit",
        "export_format",
        Ty::Str,
        "The format of a full export",
    ),
    fact(
        "exit",
        "deletion",
        Ty::Duration,
        "How soon our data is deleted after we leave",
    ),
    fact("exit", "tested", Ty::Bool, "We have tried the export"),
];

/// The fields of the `Subprocessor` record.
pub const SUB_FIELDS: &[(&str, &str, &str)] = &[
    ("name", "string", "Legal name of the sub-processor"),
    ("country", "Region", "Where it handles our data"),
    (
        "dpa_signed",
        "bool",
        "It is bound by a data processing agreement",
    ),
    ("purpose", "string", "What it does for the vendor"),
];

/// The `Region` values that count as EU/EEA (the define `eea`).
pub const EEA: &[&str] = &["EU", "EEA", "CH"];

/// Export formats that a requirement accepts.
pub const OPEN_FORMATS: &[&str] = &["CSV", "JSON", "XML"];

/// The domain of the company's own e-mail addresses.
pub const COMPANY_DOMAIN: &str = "nordlys.dk";

/// `policies/schema.krav`.
pub fn schema_krav() -> String {
    let mut s = String::new();
    s.push_str("// Generated by skykrav-bench gen-corpus: the facts of the benchmark corpus.\n");
    s.push_str("schema bench \"Facts about a cloud service and our use of it\" {\n");
    for (name, values) in ENUMS {
        s.push_str(&format!("  enum {name} {{ {} }}\n", values.join(", ")));
    }
    s.push_str("\n  record Subprocessor {\n");
    for (name, ty, doc) in SUB_FIELDS {
        s.push_str(&format!("    {name}: {ty} \"{doc}\"\n"));
    }
    s.push_str("  }\n\n");
    for fact in FACTS.iter().filter(|f| f.group.is_empty()) {
        s.push_str(&format!(
            "  fact {}: {} \"{}\"\n",
            fact.name,
            fact.ty.krav(),
            fact.doc
        ));
    }
    for (group, doc) in GROUPS {
        s.push_str(&format!("\n  group {group} \"{doc}\" {{\n"));
        for fact in FACTS.iter().filter(|f| f.group == *group) {
            s.push_str(&format!(
                "    fact {}: {} \"{}\"\n",
                fact.name,
                fact.ty.krav(),
                fact.doc
            ));
        }
        s.push_str("  }\n");
    }
    s.push_str("}\n");
    s
}

/// Which date a freshness requirement reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dated {
    RiskAssessed,
    Pentest,
}

/// One requirement template with its parameters. Durations and decimals are
/// kept as the text the policy writes (`"4h"`, `"99.95"`), so that every
/// encoding reads the same literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Template {
    /// `[when usage.critical] require sla.uptime >= MIN%`
    Uptime { min: &'static str, guarded: bool },
    /// Breach notice in hours, support response, a contact is named.
    Breach {
        max_hours: i64,
        support: &'static str,
    },
    /// `monthly_price <= INT` (number against int) and `cvss_max < X`.
    Cost { max_price: i64, cvss: &'static str },
    /// `tier in [...]`, and no plain-text storage (`not in` or `not ==`).
    Tier {
        allowed: Vec<&'static str>,
        not_form: bool,
    },
    /// `certifications contains C`, a named report `in` the reports, a count.
    Certs {
        cert: &'static str,
        report: Option<&'static str>,
        min_reports: i64,
    },
    /// `all s in subprocessors.list: s.country in eea [and s.dpa_signed]`.
    SubsAll { dpa: bool },
    /// `any s …: s.country == R`, or `none s …: s.country == OTHER or not present(s.dpa_signed)`.
    SubsSome { any_region: Option<&'static str> },
    /// `DATE within N(d|w)`, and maybe `risk.score <= S`.
    Fresh {
        dated: Dated,
        amount: i64,
        unit: char,
        max_score: Option<i64>,
    },
    /// The owner is named and written properly, or has a company address.
    Owner { email: bool },
    /// `when usage.users >= U`: `strong_auth`, a second factor, few sub-processors.
    Auth { min_users: i64, max_subs: i64 },
    /// `when handles_personal_data` (or `usage.personal_data`): DPA, `eu_only`, backups in the EEA.
    Personal { via_define: bool, backups: bool },
    /// Dates of the contract against `today` and each other, the term, an exit.
    Contract { max_term: i64 },
    /// `when usage.critical or usage.personal_data`: open export, deletion, RTO.
    Exit {
        max_deletion_days: i64,
        max_rto: &'static str,
    },
    /// Retention, TLS version (number against number), service credit.
    Hygiene {
        min_retention_days: i64,
        min_tls: &'static str,
        min_credit: &'static str,
    },
}

/// How many templates there are: requirement `i` uses template `i % COUNT`.
pub const TEMPLATE_COUNT: usize = 14;

#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    /// The id inside the policy, such as `r007-fresh`.
    pub id: String,
    pub title: String,
    pub severity: &'static str,
    pub template: Template,
}

impl Requirement {
    /// `bench/r007-fresh`.
    pub fn full_id(&self) -> String {
        format!("{POLICY}/{}", self.id)
    }
}

/// Minutes of a duration literal such as `"4h"` (units m, h, d, w).
pub fn minutes(lit: &str) -> Option<i64> {
    let (num, unit) = lit.split_at(lit.len().checked_sub(1)?);
    let n: i64 = num.parse().ok()?;
    let per = match unit {
        "m" => 1,
        "h" => 60,
        "d" => 1440,
        "w" => 10_080,
        _ => return None,
    };
    Some(n * per)
}

/// A glob of `matches` as an anchored regular expression with the same
/// meaning (`*` any run, `?` one character, `[…]`/`[!…]` a class).
pub fn glob_to_regex(glob: &str) -> String {
    let mut re = String::from("^");
    let mut chars = glob.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => re.push_str("(?s:.*)"),
            '?' => re.push_str("(?s:.)"),
            '[' => {
                re.push('[');
                if chars.peek() == Some(&'!') {
                    chars.next();
                    re.push('^');
                }
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    if c == '\\' || c == '[' {
                        re.push('\\');
                    }
                    re.push(c);
                }
                re.push(']');
            }
            c if c.is_ascii_alphanumeric() || c == ' ' || c == '@' || c == '_' => re.push(c),
            c => {
                re.push('\\');
                re.push(c);
            }
        }
    }
    re.push('$');
    re
}

/// The glob that `Owner { email: false }` matches names against.
pub const NAME_GLOB: &str = "[A-Z]* *";

/// The glob that `Owner { email: true }` matches addresses against.
pub fn email_glob() -> String {
    format!("?*.?*@{COMPANY_DOMAIN}")
}

const SEVERITIES: &[(u64, &str)] = &[
    (1, "critical"),
    (3, "high"),
    (4, "medium"),
    (2, "low"),
    (1, "info"),
];

/// The first `n` requirements of the corpus drawn from `seed`. Requirement
/// `i` does not depend on `n`, so a smaller corpus is a prefix of a larger.
pub fn requirements(n: usize, seed: u64) -> Vec<Requirement> {
    (0..n).map(|i| requirement(i, seed)).collect()
}

fn requirement(i: usize, seed: u64) -> Requirement {
    let mut r = Rng::derive(seed, 2, i as u64);
    let severity = *r.weighted(SEVERITIES);
    let template = match i % TEMPLATE_COUNT {
        0 => Template::Uptime {
            min: *r.pick(&["99.0", "99.5", "99.9", "99.95"]),
            guarded: r.chance(70),
        },
        1 => Template::Breach {
            max_hours: *r.pick(&[48, 72, 72]),
            support: *r.pick(&["4h", "8h", "1d"]),
        },
        2 => Template::Cost {
            max_price: *r.pick(&[25, 40, 60]),
            cvss: *r.pick(&["7", "9", "9.5"]),
        },
        3 => {
            let allowed = match r.below(3) {
                0 => vec!["STANDARD", "PREMIUM", "ENTERPRISE"],
                1 => vec!["PREMIUM", "ENTERPRISE"],
                _ => vec!["BASIC", "STANDARD", "PREMIUM", "ENTERPRISE"],
            };
            Template::Tier {
                allowed,
                not_form: r.chance(50),
            }
        }
        4 => Template::Certs {
            cert: *r.pick(&["ISO27001", "ISO27001", "SOC2", "ISO27017"]),
            report: if r.chance(40) {
                Some(*r.pick(&["SOC 2 Type II", "ISO 27001 cert", "Pentest summary"]))
            } else {
                None
            },
            min_reports: r.range(0, 1),
        },
        5 => Template::SubsAll { dpa: r.chance(60) },
        6 => Template::SubsSome {
            any_region: if r.chance(50) {
                Some(*r.pick(&["EU", "EEA"]))
            } else {
                None
            },
        },
        7 => {
            let dated = if r.chance(50) {
                Dated::RiskAssessed
            } else {
                Dated::Pentest
            };
            let (amount, unit) = *r.pick(&[(365, 'd'), (52, 'w'), (730, 'd'), (104, 'w')]);
            Template::Fresh {
                dated,
                amount,
                unit,
                max_score: if r.chance(50) {
                    Some(r.range(12, 20))
                } else {
                    None
                },
            }
        }
        8 => Template::Owner {
            email: r.chance(50),
        },
        9 => Template::Auth {
            min_users: *r.pick(&[10, 100, 1000]),
            max_subs: r.range(2, 4),
        },
        10 => Template::Personal {
            via_define: r.chance(50),
            backups: r.chance(60),
        },
        11 => Template::Contract {
            max_term: *r.pick(&[36, 36, 48]),
        },
        12 => Template::Exit {
            max_deletion_days: *r.pick(&[60, 90]),
            max_rto: *r.pick(&["1d", "72h", "1w"]),
        },
        _ => Template::Hygiene {
            min_retention_days: *r.pick(&[30, 90]),
            min_tls: *r.pick(&["1.2", "1.1"]),
            min_credit: *r.pick(&["5", "10"]),
        },
    };
    let (slug, title) = template.describe();
    Requirement {
        id: format!("r{i:03}-{slug}"),
        title,
        severity,
        template,
    }
}

impl Template {
    fn describe(&self) -> (&'static str, String) {
        match self {
            Template::Uptime { min, guarded } => (
                "uptime",
                if *guarded {
                    format!("A critical service guarantees at least {min}% uptime")
                } else {
                    format!("The service guarantees at least {min}% uptime")
                },
            ),
            Template::Breach { max_hours, support } => (
                "breach",
                format!("Breaches are reported within {max_hours}h and support answers within {support}"),
            ),
            Template::Cost { max_price, cvss } => (
                "cost",
                format!("At most {max_price} EUR a user and no open vulnerability of CVSS {cvss} or more"),
            ),
            Template::Tier { allowed, .. } => (
                "tier",
                format!("We buy one of {} and data is encrypted", allowed.join(", ")),
            ),
            Template::Certs { cert, .. } => ("certs", format!("The vendor holds {cert} and sends its reports")),
            Template::SubsAll { dpa } => (
                "subs-eea",
                if *dpa {
                    "Every sub-processor is in the EEA under a DPA".into()
                } else {
                    "Every sub-processor is in the EEA".into()
                },
            ),
            Template::SubsSome { any_region } => match any_region {
                Some(r) => ("subs-local", format!("Some sub-processor works from {r}")),
                None => ("subs-known", "No sub-processor is offshore or without a known DPA".into()),
            },
            Template::Fresh { dated, amount, unit, .. } => (
                "fresh",
                match dated {
                    Dated::RiskAssessed => format!("The risk assessment is at most {amount}{unit} old"),
                    Dated::Pentest => format!("The vendor's penetration test is at most {amount}{unit} old"),
                },
            ),
            Template::Owner { email } => (
                "owner",
                if *email {
                    "The cloud owner has a company address".into()
                } else {
                    "A named cloud owner answers for the service".into()
                },
            ),
            Template::Auth { min_users, .. } => (
                "auth",
                format!("A service with {min_users} users or more has strong sign-in"),
            ),
            Template::Personal { .. } => ("personal", "Personal data stays in the EEA under a DPA".into()),
            Template::Contract { max_term } => (
                "contract",
                format!("The agreement is current, at most {max_term} months, with a way out"),
            ),
            Template::Exit { .. } => ("exit", "We can leave an important service with our data".into()),
            Template::Hygiene { min_tls, .. } => (
                "hygiene",
                format!("Retention, TLS {min_tls} or newer, and service credits"),
            ),
        }
    }

    /// The `when` guard in `.krav`, if any.
    pub fn krav_when(&self) -> Option<String> {
        match self {
            Template::Uptime { guarded: true, .. } => Some("usage.critical".into()),
            Template::Auth { min_users, .. } => Some(format!("usage.users >= {min_users}")),
            Template::Personal { via_define, .. } => Some(if *via_define {
                "handles_personal_data".into()
            } else {
                "usage.personal_data".into()
            }),
            Template::Exit { .. } => Some("usage.critical or usage.personal_data".into()),
            _ => None,
        }
    }

    /// The `require` conditions in `.krav`, in order.
    pub fn krav_requires(&self) -> Vec<String> {
        match self {
            Template::Uptime { min, .. } => vec![format!("sla.uptime >= {min}%")],
            Template::Breach { max_hours, support } => vec![
                format!("incident.breach_notification <= {max_hours}h"),
                format!("sla.support_response <= {support}"),
                "present(incident.contact)".into(),
            ],
            Template::Cost { max_price, cvss } => vec![
                format!("contract.monthly_price <= {max_price}"),
                format!("security.cvss_max < {cvss}"),
            ],
            Template::Tier { allowed, not_form } => vec![
                format!("tier in [{}]", allowed.join(", ")),
                if *not_form {
                    "not (data.encryption == PLAIN)".into()
                } else {
                    "data.encryption not in [PLAIN]".into()
                },
            ],
            Template::Certs {
                cert,
                report,
                min_reports,
            } => {
                let mut v = vec![format!("audit.certifications contains {cert}")];
                if let Some(rep) = report {
                    v.push(format!("\"{rep}\" in audit.reports"));
                }
                v.push(format!("audit.reports_received >= {min_reports}"));
                v
            }
            Template::SubsAll { dpa } => vec![if *dpa {
                "all s in subprocessors.list: s.country in eea and s.dpa_signed".into()
            } else {
                "all s in subprocessors.list: s.country in eea".into()
            }],
            Template::SubsSome { any_region } => vec![match any_region {
                Some(r) => format!("any s in subprocessors.list: s.country == {r}"),
                None => {
                    "none s in subprocessors.list: s.country == OTHER or not present(s.dpa_signed)"
                        .into()
                }
            }],
            Template::Fresh {
                dated,
                amount,
                unit,
                max_score,
            } => {
                let path = match dated {
                    Dated::RiskAssessed => "risk.last_assessed",
                    Dated::Pentest => "audit.last_pentest",
                };
                let mut v = vec![format!("{path} within {amount}{unit}")];
                if let Some(s) = max_score {
                    v.push(format!("risk.score <= {s}"));
                }
                v
            }
            Template::Owner { email: false } => vec![
                "present(owner.name) and owner.name != \"\"".into(),
                format!("owner.name matches \"{NAME_GLOB}\""),
            ],
            Template::Owner { email: true } => {
                vec![format!("owner.email matches \"{}\"", email_glob())]
            }
            Template::Auth { max_subs, .. } => vec![
                "strong_auth".into(),
                "count(security.mfa) >= 1".into(),
                format!("count(subprocessors.list) <= {max_subs}"),
            ],
            Template::Personal { backups, .. } => {
                let mut v = vec!["data.dpa_signed".into(), "eu_only".into()];
                if *backups {
                    v.push("all r in data.backup_locations: r in eea".into());
                }
                v
            }
            Template::Contract { max_term } => vec![
                "contract.renewal >= today".into(),
                "contract.signed < contract.renewal".into(),
                format!("contract.term_months <= {max_term}"),
                "contract.exit_clause or exit.tested".into(),
            ],
            Template::Exit {
                max_deletion_days,
                max_rto,
            } => vec![
                format!(
                    "exit.export_format in [{}]",
                    OPEN_FORMATS
                        .iter()
                        .map(|f| format!("\"{f}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!("exit.deletion <= {max_deletion_days}d"),
                format!("sla.rto <= {max_rto}"),
            ],
            Template::Hygiene {
                min_retention_days,
                min_tls,
                min_credit,
            } => vec![
                format!("data.retention >= {min_retention_days}d"),
                format!("security.min_tls >= {min_tls}"),
                format!("sla.credit >= {min_credit}%"),
            ],
        }
    }

    fn help(&self) -> &'static str {
        match self {
            Template::Uptime { .. } => {
                "Negotiate a stronger SLA, or plan how the business runs without the service."
            }
            Template::Breach { .. } => {
                "Agree on breach notification and a support contact in the contract."
            }
            Template::Cost { .. } => {
                "Renegotiate the price, or ask the vendor to fix its open vulnerabilities."
            }
            Template::Tier { .. } => "Move to a plan that encrypts our data at rest.",
            Template::Certs { .. } => {
                "Ask the vendor for its certificate and the latest audit reports."
            }
            Template::SubsAll { .. } | Template::SubsSome { .. } => {
                "Review the vendor's sub-processors and their data processing agreements."
            }
            Template::Fresh { .. } => {
                "Assess the risk again, or ask for a recent penetration test."
            }
            Template::Owner { .. } => {
                "Name the person who owns this service, with the company address."
            }
            Template::Auth { .. } => "Turn on single sign-on or security keys.",
            Template::Personal { .. } => {
                "Sign the DPA and choose the vendor's EU region for data and backups."
            }
            Template::Contract { .. } => {
                "Renew the agreement with an exit clause, or test the export."
            }
            Template::Exit { .. } => {
                "Agree on an open export format, prompt deletion and a recovery time."
            }
            Template::Hygiene { .. } => {
                "Configure retention and TLS, and agree on service credits."
            }
        }
    }

    /// The guard and the conditions as expressions, for the Rego encoding
    /// (`crate::rego`). They say exactly what `krav_when` and
    /// `krav_requires` say.
    pub fn conds(&self) -> (Option<C>, Vec<C>) {
        use C::*;
        let fact = V::Fact;
        let lit = |s: &str| V::Lit(s.to_string());
        let num = |n: i64| V::Lit(n.to_string());
        let string = |s: &str| V::Lit(format!("\"{s}\""));
        let strings = |items: &[&str]| V::Lit(rego_strings(items));
        let mins = |d: &str| V::Lit(minutes(d).unwrap_or(0).to_string());
        let cmp = |op: &'static str, a: V, b: V| Cmp(op, a, b);
        let and = |a: C, b: C| And(Box::new(a), Box::new(b));
        let or = |a: C, b: C| Or(Box::new(a), Box::new(b));
        let not = |a: C| Not(Box::new(a));
        let subs = || fact(f::SUBPROCESSORS_LIST);
        let country = || V::Field("s", "country");
        let when = match self {
            Template::Uptime { guarded: true, .. } => Some(Bool(fact(f::USAGE_CRITICAL))),
            Template::Auth { min_users, .. } => {
                Some(cmp(">=", fact(f::USAGE_USERS), num(*min_users)))
            }
            Template::Personal { via_define, .. } => Some(if *via_define {
                Define("handles_personal_data")
            } else {
                Bool(fact(f::USAGE_PERSONAL_DATA))
            }),
            Template::Exit { .. } => Some(or(
                Bool(fact(f::USAGE_CRITICAL)),
                Bool(fact(f::USAGE_PERSONAL_DATA)),
            )),
            _ => None,
        };
        let requires = match self {
            Template::Uptime { min, .. } => vec![cmp(">=", fact(f::SLA_UPTIME), lit(min))],
            Template::Breach { max_hours, support } => vec![
                cmp(
                    "<=",
                    fact(f::INCIDENT_BREACH_NOTIFICATION),
                    num(max_hours * 60),
                ),
                cmp("<=", fact(f::SLA_SUPPORT_RESPONSE), mins(support)),
                Present(fact(f::INCIDENT_CONTACT)),
            ],
            Template::Cost { max_price, cvss } => vec![
                cmp("<=", fact(f::CONTRACT_MONTHLY_PRICE), num(*max_price)),
                cmp("<", fact(f::SECURITY_CVSS_MAX), lit(cvss)),
            ],
            Template::Tier { allowed, not_form } => vec![
                In(fact(f::TIER), strings(allowed)),
                if *not_form {
                    not(cmp("==", fact(f::DATA_ENCRYPTION), string("PLAIN")))
                } else {
                    not(In(fact(f::DATA_ENCRYPTION), strings(&["PLAIN"])))
                },
            ],
            Template::Certs {
                cert,
                report,
                min_reports,
            } => {
                let mut v = vec![In(string(cert), fact(f::AUDIT_CERTIFICATIONS))];
                if let Some(rep) = report {
                    v.push(In(string(rep), fact(f::AUDIT_REPORTS)));
                }
                v.push(cmp(
                    ">=",
                    fact(f::AUDIT_REPORTS_RECEIVED),
                    num(*min_reports),
                ));
                v
            }
            Template::SubsAll { dpa } => {
                let body = In(country(), V::Define("eea"));
                let body = if *dpa {
                    and(body, Bool(V::Field("s", "dpa_signed")))
                } else {
                    body
                };
                vec![All("s", subs(), Box::new(body))]
            }
            Template::SubsSome { any_region } => vec![match any_region {
                Some(r) => Any("s", subs(), Box::new(cmp("==", country(), string(r)))),
                None => NoneOf(
                    "s",
                    subs(),
                    Box::new(or(
                        cmp("==", country(), string("OTHER")),
                        not(Present(V::Field("s", "dpa_signed"))),
                    )),
                ),
            }],
            Template::Fresh {
                dated,
                amount,
                unit,
                max_score,
            } => {
                let k = match dated {
                    Dated::RiskAssessed => f::RISK_LAST_ASSESSED,
                    Dated::Pentest => f::AUDIT_LAST_PENTEST,
                };
                let days = if *unit == 'w' { amount * 7 } else { *amount };
                let mut v = vec![Within(fact(k), days)];
                if let Some(s) = max_score {
                    v.push(cmp("<=", fact(f::RISK_SCORE), num(*s)));
                }
                v
            }
            Template::Owner { email: false } => vec![
                and(
                    Present(fact(f::OWNER_NAME)),
                    cmp("!=", fact(f::OWNER_NAME), string("")),
                ),
                Matches(fact(f::OWNER_NAME), glob_to_regex(NAME_GLOB)),
            ],
            Template::Owner { email: true } => {
                vec![Matches(fact(f::OWNER_EMAIL), glob_to_regex(&email_glob()))]
            }
            Template::Auth { max_subs, .. } => vec![
                Define("strong_auth"),
                cmp(">=", V::Count(Box::new(fact(f::SECURITY_MFA))), num(1)),
                cmp("<=", V::Count(Box::new(subs())), num(*max_subs)),
            ],
            Template::Personal { backups, .. } => {
                let mut v = vec![Bool(fact(f::DATA_DPA_SIGNED)), Define("eu_only")];
                if *backups {
                    v.push(All(
                        "r",
                        fact(f::DATA_BACKUP_LOCATIONS),
                        Box::new(In(V::Var("r"), V::Define("eea"))),
                    ));
                }
                v
            }
            Template::Contract { max_term } => vec![
                cmp(">=", fact(f::CONTRACT_RENEWAL), string(date::TODAY)),
                cmp("<", fact(f::CONTRACT_SIGNED), fact(f::CONTRACT_RENEWAL)),
                cmp("<=", fact(f::CONTRACT_TERM_MONTHS), num(*max_term)),
                or(
                    Bool(fact(f::CONTRACT_EXIT_CLAUSE)),
                    Bool(fact(f::EXIT_TESTED)),
                ),
            ],
            Template::Exit {
                max_deletion_days,
                max_rto,
            } => vec![
                In(fact(f::EXIT_EXPORT_FORMAT), strings(OPEN_FORMATS)),
                cmp("<=", fact(f::EXIT_DELETION), num(max_deletion_days * 1440)),
                cmp("<=", fact(f::SLA_RTO), mins(max_rto)),
            ],
            Template::Hygiene {
                min_retention_days,
                min_tls,
                min_credit,
            } => vec![
                cmp(
                    ">=",
                    fact(f::DATA_RETENTION),
                    num(min_retention_days * 1440),
                ),
                cmp(">=", fact(f::SECURITY_MIN_TLS), lit(min_tls)),
                cmp(">=", fact(f::SLA_CREDIT), lit(min_credit)),
            ],
        };
        (when, requires)
    }
}

pub(crate) fn rego_strings(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// `policies/policy.krav`.
pub fn policy_krav(reqs: &[Requirement]) -> String {
    let mut s = String::new();
    s.push_str(
        "// Generated by skykrav-bench gen-corpus: the requirements of the benchmark corpus.\n",
    );
    s.push_str(&format!("policy {POLICY} \"Benchmark baseline\" {{\n"));
    s.push_str("  description \"Requirements drawn from templates with parameters, for measuring skykrav.\"\n");
    s.push_str("  reference \"https://sikkerdigital.dk/\"\n\n");
    s.push_str(&format!("  define eea = [{}]\n", EEA.join(", ")));
    s.push_str("  define eu_only = all r in data.locations: r in eea\n");
    s.push_str("  define strong_auth = security.sso or WEBAUTHN in security.mfa\n");
    s.push_str("  define handles_personal_data = usage.personal_data and tier != FREE\n");
    for req in reqs {
        s.push_str(&format!(
            "\n  requirement {} \"{}\" {{\n",
            req.id, req.title
        ));
        s.push_str(&format!("    severity {}\n", req.severity));
        s.push_str(&format!("    ref \"bench:{}\"\n", req.id));
        if let Some(w) = req.template.krav_when() {
            s.push_str(&format!("    when {w}\n"));
        }
        for r in req.template.krav_requires() {
            s.push_str(&format!("    require {r}\n"));
        }
        s.push_str(&format!("    help \"{}\"\n", req.template.help()));
        s.push_str("  }\n");
    }
    s.push_str("}\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_are_a_prefix() {
        let a = requirements(10, 7);
        let b = requirements(50, 7);
        assert_eq!(a[..], b[..10]);
        assert_ne!(requirements(50, 8), b);
    }

    #[test]
    fn globs_become_anchored_regexes() {
        assert_eq!(glob_to_regex("[A-Z]* *"), "^[A-Z](?s:.*) (?s:.*)$");
        assert_eq!(
            glob_to_regex("?*.?*@nordlys.dk"),
            "^(?s:.)(?s:.*)\\.(?s:.)(?s:.*)@nordlys\\.dk$"
        );
    }

    #[test]
    fn durations_in_minutes() {
        assert_eq!(minutes("30m"), Some(30));
        assert_eq!(minutes("4h"), Some(240));
        assert_eq!(minutes("1w"), Some(10_080));
    }
}
