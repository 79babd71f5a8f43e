//! The outcome never depends on the order of the operands of `and` and
//! `or`: Kleene's tables are symmetric, and a lapsed fact read through
//! `present` makes a pass unknown only when the pass rests on it (spec §6).

mod common;

use common::{check_json, project};
use proptest::prelude::*;

const SCHEMA: &str = "schema s {\n  fact a: bool \"A\"\n  fact b: bool \"B\"\n  fact c: bool \"C\"\n  fact d: bool \"D\"\n  fact e: bool \"E\"\n  fact xs: list<bool> \"Xs\"\n  fact ys: list<bool> \"Ys\"\n}\n";

/// `a` and `e` are stated but lapsed (by `expires`), `d` is not stated,
/// `ys` is lapsed too; the rest are current.
const VENDOR: &str = "vendor v \"V\" {\n  a = true expires 2026-11-26\n  b = true\n  c = false\n  e = false expires 2026-11-26\n  xs = [true, false]\n  ys = [true] expires 2026-11-26\n}\n";

/// The outcome of each requirement of `policy` for the vendor above.
fn outcomes(policy: &str) -> serde_json::Map<String, serde_json::Value> {
    let p = project(&[
        ("policies/s.krav", SCHEMA),
        ("policies/p.krav", policy),
        ("vendors/v.krav", VENDOR),
    ]);
    let report = check_json(p.arg(), &["--today", "2026-11-27"]);
    let results = report["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{report}"));
    assert!(!results.is_empty(), "{policy}\n{report}");
    results
        .iter()
        .map(|r| {
            (
                r["requirement"].as_str().unwrap().to_string(),
                r["outcome"].clone(),
            )
        })
        .collect()
}

fn requirement(id: &str, body: &str) -> String {
    format!("  requirement {id} \"{id}\" {{\n    severity low\n    require {body}\n  }}\n")
}

#[test]
fn a_stale_present_beside_a_true_or_passes_in_either_order() {
    let policy = format!(
        "policy p \"P\" {{\n  define d1 = present(a) or true\n{}{}{}{}{}{}}}\n",
        requirement("left", "present(a) or b"),
        requirement("right", "b or present(a)"),
        requirement("and-left", "present(a) and b"),
        requirement("and-right", "b and present(a)"),
        requirement("define", "d1"),
        requirement(
            "quantified",
            "(all x in xs: any y in xs: present(a)) or true"
        ),
    );
    let got = outcomes(&policy);
    assert_eq!(got["p/left"], "pass");
    assert_eq!(got["p/right"], "pass");
    // With `and`, the pass rests on the lapsed fact whichever side it is.
    assert_eq!(got["p/and-left"], "unknown");
    assert_eq!(got["p/and-right"], "unknown");
    assert_eq!(got["p/define"], "pass");
    assert_eq!(got["p/quantified"], "pass");
}

#[test]
fn staleness_by_max_fact_age_follows_the_same_rule() {
    let vendor =
        "vendor v \"V\" {\n  as_of 2020-01-01\n  a = true\n  b = true as_of 2026-11-01\n}\n";
    let policy = format!(
        "policy p \"P\" {{\n{}{}}}\n",
        requirement("left", "present(a) or b"),
        requirement("right", "b or present(a)"),
    );
    let p = project(&[
        ("skykrav.toml", "max_fact_age = \"365d\"\n"),
        ("policies/s.krav", SCHEMA),
        ("policies/p.krav", &policy),
        ("vendors/v.krav", vendor),
    ]);
    let report = check_json(p.arg(), &["--today", "2026-11-27"]);
    for r in report["results"].as_array().unwrap() {
        assert_eq!(r["outcome"], "pass", "{r}");
    }
}

/// A boolean expression over the vendor's facts, with `x` bound inside
/// quantifiers.
#[derive(Clone, Debug)]
enum E {
    Leaf(&'static str),
    Not(Box<E>),
    And(Box<E>, Box<E>),
    Or(Box<E>, Box<E>),
    /// `all`/`any`/`none` over `xs` or `ys`; the body may use `x`.
    Quant(&'static str, &'static str, Box<E>),
}

impl E {
    fn render(&self, swapped: bool, out: &mut String) {
        match self {
            E::Leaf(s) => out.push_str(s),
            E::Not(e) => {
                out.push_str("not (");
                e.render(swapped, out);
                out.push(')');
            }
            E::And(l, r) | E::Or(l, r) => {
                let op = if matches!(self, E::And(..)) {
                    "and"
                } else {
                    "or"
                };
                let (first, second) = if swapped { (r, l) } else { (l, r) };
                out.push('(');
                first.render(swapped, out);
                out.push_str(&format!(" {op} "));
                second.render(swapped, out);
                out.push(')');
            }
            E::Quant(kind, list, body) => {
                out.push_str(&format!("({kind} x in {list}: "));
                body.render(swapped, out);
                out.push(')');
            }
        }
    }

    fn text(&self, swapped: bool) -> String {
        let mut out = String::new();
        self.render(swapped, &mut out);
        out
    }
}

fn leaf(in_quantifier: bool) -> BoxedStrategy<E> {
    let mut leaves = vec![
        "a",
        "b",
        "c",
        "d",
        "e",
        "true",
        "false",
        "present(a)",
        "present(b)",
        "present(d)",
        "present(e)",
    ];
    if in_quantifier {
        leaves.push("x");
    }
    proptest::sample::select(leaves).prop_map(E::Leaf).boxed()
}

fn expr(in_quantifier: bool) -> BoxedStrategy<E> {
    leaf(in_quantifier)
        .prop_recursive(4, 24, 2, move |inner| {
            prop_oneof![
                inner.clone().prop_map(|e| E::Not(Box::new(e))),
                (inner.clone(), inner.clone()).prop_map(|(l, r)| E::And(Box::new(l), Box::new(r))),
                (inner.clone(), inner.clone()).prop_map(|(l, r)| E::Or(Box::new(l), Box::new(r))),
                (
                    proptest::sample::select(vec!["all", "any", "none"]),
                    proptest::sample::select(vec!["xs", "ys"]),
                    expr_in_quantifier(),
                )
                    .prop_map(|(k, l, b)| E::Quant(k, l, Box::new(b))),
            ]
        })
        .boxed()
}

fn expr_in_quantifier() -> BoxedStrategy<E> {
    leaf(true)
        .prop_recursive(2, 8, 2, |inner| {
            prop_oneof![
                inner.clone().prop_map(|e| E::Not(Box::new(e))),
                (inner.clone(), inner.clone()).prop_map(|(l, r)| E::And(Box::new(l), Box::new(r))),
                (inner.clone(), inner).prop_map(|(l, r)| E::Or(Box::new(l), Box::new(r))),
            ]
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Each case is a project of several expressions, each as a `require`
    /// and as a define, written as generated and with every `and` and `or`
    /// turned round: all give the same outcome.
    #[test]
    fn swapping_the_operands_of_and_and_or_never_changes_an_outcome(
        exprs in proptest::collection::vec(expr(false), 4)
    ) {
        let mut policy = String::from("policy p \"P\" {\n");
        for (i, e) in exprs.iter().enumerate() {
            policy.push_str(&format!("  define d{i} = {}\n  define s{i} = {}\n", e.text(false), e.text(true)));
        }
        for (i, e) in exprs.iter().enumerate() {
            policy.push_str(&requirement(&format!("r{i}"), &e.text(false)));
            policy.push_str(&requirement(&format!("r{i}-swapped"), &e.text(true)));
            policy.push_str(&requirement(&format!("r{i}-define"), &format!("d{i}")));
            policy.push_str(&requirement(&format!("r{i}-define-swapped"), &format!("s{i}")));
        }
        policy.push_str("}\n");
        let got = outcomes(&policy);
        for (i, e) in exprs.iter().enumerate() {
            let want = &got[&format!("p/r{i}")];
            for variant in ["-swapped", "-define", "-define-swapped"] {
                prop_assert_eq!(
                    &got[&format!("p/r{i}{variant}")],
                    want,
                    "{} vs {}",
                    e.text(false),
                    e.text(true)
                );
            }
        }
    }
}
