//! From pest pairs to the typed syntax tree. One function per grammar rule;
//! a small cursor replaces `next().unwrap()` chains, so a disagreement
//! between grammar and lowering is an internal error, never a panic.

use std::collections::HashMap;
use std::sync::OnceLock;

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::ast::*;
use super::grammar::Rule;
use super::literal::{classify_numeric, parse_date, unescape};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span, Spanned};
use crate::vocabulary::{Comparison, Outcome, Quantifier, Severity};

use crate::limits::MAX_EXPR_DEPTH;

type Lowered<T> = Result<T, Diagnostic>;

/// Turns the pairs of a `file` into items, collecting every error that
/// does not stop the lowering of the rest (a duplicated property, say).
pub struct Lowerer {
    file: FileId,
    pub diags: Vec<Diagnostic>,
    /// Comment start offsets by end offset, to trim them off spans.
    comment_at_end: HashMap<usize, usize>,
    /// Whether a vendor fact's value is being lowered: there a malformed
    /// number is left for the checker (see [`ExprKind::Malformed`]).
    in_fact_value: bool,
}

/// Children of a pair without the comments the grammar keeps.
struct Cursor<'i> {
    inner: Pairs<'i, Rule>,
    parent: Span,
}

impl<'i> Cursor<'i> {
    fn next(&mut self) -> Option<Pair<'i, Rule>> {
        self.inner.by_ref().find(|p| !is_noise(p.as_rule()))
    }

    fn peek(&self) -> Option<Pair<'i, Rule>> {
        self.inner.clone().find(|p| !is_noise(p.as_rule()))
    }

    /// The next child, which the grammar says must be a `rule`.
    fn expect(&mut self, rule: Rule) -> Lowered<Pair<'i, Rule>> {
        match self.next() {
            Some(p) if p.as_rule() == rule => Ok(p),
            other => Err(internal(
                self.parent,
                &format!("expected {rule:?}, found {:?}", other.map(|p| p.as_rule())),
            )),
        }
    }

    fn opt(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        if self.peek().is_some_and(|p| p.as_rule() == rule) {
            self.next()
        } else {
            None
        }
    }
}

fn internal(span: Span, what: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Syntax,
        format!("internal error: the parser and its grammar disagree ({what})"),
    )
    .primary(span, "while reading this")
    .with_help("please report this as a bug in skykrav")
}

fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        // Loosest first: quantifier bodies reach as far right as they can,
        // then `or`, `and`, `not`, and the comparisons.
        PrattParser::new()
            .op(Op::prefix(Rule::quant))
            .op(Op::infix(Rule::op_or, Assoc::Left))
            .op(Op::infix(Rule::op_and, Assoc::Left))
            .op(Op::prefix(Rule::op_not))
            .op(Op::infix(Rule::op_cmp, Assoc::Left)
                | Op::infix(Rule::op_in, Assoc::Left)
                | Op::infix(Rule::op_not_in, Assoc::Left)
                | Op::infix(Rule::op_contains, Assoc::Left)
                | Op::infix(Rule::op_within, Assoc::Left)
                | Op::infix(Rule::op_matches, Assoc::Left))
    })
}

/// Which outer construct, if any, holds an item's properties: used to word
/// "missing" and "twice" messages.
fn missing(span: Span, what: &str, item: &str) -> Diagnostic {
    Diagnostic::error(Code::MissingProperty, format!("{item} has no `{what}`"))
        .primary(span, format!("add `{what}` to this {item}"))
}

fn twice(first: Span, second: Span, what: &str) -> Diagnostic {
    Diagnostic::error(Code::DuplicateProperty, format!("`{what}` is given twice"))
        .primary(second, "given again here")
        .secondary(first, "first given here")
}

impl Lowerer {
    pub fn new(file: FileId) -> Lowerer {
        Lowerer {
            file,
            diags: Vec::new(),
            comment_at_end: HashMap::new(),
            in_fact_value: false,
        }
    }

    /// The span of a pair without the whitespace and comments that pest
    /// lets a repetition swallow at its end, so labels end where the code
    /// does.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = pair.as_span().start();
        let text = pair.as_str();
        let mut end = text.len();
        loop {
            end = text.get(..end).map(|t| t.trim_end().len()).unwrap_or(end);
            match self.comment_at_end.get(&(start + end)) {
                Some(&c) if c >= start && c - start < end => end = c - start,
                _ => break,
            }
        }
        Span::new(self.file, start, start + end)
    }

    fn cursor<'i>(&self, pair: Pair<'i, Rule>) -> Cursor<'i> {
        let parent = self.span(&pair);
        Cursor {
            inner: pair.into_inner(),
            parent,
        }
    }

    /// Collects the comments of the whole file, in order. Call it before
    /// lowering: spans are trimmed of comments with what it learns.
    pub fn comments(&mut self, file: &Pair<'_, Rule>) -> Vec<Comment> {
        let comments: Vec<Comment> = file
            .clone()
            .into_inner()
            .flatten()
            .filter(|p| p.as_rule() == Rule::COMMENT)
            .map(|p| {
                let s = p.as_span();
                Comment {
                    text: p
                        .as_str()
                        .strip_prefix("//")
                        .unwrap_or("")
                        .trim_end()
                        .to_string(),
                    span: Span::new(self.file, s.start(), s.end()),
                }
            })
            .collect();
        for c in &comments {
            // Where the comment ends once `span` has trimmed white space.
            let end = c.span.start as usize + 2 + c.text.len();
            self.comment_at_end.insert(end, c.span.start as usize);
        }
        comments
    }

    /// Lowers a `file` pair; items that fail to lower are left out and
    /// their errors kept.
    pub fn file(&mut self, file: Pair<'_, Rule>) -> Vec<Item> {
        let mut items = Vec::new();
        for pair in file.into_inner() {
            let lowered = match pair.as_rule() {
                Rule::schema => self.schema(pair).map(Item::Schema),
                Rule::policy => self.policy(pair).map(Item::Policy),
                Rule::vendor => self.vendor(pair).map(Item::Vendor),
                Rule::defaults => self.defaults(pair).map(Item::Defaults),
                Rule::waiver => self.waiver(pair).map(Item::Waiver),
                Rule::test => self.test(pair).map(Item::Test),
                _ => continue,
            };
            match lowered {
                Ok(item) => items.push(item),
                Err(d) => self.diags.push(d),
            }
        }
        items
    }

    // -------------------------------------------------------------- tokens

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    fn string(&self, pair: Pair<'_, Rule>) -> Lowered<StrLit> {
        let span = self.span(&pair);
        Ok(StrLit {
            value: unescape(pair.as_str(), span)?,
            span,
        })
    }

    fn date(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<crate::value::Date>> {
        let span = self.span(&pair);
        Ok(Spanned::new(parse_date(pair.as_str(), span)?, span))
    }

    fn path(&self, pair: Pair<'_, Rule>) -> Vec<Ident> {
        pair.into_inner()
            .filter(|p| !is_noise(p.as_rule()))
            .map(|p| self.ident(p))
            .collect()
    }

    fn req_ref(&self, pair: Pair<'_, Rule>) -> Lowered<ReqRef> {
        let span = self.span(&pair);
        let mut c = self.cursor(pair);
        let policy = c.expect(Rule::item_id)?.as_str().to_string();
        let requirement = c.expect(Rule::req_id)?.as_str().to_string();
        Ok(ReqRef {
            policy,
            requirement,
            span,
        })
    }

    // -------------------------------------------------------------- schema

    fn schema(&mut self, pair: Pair<'_, Rule>) -> Lowered<SchemaDecl> {
        let span = self.span(&pair);
        let mut c = self.cursor(pair);
        let id = self.ident(c.expect(Rule::item_id)?);
        let description = c.opt(Rule::string).map(|p| self.string(p)).transpose()?;
        let members = self.schema_members(&mut c)?;
        Ok(SchemaDecl {
            id,
            description,
            members,
            span,
        })
    }

    fn schema_members(&mut self, c: &mut Cursor<'_>) -> Lowered<Vec<SchemaMember>> {
        let mut members = Vec::new();
        while let Some(p) = c.next() {
            let span = self.span(&p);
            members.push(match p.as_rule() {
                Rule::enum_decl => {
                    let mut c = self.cursor(p);
                    let name = self.ident(c.expect(Rule::name)?);
                    let mut values = Vec::new();
                    while let Some(v) = c.next() {
                        values.push(self.ident(v));
                    }
                    SchemaMember::Enum(EnumDecl { name, values, span })
                }
                Rule::record_decl => {
                    let mut c = self.cursor(p);
                    let name = self.ident(c.expect(Rule::name)?);
                    let mut fields = Vec::new();
                    while let Some(f) = c.next() {
                        let span = self.span(&f);
                        let mut fc = self.cursor(f);
                        let fname = self.ident(fc.expect(Rule::name)?);
                        let ty = self.type_expr(fc.expect(Rule::type_expr)?)?;
                        let description =
                            fc.opt(Rule::string).map(|p| self.string(p)).transpose()?;
                        fields.push(FieldDecl {
                            name: fname,
                            ty,
                            description,
                            span,
                        });
                    }
                    SchemaMember::Record(RecordDecl { name, fields, span })
                }
                Rule::group_decl => {
                    let mut c = self.cursor(p);
                    let name = self.ident(c.expect(Rule::name)?);
                    let description = c.opt(Rule::string).map(|p| self.string(p)).transpose()?;
                    let members = self.schema_members(&mut c)?;
                    SchemaMember::Group(GroupDecl {
                        name,
                        description,
                        members,
                        span,
                    })
                }
                Rule::fact_decl => {
                    let mut c = self.cursor(p);
                    let name = self.ident(c.expect(Rule::name)?);
                    let ty = self.type_expr(c.expect(Rule::type_expr)?)?;
                    let description = c.opt(Rule::string).map(|p| self.string(p)).transpose()?;
                    SchemaMember::Fact(FactDecl {
                        name,
                        ty,
                        description,
                        span,
                    })
                }
                other => return Err(internal(span, &format!("schema member {other:?}"))),
            });
        }
        Ok(members)
    }

    fn type_expr(&self, pair: Pair<'_, Rule>) -> Lowered<TypeExpr> {
        let span = self.span(&pair);
        let mut c = self.cursor(pair);
        match c.next() {
            Some(p) if p.as_rule() == Rule::name => Ok(TypeExpr::Named(self.ident(p))),
            Some(p) if p.as_rule() == Rule::list_type => {
                let mut lc = self.cursor(p);
                let inner = self.type_expr(lc.expect(Rule::type_expr)?)?;
                Ok(TypeExpr::List(Box::new(inner), span))
            }
            _ => Err(internal(span, "type")),
        }
    }

    // -------------------------------------------------------------- policy

    fn policy(&mut self, pair: Pair<'_, Rule>) -> Lowered<PolicyDecl> {
        let span = self.span(&pair);
        let mut c = self.cursor(pair);
        let id = self.ident(c.expect(Rule::item_id)?);
        let title = self.string(c.expect(Rule::string)?)?;
        let mut policy = PolicyDecl {
            id,
            title,
            description: None,
            reference: None,
            defines: Vec::new(),
            requirements: Vec::new(),
            span,
        };
        let mut order = 0;
        while let Some(p) = c.next() {
            order += 1;
            let pspan = self.span(&p);
            match p.as_rule() {
                Rule::description | Rule::reference => {
                    let is_description = p.as_rule() == Rule::description;
                    let mut pc = self.cursor(p);
                    let text = self.string(pc.expect(Rule::string)?)?;
                    let (slot, word) = if is_description {
                        (&mut policy.description, "description")
                    } else {
                        (&mut policy.reference, "reference")
                    };
                    match slot {
                        Some(first) => self.diags.push(twice(first.span, pspan, word)),
                        None => *slot = Some(text),
                    }
                }
                Rule::define => {
                    let mut pc = self.cursor(p);
                    let name = self.ident(pc.expect(Rule::name)?);
                    match self.expr(pc.expect(Rule::expr)?, 0) {
                        Ok(expr) => policy.defines.push(DefineDecl {
                            name,
                            expr,
                            span: pspan,
                            order,
                        }),
                        Err(d) => self.diags.push(d),
                    }
                }
                Rule::requirement => match self.requirement(p, order) {
                    Ok(r) => policy.requirements.push(r),
                    Err(d) => self.diags.push(d),
                },
                other => return Err(internal(pspan, &format!("policy member {other:?}"))),
            }
        }
        Ok(policy)
    }

    fn requirement(&mut self, pair: Pair<'_, Rule>, order: usize) -> Lowered<RequirementDecl> {
        let span = self.span(&pair);
        let mut c = self.cursor(pair);
        let id = self.ident(c.expect(Rule::req_id)?);
        let title = self.string(c.expect(Rule::string)?)?;
        let mut req = RequirementDecl {
            id,
            title,
            severity: None,
            refs: Vec::new(),
            when: None,
            requires: Vec::new(),
            help: None,
            span,
            order,
        };
        let mut when_span: Option<Span> = None;
        let mut require_seen = false;
        let mut severity_seen = false;
        while let Some(p) = c.next() {
            let pspan = self.span(&p);
            let rule = p.as_rule();
            let mut pc = self.cursor(p);
            match rule {
                Rule::severity => {
                    severity_seen = true;
                    let word = self.ident(pc.expect(Rule::name)?);
                    let Some(level) = Severity::parse(&word.name) else {
                        let mut d = Diagnostic::error(
                            Code::UnknownSeverity,
                            format!("`{}` is not a severity", word.name),
                        )
                        .primary(word.span, "unknown severity");
                        d = d.suggesting(&word.name, Severity::NAMES);
                        self.diags.push(d);
                        continue;
                    };
                    match &req.severity {
                        Some(first) => self.diags.push(twice(first.span, pspan, "severity")),
                        None => req.severity = Some(Spanned::new(level, pspan)),
                    }
                }
                Rule::ref_prop => req.refs.push(self.string(pc.expect(Rule::string)?)?),
                Rule::help_prop => {
                    let text = self.string(pc.expect(Rule::string)?)?;
                    match &req.help {
                        Some(first) => self.diags.push(twice(first.span, pspan, "help")),
                        None => req.help = Some(text),
                    }
                }
                Rule::when_prop => {
                    let expr = self.expr(pc.expect(Rule::expr)?, 0);
                    match (when_span, expr) {
                        (Some(first), _) => self.diags.push(
                            twice(first, pspan, "when")
                                .with_help("combine the conditions with `and` in one `when`"),
                        ),
                        (None, Ok(e)) => {
                            when_span = Some(pspan);
                            req.when = Some(e);
                        }
                        (None, Err(d)) => {
                            when_span = Some(pspan);
                            self.diags.push(d);
                        }
                    }
                }
                Rule::require_prop => {
                    require_seen = true;
                    match self.expr(pc.expect(Rule::expr)?, 0) {
                        Ok(e) => req.requires.push((e, pspan)),
                        Err(d) => self.diags.push(d),
                    }
                }
                other => return Err(internal(pspan, &format!("requirement property {other:?}"))),
            }
        }
        let header = Span::new(self.file, span.start as usize, req.title.span.end as usize);
        if !severity_seen {
            self.diags.push(
                missing(header, "severity", "requirement")
                    .with_help("add `severity critical`, `high`, `medium`, `low` or `info`"),
            );
        }
        if !require_seen {
            self.diags.push(
                missing(header, "require", "requirement")
                    .with_help("add `require EXPR`, the condition a vendor must meet"),
            );
        }
        Ok(req)
    }

    // -------------------------------------------------------------- expressions

    /// Lowers an `expr` pair. `depth` counts the brackets and operators
    /// around it; too deep an expression is an error, so that no later
    /// recursive pass can overflow the stack.
    pub fn expr(&self, pair: Pair<'_, Rule>, depth: usize) -> Lowered<Expr> {
        let span = self.span(&pair);
        let parts: Vec<Pair<'_, Rule>> = pair
            .into_inner()
            .filter(|p| !is_noise(p.as_rule()))
            .collect();
        let operators = parts.iter().filter(|p| !is_primary(p.as_rule())).count();
        let inner_depth = depth + operators + 1;
        if inner_depth > MAX_EXPR_DEPTH {
            return Err(Diagnostic::error(
                Code::TooDeep,
                format!("expression nests more than {MAX_EXPR_DEPTH} operators deep"),
            )
            .primary(span, "too deep")
            .with_help("split the expression: name its parts with `define`"));
        }
        let result = pratt()
            .map_primary(move |p| self.primary(p, inner_depth))
            .map_prefix(move |op, rhs| {
                let rhs = rhs?;
                let op_span = self.span(&op);
                let span = op_span.to(rhs.span);
                match op.as_rule() {
                    Rule::op_not => Ok(Expr {
                        kind: ExprKind::Not(Box::new(rhs)),
                        span,
                    }),
                    Rule::quant => {
                        let mut c = self.cursor(op);
                        let kind = match c.next().map(|p| p.as_rule()) {
                            Some(Rule::kw_all) => Quantifier::All,
                            Some(Rule::kw_any) => Quantifier::Any,
                            Some(Rule::kw_none) => Quantifier::None,
                            _ => return Err(internal(op_span, "quantifier")),
                        };
                        let var = self.ident(c.expect(Rule::name)?);
                        c.expect(Rule::kw_in)?;
                        let list_pair = c
                            .next()
                            .ok_or_else(|| internal(op_span, "quantifier list"))?;
                        let list = self.primary(list_pair, inner_depth)?;
                        Ok(Expr {
                            kind: ExprKind::Quant {
                                kind,
                                var,
                                list: Box::new(list),
                                body: Box::new(rhs),
                            },
                            span,
                        })
                    }
                    other => Err(internal(op_span, &format!("prefix {other:?}"))),
                }
            })
            .map_infix(|lhs, op, rhs| {
                let (lhs, rhs) = (lhs?, rhs?);
                let op_span = self.span(&op);
                let bin = match op.as_rule() {
                    Rule::op_or => BinOp::Or,
                    Rule::op_and => BinOp::And,
                    Rule::op_in => BinOp::In,
                    Rule::op_not_in => BinOp::NotIn,
                    Rule::op_contains => BinOp::Contains,
                    Rule::op_within => BinOp::Within,
                    Rule::op_matches => BinOp::Matches,
                    Rule::op_cmp => BinOp::Cmp(match op.as_str() {
                        "==" => Comparison::Eq,
                        "!=" => Comparison::Ne,
                        "<=" => Comparison::Le,
                        ">=" => Comparison::Ge,
                        "<" => Comparison::Lt,
                        ">" => Comparison::Gt,
                        other => return Err(internal(op_span, &format!("operator {other}"))),
                    }),
                    other => return Err(internal(op_span, &format!("infix {other:?}"))),
                };
                if bin.is_comparison() {
                    if let ExprKind::Binary(prev, _, _) = &lhs.kind {
                        if prev.is_comparison() {
                            return Err(Diagnostic::error(
                                Code::ChainedComparison,
                                format!(
                                    "`{}` and `{}` cannot be chained",
                                    prev.as_str(),
                                    bin.as_str()
                                ),
                            )
                            .primary(op_span, "second comparison")
                            .secondary(lhs.span, "this is already a comparison"));
                        }
                    }
                }
                let span = lhs.span.to(rhs.span);
                Ok(Expr {
                    kind: ExprKind::Binary(bin, Box::new(lhs), Box::new(rhs)),
                    span,
                })
            })
            .parse(parts.into_iter());
        result
    }

    fn primary(&self, pair: Pair<'_, Rule>, depth: usize) -> Lowered<Expr> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::paren => {
                let mut c = self.cursor(pair);
                ExprKind::Paren(Box::new(self.expr(c.expect(Rule::expr)?, depth)?))
            }
            Rule::call => {
                let mut c = self.cursor(pair);
                let func = match c.next().map(|p| p.as_rule()) {
                    Some(Rule::kw_present) => Func::Present,
                    Some(Rule::kw_count) => Func::Count,
                    _ => return Err(internal(span, "function")),
                };
                ExprKind::Call(func, Box::new(self.expr(c.expect(Rule::expr)?, depth)?))
            }
            Rule::list_lit => {
                let mut c = self.cursor(pair);
                let mut items = Vec::new();
                while let Some(p) = c.next() {
                    items.push(self.expr(p, depth)?);
                }
                ExprKind::List(items)
            }
            Rule::record_lit => {
                let mut c = self.cursor(pair);
                let mut fields = Vec::new();
                while let Some(f) = c.next() {
                    let mut fc = self.cursor(f);
                    let name = self.ident(fc.expect(Rule::name)?);
                    let value = self.expr(fc.expect(Rule::expr)?, depth)?;
                    fields.push((name, value));
                }
                ExprKind::Record(fields)
            }
            Rule::today => ExprKind::Today,
            Rule::bool_lit => ExprKind::Bool(pair.as_str() == "true"),
            Rule::string => ExprKind::Str(self.string(pair)?.value),
            Rule::numeric => match classify_numeric(pair.as_str(), span) {
                Ok(kind) => kind,
                Err(_) if self.in_fact_value => ExprKind::Malformed(pair.as_str().to_string()),
                Err(d) => return Err(d),
            },
            Rule::path => ExprKind::Path(self.path(pair)),
            other => return Err(internal(span, &format!("primary {other:?}"))),
        };
        Ok(Expr { kind, span })
    }

    // -------------------------------------------------------------- vendor

    fn vendor(&mut self, pair: Pair<'_, Rule>) -> Lowered<VendorDecl> {
        let span = self.span(&pair);
        let mut c = self.cursor(pair);
        let id = self.ident(c.expect(Rule::item_id)?);
        let name = self.string(c.expect(Rule::string)?)?;
        let header = span.to(name.span);
        let header = Span::new(self.file, header.start as usize, name.span.end as usize);
        let (as_of, stmts) = self.vendor_body(&mut c)?;
        Ok(VendorDecl {
            id: Some(id),
            name: Some(name),
            as_of,
            body: stmts,
            header,
            span,
        })
    }

    fn defaults(&mut self, pair: Pair<'_, Rule>) -> Lowered<VendorDecl> {
        let span = self.span(&pair);
        let mut c = self.cursor(pair);
        let title = self.string(c.expect(Rule::string)?)?;
        let header = Span::new(self.file, span.start as usize, title.span.end as usize);
        let (_, stmts) = self.vendor_body(&mut c)?;
        Ok(VendorDecl {
            id: None,
            name: Some(title),
            as_of: None,
            body: stmts,
            header,
            span,
        })
    }

    fn vendor_body(
        &mut self,
        c: &mut Cursor<'_>,
    ) -> Lowered<(Option<Spanned<crate::value::Date>>, Vec<VendorStmt>)> {
        let mut as_of: Option<Spanned<crate::value::Date>> = None;
        let mut stmts = Vec::new();
        while let Some(p) = c.next() {
            if p.as_rule() == Rule::vendor_as_of {
                let pspan = self.span(&p);
                let mut pc = self.cursor(p);
                let date = self.date(pc.expect(Rule::numeric)?)?;
                match &as_of {
                    Some(first) => self.diags.push(twice(first.span, pspan, "as_of")),
                    None => as_of = Some(date),
                }
            } else {
                match self.vendor_stmt(p) {
                    Ok(s) => stmts.push(s),
                    Err(d) => self.diags.push(d),
                }
            }
        }
        Ok((as_of, stmts))
    }

    fn vendor_stmt(&mut self, pair: Pair<'_, Rule>) -> Lowered<VendorStmt> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut c = self.cursor(pair);
        let path = self.path(c.expect(Rule::path)?);
        match rule {
            Rule::fact_block => {
                let mut stmts = Vec::new();
                while let Some(p) = c.next() {
                    match self.vendor_stmt(p) {
                        Ok(s) => stmts.push(s),
                        Err(d) => self.diags.push(d),
                    }
                }
                Ok(VendorStmt::Block { path, stmts, span })
            }
            Rule::fact_assign => {
                self.in_fact_value = true;
                let value = self.expr(c.expect(Rule::expr)?, 0);
                self.in_fact_value = false;
                let value = value?;
                let mut attrs = FactAttrs::default();
                while let Some(a) = c.next() {
                    let aspan = self.span(&a);
                    let arule = a.as_rule();
                    let mut ac = self.cursor(a);
                    match arule {
                        Rule::attr_source => {
                            let s = self.string(ac.expect(Rule::string)?)?;
                            match &attrs.source {
                                Some(first) => self.diags.push(twice(first.span, aspan, "source")),
                                None => attrs.source = Some(s),
                            }
                        }
                        Rule::attr_as_of | Rule::attr_expires => {
                            let d = self.date(ac.expect(Rule::numeric)?)?;
                            let (slot, word) = if arule == Rule::attr_as_of {
                                (&mut attrs.as_of, "as_of")
                            } else {
                                (&mut attrs.expires, "expires")
                            };
                            match slot {
                                Some(first) => self.diags.push(twice(first.span, aspan, word)),
                                None => *slot = Some(d),
                            }
                        }
                        other => return Err(internal(aspan, &format!("fact attribute {other:?}"))),
                    }
                }
                Ok(VendorStmt::Assign(FactAssign {
                    path,
                    value,
                    attrs,
                    span,
                }))
            }
            other => Err(internal(span, &format!("vendor statement {other:?}"))),
        }
    }

    // -------------------------------------------------------------- waiver, test

    fn waiver(&mut self, pair: Pair<'_, Rule>) -> Lowered<WaiverDecl> {
        let span = self.span(&pair);
        let mut c = self.cursor(pair);
        let title = self.string(c.expect(Rule::string)?)?;
        let mut w = WaiverDecl {
            title,
            vendor: None,
            requirement: None,
            expires: None,
            approved_by: None,
            reason: None,
            span,
        };
        let mut seen: Vec<(Rule, Span)> = Vec::new();
        while let Some(p) = c.next() {
            let pspan = self.span(&p);
            let rule = p.as_rule();
            if let Some((_, first)) = seen.iter().find(|(r, _)| *r == rule) {
                self.diags.push(twice(*first, pspan, waiver_word(rule)));
                continue;
            }
            seen.push((rule, pspan));
            let mut pc = self.cursor(p);
            match rule {
                Rule::w_vendor => w.vendor = Some(self.ident(pc.expect(Rule::item_id)?)),
                Rule::w_requirement => {
                    w.requirement = Some(self.req_ref(pc.expect(Rule::req_ref)?)?)
                }
                Rule::w_expires => w.expires = Some(self.date(pc.expect(Rule::numeric)?)?),
                Rule::w_approved_by => w.approved_by = Some(self.string(pc.expect(Rule::string)?)?),
                Rule::w_reason => w.reason = Some(self.string(pc.expect(Rule::string)?)?),
                other => return Err(internal(pspan, &format!("waiver field {other:?}"))),
            }
        }
        let header = Span::new(self.file, span.start as usize, w.title.span.end as usize);
        let absent: Vec<&str> = [
            ("vendor", w.vendor.is_none()),
            ("requirement", w.requirement.is_none()),
            ("expires", w.expires.is_none()),
            ("approved_by", w.approved_by.is_none()),
            ("reason", w.reason.is_none()),
        ]
        .into_iter()
        .filter_map(|(word, gone)| gone.then_some(word))
        .collect();
        if !absent.is_empty() {
            let list = absent
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ");
            self.diags.push(
                Diagnostic::error(Code::MissingProperty, format!("waiver has no {list}"))
                    .primary(header, "this waiver is incomplete")
                    .with_help(
                        "a waiver needs `vendor`, `requirement`, `expires`, `approved_by` and `reason`, so that an auditor can see who accepted which risk, why, and until when",
                    ),
            );
        }
        Ok(w)
    }

    fn test(&mut self, pair: Pair<'_, Rule>) -> Lowered<TestDecl> {
        let span = self.span(&pair);
        let mut c = self.cursor(pair);
        let name = self.string(c.expect(Rule::string)?)?;
        let mut test = TestDecl {
            name,
            today: None,
            vendor: None,
            expects: Vec::new(),
            span,
        };
        while let Some(p) = c.next() {
            let pspan = self.span(&p);
            match p.as_rule() {
                Rule::test_today => {
                    let mut tc = self.cursor(p);
                    let date = self.date(tc.expect(Rule::numeric)?)?;
                    match &test.today {
                        Some(first) => {
                            self.diags.push(twice(first.span, pspan, "today").with_help(
                                "a test is evaluated on one date; write a second test for another",
                            ))
                        }
                        None => test.today = Some(date),
                    }
                }
                Rule::test_vendor => {
                    let mut vc = self.cursor(p);
                    let (as_of, stmts) = self.vendor_body(&mut vc)?;
                    let header = Span::new(
                        self.file,
                        pspan.start as usize,
                        pspan.start as usize + "vendor".len(),
                    );
                    let v = VendorDecl {
                        id: None,
                        name: None,
                        as_of,
                        body: stmts,
                        header,
                        span: pspan,
                    };
                    match &test.vendor {
                        Some(first) => {
                            self.diags
                                .push(twice(first.header, header, "vendor").with_help(
                                    "a test describes one vendor; write a second test for another",
                                ))
                        }
                        None => test.vendor = Some(v),
                    }
                }
                Rule::expect => {
                    let mut ec = self.cursor(p);
                    let requirement = self.req_ref(ec.expect(Rule::req_ref)?)?;
                    let word = ec.expect(Rule::outcome)?;
                    let wspan = self.span(&word);
                    let Some(outcome) = Outcome::parse(word.as_str()) else {
                        let mut d = Diagnostic::error(
                            Code::UnknownOutcome,
                            format!("`{}` is not an outcome", word.as_str()),
                        )
                        .primary(wspan, "unknown outcome");
                        let names = Outcome::ALL.map(Outcome::as_str);
                        d = d.suggesting(word.as_str(), names);
                        self.diags.push(d);
                        continue;
                    };
                    test.expects.push(Expectation {
                        requirement,
                        outcome: Spanned::new(outcome, wspan),
                        span: pspan,
                    });
                }
                other => return Err(internal(pspan, &format!("test member {other:?}"))),
            }
        }
        Ok(test)
    }
}

fn waiver_word(rule: Rule) -> &'static str {
    match rule {
        Rule::w_vendor => "vendor",
        Rule::w_requirement => "requirement",
        Rule::w_expires => "expires",
        Rule::w_approved_by => "approved_by",
        _ => "reason",
    }
}

/// Pairs that carry no meaning of their own: comments, and the keywords
/// that open items and properties (their parent rule says it all).
fn is_noise(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::COMMENT
            | Rule::kw_schema
            | Rule::kw_enum
            | Rule::kw_record
            | Rule::kw_group
            | Rule::kw_fact
            | Rule::kw_list
            | Rule::kw_policy
            | Rule::kw_description
            | Rule::kw_reference
            | Rule::kw_define
            | Rule::kw_requirement
            | Rule::kw_severity
            | Rule::kw_ref
            | Rule::kw_when
            | Rule::kw_require
            | Rule::kw_help
            | Rule::kw_vendor
            | Rule::kw_as_of
            | Rule::kw_source
            | Rule::kw_expires
            | Rule::kw_waiver
            | Rule::kw_defaults
            | Rule::kw_approved_by
            | Rule::kw_reason
            | Rule::kw_test
            | Rule::kw_expect
            | Rule::kw_today
    )
}

fn is_primary(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::paren
            | Rule::call
            | Rule::list_lit
            | Rule::record_lit
            | Rule::today
            | Rule::bool_lit
            | Rule::string
            | Rule::numeric
            | Rule::path
    )
}
