//! Vendors written as data (JSON, YAML, TOML): parsed into a tree and
//! shaped into vendor declarations, one file at a time, so that a file's
//! tree is dropped as soon as its vendors are read.

use super::data_vendor::vendors_from_data;
use crate::data;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::FileId;
use crate::syntax::ast::VendorDecl;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFormat {
    Json,
    Yaml,
    Toml,
}

impl DataFormat {
    fn name(self) -> &'static str {
        match self {
            DataFormat::Json => "JSON",
            DataFormat::Yaml => "YAML",
            DataFormat::Toml => "TOML",
        }
    }

    fn help(self) -> &'static str {
        match self {
            DataFormat::Json => "JSON has no comments and no trailing commas; strings and keys take double quotes",
            DataFormat::Toml => "see toml.io for TOML's syntax; strings take quotes, and a key is given once",
            DataFormat::Yaml => "YAML nests by indentation with spaces, not tabs; quote a value that holds `: ` or `#`",
        }
    }
}

/// A data file found by discovery; its text is in the project's sources.
#[derive(Clone, Copy, Debug)]
pub struct DataFile {
    pub file: FileId,
    pub format: DataFormat,
}

/// The vendors a data file declares, and what is wrong with it.
pub fn read_data_vendors(
    file: FileId,
    name: &str,
    format: DataFormat,
    text: &str,
) -> (Vec<VendorDecl>, Vec<Diagnostic>) {
    let parsed = match format {
        DataFormat::Json => data::parse_json(file, text),
        DataFormat::Toml => data::parse_toml(file, text),
        DataFormat::Yaml => data::parse_yaml(file, text),
    };
    let mut errors = Vec::new();
    match parsed {
        Ok(root) => {
            let vendors = vendors_from_data(root, format != DataFormat::Toml, &mut errors);
            (vendors, errors)
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
