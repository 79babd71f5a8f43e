//! A vendor file to fill in: every fact of the schema, grouped as the
//! schema groups them, each a commented-out placeholder with its
//! description, type and allowed values, so that a person only has to
//! remove the `//` (or `#`) and write the value.

use std::fmt::Write as _;

use crate::model::{Schema, Type};
use crate::value::Date;

/// The formats a template can be written in. JSON has no comments, so no
/// place for a placeholder that is not a value: it is not offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateFormat {
    Krav,
    Yaml,
    Toml,
}

impl TemplateFormat {
    pub fn extension(self) -> &'static str {
        match self {
            TemplateFormat::Krav => "krav",
            TemplateFormat::Yaml => "yaml",
            TemplateFormat::Toml => "toml",
        }
    }
}

/// A value of the type, as an example to overwrite.
fn example(schema: &Schema, ty: &Type, today: Date, krav: bool) -> String {
    match ty {
        Type::Bool => "true".into(),
        Type::Int => "0".into(),
        Type::Number => "0.0".into(),
        Type::Percent if krav => "99.9%".into(),
        Type::Percent => "\"99.9%\"".into(),
        Type::Duration if krav => "30d".into(),
        Type::Duration => "\"30d\"".into(),
        Type::Date => today.to_string(),
        Type::String => "\"\"".into(),
        Type::Enum(e) => {
            let first = schema
                .enums
                .get(e.0 as usize)
                .and_then(|d| d.values.first())
                .map(|v| v.to_string())
                .unwrap_or_default();
            if krav {
                first
            } else {
                format!("\"{first}\"")
            }
        }
        Type::Record(r) => {
            let Some(rec) = schema.records.get(r.0 as usize) else {
                return "{}".into();
            };
            let sep = if krav { " = " } else { ": " };
            let fields: Vec<String> = rec
                .fields
                .iter()
                .map(|f| format!("{}{sep}{}", f.name, example(schema, &f.ty, today, krav)))
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
        Type::List(inner) => format!("[{}]", example(schema, inner, today, krav)),
    }
}

/// What a reader needs to know of a type: `duration: 15m, 4h, 30d, 2w`,
/// `one of EU, EEA, UK`.
fn hint(schema: &Schema, ty: &Type) -> String {
    match ty {
        Type::Percent => "percent, such as 99.9%".into(),
        Type::Duration => "duration: 15m, 4h, 30d or 2w".into(),
        Type::Date => "date, YYYY-MM-DD".into(),
        Type::Enum(e) => match schema.enums.get(e.0 as usize) {
            Some(d) => {
                let values: Vec<&str> = d.values.iter().map(|v| &**v).collect();
                format!("one of {}", values.join(", "))
            }
            None => schema.type_name(ty),
        },
        Type::List(inner) => format!("a list of {}", hint(schema, inner)),
        Type::Record(r) => match schema.records.get(r.0 as usize) {
            Some(rec) => {
                let fields: Vec<String> = rec
                    .fields
                    .iter()
                    .map(|f| format!("{}: {}", f.name, schema.type_name(&f.ty)))
                    .collect();
                format!("{} ({})", rec.name, fields.join(", "))
            }
            None => schema.type_name(ty),
        },
        _ => schema.type_name(ty),
    }
}

/// A group's path, its description and its facts (name inside the
/// group, description, type), in schema order.
type Group = (String, Option<String>, Vec<(String, Option<String>, Type)>);

fn grouped(schema: &Schema) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for fact in &schema.facts {
        let (group, name) = fact.path.rsplit_once('.').unwrap_or(("", &fact.path));
        let entry = (name.to_string(), fact.description.clone(), fact.ty.clone());
        match groups.iter_mut().find(|(g, _, _)| g == group) {
            Some((_, _, list)) => list.push(entry),
            None => {
                let description = schema
                    .groups
                    .iter()
                    .find(|g| g.path == group)
                    .and_then(|g| g.description.clone());
                groups.push((group.to_string(), description, vec![entry]));
            }
        }
    }
    groups
}

/// The template of vendor `id` called `name`, dated `today`.
pub fn vendor_template(
    schema: &Schema,
    (id, name): (&str, &str),
    today: Date,
    format: TemplateFormat,
) -> String {
    let mut out = String::new();
    let krav = format == TemplateFormat::Krav;
    let c = if krav { "//" } else { "#" };
    let _ = writeln!(
        out,
        "{c} What we know about {name}. Each fact is commented out: remove the `{c}`,"
    );
    let _ = writeln!(
        out,
        "{c} write the value, and say where it comes from (`source`). A fact left out"
    );
    let _ = writeln!(
        out,
        "{c} reads as unknown, which is honest until someone has checked it."
    );
    let _ = writeln!(
        out,
        "{c} `needs.*` are our own needs: state one here only to override the"
    );
    let _ = writeln!(out, "{c} company-wide value for this vendor.");
    match format {
        TemplateFormat::Krav => {
            let _ = writeln!(out, "vendor {id} {} {{", quoted(name));
            let _ = writeln!(out, "  as_of {today}");
        }
        TemplateFormat::Yaml => {
            // `{}` until the first fact is filled in: an empty `facts:` is
            // null, which is no object of facts.
            let _ = writeln!(
                out,
                "id: {id}\nname: {}\nas_of: {today}\n# Replace `{{}}` by the facts as you fill them in.\nfacts: {{}}",
                quoted(name)
            );
        }
        TemplateFormat::Toml => {
            let _ = writeln!(
                out,
                "id = \"{id}\"\nname = {}\nas_of = {today}",
                quoted(name)
            );
        }
    }
    // Every placeholder names its fact by its whole path, so that any one
    // can be taken in alone: a dotted key means the same in every format.
    let indent = "  ";
    if format == TemplateFormat::Toml {
        out.push_str("\n[facts]\n");
    }
    for (group, description, facts) in grouped(schema) {
        out.push('\n');
        let (ind, head) = match format {
            TemplateFormat::Toml => ("", group.clone()),
            _ => (indent, group.clone()),
        };
        match &description {
            Some(d) if !head.is_empty() => {
                let _ = writeln!(out, "{ind}{c} {head}: {d}");
            }
            _ if !head.is_empty() => {
                let _ = writeln!(out, "{ind}{c} {head}");
            }
            _ => {}
        }
        for (fact, desc, ty) in facts {
            let path = crate::model::join_path(&group, &fact);
            let value = example(schema, &ty, today, krav);
            let what = desc.unwrap_or_default();
            let _ = writeln!(out, "{ind}{c}   {what} ({})", hint(schema, &ty));
            let _ = match format {
                TemplateFormat::Krav => writeln!(out, "{ind}{c} {path} = {value} source \"\""),
                TemplateFormat::Yaml => writeln!(out, "{ind}{c} {path}: {value}"),
                TemplateFormat::Toml => writeln!(out, "{c} {path} = {}", toml_value(&value)),
            };
        }
    }
    if krav {
        out.push_str("}\n");
    }
    out
}

/// A value written for YAML as TOML writes it (`{ a: 1 }` → `{ a = 1 }`).
fn toml_value(yaml: &str) -> String {
    yaml.replace(": ", " = ")
}

fn quoted(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
