//! Questionnaires: for each vendor, the facts that its requirements need
//! and that nobody has recorded (or whose evidence has lapsed), a row a
//! fact, to send to the vendor or to the colleague who knows. The rows are
//! written as CSV, Markdown ([`write`]) or an Excel workbook ([`xlsx`]).

pub mod write;
pub mod xlsx;

use std::collections::BTreeSet;

use crate::eval::{staleness, MissingReason};
use crate::model::{CExpr, CKind, FactId, Schema, Type};
use crate::project::CheckRun;
use crate::vocabulary::Outcome;

/// One question: a fact to answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The fact's path: the key an answer is read back by.
    pub key: String,
    /// The question, from the fact's description.
    pub question: String,
    /// The type, with its unit: `duration (15m, 4h, 30d, 2w)`.
    pub kind: String,
    /// The values an answer may take (an enum's, or yes/no), if limited.
    pub allowed: Vec<String>,
    /// The requirements that need the fact: `dk-baseline/R1.owner: The
    /// service has a named cloud owner`.
    pub why: Vec<String>,
    /// The value on record when it is stale, and why it is stale.
    pub current: Option<(String, String)>,
    /// The fact's type, for writers that type their cells.
    pub ty: Type,
}

/// The questions for one vendor.
#[derive(Clone, Debug)]
pub struct Questionnaire {
    pub vendor: String,
    pub name: String,
    pub rows: Vec<Row>,
}

/// The facts an expression reads, through defines too.
fn facts_of(e: &CExpr, out: &mut BTreeSet<FactId>) {
    match &e.kind {
        CKind::Fact(id) => {
            out.insert(*id);
        }
        CKind::Const(_) | CKind::Today | CKind::Var(_) => {}
        CKind::Field(x, _) | CKind::Not(x) | CKind::Present(x) | CKind::Count(x) => {
            facts_of(x, out)
        }
        CKind::Matches(x, _) => facts_of(x, out),
        CKind::Define(body, _) => facts_of(body, out),
        CKind::And(l, r) | CKind::Or(l, r) | CKind::Compare(_, l, r) | CKind::Within(l, r) => {
            facts_of(l, out);
            facts_of(r, out);
        }
        CKind::In { item, list, .. } => {
            facts_of(item, out);
            facts_of(list, out);
        }
        CKind::List(items) => items.iter().for_each(|x| facts_of(x, out)),
        CKind::Quant { list, body, .. } => {
            facts_of(list, out);
            facts_of(body, out);
        }
    }
}

/// The type of a fact in words, with its unit.
pub fn kind_words(schema: &Schema, ty: &Type) -> String {
    match ty {
        Type::Percent => "percent (99.9%)".into(),
        Type::Duration => "duration (15m, 4h, 30d, 2w)".into(),
        Type::Date => "date (YYYY-MM-DD)".into(),
        Type::Bool => "yes or no".into(),
        Type::List(inner) => format!("a list of {}", kind_words(schema, inner)),
        other => schema.type_name(other),
    }
}

fn allowed(schema: &Schema, ty: &Type) -> Vec<String> {
    match ty {
        Type::Bool => vec!["yes".into(), "no".into()],
        Type::Enum(e) => schema
            .enums
            .get(e.0 as usize)
            .map(|d| d.values.iter().map(|v| v.to_string()).collect())
            .unwrap_or_default(),
        Type::List(inner) => allowed(schema, inner),
        _ => Vec::new(),
    }
}

/// The questionnaires of the run's vendors that `vendor` matches: every
/// fact (`all`), or only those that a requirement that applies needs and
/// that are missing or stale.
pub fn questionnaires(
    run: &CheckRun,
    vendor: Option<&glob::Pattern>,
    all: bool,
) -> Vec<Questionnaire> {
    let Some(model) = run.model.as_ref() else {
        return Vec::new();
    };
    let opts = run.eval_options();
    let needs: Vec<BTreeSet<FactId>> = model
        .requirements
        .iter()
        .map(|r| {
            let mut facts = BTreeSet::new();
            for e in r.when.iter().chain(r.requires.iter().map(|(e, _)| e)) {
                facts_of(e, &mut facts);
            }
            facts
        })
        .collect();
    let mut out = Vec::new();
    for (vi, v) in model.vendors.iter().enumerate() {
        if vendor.is_some_and(|p| !p.matches(&v.id)) {
            continue;
        }
        let applies: Vec<usize> = run
            .evaluation
            .findings
            .iter()
            .filter(|f| f.vendor == vi && f.unwaived != Outcome::NotApplicable)
            .map(|f| f.requirement)
            .collect();
        let mut rows = Vec::new();
        for (i, def) in model.schema.facts.iter().enumerate() {
            let id = FactId(i as u32);
            let stated = v.fact(id);
            let stale = stated.and_then(|f| staleness(f, v, &opts));
            let why: Vec<String> = applies
                .iter()
                .filter(|&&r| needs[r].contains(&id))
                .map(|&r| {
                    let req = &model.requirements[r];
                    format!("{}: {}", req.full_id, req.title)
                })
                .collect();
            let asked = all || ((stated.is_none() || stale.is_some()) && !why.is_empty());
            if !asked {
                continue;
            }
            let current = match (stated, stale) {
                (Some(f), Some(reason)) => {
                    Some((model.schema.display_value(&f.value), stale_words(reason)))
                }
                (Some(f), None) if all => {
                    Some((model.schema.display_value(&f.value), String::new()))
                }
                _ => None,
            };
            rows.push(Row {
                key: def.path.clone(),
                question: def.description.clone().unwrap_or_else(|| def.path.clone()),
                kind: kind_words(&model.schema, &def.ty),
                allowed: allowed(&model.schema, &def.ty),
                why,
                current,
                ty: def.ty.clone(),
            });
        }
        out.push(Questionnaire {
            vendor: v.id.clone(),
            name: v.name.clone(),
            rows,
        });
    }
    out
}

fn stale_words(reason: MissingReason) -> String {
    match reason {
        MissingReason::Expired(d) => format!("expired {d}"),
        MissingReason::TooOld(Some(d)) => format!("checked {d}, too long ago"),
        MissingReason::TooOld(None) => "no date".into(),
        MissingReason::NotStated => String::new(),
    }
}

/// The column headers every format shares, in order.
pub const COLUMNS: [&str; 10] = [
    "key",
    "question",
    "type",
    "allowed values",
    "why we ask",
    "current value",
    "current status",
    "answer",
    "source",
    "date",
];

/// A row's cells in the order of [`COLUMNS`] (answer, source and date
/// empty).
pub fn cells(row: &Row) -> [String; 10] {
    let (value, status) = row.current.clone().unwrap_or_default();
    [
        row.key.clone(),
        row.question.clone(),
        row.kind.clone(),
        row.allowed.join(", "),
        row.why.join("; "),
        value,
        status,
        String::new(),
        String::new(),
        String::new(),
    ]
}
