//! skykrav: policy as code for buying and using cloud services safely.
//!
//! The pipeline, one module a stage: [`load`] finds and reads a project's
//! files, [`syntax`] parses `.krav` text into a typed tree, [`check`]
//! resolves names and types into a [`model::Model`], [`eval`] judges every
//! vendor against every requirement, and [`report`] renders the outcomes.
//! [`Project`] ties them together for callers that want one call.

#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod check;
pub mod data;
pub mod diagnostics;
pub mod eval;
pub mod load;
pub mod model;
pub mod project;
pub mod report;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod value;

pub use project::{check_project, CheckOptions, CheckRun, Verdict};
