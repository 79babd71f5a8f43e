//! The expression evaluator: Kleene's three-valued logic, with the
//! evidence (facts read, facts missing) carried alongside each value.
//!
//! One evaluator serves two passes. Judging every pair wants outcomes only,
//! so it runs with [`Outcomes`], a trace that records nothing but whether
//! a lapsed fact was met (which can turn a pass into unknown). Reports that
//! show why run the same code with [`Evidence`], which records every fact
//! read and every fact missing. Both are the one generic function, so the
//! two passes cannot disagree on an outcome.

use std::cell::RefCell;
use std::cmp::Ordering as CmpOrdering;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::{staleness, EvalOptions, Evidence, FactRef, FactUse, Missing, MissingReason};
use crate::model::{CExpr, CKind, FactId, Requirement, Vendor};
use crate::source::Span;
use crate::value::Value;
use crate::vocabulary::Comparison;
use crate::vocabulary::{Outcome, Quantifier};

/// What an evaluation records besides values. Every operation on evidence
/// goes through this trait, so that a trace that records nothing still
/// knows exactly what the recording one would say about lapsed facts.
pub trait Trace: Clone + Default {
    fn push_fact(&mut self, u: FactUse);
    fn push_missing(&mut self, m: Missing);
    /// Takes the evidence of `other` as well, without duplicates.
    fn absorb(&mut self, other: Self);
    /// Takes the evidence of `other`; [`Trace::dedupe`] once when done.
    fn gather(&mut self, other: Self);
    fn dedupe(&mut self);
    /// Whether a missing fact is stated but lapsed.
    fn has_stale(&self) -> bool;
    /// Keeps only the lapsed facts among the missing ones.
    fn keep_stale_missing(&mut self);
    /// Forgets the missing facts (an n/a names only what it read).
    fn drop_missing(&mut self);
    /// How many entries it holds, repeats included.
    fn size(&self) -> usize;
    /// Whether the evaluator records every sub-expression's value as it
    /// goes ([`Step`]s, for `skykrav explain`). A constant, so the passes
    /// that do not record pay nothing for it.
    const RECORDS: bool = false;
}

/// One step of a recorded evaluation, in the order they happened: a
/// sub-expression entered, left with its value (`None`: unknown), or a
/// quantifier starting on its element `i`.
#[derive(Clone, Debug)]
pub enum Step<'m> {
    Enter(&'m CExpr),
    Exit(Option<Value>),
    Element(usize),
}

/// The trace of `skykrav explain`: the evidence, and every step recorded.
#[derive(Clone, Debug, Default)]
pub struct Recorded(pub Evidence);

impl Trace for Recorded {
    fn push_fact(&mut self, u: FactUse) {
        self.0.push_fact(u)
    }
    fn push_missing(&mut self, m: Missing) {
        self.0.push_missing(m)
    }
    fn absorb(&mut self, other: Recorded) {
        self.0.absorb(other.0)
    }
    fn gather(&mut self, other: Recorded) {
        self.0.gather(other.0)
    }
    fn dedupe(&mut self) {
        self.0.dedupe()
    }
    fn has_stale(&self) -> bool {
        self.0.has_stale()
    }
    fn keep_stale_missing(&mut self) {
        self.0.keep_stale_missing()
    }
    fn drop_missing(&mut self) {
        self.0.drop_missing()
    }
    fn size(&self) -> usize {
        self.0.size()
    }
    const RECORDS: bool = true;
}

/// The trace of the judging pass: no evidence, only whether a lapsed fact
/// is among the missing ones.
#[derive(Clone, Copy, Debug, Default)]
pub struct Outcomes {
    stale: bool,
}

impl Trace for Outcomes {
    fn push_fact(&mut self, _: FactUse) {}

    fn push_missing(&mut self, m: Missing) {
        self.stale |= m.is_stale();
    }

    fn absorb(&mut self, other: Outcomes) {
        self.stale |= other.stale;
    }

    fn gather(&mut self, other: Outcomes) {
        self.stale |= other.stale;
    }

    fn dedupe(&mut self) {}

    fn has_stale(&self) -> bool {
        self.stale
    }

    fn keep_stale_missing(&mut self) {}

    fn drop_missing(&mut self) {
        self.stale = false;
    }

    fn size(&self) -> usize {
        0
    }
}

impl Trace for Evidence {
    fn push_fact(&mut self, u: FactUse) {
        self.facts.push(u);
    }

    fn push_missing(&mut self, m: Missing) {
        self.missing.push(m);
    }

    /// A linear search for the few facts of most expressions, a hash set
    /// once there are many (a list of a vendor's can be long).
    fn absorb(&mut self, other: Evidence) {
        if self.facts.len() + other.facts.len() + self.missing.len() + other.missing.len() > 32 {
            self.gather(other);
            self.dedupe();
            return;
        }
        for f in other.facts {
            if !self.facts.iter().any(|g| g.at == f.at) {
                self.facts.push(f);
            }
        }
        for m in other.missing {
            if !self.missing.iter().any(|g| g.at == m.at) {
                self.missing.push(m);
            }
        }
    }

    fn gather(&mut self, other: Evidence) {
        self.facts.extend(other.facts);
        self.missing.extend(other.missing);
    }

    /// Removes repeated facts and missing facts, keeping the first of each.
    fn dedupe(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.facts.retain(|u| seen.insert(u.at));
        let mut missing = std::collections::HashSet::new();
        self.missing.retain(|m| missing.insert(m.at));
    }

    fn has_stale(&self) -> bool {
        self.missing.iter().any(Missing::is_stale)
    }

    fn keep_stale_missing(&mut self) {
        self.missing.retain(Missing::is_stale);
    }

    fn drop_missing(&mut self) {
        self.missing.clear();
    }

    fn size(&self) -> usize {
        self.facts.len() + self.missing.len()
    }
}

/// A known value: borrowed from the model or the vendor where it lives
/// there (facts, constants, list elements), owned where evaluation made
/// it (a comparison's result, a count). Borrowing keeps the shared
/// constants' reference counts out of the hot loop, where two threads
/// would fight over them.
#[derive(Clone, Debug)]
enum Val<'m> {
    Ref(&'m Value),
    Own(Value),
}

impl Val<'_> {
    fn get(&self) -> &Value {
        match self {
            Val::Ref(v) => v,
            Val::Own(v) => v,
        }
    }
}

/// Where a value came from in the vendor's file, so that a field of a list
/// element can be named `chain.list[1].country` and pointed at. Small and
/// `Copy`: names and values are spelled out only when a report needs them.
#[derive(Clone, Copy, Debug)]
struct Origin {
    at: FactRef,
    span: Span,
}

/// A value (`None`: unknown) with its evidence.
#[derive(Clone, Debug)]
struct Ev<'m, T> {
    value: Option<Val<'m>>,
    trace: T,
    origin: Option<Origin>,
}

impl<'m, T: Trace> Ev<'m, T> {
    fn known(value: Val<'m>) -> Ev<'m, T> {
        Ev {
            value: Some(value),
            trace: T::default(),
            origin: None,
        }
    }

    fn unknown() -> Ev<'m, T> {
        Ev {
            value: None,
            trace: T::default(),
            origin: None,
        }
    }

    fn bool(&self) -> Option<bool> {
        match self.value.as_ref().map(Val::get) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    fn absorb(&mut self, other: Ev<'m, T>) {
        self.trace.absorb(other.trace);
    }

    fn with_value(mut self, value: Option<Val<'m>>) -> Ev<'m, T> {
        self.value = value;
        self.origin = None;
        self
    }

    fn with_bool(self, b: Option<bool>) -> Ev<'m, T> {
        self.with_value(b.map(|b| Val::Own(Value::Bool(b))))
    }
}

/// The elements a quantifier runs over: borrowed where the list is the
/// model's or the vendor's, owned where evaluation built it.
enum Elements<'m> {
    Borrowed(&'m [Value]),
    Owned(Arc<[Value]>),
}

impl<'m> Elements<'m> {
    fn len(&self) -> usize {
        match self {
            Elements::Borrowed(items) => items.len(),
            Elements::Owned(items) => items.len(),
        }
    }

    fn get(&self, i: usize) -> Option<Val<'m>> {
        match self {
            Elements::Borrowed(items) => items.get(i).map(Val::Ref),
            Elements::Owned(items) => items.get(i).cloned().map(Val::Own),
        }
    }
}

/// A quantifier variable's value and where it came from.
#[derive(Clone, Debug)]
struct Bound<'m> {
    value: Val<'m>,
    origin: Option<Origin>,
}

/// How a requirement was decided, without the evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Judgement {
    pub outcome: Outcome,
    /// The `require` that was false (fail) or unknown (unknown), or whose
    /// lapsed facts made a pass unknown.
    pub decisive_require: Option<usize>,
}

/// Evaluates expressions for one vendor; `T` says what it records.
pub struct Evaluator<'m, T> {
    vendor: &'m Vendor,
    opts: &'m EvalOptions,
    /// Each define's value for this vendor, by the address of its shared
    /// body: a define is closed (it sees no quantifier variable), so it is
    /// evaluated once. Without this, defines that use each other twice
    /// would cost twice as much at every level. A policy has few defines,
    /// so a list searched from the front beats hashing.
    defines: RefCell<Vec<DefineValue<'m, T>>>,
    /// The steps the current requirement (or define) has taken.
    budget: RefCell<Budget>,
    /// What a recording trace ([`Trace::RECORDS`]) saw, in order.
    steps: RefCell<Vec<Step<'m>>>,
}

/// The quantifiers' lists (place, length) being walked when a budget ran
/// out, innermost first.
type OverBudget = Vec<(Span, usize)>;

/// A define's value for the vendor, keyed by its body, and whether its
/// evaluation ran out of steps.
type DefineValue<'m, T> = (*const CExpr, Ev<'m, T>, Option<OverBudget>);

pub use crate::limits::MAX_STEPS;

#[derive(Debug, Default)]
struct Budget {
    steps: u64,
    exhausted: bool,
    /// The quantifiers' lists that were being walked when the budget ran
    /// out, innermost first: their places and lengths.
    lists: Vec<(Span, usize)>,
}

impl<'m, T: Trace> Evaluator<'m, T> {
    pub fn new(vendor: &'m Vendor, opts: &'m EvalOptions) -> Evaluator<'m, T> {
        Evaluator {
            vendor,
            opts,
            defines: RefCell::new(Vec::new()),
            budget: RefCell::new(Budget::default()),
            steps: RefCell::new(Vec::new()),
        }
    }

    /// The steps recorded since the last call (only a recording trace
    /// records any).
    pub fn take_steps(&self) -> Vec<Step<'m>> {
        std::mem::take(&mut *self.steps.borrow_mut())
    }

    /// Whether the current evaluation ran out of steps.
    fn exhausted(&self) -> bool {
        self.budget.borrow().exhausted
    }

    /// After [`Evaluator::requirement`]: when the requirement ran out of
    /// steps, the lists being walked then (place in the policy, length),
    /// innermost first. Its outcome is then `unknown`.
    pub fn over_budget(&self) -> Option<Vec<(Span, usize)>> {
        let b = self.budget.borrow();
        b.exhausted.then(|| b.lists.clone())
    }

    /// The outcome of one requirement (without waivers), and what the
    /// trace recorded of it: for a fail, the facts that made it false and
    /// any missing; for an unknown, the facts read and the facts missing;
    /// for a pass, the facts read; for an n/a, the facts the guard read.
    pub fn requirement(&self, req: &'m Requirement) -> (Judgement, T) {
        let judged = |outcome, decisive_require| Judgement {
            outcome,
            decisive_require,
        };
        *self.budget.borrow_mut() = Budget::default();
        let mut env = Vec::with_capacity(req.slots);
        if let Some(when) = &req.when {
            let guard = self.eval(when, &mut env);
            if self.exhausted() {
                return (judged(Outcome::Unknown, None), guard.trace);
            }
            if guard.bool() == Some(false) {
                let mut trace = guard.trace;
                trace.drop_missing();
                return (judged(Outcome::NotApplicable, None), trace);
            }
        }
        let mut unknown: Option<(usize, Ev<'m, T>)> = None;
        let mut passed: Ev<'m, T> = Ev::unknown();
        let mut stale_require = None;
        for (i, (cond, _)) in req.requires.iter().enumerate() {
            let ev = self.eval(cond, &mut env);
            if self.exhausted() {
                return (judged(Outcome::Unknown, Some(i)), ev.trace);
            }
            match ev.bool() {
                Some(false) => return (judged(Outcome::Fail, Some(i)), ev.trace),
                Some(true) => {
                    if stale_require.is_none() && ev.trace.has_stale() {
                        stale_require = Some(i);
                    }
                    passed.absorb(ev)
                }
                None => match &mut unknown {
                    Some((_, acc)) => acc.absorb(ev),
                    None => unknown = Some((i, ev)),
                },
            }
        }
        if let Some((i, ev)) = unknown {
            return (judged(Outcome::Unknown, Some(i)), ev.trace);
        }
        // Lapsed evidence never passes silently (docs/language.md §9): a pass that
        // rests on a stale fact, through `present`, is unknown.
        let mut trace = passed.trace;
        trace.keep_stale_missing();
        if trace.has_stale() {
            return (judged(Outcome::Unknown, stale_require), trace);
        }
        (judged(Outcome::Pass, None), trace)
    }

    fn fact(&self, id: FactId) -> Ev<'m, T> {
        let at = FactRef::fact(id);
        let Some(fact) = self.vendor.fact(id) else {
            let mut ev: Ev<'m, T> = Ev::unknown();
            ev.trace.push_missing(Missing {
                at,
                reason: MissingReason::NotStated,
                span: None,
            });
            return ev;
        };
        if let Some(reason) = staleness(fact, self.vendor, self.opts) {
            let mut ev: Ev<'m, T> = Ev::unknown();
            ev.trace.push_missing(Missing {
                at,
                reason,
                span: Some(fact.span),
            });
            return ev;
        }
        let mut ev: Ev<'m, T> = Ev::known(Val::Ref(&fact.value));
        ev.trace.push_fact(FactUse {
            at,
            span: fact.span,
        });
        ev.origin = Some(Origin {
            at,
            span: fact.span,
        });
        ev
    }

    // Always inlined: without recording it is `eval_node` itself, so the
    // judging pass's recursion has no extra call a node.
    #[inline(always)]
    fn eval(&self, e: &'m CExpr, env: &mut Vec<Bound<'m>>) -> Ev<'m, T> {
        if !T::RECORDS {
            return self.eval_node(e, env);
        }
        self.steps.borrow_mut().push(Step::Enter(e));
        let ev = self.eval_node(e, env);
        let value = ev.value.as_ref().map(|v| v.get().clone());
        self.steps.borrow_mut().push(Step::Exit(value));
        ev
    }

    fn eval_node(&self, e: &'m CExpr, env: &mut Vec<Bound<'m>>) -> Ev<'m, T> {
        {
            let mut b = self.budget.borrow_mut();
            b.steps += 1;
            if b.steps > MAX_STEPS {
                b.exhausted = true;
            }
            if b.exhausted {
                return Ev::unknown();
            }
        }
        match &e.kind {
            CKind::Const(v) => Ev::known(Val::Ref(v)),
            CKind::Today => Ev::known(Val::Own(Value::Date(self.opts.today))),
            CKind::Fact(id) => self.fact(*id),
            CKind::Var(slot) => match env.get(*slot) {
                Some(b) => {
                    let mut ev: Ev<'m, T> = Ev::known(b.value.clone());
                    if let Some(o) = b.origin {
                        // The element itself is the evidence; a field
                        // access replaces it with the field's own.
                        ev.trace.push_fact(FactUse {
                            at: o.at,
                            span: o.span,
                        });
                    }
                    ev.origin = b.origin;
                    ev
                }
                None => Ev::unknown(),
            },
            CKind::Field(inner, fi) => self.field(inner, *fi, env),
            CKind::Define(body, _) => {
                let key = Arc::as_ptr(body);
                let cached = self
                    .defines
                    .borrow()
                    .iter()
                    .find(|(k, _, _)| *k == key)
                    .map(|(_, done, over)| (done.clone(), over.clone()));
                if let Some((done, over)) = cached {
                    if let Some(lists) = over {
                        let mut b = self.budget.borrow_mut();
                        b.exhausted = true;
                        b.lists = lists;
                    }
                    return done;
                }
                // A define has a budget of its own: it is evaluated once,
                // for whichever requirement needs it first, so its cost
                // must not depend on which one that is.
                let outer = std::mem::take(&mut *self.budget.borrow_mut());
                // Defines are closed: they see no quantifier variables.
                let ev = self.eval(body, &mut Vec::new());
                let inner = std::mem::replace(&mut *self.budget.borrow_mut(), outer);
                let over = inner.exhausted.then_some(inner.lists);
                if let Some(lists) = &over {
                    let mut b = self.budget.borrow_mut();
                    b.exhausted = true;
                    b.lists = lists.clone();
                }
                self.defines.borrow_mut().push((key, ev.clone(), over));
                ev
            }
            CKind::Not(inner) => {
                let ev = self.eval(inner, env);
                let b = ev.bool().map(|b| !b);
                ev.with_bool(b)
            }
            CKind::And(l, r) => self.kleene(l, r, env, false),
            CKind::Or(l, r) => self.kleene(l, r, env, true),
            CKind::Compare(op, l, r) => {
                let (lv, rv) = (self.eval(l, env), self.eval(r, env));
                self.binary(lv, rv, |a, b| compare(*op, a, b))
            }
            CKind::In {
                item,
                list,
                negated,
            } => {
                let (iv, lv) = (self.eval(item, env), self.eval(list, env));
                let negated = *negated;
                self.binary(iv, lv, |x, l| match l {
                    Value::List(items) => {
                        let found = items
                            .iter()
                            .any(|y| compare(Comparison::Eq, x, y) == Some(true));
                        Some(found != negated)
                    }
                    _ => None,
                })
            }
            CKind::Within(d, dur) => {
                let (dv, durv) = (self.eval(d, env), self.eval(dur, env));
                let today = self.opts.today;
                self.binary(dv, durv, |a, b| match (a, b) {
                    (Value::Date(date), Value::Duration(dur)) => {
                        let age = today.days() - date.days();
                        Some(age >= 0 && age <= dur.whole_days())
                    }
                    _ => None,
                })
            }
            CKind::Matches(s, pattern) => {
                let ev = self.eval(s, env);
                let b = match ev.value.as_ref().map(Val::get) {
                    Some(Value::String(text)) => Some(pattern.matches_with(
                        text,
                        glob::MatchOptions {
                            case_sensitive: true,
                            require_literal_separator: false,
                            require_literal_leading_dot: false,
                        },
                    )),
                    _ => None,
                };
                ev.with_bool(b)
            }
            CKind::Present(target) => self.present(target, env),
            CKind::Count(list) => {
                let ev = self.eval(list, env);
                let v = match ev.value.as_ref().map(Val::get) {
                    Some(Value::List(items)) => Some(Val::Own(Value::Int(items.len() as i64))),
                    _ => None,
                };
                ev.with_value(v)
            }
            CKind::List(items) => {
                let mut acc = Ev::unknown();
                let mut values = Vec::with_capacity(items.len());
                let mut all_known = true;
                for item in items {
                    let ev = self.eval(item, env);
                    match &ev.value {
                        Some(v) => values.push(v.get().clone()),
                        None => all_known = false,
                    }
                    acc.absorb(ev);
                }
                let v = all_known.then(|| Val::Own(Value::List(values.into())));
                acc.with_value(v)
            }
            CKind::Quant {
                kind,
                slot,
                list,
                body,
            } => self.quantifier(*kind, *slot, list, body, env),
        }
    }

    /// `present(path)`: never unknown; a stated fact is present even when
    /// stale. A field of a list element: its evidence is the field's own
    /// (the value, or the place that leaves it out).
    fn present(&self, target: &'m CExpr, env: &mut Vec<Bound<'m>>) -> Ev<'m, T> {
        let CKind::Fact(id) = &target.kind else {
            let field = self.eval(target, env);
            let stated = field.value.is_some();
            let mut ev: Ev<'m, T> = Ev::known(Val::Own(Value::Bool(stated)));
            ev.trace = field.trace;
            return ev;
        };
        let at = FactRef::fact(*id);
        let fact = self.vendor.fact(*id);
        let mut ev: Ev<'m, T> = Ev::known(Val::Own(Value::Bool(fact.is_some())));
        match fact {
            Some(f) => match staleness(f, self.vendor, self.opts) {
                // Present, but its evidence lapsed: noted, so that a pass
                // resting on it becomes unknown.
                Some(reason) => ev.trace.push_missing(Missing {
                    at,
                    reason,
                    span: Some(f.span),
                }),
                None => ev.trace.push_fact(FactUse { at, span: f.span }),
            },
            // Not unknown, but worth naming when it decides.
            None => ev.trace.push_missing(Missing {
                at,
                reason: MissingReason::NotStated,
                span: None,
            }),
        }
        ev
    }

    /// `and` (`is_or` false) and `or` (`is_or` true) in Kleene's logic: the
    /// deciding operand alone is the evidence.
    ///
    /// A deciding operand that rests on a lapsed fact (through `present`)
    /// decides only when no other operand decides without one: in
    /// `present(a) or b` with `a` stale and `b` true, `b` alone decides, so
    /// the outcome is the same as for `b or present(a)`. The outcome never
    /// depends on the order of the operands.
    fn kleene(
        &self,
        l: &'m CExpr,
        r: &'m CExpr,
        env: &mut Vec<Bound<'m>>,
        is_or: bool,
    ) -> Ev<'m, T> {
        let decisive = is_or; // `true` decides `or`, `false` decides `and`
        let lv = self.eval(l, env);
        if self.exhausted() {
            return lv.with_value(None);
        }
        if lv.bool() == Some(decisive) && !lv.trace.has_stale() {
            return lv.with_bool(Some(decisive));
        }
        let rv = self.eval(r, env);
        if rv.bool() == Some(decisive) && !rv.trace.has_stale() {
            return rv.with_bool(Some(decisive));
        }
        if lv.bool() == Some(decisive) {
            return lv.with_bool(Some(decisive));
        }
        if rv.bool() == Some(decisive) {
            return rv.with_bool(Some(decisive));
        }
        let both_known = lv.bool().is_some() && rv.bool().is_some();
        let mut acc = lv;
        acc.absorb(rv);
        acc.with_bool(both_known.then_some(!decisive))
    }

    /// An operator that is unknown when either operand is.
    fn binary(
        &self,
        l: Ev<'m, T>,
        r: Ev<'m, T>,
        op: impl FnOnce(&Value, &Value) -> Option<bool>,
    ) -> Ev<'m, T> {
        let b = match (&l.value, &r.value) {
            (Some(a), Some(b)) => op(a.get(), b.get()),
            _ => None,
        };
        let mut acc = l;
        acc.absorb(r);
        acc.with_bool(b)
    }

    fn field(&self, inner: &'m CExpr, fi: usize, env: &mut Vec<Bound<'m>>) -> Ev<'m, T> {
        let base = self.eval(inner, env);
        // The field's value, borrowed where the record is.
        let value = match &base.value {
            Some(Val::Ref(Value::Record { fields, .. })) => {
                Some(fields.get(fi).and_then(Option::as_ref).map(Val::Ref))
            }
            Some(Val::Own(Value::Record { fields, .. })) => Some(
                fields
                    .get(fi)
                    .and_then(Option::as_ref)
                    .map(|v| Val::Own(v.clone())),
            ),
            _ => None,
        };
        let Some(value) = value else {
            return base.with_value(None);
        };
        let origin = base.origin.map(|o| {
            let at = o.at.with_field(fi);
            let span = self.element_field_span(at).unwrap_or(o.span);
            Origin { at, span }
        });
        match value {
            Some(v) => {
                let mut ev: Ev<'m, T> = Ev::known(v);
                if let Some(o) = origin {
                    ev.trace.push_fact(FactUse {
                        at: o.at,
                        span: o.span,
                    });
                    ev.origin = Some(o);
                }
                ev
            }
            None => {
                let mut ev: Ev<'m, T> = Ev::unknown();
                if let Some(o) = origin {
                    ev.trace.push_missing(Missing {
                        at: o.at,
                        reason: MissingReason::NotStated,
                        span: None,
                    });
                }
                ev
            }
        }
    }

    /// Where a list element, or a field of one, is written.
    fn element_field_span(&self, at: FactRef) -> Option<Span> {
        let spans = self
            .vendor
            .fact(at.fact)?
            .element_spans
            .get(at.element? as usize)?;
        match at.field {
            Some(f) => spans.fields.get(f as usize).copied().flatten(),
            None => Some(spans.span),
        }
    }

    fn quantifier(
        &self,
        kind: Quantifier,
        slot: usize,
        list: &'m CExpr,
        body: &'m CExpr,
        env: &mut Vec<Bound<'m>>,
    ) -> Ev<'m, T> {
        let lv = self.eval(list, env);
        let items = match &lv.value {
            Some(Val::Ref(Value::List(items))) => Elements::Borrowed(items),
            Some(Val::Own(Value::List(items))) => Elements::Owned(items.clone()),
            _ => return lv.with_value(None),
        };
        let len = items.len();
        let origin = lv.origin;
        // `all` is decided by a false element, `any` and `none` by a true one.
        let decisive = kind != Quantifier::All;
        let mut unknown: Ev<'m, T> = Ev::unknown();
        let mut any_unknown = false;
        let mut rest: Ev<'m, T> = Ev::unknown();
        // A deciding element that rests on a lapsed fact decides only when
        // no element decides without one, as for `and` and `or`.
        let mut stale_decider: Option<Ev<'m, T>> = None;
        // Evidence is merged as it comes and cleared of repeats now and
        // then, so that it grows with the facts it names, not with the
        // number of evaluations (nested quantifiers multiply those).
        let mut dedupe_at = 64;
        for i in 0..len {
            let Some(item) = items.get(i) else { break };
            // Elements are named only in a list that is a fact itself.
            let element_origin = origin.filter(|o| o.at.element.is_none()).map(|o| {
                let at = o.at.with_element(i);
                let span = self.element_field_span(at).unwrap_or(o.span);
                Origin { at, span }
            });
            if env.len() <= slot {
                env.resize(
                    slot + 1,
                    Bound {
                        value: Val::Own(Value::Bool(false)),
                        origin: None,
                    },
                );
            }
            env[slot] = Bound {
                value: item,
                origin: element_origin,
            };
            if T::RECORDS {
                self.steps.borrow_mut().push(Step::Element(i));
            }
            let ev = self.eval(body, env);
            if self.exhausted() {
                // Out of budget: name this list, outermost last, and stop.
                self.budget.borrow_mut().lists.push((list.span, len));
                return ev.with_value(None);
            }
            match ev.bool() {
                Some(b) if b == decisive && !ev.trace.has_stale() => {
                    let result = if kind == Quantifier::None { !b } else { b };
                    return ev.with_bool(Some(result));
                }
                Some(b) if b == decisive => {
                    if stale_decider.is_none() {
                        stale_decider = Some(ev);
                    }
                }
                // Gathered as they come and merged once after the loop: a
                // duplicate search per element made long lists quadratic.
                Some(_) => {
                    rest.trace.gather(ev.trace);
                    if rest.trace.size() > dedupe_at {
                        rest.trace.dedupe();
                        dedupe_at = (rest.trace.size() * 2).max(64);
                    }
                }
                None => {
                    any_unknown = true;
                    unknown.trace.gather(ev.trace);
                    if unknown.trace.size() > dedupe_at {
                        unknown.trace.dedupe();
                        dedupe_at = (unknown.trace.size() * 2).max(64);
                    }
                }
            }
        }
        if let Some(ev) = stale_decider {
            let result = if kind == Quantifier::None {
                !decisive
            } else {
                decisive
            };
            return ev.with_bool(Some(result));
        }
        if any_unknown {
            unknown.trace.dedupe();
            return unknown.with_value(None);
        }
        rest.trace.dedupe();
        let result = match kind {
            Quantifier::All => true,
            Quantifier::Any => false,
            Quantifier::None => true,
        };
        // An empty list decides by itself; its fact is the evidence.
        let acc = if len == 0 { lv } else { rest };
        acc.with_bool(Some(result))
    }
}

fn decimal_of(v: &Value) -> Option<Decimal> {
    match v {
        Value::Int(i) => Some(Decimal::from(*i)),
        Value::Number(n) => Some(*n),
        _ => None,
    }
}

/// Compares two known values of compatible types; `None` when the types
/// do not meet (which the checker rules out).
pub fn compare(op: Comparison, a: &Value, b: &Value) -> Option<bool> {
    let ord: CmpOrdering = match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Int(_) | Value::Number(_), Value::Int(_) | Value::Number(_)) => {
            decimal_of(a)?.cmp(&decimal_of(b)?)
        }
        (Value::Percent(x), Value::Percent(y)) => x.cmp(y),
        (Value::Duration(x), Value::Duration(y)) => x.cmp(y),
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        (Value::String(x), Value::String(y)) => x.as_bytes().cmp(y.as_bytes()),
        (
            Value::Enum {
                enum_id: e1,
                name: n1,
            },
            Value::Enum {
                enum_id: e2,
                name: n2,
            },
        ) => {
            if e1 != e2 {
                return None;
            }
            // Values of one enum share their text (see `EnumDef::shared`),
            // so the same value is most often the same pointer.
            let same = Arc::ptr_eq(n1, n2) || n1 == n2;
            return match op {
                Comparison::Eq => Some(same),
                Comparison::Ne => Some(!same),
                _ => None,
            };
        }
        _ => return None,
    };
    Some(match op {
        Comparison::Eq => ord == CmpOrdering::Equal,
        Comparison::Ne => ord != CmpOrdering::Equal,
        Comparison::Lt => ord == CmpOrdering::Less,
        Comparison::Le => ord != CmpOrdering::Greater,
        Comparison::Gt => ord == CmpOrdering::Greater,
        Comparison::Ge => ord != CmpOrdering::Less,
    })
}
