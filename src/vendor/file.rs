//! A vendor file by its format: JSON, YAML and TOML parsed into a tree and
//! shaped into vendors, a `.krav` file of plain vendors parsed as such; one
//! file at a time, so that a file's tree is dropped as soon as its vendors
//! are converted.

use super::shape::vendors_from_data;
use super::{data, WrittenVendor};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::syntax::ast::Item;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFormat {
    Json,
    Yaml,
    Toml,
    /// A `.krav` file that holds only vendors written as plain data (see
    /// [`crate::syntax::is_plain_vendor_file`]).
    PlainKrav,
}

impl DataFormat {
    fn name(self) -> &'static str {
        match self {
            DataFormat::Json => "JSON",
            DataFormat::Yaml => "YAML",
            DataFormat::Toml => "TOML",
            DataFormat::PlainKrav => ".krav",
        }
    }

    fn help(self) -> &'static str {
        match self {
            DataFormat::Json => "JSON has no comments and no trailing commas; strings and keys take double quotes",
            DataFormat::Toml => "see toml.io for TOML's syntax; strings take quotes, and a key is given once",
            DataFormat::Yaml => "YAML nests by indentation with spaces, not tabs; quote a value that holds `: ` or `#`",
            DataFormat::PlainKrav => "see docs/language.md for the syntax of `.krav` files",
        }
    }
}

/// A vendor file found by discovery whose vendors the checker reads once
/// the schema is known; its text is in the project's sources.
#[derive(Clone, Copy, Debug)]
pub struct DataFile {
    pub file: FileId,
    pub format: DataFormat,
}

/// The vendors a vendor file states, and what is wrong with it; `name` is
/// the file's name in messages.
pub fn read_vendor_file(
    file: FileId,
    name: &str,
    format: DataFormat,
    text: &str,
) -> (Vec<WrittenVendor>, Vec<Diagnostic>) {
    let parsed = match format {
        DataFormat::Json => data::parse_json(file, text),
        DataFormat::Toml => data::parse_toml(file, text),
        DataFormat::Yaml => data::parse_yaml(file, text),
        DataFormat::PlainKrav => return krav_vendors(file, text),
    };
    let mut errors = Vec::new();
    match parsed {
        Ok(root) => {
            let vendors = vendors_from_data(root, format != DataFormat::Toml, &mut errors);
            (
                vendors.into_iter().map(WrittenVendor::Data).collect(),
                errors,
            )
        }
        Err(e) => {
            let code = match e.kind {
                data::DataErrorKind::TooDeep => Code::TooDeep,
                _ => Code::DataSyntax,
            };
            let mut d = Diagnostic::error(
                code,
                format!("`{name}` is not valid {}: {}", format.name(), e.message),
            )
            .primary(e.span, "here");
            if code == Code::DataSyntax {
                d = d.with_help(format.help());
            }
            errors.push(d);
            (Vec::new(), errors)
        }
    }
}

/// The vendors of a plain `.krav` vendor file. The loader chose the file
/// because the fast reader takes it, so this reads it the same way; should
/// it hold anything but vendors after all, the rest is reported rather
/// than dropped.
fn krav_vendors(file: FileId, text: &str) -> (Vec<WrittenVendor>, Vec<Diagnostic>) {
    let (ast, mut errors) = crate::syntax::parse_source(file, text);
    let mut vendors = Vec::new();
    for item in ast.map(|a| a.items).unwrap_or_default() {
        match item {
            Item::Vendor(v) => vendors.push(WrittenVendor::Krav(v)),
            _ => errors.push(
                Diagnostic::error(
                    Code::Syntax,
                    "internal error: a vendor file read late holds another item",
                )
                .primary(Span::new(file, 0, 0), "in this file")
                .with_help("please report this as a bug in skykrav"),
            ),
        }
    }
    (vendors, errors)
}
