//! Every name of a project, where it is declared and where it is used:
//! facts, groups, enums and their values, records and their fields,
//! defines, requirements (also in waivers and tests) and vendors. Built
//! from the syntax trees, so it works while some other file is broken.

use std::collections::{BTreeMap, BTreeSet};

use crate::source::{FileId, Sources, Span};
use crate::syntax::ast::*;
use crate::syntax::parse_with_grammar;

/// What a name stands for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    Fact(String),
    Group(String),
    Enum(String),
    EnumValue(String, String),
    Record(String),
    Define(String, String),
    Requirement(String),
    Vendor(String),
}

/// What hover says about a declaration.
#[derive(Clone, Debug, Default)]
pub struct Info {
    /// The declaration as one line: `fact sla.uptime: percent`.
    pub head: String,
    /// Its description, title or body.
    pub text: Vec<String>,
}

#[derive(Default)]
pub struct Index {
    pub decls: BTreeMap<Key, (Span, Info)>,
    /// Every use of a name (declarations aside).
    pub refs: Vec<(Key, Span)>,
    /// Each fact's type as written, for completing enum values.
    pub fact_types: BTreeMap<String, String>,
    /// Each enum's values.
    pub enums: BTreeMap<String, Vec<String>>,
    /// The syntax tree of each file that parsed.
    pub trees: BTreeMap<FileId, SourceAst>,
}

impl Index {
    pub fn build(sources: &Sources) -> Index {
        let mut index = Index::default();
        for (file, source) in sources.iter() {
            if !source.name.ends_with(".krav") {
                continue;
            }
            if let (Some(ast), _) = parse_with_grammar(file, &source.text) {
                index.trees.insert(file, ast);
            }
        }
        let trees = std::mem::take(&mut index.trees);
        for ast in trees.values() {
            for item in &ast.items {
                index.declare(sources, item);
            }
        }
        for ast in trees.values() {
            for item in &ast.items {
                index.uses(item);
            }
        }
        index.trees = trees;
        index
    }

    /// The declared name or the use at `offset` of `file`: the smallest
    /// span that holds it.
    pub fn at(&self, file: FileId, offset: usize) -> Option<(Key, Span)> {
        let holds =
            |s: &Span| s.file == file && (s.start as usize) <= offset && offset <= s.end as usize;
        self.decls
            .iter()
            .map(|(k, (s, _))| (k, s))
            .chain(self.refs.iter().map(|(k, s)| (k, s)))
            .filter(|(_, s)| holds(s))
            .min_by_key(|(_, s)| s.len())
            .map(|(k, s)| (k.clone(), *s))
    }

    pub fn uses_of<'a>(&'a self, key: &'a Key) -> impl Iterator<Item = Span> + 'a {
        self.refs
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, s)| *s)
    }

    fn add(&mut self, key: Key, span: Span, info: Info) {
        self.decls.entry(key).or_insert((span, info));
    }

    fn declare(&mut self, sources: &Sources, item: &Item) {
        let text = |s: Span| sources.slice(s).to_string();
        match item {
            Item::Schema(s) => self.schema(&s.members, ""),
            Item::Policy(p) => {
                for d in &p.defines {
                    let body = one_line(&text(d.expr.span));
                    self.add(
                        Key::Define(p.id.name.clone(), d.name.name.clone()),
                        d.name.span,
                        Info {
                            head: format!("define {} = {body}", d.name.name),
                            text: vec![format!("in policy `{}`", p.id.name)],
                        },
                    );
                }
                for r in &p.requirements {
                    let full = format!("{}/{}", p.id.name, r.id.name);
                    let mut lines = vec![r.title.value.clone()];
                    if let Some(s) = &r.severity {
                        lines.push(format!("severity: {}", s.node.as_str()));
                    }
                    for rf in &r.refs {
                        lines.push(format!("ref: {}", rf.value));
                    }
                    if let Some(h) = &r.help {
                        lines.push(format!("help: {}", h.value));
                    }
                    self.add(
                        Key::Requirement(full.clone()),
                        r.id.span,
                        Info {
                            head: format!("requirement {full}"),
                            text: lines,
                        },
                    );
                }
            }
            Item::Vendor(v) => {
                if let (Some(id), Some(name)) = (&v.id, &v.name) {
                    self.add(
                        Key::Vendor(id.name.clone()),
                        id.span,
                        Info {
                            head: format!("vendor {}", id.name),
                            text: vec![name.value.clone()],
                        },
                    );
                }
            }
            Item::Defaults(_) | Item::Waiver(_) | Item::Test(_) => {}
        }
    }

    fn schema(&mut self, members: &[SchemaMember], prefix: &str) {
        for m in members {
            match m {
                SchemaMember::Fact(f) => {
                    let path = join(prefix, &f.name.name);
                    let ty = type_text(&f.ty);
                    self.fact_types.insert(path.clone(), ty.clone());
                    self.add(
                        Key::Fact(path.clone()),
                        f.name.span,
                        Info {
                            head: format!("fact {path}: {ty}"),
                            text: f.description.iter().map(|d| d.value.clone()).collect(),
                        },
                    );
                }
                SchemaMember::Group(g) => {
                    let path = join(prefix, &g.name.name);
                    self.add(
                        Key::Group(path.clone()),
                        g.name.span,
                        Info {
                            head: format!("group {path}"),
                            text: g.description.iter().map(|d| d.value.clone()).collect(),
                        },
                    );
                    self.schema(&g.members, &path);
                }
                SchemaMember::Enum(e) => {
                    let values: Vec<String> = e.values.iter().map(|v| v.name.clone()).collect();
                    self.enums.insert(e.name.name.clone(), values.clone());
                    self.add(
                        Key::Enum(e.name.name.clone()),
                        e.name.span,
                        Info {
                            head: format!("enum {}", e.name.name),
                            text: vec![values.join(", ")],
                        },
                    );
                    for v in &e.values {
                        self.add(
                            Key::EnumValue(e.name.name.clone(), v.name.clone()),
                            v.span,
                            Info {
                                head: format!("{} (a value of enum {})", v.name, e.name.name),
                                text: vec![format!(
                                    "enum {} {{ {} }}",
                                    e.name.name,
                                    values.join(", ")
                                )],
                            },
                        );
                    }
                }
                SchemaMember::Record(r) => {
                    let fields: Vec<String> = r
                        .fields
                        .iter()
                        .map(|f| format!("{}: {}", f.name.name, type_text(&f.ty)))
                        .collect();
                    self.add(
                        Key::Record(r.name.name.clone()),
                        r.name.span,
                        Info {
                            head: format!("record {}", r.name.name),
                            text: fields,
                        },
                    );
                }
            }
        }
    }

    fn uses(&mut self, item: &Item) {
        match item {
            Item::Schema(s) => self.type_uses(&s.members),
            Item::Policy(p) => {
                let mut bound = BTreeSet::new();
                for d in &p.defines {
                    self.expr(&p.id.name, &d.expr, &mut bound);
                }
                for r in &p.requirements {
                    for e in r.when.iter().chain(r.requires.iter().map(|(e, _)| e)) {
                        self.expr(&p.id.name, e, &mut bound);
                    }
                }
            }
            Item::Vendor(v) | Item::Defaults(v) => self.vendor(&v.body, ""),
            Item::Waiver(w) => {
                if let Some(v) = &w.vendor {
                    self.refs.push((Key::Vendor(v.name.clone()), v.span));
                }
                if let Some(r) = &w.requirement {
                    self.refs.push((Key::Requirement(r.full()), r.span));
                }
            }
            Item::Test(t) => {
                if let Some(v) = &t.vendor {
                    self.vendor(&v.body, "");
                }
                for e in &t.expects {
                    self.refs
                        .push((Key::Requirement(e.requirement.full()), e.requirement.span));
                }
            }
        }
    }

    /// Enum and record names used as types.
    fn type_uses(&mut self, members: &[SchemaMember]) {
        for m in members {
            match m {
                SchemaMember::Fact(f) => self.type_use(&f.ty),
                SchemaMember::Group(g) => self.type_uses(&g.members),
                SchemaMember::Record(r) => {
                    for f in &r.fields {
                        self.type_use(&f.ty);
                    }
                }
                SchemaMember::Enum(_) => {}
            }
        }
    }

    fn type_use(&mut self, ty: &TypeExpr) {
        match ty {
            TypeExpr::Named(i) if self.enums.contains_key(&i.name) => {
                self.refs.push((Key::Enum(i.name.clone()), i.span))
            }
            TypeExpr::Named(i) if self.decls.contains_key(&Key::Record(i.name.clone())) => {
                self.refs.push((Key::Record(i.name.clone()), i.span))
            }
            TypeExpr::Named(_) => {}
            TypeExpr::List(inner, _) => self.type_use(inner),
        }
    }

    fn vendor(&mut self, stmts: &[VendorStmt], prefix: &str) {
        for s in stmts {
            match s {
                VendorStmt::Assign(a) => {
                    let path = join(prefix, &names(&a.path));
                    if let (Some(first), Some(last)) = (a.path.first(), a.path.last()) {
                        self.refs.push((Key::Fact(path), first.span.to(last.span)));
                    }
                    self.values(&a.value);
                }
                VendorStmt::Block { path, stmts, .. } => {
                    let full = join(prefix, &names(path));
                    if let (Some(first), Some(last)) = (path.first(), path.last()) {
                        self.refs
                            .push((Key::Group(full.clone()), first.span.to(last.span)));
                    }
                    self.vendor(stmts, &full);
                }
            }
        }
    }

    /// Enum values in a vendor's literal.
    fn values(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Path(parts) if parts.len() == 1 => self.enum_value(&parts[0]),
            ExprKind::List(items) => items.iter().for_each(|x| self.values(x)),
            ExprKind::Record(fields) => fields.iter().for_each(|(_, x)| self.values(x)),
            _ => {}
        }
    }

    fn enum_value(&mut self, name: &Ident) {
        let owners: Vec<String> = self
            .enums
            .iter()
            .filter(|(_, values)| values.contains(&name.name))
            .map(|(e, _)| e.clone())
            .collect();
        for e in owners {
            self.refs
                .push((Key::EnumValue(e, name.name.clone()), name.span));
        }
    }

    fn expr(&mut self, policy: &str, e: &Expr, bound: &mut BTreeSet<String>) {
        match &e.kind {
            ExprKind::Path(parts) => self.path(policy, parts, bound),
            ExprKind::List(items) => {
                for x in items {
                    self.expr(policy, x, bound);
                }
            }
            ExprKind::Record(fields) => {
                for (_, x) in fields {
                    self.expr(policy, x, bound);
                }
            }
            ExprKind::Paren(x) | ExprKind::Not(x) | ExprKind::Call(_, x) => {
                self.expr(policy, x, bound)
            }
            ExprKind::Binary(_, l, r) => {
                self.expr(policy, l, bound);
                self.expr(policy, r, bound);
            }
            ExprKind::Quant {
                var, list, body, ..
            } => {
                self.expr(policy, list, bound);
                let fresh = bound.insert(var.name.clone());
                self.expr(policy, body, bound);
                if fresh {
                    bound.remove(&var.name);
                }
            }
            _ => {}
        }
    }

    /// A path in a policy: the longest prefix that is a fact, else a
    /// define, an enum value or a group.
    fn path(&mut self, policy: &str, parts: &[Ident], bound: &BTreeSet<String>) {
        let Some(first) = parts.first() else { return };
        if bound.contains(&first.name) {
            return;
        }
        for n in (1..=parts.len()).rev() {
            let path = names(&parts[..n]);
            let span = first.span.to(parts[n - 1].span);
            if self.decls.contains_key(&Key::Fact(path.clone())) {
                self.refs.push((Key::Fact(path), span));
                return;
            }
            if self.decls.contains_key(&Key::Group(path.clone())) {
                self.refs.push((Key::Group(path), span));
                return;
            }
        }
        if parts.len() == 1 {
            let define = Key::Define(policy.to_string(), first.name.clone());
            if self.decls.contains_key(&define) {
                self.refs.push((define, first.span));
            } else {
                self.enum_value(first);
            }
        }
    }
}

fn names(parts: &[Ident]) -> String {
    parts
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

pub fn type_text(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::Named(i) => i.name.clone(),
        TypeExpr::List(inner, _) => format!("list<{}>", type_text(inner)),
    }
}

/// Source text on one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
