//! The expression evaluator: Kleene's three-valued logic, with the
//! evidence (facts read, facts missing) carried alongside each value.

use std::cell::RefCell;
use std::cmp::Ordering as CmpOrdering;
use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::{staleness, EvalOptions, FactRef, FactUse, Finding, Missing, MissingReason};
use crate::model::{CExpr, CKind, FactId, Model, Ordering, Requirement, Vendor};
use crate::source::Span;
use crate::syntax::ast::{Outcome, Quantifier};
use crate::value::Value;

/// A value or unknown.
#[derive(Clone, Debug, PartialEq)]
pub enum Tri {
    Known(Value),
    Unknown,
}

/// Where a value came from in the vendor's file, so that a field of a list
/// element can be named `chain.list[1].country` and pointed at. Small and
/// `Copy`: names and values are spelled out only when a report needs them.
#[derive(Clone, Copy, Debug)]
struct Origin {
    at: FactRef,
    span: Span,
}

/// A value with its evidence.
#[derive(Clone, Debug)]
struct Ev {
    value: Tri,
    facts: Vec<FactUse>,
    missing: Vec<Missing>,
    origin: Option<Origin>,
}

impl Ev {
    fn known(value: Value) -> Ev {
        Ev {
            value: Tri::Known(value),
            facts: Vec::new(),
            missing: Vec::new(),
            origin: None,
        }
    }

    fn unknown() -> Ev {
        Ev {
            value: Tri::Unknown,
            facts: Vec::new(),
            missing: Vec::new(),
            origin: None,
        }
    }

    fn bool(&self) -> Option<bool> {
        match &self.value {
            Tri::Known(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// Takes the evidence of `other` as well, without duplicates: a
    /// linear search for the few facts of most expressions, a hash set once
    /// there are many (a list of a vendor's can be long).
    fn absorb(&mut self, other: Ev) {
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
            if !self.missing.iter().any(|g| g.path == m.path) {
                self.missing.push(m);
            }
        }
    }

    /// Takes the evidence of `other` without looking for duplicates; call
    /// [`Ev::dedupe`] once when done.
    fn gather(&mut self, other: Ev) {
        self.facts.extend(other.facts);
        self.missing.extend(other.missing);
    }

    /// Removes repeated facts and missing paths, keeping the first of each.
    fn dedupe(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.facts.retain(|u| seen.insert(u.at));
        let mut paths = std::collections::HashSet::new();
        self.missing.retain(|m| paths.insert(m.path.clone()));
    }

    fn with_value(mut self, value: Tri) -> Ev {
        self.value = value;
        self.origin = None;
        self
    }
}

/// A quantifier variable's value and where it came from.
#[derive(Clone, Debug)]
struct Bound {
    value: Value,
    origin: Option<Origin>,
}

/// Evaluates expressions for one vendor.
pub struct Evaluator<'m> {
    model: &'m Model,
    vendor: &'m Vendor,
    opts: &'m EvalOptions,
    /// Each define's value for this vendor, by the address of its shared
    /// body: a define is closed (it sees no quantifier variable), so it is
    /// evaluated once. Without this, defines that use each other twice
    /// would cost twice as much at every level.
    defines: RefCell<HashMap<*const CExpr, Ev>>,
}

impl<'m> Evaluator<'m> {
    pub fn new(model: &'m Model, vendor: &'m Vendor, opts: &'m EvalOptions) -> Evaluator<'m> {
        Evaluator {
            model,
            vendor,
            opts,
            defines: RefCell::new(HashMap::new()),
        }
    }

    /// The outcome of one requirement (without waivers).
    pub fn requirement(&self, req: &Requirement) -> Finding {
        let mut finding = Finding {
            vendor: 0,
            requirement: 0,
            outcome: Outcome::Pass,
            facts: Vec::new(),
            missing: Vec::new(),
            decisive_require: None,
            waiver: None,
        };
        let mut env = Vec::with_capacity(req.slots);
        if let Some(when) = &req.when {
            let guard = self.eval(when, &mut env);
            if guard.bool() == Some(false) {
                finding.outcome = Outcome::NotApplicable;
                finding.facts = guard.facts;
                return finding;
            }
        }
        let mut unknown: Option<(usize, Ev)> = None;
        let mut passed = Ev::unknown();
        let mut stale_require = None;
        for (i, (cond, _)) in req.requires.iter().enumerate() {
            let ev = self.eval(cond, &mut env);
            match ev.bool() {
                Some(false) => {
                    finding.outcome = Outcome::Fail;
                    finding.facts = ev.facts;
                    finding.missing = ev.missing;
                    finding.decisive_require = Some(i);
                    return finding;
                }
                Some(true) => {
                    if stale_require.is_none() && ev.missing.iter().any(Missing::is_stale) {
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
            finding.outcome = Outcome::Unknown;
            finding.decisive_require = Some(i);
            finding.facts = ev.facts;
            finding.missing = ev.missing;
            return finding;
        }
        // Lapsed evidence never passes silently (spec §6): a pass that
        // rests on a stale fact, through `present`, is unknown.
        let stale: Vec<Missing> = passed
            .missing
            .into_iter()
            .filter(Missing::is_stale)
            .collect();
        if !stale.is_empty() {
            finding.outcome = Outcome::Unknown;
            finding.missing = stale;
            finding.decisive_require = stale_require;
        }
        finding.facts = passed.facts;
        finding
    }

    fn fact(&self, id: FactId) -> Ev {
        let def = self.model.schema.fact(id);
        let Some(fact) = self.vendor.fact(id) else {
            let mut ev = Ev::unknown();
            ev.missing.push(Missing {
                path: def.path.clone(),
                reason: MissingReason::NotStated,
                span: None,
            });
            return ev;
        };
        if let Some(reason) = staleness(fact, self.vendor, self.opts) {
            let mut ev = Ev::unknown();
            ev.missing.push(Missing {
                path: def.path.clone(),
                reason,
                span: Some(fact.span),
            });
            return ev;
        }
        let mut ev = Ev::known(fact.value.clone());
        let at = FactRef::fact(id);
        ev.facts.push(FactUse {
            at,
            span: fact.span,
        });
        ev.origin = Some(Origin {
            at,
            span: fact.span,
        });
        ev
    }

    fn eval(&self, e: &CExpr, env: &mut Vec<Bound>) -> Ev {
        match &e.kind {
            CKind::Const(v) => Ev::known(v.clone()),
            CKind::Today => Ev::known(Value::Date(self.opts.today)),
            CKind::Fact(id) => self.fact(*id),
            CKind::Var(slot) => match env.get(*slot) {
                Some(b) => {
                    let mut ev = Ev::known(b.value.clone());
                    if let Some(o) = b.origin {
                        // The element itself is the evidence; a field
                        // access replaces it with the field's own.
                        ev.facts.push(FactUse {
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
                if let Some(done) = self.defines.borrow().get(&key) {
                    return done.clone();
                }
                // Defines are closed: they see no quantifier variables.
                let ev = self.eval(body, &mut Vec::new());
                self.defines.borrow_mut().insert(key, ev.clone());
                ev
            }
            CKind::Not(inner) => {
                let ev = self.eval(inner, env);
                let v = match ev.bool() {
                    Some(b) => Tri::Known(Value::Bool(!b)),
                    None => Tri::Unknown,
                };
                ev.with_value(v)
            }
            CKind::And(l, r) => self.kleene(l, r, env, false),
            CKind::Or(l, r) => self.kleene(l, r, env, true),
            CKind::Compare(op, l, r) => {
                let (lv, rv) = (self.eval(l, env), self.eval(r, env));
                self.binary(lv, rv, |a, b| compare(*op, a, b).map(Value::Bool))
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
                            .any(|y| compare(Ordering::Eq, x, y) == Some(true));
                        Some(Value::Bool(found != negated))
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
                        Some(Value::Bool(age >= 0 && age <= dur.whole_days()))
                    }
                    _ => None,
                })
            }
            CKind::Matches(s, pattern) => {
                let ev = self.eval(s, env);
                let v = match &ev.value {
                    Tri::Known(Value::String(text)) => {
                        Tri::Known(Value::Bool(pattern.matches_with(
                            text,
                            glob::MatchOptions {
                                case_sensitive: true,
                                require_literal_separator: false,
                                require_literal_leading_dot: false,
                            },
                        )))
                    }
                    _ => Tri::Unknown,
                };
                ev.with_value(v)
            }
            CKind::Present(target) => {
                // Never unknown: a stated fact is present even when stale.
                // A field of a list element: its evidence is the field's own
                // (the value, or the place that leaves it out).
                let field_ev = match &target.kind {
                    CKind::Fact(_) => None,
                    _ => Some(self.eval(target, env)),
                };
                let stated = match &field_ev {
                    None => {
                        matches!(&target.kind, CKind::Fact(id) if self.vendor.fact(*id).is_some())
                    }
                    Some(ev) => matches!(ev.value, Tri::Known(_)),
                };
                let mut ev = Ev::known(Value::Bool(stated));
                if let Some(field) = field_ev {
                    ev.facts = field.facts;
                    ev.missing = field.missing;
                }
                if let CKind::Fact(id) = &target.kind {
                    let path = self.model.schema.fact(*id).path.clone();
                    match self.vendor.fact(*id) {
                        Some(f) => match staleness(f, self.vendor, self.opts) {
                            // Present, but its evidence lapsed: noted, so
                            // that a pass resting on it becomes unknown.
                            Some(reason) => ev.missing.push(Missing {
                                path,
                                reason,
                                span: Some(f.span),
                            }),
                            None => ev.facts.push(FactUse {
                                at: FactRef::fact(*id),
                                span: f.span,
                            }),
                        },
                        // Not unknown, but worth naming when it decides.
                        None => ev.missing.push(Missing {
                            path,
                            reason: MissingReason::NotStated,
                            span: None,
                        }),
                    }
                }
                ev
            }
            CKind::Count(list) => {
                let ev = self.eval(list, env);
                let v = match &ev.value {
                    Tri::Known(Value::List(items)) => Tri::Known(Value::Int(items.len() as i64)),
                    _ => Tri::Unknown,
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
                        Tri::Known(v) => values.push(v.clone()),
                        Tri::Unknown => all_known = false,
                    }
                    acc.absorb(ev);
                }
                let v = if all_known {
                    Tri::Known(Value::List(values.into()))
                } else {
                    Tri::Unknown
                };
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

    /// `and` (`is_or` false) and `or` (`is_or` true) in Kleene's logic: the
    /// deciding operand alone is the evidence.
    fn kleene(&self, l: &CExpr, r: &CExpr, env: &mut Vec<Bound>, is_or: bool) -> Ev {
        let decisive = is_or; // `true` decides `or`, `false` decides `and`
        let lv = self.eval(l, env);
        if lv.bool() == Some(decisive) {
            return lv.with_value(Tri::Known(Value::Bool(decisive)));
        }
        let rv = self.eval(r, env);
        if rv.bool() == Some(decisive) {
            return rv.with_value(Tri::Known(Value::Bool(decisive)));
        }
        let both_known = lv.bool().is_some() && rv.bool().is_some();
        let mut acc = lv;
        acc.absorb(rv);
        let v = if both_known {
            Tri::Known(Value::Bool(!decisive))
        } else {
            Tri::Unknown
        };
        acc.with_value(v)
    }

    /// An operator that is unknown when either operand is.
    fn binary(&self, l: Ev, r: Ev, op: impl FnOnce(&Value, &Value) -> Option<Value>) -> Ev {
        let v = match (&l.value, &r.value) {
            (Tri::Known(a), Tri::Known(b)) => op(a, b).map(Tri::Known).unwrap_or(Tri::Unknown),
            _ => Tri::Unknown,
        };
        let mut acc = l;
        acc.absorb(r);
        acc.with_value(v)
    }

    fn field(&self, inner: &CExpr, fi: usize, env: &mut Vec<Bound>) -> Ev {
        let base = self.eval(inner, env);
        let Tri::Known(Value::Record { fields, .. }) = &base.value else {
            return base.with_value(Tri::Unknown);
        };
        let origin = base.origin.map(|o| {
            let at = o.at.with_field(fi);
            let span = self.element_field_span(at).unwrap_or(o.span);
            Origin { at, span }
        });
        match fields.get(fi).cloned().flatten() {
            Some(v) => {
                let mut ev = Ev::known(v);
                if let Some(o) = origin {
                    ev.facts.push(FactUse {
                        at: o.at,
                        span: o.span,
                    });
                    ev.origin = Some(o);
                }
                ev
            }
            None => {
                let mut ev = Ev::unknown();
                if let Some(o) = origin {
                    ev.missing.push(Missing {
                        path: o.at.path(self.model),
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
        list: &CExpr,
        body: &CExpr,
        env: &mut Vec<Bound>,
    ) -> Ev {
        let lv = self.eval(list, env);
        let Tri::Known(Value::List(items)) = &lv.value else {
            return lv.with_value(Tri::Unknown);
        };
        let items = items.clone();
        let origin = lv.origin;
        // `all` is decided by a false element, `any` and `none` by a true one.
        let decisive = kind != Quantifier::All;
        let mut unknown = Ev::unknown();
        let mut any_unknown = false;
        let mut rest = Ev::unknown();
        for (i, item) in items.iter().enumerate() {
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
                        value: Value::Bool(false),
                        origin: None,
                    },
                );
            }
            env[slot] = Bound {
                value: item.clone(),
                origin: element_origin,
            };
            let ev = self.eval(body, env);
            match ev.bool() {
                Some(b) if b == decisive => {
                    let result = if kind == Quantifier::None { !b } else { b };
                    return ev.with_value(Tri::Known(Value::Bool(result)));
                }
                // Gathered as they come and merged once after the loop: a
                // duplicate search per element made long lists quadratic.
                Some(_) => rest.gather(ev),
                None => {
                    any_unknown = true;
                    unknown.gather(ev);
                }
            }
        }
        if any_unknown {
            unknown.dedupe();
            return unknown.with_value(Tri::Unknown);
        }
        rest.dedupe();
        let result = match kind {
            Quantifier::All => true,
            Quantifier::Any => false,
            Quantifier::None => true,
        };
        // An empty list decides by itself; its fact is the evidence.
        let mut acc = if items.is_empty() { lv } else { rest };
        acc.origin = None;
        acc.with_value(Tri::Known(Value::Bool(result)))
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
pub fn compare(op: Ordering, a: &Value, b: &Value) -> Option<bool> {
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
            return match op {
                Ordering::Eq => Some(n1 == n2),
                Ordering::Ne => Some(n1 != n2),
                _ => None,
            };
        }
        _ => return None,
    };
    Some(match op {
        Ordering::Eq => ord == CmpOrdering::Equal,
        Ordering::Ne => ord != CmpOrdering::Equal,
        Ordering::Lt => ord == CmpOrdering::Less,
        Ordering::Le => ord != CmpOrdering::Greater,
        Ordering::Gt => ord == CmpOrdering::Greater,
        Ordering::Ge => ord != CmpOrdering::Less,
    })
}
