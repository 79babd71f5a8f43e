//! Why a requirement has its outcome for a vendor, step by step: the
//! guard and each `require` as a tree of sub-expressions with the value
//! each took, for `skykrav explain`.
//!
//! It is the judging evaluator itself, run with a trace that records
//! ([`Recorded`]), so an explanation can never tell a different story from
//! the verdict: the tree is read off the steps the evaluation took.

use super::expr::{Evaluator, Judgement, Recorded, Step};
use super::{EvalOptions, Evidence};
use crate::model::{CExpr, CKind, FactId, Requirement, Vendor};
use crate::value::Value;
use crate::vocabulary::Quantifier;

/// A sub-expression and the value it took (`None`: unknown).
#[derive(Clone, Debug)]
pub struct Node<'m> {
    pub expr: &'m CExpr,
    pub value: Option<Value>,
    /// The operands as they were evaluated; an operand that was not
    /// needed (`false and …`) is absent. For a quantifier: its list, then
    /// the body for the element that decided it, if one did.
    pub children: Vec<Node<'m>>,
    /// For a quantifier's body: the element it was evaluated for.
    pub element: Option<usize>,
    /// For a quantifier: how many elements it looked at.
    pub elements_seen: usize,
}

/// A requirement explained for one vendor.
#[derive(Clone, Debug)]
pub struct Explained<'m> {
    pub judgement: Judgement,
    pub evidence: Evidence,
    /// The guard's tree, when the requirement has a `when`.
    pub guard: Option<Node<'m>>,
    /// Each `require`'s tree in order; `None` for one not evaluated (the
    /// guard was false, or an earlier `require` failed).
    pub requires: Vec<Option<Node<'m>>>,
}

impl Explained<'_> {
    /// Every fact the evaluation read, once each, in the order read.
    pub fn facts_read(&self) -> Vec<FactId> {
        let mut out = Vec::new();
        let roots = self.guard.iter().chain(self.requires.iter().flatten());
        for root in roots {
            collect_facts(root, &mut out);
        }
        out
    }
}

fn collect_facts(node: &Node<'_>, out: &mut Vec<FactId>) {
    if let CKind::Fact(id) = node.expr.kind {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    for child in &node.children {
        collect_facts(child, out);
    }
}

/// Evaluates `req` for `vendor` again, recording, and reads the trees off.
pub fn explain<'m>(
    vendor: &'m Vendor,
    opts: &'m EvalOptions,
    req: &'m Requirement,
) -> Explained<'m> {
    let evaluator: Evaluator<'m, Recorded> = Evaluator::new(vendor, opts);
    let (judgement, trace) = evaluator.requirement(req);
    let steps = evaluator.take_steps();
    let mut roots = Vec::new();
    let mut at = 0;
    while at < steps.len() {
        match tree(&steps, &mut at) {
            Some(node) => roots.push(node),
            None => at += 1,
        }
    }
    let mut roots = roots.into_iter().peekable();
    let guard = req
        .when
        .as_ref()
        .and_then(|w| roots.next_if(|n| std::ptr::eq(n.expr, w)));
    let requires = req
        .requires
        .iter()
        .map(|(cond, _)| roots.next_if(|n| std::ptr::eq(n.expr, cond)))
        .collect();
    Explained {
        judgement,
        evidence: trace.0,
        guard,
        requires,
    }
}

/// The node whose `Enter` is at `at`, with everything up to its `Exit`.
fn tree<'m>(steps: &[Step<'m>], at: &mut usize) -> Option<Node<'m>> {
    let Some(Step::Enter(expr)) = steps.get(*at) else {
        return None;
    };
    *at += 1;
    let mut children = Vec::new();
    let mut element = None;
    let value = loop {
        match steps.get(*at) {
            None => break None,
            Some(Step::Exit(value)) => {
                *at += 1;
                break value.clone();
            }
            Some(Step::Element(i)) => {
                element = Some(*i);
                *at += 1;
            }
            Some(Step::Enter(_)) => {
                if let Some(mut child) = tree(steps, at) {
                    child.element = element.take();
                    children.push(child);
                }
            }
        }
    };
    let mut node = Node {
        expr,
        value,
        children,
        element: None,
        elements_seen: 0,
    };
    if let CKind::Quant { kind, .. } = &expr.kind {
        keep_the_deciding_element(&mut node, *kind);
    }
    Some(node)
}

/// Of a quantifier's bodies, keeps the one that decided it: for `all` an
/// element that was false, for `any` and `none` one that was true; for an
/// unknown result one that was unknown. Otherwise (every element agreed)
/// none, and `elements_seen` says how many there were.
fn keep_the_deciding_element(node: &mut Node<'_>, kind: Quantifier) {
    let mut children = std::mem::take(&mut node.children).into_iter();
    let list = children.next();
    let bodies: Vec<Node<'_>> = children.collect();
    node.elements_seen = bodies.len();
    let decisive = Some(Value::Bool(kind != Quantifier::All));
    let decider = match node.value {
        None => bodies.iter().rposition(|b| b.value.is_none()),
        Some(_) => bodies.iter().rposition(|b| b.value == decisive),
    };
    node.children.extend(list);
    if let Some(i) = decider {
        node.children.extend(bodies.into_iter().nth(i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::check_project;
    use crate::vocabulary::Outcome;

    /// The trees tell the verdict's story: a fail has its deciding
    /// `require` false, an n/a its guard false, a pass every `require`
    /// true; on every pair of the example projects.
    #[test]
    fn the_trees_agree_with_every_verdict() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in [
            "examples/nordlys",
            "examples/quickstart",
            "tests/fixtures/stale",
        ] {
            let run = check_project(&root.join(dir), &crate::CheckOptions::default());
            let model = run.model.as_ref().expect("the project is valid");
            let opts = run.eval_options();
            for f in &run.evaluation.findings {
                let (vendor, req) = (&model.vendors[f.vendor], &model.requirements[f.requirement]);
                let e = explain(vendor, &opts, req);
                let what = format!("{dir}: {} {}", vendor.id, req.full_id);
                assert_eq!(e.judgement.outcome, f.unwaived, "{what}");
                let value = |i: usize| e.requires[i].as_ref().and_then(|n| n.value.clone());
                match f.unwaived {
                    Outcome::Fail => {
                        let i = e
                            .judgement
                            .decisive_require
                            .expect("a fail has its require");
                        assert_eq!(value(i), Some(Value::Bool(false)), "{what}");
                    }
                    Outcome::NotApplicable => {
                        let guard = e.guard.as_ref().and_then(|g| g.value.clone());
                        assert_eq!(guard, Some(Value::Bool(false)), "{what}");
                        assert!(e.requires.iter().all(Option::is_none), "{what}");
                    }
                    Outcome::Pass => {
                        for i in 0..req.requires.len() {
                            assert_eq!(value(i), Some(Value::Bool(true)), "{what}");
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}
