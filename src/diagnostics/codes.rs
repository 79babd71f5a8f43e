//! The catalogue of diagnostic codes: one place that names every error and
//! warning skykrav can give, with the help shown when a diagnostic has no
//! more specific advice. Codes are stable: tools and people search for them.
//!
//! `K0xxx` syntax, `K1xxx` names and types, `K2xxx` waivers, tests and
//! evaluation, `K3xxx` loading, configuration and limits.

macro_rules! catalogue {
    ($( $variant:ident = $code:literal, $help:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $variant, )* }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code as written in reports: `K1001`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// General advice for this kind of problem.
            pub fn default_help(self) -> &'static str {
                match self { $( Code::$variant => $help, )* }
            }

            /// The long explanation of `skykrav codes CODE`, in the
            /// format [`super::explain::Explanation`] reads; a code without
            /// its file does not compile.
            pub fn explanation_text(self) -> &'static str {
                match self {
                    $( Code::$variant => include_str!(concat!("explanations/", $code, ".md")), )*
                }
            }
        }
    };
}

catalogue! {
    // K0xxx: the text is not well-formed skykrav.
    Syntax = "K0001", "check the spelling and the punctuation near the marked place";
    UnclosedDelimiter = "K0002", "every `(`, `[` and `{` needs its matching closing delimiter";
    UnterminatedString = "K0003", "close the string with `\"` on the same line; strings cannot span lines";
    InvalidEscape = "K0004", "the escapes in strings are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{…}` with 1 to 6 hex digits";
    InvalidDate = "K0005", "dates are written `YYYY-MM-DD` and must exist in the calendar";
    InvalidDuration = "K0006", "durations are whole numbers followed by `m`, `h`, `d` or `w`; there are no months or years: write `90d` or `365d`";
    InvalidNumber = "K0007", "numbers have no sign and no exponent, `_` stands only between digits, and they must fit their type";
    ChainedComparison = "K0008", "comparisons do not chain: write `a < b and b < c`, or add parentheses";
    MissingProperty = "K0009", "add the missing property; see the language reference for what each item needs";
    DuplicateProperty = "K0010", "remove one of the two; this property may be given only once";
    UnknownSeverity = "K0011", "severities are `critical`, `high`, `medium`, `low` and `info`";
    UnknownOutcome = "K0012", "outcomes are `pass`, `fail`, `unknown`, `n/a` and `waived`";
    FormatterBug = "K0013", "this is a bug in skykrav's formatter: the file is left as it was; please report it with the file";

    // K1xxx: names and types.
    UnknownName = "K1001", "every fact is declared in a `schema`; check the spelling or declare the fact";
    DuplicateDeclaration = "K1002", "each schema path, enum, record, policy, requirement and vendor is declared once";
    UnknownType = "K1003", "types are `bool`, `int`, `number`, `percent`, `duration`, `date`, `string`, `list<T>`, or an enum or record declared in a schema";
    TypeMismatch = "K1004", "both sides of a comparison must have the same type; only `int` and `number` mix";
    InvalidOperator = "K1005", "ordering (`<`, `<=`, `>`, `>=`) works on int, number, percent, duration, date and string; `==` does not work on lists or records: use `count` or a quantifier";
    UnknownEnumValue = "K1006", "use one of the values the enum declares";
    AmbiguousEnumValue = "K1007", "compare the value with a fact so that its enum is known";
    NotBool = "K1008", "`when`, `require`, `and`, `or`, `not` and quantifier bodies take a condition (a bool)";
    DefineOrder = "K1009", "a define may use only defines written above it, so move it up or inline it";
    NameConflict = "K1010", "choose a name that is not already a fact, define or variable";
    UnknownField = "K1011", "use a field that the record declares";
    NotAList = "K1012", "`in`, `contains`, `count` and quantifiers take a list";
    GroupNotFact = "K1013", "name a fact inside the group, e.g. `group.fact`";
    InvalidPattern = "K1014", "glob patterns use `*` (any run of characters, `/` included), `?`, `[a-z]` and `[!a-z]`; close every `[`; `**` means nothing more than `*`, so write `*`";
    NotALiteral = "K1015", "a vendor fact takes a literal value: a number, string, date, enum value, list or record";
    WrongFactType = "K1016", "give the value the type that the schema declares for this fact";
    DuplicateFact = "K1017", "state each fact once; a block and a dotted path name the same fact";
    NotPresentable = "K1018", "`present` takes a fact path or a record field such as `s.country`";
    RecordLiteralHere = "K1019", "record literals are values of vendor facts; in a policy, read fields with a quantifier: `all s in list: s.field == …`";
    EmptyList = "K1020", "an empty list needs something that fixes its type, such as a fact on the other side";

    // K2xxx: waivers, tests and evaluation.
    WaiverUnknownVendor = "K2001", "name a vendor id that the project declares; a typo must not silently waive nothing";
    WaiverUnknownRequirement = "K2002", "name a requirement as `POLICY/REQUIREMENT`, exactly as declared";
    WaiverExpired = "K2003", "renew the waiver with a new approval, or fix what it covered";
    WaiverNotNeeded = "K2004", "the requirement passes or does not apply without the waiver: remove it";
    DuplicateWaiver = "K2005", "keep one waiver per vendor and requirement";
    TestUnknownRequirement = "K2006", "name a requirement as `POLICY/REQUIREMENT`, exactly as declared";
    TestFailed = "K2007", "the requirement gave another outcome than the test expects: fix the policy or the expectation";
    StaleFact = "K2008", "refresh the evidence and update its `as_of` or `expires` date";
    TestWaived = "K2009", "test vendors are evaluated without waivers, so `waived` never happens in a test";
    DuplicateTestName = "K2010", "give each test its own name, so that a failure points at one test";
    EvaluationBudget = "K2012", "a requirement may take at most 10,000,000 steps for one vendor, and quantifiers nested over long lists multiply: check that the vendor's lists are as long as they should be, or write the requirement without nesting quantifiers over the same long list";
    WaiverExpiresSoon = "K2011", "renew the waiver with a new approval before it ends, or fix what it covers; `waiver_notice` in `skykrav.toml` sets how early this warning comes";

    // K3xxx: loading, configuration and limits.
    Io = "K3001", "check that the path exists and can be read";
    NotUtf8 = "K3002", "save the file as UTF-8";
    ConfigSyntax = "K3003", "`skykrav.toml` must be valid TOML";
    ConfigUnknownKey = "K3004", "the keys of `skykrav.toml` are `policies`, `vendors`, `tests`, `packs`, `fail_on`, `max_fact_age`, `waiver_notice`, `today` and `allow_outside_project`";
    ConfigValue = "K3005", "see the language reference for the values each key of `skykrav.toml` takes";
    InvalidGlob = "K3006", "glob patterns use `*`, `**`, `?` and `[…]`, relative to the project folder";
    DataSyntax = "K3007", "the file must be valid JSON, YAML or TOML, as its extension says";
    DataShape = "K3008", "a vendor file holds `id`, `name`, an optional `as_of`, and `facts`";
    TooDeep = "K3009", "nest less deeply; in a policy, name parts of a long expression with `define`";
    NoProject = "K3010", "give the folder of a skykrav project (it holds `skykrav.toml`, or `policies/` and `vendors/`)";
    TooLarge = "K3011", "split the input into smaller files";
    NotGitRepository = "K3012", "`skykrav diff` reads the base revision through git: run it on a project inside a git repository";
    NothingToCheck = "K3014", "a run must judge at least one vendor against one requirement: a run that checks nothing never passes";
    ProjectExists = "K3015", "`skykrav init` makes a new project in an empty folder (or one without `skykrav.toml`, `policies/` and `vendors/`); give another folder, or add to the project that is there";
    UnknownRevision = "K3013", "name a commit, branch or tag that exists, such as `HEAD`, `main` or `origin/main` (fetch it first in CI)";
}

impl Code {
    /// The code written as `K1001` (or `k1001`, or `1001`).
    pub fn parse(text: &str) -> Option<Code> {
        let t = text.trim();
        let t = t.strip_prefix(['K', 'k']).unwrap_or(t);
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().get(1..) == Some(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(s.len() == 5 && s.starts_with('K'), "{s}");
            assert!(!code.default_help().is_empty());
        }
    }
}
