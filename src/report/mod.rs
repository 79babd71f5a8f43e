//! Reports: the outcomes of a run, rendered for people (`human`) and for
//! machines (`json`). Every format is a pure function of the run, so the
//! same input prints the same bytes.

mod human;
mod json;

pub use human::{render_human, HumanOptions};
pub use json::render_json;
