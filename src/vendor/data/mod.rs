//! Vendor facts written as data: JSON, YAML and TOML, read into one
//! format-independent tree that keeps a span on every node.
//!
//! The tree is deliberately untyped: what a value means (a percent, a date,
//! a group of facts) is decided later, by the checker, from the schema.
//! Numbers keep their source text so that `number` facts are read exactly.

mod json;
mod toml_data;
mod yaml;

use crate::source::Span;

pub use json::parse_json;
pub use toml_data::parse_toml;
pub use yaml::parse_yaml;

pub use crate::limits::MAX_DATA_DEPTH;

/// One value of a data file and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct DataNode {
    pub value: DataValue,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DataValue {
    Null,
    Bool(bool),
    /// A number as written in the source (`99.9`, `10_000` is not valid in
    /// JSON but is in TOML and arrives here without underscores), never
    /// converted through a float.
    Number(String),
    String(String),
    /// A native date (YAML 1.2 has none, TOML does): `year-month-day`.
    Date {
        year: i32,
        month: u32,
        day: u32,
    },
    /// A native value the tree has no kind for (a TOML date-time or time):
    /// kept as its text so the checker can say what it found.
    Other {
        kind: &'static str,
        text: String,
    },
    Array(Vec<DataNode>),
    /// Keys in the order written; duplicate keys are an error of the parser.
    Object(Vec<(DataKey, DataNode)>),
}

/// An object key and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct DataKey {
    pub name: String,
    pub span: Span,
}

/// Why a data file could not be read as a tree.
#[derive(Clone, Debug, PartialEq)]
pub struct DataError {
    pub message: String,
    /// Where the format's parser put the error; the whole file when it gives
    /// no place.
    pub span: Span,
    pub kind: DataErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataErrorKind {
    /// Not well-formed JSON, YAML or TOML.
    Syntax,
    /// Nested deeper than [`MAX_DATA_DEPTH`].
    TooDeep,
    /// The same key twice in one object.
    DuplicateKey,
    /// A YAML feature we refuse: aliases (to stop alias bombs), tags,
    /// non-string keys, several documents.
    Unsupported,
}

impl DataValue {
    /// How the value is named in messages: "a string", "an object", …
    pub fn kind_name(&self) -> &'static str {
        match self {
            DataValue::Null => "null",
            DataValue::Bool(_) => "a boolean",
            DataValue::Number(_) => "a number",
            DataValue::String(_) => "a string",
            DataValue::Date { .. } => "a date",
            DataValue::Other { kind, .. } => kind,
            DataValue::Array(_) => "a list",
            DataValue::Object(_) => "an object",
        }
    }
}
