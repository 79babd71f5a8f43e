//! Reading vendors: the stage that turns what a company knows about a
//! vendor — a `vendor` block of a `.krav` file, or a JSON, YAML or TOML
//! document — into typed facts by the schema.
//!
//! - [`data`] reads JSON, YAML and TOML into one tree with a span on every
//!   node;
//! - `file` reads a vendor file by its format, and `shape` takes the
//!   file's shape (`id`, `name`, `as_of`, `facts`) into a [`DataVendor`];
//! - `convert` checks the facts against the schema and converts them, by
//!   one set of rules for `.krav` literals and data nodes alike.
//!
//! The checker calls this stage once the schema is known; nothing here
//! reads the disk (the text is in the project's sources) or knows of
//! policies.

mod convert;
pub mod data;
mod file;
mod literal_hints;
mod shape;

use crate::source::Span;
use crate::syntax::ast::VendorDecl;

pub use convert::{convert_data_vendor, convert_krav_vendor};
pub use file::{read_vendor_file, DataFile, DataFormat};
pub use shape::DataVendor;

/// A vendor as a file states it, before its facts meet the schema.
#[derive(Clone, Debug, PartialEq)]
pub enum WrittenVendor {
    /// A `vendor` item of a `.krav` file.
    Krav(VendorDecl),
    /// A vendor of a JSON, YAML or TOML file.
    Data(DataVendor),
}

impl WrittenVendor {
    /// Where its id is written; `None` for a `.krav` vendor without one
    /// (its error is the parser's).
    pub fn id_span(&self) -> Option<Span> {
        match self {
            WrittenVendor::Krav(v) => v.id.as_ref().map(|i| i.span),
            WrittenVendor::Data(v) => Some(v.id.span),
        }
    }
}
