//! The `markdown` report.

use crate::project::CheckRun;

pub fn render_markdown(run: &CheckRun) -> String {
    let _ = run;
    String::new()
}
