//! The pest parser generated from `grammar/skykrav.pest`. Only the syntax
//! module sees its pairs.

#[derive(pest_derive::Parser)]
#[grammar = "grammar/skykrav.pest"]
pub struct KravParser;
