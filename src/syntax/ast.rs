//! The typed syntax tree of `.krav` files and data-file vendors.
//!
//! Every node carries its [`Span`]. Nothing after the parser looks at pest
//! types or raw text: the checker and everything after it work from here.

use crate::vocabulary::{Comparison, Outcome, Quantifier, Severity};
use rust_decimal::Decimal;

use crate::source::{FileId, Span, Spanned};
use crate::value::{Date, Duration};

/// A name as written, with its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal after its escapes are resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct StrLit {
    pub value: String,
    pub span: Span,
}

/// A comment, kept with its place so that tools can put it back.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    /// The text after `//`.
    pub text: String,
    pub span: Span,
}

/// One parsed file.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceAst {
    pub file: FileId,
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Schema(SchemaDecl),
    Policy(PolicyDecl),
    Vendor(VendorDecl),
    /// `defaults "title" { … }`: facts for every vendor that does not state
    /// them; a vendor without id or name.
    Defaults(VendorDecl),
    Waiver(WaiverDecl),
    Test(TestDecl),
}

// ------------------------------------------------------------------ schema

#[derive(Clone, Debug, PartialEq)]
pub struct SchemaDecl {
    pub id: Ident,
    pub description: Option<StrLit>,
    pub members: Vec<SchemaMember>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SchemaMember {
    Enum(EnumDecl),
    Record(RecordDecl),
    Group(GroupDecl),
    Fact(FactDecl),
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumDecl {
    pub name: Ident,
    pub values: Vec<Ident>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    pub name: Ident,
    pub fields: Vec<FieldDecl>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    pub description: Option<StrLit>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupDecl {
    pub name: Ident,
    pub description: Option<StrLit>,
    pub members: Vec<SchemaMember>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FactDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    pub description: Option<StrLit>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    Named(Ident),
    List(Box<TypeExpr>, Span),
}

impl TypeExpr {
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Named(i) => i.span,
            TypeExpr::List(_, s) => *s,
        }
    }
}

// ------------------------------------------------------------------ policy

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDecl {
    pub id: Ident,
    pub title: StrLit,
    pub description: Option<StrLit>,
    pub reference: Option<StrLit>,
    pub defines: Vec<DefineDecl>,
    pub requirements: Vec<RequirementDecl>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DefineDecl {
    pub name: Ident,
    pub expr: Expr,
    pub span: Span,
    /// Position among the policy's members, so that "written above" can be
    /// decided for requirements and defines alike.
    pub order: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequirementDecl {
    pub id: Ident,
    pub title: StrLit,
    pub severity: Option<Spanned<Severity>>,
    pub refs: Vec<StrLit>,
    pub when: Option<Expr>,
    /// Each `require` with the span of its whole line (keyword included).
    pub requires: Vec<(Expr, Span)>,
    pub help: Option<StrLit>,
    pub span: Span,
    pub order: usize,
}

// ------------------------------------------------------------------ expressions

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    And,
    Or,
    Cmp(Comparison),
    In,
    NotIn,
    Contains,
    Within,
    Matches,
}

impl BinOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::Cmp(op) => op.as_str(),
            BinOp::In => "in",
            BinOp::NotIn => "not in",
            BinOp::Contains => "contains",
            BinOp::Within => "within",
            BinOp::Matches => "matches",
        }
    }

    /// The operators of the comparison level, which do not chain.
    pub fn is_comparison(self) -> bool {
        !matches!(self, BinOp::And | BinOp::Or)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Func {
    Present,
    Count,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    Int(i64),
    Number(Decimal),
    Percent(Decimal),
    Duration(Duration),
    Date(Date),
    Str(String),
    Today,
    /// A bare name or a dotted path: a fact, a define, a variable with
    /// fields, or an enum value; the checker decides which.
    Path(Vec<Ident>),
    List(Vec<Expr>),
    Record(Vec<(Ident, Expr)>),
    Paren(Box<Expr>),
    Not(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Quant {
        kind: Quantifier,
        var: Ident,
        list: Box<Expr>,
        body: Box<Expr>,
    },
    Call(Func, Box<Expr>),
    /// A number-like token that is no valid literal (`99.9h`, `1.5d`), in
    /// the value of a vendor fact only. Whether it is a bad duration or a
    /// percent without its `%` depends on the fact's type, so the checker,
    /// which knows the type, says what is wrong.
    Malformed(String),
}

// ------------------------------------------------------------------ vendor

#[derive(Clone, Debug, PartialEq)]
pub struct VendorDecl {
    /// `None` for the inline vendor of a test.
    pub id: Option<Ident>,
    pub name: Option<StrLit>,
    pub as_of: Option<Spanned<Date>>,
    /// The facts, as written.
    pub body: Vec<VendorStmt>,
    /// The header (`vendor id "name"`), where a report points when a fact
    /// is missing.
    pub header: Span,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum VendorStmt {
    Assign(FactAssign),
    Block {
        path: Vec<Ident>,
        stmts: Vec<VendorStmt>,
        span: Span,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct FactAssign {
    pub path: Vec<Ident>,
    pub value: Expr,
    pub attrs: FactAttrs,
    pub span: Span,
}

/// What may follow a fact's value: its evidence and how long it holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FactAttrs {
    pub source: Option<StrLit>,
    pub as_of: Option<Spanned<Date>>,
    pub expires: Option<Spanned<Date>>,
}

// ------------------------------------------------------------------ waiver, test

/// `POLICY/REQUIREMENT` as written.
#[derive(Clone, Debug, PartialEq)]
pub struct ReqRef {
    pub policy: String,
    pub requirement: String,
    pub span: Span,
}

impl ReqRef {
    pub fn full(&self) -> String {
        format!("{}/{}", self.policy, self.requirement)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct WaiverDecl {
    pub title: StrLit,
    pub vendor: Option<Ident>,
    pub requirement: Option<ReqRef>,
    pub expires: Option<Spanned<Date>>,
    pub approved_by: Option<StrLit>,
    pub reason: Option<StrLit>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    pub requirement: ReqRef,
    pub outcome: Spanned<Outcome>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TestDecl {
    pub name: StrLit,
    /// `today DATE`: the evaluation date of this test, whatever the run's.
    pub today: Option<Spanned<crate::value::Date>>,
    pub vendor: Option<VendorDecl>,
    pub expects: Vec<Expectation>,
    pub span: Span,
}
