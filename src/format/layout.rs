//! The canonical layout of each construct, as a [`Doc`].
//!
//! Items and their members each take a line, two spaces deeper per block;
//! members keep their order, and an empty line between two of them is
//! kept (at most one). Literals are printed as written (a string keeps its
//! escapes, a number its `_`). Expressions are one line when they fit in
//! the width; otherwise the one fixed rule breaks the outermost group that
//! does not fit: an `and`/`or` chain before each operator, one level
//! deeper; a list or record literal one element a line with a trailing
//! comma; a quantifier after its `:`; a fact's `source`/`as_of`/`expires`
//! each on a line of its own.

use crate::source::{Span, Spanned};
use crate::syntax::ast::*;
use crate::value::Date;
use crate::vocabulary::Severity;

use super::align::{align, Entry};
use super::comments::{Comments, Placed};
use super::doc::{Doc, INDENT};
use super::WIDTH;

pub(crate) struct Layout<'a> {
    text: &'a str,
    comments: Comments<'a>,
    /// How many blocks deep the lines being laid out are.
    depth: usize,
}

/// A node laid out: its layout and, for a line whose last part lines up
/// with its neighbours' (a fact's `source`, a declaration's description),
/// the parts before and after that column.
struct Laid {
    doc: Doc,
    head: Option<Doc>,
    tail: Option<String>,
    /// One line however long (a declaration: its description is a string,
    /// which never breaks).
    unbreakable: bool,
}

impl From<Doc> for Laid {
    fn from(doc: Doc) -> Laid {
        Laid {
            doc,
            head: None,
            tail: None,
            unbreakable: false,
        }
    }
}

/// One line of a block: a member, a property or a fact, in source order.
enum Node<'a> {
    Item(&'a Item),
    Member(&'a SchemaMember),
    Field(&'a FieldDecl),
    Keyword(&'static str, &'a StrLit),
    Define(&'a DefineDecl),
    Requirement(&'a RequirementDecl),
    Severity(&'a Spanned<Severity>),
    When(&'a Expr),
    Require(&'a Expr, Span),
    Date(&'static str, &'a Spanned<Date>),
    Stmt(&'a VendorStmt),
    Word(&'static str, &'a Ident),
    ReqRef(&'static str, &'a ReqRef),
    TestVendor(&'a VendorDecl),
    Expect(&'a Expectation),
}

impl Node<'_> {
    fn span(&self) -> Span {
        match self {
            Node::Item(i) => item_span(i),
            Node::Member(m) => match m {
                SchemaMember::Enum(e) => e.span,
                SchemaMember::Record(r) => r.span,
                SchemaMember::Group(g) => g.span,
                SchemaMember::Fact(f) => f.span,
            },
            Node::Field(f) => f.span,
            Node::Keyword(_, s) => s.span,
            Node::Define(d) => d.span,
            Node::Requirement(r) => r.span,
            Node::Severity(s) => s.span,
            Node::When(e) => e.span,
            Node::Require(_, s) => *s,
            Node::Date(_, d) => d.span,
            Node::Stmt(VendorStmt::Assign(a)) => a.span,
            Node::Stmt(VendorStmt::Block { span, .. }) => *span,
            Node::Word(_, i) => i.span,
            Node::ReqRef(_, r) => r.span,
            Node::TestVendor(v) => v.span,
            Node::Expect(e) => e.span,
        }
    }
}

/// A block of one fact (a test's vendor, a block of facts) may stay on
/// one line when it fits: `vendor { owner.name = "Ida Holm" }`. Items and
/// requirements always take lines of their own.
fn one_line_block(node: &Node<'_>) -> bool {
    matches!(node, Node::Stmt(VendorStmt::Assign(_)))
}

fn item_span(item: &Item) -> Span {
    match item {
        Item::Schema(s) => s.span,
        Item::Policy(p) => p.span,
        Item::Vendor(v) | Item::Defaults(v) => v.span,
        Item::Waiver(w) => w.span,
        Item::Test(t) => t.span,
    }
}

/// In source order.
fn sorted(mut nodes: Vec<Node<'_>>) -> Vec<Node<'_>> {
    nodes.sort_by_key(|n| n.span().start);
    nodes
}

impl<'a> Layout<'a> {
    pub(crate) fn new(text: &'a str, comments: &'a [Comment]) -> Layout<'a> {
        Layout {
            text,
            comments: Comments::new(text, comments),
            depth: 0,
        }
    }

    fn src(&self, span: Span) -> &'a str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The whole file.
    pub(crate) fn file(&mut self, ast: &'a SourceAst) -> Doc {
        let nodes = ast.items.iter().map(Node::Item).collect();
        let mut parts = self.lines(0, self.text.len(), nodes, true);
        if parts.is_empty() {
            return Doc::text("");
        }
        parts.push(Doc::Hard);
        Doc::Concat(parts)
    }

    /// The lines of a block's body from `from` (after its `{`) to `to` (its
    /// `}`): each node on its line, the comments between them in place,
    /// and the columns of neighbouring lines aligned.
    fn lines(&mut self, from: usize, to: usize, nodes: Vec<Node<'a>>, top: bool) -> Vec<Doc> {
        let mut entries = Vec::new();
        let mut prev = from;
        let mut first = true;
        for node in nodes {
            let span = node.span();
            self.comments_on_lines(
                &mut entries,
                &mut prev,
                &mut first,
                top,
                span.start as usize,
            );
            entries.push(Entry::Separator(self.separator(
                first,
                top,
                prev,
                span.start as usize,
            )));
            let laid = self.laid(node);
            prev = span.end as usize;
            let comment = self.comments.trailing_after(prev);
            if let Some(c) = &comment {
                prev = c.end;
            }
            entries.push(self.entry(laid, comment));
            first = false;
        }
        self.comments_on_lines(&mut entries, &mut prev, &mut first, top, to);
        align(entries)
    }

    /// A line whose cells can be aligned with its neighbours', if it is
    /// one line (no comment inside, fits the width), else its layout.
    fn entry(&self, laid: Laid, comment: Option<Placed>) -> Entry {
        let room = WIDTH.saturating_sub(self.depth * INDENT);
        let head = laid.head.as_ref().unwrap_or(&laid.doc).flat();
        let fits = |head: &str| {
            laid.unbreakable
                || head.chars().count() + laid.tail.as_ref().map_or(0, |t| t.chars().count() + 1)
                    <= room
        };
        match head {
            Some(head) if fits(&head) => Entry::Cells {
                head,
                tail: laid.tail,
                comment: comment.map(|c| c.text),
            },
            _ => Entry::Other(laid.doc, comment.map(|c| c.doc)),
        }
    }

    fn separator(&self, first: bool, top: bool, prev: usize, next: usize) -> Doc {
        if first && top {
            Doc::Concat(Vec::new())
        } else if !first && self.comments.blank_between(prev, next) {
            Doc::Blank
        } else {
            Doc::Hard
        }
    }

    fn comments_on_lines(
        &mut self,
        entries: &mut Vec<Entry>,
        prev: &mut usize,
        first: &mut bool,
        top: bool,
        before: usize,
    ) {
        for c in self.comments.before(before) {
            if !c.trailing || (*first && top) {
                entries.push(Entry::Separator(
                    self.separator(*first, top, *prev, c.start),
                ));
            }
            entries.push(Entry::Comment(c.doc));
            *prev = c.end;
            *first = false;
        }
    }

    /// ` { … }` after a header ending at `header_end`, the block closing at
    /// the end of `span`.
    fn block(&mut self, header_end: usize, span: Span, mut nodes: Vec<Node<'a>>) -> Doc {
        let open = self.after_brace(header_end);
        let close = (span.end as usize).saturating_sub(1);
        let one_line = matches!(nodes.as_slice(), [node] if one_line_block(node));
        if one_line && !self.comments.any_before(close) {
            if let Some(node) = nodes.pop() {
                let line = self.node(node);
                return Doc::group(Doc::Concat(vec![
                    Doc::text(" {"),
                    Doc::indent(Doc::Concat(vec![Doc::Line, line])),
                    Doc::Line,
                    Doc::text("}"),
                ]));
            }
        }
        self.depth += 1;
        let body = self.lines(open, close, nodes, false);
        self.depth -= 1;
        if body.is_empty() {
            return Doc::text(" {}");
        }
        Doc::Concat(vec![
            Doc::text(" {"),
            Doc::indent(Doc::Concat(body)),
            Doc::Hard,
            Doc::text("}"),
        ])
    }

    /// The position after the first `{` from `pos`, past white space and
    /// comments.
    fn after_brace(&self, pos: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = pos;
        while i < bytes.len() {
            match bytes[i] {
                b'{' => return i + 1,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
        pos
    }

    /// A node's layout, with the cells that line up for the kinds that
    /// have them.
    fn laid(&mut self, node: Node<'a>) -> Laid {
        match node {
            Node::Field(f) => self.typed(&f.name.name, &f.ty, f.description.as_ref(), ""),
            Node::Member(SchemaMember::Fact(f)) => {
                self.typed(&f.name.name, &f.ty, f.description.as_ref(), "fact ")
            }
            Node::Stmt(VendorStmt::Assign(a)) => self.assign(a),
            other => self.node(other).into(),
        }
    }

    fn node(&mut self, node: Node<'a>) -> Doc {
        match node {
            Node::Item(item) => self.item(item),
            Node::Member(m) => self.member(m),
            Node::Field(f) => {
                self.typed(&f.name.name, &f.ty, f.description.as_ref(), "")
                    .doc
            }
            Node::Keyword(word, s) => Doc::text(format!("{word} {}", self.src(s.span))),
            Node::Define(d) => {
                let expr = self.expr(&d.expr);
                Doc::Concat(vec![Doc::text(format!("define {} = ", d.name.name)), expr])
            }
            Node::Requirement(r) => self.requirement(r),
            Node::Severity(s) => Doc::text(format!("severity {}", s.node.as_str())),
            Node::When(e) => Doc::Concat(vec![Doc::text("when "), self.expr(e)]),
            Node::Require(e, _) => Doc::Concat(vec![Doc::text("require "), self.expr(e)]),
            Node::Date(word, d) => Doc::text(format!("{word} {}", self.src(d.span))),
            Node::Stmt(s) => self.stmt(s),
            Node::Word(word, i) => Doc::text(format!("{word} {}", i.name)),
            Node::ReqRef(word, r) => Doc::text(format!("{word} {}", self.src(r.span))),
            Node::TestVendor(v) => {
                let nodes = self.vendor_nodes(v);
                let block = self.block(v.header.end as usize, v.span, nodes);
                Doc::Concat(vec![Doc::text("vendor"), block])
            }
            Node::Expect(e) => Doc::text(format!(
                "expect {} {}",
                self.src(e.requirement.span),
                self.src(e.outcome.span)
            )),
        }
    }

    fn item(&mut self, item: &'a Item) -> Doc {
        match item {
            Item::Schema(s) => {
                let mut head = format!("schema {}", s.id.name);
                let mut end = s.id.span.end;
                if let Some(d) = &s.description {
                    head = format!("{head} {}", self.src(d.span));
                    end = d.span.end;
                }
                let nodes = s.members.iter().map(Node::Member).collect();
                let block = self.block(end as usize, s.span, nodes);
                Doc::Concat(vec![Doc::text(head), block])
            }
            Item::Policy(p) => {
                let head = format!("policy {} {}", p.id.name, self.src(p.title.span));
                let mut nodes = Vec::new();
                nodes.extend(
                    p.description
                        .iter()
                        .map(|d| Node::Keyword("description", d)),
                );
                nodes.extend(p.reference.iter().map(|r| Node::Keyword("reference", r)));
                nodes.extend(p.defines.iter().map(Node::Define));
                nodes.extend(p.requirements.iter().map(Node::Requirement));
                let block = self.block(p.title.span.end as usize, p.span, sorted(nodes));
                Doc::Concat(vec![Doc::text(head), block])
            }
            Item::Vendor(v) => {
                let head = match (&v.id, &v.name) {
                    (Some(id), Some(name)) => format!("vendor {} {}", id.name, self.src(name.span)),
                    _ => "vendor".to_string(),
                };
                let nodes = self.vendor_nodes(v);
                let block = self.block(v.header.end as usize, v.span, nodes);
                Doc::Concat(vec![Doc::text(head), block])
            }
            Item::Defaults(v) => {
                let name = v.name.as_ref().map(|n| self.src(n.span)).unwrap_or("\"\"");
                let nodes = self.vendor_nodes(v);
                let block = self.block(v.header.end as usize, v.span, nodes);
                Doc::Concat(vec![Doc::text(format!("defaults {name}")), block])
            }
            Item::Waiver(w) => {
                let mut nodes = Vec::new();
                nodes.extend(w.vendor.iter().map(|v| Node::Word("vendor", v)));
                nodes.extend(w.requirement.iter().map(|r| Node::ReqRef("requirement", r)));
                nodes.extend(w.expires.iter().map(|d| Node::Date("expires", d)));
                nodes.extend(
                    w.approved_by
                        .iter()
                        .map(|s| Node::Keyword("approved_by", s)),
                );
                nodes.extend(w.reason.iter().map(|s| Node::Keyword("reason", s)));
                let head = format!("waiver {}", self.src(w.title.span));
                let block = self.block(w.title.span.end as usize, w.span, sorted(nodes));
                Doc::Concat(vec![Doc::text(head), block])
            }
            Item::Test(t) => {
                let mut nodes = Vec::new();
                nodes.extend(t.today.iter().map(|d| Node::Date("today", d)));
                nodes.extend(t.vendor.iter().map(Node::TestVendor));
                nodes.extend(t.expects.iter().map(Node::Expect));
                let head = format!("test {}", self.src(t.name.span));
                let block = self.block(t.name.span.end as usize, t.span, sorted(nodes));
                Doc::Concat(vec![Doc::text(head), block])
            }
        }
    }

    fn vendor_nodes(&self, v: &'a VendorDecl) -> Vec<Node<'a>> {
        let mut nodes = Vec::new();
        nodes.extend(v.as_of.iter().map(|d| Node::Date("as_of", d)));
        nodes.extend(v.body.iter().map(Node::Stmt));
        sorted(nodes)
    }

    fn member(&mut self, m: &'a SchemaMember) -> Doc {
        match m {
            SchemaMember::Enum(e) => {
                let head = Doc::text(format!("enum {} ", e.name.name));
                let open = self.after_brace(e.name.span.end as usize).saturating_sub(1);
                let list = self.bracketed(
                    ("{", "}", true),
                    open,
                    &e.values,
                    |v| v.span,
                    |_, v| Doc::text(v.name.as_str()),
                    close_of(e.span),
                );
                Doc::Concat(vec![head, list])
            }
            SchemaMember::Record(r) => {
                let nodes = r.fields.iter().map(Node::Field).collect();
                let block = self.block(r.name.span.end as usize, r.span, nodes);
                Doc::Concat(vec![Doc::text(format!("record {}", r.name.name)), block])
            }
            SchemaMember::Group(g) => {
                let mut head = format!("group {}", g.name.name);
                let mut end = g.name.span.end;
                if let Some(d) = &g.description {
                    head = format!("{head} {}", self.src(d.span));
                    end = d.span.end;
                }
                let nodes = g.members.iter().map(Node::Member).collect();
                let block = self.block(end as usize, g.span, nodes);
                Doc::Concat(vec![Doc::text(head), block])
            }
            SchemaMember::Fact(f) => {
                self.typed(&f.name.name, &f.ty, f.description.as_ref(), "fact ")
                    .doc
            }
        }
    }

    /// `fact name: type "description"`, or a record's field without `fact`.
    fn typed(&self, name: &str, ty: &TypeExpr, desc: Option<&StrLit>, word: &str) -> Laid {
        let head = format!("{word}{name}: {}", type_text(ty));
        let tail = desc.map(|d| self.src(d.span).to_string());
        let line = match &tail {
            Some(t) => format!("{head} {t}"),
            None => head.clone(),
        };
        Laid {
            doc: Doc::Text(line),
            head: Some(Doc::Text(head)),
            tail,
            unbreakable: true,
        }
    }

    fn requirement(&mut self, r: &'a RequirementDecl) -> Doc {
        let head = format!("requirement {} {}", r.id.name, self.src(r.title.span));
        let mut nodes = Vec::new();
        nodes.extend(r.severity.iter().map(Node::Severity));
        nodes.extend(r.refs.iter().map(|s| Node::Keyword("ref", s)));
        nodes.extend(r.when.iter().map(Node::When));
        nodes.extend(r.requires.iter().map(|(e, s)| Node::Require(e, *s)));
        nodes.extend(r.help.iter().map(|s| Node::Keyword("help", s)));
        let block = self.block(r.title.span.end as usize, r.span, sorted(nodes));
        Doc::Concat(vec![Doc::text(head), block])
    }

    fn stmt(&mut self, s: &'a VendorStmt) -> Doc {
        match s {
            VendorStmt::Block { path, stmts, span } => {
                let end = path.last().map_or(span.start, |p| p.span.end) as usize;
                let nodes = stmts.iter().map(Node::Stmt).collect();
                let block = self.block(end, *span, nodes);
                Doc::Concat(vec![Doc::text(path_text(path)), block])
            }
            VendorStmt::Assign(a) => self.assign(a).doc,
        }
    }

    /// `path = value` and its evidence (`source`, `as_of`, `expires`),
    /// which lines up with its neighbours' when all is on one line.
    fn assign(&mut self, a: &'a FactAssign) -> Laid {
        let value = self.expr(&a.value);
        let head = Doc::Concat(vec![Doc::text(format!("{} = ", path_text(&a.path))), value]);
        let mut attrs: Vec<(usize, String)> = Vec::new();
        if let Some(s) = &a.attrs.source {
            attrs.push((
                s.span.start as usize,
                format!("source {}", self.src(s.span)),
            ));
        }
        for (word, d) in [("as_of", &a.attrs.as_of), ("expires", &a.attrs.expires)] {
            if let Some(d) = d {
                attrs.push((
                    d.span.start as usize,
                    format!("{word} {}", self.src(d.span)),
                ));
            }
        }
        attrs.sort();
        let mut rest = Vec::new();
        let mut texts = Vec::new();
        for (at, text) in attrs {
            rest.push(self.comments.docs_before(at));
            rest.push(Doc::Line);
            rest.push(Doc::text(text.as_str()));
            texts.push(text);
        }
        let rest = Doc::Concat(rest);
        // A comment among the evidence keeps the fact on lines of its own.
        let aligned = texts.is_empty() || !rest.must_break();
        let tail = (!texts.is_empty() && aligned).then(|| texts.join(" "));
        Laid {
            doc: Doc::group(Doc::Concat(vec![head.clone(), Doc::indent(rest)])),
            head: aligned.then_some(head),
            tail,
            unbreakable: false,
        }
    }

    /// `open … close` around elements, one line when it fits, else one
    /// element a line with a trailing comma. `padded` puts spaces inside
    /// the brackets on one line: `{ a, b }`. Comments between elements go
    /// after the comma, so a comment that trails an element stays with it.
    fn bracketed<T>(
        &mut self,
        (open, close, padded): (&str, &str, bool),
        open_at: usize,
        elems: &'a [T],
        start: impl Fn(&T) -> Span,
        mut build: impl FnMut(&mut Self, &'a T) -> Doc,
        close_at: usize,
    ) -> Doc {
        let edge = || if padded { Doc::Line } else { Doc::SoftLine };
        // Written with a line break after its opening bracket, a literal
        // stays one element a line even when it would fit on one (as
        // Prettier keeps objects): a list of records reads as a table.
        let kept_broken = elems.first().is_some_and(|e| {
            let first = start(e).start as usize;
            self.text
                .get(open_at..first)
                .is_some_and(|gap| gap.contains('\n'))
        });
        let mut inner = Vec::new();
        for (i, elem) in elems.iter().enumerate() {
            if i > 0 {
                inner.push(Doc::text(","));
            }
            inner.push(self.comments.docs_before(start(elem).start as usize));
            inner.push(if i == 0 { edge() } else { Doc::Line });
            inner.push(build(self, elem));
        }
        if !elems.is_empty() {
            inner.push(Doc::IfBroken(","));
        }
        inner.push(self.comments.docs_before(close_at));
        let inner = Doc::Concat(inner);
        if elems.is_empty() && !inner.must_break() {
            return Doc::text(format!("{open}{close}"));
        }
        let doc = Doc::group(Doc::Concat(vec![
            Doc::text(open),
            Doc::indent(inner),
            if elems.is_empty() {
                Doc::SoftLine
            } else {
                edge()
            },
            Doc::text(close),
        ]));
        match doc {
            Doc::Group { doc, .. } if kept_broken => Doc::Group { doc, breaks: true },
            doc => doc,
        }
    }

    fn expr(&mut self, e: &'a Expr) -> Doc {
        let lead = self.comments.docs_before(e.span.start as usize);
        let body = match &e.kind {
            ExprKind::Bool(_)
            | ExprKind::Int(_)
            | ExprKind::Number(_)
            | ExprKind::Percent(_)
            | ExprKind::Duration(_)
            | ExprKind::Date(_)
            | ExprKind::Str(_)
            | ExprKind::Today
            | ExprKind::Malformed(_) => Doc::text(self.src(e.span)),
            ExprKind::Path(parts) => Doc::text(path_text(parts)),
            ExprKind::List(items) => self.bracketed(
                ("[", "]", false),
                e.span.start as usize,
                items,
                |x| x.span,
                |me, x| me.expr(x),
                close_of(e.span),
            ),
            ExprKind::Record(fields) => self.bracketed(
                ("{", "}", true),
                e.span.start as usize,
                fields,
                |(name, _)| name.span,
                |me, (name, value)| {
                    let value = me.expr(value);
                    Doc::Concat(vec![Doc::text(format!("{} = ", name.name)), value])
                },
                close_of(e.span),
            ),
            ExprKind::Paren(inner) => {
                let inner = self.expr(inner);
                let close = self.comments.docs_before(close_of(e.span));
                Doc::Concat(vec![Doc::text("("), inner, close, Doc::text(")")])
            }
            ExprKind::Not(x) => Doc::Concat(vec![Doc::text("not "), self.expr(x)]),
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), _, _) => self.chain(*op, e),
            ExprKind::Binary(op, l, r) => {
                let l = self.expr(l);
                let between = self.comments.docs_before(r.span.start as usize);
                let r = self.expr(r);
                Doc::Concat(vec![l, between, Doc::text(format!(" {} ", op.as_str())), r])
            }
            ExprKind::Quant {
                kind,
                var,
                list,
                body,
            } => {
                let list = self.expr(list);
                let body = self.expr(body);
                Doc::group(Doc::Concat(vec![
                    Doc::text(format!("{} {} in ", kind.as_str(), var.name)),
                    list,
                    Doc::text(":"),
                    Doc::indent(Doc::Concat(vec![Doc::Line, body])),
                ]))
            }
            ExprKind::Call(func, arg) => {
                let name = match func {
                    Func::Present => "present",
                    Func::Count => "count",
                };
                let arg = self.expr(arg);
                let close = self.comments.docs_before(close_of(e.span));
                Doc::Concat(vec![
                    Doc::text(format!("{name}(")),
                    arg,
                    close,
                    Doc::text(")"),
                ])
            }
        };
        Doc::Concat(vec![lead, body])
    }

    /// `a and b and c`: one line, or broken before each operator.
    fn chain(&mut self, op: BinOp, e: &'a Expr) -> Doc {
        let mut operands = Vec::new();
        flatten(op, e, &mut operands);
        let mut rest = Vec::new();
        let mut first = None;
        for x in operands {
            match first {
                None => first = Some(self.expr(x)),
                Some(_) => {
                    rest.push(self.comments.docs_before(x.span.start as usize));
                    rest.push(Doc::Line);
                    rest.push(Doc::text(format!("{} ", op.as_str())));
                    rest.push(self.expr(x));
                }
            }
        }
        Doc::group(Doc::Concat(vec![
            first.unwrap_or_else(|| Doc::text("")),
            Doc::indent(Doc::Concat(rest)),
        ]))
    }
}

/// The operands of a chain of one operator, left to right.
fn flatten<'e>(op: BinOp, e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Binary(o, l, r) if *o == op => {
            flatten(op, l, out);
            flatten(op, r, out);
        }
        _ => out.push(e),
    }
}

/// Where the closing bracket of a bracketed expression is.
fn close_of(span: Span) -> usize {
    (span.end as usize).saturating_sub(1)
}

fn path_text(parts: &[Ident]) -> String {
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    names.join(".")
}

fn type_text(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::Named(i) => i.name.clone(),
        TypeExpr::List(inner, _) => format!("list<{}>", type_text(inner)),
    }
}
