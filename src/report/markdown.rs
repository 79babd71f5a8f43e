//! The `markdown` report: a pull-request comment or a GitHub job summary
//! (`$GITHUB_STEP_SUMMARY`). A title with the verdict, the counts, a table
//! of outcomes per vendor, then the failures and unknowns folded per
//! vendor in `<details>`, so that a project with a hundred findings still
//! gives a comment a reviewer can scan.
//!
//! Text from the project (titles, names, values, help) is escaped: values
//! go in code spans, free text has Markdown and HTML characters escaped,
//! and backticks in help and messages stay code spans, as their authors
//! meant.

use std::fmt::Write as _;

use super::escape::markdown::{code, html, prose, text};
use super::shared::{missing_span, missing_words, place, valid_model, waiver_words};
use crate::diagnostics::{Diagnostic, Level};
use crate::eval::Finding;
use crate::model::{Model, Vendor};
use crate::project::{CheckRun, Verdict};
use crate::vocabulary::Outcome;

/// Sections with at most this many findings are shown unfolded: folding
/// a short list only costs the reader a click.
const OPEN_UP_TO: usize = 10;

/// GitHub rejects a comment over 65,536 characters. Findings and warnings
/// stop being listed once the report passes this many bytes (a byte count
/// is never below the character count), leaving room for the closing tags
/// and the notes that say what was left out.
const BUDGET: usize = 60_000;

/// The Markdown report, ending in a newline.
pub fn render_markdown(run: &CheckRun) -> String {
    let mut out = String::new();
    match valid_model(run) {
        Some(model) => write_results(&mut out, run, model),
        None => write_invalid(&mut out, run),
    }
    write_warnings(&mut out, run);
    out
}

fn write_results(out: &mut String, run: &CheckRun, model: &Model) {
    let [pass, fail, unknown, na, waived] = run.summary();
    let mark = if run.verdict() == Verdict::Pass {
        "✅"
    } else {
        "❌"
    };
    let _ = writeln!(out, "## {mark} skykrav: {fail} fail, {unknown} unknown\n");
    let _ = writeln!(
        out,
        "{pass} pass · {fail} fail · {unknown} unknown · {na} n/a · {waived} waived — evaluated on {}; {}\n",
        run.today,
        threshold_words(run)
    );
    write_table(out, run, model);
    write_section(out, run, model, Outcome::Fail, "Failures");
    write_section(out, run, model, Outcome::Unknown, "Unknown");
    write_waived(out, run, model);
}

/// What fails the run, in words.
fn threshold_words(run: &CheckRun) -> String {
    let Some(severity) = run.fail_on.0 else {
        return "`fail_on = none`: nothing fails the run.".into();
    };
    let what = if run.allow_unknown {
        "a fail (unknowns allowed)"
    } else {
        "a fail or unknown"
    };
    format!("{what} at `{}` or above fails the run.", severity.as_str())
}

/// One row a vendor, one column an outcome.
fn write_table(out: &mut String, run: &CheckRun, model: &Model) {
    out.push_str("| vendor | pass | fail | unknown | n/a | waived |\n");
    out.push_str("| :-- | --: | --: | --: | --: | --: |\n");
    for findings in run.per_vendor() {
        let Some(vendor) = findings.first().and_then(|f| model.vendors.get(f.vendor)) else {
            continue;
        };
        let _ = write!(out, "| {} |", text(&vendor.id));
        for n in crate::project::outcome_counts(findings) {
            let _ = write!(out, " {n} |");
        }
        out.push('\n');
    }
    out.push('\n');
}

/// The fails or the unknowns: one `<details>` a vendor, its most severe
/// findings first, so that what blocks the run is read first.
fn write_section(out: &mut String, run: &CheckRun, model: &Model, outcome: Outcome, heading: &str) {
    let total = run
        .evaluation
        .findings
        .iter()
        .filter(|f| f.outcome == outcome)
        .count();
    if total == 0 {
        return;
    }
    let _ = writeln!(out, "### {heading}\n");
    let open = if total <= OPEN_UP_TO { " open" } else { "" };
    let mut omitted = 0;
    for of_vendor in run.per_vendor() {
        let Some(vendor) = of_vendor.first().and_then(|f| model.vendors.get(f.vendor)) else {
            continue;
        };
        let mut findings: Vec<&Finding> =
            of_vendor.iter().filter(|f| f.outcome == outcome).collect();
        if findings.is_empty() {
            continue;
        }
        if out.len() > BUDGET {
            omitted += findings.len();
            continue;
        }
        // A stable sort keeps the requirement order within a severity.
        findings.sort_by_key(|f| {
            model
                .requirements
                .get(f.requirement)
                .map(|r| std::cmp::Reverse(r.severity))
        });
        let blocking = findings
            .iter()
            .filter(|f| run.fails_the_run(model, f))
            .count();
        let blocking_words = match blocking {
            0 => String::new(),
            1 => " (1 fails the run)".to_string(),
            n => format!(" ({n} fail the run)"),
        };
        let _ = writeln!(
            out,
            "<details{open}><summary><b>{}</b> ({}): {} {}{blocking_words}</summary>\n",
            html(&vendor.id),
            html(&vendor.name),
            findings.len(),
            outcome.as_str()
        );
        for f in findings {
            if out.len() > BUDGET {
                omitted += 1;
                continue;
            }
            write_finding(out, run, model, vendor, f);
        }
        out.push_str("\n</details>\n\n");
    }
    write_omitted(out, omitted, outcome.as_str());
}

/// Says how many items the length budget left out, and where to see them.
fn write_omitted(out: &mut String, omitted: usize, what: &str) {
    if omitted > 0 {
        let _ = writeln!(
            out,
            "_{omitted} more {what} not shown, to keep this within GitHub's comment limit; `skykrav check` lists them all._\n"
        );
    }
}

/// One finding as a list item: requirement, severity and title, then its
/// evidence and help as nested items.
fn write_finding(out: &mut String, run: &CheckRun, model: &Model, vendor: &Vendor, f: &Finding) {
    let Some(req) = model.requirements.get(f.requirement) else {
        return;
    };
    let _ = writeln!(
        out,
        "- **{}** ({}): {}",
        text(&req.full_id),
        req.severity.as_str(),
        text(&req.title)
    );
    // For an unknown, the facts it read did not decide it: only what is
    // missing is shown.
    let ev = run.evidence(f);
    if f.outcome == Outcome::Fail {
        for u in &ev.fact_views(model, vendor) {
            let mut line = format!(
                "  - {} is {} at {}",
                code(&u.path),
                code(&u.value),
                code(&place(run, u.span))
            );
            if let Some(source) = &u.source {
                let _ = write!(line, " (evidence: {})", text(source));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    for m in &ev.missing {
        let _ = writeln!(
            out,
            "  - {} is {} at {}",
            code(&m.path(model)),
            prose(&missing_words(&m.reason)),
            code(&place(run, missing_span(m, vendor)))
        );
    }
    if let Some(help) = &req.help {
        let _ = writeln!(out, "  - Help: {}", prose(help));
    }
}

/// Waivers in force, folded: a reviewer checks them now and then, not on
/// every pull request.
fn write_waived(out: &mut String, run: &CheckRun, model: &Model) {
    let waived: Vec<&Finding> = run.waived().collect();
    if waived.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "### Waived\n\n<details><summary>{} waived</summary>\n",
        waived.len()
    );
    for f in waived {
        let (Some(vendor), Some(req)) = (
            model.vendors.get(f.vendor),
            model.requirements.get(f.requirement),
        ) else {
            continue;
        };
        let words = f
            .waiver
            .and_then(|w| model.waivers.get(w))
            .map(waiver_words)
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- **{}** {}: {}",
            text(&vendor.id),
            text(&req.full_id),
            text(&words)
        );
    }
    out.push_str("\n</details>\n\n");
}

/// Invalid input: the title says so, then every error.
fn write_invalid(out: &mut String, run: &CheckRun) {
    let errors: Vec<&Diagnostic> = run.diagnostics.iter().filter(|d| d.is_error()).collect();
    let n = errors.len();
    let _ = writeln!(out, "## ❌ skykrav: the input is invalid\n");
    let _ = writeln!(
        out,
        "{n} error{}; nothing was evaluated.\n",
        if n == 1 { "" } else { "s" }
    );
    for d in errors {
        write_diagnostic(out, run, d);
    }
    out.push('\n');
}

/// Warnings (expired waivers, stale facts, …), short.
fn write_warnings(out: &mut String, run: &CheckRun) {
    let warnings: Vec<&Diagnostic> = run.diagnostics_at(Level::Warning).collect();
    if warnings.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Warnings\n");
    let mut omitted = 0;
    for d in warnings {
        if out.len() > BUDGET {
            omitted += 1;
            continue;
        }
        write_diagnostic(out, run, d);
    }
    out.push('\n');
    write_omitted(out, omitted, "warnings");
}

/// `- **K1001** `file:line:col`: message`, with its help nested.
fn write_diagnostic(out: &mut String, run: &CheckRun, d: &Diagnostic) {
    let loc = d.location(&run.sources);
    let at = match (&loc.file, loc.line, loc.column) {
        (Some(file), Some(line), Some(col)) => {
            format!(" {}", code(&format!("{file}:{line}:{col}")))
        }
        (Some(file), _, _) => format!(" {}", code(file)),
        _ => String::new(),
    };
    let _ = writeln!(out, "- **{}**{at}: {}", d.code.as_str(), prose(&d.message));
    let _ = writeln!(out, "  - Help: {}", prose(d.help_text()));
}
