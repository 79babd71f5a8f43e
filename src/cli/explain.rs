//! `skykrav explain VENDOR [REQUIREMENT] [DIR]`: why each requirement has
//! its outcome for one vendor.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::ValueEnum;
use skykrav::diagnostics::render_diagnostics;
use skykrav::project::{check_project, CheckOptions, Verdict};
use skykrav::report::{
    explanations, render_explain_human, render_explain_json, select_for_explain,
};
use skykrav::value::Date;

use super::{parse_today, to_stderr, to_stdout, use_color};

#[derive(clap::Args, Debug)]
pub(crate) struct ExplainArgs {
    /// The vendor's id.
    vendor: String,

    /// The requirement (`POLICY/REQUIREMENT`, its id alone, or a glob of
    /// full ids), then the project folder; both optional. With one of the
    /// two, an existing folder is the project and anything else the
    /// requirement.
    #[arg(num_args = 0..=2, value_name = "REQUIREMENT] [DIR")]
    rest: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
    format: ExplainFormat,

    /// The evaluation date (YYYY-MM-DD); beats `today` in skykrav.toml.
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    today: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ExplainFormat {
    /// Trees of sub-expressions with their values, for people.
    Human,
    /// The same as JSON.
    Json,
}

pub(crate) fn explain(args: ExplainArgs) -> i32 {
    let (requirement, dir) = match args.rest.as_slice() {
        [] => (None, PathBuf::from(".")),
        [one] if PathBuf::from(one).is_dir() => (None, PathBuf::from(one)),
        [one] => (Some(one.clone()), PathBuf::from(".")),
        [req, dir, ..] => (Some(req.clone()), PathBuf::from(dir)),
    };
    let opts = CheckOptions {
        today: args.today,
        ..CheckOptions::default()
    };
    let run = check_project(&dir, &opts);
    let color = use_color(std::io::stderr().is_terminal());
    if !run.is_valid() {
        to_stderr(&render_diagnostics(&run.diagnostics, &run.sources, color));
        to_stderr("error: the project has errors; nothing was explained\n");
        return Verdict::Invalid as i32;
    }
    match select_for_explain(&run, &args.vendor, requirement.as_deref()) {
        Ok((vendor, requirements)) => {
            let list = explanations(&run, vendor, &requirements);
            let text = match args.format {
                ExplainFormat::Human => render_explain_human(&list),
                ExplainFormat::Json => render_explain_json(&list),
            };
            let _ = to_stdout(&text);
            Verdict::Pass as i32
        }
        Err(d) => {
            to_stderr(&render_diagnostics(&[d], &run.sources, color));
            Verdict::Invalid as i32
        }
    }
}
