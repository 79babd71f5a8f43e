//! Merges every `schema` item into one [`Schema`]: enums and records first
//! (their names are global), then groups and facts by path.

use std::collections::HashMap;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{
    join_path as join, EnumDef, FactDef, FactId, FieldDef, GroupDef, RecordDef, Schema, Type,
};
use crate::source::Span;
use crate::syntax::ast::{SchemaDecl, SchemaMember, TypeExpr};
use crate::value::{EnumId, RecordId};

const BUILTIN_TYPES: [&str; 7] = [
    "bool", "int", "number", "percent", "duration", "date", "string",
];

fn duplicate(what: &str, name: &str, first: Span, again: Span) -> Diagnostic {
    Diagnostic::declared_twice(what, name, again, first)
}

pub fn build_schema(schemas: &[&SchemaDecl], diags: &mut Diagnostics) -> Schema {
    let mut schema = Schema::default();
    // Pass 1: the names of enums and records, so that any fact or field can
    // refer to any of them whatever the order of files.
    let mut record_decls = Vec::new();
    for decl in schemas {
        collect_types(&decl.members, &mut schema, &mut record_decls, diags);
    }
    // Pass 2: record fields, now that every type name is known.
    for (id, decl) in record_decls {
        let mut fields: Vec<FieldDef> = Vec::new();
        let mut broken = Vec::new();
        for f in &decl.fields {
            if let Some(first) = fields.iter().find(|g| g.name == f.name.name) {
                diags.push(duplicate("field", &f.name.name, first.span, f.name.span));
                continue;
            }
            match resolve_type(&f.ty, &schema, diags) {
                Some(ty) => fields.push(FieldDef {
                    name: f.name.name.clone(),
                    ty,
                    description: f.description.as_ref().map(|d| d.value.clone()),
                    span: f.name.span,
                }),
                None => broken.push(f.name.name.clone()),
            }
        }
        if let Some(r) = schema.records.get_mut(id.0 as usize) {
            r.fields = fields;
            r.broken_fields = broken;
        }
    }
    // Pass 3: groups and facts.
    for decl in schemas {
        collect_facts(&decl.members, "", &mut schema, diags);
    }
    schema
}

fn collect_types<'a>(
    members: &'a [SchemaMember],
    schema: &mut Schema,
    records: &mut Vec<(RecordId, &'a crate::syntax::ast::RecordDecl)>,
    diags: &mut Diagnostics,
) {
    for m in members {
        match m {
            SchemaMember::Enum(e) => {
                if let Some(first) = type_span(schema, &e.name.name) {
                    diags.push(duplicate("type", &e.name.name, first, e.name.span));
                    continue;
                }
                let mut values: Vec<std::sync::Arc<str>> = Vec::new();
                let mut seen: HashMap<&str, Span> = HashMap::new();
                for v in &e.values {
                    if let Some(first) = seen.get(v.name.as_str()) {
                        diags.push(duplicate("enum value", &v.name, *first, v.span));
                        continue;
                    }
                    seen.insert(&v.name, v.span);
                    values.push(v.name.as_str().into());
                }
                let id = EnumId(schema.enums.len() as u32);
                schema.enum_by_name.insert(e.name.name.clone(), id);
                schema.enums.push(EnumDef {
                    name: e.name.name.clone(),
                    values,
                    span: e.name.span,
                });
            }
            SchemaMember::Record(r) => {
                if let Some(first) = type_span(schema, &r.name.name) {
                    diags.push(duplicate("type", &r.name.name, first, r.name.span));
                    continue;
                }
                let id = RecordId(schema.records.len() as u32);
                schema.record_by_name.insert(r.name.name.clone(), id);
                schema.records.push(RecordDef {
                    name: r.name.name.clone(),
                    fields: Vec::new(),
                    broken_fields: Vec::new(),
                    span: r.name.span,
                });
                records.push((id, r));
            }
            SchemaMember::Group(g) => collect_types(&g.members, schema, records, diags),
            SchemaMember::Fact(_) => {}
        }
    }
}

fn type_span(schema: &Schema, name: &str) -> Option<Span> {
    if let Some(e) = schema.enum_by_name.get(name) {
        return Some(schema.enum_def(*e).span);
    }
    schema
        .record_by_name
        .get(name)
        .map(|r| schema.record(*r).span)
}

fn resolve_type(ty: &TypeExpr, schema: &Schema, diags: &mut Diagnostics) -> Option<Type> {
    match ty {
        TypeExpr::List(inner, _) => {
            resolve_type(inner, schema, diags).map(|t| Type::List(Box::new(t)))
        }
        TypeExpr::Named(name) => Some(match name.name.as_str() {
            "bool" => Type::Bool,
            "int" => Type::Int,
            "number" => Type::Number,
            "percent" => Type::Percent,
            "duration" => Type::Duration,
            "date" => Type::Date,
            "string" => Type::String,
            other => {
                if let Some(e) = schema.enum_by_name.get(other) {
                    Type::Enum(*e)
                } else if let Some(r) = schema.record_by_name.get(other) {
                    Type::Record(*r)
                } else {
                    let candidates = BUILTIN_TYPES
                        .iter()
                        .map(|s| s.to_string())
                        .chain(schema.enums.iter().map(|e| e.name.clone()))
                        .chain(schema.records.iter().map(|r| r.name.clone()))
                        .chain(["list".to_string()]);
                    let mut d =
                        Diagnostic::error(Code::UnknownType, format!("unknown type `{other}`"))
                            .primary(name.span, "no such type");
                    d = d.suggesting(other, candidates);
                    diags.push(d);
                    return None;
                }
            }
        }),
    }
}

fn collect_facts(
    members: &[SchemaMember],
    prefix: &str,
    schema: &mut Schema,
    diags: &mut Diagnostics,
) {
    for m in members {
        match m {
            SchemaMember::Group(g) => {
                let path = join(prefix, &g.name.name);
                if is_a_fact_already(schema, "path", &path, g.name.span, diags) {
                    continue;
                }
                // Groups may be reopened by another schema (a company adds
                // facts to a pack's group); facts may not be redeclared.
                match schema.group_by_path.get(&path) {
                    Some(&i) => {
                        if schema.groups[i].description.is_none() {
                            schema.groups[i].description =
                                g.description.as_ref().map(|d| d.value.clone());
                        }
                    }
                    None => {
                        schema
                            .group_by_path
                            .insert(path.clone(), schema.groups.len());
                        schema.groups.push(GroupDef {
                            path: path.clone(),
                            description: g.description.as_ref().map(|d| d.value.clone()),
                            span: g.name.span,
                        });
                    }
                }
                collect_facts(&g.members, &path, schema, diags);
            }
            SchemaMember::Fact(f) => {
                let path = join(prefix, &f.name.name);
                if is_a_fact_already(schema, "fact", &path, f.name.span, diags) {
                    continue;
                }
                if let Some(&g) = schema.group_by_path.get(&path) {
                    diags.push(duplicate("path", &path, schema.groups[g].span, f.name.span));
                    continue;
                }
                let Some(ty) = resolve_type(&f.ty, schema, diags) else {
                    schema.broken_facts.insert(path);
                    continue;
                };
                let id = FactId(schema.facts.len() as u32);
                schema.fact_by_path.insert(path.clone(), id);
                schema.facts.push(FactDef {
                    path,
                    ty,
                    description: f.description.as_ref().map(|d| d.value.clone()),
                    span: f.name.span,
                });
            }
            SchemaMember::Enum(_) | SchemaMember::Record(_) => {}
        }
    }
}

/// Whether `path` names a fact declared before; if so, the second
/// declaration (a `what`, at `span`) is reported against the first.
fn is_a_fact_already(
    schema: &Schema,
    what: &str,
    path: &str,
    span: Span,
    diags: &mut Diagnostics,
) -> bool {
    let Some(first) = schema.fact_by_path.get(path) else {
        return false;
    };
    diags.push(duplicate(what, path, schema.fact(*first).span, span));
    true
}
