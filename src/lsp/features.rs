//! The requests the server answers: hover, go to definition, references,
//! completion, document symbols, formatting and the code lens with each
//! requirement's outcomes across vendors.

use std::path::PathBuf;

use lsp_types::{
    CodeLens, Command, CompletionItem, CompletionItemKind, CompletionOptions, DocumentSymbol,
    Hover, HoverContents, HoverProviderCapability, Location, MarkupContent, MarkupKind, OneOf,
    Position, ServerCapabilities, SymbolKind, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextEdit, Uri,
};
use serde_json::Value as Json;

use super::index::{Index, Key};
use super::{text, Server};
use crate::source::{FileId, Span};
use crate::syntax::ast::{Item, SchemaMember, SourceAst};
use crate::vocabulary::Outcome;

pub(super) fn capabilities() -> Json {
    let caps = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_string(), " ".to_string()]),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(lsp_types::CodeLensOptions {
            resolve_provider: Some(false),
        }),
        ..ServerCapabilities::default()
    };
    serde_json::to_value(caps).unwrap_or(Json::Null)
}

/// The answer to a request, as JSON (`null` when there is none).
pub(super) fn answer(server: &mut Server, method: &str, params: Json) -> Result<Json, String> {
    let uri: Option<Uri> = params
        .pointer("/textDocument/uri")
        .and_then(Json::as_str)
        .and_then(|u| u.parse().ok());
    let Some(uri) = uri else {
        return Ok(Json::Null);
    };
    let position: Option<Position> = params
        .get("position")
        .and_then(|p| serde_json::from_value(p.clone()).ok());
    if server.run.is_none() {
        server.diagnose();
    }
    let Some(doc) = Document::of(server, &uri) else {
        return Ok(Json::Null);
    };
    let at = position.map(|p| text::offset(&doc.text, p));
    let json = |v: Result<Json, serde_json::Error>| v.map_err(|e| e.to_string());
    match (method, at) {
        ("textDocument/hover", Some(at)) => json(serde_json::to_value(hover(server, &doc, at))),
        ("textDocument/definition", Some(at)) => {
            json(serde_json::to_value(definition(server, &doc, at)))
        }
        ("textDocument/references", Some(at)) => {
            json(serde_json::to_value(references(server, &doc, at)))
        }
        ("textDocument/completion", Some(at)) => {
            json(serde_json::to_value(completion(server, &doc, at)))
        }
        ("textDocument/documentSymbol", _) => json(serde_json::to_value(symbols(server, &doc))),
        ("textDocument/formatting", _) => json(serde_json::to_value(formatting(&doc))),
        ("textDocument/codeLens", _) => json(serde_json::to_value(lenses(server, &doc))),
        _ => Ok(Json::Null),
    }
}

/// The document a request is about, as the last check read it.
struct Document {
    file: Option<FileId>,
    text: String,
}

impl Document {
    fn of(server: &Server, uri: &Uri) -> Option<Document> {
        let path = text::path_of(uri)?;
        let text = match server.open.get(&path) {
            Some(t) => t.clone(),
            None => std::fs::read_to_string(&path).ok()?,
        };
        let rel = server
            .root()
            .and_then(|r| path.strip_prefix(r).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"));
        let file = server.run.as_ref().and_then(|run| {
            let rel = rel.as_deref()?;
            run.sources
                .iter()
                .find(|(_, f)| &*f.name == rel)
                .map(|(id, _)| id)
        });
        Some(Document { file, text })
    }
}

fn location(server: &Server, span: Span) -> Option<Location> {
    let run = server.run.as_ref()?;
    let name = run.sources.name(span.file);
    if name.starts_with('<') {
        return None;
    }
    let path: PathBuf = server.root()?.join(name);
    let source = run.sources.get(span.file)?;
    Some(Location::new(
        text::uri_of(&path)?,
        text::range(&source.text, span.start as usize, span.end as usize),
    ))
}

fn key_at(server: &Server, doc: &Document, at: usize) -> Option<(Key, Span)> {
    server.index.at(doc.file?, at)
}

fn hover(server: &Server, doc: &Document, at: usize) -> Option<Hover> {
    let (key, span) = key_at(server, doc, at)?;
    let (_, info) = server.index.decls.get(&key)?;
    let mut value = format!("```krav\n{}\n```", info.head);
    for line in &info.text {
        value.push_str("\n\n");
        value.push_str(line);
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(text::range(
            &doc.text,
            span.start as usize,
            span.end as usize,
        )),
    })
}

fn definition(server: &Server, doc: &Document, at: usize) -> Option<Location> {
    let (key, _) = key_at(server, doc, at)?;
    let (span, _) = server.index.decls.get(&key)?;
    location(server, *span)
}

fn references(server: &Server, doc: &Document, at: usize) -> Vec<Location> {
    let Some((key, _)) = key_at(server, doc, at) else {
        return Vec::new();
    };
    let declared = server.index.decls.get(&key).map(|(s, _)| *s);
    declared
        .into_iter()
        .chain(server.index.uses_of(&key))
        .filter_map(|s| location(server, s))
        .collect()
}

const KEYWORDS: [&str; 40] = [
    "schema",
    "enum",
    "record",
    "group",
    "fact",
    "list",
    "policy",
    "description",
    "reference",
    "define",
    "requirement",
    "severity",
    "ref",
    "when",
    "require",
    "help",
    "vendor",
    "as_of",
    "source",
    "expires",
    "waiver",
    "defaults",
    "approved_by",
    "reason",
    "test",
    "expect",
    "and",
    "or",
    "not",
    "in",
    "contains",
    "within",
    "matches",
    "all",
    "any",
    "none",
    "present",
    "count",
    "today",
    "true",
];

fn completion(server: &Server, doc: &Document, at: usize) -> Vec<CompletionItem> {
    let before = &doc.text[..at.min(doc.text.len())];
    let line = before.rsplit('\n').next().unwrap_or("");
    let word_start = line
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| i + 1);
    let word = &line[word_start..];
    let item = |label: &str, kind, detail: Option<String>| CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    };
    let rest = line[..word_start].trim_end();
    if rest.ends_with("severity") {
        return ["critical", "high", "medium", "low", "info"]
            .iter()
            .map(|s| item(s, CompletionItemKind::ENUM_MEMBER, None))
            .collect();
    }
    if rest.ends_with("expect") || rest.ends_with("requirement") && !rest.contains('"') {
        return requirement_items(&server.index);
    }
    if let Some(values) = enum_values_expected(&server.index, rest) {
        return values
            .iter()
            .map(|v| item(v, CompletionItemKind::ENUM_MEMBER, None))
            .collect();
    }
    if let Some((prefix, _)) = word.rsplit_once('.') {
        return members_of(&server.index, prefix)
            .into_iter()
            .map(|(name, kind, detail)| item(&name, kind, detail))
            .collect();
    }
    let mut items: Vec<CompletionItem> = members_of(&server.index, "")
        .into_iter()
        .map(|(name, kind, detail)| item(&name, kind, detail))
        .collect();
    for key in server.index.decls.keys() {
        if let Key::Define(_, name) = key {
            items.push(item(
                name,
                CompletionItemKind::VARIABLE,
                Some("define".into()),
            ));
        }
    }
    items.extend(
        KEYWORDS
            .iter()
            .chain(["false"].iter())
            .map(|k| item(k, CompletionItemKind::KEYWORD, None)),
    );
    items
}

fn requirement_items(index: &Index) -> Vec<CompletionItem> {
    index
        .decls
        .iter()
        .filter_map(|(k, (_, info))| match k {
            Key::Requirement(id) => Some(CompletionItem {
                label: id.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: info.text.first().cloned(),
                ..CompletionItem::default()
            }),
            _ => None,
        })
        .collect()
}

/// The facts and groups directly inside group `prefix` (`""`: the top).
fn members_of(index: &Index, prefix: &str) -> Vec<(String, CompletionItemKind, Option<String>)> {
    let mut out: Vec<(String, CompletionItemKind, Option<String>)> = Vec::new();
    for (key, (_, info)) in &index.decls {
        let (path, kind) = match key {
            Key::Fact(p) => (p, CompletionItemKind::FIELD),
            Key::Group(p) => (p, CompletionItemKind::MODULE),
            _ => continue,
        };
        let rest = if prefix.is_empty() {
            Some(path.as_str())
        } else {
            path.strip_prefix(prefix).and_then(|r| r.strip_prefix('.'))
        };
        if let Some(rest) = rest.filter(|r| !r.contains('.')) {
            if !out.iter().any(|(n, _, _)| n == rest) {
                out.push((rest.to_string(), kind, Some(info.head.clone())));
            }
        }
    }
    out
}

/// After `fact ==`, `fact !=`, `fact in [`, `fact contains` or (in a
/// vendor) `fact =`, the values of the fact's enum.
fn enum_values_expected<'a>(index: &'a Index, rest: &str) -> Option<&'a Vec<String>> {
    let rest = rest.trim_end_matches(|c: char| {
        c == '[' || c == ',' || c.is_whitespace() || c.is_ascii_uppercase() || c == '_'
    });
    let rest = rest.trim_end();
    let ops = ["==", "!=", "not in", "in", "contains", "="];
    let op = ops.iter().find(|op| rest.ends_with(*op))?;
    let subject = rest[..rest.len() - op.len()].trim_end();
    let path_start = subject
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| i + 1);
    let path = &subject[path_start..];
    let ty = index.fact_types.get(path)?;
    let ty = ty
        .strip_prefix("list<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ty);
    index.enums.get(ty)
}

fn symbols(server: &Server, doc: &Document) -> Vec<DocumentSymbol> {
    match doc.file.and_then(|f| server.index.trees.get(&f)) {
        Some(ast) => Outline { text: &doc.text }.file(ast),
        None => Vec::new(),
    }
}

/// The outline of a file: its items, their members and requirements.
struct Outline<'t> {
    text: &'t str,
}

impl Outline<'_> {
    fn sym(
        &self,
        name: String,
        kind: SymbolKind,
        (span, sel): (Span, Span),
        children: Vec<DocumentSymbol>,
    ) -> DocumentSymbol {
        #[allow(deprecated)]
        DocumentSymbol {
            name,
            detail: None,
            kind,
            tags: None,
            deprecated: None,
            range: text::range(self.text, span.start as usize, span.end as usize),
            selection_range: text::range(self.text, sel.start as usize, sel.end as usize),
            children: (!children.is_empty()).then_some(children),
        }
    }

    fn members(&self, list: &[SchemaMember]) -> Vec<DocumentSymbol> {
        list.iter()
            .map(|m| match m {
                SchemaMember::Fact(f) => self.sym(
                    f.name.name.clone(),
                    SymbolKind::FIELD,
                    (f.span, f.name.span),
                    Vec::new(),
                ),
                SchemaMember::Group(g) => self.sym(
                    g.name.name.clone(),
                    SymbolKind::NAMESPACE,
                    (g.span, g.name.span),
                    self.members(&g.members),
                ),
                SchemaMember::Enum(e) => self.sym(
                    e.name.name.clone(),
                    SymbolKind::ENUM,
                    (e.span, e.name.span),
                    Vec::new(),
                ),
                SchemaMember::Record(r) => self.sym(
                    r.name.name.clone(),
                    SymbolKind::STRUCT,
                    (r.span, r.name.span),
                    Vec::new(),
                ),
            })
            .collect()
    }

    fn file(&self, ast: &SourceAst) -> Vec<DocumentSymbol> {
        ast.items
            .iter()
            .map(|item| match item {
                Item::Schema(s) => self.sym(
                    s.id.name.clone(),
                    SymbolKind::MODULE,
                    (s.span, s.id.span),
                    self.members(&s.members),
                ),
                Item::Policy(p) => {
                    let requirements = p.requirements.iter().map(|r| {
                        self.sym(
                            r.id.name.clone(),
                            SymbolKind::EVENT,
                            (r.span, r.id.span),
                            Vec::new(),
                        )
                    });
                    let defines = p.defines.iter().map(|d| {
                        self.sym(
                            d.name.name.clone(),
                            SymbolKind::CONSTANT,
                            (d.span, d.name.span),
                            Vec::new(),
                        )
                    });
                    let children = requirements.chain(defines).collect();
                    self.sym(
                        p.id.name.clone(),
                        SymbolKind::PACKAGE,
                        (p.span, p.id.span),
                        children,
                    )
                }
                Item::Vendor(v) => {
                    let name = v.id.as_ref().map_or_else(String::new, |i| i.name.clone());
                    self.sym(name, SymbolKind::OBJECT, (v.span, v.header), Vec::new())
                }
                Item::Defaults(v) => self.sym(
                    "defaults".into(),
                    SymbolKind::OBJECT,
                    (v.span, v.header),
                    Vec::new(),
                ),
                Item::Waiver(w) => self.sym(
                    w.title.value.clone(),
                    SymbolKind::KEY,
                    (w.span, w.title.span),
                    Vec::new(),
                ),
                Item::Test(t) => self.sym(
                    t.name.value.clone(),
                    SymbolKind::METHOD,
                    (t.span, t.name.span),
                    Vec::new(),
                ),
            })
            .collect()
    }
}

fn formatting(doc: &Document) -> Option<Vec<TextEdit>> {
    let formatted = crate::format::format_text(FileId(0), &doc.text).ok()?;
    if formatted == doc.text {
        return Some(Vec::new());
    }
    let end = text::position(&doc.text, doc.text.len());
    Some(vec![TextEdit::new(
        lsp_types::Range::new(Position::new(0, 0), end),
        formatted,
    )])
}

/// On each requirement of the file: `3 pass · 1 fail · 1 unknown` across
/// the project's vendors.
fn lenses(server: &Server, doc: &Document) -> Vec<CodeLens> {
    let (Some(run), Some(file)) = (server.run.as_ref(), doc.file) else {
        return Vec::new();
    };
    let Some(model) = run.model.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, req) in model.requirements.iter().enumerate() {
        if req.header.file != file {
            continue;
        }
        let mut counts = [0usize; 5];
        for f in run
            .evaluation
            .findings
            .iter()
            .filter(|f| f.requirement == i)
        {
            if let Some(k) = Outcome::ALL.iter().position(|o| *o == f.outcome) {
                counts[k] += 1;
            }
        }
        let words: Vec<String> = Outcome::ALL
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(o, n)| format!("{n} {}", o.as_str()))
            .collect();
        let title = if words.is_empty() {
            "no vendor".to_string()
        } else {
            words.join(" · ")
        };
        out.push(CodeLens {
            range: text::range(
                &doc.text,
                req.header.start as usize,
                req.header.end as usize,
            ),
            command: Some(Command::new(title, String::new(), None)),
            data: None,
        });
    }
    out
}
