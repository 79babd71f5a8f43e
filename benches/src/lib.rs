//! Benchmarks of skykrav: a deterministic corpus generator, the
//! requirement templates it draws from (shared with the hand-written
//! baseline, so both agree on what each generated requirement means), and
//! small helpers for the comparison with regorus.
//!
//! * [`corpus::generate`] writes a complete project (`skykrav.toml`,
//!   `policies/schema.krav`, `policies/policy.krav`, one file per vendor in
//!   `.krav` and/or JSON), the same requirements in Rego (`policy.rego`),
//!   and a manifest (`corpus.json`) that the baseline reads.
//! * [`spec`] holds the schema (36 facts of every type) and the requirement
//!   templates, each rendered as `.krav` and as Rego.
//! * [`verdicts`] reads the outputs of the four engines back for the
//!   cross-check.
//!
//! Everything is a pure function of `(vendors, requirements, seed)`: the
//! same arguments give the same bytes on every machine.

// `*r.pick(&[..])` copies a `&'static str` out of a temporary array; clippy
// takes the `*` for an auto-deref, which would shorten the lifetime.
#![allow(clippy::explicit_auto_deref)]

pub mod corpus;
pub mod date;
pub mod rego;
pub mod rng;
pub mod spec;
pub mod verdicts;

pub use corpus::{generate, Format, Manifest};
