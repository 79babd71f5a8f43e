//! Names and types of expressions (docs/language.md §6.3, §6.7): resolves every path, gives
//! every expression a type, and specialises operators to their operands.
//! Errors are pushed and the expression is poisoned (`None`), so one
//! mistake gives one diagnostic, not a cascade.

use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{CExpr, CKind, Schema, Type};
use crate::source::Span;
use crate::syntax::ast::{BinOp, Expr, ExprKind, Func, Ident};
use crate::value::Value;
use crate::vocabulary::Comparison;

use crate::limits::MAX_NESTED_QUANTIFIERS;

/// A define as the requirements after it see it.
pub struct DefineEntry {
    pub name: String,
    pub span: Span,
    pub order: usize,
    /// `None` when the define itself had an error.
    pub checked: Option<(Arc<CExpr>, Type)>,
}

/// What the checker knows while it checks one expression.
pub struct Scope<'a> {
    pub schema: &'a Schema,
    pub defines: &'a [DefineEntry],
    /// Members written before this position may be used.
    pub order: usize,
    vars: Vec<(String, Type)>,
    pub max_slots: usize,
}

type Checked = Option<(CExpr, Type)>;

impl<'a> Scope<'a> {
    pub fn new(schema: &'a Schema, defines: &'a [DefineEntry], order: usize) -> Scope<'a> {
        Scope {
            schema,
            defines,
            order,
            vars: Vec::new(),
            max_slots: 0,
        }
    }

    fn type_name(&self, ty: &Type) -> String {
        self.schema.type_name(ty)
    }

    fn a_type(&self, ty: &Type) -> String {
        self.schema.a_type(ty)
    }

    /// Checks a condition: the expression must be a bool.
    pub fn condition(&mut self, e: &Expr, what: &str, diags: &mut Diagnostics) -> Option<CExpr> {
        let (c, ty) = self.expr(e, Some(&Type::Bool), diags)?;
        if ty != Type::Bool {
            diags.push(
                Diagnostic::error(
                    Code::NotBool,
                    format!(
                        "{what} must be a condition, but this is {}",
                        self.a_type(&ty)
                    ),
                )
                .primary(e.span, format!("this is {}", self.a_type(&ty)))
                .with_help(bool_help(&ty)),
            );
            return None;
        }
        Some(c)
    }

    pub fn expr(&mut self, e: &Expr, expected: Option<&Type>, diags: &mut Diagnostics) -> Checked {
        let span = e.span;
        let done = |kind: CKind, ty: Type| Some((CExpr { kind, span }, ty));
        match &e.kind {
            ExprKind::Bool(b) => done(CKind::Const(Value::Bool(*b)), Type::Bool),
            ExprKind::Int(i) => done(CKind::Const(Value::Int(*i)), Type::Int),
            ExprKind::Number(n) => done(CKind::Const(Value::Number(*n)), Type::Number),
            ExprKind::Percent(p) => done(CKind::Const(Value::Percent(*p)), Type::Percent),
            ExprKind::Duration(d) => done(CKind::Const(Value::Duration(*d)), Type::Duration),
            ExprKind::Date(d) => done(CKind::Const(Value::Date(*d)), Type::Date),
            ExprKind::Str(s) => done(CKind::Const(Value::String(s.as_str().into())), Type::String),
            ExprKind::Today => done(CKind::Today, Type::Date),
            ExprKind::Malformed(text) => {
                // Only vendor values keep malformed literals; report it as
                // the parser would have.
                if let Err(d) = crate::syntax::classify_numeric(text, span) {
                    diags.push(d);
                }
                None
            }
            ExprKind::Paren(inner) => self.expr(inner, expected, diags),
            ExprKind::Path(parts) => self.path(parts, span, expected, diags),
            ExprKind::List(items) => self.list(items, span, expected, diags),
            ExprKind::Record(_) => {
                diags.push(
                    Diagnostic::error(
                        Code::RecordLiteralHere,
                        "a record literal cannot stand in an expression",
                    )
                    .primary(span, "record literal"),
                );
                None
            }
            ExprKind::Not(inner) => {
                let c = self.condition(inner, "the operand of `not`", diags)?;
                done(CKind::Not(Box::new(c)), Type::Bool)
            }
            ExprKind::Binary(BinOp::And, l, r) | ExprKind::Binary(BinOp::Or, l, r) => {
                let is_and = matches!(e.kind, ExprKind::Binary(BinOp::And, ..));
                let word = if is_and {
                    "an operand of `and`"
                } else {
                    "an operand of `or`"
                };
                let lc = self.condition(l, word, diags);
                let rc = self.condition(r, word, diags);
                let (lc, rc) = (Box::new(lc?), Box::new(rc?));
                let kind = if is_and {
                    CKind::And(lc, rc)
                } else {
                    CKind::Or(lc, rc)
                };
                done(kind, Type::Bool)
            }
            ExprKind::Binary(BinOp::Cmp(op), l, r) => self.compare(*op, l, r, span, diags),
            ExprKind::Binary(op @ (BinOp::In | BinOp::NotIn), item, list) => {
                self.membership(item, list, *op == BinOp::NotIn, span, diags)
            }
            ExprKind::Binary(BinOp::Contains, list, item) => {
                self.membership(item, list, false, span, diags)
            }
            ExprKind::Binary(BinOp::Within, l, r) => {
                let lc =
                    self.expect_type(l, &Type::Date, "`within` needs a date on its left", diags);
                let rc = self.expect_type(
                    r,
                    &Type::Duration,
                    "`within` needs a duration on its right",
                    diags,
                );
                done(CKind::Within(Box::new(lc?), Box::new(rc?)), Type::Bool)
            }
            ExprKind::Binary(BinOp::Matches, l, r) => {
                let lc = self.expect_type(
                    l,
                    &Type::String,
                    "`matches` needs a string on its left",
                    diags,
                );
                let pattern = self.pattern(r, diags);
                done(CKind::Matches(Box::new(lc?), pattern?), Type::Bool)
            }
            ExprKind::Quant {
                kind,
                var,
                list,
                body,
            } => {
                let (lc, lty) = self.expr(list, None, diags)?;
                let Type::List(elem) = lty else {
                    diags.push(not_a_list(list.span, &self.a_type(&lty), "a quantifier"));
                    return None;
                };
                self.check_var_name(var, diags);
                if self.vars.len() >= MAX_NESTED_QUANTIFIERS {
                    // Each level multiplies the work by the list's length.
                    diags.push(
                        Diagnostic::error(
                            Code::TooDeep,
                            format!("quantifiers are nested more than {MAX_NESTED_QUANTIFIERS} deep"),
                        )
                        .primary(e.span, "too deep")
                        .with_help("each nested quantifier multiplies the work by the length of its list; name an inner condition with `define`, or split the requirement"),
                    );
                    return None;
                }
                let slot = self.vars.len();
                self.vars.push((var.name.clone(), *elem));
                self.max_slots = self.max_slots.max(self.vars.len());
                let bc = self.condition(body, "the body of a quantifier", diags);
                self.vars.pop();
                done(
                    CKind::Quant {
                        kind: *kind,
                        slot,
                        list: Box::new(lc),
                        body: Box::new(bc?),
                    },
                    Type::Bool,
                )
            }
            ExprKind::Call(Func::Present, arg) => {
                let not_presentable = || {
                    Diagnostic::error(
                        Code::NotPresentable,
                        "`present` takes a fact or a record field",
                    )
                    .primary(arg.span, "not a fact")
                };
                if !matches!(&arg.kind, ExprKind::Path(_)) {
                    diags.push(not_presentable());
                    return None;
                }
                let (c, _) = self.expr(arg, None, diags)?;
                if !matches!(c.kind, CKind::Fact(_) | CKind::Field(..)) {
                    diags.push(not_presentable());
                    return None;
                }
                done(CKind::Present(Box::new(c)), Type::Bool)
            }
            ExprKind::Call(Func::Count, arg) => {
                let (c, ty) = self.expr(arg, None, diags)?;
                if !matches!(ty, Type::List(_)) {
                    diags.push(not_a_list(arg.span, &self.a_type(&ty), "`count`"));
                    return None;
                }
                done(CKind::Count(Box::new(c)), Type::Int)
            }
        }
    }

    fn expect_type(
        &mut self,
        e: &Expr,
        want: &Type,
        message: &str,
        diags: &mut Diagnostics,
    ) -> Option<CExpr> {
        let (c, ty) = self.expr(e, Some(want), diags)?;
        if &ty != want {
            diags.push(
                Diagnostic::error(Code::TypeMismatch, message.to_string())
                    .primary(e.span, format!("this is {}", self.a_type(&ty))),
            );
            return None;
        }
        Some(c)
    }

    fn pattern(&mut self, e: &Expr, diags: &mut Diagnostics) -> Option<Arc<glob::Pattern>> {
        let ExprKind::Str(text) = &e.kind else {
            diags.push(
                Diagnostic::error(
                    Code::InvalidPattern,
                    "the pattern of `matches` must be a string literal",
                )
                .primary(e.span, "not a string literal")
                .with_help("write the pattern in the policy: `name matches \"Microsoft*\"`"),
            );
            return None;
        };
        match crate::pattern::compile(text) {
            Ok(p) => Some(Arc::new(p)),
            Err(why) => {
                diags.push(
                    Diagnostic::error(
                        Code::InvalidPattern,
                        format!("`{text}` is not a valid pattern"),
                    )
                    .primary(e.span, why),
                );
                None
            }
        }
    }

    fn check_var_name(&self, var: &Ident, diags: &mut Diagnostics) {
        let name = var.name.as_str();
        let clash = if self.vars.iter().any(|(v, _)| v == name) {
            Some("a variable of an outer quantifier")
        } else if self.defines.iter().any(|d| d.name == name) {
            Some("a define")
        } else if self.schema.fact_by_path.contains_key(name) {
            Some("a fact")
        } else if self.schema.group_by_path.contains_key(name) {
            Some("a group of facts")
        } else if self
            .schema
            .enums
            .iter()
            .any(|e| e.shared_value(name).is_some())
        {
            Some("an enum value")
        } else {
            None
        };
        if let Some(what) = clash {
            diags.push(
                Diagnostic::error(
                    Code::NameConflict,
                    format!("the variable `{name}` would hide {what} of that name"),
                )
                .primary(var.span, "choose another name"),
            );
        }
    }

    /// Whether an expression takes its type from where it stands: a bare
    /// enum value, or a list of them.
    fn needs_context(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Path(parts) => {
                parts.len() == 1 && {
                    let name = parts[0].name.as_str();
                    !self.vars.iter().any(|(v, _)| v == name)
                        && !self.defines.iter().any(|d| d.name == name)
                        && !self.schema.fact_by_path.contains_key(name)
                }
            }
            ExprKind::List(items) => items.iter().all(|i| self.needs_context(i)),
            ExprKind::Paren(inner) => self.needs_context(inner),
            _ => false,
        }
    }

    fn path(
        &mut self,
        parts: &[Ident],
        span: Span,
        expected: Option<&Type>,
        diags: &mut Diagnostics,
    ) -> Checked {
        let first = parts.first()?;
        // 1. A quantifier variable, then its fields.
        if let Some(slot) = self.vars.iter().rposition(|(v, _)| *v == first.name) {
            let mut ty = self.vars[slot].1.clone();
            let mut c = CExpr {
                kind: CKind::Var(slot),
                span: first.span,
            };
            for field in &parts[1..] {
                let Type::Record(rid) = ty else {
                    diags.push(
                        Diagnostic::error(
                            Code::UnknownField,
                            format!("a {} has no fields", self.type_name(&ty)),
                        )
                        .primary(field.span, format!("`{}` is not a field", field.name)),
                    );
                    return None;
                };
                let record = self.schema.record(rid);
                let Some(fi) = record.field(&field.name) else {
                    if record.broken_fields.contains(&field.name) {
                        return None;
                    }
                    let mut d = Diagnostic::error(
                        Code::UnknownField,
                        format!("record `{}` has no field `{}`", record.name, field.name),
                    )
                    .primary(field.span, "unknown field");
                    d = d.suggesting(&field.name, record.fields.iter().map(|f| f.name.as_str()));
                    diags.push(d);
                    return None;
                };
                ty = record.fields[fi].ty.clone();
                c = CExpr {
                    kind: CKind::Field(Box::new(c), fi),
                    span: first.span.to(field.span),
                };
            }
            return Some((c, ty));
        }
        let dotted = parts
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(".");
        // 2. A define written above.
        if parts.len() == 1 {
            if let Some(d) = self.defines.iter().find(|d| d.name == first.name) {
                if d.order >= self.order {
                    diags.push(
                        Diagnostic::error(
                            Code::DefineOrder,
                            format!("the define `{}` is used before it is written", d.name),
                        )
                        .primary(span, "used here")
                        .secondary(d.span, "written here, below its use"),
                    );
                    return None;
                }
                let (c, ty) = d.checked.as_ref()?;
                return Some((
                    CExpr {
                        kind: CKind::Define(c.clone(), d.name.clone()),
                        span,
                    },
                    ty.clone(),
                ));
            }
        }
        // 3. A fact.
        if let Some(&id) = self.schema.fact_by_path.get(&dotted) {
            return Some((
                CExpr {
                    kind: CKind::Fact(id),
                    span,
                },
                self.schema.fact(id).ty.clone(),
            ));
        }
        if self.schema.group_by_path.contains_key(&dotted) {
            let inside: Vec<&str> = self
                .schema
                .facts
                .iter()
                .filter(|f| f.path.starts_with(&format!("{dotted}.")))
                .map(|f| f.path.as_str())
                .take(4)
                .collect();
            diags.push(
                Diagnostic::error(
                    Code::GroupNotFact,
                    format!("`{dotted}` is a group of facts, not a fact"),
                )
                .primary(span, "a group")
                .with_help(format!(
                    "name one of its facts, e.g. {}",
                    inside
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            return None;
        }
        if self.schema.broken_facts.contains(&dotted) {
            return None; // its declaration has an error of its own
        }
        // 4. An enum value, from context or from the only enum that has it.
        if parts.len() == 1 {
            return self.enum_value(first, expected, diags);
        }
        diags.push(self.unknown_fact(&dotted, span));
        None
    }

    fn unknown_fact(&self, dotted: &str, span: Span) -> Diagnostic {
        let mut d = Diagnostic::error(Code::UnknownName, format!("unknown fact `{dotted}`"))
            .primary(span, "not declared in any schema");
        let candidates = self
            .schema
            .facts
            .iter()
            .map(|f| f.path.as_str())
            .chain(self.defines.iter().map(|d| d.name.as_str()))
            .chain(self.vars.iter().map(|(v, _)| v.as_str()));
        d = d.suggesting(dotted, candidates);
        d
    }

    fn enum_value(
        &mut self,
        name: &Ident,
        expected: Option<&Type>,
        diags: &mut Diagnostics,
    ) -> Checked {
        let expected_enum = match expected {
            Some(Type::Enum(e)) => Some(*e),
            Some(Type::List(inner)) => match inner.as_ref() {
                Type::Enum(e) => Some(*e),
                _ => None,
            },
            _ => None,
        };
        if let Some(eid) = expected_enum {
            let def = self.schema.enum_def(eid);
            if let Some(shared) = def.shared_value(&name.name) {
                return Some(enum_const(eid, shared, name));
            }
            let mut d = Diagnostic::error(
                Code::UnknownEnumValue,
                format!("`{}` is not a value of enum `{}`", name.name, def.name),
            )
            .primary(
                name.span,
                format!("expected one of {}", def.values.join(", ")),
            )
            .secondary(def.span, "the enum is declared here");
            d = d.suggesting(&name.name, def.values.iter());
            diags.push(d);
            return None;
        }
        let owners: Vec<usize> = self
            .schema
            .enums
            .iter()
            .enumerate()
            .filter(|(_, e)| e.shared_value(&name.name).is_some())
            .map(|(i, _)| i)
            .collect();
        match owners.as_slice() {
            [only] => {
                let shared = self.schema.enums.get(*only)?.shared_value(&name.name)?;
                Some(enum_const(crate::value::EnumId(*only as u32), shared, name))
            }
            [] => {
                diags.push(self.unknown_fact(&name.name, name.span));
                None
            }
            several => {
                let names: Vec<String> = several
                    .iter()
                    .map(|i| format!("`{}`", self.schema.enums[*i].name))
                    .collect();
                diags.push(
                    Diagnostic::error(
                        Code::AmbiguousEnumValue,
                        format!(
                            "`{}` is a value of several enums: {}",
                            name.name,
                            names.join(", ")
                        ),
                    )
                    .primary(name.span, "which enum is meant cannot be told from here"),
                );
                None
            }
        }
    }

    fn list(
        &mut self,
        items: &[Expr],
        span: Span,
        expected: Option<&Type>,
        diags: &mut Diagnostics,
    ) -> Checked {
        let mut elem: Option<Type> = match expected {
            Some(Type::List(inner)) => Some((**inner).clone()),
            _ => None,
        };
        if items.is_empty() {
            return match elem {
                Some(t) => Some((
                    CExpr {
                        kind: CKind::List(Vec::new()),
                        span,
                    },
                    Type::List(Box::new(t)),
                )),
                None => {
                    diags.push(
                        Diagnostic::error(
                            Code::EmptyList,
                            "the type of this empty list cannot be told",
                        )
                        .primary(span, "empty list"),
                    );
                    None
                }
            };
        }
        // Elements that fix their own type go first, so that `[EU, x]`
        // learns its enum from `x`.
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|i| self.needs_context(&items[*i]));
        let mut checked: Vec<Option<CExpr>> = vec![None; items.len()];
        let mut failed = false;
        for i in order {
            let item = &items[i];
            match self.expr(item, elem.as_ref(), diags) {
                Some((c, ty)) => {
                    match &elem {
                        None => elem = Some(ty),
                        Some(want) if compatible(want, &ty) => {
                            if *want == Type::Int && ty == Type::Number {
                                elem = Some(Type::Number);
                            }
                        }
                        Some(want) => {
                            diags.push(
                                Diagnostic::error(
                                    Code::TypeMismatch,
                                    format!(
                                        "a list holds one type, but this element is {} among {}s",
                                        self.type_name(&ty),
                                        self.type_name(want)
                                    ),
                                )
                                .primary(item.span, format!("this is {}", self.a_type(&ty))),
                            );
                            failed = true;
                            continue;
                        }
                    }
                    checked[i] = Some(c);
                }
                None => failed = true,
            }
        }
        if failed {
            return None;
        }
        let elem = elem?;
        let elems: Vec<CExpr> = checked.into_iter().flatten().collect();
        Some((
            CExpr {
                kind: constant_list(elems),
                span,
            },
            Type::List(Box::new(elem)),
        ))
    }

    /// Checks two operands, the one that fixes its type first.
    fn pair(
        &mut self,
        l: &Expr,
        r: &Expr,
        diags: &mut Diagnostics,
    ) -> Option<((CExpr, Type), (CExpr, Type))> {
        if self.needs_context(l) && !self.needs_context(r) {
            let rc = self.expr(r, None, diags)?;
            let lc = self.expr(l, Some(&rc.1), diags)?;
            Some((lc, rc))
        } else {
            let lc = self.expr(l, None, diags);
            let rc = self.expr(r, lc.as_ref().map(|c| &c.1), diags);
            Some((lc?, rc?))
        }
    }

    fn compare(
        &mut self,
        op: Comparison,
        l: &Expr,
        r: &Expr,
        span: Span,
        diags: &mut Diagnostics,
    ) -> Checked {
        let ((lc, lt), (rc, rt)) = self.pair(l, r, diags)?;
        if !compatible(&lt, &rt) {
            diags.push(mismatch(self, op.as_str(), l.span, &lt, r.span, &rt));
            return None;
        }
        let ordering = !matches!(op, Comparison::Eq | Comparison::Ne);
        let allowed = match &lt {
            Type::List(_) | Type::Record(_) => false,
            Type::Bool | Type::Enum(_) => !ordering,
            _ => true,
        };
        if !allowed {
            let (msg, help) = match &lt {
                Type::List(_) => (
                    format!("`{}` does not compare lists", op.as_str()),
                    "compare element by element with a quantifier (`all x in l: …`), test membership with `in`, or compare `count(…)`",
                ),
                Type::Record(_) => (
                    format!("`{}` does not compare records", op.as_str()),
                    "compare the fields you mean: `s.country == EU`",
                ),
                _ => (
                    format!("`{}` cannot order values of type {}", op.as_str(), self.type_name(&lt)),
                    "only int, number, percent, duration, date and string have an order; use `==` or `!=`",
                ),
            };
            diags.push(
                Diagnostic::error(Code::InvalidOperator, msg)
                    .primary(span, format!("both sides are {}", self.type_name(&lt)))
                    .with_help(help),
            );
            return None;
        }
        Some((
            CExpr {
                kind: CKind::Compare(op, Box::new(lc), Box::new(rc)),
                span,
            },
            Type::Bool,
        ))
    }

    fn membership(
        &mut self,
        item: &Expr,
        list: &Expr,
        negated: bool,
        span: Span,
        diags: &mut Diagnostics,
    ) -> Checked {
        let (ic, it, lc, lt);
        if self.needs_context(item) && !self.needs_context(list) {
            let l = self.expr(list, None, diags)?;
            let want = match &l.1 {
                Type::List(inner) => Some((**inner).clone()),
                _ => None,
            };
            let i = self.expr(item, want.as_ref(), diags)?;
            (ic, it, lc, lt) = (i.0, i.1, l.0, l.1);
        } else {
            let i = self.expr(item, None, diags);
            let want = i.as_ref().map(|(_, t)| Type::List(Box::new(t.clone())));
            let l = self.expr(list, want.as_ref(), diags);
            let (i, l) = (i?, l?);
            (ic, it, lc, lt) = (i.0, i.1, l.0, l.1);
        }
        let Type::List(elem) = &lt else {
            diags.push(not_a_list(list.span, &self.a_type(&lt), "membership"));
            return None;
        };
        if !compatible(elem, &it) {
            diags.push(mismatch(self, "in", item.span, &it, list.span, &lt));
            return None;
        }
        if matches!(it, Type::List(_) | Type::Record(_)) {
            diags.push(
                Diagnostic::error(
                    Code::InvalidOperator,
                    format!("membership cannot compare {}s", self.type_name(&it)),
                )
                .primary(span, "use a quantifier instead"),
            );
            return None;
        }
        Some((
            CExpr {
                kind: CKind::In {
                    item: Box::new(ic),
                    list: Box::new(lc),
                    negated,
                },
                span,
            },
            Type::Bool,
        ))
    }
}

/// A list whose elements are all constants is a constant itself, built
/// once here rather than at every evaluation (`r in [EU, EEA]` is met once
/// for every vendor and element). It has no evidence either way.
fn constant_list(elems: Vec<CExpr>) -> CKind {
    if !elems.iter().all(|e| matches!(e.kind, CKind::Const(_))) {
        return CKind::List(elems);
    }
    let values: Vec<Value> = elems
        .into_iter()
        .filter_map(|e| match e.kind {
            CKind::Const(v) => Some(v),
            _ => None,
        })
        .collect();
    CKind::Const(Value::List(values.into()))
}

/// An enum value as a checked constant.
fn enum_const(
    enum_id: crate::value::EnumId,
    shared: std::sync::Arc<str>,
    name: &Ident,
) -> (CExpr, Type) {
    let value = Value::Enum {
        enum_id,
        name: shared,
    };
    (
        CExpr {
            kind: CKind::Const(value),
            span: name.span,
        },
        Type::Enum(enum_id),
    )
}

/// Whether two types may meet in a comparison: equal, or int and number.
pub fn compatible(a: &Type, b: &Type) -> bool {
    a == b
        || matches!(
            (a, b),
            (Type::Int, Type::Number) | (Type::Number, Type::Int)
        )
}

fn mismatch(scope: &Scope<'_>, op: &str, ls: Span, lt: &Type, rs: Span, rt: &Type) -> Diagnostic {
    let mut d = Diagnostic::error(
        Code::TypeMismatch,
        format!(
            "`{op}` cannot compare {} with {}",
            scope.schema.a_type(lt),
            scope.schema.a_type(rt)
        ),
    )
    .primary(ls, format!("this is {}", scope.schema.a_type(lt)))
    .secondary(rs, format!("this is {}", scope.schema.a_type(rt)));
    if let Some(h) = literal_hint(lt, rt) {
        d = d.with_help(h);
    }
    d
}

/// A concrete hint for the commonest slips between literal kinds.
fn literal_hint(a: &Type, b: &Type) -> Option<&'static str> {
    use Type::*;
    Some(match (a, b) {
        (Percent, Number | Int) | (Number | Int, Percent) => "write the percent with `%`: `99.9%`",
        (Duration, Int | Number) | (Int | Number, Duration) => {
            "write the duration with a unit: `72h`, `30d`"
        }
        (Percent, Duration) | (Duration, Percent) => {
            "a percent and a duration measure different things; compare each with its own kind"
        }
        (Date, String) | (String, Date) => "write the date without quotes: `2026-11-27`",
        _ => return None,
    })
}

fn not_a_list(span: Span, found: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        Code::NotAList,
        format!("{what} needs a list, but this is {found}"),
    )
    .primary(span, format!("this is {found}"))
}

fn bool_help(ty: &Type) -> String {
    match ty {
        Type::List(_) => "test the list with a quantifier, `count(…) > 0`, or `x in list`".into(),
        Type::Date => "compare the date, or test its age: `risk.last_assessed within 365d`".into(),
        _ => "compare the value with something: `fact == value`, `fact >= limit`".into(),
    }
}
