//! The report of `skykrav test`: a line per test, the diagnostics of the
//! expectations that did not hold (and any warnings), and the closing
//! `N passed, N failed` line that CI systems read.

use std::fmt::Write as _;

use crate::diagnostics::{render_diagnostics, Diagnostic};
use crate::testing::TestRun;

/// The text of a test run whose project was valid. Failures are the test
/// report, so they are part of it, not of standard error.
pub fn render_test_run(run: &TestRun, color: bool) -> String {
    let mut out = String::new();
    for r in &run.results {
        let status = if r.passed() { "ok" } else { "FAILED" };
        let _ = writeln!(out, "test {} ... {status}", r.name);
    }
    let mut shown: Vec<Diagnostic> = run.diagnostics.clone();
    shown.extend(run.results.iter().flat_map(|r| r.failures.iter().cloned()));
    if !shown.is_empty() {
        out.push('\n');
        out.push_str(&render_diagnostics(&shown, &run.sources, color));
    }
    if run.pack_tests_skipped > 0 {
        let (noun, verb) = if run.pack_tests_skipped == 1 {
            ("test", "was")
        } else {
            ("tests", "were")
        };
        let _ = writeln!(
            out,
            "note: {} {noun} of the bundled packs {verb} not run; `skykrav test --packs` runs them",
            run.pack_tests_skipped
        );
    }
    let _ = writeln!(out, "{} passed, {} failed", run.passed(), run.failed());
    out
}
