//! skykrav: policy as code for buying and using cloud services safely.
//!
//! The pipeline, one module a stage: [`load`] finds and reads a project's
//! files, [`syntax`] parses `.krav` text into a typed tree, [`check`]
//! resolves names and types into a [`model::Model`] (with [`vendor`], which
//! reads vendor files and converts their facts), [`eval`] judges every
//! vendor against every requirement, and [`report`] renders the outcomes.
//! Imports run in that order only.
//!
//! # The public API
//!
//! - The facade, [`check_project`] (or [`project::check_tree`] for a tree
//!   in memory or at a git revision) giving a [`CheckRun`]: the model, the
//!   findings, the diagnostics, and [`CheckRun::evidence`] for why a
//!   finding came out as it did. [`testing::test_project`] runs a project's
//!   tests, [`diff::diff_project`] compares two revisions.
//! - The reports, [`report`]: one `render_*` (and for the large ones a
//!   streaming `write_*`) a format.
//! - For tools that read policies without judging (a formatter, a language
//!   server, importers): [`syntax::parse_source`] and the tree in
//!   [`syntax::ast`], [`check::check`], [`vendor::read_vendor_file`], the
//!   model, and [`diagnostics`] with its catalogue of codes; the
//!   formatter, [`format::format_text`].
//! - The words every stage shares, [`vocabulary`]; values, [`value`];
//!   places in files, [`source`]; the limits on hostile input, [`limits`].
//!
//! The steps inside each stage are the crate's own.
//!
//! ```
//! use std::path::Path;
//! use skykrav::{check_project, CheckOptions, Verdict};
//! use skykrav::vocabulary::Outcome;
//!
//! let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart");
//! let run = check_project(&dir, &CheckOptions::default());
//! let model = run.model.as_ref().expect("the example is valid");
//! let failing: Vec<String> = run
//!     .evaluation
//!     .findings
//!     .iter()
//!     .filter(|f| f.outcome == Outcome::Fail)
//!     .map(|f| format!("{} {}", model.vendors[f.vendor].id, model.requirements[f.requirement].full_id))
//!     .collect();
//! assert!(failing.contains(&"filebox quick/location".to_string()));
//! assert_eq!(run.verdict(), Verdict::Fail);
//! ```

#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod eval;
pub mod format;
pub mod limits;
pub mod load;
pub mod lsp;
pub mod model;
pub mod output;
pub(crate) mod packs;
pub mod pattern;
pub mod project;
pub mod questionnaire;
pub mod report;
pub mod scaffold;
pub(crate) mod scope;
pub mod source;
pub(crate) mod suggest;
pub mod syntax;
pub mod testing;
pub mod value;
pub mod vendor;
pub mod vocabulary;

pub use project::{check_project, CheckOptions, CheckRun, Verdict};
