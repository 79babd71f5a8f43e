//! The words every stage shares: the outcomes of a requirement, the
//! severities, the quantifiers, the comparison operators and the fail
//! threshold. They are the language's meaning, not its syntax, so they live
//! here, below every stage: the parser reads them, the checker and the
//! evaluator use them, and every report writes them.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    Pass,
    Fail,
    Unknown,
    NotApplicable,
    Waived,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Pass,
        Outcome::Fail,
        Outcome::Unknown,
        Outcome::NotApplicable,
        Outcome::Waived,
    ];

    pub fn parse(s: &str) -> Option<Outcome> {
        Some(match s {
            "pass" => Outcome::Pass,
            "fail" => Outcome::Fail,
            "unknown" => Outcome::Unknown,
            "n/a" => Outcome::NotApplicable,
            "waived" => Outcome::Waived,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Unknown => "unknown",
            Outcome::NotApplicable => "n/a",
            Outcome::Waived => "waived",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const NAMES: [&'static str; 5] = ["critical", "high", "medium", "low", "info"];

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "critical" => Severity::Critical,
            "high" => Severity::High,
            "medium" => Severity::Medium,
            "low" => Severity::Low,
            "info" => Severity::Info,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
}

/// The lowest severity that fails a run; `None` never fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailOn(pub Option<Severity>);

impl FailOn {
    pub fn parse(s: &str) -> Option<FailOn> {
        match s {
            "none" => Some(FailOn(None)),
            "info" => None,
            other => Severity::parse(other).map(|s| FailOn(Some(s))),
        }
    }

    /// Whether a finding of this severity counts against the run. `info`
    /// never fails.
    pub fn fails(self, severity: Severity) -> bool {
        severity != Severity::Info && self.0.is_some_and(|min| severity >= min)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quantifier {
    All,
    Any,
    None,
}

impl Quantifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Quantifier::All => "all",
            Quantifier::Any => "any",
            Quantifier::None => "none",
        }
    }
}

/// A comparison operator, as written and as evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparison {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::Eq => "==",
            Comparison::Ne => "!=",
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
        }
    }
}
