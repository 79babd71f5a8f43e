//! The report for people: a table of outcomes per vendor, then each fail
//! and unknown drawn by ariadne with labels in two files at once — the
//! `require` line of the policy and the vendor's fact.

use std::fmt::Write as _;

use ariadne::Color;

use crate::diagnostics::draw::{Canvas, Drawing};
use crate::diagnostics::{render_diagnostics, Diagnostic, Level};
use crate::eval::{Finding, MissingReason};
use crate::model::Model;
use crate::project::{CheckRun, Verdict};
use crate::vocabulary::Outcome;

#[derive(Clone, Copy, Debug, Default)]
pub struct HumanOptions {
    pub color: bool,
}

/// The accepted risks of this run, so that a reader sees who accepted
/// what, why, and until when, beside the outcomes they changed.
fn waivers_in_force(run: &CheckRun, model: &Model) -> String {
    let waived: Vec<&Finding> = run.waived().collect();
    if waived.is_empty() {
        return String::new();
    }
    let mut out = format!("waivers in force ({}):\n", waived.len());
    for f in waived {
        let Some(w) = f.waiver.and_then(|wi| model.waivers.get(wi)) else {
            continue;
        };
        let soon = if w.ends_soon(run.today, run.config.waiver_notice) {
            format!(", ends {}", w.ends_when(run.today))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {} · {} · \"{}\"",
            model.vendors[w.vendor].id, model.requirements[w.requirement].full_id, w.title
        );
        let _ = writeln!(
            out,
            "      until {}{soon} · approved by {} · covers a {}",
            w.expires,
            w.approved_by,
            f.unwaived.as_str()
        );
        let _ = writeln!(out, "      reason: {}", w.reason);
    }
    out.push('\n');
    out
}

/// The whole human report. With errors, it is the rendered errors alone.
pub fn render_human(run: &CheckRun, opts: HumanOptions) -> String {
    let mut out = String::new();
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = run
        .diagnostics
        .iter()
        .cloned()
        .partition(|d| d.level == Level::Error);
    let Some(model) = run.model.as_ref().filter(|_| errors.is_empty()) else {
        out.push_str(&render_capped(&run.diagnostics, run, opts, "diagnostics"));
        let n = errors.len();
        let _ = writeln!(
            out,
            "{} {n} error{} found; nothing was evaluated",
            paint("error:", Color::Red, opts.color),
            if n == 1 { "" } else { "s" }
        );
        return out;
    };

    let vendors: Vec<usize> = {
        let mut v: Vec<usize> = run.evaluation.findings.iter().map(|f| f.vendor).collect();
        v.dedup();
        v
    };
    let requirements: std::collections::BTreeSet<usize> = run
        .evaluation
        .findings
        .iter()
        .map(|f| f.requirement)
        .collect();
    let _ = writeln!(
        out,
        "skykrav check: {} vendor{} × {} requirement{}, today {}\n",
        vendors.len(),
        plural(vendors.len()),
        requirements.len(),
        plural(requirements.len()),
        run.today
    );

    // One canvas for all the drawings: a file's lines are found once.
    let mut canvas = Canvas::new(&run.sources, opts.color);
    let mut drawn = 0;
    let mut not_drawn = 0;
    for f in &run.evaluation.findings {
        if matches!(f.outcome, Outcome::Fail | Outcome::Unknown) {
            if drawn < MAX_DRAWN {
                out.push_str(&canvas.draw(&finding_drawing(run, model, f)));
                drawn += 1;
            } else {
                not_drawn += 1;
            }
        }
    }
    if not_drawn > 0 {
        let _ = writeln!(
            out,
            "… and {not_drawn} more fail and unknown findings, not drawn; `--format json` lists every one\n"
        );
    }

    if !warnings.is_empty() {
        out.push_str(&render_capped(&warnings, run, opts, "warnings"));
    }
    out.push_str(&waivers_in_force(run, model));

    // The table last, beside the verdict, where a reader of a long report
    // finds it without scrolling back: one row a vendor.
    let id_width = vendors
        .iter()
        .map(|v| model.vendors[*v].id.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(
        out,
        "  {:<id_width$}  {:>4}  {:>4}  {:>7}  {:>3}  {:>6}",
        "vendor", "pass", "fail", "unknown", "n/a", "waived"
    );
    for findings in run.per_vendor() {
        let Some(vi) = findings.first().map(|f| f.vendor) else {
            continue;
        };
        let counts = crate::project::outcome_counts(findings);
        let _ = writeln!(
            out,
            "  {:<id_width$}  {:>4}  {:>4}  {:>7}  {:>3}  {:>6}",
            model.vendors[vi].id, counts[0], counts[1], counts[2], counts[3], counts[4]
        );
    }
    out.push('\n');

    let [pass, fail, unknown, na, waived] = run.summary();
    let verdict = run.verdict();
    let threshold = match run.fail_on.0 {
        Some(s) => format!("at or above `{}`", s.as_str()),
        None => "(fail_on = none)".to_string(),
    };
    let status = match verdict {
        Verdict::Pass => paint("ok:", Color::Green, opts.color),
        _ => paint("failed:", Color::Red, opts.color),
    };
    let unknown_note = if run.allow_unknown {
        ", unknown allowed"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{status} {pass} pass, {fail} fail, {unknown} unknown, {na} n/a, {waived} waived; threshold {threshold}{unknown_note}; exit {}",
        verdict as i32
    );
    out
}

/// Most drawings of findings, and of diagnostics, in one human report: a
/// person reads the first ones; a machine reads `--format json`, which has
/// them all. Drawing costs a pass over the file, so this bound also keeps
/// a huge project's report fast.
const MAX_DRAWN: usize = 500;

/// Draws at most [`MAX_DRAWN`] diagnostics, and says how many more there are.
fn render_capped(diags: &[Diagnostic], run: &CheckRun, opts: HumanOptions, what: &str) -> String {
    let shown = diags.len().min(MAX_DRAWN);
    let mut out = render_diagnostics(&diags[..shown], &run.sources, opts.color);
    if diags.len() > shown {
        let _ = writeln!(
            out,
            "… and {} more {what}, not drawn; `--format json` lists every one\n",
            diags.len() - shown
        );
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn paint(text: &str, color: Color, on: bool) -> String {
    if on {
        use ariadne::Fmt;
        format!("{}", text.fg(color))
    } else {
        text.to_string()
    }
}

/// One fail or unknown, with marks in the policy and the vendor file.
fn finding_drawing(run: &CheckRun, model: &Model, f: &Finding) -> Drawing {
    let vendor = &model.vendors[f.vendor];
    let req = &model.requirements[f.requirement];
    let (word, color, require_note) = match f.outcome {
        Outcome::Fail => ("fail", Color::Red, "this requirement is false"),
        _ => (
            "unknown",
            Color::Yellow,
            "this requirement cannot be decided",
        ),
    };
    let title = format!(
        "{} · {} [{}] · {}",
        vendor.id,
        req.full_id,
        req.severity.as_str(),
        req.title
    );
    let mut drawing = Drawing::new(word, color, title).mark(
        req.decisive_span(f.decisive_require),
        Some(require_note.to_string()),
        color,
        0,
    );
    let ev = run.evidence(f);
    let facts = ev.fact_views(model, vendor);
    for (i, u) in facts.iter().enumerate() {
        let said = format!("`{}` is {}", u.path, u.value);
        drawing = drawing.mark(u.span, Some(said), Color::Cyan, i as i32 + 1);
    }
    let mut notes: Vec<String> = facts
        .iter()
        .filter_map(|u| {
            u.source
                .as_ref()
                .map(|s| format!("evidence for `{}`: {s}", u.path))
        })
        .collect();
    let mut not_stated = Vec::new();
    for m in &ev.missing {
        let path = m.path(model);
        match (&m.reason, m.span) {
            (MissingReason::NotStated, _) => not_stated.push(format!("`{path}`")),
            (reason, Some(span)) => {
                let said = format!("`{path}` is stale: {}", stale_words(reason));
                drawing = drawing.mark(span, Some(said), Color::Yellow, 0);
            }
            (reason, None) => notes.push(format!("`{path}` is stale: {}", stale_words(reason))),
        }
    }
    if !not_stated.is_empty() {
        let said = format!("states no {}", not_stated.join(", "));
        drawing = drawing.mark(vendor.header, Some(said), Color::Yellow, 0);
    }
    for n in notes {
        drawing = drawing.note(n);
    }
    drawing.help(req.help.clone())
}

fn stale_words(reason: &MissingReason) -> String {
    match reason {
        MissingReason::Expired(d) => format!("expired {d}"),
        MissingReason::TooOld(Some(d)) => format!("checked {d}, longer ago than max_fact_age"),
        MissingReason::TooOld(None) => "no `as_of` date, and max_fact_age is set".into(),
        MissingReason::NotStated => "not stated".into(),
    }
}
