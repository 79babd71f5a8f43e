//! `skykrav explain`: for one vendor, each requirement's guard and
//! `require` lines as trees of sub-expressions with the value each took,
//! the facts read (with their place, source and dates), the facts missing
//! or stale, and the waiver considered. One description of the
//! explanation ([`Explanation`]) is rendered for people and as JSON.

use std::fmt::Write as _;

use serde_json::{json, Value as Json};

use super::shared::{missing_words, place};
use crate::diagnostics::{Code, Diagnostic};
use crate::eval::explain::{explain, Explained, Node};
use crate::model::{CKind, Model, Requirement, Vendor};
use crate::project::CheckRun;
use crate::value::Value;
use crate::vocabulary::Outcome;

/// One requirement explained for one vendor, in words.
#[derive(Clone, Debug)]
pub struct Explanation {
    pub vendor: String,
    pub requirement: String,
    pub title: String,
    pub severity: String,
    pub outcome: Outcome,
    /// The outcome before a waiver.
    pub unwaived: Outcome,
    pub guard: Option<Line>,
    /// Each `require` with its place; `None` when it was not evaluated.
    pub requires: Vec<(String, Option<Line>)>,
    pub facts: Vec<FactLine>,
    pub missing: Vec<(String, String)>,
    pub waivers: Vec<WaiverLine>,
}

/// A sub-expression, the value it took, and its operands.
#[derive(Clone, Debug)]
pub struct Line {
    /// The expression as written, on one line, with the values of its
    /// simple operands inline: `sla.uptime (99.5%) >= needs.uptime (99.9%)`.
    pub text: String,
    /// `true`, `false`, `unknown`, or the value.
    pub value: String,
    /// For a quantifier's body: which element it was evaluated for.
    pub element: Option<String>,
    pub children: Vec<Line>,
}

#[derive(Clone, Debug)]
pub struct FactLine {
    pub path: String,
    pub value: String,
    pub place: String,
    pub source: Option<String>,
    pub as_of: Option<String>,
    pub expires: Option<String>,
    /// Taken from `defaults`, not stated by the vendor.
    pub default: bool,
}

#[derive(Clone, Debug)]
pub struct WaiverLine {
    pub title: String,
    pub approved_by: String,
    pub expires: String,
    pub place: String,
    /// `applied`, `expired` or `not needed`.
    pub status: &'static str,
}

/// The vendor and requirements `explain` was asked for, or the diagnostic
/// that says which does not exist (with the nearest name).
pub fn select_for_explain(
    run: &CheckRun,
    vendor: &str,
    requirement: Option<&str>,
) -> Result<(usize, Vec<usize>), Diagnostic> {
    let Some(model) = run.model.as_ref().filter(|_| run.is_valid()) else {
        return Err(Diagnostic::error(
            Code::NothingToCheck,
            "the project has errors, so nothing can be explained",
        ));
    };
    let Some(v) = model.vendors.iter().position(|x| x.id == vendor) else {
        return Err(Diagnostic::error(
            Code::NothingToCheck,
            format!("the project has no vendor `{vendor}`"),
        )
        .suggesting(vendor, model.vendors.iter().map(|x| x.id.as_str())));
    };
    let Some(asked) = requirement else {
        return Ok((v, (0..model.requirements.len()).collect()));
    };
    let pattern = crate::pattern::compile(asked).ok();
    let chosen: Vec<usize> = model
        .requirements
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.full_id == asked
                || r.full_id
                    .rsplit_once('/')
                    .is_some_and(|(_, id)| id == asked)
                || pattern.as_ref().is_some_and(|p| p.matches(&r.full_id))
        })
        .map(|(i, _)| i)
        .collect();
    if chosen.is_empty() {
        return Err(Diagnostic::error(
            Code::NothingToCheck,
            format!("the project has no requirement `{asked}`"),
        )
        .suggesting(asked, model.requirements.iter().map(|r| r.full_id.as_str())));
    }
    Ok((v, chosen))
}

/// The explanations of `requirements` for `vendor`.
pub fn explanations(run: &CheckRun, vendor: usize, requirements: &[usize]) -> Vec<Explanation> {
    let Some(model) = run.model.as_ref() else {
        return Vec::new();
    };
    let Some(v) = model.vendors.get(vendor) else {
        return Vec::new();
    };
    let opts = run.eval_options();
    requirements
        .iter()
        .filter_map(|&r| {
            let req = model.requirements.get(r)?;
            let explained = explain(v, &opts, req);
            Some(describe(run, model, (vendor, v), (r, req), &explained))
        })
        .collect()
}

fn describe(
    run: &CheckRun,
    model: &Model,
    (vi, vendor): (usize, &Vendor),
    (ri, req): (usize, &Requirement),
    explained: &Explained<'_>,
) -> Explanation {
    let finding = run
        .evaluation
        .findings
        .iter()
        .find(|f| f.vendor == vi && f.requirement == ri);
    let outcome = finding.map_or(explained.judgement.outcome, |f| f.outcome);
    let line = |node: &Node<'_>| line(run, model, node, None);
    let requires = req
        .requires
        .iter()
        .zip(&explained.requires)
        .map(|((_, span), node)| (place(run, *span), node.as_ref().map(line)))
        .collect();
    let facts = explained
        .facts_read()
        .into_iter()
        .filter_map(|id| {
            let f = vendor.fact(id)?;
            Some(FactLine {
                path: model.schema.fact(id).path.clone(),
                value: model.schema.display_value(&f.value),
                place: place(run, f.span),
                source: f.source.clone(),
                as_of: f.as_of.or(vendor.as_of).map(|d| d.to_string()),
                expires: f.expires.map(|d| d.to_string()),
                default: f.from_defaults,
            })
        })
        .collect();
    let missing = explained
        .evidence
        .missing
        .iter()
        .map(|m| (m.path(model), missing_words(&m.reason)))
        .collect();
    let waivers = model
        .waivers
        .iter()
        .enumerate()
        .filter(|(_, w)| w.vendor == vi && w.requirement == ri)
        .map(|(wi, w)| WaiverLine {
            title: w.title.clone(),
            approved_by: w.approved_by.clone(),
            expires: w.expires.to_string(),
            place: place(run, w.span),
            status: if finding.and_then(|f| f.waiver) == Some(wi) {
                "applied"
            } else if w.days_left(run.today) < 0 {
                "expired"
            } else {
                "not needed"
            },
        })
        .collect();
    Explanation {
        vendor: vendor.id.clone(),
        requirement: req.full_id.clone(),
        title: req.title.clone(),
        severity: req.severity.as_str().to_string(),
        outcome,
        unwaived: finding.map_or(outcome, |f| f.unwaived),
        guard: explained.guard.as_ref().map(line),
        requires,
        facts,
        missing,
        waivers,
    }
}

fn value_words(model: &Model, value: &Option<Value>) -> String {
    match value {
        None => "unknown".to_string(),
        Some(v) => model.schema.display_value(v),
    }
}

/// A node as a line: its text with the values of its leaves inline, and
/// its operands that are themselves composite as lines beneath it.
fn line(run: &CheckRun, model: &Model, node: &Node<'_>, list: Option<&str>) -> Line {
    let span = node.expr.span;
    let text = run.sources.slice(span);
    let mut annotated = text.to_string();
    let mut children = Vec::new();
    // Values go in from the end, so that earlier offsets stay right.
    let mut inline: Vec<(usize, String)> = Vec::new();
    // A quantifier's body is named by its element of the list, when the
    // list is a fact: `data.locations[1]`.
    let list_path = match (&node.expr.kind, node.children.first().map(|c| &c.expr.kind)) {
        (CKind::Quant { .. }, Some(CKind::Fact(id))) => Some(model.schema.fact(*id).path.clone()),
        _ => None,
    };
    for child in &node.children {
        let constant = matches!(child.expr.kind, CKind::Const(_) | CKind::List(_));
        let leaf = constant || (child.children.is_empty() && child.element.is_none());
        let offset = child
            .expr
            .span
            .end
            .checked_sub(span.start)
            .map(|o| o as usize);
        match (leaf, offset) {
            (true, Some(at)) if child.expr.span.file == span.file && at <= text.len() => {
                if !matches!(child.expr.kind, CKind::Const(_) | CKind::List(_)) {
                    inline.push((at, format!(" ({})", value_words(model, &child.value))));
                }
            }
            _ => children.push(line(run, model, child, list_path.as_deref())),
        }
    }
    inline.sort_by_key(|b| std::cmp::Reverse(b.0));
    for (at, words) in inline {
        if annotated.is_char_boundary(at) {
            annotated.insert_str(at, &words);
        }
    }
    let element = node.element.map(|i| match list {
        Some(path) => format!("{path}[{i}]"),
        None => format!("element {}", i + 1),
    });
    Line {
        text: one_line(&annotated),
        value: value_words(model, &node.value),
        element,
        children,
    }
}

/// Source text on one line: comments dropped, white space runs made one
/// space, strings kept as they are.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    let mut space = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                in_string = true;
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => {
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out
}

// ---------------------------------------------------------------- human

/// The explanations for people.
pub fn render_explain_human(explanations: &[Explanation]) -> String {
    let mut out = String::new();
    for (i, e) in explanations.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let waived = if e.outcome == Outcome::Waived {
            format!(" (was {})", e.unwaived.as_str())
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{} · {} [{}] → {}{waived}",
            e.vendor,
            e.requirement,
            e.severity,
            e.outcome.as_str()
        );
        let _ = writeln!(out, "  {}", e.title);
        if let Some(g) = &e.guard {
            write_line(&mut out, "when", g, 1);
        }
        for (place, line) in &e.requires {
            match line {
                Some(l) => write_line(&mut out, &format!("require ({place})"), l, 1),
                None => {
                    let _ = writeln!(out, "  require ({place}) not evaluated");
                }
            }
        }
        if !e.facts.is_empty() {
            out.push_str("  facts read:\n");
            for f in &e.facts {
                let mut extra = Vec::new();
                if f.default {
                    extra.push("from defaults".to_string());
                }
                if let Some(s) = &f.source {
                    extra.push(format!("source {s:?}"));
                }
                if let Some(d) = &f.as_of {
                    extra.push(format!("as_of {d}"));
                }
                if let Some(d) = &f.expires {
                    extra.push(format!("expires {d}"));
                }
                let extra = if extra.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", extra.join(" · "))
                };
                let _ = writeln!(out, "    {} = {}  ({}){extra}", f.path, f.value, f.place);
            }
        }
        if !e.missing.is_empty() {
            out.push_str("  missing:\n");
            for (path, why) in &e.missing {
                let _ = writeln!(out, "    {path}: {why}");
            }
        }
        for w in &e.waivers {
            let _ = writeln!(
                out,
                "  waiver {:?}, approved by {}, until {} ({}): {}",
                w.title, w.approved_by, w.expires, w.place, w.status
            );
        }
    }
    out
}

fn write_line(out: &mut String, keyword: &str, line: &Line, depth: usize) {
    let indent = "  ".repeat(depth);
    let element = match &line.element {
        Some(e) => format!("for {e}: "),
        None => String::new(),
    };
    let head = if keyword.is_empty() {
        String::new()
    } else {
        format!("{keyword} ")
    };
    let _ = writeln!(out, "{indent}{head}{element}{} → {}", line.text, line.value);
    for child in &line.children {
        write_line(out, "", child, depth + 2);
    }
}

// ---------------------------------------------------------------- JSON

/// The explanations as JSON: an object with `explanations`, one a
/// requirement.
pub fn render_explain_json(explanations: &[Explanation]) -> String {
    let list: Vec<Json> = explanations.iter().map(explanation_json).collect();
    let mut text = serde_json::to_string_pretty(&json!({ "explanations": list }))
        .unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

fn explanation_json(e: &Explanation) -> Json {
    json!({
        "vendor": e.vendor,
        "requirement": e.requirement,
        "title": e.title,
        "severity": e.severity,
        "outcome": e.outcome.as_str(),
        "unwaived": e.unwaived.as_str(),
        "guard": e.guard.as_ref().map(line_json),
        "requires": e.requires.iter().map(|(place, l)| json!({
            "at": place,
            "evaluated": l.is_some(),
            "tree": l.as_ref().map(line_json),
        })).collect::<Vec<_>>(),
        "facts": e.facts.iter().map(|f| json!({
            "path": f.path,
            "value": f.value,
            "at": f.place,
            "source": f.source,
            "as_of": f.as_of,
            "expires": f.expires,
            "from_defaults": f.default,
        })).collect::<Vec<_>>(),
        "missing": e.missing.iter().map(|(path, why)| json!({ "path": path, "why": why })).collect::<Vec<_>>(),
        "waivers": e.waivers.iter().map(|w| json!({
            "title": w.title,
            "approved_by": w.approved_by,
            "expires": w.expires,
            "at": w.place,
            "status": w.status,
        })).collect::<Vec<_>>(),
    })
}

fn line_json(l: &Line) -> Json {
    json!({
        "expr": l.text,
        "value": l.value,
        "element": l.element,
        "operands": l.children.iter().map(line_json).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn source_text_is_put_on_one_line_without_its_comments() {
        assert_eq!(one_line("a >= 1 // why\n      and b"), "a >= 1 and b");
        assert_eq!(
            one_line("s == \"x  // y\"\n and c"),
            "s == \"x  // y\" and c"
        );
    }
}
