//! The shape of a vendor written as data (docs/language.md §8.2): `id`, `name`, an
//! optional `as_of`, and `facts`. The facts themselves are converted by
//! `convert`, with the schema.

use super::data::{DataNode, DataValue};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{Span, Spanned};
use crate::suggest;
use crate::syntax::ast::{Ident, StrLit};
use crate::syntax::{is_item_id, parse_date};
use crate::value::Date;

/// A vendor of a JSON, YAML or TOML file whose id, name and date are read;
/// its `facts` wait for the schema.
#[derive(Clone, Debug, PartialEq)]
pub struct DataVendor {
    pub id: Ident,
    pub name: StrLit,
    pub as_of: Option<Spanned<Date>>,
    /// The `facts` object as written; `None` for a vendor without facts.
    pub facts: Option<DataNode>,
    /// Where a report points when a fact is missing: `"id": "…"`.
    pub header: Span,
    pub span: Span,
}

const KEYS: [&str; 4] = ["id", "name", "as_of", "facts"];

/// The vendors of one data file: one object, or (JSON, YAML) a list.
pub fn vendors_from_data(
    root: DataNode,
    allow_list: bool,
    errors: &mut Vec<Diagnostic>,
) -> Vec<DataVendor> {
    match root.value {
        DataValue::Array(items) if allow_list => items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| vendor(item, &format!("[{i}]"), errors))
            .collect(),
        DataValue::Object(_) => vendor(root, "", errors).into_iter().collect(),
        other => {
            let want = if allow_list {
                "an object or a list of objects"
            } else {
                "a table"
            };
            errors.push(
                Diagnostic::error(
                    Code::DataShape,
                    format!(
                        "a vendor file holds {want}, but this is {}",
                        other.kind_name()
                    ),
                )
                .primary(root.span, "expected a vendor"),
            );
            Vec::new()
        }
    }
}

fn vendor(node: DataNode, at: &str, errors: &mut Vec<Diagnostic>) -> Option<DataVendor> {
    let span = node.span;
    let DataValue::Object(entries) = node.value else {
        errors.push(
            Diagnostic::error(
                Code::DataShape,
                format!(
                    "{} must be an object, but it is {}",
                    vendor_word(at),
                    node.value.kind_name()
                ),
            )
            .primary(span, "expected an object with `id`, `name` and `facts`"),
        );
        return None;
    };
    let mut id: Option<Ident> = None;
    let mut name: Option<StrLit> = None;
    let mut as_of: Option<Spanned<Date>> = None;
    let mut facts: Option<DataNode> = None;
    let mut header = Span::new(span.file, span.start as usize, span.start as usize + 1);
    let mut ok = true;
    for (key, value) in entries {
        match key.name.as_str() {
            "id" => match &value.value {
                DataValue::String(s) if is_item_id(s) => {
                    header = key.span.to(value.span);
                    id = Some(Ident {
                        name: s.clone(),
                        span: value.span,
                    });
                }
                DataValue::String(s) => {
                    errors.push(
                        Diagnostic::error(Code::DataShape, format!("`{s}` is not a vendor id"))
                            .primary(
                                value.span,
                                "ids start with a letter and hold letters, digits, `_` and `-`",
                            ),
                    );
                    ok = false;
                }
                other => {
                    errors.push(key_type(&key.name, "a string", other, value.span));
                    ok = false;
                }
            },
            "name" => match &value.value {
                DataValue::String(s) => {
                    name = Some(StrLit {
                        value: s.clone(),
                        span: value.span,
                    })
                }
                other => {
                    errors.push(key_type(&key.name, "a string", other, value.span));
                    ok = false;
                }
            },
            "as_of" => {
                let date = match &value.value {
                    DataValue::String(s) => {
                        parse_date(s, value.span).map_err(|d| errors.push(d)).ok()
                    }
                    DataValue::Date { year, month, day } => Date::from_ymd(*year, *month, *day),
                    other => {
                        errors.push(key_type(&key.name, "a date", other, value.span));
                        None
                    }
                };
                match date {
                    Some(d) => as_of = Some(Spanned::new(d, value.span)),
                    None => ok = false,
                }
            }
            "facts" => facts = Some(value),
            other => {
                let mut d = Diagnostic::error(
                    Code::DataShape,
                    format!("unknown key `{other}` in a vendor"),
                )
                .primary(key.span, "not a key of a vendor file");
                d = d.with_help(match suggest::did_you_mean(other, KEYS) {
                    Some(k) => format!(
                        "did you mean `{k}`? A vendor holds `id`, `name`, `as_of` and `facts`"
                    ),
                    None => {
                        "a vendor holds `id`, `name`, `as_of` and `facts`; facts go inside `facts`"
                            .to_string()
                    }
                });
                errors.push(d);
                ok = false;
            }
        }
    }
    for (key, missing) in [("id", id.is_none()), ("name", name.is_none())] {
        if missing && ok {
            errors.push(
                Diagnostic::error(
                    Code::DataShape,
                    format!("{} has no `{key}`", vendor_word(at)),
                )
                .primary(header, format!("add `\"{key}\": …`")),
            );
        }
    }
    let (true, Some(id), Some(name)) = (ok, id, name) else {
        return None;
    };
    Some(DataVendor {
        id,
        name,
        as_of,
        facts,
        header,
        span,
    })
}

/// "this vendor", or "vendor [2]" for an entry of a list of vendors.
fn vendor_word(at: &str) -> String {
    if at.is_empty() {
        "this vendor".to_string()
    } else {
        format!("vendor {at}")
    }
}

fn key_type(key: &str, want: &str, found: &DataValue, span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::DataShape,
        format!("`{key}` must be {want}, but it is {}", found.kind_name()),
    )
    .primary(span, format!("expected {want}"))
}
