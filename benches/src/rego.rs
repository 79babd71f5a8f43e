//! The corpus's requirements in Rego, for the comparison with regorus.
//!
//! # The encoding
//!
//! skykrav's conditions are three-valued (true, false, unknown). Rego has
//! two values and *undefined*. The encoding uses undefined for "unknown"
//! and compiles every condition `c` twice:
//!
//! * `T(c)`: Rego bodies, one of which succeeds exactly when `c` is true;
//! * `F(c)`: Rego bodies, one of which succeeds exactly when `c` is false.
//!
//! `c` is unknown when neither succeeds. Each is a disjunction of bodies
//! (several bodies of one rule, or several `else` branches). This is the
//! idiomatic way to write such checks in Rego (rules over facts that are
//! simply undefined when missing), and it lets regorus evaluate plain
//! comparisons rather than helper functions.
//!
//! * A fact is a rule (`sla_uptime := …`) read from `input.facts[group][name]`,
//!   the evidence wrapper `{"value": …}` unwrapped and the type converted
//!   (a percent to points, a duration to minutes; a date stays a
//!   `YYYY-MM-DD` string, whose order is the date order). A fact the vendor
//!   does not state leaves the rule undefined, so every comparison with it
//!   fails, in `T` and in `F` alike: unknown.
//! * `a OP b`: `T` is `a OP b`, `F` is the negated operator.
//! * `x in L`: `T` is `x in L`; `F` is `not x in L` after checking that `x`
//!   and `L` are defined (`not` alone would make an undefined `x` "false").
//! * `present(x)`: `T` is `x != null` (true for any stated value, `false`
//!   included), `F` is `not x != null`.
//! * `and`, `or`, `not` follow Kleene: `T(a and b) = T(a), T(b)`,
//!   `F(a and b) = F(a) | F(b)`; `or` is the dual; `not` swaps `T` and `F`.
//! * `all v in L: B`: `T` is `is_array(L); every v in L { T(B) }`, `F` is
//!   `is_array(L); some v in L; F(B)`. `any` and `none` likewise. An unknown list makes
//!   every quantifier unknown (`is_array` and `some` both fail on it).
//! * `DATE within N`: `T` is `FIRST <= d; d <= TODAY`, `F` is `d < FIRST` or
//!   `d > TODAY`, where `FIRST = TODAY - N` is worked out by the generator:
//!   `today` is fixed by the corpus (`skykrav.toml` says the same date).
//! * `s matches "GLOB"`: the glob as an anchored regular expression.
//! * A disjunction that must stand inside a conjunction or an `every` body,
//!   and every `some` loop, becomes a helper rule (or a function of the
//!   quantifier variables) with one body per disjunct. Each `define` becomes two rules, `NAME_t` and
//!   `NAME_f`.
//!
//! The outcome of a requirement is one rule with `else` branches, in
//! skykrav's order: `"n/a"` when `F(when)` (an unknown guard counts as
//! applicable); `"fail"` when `F` of some `require` holds (even after an
//! unknown one); `"pass"` when `T` of every `require` holds; else
//! `"unknown"`. `data.skykrav.bench.verdicts` gathers them into
//! `{full requirement id: outcome}` for the vendor given as input.

use crate::date;
use crate::spec::{rego_strings, Requirement, Ty, EEA, FACTS};

/// A value: a Rego term that is undefined when the value is unknown.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    /// A fact, by its index in [`FACTS`].
    Fact(usize),
    /// A field of a quantifier variable: `s.country`.
    Field(&'static str, &'static str),
    /// A quantifier variable itself.
    Var(&'static str),
    /// A Rego literal, written as Rego writes it.
    Lit(String),
    /// A list-valued define (always known), by name.
    Define(&'static str),
    /// `count(L)`.
    Count(Box<V>),
}

/// A condition.
#[derive(Clone, Debug, PartialEq)]
pub enum C {
    /// A bool value used as a condition.
    Bool(V),
    /// A comparison, `op` one of `==`, `!=`, `<`, `<=`, `>`, `>=`.
    Cmp(&'static str, V, V),
    In(V, V),
    Present(V),
    /// `DATE within N days`.
    Within(V, i64),
    /// `s matches GLOB`, the glob given as an anchored regex.
    Matches(V, String),
    And(Box<C>, Box<C>),
    Or(Box<C>, Box<C>),
    Not(Box<C>),
    All(&'static str, V, Box<C>),
    Any(&'static str, V, Box<C>),
    NoneOf(&'static str, V, Box<C>),
    /// A bool-valued define, by name.
    Define(&'static str),
}

/// A disjunction of conjunctions of Rego statements.
type Dnf = Vec<Vec<String>>;

fn negate(op: &str) -> &'static str {
    match op {
        "==" => "!=",
        "!=" => "==",
        "<" => ">=",
        "<=" => ">",
        ">" => "<=",
        _ => "<",
    }
}

/// The compiler: turns conditions into bodies, collecting helper rules.
struct Compiler {
    helpers: Vec<String>,
    prefix: String,
    next: usize,
}

impl Compiler {
    fn term(v: &V) -> String {
        match v {
            V::Fact(k) => FACTS[*k].rego(),
            V::Field(var, field) => format!("{var}.{field}"),
            V::Var(var) => (*var).to_string(),
            V::Lit(s) => s.clone(),
            V::Define(name) => (*name).to_string(),
            V::Count(l) => format!("count({})", Self::term(l)),
        }
    }

    /// A statement that holds when `v` is known (none for a literal).
    fn defined(v: &V) -> Option<String> {
        match v {
            V::Lit(_) | V::Define(_) | V::Var(_) => None,
            v => Some(format!("{} != null", Self::term(v))),
        }
    }

    fn list_defined(v: &V) -> Option<String> {
        match v {
            V::Lit(_) | V::Define(_) => None,
            v => Some(format!("is_array({})", Self::term(v))),
        }
    }

    /// One conjunction equivalent to `dnf`: itself when it has one body,
    /// else a call of a helper rule (a function of the quantifier variables
    /// in `scope`) with one body per disjunct.
    fn conj(&mut self, dnf: Dnf, scope: &[&'static str]) -> Vec<String> {
        match dnf.len() {
            0 => vec!["false".into()],
            1 => dnf.into_iter().next().unwrap_or_default(),
            _ => self.helper(dnf, scope),
        }
    }

    /// A helper rule with one body per disjunct; its call.
    fn helper(&mut self, dnf: Dnf, scope: &[&'static str]) -> Vec<String> {
        {
            {
                self.next += 1;
                let name = format!("{}_h{}", self.prefix, self.next);
                let head = if scope.is_empty() {
                    name.clone()
                } else {
                    format!("{name}({})", scope.join(", "))
                };
                for body in dnf {
                    self.helpers
                        .push(format!("{head} if {{\n\t{}\n}}\n", body.join("\n\t")));
                }
                vec![head]
            }
        }
    }

    /// `every`'s body on one line.
    fn inline(stmts: &[String]) -> String {
        stmts.join("; ")
    }

    fn t(&mut self, c: &C, scope: &[&'static str]) -> Dnf {
        match c {
            C::Bool(v) => vec![vec![format!("{} == true", Self::term(v))]],
            C::Cmp(op, a, b) => vec![vec![format!("{} {op} {}", Self::term(a), Self::term(b))]],
            C::In(x, l) => vec![vec![format!("{} in {}", Self::term(x), Self::term(l))]],
            C::Present(v) => vec![vec![format!("{} != null", Self::term(v))]],
            C::Within(v, days) => {
                let d = Self::term(v);
                vec![vec![
                    format!("\"{}\" <= {d}", date::format(date::today() - days)),
                    format!("{d} <= \"{}\"", date::TODAY),
                ]]
            }
            C::Matches(v, re) => vec![vec![format!("regex.match(`{re}`, {})", Self::term(v))]],
            C::And(a, b) => {
                let ta = self.t(a, scope);
                let tb = self.t(b, scope);
                let mut body = self.conj(ta, scope);
                body.extend(self.conj(tb, scope));
                vec![body]
            }
            C::Or(a, b) => {
                let mut d = self.t(a, scope);
                d.extend(self.t(b, scope));
                d
            }
            C::Not(a) => self.f(a, scope),
            C::All(var, l, body) => self.every(var, l, body, true, scope),
            C::Any(var, l, body) => self.some(var, l, body, true, scope),
            C::NoneOf(var, l, body) => self.every(var, l, body, false, scope),
            C::Define(name) => vec![vec![format!("{name}_t")]],
        }
    }

    fn f(&mut self, c: &C, scope: &[&'static str]) -> Dnf {
        match c {
            C::Bool(v) => vec![vec![format!("{} == false", Self::term(v))]],
            C::Cmp(op, a, b) => vec![vec![format!(
                "{} {} {}",
                Self::term(a),
                negate(op),
                Self::term(b)
            )]],
            C::In(x, l) => {
                let mut body: Vec<String> = Self::defined(x).into_iter().collect();
                body.extend(Self::list_defined(l));
                body.push(format!("not {} in {}", Self::term(x), Self::term(l)));
                vec![body]
            }
            C::Present(v) => vec![vec![format!("not {} != null", Self::term(v))]],
            C::Within(v, days) => {
                let d = Self::term(v);
                vec![
                    vec![format!("{d} < \"{}\"", date::format(date::today() - days))],
                    vec![format!("{d} > \"{}\"", date::TODAY)],
                ]
            }
            C::Matches(v, re) => vec![vec![
                format!("is_string({})", Self::term(v)),
                format!("not regex.match(`{re}`, {})", Self::term(v)),
            ]],
            C::And(a, b) => {
                let mut d = self.f(a, scope);
                d.extend(self.f(b, scope));
                d
            }
            C::Or(a, b) => {
                let fa = self.f(a, scope);
                let fb = self.f(b, scope);
                let mut body = self.conj(fa, scope);
                body.extend(self.conj(fb, scope));
                vec![body]
            }
            C::Not(a) => self.t(a, scope),
            C::All(var, l, body) => self.some(var, l, body, false, scope),
            C::Any(var, l, body) => self.every(var, l, body, false, scope),
            C::NoneOf(var, l, body) => self.some(var, l, body, true, scope),
            C::Define(name) => vec![vec![format!("{name}_f")]],
        }
    }

    /// `is_array(L); every v in L { T(B) }` (or `F(B)` when `want` is false).
    fn every(
        &mut self,
        var: &'static str,
        l: &V,
        body: &C,
        want: bool,
        scope: &[&'static str],
    ) -> Dnf {
        let mut inner_scope = scope.to_vec();
        inner_scope.push(var);
        let dnf = if want {
            self.t(body, &inner_scope)
        } else {
            self.f(body, &inner_scope)
        };
        let inner = self.conj(dnf, &inner_scope);
        let mut stmts: Vec<String> = Self::list_defined(l).into_iter().collect();
        stmts.push(format!(
            "every {var} in {} {{ {} }}",
            Self::term(l),
            Self::inline(&inner)
        ));
        vec![stmts]
    }

    /// `some v in L; T(B)` (or `F(B)`), one body per disjunct, in a helper
    /// rule of its own: regorus 0.14's RVM makes a rule undefined, skipping
    /// its `else`, when a `some` loop in one of its bodies finds nothing (or
    /// iterates an undefined list), so no `some` stands in an `else` chain.
    fn some(
        &mut self,
        var: &'static str,
        l: &V,
        body: &C,
        want: bool,
        scope: &[&'static str],
    ) -> Dnf {
        let mut inner_scope = scope.to_vec();
        inner_scope.push(var);
        let dnf = if want {
            self.t(body, &inner_scope)
        } else {
            self.f(body, &inner_scope)
        };
        let bodies: Dnf = dnf
            .into_iter()
            .map(|conj| {
                let mut stmts: Vec<String> = Self::list_defined(l).into_iter().collect();
                stmts.push(format!("some {var} in {}", Self::term(l)));
                stmts.extend(conj);
                stmts
            })
            .collect();
        vec![self.helper(bodies, scope)]
    }
}

/// Reading facts and converting their types.
const PRELUDE: &str = r#"
import rego.v1

# The value of a fact: the evidence wrapper {"value": ...} unwrapped. (No
# fact here is a record, so an object is always a wrapper. Written with
# is_object rather than `v := x.value`, whose failure regorus 0.14's RVM
# does not send on to the else branch.)
unwrap(x) := x.value if {
	is_object(x)
} else := x

# A percent in points: "99.9%" or 99.9.
pct(x) := to_number(trim_suffix(x, "%")) if {
	is_string(x)
} else := x

# A duration ("30m", "72h", "2d", "1w") in minutes.
mins(x) := to_number(trim_suffix(x, "m")) if {
	endswith(x, "m")
} else := to_number(trim_suffix(x, "h")) * 60 if {
	endswith(x, "h")
} else := to_number(trim_suffix(x, "d")) * 1440 if {
	endswith(x, "d")
} else := to_number(trim_suffix(x, "w")) * 10080
"#;

fn rule_name(req: &Requirement) -> String {
    format!("req_{}", req.id.replace(['-', '.'], "_"))
}

/// Writes `NAME := "VALUE" if {…} else := …` branches for each disjunct.
fn branches(out: &mut Vec<String>, value: &str, dnf: Dnf) {
    for body in dnf {
        out.push(format!("\"{value}\" if {{\n\t{}\n}}", body.join("\n\t")));
    }
}

/// `policy.rego`: the same requirements in Rego (see the module comment).
pub fn policy_rego(reqs: &[Requirement]) -> String {
    let mut s = String::new();
    s.push_str(
        "# Generated by skykrav-bench gen-corpus: the requirements of policies/policy.krav\n",
    );
    s.push_str("# in Rego, for comparing skykrav with regorus. Input: one vendor as JSON.\n");
    s.push_str("# Entry point: data.skykrav.bench.verdicts, {requirement: outcome}.\n");
    s.push_str("#\n# Encoding (see benches/src/rego.rs): an unknown value is undefined. Every\n");
    s.push_str("# condition is compiled twice, into bodies that hold when it is true and\n");
    s.push_str("# bodies that hold when it is false; unknown is neither. The outcome is\n");
    s.push_str("# n/a if the guard is false, fail if a require is false, pass if every\n");
    s.push_str("# require is true, else unknown.\n");
    s.push_str("package skykrav.bench\n");
    s.push_str(PRELUDE);

    s.push_str(
        "\n# --- Facts: undefined when the vendor does not state them ------------------\n\n",
    );
    for fact in &FACTS {
        let raw = if fact.group.is_empty() {
            format!("unwrap(input.facts[\"{}\"])", fact.name)
        } else {
            format!("unwrap(input.facts[\"{}\"][\"{}\"])", fact.group, fact.name)
        };
        let value = match fact.ty {
            Ty::Percent => format!("pct({raw})"),
            Ty::Duration => format!("mins({raw})"),
            _ => raw,
        };
        s.push_str(&format!("{} := {value}\n", fact.rego()));
    }

    s.push_str(
        "\n# --- Defines ---------------------------------------------------------------\n\n",
    );
    s.push_str(&format!("eea := {}\n\n", rego_strings(EEA)));
    let defines = [
        (
            "eu_only",
            "all r in data.locations: r in eea",
            C::All(
                "r",
                V::Fact(crate::spec::f::DATA_LOCATIONS),
                Box::new(C::In(V::Var("r"), V::Define("eea"))),
            ),
        ),
        (
            "strong_auth",
            "security.sso or WEBAUTHN in security.mfa",
            C::Or(
                Box::new(C::Bool(V::Fact(crate::spec::f::SECURITY_SSO))),
                Box::new(C::In(
                    V::Lit("\"WEBAUTHN\"".into()),
                    V::Fact(crate::spec::f::SECURITY_MFA),
                )),
            ),
        ),
        (
            "handles_personal_data",
            "usage.personal_data and tier != FREE",
            C::And(
                Box::new(C::Bool(V::Fact(crate::spec::f::USAGE_PERSONAL_DATA))),
                Box::new(C::Cmp(
                    "!=",
                    V::Fact(crate::spec::f::TIER),
                    V::Lit("\"FREE\"".into()),
                )),
            ),
        ),
    ];
    for (name, krav, cond) in &defines {
        let mut c = Compiler {
            helpers: Vec::new(),
            prefix: name.to_string(),
            next: 0,
        };
        s.push_str(&format!("# define {name} = {krav}\n"));
        let t = c.t(cond, &[]);
        let f = c.f(cond, &[]);
        for h in &c.helpers {
            s.push_str(h);
        }
        for body in t {
            s.push_str(&format!("{name}_t if {{\n\t{}\n}}\n", body.join("\n\t")));
        }
        for body in f {
            s.push_str(&format!("{name}_f if {{\n\t{}\n}}\n", body.join("\n\t")));
        }
        s.push('\n');
    }

    s.push_str("# --- Requirements ----------------------------------------------------------\n\n");
    for req in reqs {
        let name = rule_name(req);
        let mut c = Compiler {
            helpers: Vec::new(),
            prefix: name.clone(),
            next: 0,
        };
        let (when, requires) = req.template.conds();
        let mut out: Vec<String> = Vec::new();
        if let Some(w) = &when {
            let f = c.f(w, &[]);
            branches(&mut out, "n/a", f);
        }
        for r in &requires {
            let f = c.f(r, &[]);
            branches(&mut out, "fail", f);
        }
        let mut pass: Vec<String> = Vec::new();
        for r in &requires {
            let t = c.t(r, &[]);
            pass.extend(c.conj(t, &[]));
        }
        out.push(format!("\"pass\" if {{\n\t{}\n}}", pass.join("\n\t")));
        s.push_str(&format!("# {}: {}\n", req.full_id(), req.title));
        if let Some(w) = req.template.krav_when() {
            s.push_str(&format!("#   when {w}\n"));
        }
        for r in req.template.krav_requires() {
            s.push_str(&format!("#   require {r}\n"));
        }
        for h in &c.helpers {
            s.push_str(h);
        }
        s.push_str(&format!(
            "{name} := {} else := \"unknown\"\n\n",
            out.join(" else := ")
        ));
    }

    s.push_str("verdicts := {\n");
    for req in reqs {
        s.push_str(&format!("\t\"{}\": {},\n", req.full_id(), rule_name(req)));
    }
    s.push_str("}\n");
    s
}
