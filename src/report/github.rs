//! The `github` report.

use crate::project::CheckRun;

pub fn render_github(run: &CheckRun) -> String {
    let _ = run;
    String::new()
}
