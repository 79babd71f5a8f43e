//! The `gitlab` report.

use crate::project::CheckRun;

pub fn render_gitlab(run: &CheckRun) -> String {
    let _ = run;
    String::new()
}
