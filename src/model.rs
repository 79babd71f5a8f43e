//! The checked model: names resolved, types known, vendor facts converted.
//! Evaluation and reports work from this alone.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

use crate::source::Span;
use crate::value::{Date, EnumId, RecordId, Value};
use crate::vocabulary::{Comparison, Outcome, Quantifier, Severity};

/// The type of a fact, field or expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Int,
    Number,
    Percent,
    Duration,
    Date,
    String,
    Enum(EnumId),
    Record(RecordId),
    List(Box<Type>),
}

/// Identifies a fact of the schema by its place in [`Schema::facts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactId(pub u32);

#[derive(Clone, Debug)]
pub struct FactDef {
    pub path: String,
    pub ty: Type,
    pub description: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct GroupDef {
    pub path: String,
    pub description: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct EnumDef {
    pub name: String,
    /// Shared: every vendor's and every policy's value of this enum points
    /// at one of these instead of holding its own copy.
    pub values: Vec<Arc<str>>,
    pub span: Span,
}

impl EnumDef {
    /// The shared copy of value `name`, if the enum declares it.
    pub fn shared_value(&self, name: &str) -> Option<Arc<str>> {
        self.values.iter().find(|v| ***v == *name).cloned()
    }
}

#[derive(Clone, Debug)]
pub struct FieldDef {
    pub name: String,
    pub ty: Type,
    pub description: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct RecordDef {
    pub name: String,
    pub fields: Vec<FieldDef>,
    /// Fields declared with an error (an unknown type, say): uses of them
    /// are not reported again.
    pub broken_fields: Vec<String>,
    pub span: Span,
}

impl RecordDef {
    pub fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// A dotted path one name deeper: `join_path("sla", "uptime")` is
/// `sla.uptime`, and a name at the top stays itself.
pub fn join_path(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Every schema item of a project, merged. The maps hash with FxHash:
/// every fact of every vendor is looked up by its path, and SipHash's
/// resistance to chosen keys buys nothing for names the project declares.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    pub facts: Vec<FactDef>,
    pub fact_by_path: FxHashMap<String, FactId>,
    pub groups: Vec<GroupDef>,
    pub group_by_path: FxHashMap<String, usize>,
    pub enums: Vec<EnumDef>,
    pub enum_by_name: FxHashMap<String, EnumId>,
    pub records: Vec<RecordDef>,
    pub record_by_name: FxHashMap<String, RecordId>,
    /// Facts declared with an error: uses of them are not reported again.
    pub broken_facts: FxHashSet<String>,
}

impl Schema {
    pub fn fact(&self, id: FactId) -> &FactDef {
        &self.facts[id.0 as usize]
    }

    pub fn enum_def(&self, id: EnumId) -> &EnumDef {
        &self.enums[id.0 as usize]
    }

    pub fn record(&self, id: RecordId) -> &RecordDef {
        &self.records[id.0 as usize]
    }

    /// The type's name with its article: "a percent", "an int".
    pub fn a_type(&self, ty: &Type) -> String {
        let name = self.type_name(ty);
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    /// How a type is written in the language: `list<Region>`.
    pub fn type_name(&self, ty: &Type) -> String {
        match ty {
            Type::Bool => "bool".into(),
            Type::Int => "int".into(),
            Type::Number => "number".into(),
            Type::Percent => "percent".into(),
            Type::Duration => "duration".into(),
            Type::Date => "date".into(),
            Type::String => "string".into(),
            Type::Enum(e) => self
                .enums
                .get(e.0 as usize)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            Type::Record(r) => self
                .records
                .get(r.0 as usize)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            Type::List(inner) => format!("list<{}>", self.type_name(inner)),
        }
    }
}

/// A checked expression: every name resolved to a fact, a variable slot or
/// a value, every operator specialised to its operand types.
#[derive(Clone, Debug)]
pub struct CExpr {
    pub kind: CKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum CKind {
    Const(Value),
    Today,
    Fact(FactId),
    /// A quantifier variable, by its depth of binding (0 = innermost-first
    /// numbering from the outside: the slot in the evaluator's stack).
    Var(usize),
    /// A field of a record-valued expression.
    Field(Box<CExpr>, usize),
    /// A define, shared by every requirement that uses it.
    Define(Arc<CExpr>, String),
    Not(Box<CExpr>),
    And(Box<CExpr>, Box<CExpr>),
    Or(Box<CExpr>, Box<CExpr>),
    Compare(Comparison, Box<CExpr>, Box<CExpr>),
    /// `x in list`; `negated` for `not in`. `contains` lowers to this too.
    In {
        item: Box<CExpr>,
        list: Box<CExpr>,
        negated: bool,
    },
    Within(Box<CExpr>, Box<CExpr>),
    Matches(Box<CExpr>, Arc<glob::Pattern>),
    /// `present(path)`: the fact, or a field of a variable.
    Present(Box<CExpr>),
    Count(Box<CExpr>),
    List(Vec<CExpr>),
    Quant {
        kind: Quantifier,
        slot: usize,
        list: Box<CExpr>,
        body: Box<CExpr>,
    },
}

#[derive(Clone, Debug)]
pub struct Requirement {
    /// `POLICY/REQUIREMENT`.
    pub full_id: String,
    pub policy: String,
    pub title: String,
    pub severity: Severity,
    pub refs: Vec<String>,
    pub help: Option<String>,
    pub when: Option<CExpr>,
    /// Each condition with the span of its `require` line.
    pub requires: Vec<(CExpr, Span)>,
    /// The requirement's header, where reports point at the requirement.
    pub header: Span,
    /// Quantifier variable slots its expressions need.
    pub slots: usize,
}

impl Requirement {
    /// Where a finding was decided: the line of the `require` with index
    /// `decisive` (a finding's `decisive_require`), else the header. Every
    /// report and the test runner point there.
    pub fn decisive_span(&self, decisive: Option<usize>) -> Span {
        decisive
            .and_then(|i| self.requires.get(i))
            .map(|(_, line)| *line)
            .unwrap_or(self.header)
    }
}

/// One stated fact of a vendor.
#[derive(Clone, Debug)]
pub struct VendorFact {
    pub value: Value,
    /// Where the value is written; for list facts, each element's span is
    /// in `element_spans`, and the fields' in `field_spans`.
    pub span: Span,
    pub element_spans: Vec<ElementSpans>,
    pub source: Option<String>,
    pub as_of: Option<Date>,
    pub expires: Option<Date>,
    /// Taken from a `defaults` item: the company's own setting, which ages
    /// only by its own `as_of` and `expires`, not by the vendor's.
    pub from_defaults: bool,
}

/// The places of a list element and of each of its record fields.
#[derive(Clone, Debug)]
pub struct ElementSpans {
    pub span: Span,
    pub fields: Vec<Option<Span>>,
}

#[derive(Clone, Debug)]
pub struct Vendor {
    /// `None` for a test's inline vendor.
    pub id: String,
    pub name: String,
    pub as_of: Option<Date>,
    /// Indexed by [`FactId`]; `None` where the vendor does not state it.
    pub facts: Vec<Option<VendorFact>>,
    pub header: Span,
}

impl Vendor {
    pub fn fact(&self, id: FactId) -> Option<&VendorFact> {
        self.facts.get(id.0 as usize).and_then(Option::as_ref)
    }
}

#[derive(Clone, Debug)]
pub struct Waiver {
    pub title: String,
    pub vendor: usize,
    pub requirement: usize,
    pub expires: Date,
    pub approved_by: String,
    pub reason: String,
    pub span: Span,
}

impl Waiver {
    /// Days from `today` to the last day the waiver is valid; negative once
    /// it has expired.
    pub fn days_left(&self, today: Date) -> i64 {
        self.expires.days() - today.days()
    }

    /// Whether it is still valid and ends within `notice` (`waiver_notice`;
    /// a notice of no days turns this off).
    pub fn ends_soon(&self, today: Date, notice: crate::value::Duration) -> bool {
        let left = self.days_left(today);
        let notice = notice.whole_days();
        notice > 0 && (0..=notice).contains(&left)
    }

    /// When it ends, in words: "today", "tomorrow", "in 12 days".
    pub fn ends_when(&self, today: Date) -> String {
        match self.days_left(today) {
            0 => "today".to_string(),
            1 => "tomorrow".to_string(),
            n => format!("in {n} days"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Expect {
    pub requirement: usize,
    pub outcome: Outcome,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Test {
    pub name: String,
    /// The test's own evaluation date (`today DATE`), which beats the run's.
    pub today: Option<Date>,
    /// The bundled pack the test comes from; `None` for the project's own.
    pub pack: Option<String>,
    pub vendor: Vendor,
    pub expects: Vec<Expect>,
    pub span: Span,
}

/// A whole checked project.
#[derive(Debug)]
pub struct Model {
    pub schema: Schema,
    /// Sorted by full id, as bytes.
    pub requirements: Vec<Requirement>,
    /// Sorted by id, as bytes.
    pub vendors: Vec<Vendor>,
    pub waivers: Vec<Waiver>,
    pub tests: Vec<Test>,
}

impl Schema {
    /// A value as a `.krav` file writes it, with record fields by name:
    /// `{ name = "AWS", country = EU }`.
    pub fn display_value(&self, value: &Value) -> String {
        let mut out = String::new();
        self.write_value(&mut out, value);
        out
    }

    /// Appends [`Schema::display_value`] to `out`.
    pub fn write_value(&self, out: &mut String, value: &Value) {
        use std::fmt::Write as _;
        match value {
            Value::List(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.write_value(out, v);
                }
                out.push(']');
            }
            Value::Record { record, fields } => {
                let def = self.records.get(record.0 as usize);
                out.push_str("{ ");
                let mut first = true;
                for (i, v) in fields.iter().enumerate() {
                    let Some(v) = v else { continue };
                    if !first {
                        out.push_str(", ");
                    }
                    first = false;
                    let name = def
                        .and_then(|d| d.fields.get(i))
                        .map(|f| f.name.as_str())
                        .unwrap_or("?");
                    out.push_str(name);
                    out.push_str(" = ");
                    self.write_value(out, v);
                }
                out.push_str(" }");
            }
            // The common scalars directly; the rest through `Display`.
            Value::Enum { name, .. } => out.push_str(name),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::String(s) => {
                let _ = crate::value::write_string_literal(out, s);
            }
            other => {
                let _ = write!(out, "{other}");
            }
        }
    }
}
