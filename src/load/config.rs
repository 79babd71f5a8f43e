//! `skykrav.toml` (docs/language.md §12): every key optional, unknown keys an error.

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::suggest;
use crate::syntax::{classify_numeric, parse_date};
use crate::value::{Date, Duration};
use crate::vocabulary::{FailOn, Severity};

/// A glob of `skykrav.toml`, with its place there (none for defaults).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobSetting {
    pub pattern: String,
    pub span: Option<Span>,
}

impl GlobSetting {
    fn default_for(pattern: String) -> GlobSetting {
        GlobSetting {
            pattern,
            span: None,
        }
    }
}

/// The project's settings, after defaults.
#[derive(Clone, Debug)]
pub struct Config {
    pub policies: Vec<GlobSetting>,
    pub vendors: Vec<GlobSetting>,
    pub tests: Vec<GlobSetting>,
    /// Bundled policy packs the project uses, with their places.
    pub packs: Vec<GlobSetting>,
    pub fail_on: FailOn,
    pub max_fact_age: Option<Duration>,
    /// How long before a waiver's expiry a warning says so (30 days by
    /// default; `"0d"` turns it off).
    pub waiver_notice: Duration,
    pub today: Option<Date>,
    /// Whether globs may reach outside the project folder (`..`, absolute
    /// paths): off unless the project says so, so that a pull request cannot
    /// quietly make a check read files elsewhere on the machine.
    pub allow_outside_project: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            policies: vec![GlobSetting::default_for("policies/**/*.krav".into())],
            vendors: ["krav", "json", "yaml", "yml", "toml"]
                .iter()
                .map(|ext| GlobSetting::default_for(format!("vendors/**/*.{ext}")))
                .collect(),
            tests: vec![GlobSetting::default_for("tests/**/*.krav".into())],
            packs: Vec::new(),
            fail_on: FailOn(Some(Severity::Low)),
            max_fact_age: None,
            waiver_notice: DEFAULT_WAIVER_NOTICE,
            today: None,
            allow_outside_project: false,
        }
    }
}

/// A waiver that ends within this is worth a warning: 30 days leave time
/// to renew it or to fix what it covers.
pub const DEFAULT_WAIVER_NOTICE: Duration = Duration::days(30);

const KEYS: [&str; 9] = [
    "policies",
    "vendors",
    "tests",
    "packs",
    "fail_on",
    "max_fact_age",
    "waiver_notice",
    "today",
    "allow_outside_project",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    policies: Option<Vec<toml::Spanned<String>>>,
    vendors: Option<Vec<toml::Spanned<String>>>,
    tests: Option<Vec<toml::Spanned<String>>>,
    packs: Option<Vec<toml::Spanned<String>>>,
    fail_on: Option<toml::Spanned<String>>,
    max_fact_age: Option<toml::Spanned<String>>,
    waiver_notice: Option<toml::Spanned<String>>,
    today: Option<toml::Spanned<toml::Value>>,
    allow_outside_project: Option<bool>,
}

/// A setting whose value is a duration string, such as `"730d"`.
fn duration_setting(
    file: FileId,
    key: &str,
    value: &toml::Spanned<String>,
    example: &str,
) -> Result<Duration, Diagnostic> {
    let span = span_of(file, value);
    let text = value.get_ref();
    let not_one = || {
        Diagnostic::error(
            Code::ConfigValue,
            format!("`{key} = \"{text}\"` is not a duration"),
        )
        .primary(span, format!("expected a duration such as \"{example}\""))
    };
    match classify_numeric(text, span) {
        Ok(crate::syntax::ast::ExprKind::Duration(d)) => Ok(d),
        Err(d) if d.code == Code::InvalidDuration => {
            Err(not_one().with_help(d.help_text().to_string()))
        }
        _ => Err(not_one()),
    }
}

fn span_of<T>(file: FileId, s: &toml::Spanned<T>) -> Span {
    let r = s.span();
    Span::new(file, r.start, r.end)
}

/// Reads `skykrav.toml`; every problem is reported.
pub fn parse_config(file: FileId, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e
                .span()
                .map(|r| Span::new(file, r.start, r.end))
                .unwrap_or(Span::new(file, 0, 0));
            let message = e.message().to_string();
            let d = if let Some(key) = message
                .strip_prefix("unknown field `")
                .and_then(|m| m.split('`').next())
            {
                let mut d = Diagnostic::error(
                    Code::ConfigUnknownKey,
                    format!("unknown key `{key}` in skykrav.toml"),
                )
                .primary(span, "not a setting of skykrav");
                if let Some(h) = suggest::help_for(key, KEYS) {
                    d = d.with_help(format!(
                        "{h} (the keys are {})",
                        KEYS.map(|k| format!("`{k}`")).join(", ")
                    ));
                }
                d
            } else {
                Diagnostic::error(Code::ConfigSyntax, format!("skykrav.toml: {message}"))
                    .primary(span, "here")
            };
            return Err(vec![d]);
        }
    };
    let mut config = Config::default();
    let mut errors = Vec::new();
    config.allow_outside_project = raw.allow_outside_project.unwrap_or(false);
    let globs = |list: Vec<toml::Spanned<String>>| -> Vec<GlobSetting> {
        list.into_iter()
            .map(|g| GlobSetting {
                span: Some(span_of(file, &g)),
                pattern: g.into_inner(),
            })
            .collect()
    };
    if let Some(p) = raw.policies {
        config.policies = globs(p);
    }
    if let Some(v) = raw.vendors {
        config.vendors = globs(v);
    }
    if let Some(t) = raw.tests {
        config.tests = globs(t);
    }
    if let Some(p) = raw.packs {
        config.packs = globs(p);
        let known = crate::packs::names();
        for pack in &config.packs {
            if !known.contains(&pack.pattern.as_str()) {
                let mut d = Diagnostic::error(
                    Code::ConfigValue,
                    format!("there is no bundled pack `{}`", pack.pattern),
                )
                .primary(pack.span.unwrap_or(Span::new(file, 0, 0)), "unknown pack");
                d = d.with_help(
                    match suggest::did_you_mean(&pack.pattern, known.iter().copied()) {
                        Some(k) => format!(
                            "did you mean `{k}`? The bundled packs are {}",
                            known.join(", ")
                        ),
                        None => format!("the bundled packs are {}", known.join(", ")),
                    },
                );
                errors.push(d);
            }
        }
    }
    if let Some(f) = raw.fail_on {
        match FailOn::parse(f.get_ref()) {
            Some(level) => config.fail_on = level,
            None => errors.push(
                Diagnostic::error(Code::ConfigValue, format!("`fail_on = \"{}\"` is not a threshold", f.get_ref()))
                    .primary(span_of(file, &f), "expected a severity")
                    .with_help("use `critical`, `high`, `medium`, `low` (the default) or `none`; `info` never fails a run"),
            ),
        }
    }
    if let Some(m) = raw.max_fact_age {
        match duration_setting(file, "max_fact_age", &m, "730d") {
            Ok(d) => config.max_fact_age = Some(d),
            Err(e) => errors.push(e),
        }
    }
    if let Some(m) = raw.waiver_notice {
        match duration_setting(file, "waiver_notice", &m, "30d") {
            Ok(d) => config.waiver_notice = d,
            Err(e) => errors.push(e),
        }
    }
    if let Some(t) = raw.today {
        let span = span_of(file, &t);
        let wrong_kind = || {
            Diagnostic::error(Code::ConfigSyntax, "`today` must be a date")
                .primary(span, "expected a date such as \"2026-11-27\"")
        };
        match t.get_ref() {
            toml::Value::String(s) => match parse_date(s, span) {
                Ok(d) => config.today = Some(d),
                Err(d) => errors.push(
                    Diagnostic::error(
                        Code::ConfigValue,
                        format!("`today = \"{s}\"` is not a date"),
                    )
                    .primary(
                        span,
                        d.labels
                            .first()
                            .and_then(|l| l.message.clone())
                            .unwrap_or_default(),
                    ),
                ),
            },
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    match Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day)) {
                        Some(d) => config.today = Some(d),
                        None => errors.push(
                            Diagnostic::error(Code::ConfigValue, "`today` is not a calendar date")
                                .primary(span, ""),
                        ),
                    }
                }
                _ => errors.push(
                    Diagnostic::error(
                        Code::ConfigValue,
                        "`today` is a date and time; give the date alone",
                    )
                    .primary(span, "expected a date such as 2026-11-27"),
                ),
            },
            _ => errors.push(wrong_kind()),
        }
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key_and_rejects_unknown_ones() {
        let c = parse_config(
            FileId(0),
            "fail_on = \"high\"\nmax_fact_age = \"730d\"\ntoday = \"2026-11-27\"\n",
        )
        .unwrap();
        assert_eq!(c.fail_on, FailOn(Some(Severity::High)));
        assert_eq!(c.max_fact_age.map(|d| d.whole_days()), Some(730));
        assert_eq!(
            c.today.map(|d| d.to_string()).as_deref(),
            Some("2026-11-27")
        );
        let e = parse_config(FileId(0), "fail_onn = \"high\"\n").unwrap_err();
        assert_eq!(e[0].code, Code::ConfigUnknownKey);
        assert_eq!(
            e[0].help
                .as_deref()
                .map(|h| h.starts_with("did you mean `fail_on`?")),
            Some(true)
        );
        assert!(parse_config(FileId(0), "today = 2026-11-27\n").is_ok());
        assert!(parse_config(FileId(0), "fail_on = \"info\"\n").is_err());
    }
}
