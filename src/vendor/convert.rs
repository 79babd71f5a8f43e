//! Vendor facts against the schema (docs/language.md §8): every path declared,
//! every value of its fact's type, no fact twice. `.krav` literals and
//! JSON/YAML/TOML values are converted by the same rules: lists and records
//! by one converter over [`Written`], scalars each by their own syntax.

use super::data::{DataNode, DataValue};
use super::literal_hints;
use super::DataVendor;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{join_path as join, ElementSpans, Schema, Type, Vendor, VendorFact};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{Expr, ExprKind, FactAttrs, Ident, StrLit, VendorDecl, VendorStmt};
use crate::syntax::{classify_numeric, decimal_from_text, parse_date};
use crate::value::{Date, RecordId, Value};

/// A checked vendor of a `.krav` file (or a test's, or `defaults`); facts
/// with errors are left out and reported.
pub fn convert_krav_vendor(decl: &VendorDecl, schema: &Schema, diags: &mut Diagnostics) -> Vendor {
    let vendor = decl.id.as_ref().map(|i| i.name.as_str());
    let mut vc = VendorChecker::new(schema, diags, vendor, false);
    vc.stmts(&decl.body, "");
    Vendor {
        id: vendor.unwrap_or_default().to_string(),
        name: decl
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_default(),
        as_of: decl.as_of.as_ref().map(|d| d.node),
        facts: vc.facts,
        header: decl.header,
    }
}

/// A checked vendor of a JSON, YAML or TOML file.
pub fn convert_data_vendor(v: &DataVendor, schema: &Schema, diags: &mut Diagnostics) -> Vendor {
    let mut vc = VendorChecker::new(schema, diags, Some(&v.id.name), true);
    if let Some(facts) = &v.facts {
        vc.data_group(facts, "");
    }
    Vendor {
        id: v.id.name.clone(),
        name: v.name.value.clone(),
        as_of: v.as_of.as_ref().map(|d| d.node),
        facts: vc.facts,
        header: v.header,
    }
}

struct VendorChecker<'a> {
    schema: &'a Schema,
    diags: &'a mut Diagnostics,
    facts: Vec<Option<VendorFact>>,
    /// Where each fact was first stated, by [`FactId`].
    first_span: Vec<Option<Span>>,
    vendor: Option<&'a str>,
    /// Whether the vendor comes from a data file (JSON, YAML, TOML), whose
    /// literals are written differently.
    data: bool,
}

/// A value as written, in either syntax: what the converter needs to see
/// lists and records alike, and each syntax's own reading of a scalar.
trait Written: Sized {
    fn span(&self) -> Span;
    /// The elements, when the value is written as a list.
    fn items(&self) -> Option<&[Self]>;
    /// The fields (name, where the name is, value), when the value is
    /// written as a record.
    fn fields(&self) -> Option<Vec<(&str, Span, &Self)>>;
    /// Any other value (or a list or record where `ty` wants none).
    fn scalar(&self, vc: &mut VendorChecker<'_>, ty: &Type, path: &str) -> Option<Value>;
}

impl Written for Expr {
    fn span(&self) -> Span {
        self.span
    }
    fn items(&self) -> Option<&[Self]> {
        match &self.kind {
            ExprKind::List(items) => Some(items),
            _ => None,
        }
    }
    fn fields(&self) -> Option<Vec<(&str, Span, &Self)>> {
        match &self.kind {
            ExprKind::Record(fields) => Some(
                fields
                    .iter()
                    .map(|(n, v)| (n.name.as_str(), n.span, v))
                    .collect(),
            ),
            _ => None,
        }
    }
    fn scalar(&self, vc: &mut VendorChecker<'_>, ty: &Type, path: &str) -> Option<Value> {
        vc.krav_scalar(self, ty, path)
    }
}

impl Written for DataNode {
    fn span(&self) -> Span {
        self.span
    }
    fn items(&self) -> Option<&[Self]> {
        match &self.value {
            DataValue::Array(items) => Some(items),
            _ => None,
        }
    }
    fn fields(&self) -> Option<Vec<(&str, Span, &Self)>> {
        match &self.value {
            DataValue::Object(entries) => Some(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.as_str(), k.span, v))
                    .collect(),
            ),
            _ => None,
        }
    }
    fn scalar(&self, vc: &mut VendorChecker<'_>, ty: &Type, path: &str) -> Option<Value> {
        vc.data_scalar(self, ty, path)
    }
}

impl<'a> VendorChecker<'a> {
    fn new(
        schema: &'a Schema,
        diags: &'a mut Diagnostics,
        vendor: Option<&'a str>,
        data: bool,
    ) -> Self {
        VendorChecker {
            schema,
            diags,
            facts: vec![None; schema.facts.len()],
            first_span: vec![None; schema.facts.len()],
            vendor,
            data,
        }
    }
}

impl VendorChecker<'_> {
    fn where_(&self) -> String {
        match &self.vendor {
            Some(v) => format!(" in vendor `{v}`"),
            None => String::new(),
        }
    }

    fn stmts(&mut self, stmts: &[VendorStmt], prefix: &str) {
        for stmt in stmts {
            match stmt {
                VendorStmt::Block { path, stmts, .. } => {
                    let full = join(prefix, &dotted(path));
                    let span = path_span(path);
                    if self.group_exists(&full, span) {
                        self.stmts(stmts, &full);
                    }
                }
                VendorStmt::Assign(a) => {
                    let full = join(prefix, &dotted(&a.path));
                    self.fact(&full, path_span(&a.path), &a.value, a.attrs.clone());
                }
            }
        }
    }

    fn group_exists(&mut self, path: &str, span: Span) -> bool {
        if self.schema.group_by_path.contains_key(path) {
            return true;
        }
        let d = if self.schema.fact_by_path.contains_key(path) {
            Diagnostic::error(
                Code::GroupNotFact,
                format!("`{path}` is a fact, not a group"),
            )
            .primary(span, "a fact")
            .with_help(format!("give the fact its value: `{path} = …`"))
        } else {
            Diagnostic::error(
                Code::UnknownName,
                format!("unknown group `{path}`{}", self.where_()),
            )
            .primary(span, "no group of that name in the schema")
            .suggesting(path, self.schema.groups.iter().map(|g| g.path.as_str()))
        };
        self.diags.push(d);
        false
    }

    fn fact<W: Written>(&mut self, path: &str, path_span: Span, value: &W, attrs: FactAttrs) {
        let Some(&id) = self.schema.fact_by_path.get(path) else {
            if self.schema.broken_facts.contains(path) {
                return; // its declaration has an error of its own
            }
            if self.schema.group_by_path.contains_key(path) {
                self.diags.push(
                    Diagnostic::error(
                        Code::GroupNotFact,
                        format!("`{path}` is a group of facts, not a fact"),
                    )
                    .primary(path_span, "a group")
                    .with_help(format!(
                        "state the facts inside it: `{path} {{ … }}` or `{path}.fact = …`"
                    )),
                );
                return;
            }
            let mut d = Diagnostic::error(
                Code::UnknownName,
                format!("unknown fact `{path}`{}", self.where_()),
            )
            .primary(path_span, "not declared in any schema");
            d = d.suggesting(path, self.schema.facts.iter().map(|f| f.path.as_str()));
            self.diags.push(d);
            return;
        };
        if let Some(first) = self.first_span.get(id.0 as usize).copied().flatten() {
            self.diags.push(
                Diagnostic::error(
                    Code::DuplicateFact,
                    format!("the fact `{path}` is stated twice{}", self.where_()),
                )
                .primary(path_span, "stated again here")
                .secondary(first, "first stated here"),
            );
            return;
        }
        if let Some(slot) = self.first_span.get_mut(id.0 as usize) {
            *slot = Some(path_span);
        }
        // The schema outlives the checker: its type is borrowed, not cloned.
        let schema = self.schema;
        let ty = &schema.fact(id).ty;
        let mut element_spans = Vec::new();
        let Some(converted) = self.convert(value, ty, path, &mut element_spans) else {
            return;
        };
        self.facts[id.0 as usize] = Some(VendorFact {
            value: converted,
            span: value.span(),
            element_spans,
            source: attrs.source.map(|s| s.value),
            as_of: attrs.as_of.map(|d| d.node),
            expires: attrs.expires.map(|d| d.node),
            from_defaults: false,
        });
    }

    fn wrong_type(&mut self, path: &str, ty: &Type, found: &str, span: Span, help: Option<String>) {
        let want = self.schema.a_type(ty);
        let mut d = Diagnostic::error(
            Code::WrongFactType,
            format!(
                "`{path}`{} is {want}, but the value is {found}",
                self.where_()
            ),
        )
        .primary(span, format!("expected {want}"));
        if let Some(h) = help.or_else(|| literal_help(ty, self.data)) {
            d = d.with_help(h);
        }
        self.diags.push(d);
    }

    /// Converts one value to `ty`; `path` names it in messages (with list
    /// indexes and fields: `chain.list[1].country`).
    fn convert<W: Written>(
        &mut self,
        value: &W,
        ty: &Type,
        path: &str,
        elements: &mut Vec<ElementSpans>,
    ) -> Option<Value> {
        match ty {
            Type::List(elem) => {
                if let Some(items) = value.items() {
                    return self.list(items, elem, path, elements);
                }
            }
            Type::Record(rid) => {
                if let Some(fields) = value.fields() {
                    return self.record(*rid, &fields, path, elements);
                }
            }
            _ => {}
        }
        value.scalar(self, ty, path)
    }

    /// A `.krav` literal other than a list or record of the wanted type.
    fn krav_scalar(&mut self, e: &Expr, ty: &Type, path: &str) -> Option<Value> {
        let found = match &e.kind {
            ExprKind::Bool(b) if *ty == Type::Bool => return Some(Value::Bool(*b)),
            ExprKind::Int(i) if *ty == Type::Int => return Some(Value::Int(*i)),
            ExprKind::Int(i) if *ty == Type::Number => return Some(Value::Number((*i).into())),
            ExprKind::Number(n) if *ty == Type::Number => return Some(Value::Number(*n)),
            ExprKind::Percent(p) if *ty == Type::Percent => return Some(Value::Percent(*p)),
            ExprKind::Duration(d) if *ty == Type::Duration => return Some(Value::Duration(*d)),
            ExprKind::Date(d) if *ty == Type::Date => return Some(Value::Date(*d)),
            ExprKind::Str(s) if *ty == Type::String => {
                return Some(Value::String(s.as_str().into()))
            }
            ExprKind::Path(parts) if parts.len() == 1 => {
                if let Type::Enum(eid) = ty {
                    return self.enum_value(*eid, &parts[0].name, parts[0].span, path);
                }
                "a name"
            }
            ExprKind::List(_) => "a list",
            ExprKind::Record(_) => "a record",
            ExprKind::Bool(_) => "a bool",
            ExprKind::Int(_) => "an int",
            ExprKind::Number(_) => "a number",
            ExprKind::Percent(_) => "a percent",
            ExprKind::Duration(_) => "a duration",
            ExprKind::Date(_) => "a date",
            ExprKind::Str(_) => "a string",
            ExprKind::Malformed(text) => {
                // The fact's type says what was meant: `99.9h` for a
                // percent lacks its `%`; for a duration it is a bad one.
                match literal_hints::malformed_hint(text, ty) {
                    Some(help) => {
                        self.wrong_type(path, ty, &format!("`{text}`"), e.span, Some(help))
                    }
                    None => match classify_numeric(text, e.span) {
                        Err(d) => self.diags.push(d),
                        Ok(_) => self.wrong_type(path, ty, &format!("`{text}`"), e.span, None),
                    },
                }
                return None;
            }
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Code::NotALiteral,
                        format!("the value of `{path}` must be a literal"),
                    )
                    .primary(e.span, "not a literal value"),
                );
                return None;
            }
        };
        let unquoted = match &e.kind {
            ExprKind::Str(s) if s.starts_with(|c: char| c.is_ascii_digit()) => {
                classify_numeric(s, e.span)
                    .ok()
                    .filter(|k| literal_type(k) == Some(ty.clone()))
                    .map(|_| format!("write it without quotes: `{s}`"))
                    .or_else(|| {
                        (*ty == Type::Duration)
                            .then(|| literal_hints::spelled_duration_help(s, false))
                            .flatten()
                    })
            }
            _ => None,
        };
        self.wrong_type(path, ty, found, e.span, unquoted);
        None
    }

    /// A list's elements; for records, `elements` gets each field's span.
    fn list<W: Written>(
        &mut self,
        items: &[W],
        elem: &Type,
        path: &str,
        elements: &mut Vec<ElementSpans>,
    ) -> Option<Value> {
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let mut nested = Vec::new();
            let sub = format!("{path}[{i}]");
            match self.convert(item, elem, &sub, &mut nested) {
                Some(v) => out.push(v),
                None => ok = false,
            }
            elements.push(ElementSpans {
                span: item.span(),
                fields: nested
                    .into_iter()
                    .next()
                    .map(|e| e.fields)
                    .unwrap_or_default(),
            });
        }
        ok.then(|| Value::List(out.into()))
    }

    fn record<W: Written>(
        &mut self,
        rid: RecordId,
        entries: &[(&str, Span, &W)],
        path: &str,
        elements: &mut Vec<ElementSpans>,
    ) -> Option<Value> {
        let record = self.schema.record(rid);
        let mut values: Vec<Option<Value>> = vec![None; record.fields.len()];
        let mut spans: Vec<Option<Span>> = vec![None; record.fields.len()];
        let mut ok = true;
        for &(name, name_span, value) in entries {
            let Some(fi) = record.field(name) else {
                if record.broken_fields.iter().any(|b| b == name) {
                    ok = false;
                    continue;
                }
                let mut d = Diagnostic::error(
                    Code::UnknownField,
                    format!("record `{}` has no field `{name}`", record.name),
                )
                .primary(name_span, format!("in `{path}`"));
                d = d.suggesting(name, record.fields.iter().map(|f| f.name.as_str()));
                self.diags.push(d);
                ok = false;
                continue;
            };
            if let Some(first) = spans[fi] {
                self.diags.push(
                    Diagnostic::error(
                        Code::DuplicateFact,
                        format!("the field `{name}` is given twice"),
                    )
                    .primary(name_span, "given again here")
                    .secondary(first, "first given here"),
                );
                ok = false;
                continue;
            }
            let fty = record.fields[fi].ty.clone();
            let sub = format!("{path}.{name}");
            match self.convert(value, &fty, &sub, &mut Vec::new()) {
                Some(v) => {
                    values[fi] = Some(v);
                    spans[fi] = Some(value.span());
                }
                None => ok = false,
            }
        }
        elements.push(ElementSpans {
            span: entries.first().map(|(_, s, _)| *s).unwrap_or_default(),
            fields: spans,
        });
        ok.then(|| Value::Record {
            record: rid,
            fields: values.into(),
        })
    }

    fn enum_value(
        &mut self,
        eid: crate::value::EnumId,
        name: &str,
        span: Span,
        path: &str,
    ) -> Option<Value> {
        let def = self.schema.enum_def(eid);
        if let Some(shared) = def.shared_value(name) {
            return Some(Value::Enum {
                enum_id: eid,
                name: shared,
            });
        }
        let d = Diagnostic::error(
            Code::UnknownEnumValue,
            format!(
                "`{name}` is not a value of enum `{}` (the type of `{path}`)",
                def.name
            ),
        )
        .primary(span, format!("expected one of {}", def.values.join(", ")))
        .suggesting(name, def.values.iter());
        self.diags.push(d);
        None
    }

    // ------------------------------------------------------------ data files

    /// An object of a data file that stands for a group (or the root of
    /// `facts`): keys are names or dotted paths below `prefix`.
    fn data_group(&mut self, node: &DataNode, prefix: &str) {
        let DataValue::Object(entries) = &node.value else {
            let what = if prefix.is_empty() {
                "`facts`".to_string()
            } else {
                format!("the group `{prefix}`")
            };
            self.diags.push(
                Diagnostic::error(
                    Code::DataShape,
                    format!(
                        "{what} must be an object, but it is {}",
                        node.value.kind_name()
                    ),
                )
                .primary(node.span, "expected an object of facts"),
            );
            return;
        };
        for (key, value) in entries {
            let full = join(prefix, &key.name);
            if self.schema.group_by_path.contains_key(&full)
                && !self.schema.fact_by_path.contains_key(&full)
            {
                self.data_group(value, &full);
                continue;
            }
            let (value, attrs) = match self.annotated(&full, value) {
                Some(pair) => pair,
                None => continue,
            };
            self.fact(&full, key.span, value, attrs);
        }
    }

    /// Splits `{ "value": …, "source": …, "as_of": …, "expires": … }` into
    /// the value and its attributes; any other node is a bare value.
    fn annotated<'n>(
        &mut self,
        path: &str,
        node: &'n DataNode,
    ) -> Option<(&'n DataNode, FactAttrs)> {
        let DataValue::Object(entries) = &node.value else {
            return Some((node, FactAttrs::default()));
        };
        let is_record = self
            .schema
            .fact_by_path
            .get(path)
            .is_some_and(|id| matches!(self.schema.fact(*id).ty, Type::Record(_)));
        if is_record || !entries.iter().any(|(k, _)| k.name == "value") {
            return Some((node, FactAttrs::default()));
        }
        let mut value = None;
        let mut attrs = FactAttrs::default();
        for (k, v) in entries {
            match k.name.as_str() {
                "value" => value = Some(v),
                "source" => match &v.value {
                    DataValue::String(s) => {
                        attrs.source = Some(StrLit {
                            value: s.clone(),
                            span: v.span,
                        })
                    }
                    other => {
                        self.shape(
                            v.span,
                            format!(
                                "`{path}.source` must be a string, but it is {}",
                                other.kind_name()
                            ),
                        );
                        return None;
                    }
                },
                "as_of" | "expires" => {
                    let date = self.data_date(v, &format!("{path}.{}", k.name))?;
                    let slot = if k.name == "as_of" {
                        &mut attrs.as_of
                    } else {
                        &mut attrs.expires
                    };
                    *slot = Some(Spanned::new(date, v.span));
                }
                other => {
                    self.shape(
                        k.span,
                        format!("unknown key `{other}` beside `value` in `{path}`: the keys are `value`, `source`, `as_of` and `expires`"),
                    );
                    return None;
                }
            }
        }
        value.map(|v| (v, attrs))
    }

    fn shape(&mut self, span: Span, message: String) {
        self.diags
            .push(Diagnostic::error(Code::DataShape, message).primary(span, ""));
    }

    fn data_date(&mut self, v: &DataNode, path: &str) -> Option<Date> {
        match &v.value {
            DataValue::Date { year, month, day } => {
                let d = Date::from_ymd(*year, *month, *day);
                if d.is_none() {
                    self.wrong_type(path, &Type::Date, "not a calendar date", v.span, None);
                }
                d
            }
            DataValue::String(s) => match parse_date(s, v.span) {
                Ok(d) => Some(d),
                Err(d) => {
                    self.diags.push(d);
                    None
                }
            },
            other => {
                self.wrong_type(path, &Type::Date, other.kind_name(), v.span, None);
                None
            }
        }
    }

    /// A data node other than a list or object of the wanted type.
    fn data_scalar(&mut self, n: &DataNode, ty: &Type, path: &str) -> Option<Value> {
        let span = n.span;
        match (&n.value, ty) {
            (DataValue::Null, _) => {
                self.diags.push(
                    Diagnostic::error(
                        Code::WrongFactType,
                        format!("`{path}`{} is null", self.where_()),
                    )
                    .primary(span, "null is not a value")
                    .with_help("leave the fact out to say that it is unknown"),
                );
                None
            }
            (DataValue::Bool(b), Type::Bool) => Some(Value::Bool(*b)),
            (DataValue::Number(text), Type::Int) => match text.parse::<i64>() {
                Ok(i) => Some(Value::Int(i)),
                Err(_) => {
                    let help = if text.contains(['.', 'e', 'E']) {
                        "an int takes whole numbers only"
                    } else {
                        "integers must fit in 64 bits"
                    };
                    self.wrong_type(path, ty, &format!("`{text}`"), span, Some(help.into()));
                    None
                }
            },
            (DataValue::Number(text), Type::Number) => {
                self.decimal(text, span, path, ty).map(Value::Number)
            }
            (DataValue::Number(text), Type::Percent) => {
                self.decimal(text, span, path, ty).map(Value::Percent)
            }
            (DataValue::String(s), Type::Percent) if s.ends_with('%') => {
                self.literal_in_string(s, span, path, ty)
            }
            (DataValue::String(s), Type::Duration) => self.literal_in_string(s, span, path, ty),
            (DataValue::String(_) | DataValue::Date { .. }, Type::Date) => {
                self.data_date(n, path).map(Value::Date)
            }
            (DataValue::String(s), Type::String) => Some(Value::String(s.as_str().into())),
            (DataValue::String(s), Type::Enum(eid)) => self.enum_value(*eid, s, span, path),
            (other, _) => {
                let found = match other {
                    DataValue::String(s) => format!("the string `{s}`"),
                    DataValue::Number(t) => format!("the number `{t}`"),
                    DataValue::Bool(b) => format!("`{b}`"),
                    v => v.kind_name().to_string(),
                };
                self.wrong_type(path, ty, &found, span, None);
                None
            }
        }
    }

    fn decimal(
        &mut self,
        text: &str,
        span: Span,
        path: &str,
        ty: &Type,
    ) -> Option<rust_decimal::Decimal> {
        let d = decimal_from_text(text);
        if d.is_none() {
            self.wrong_type(
                path,
                ty,
                &format!("`{text}`"),
                span,
                Some("numbers are exact decimals of at most 28 digits, without exponent".into()),
            );
        }
        d
    }

    /// Reads a string of a data file as the literal it spells (`"72h"`,
    /// `"99.9%"`).
    fn literal_in_string(&mut self, s: &str, span: Span, path: &str, ty: &Type) -> Option<Value> {
        let parsed = s
            .starts_with(|c: char| c.is_ascii_digit())
            .then(|| classify_numeric(s, span));
        match (parsed, ty) {
            (Some(Ok(ExprKind::Percent(p))), Type::Percent) => Some(Value::Percent(p)),
            (Some(Ok(ExprKind::Duration(d))), Type::Duration) => Some(Value::Duration(d)),
            (Some(Err(_)), Type::Duration) if literal_hints::spelled_duration(s).is_some() => {
                let help = literal_hints::spelled_duration_help(s, true);
                self.wrong_type(path, ty, &format!("the string `{s}`"), span, help);
                None
            }
            (Some(Err(d)), _) => {
                self.wrong_type(
                    path,
                    ty,
                    &format!("the string `{s}`"),
                    span,
                    Some(d.message.clone()),
                );
                None
            }
            _ => {
                let help = (*ty == Type::Duration)
                    .then(|| literal_hints::spelled_duration_help(s, true))
                    .flatten();
                self.wrong_type(path, ty, &format!("the string `{s}`"), span, help);
                None
            }
        }
    }
}

fn dotted(path: &[Ident]) -> String {
    path.iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

fn path_span(path: &[Ident]) -> Span {
    match (path.first(), path.last()) {
        (Some(a), Some(b)) => a.span.to(b.span),
        _ => Span::default(),
    }
}

/// The type a literal has on its own.
fn literal_type(kind: &ExprKind) -> Option<Type> {
    Some(match kind {
        ExprKind::Int(_) => Type::Int,
        ExprKind::Number(_) => Type::Number,
        ExprKind::Percent(_) => Type::Percent,
        ExprKind::Duration(_) => Type::Duration,
        ExprKind::Date(_) => Type::Date,
        _ => return None,
    })
}

/// How to write a value of `ty`, in a `.krav` file or a data file.
fn literal_help(ty: &Type, data: bool) -> Option<String> {
    let text = match (ty, data) {
        (Type::Percent, false) => "write a percent with `%`: `99.9%`",
        (Type::Percent, true) => {
            "write a percent as a number of points, `99.9`, or as a string, \"99.9%\""
        }
        (Type::Duration, false) => "write a duration with a unit: `72h`, `30d`",
        (Type::Duration, true) => "write a duration as a string with a unit: \"72h\", \"30d\"",
        (Type::Date, false) => "write a date as `2026-11-27`, without quotes",
        (Type::Date, true) => "write a date as a string: \"2026-11-27\"",
        (Type::Bool, _) => "write `true` or `false`",
        (Type::String, _) => "write text in double quotes",
        (Type::Int, _) => "write a whole number",
        (Type::Number, _) => "write a number such as `99.95`",
        (Type::Enum(_), true) => "write the enum value as a string",
        (Type::List(_), false) => "write a list in brackets: `[A, B]`",
        (Type::List(_), true) => "write a list (an array)",
        _ => return None,
    };
    Some(text.to_string())
}
