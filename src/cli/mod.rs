//! Command-line parsing and output. Everything it does is a call into the
//! library; it only chooses formats, destinations and the exit status.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

mod codes;
mod explain;
mod fmt;
mod scaffold;

use skykrav::diagnostics::{render_diagnostics, Code, Diagnostic};
use skykrav::diff::diff_project;
use skykrav::output::{write_atomically, write_failure};
use skykrav::project::{check_project, CheckOptions, CheckRun, Verdict};
use skykrav::report::{
    render_coverage_human, render_coverage_json, render_diff_human, render_diff_json,
    render_diff_markdown, render_github, render_github_summary, render_gitlab, render_human,
    render_junit, render_markdown, render_test_run, write_json, write_sarif, HumanOptions,
};
use skykrav::source::Sources;
use skykrav::syntax::parse_date;
use skykrav::testing::{test_project, TestOptions};
use skykrav::value::Date;
use skykrav::vocabulary::FailOn;

/// Policy as code for buying and using cloud services safely.
///
/// skykrav checks every vendor of a project against every requirement of its
/// policies and reports, for each pair, pass, fail, unknown, n/a or waived.
#[derive(Parser, Debug)]
#[command(name = "skykrav", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a project and check every vendor against every requirement.
    ///
    /// Exit status: 0 when nothing at or above the fail threshold fails or
    /// is unknown, 1 when something does, 2 when the input is invalid.
    Check(CheckArgs),
    /// Run the project's `test` items: each inline vendor against the
    /// requirements, without waivers, compared with its `expect` lines.
    ///
    /// Prints one line per test and a closing `N passed, N failed` line.
    /// Exit status: 0 when every test passes, 1 when one fails, 2 when the
    /// input is invalid.
    Test(TestArgs),
    /// Show what a change does to the verdicts: the project as it is at a
    /// git revision against the project as it is now.
    ///
    /// The base is read through git, without touching the working tree or
    /// the index; both sides are judged on the same day. Exit status: 0
    /// when nothing newly fails or becomes unknown at or above the fail
    /// threshold, 1 when something does, 2 when the comparison cannot be
    /// made (not a git repository, an unknown revision, invalid input).
    Diff(DiffArgs),
    /// Format `.krav` files in the one canonical layout, keeping every
    /// comment.
    ///
    /// A file with a syntax error is reported and left as it was. Exit
    /// status: 0 when done (with `--check`: when nothing would change), 1
    /// with `--check` when a file would change, 2 when a file cannot be
    /// read or parsed.
    Fmt(fmt::FmtArgs),
    /// List the diagnostic codes, or explain one (`skykrav codes K1001`):
    /// what the rule is, why it exists, how to meet it, and a project that
    /// gives the code next to one that does not.
    Codes(codes::CodesArgs),
    /// Explain why each requirement has its outcome for one vendor.
    ///
    /// For each requirement: the guard and each `require` as a tree of
    /// sub-expressions with the value each took (three-valued), the
    /// element that decided a quantifier, every fact read with its place,
    /// source and dates, the facts missing or stale, and the waiver
    /// considered. Exit status: 0, or 2 when the project has errors or the
    /// vendor or requirement does not exist.
    Explain(explain::ExplainArgs),
    /// Make a new project: skykrav.toml on a bundled pack, our needs with
    /// starting values, a vendor template, a waiver example, a test and a
    /// README of the next steps. `skykrav check` works on it at once.
    Init(scaffold::InitArgs),
    /// Make a new file to fill in.
    #[command(subcommand)]
    New(scaffold::NewCommand),
    /// Write, for each vendor, the facts its requirements need that are
    /// missing or stale, as questions to send: `.xlsx`, `.csv` or `.md`.
    Questionnaire(scaffold::QuestionnaireArgs),
    /// Describe the project's data vendor files as a JSON Schema, so that
    /// editors validate and complete them.
    Schema(scaffold::SchemaArgs),
    /// Run the language server on standard input and output (for editors:
    /// diagnostics, hover, definition, references, completion, symbols,
    /// formatting, and each requirement's outcomes as a code lens).
    Lsp,
}

#[derive(clap::Args, Debug)]
struct DiffArgs {
    /// The git revision to compare with: a commit, branch or tag.
    #[arg(long, value_name = "REV")]
    base: String,

    /// The project folder, inside a git repository.
    #[arg(default_value = ".")]
    dir: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,

    /// Write the report to FILE instead of standard output (atomically).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,

    #[command(flatten)]
    run: RunArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// The changed verdicts, grouped by kind of change.
    Human,
    /// The changes as JSON.
    Json,
    /// A table for a pull-request comment.
    Markdown,
}

#[derive(clap::Args, Debug)]
struct TestArgs {
    /// The project folder.
    #[arg(default_value = ".")]
    dir: PathBuf,

    /// The evaluation date (YYYY-MM-DD); beats `today` in skykrav.toml. A
    /// test that states its own `today` is evaluated on that date.
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    today: Option<Date>,

    /// Also run the tests of the bundled packs that the project loads
    /// (`packs` in skykrav.toml). They are the pack's own, and give the
    /// same outcomes in every project, so they do not run by default.
    #[arg(long)]
    packs: bool,

    /// After the tests, show for each requirement the outcomes its tests
    /// produced, whether its guard was seen true and false, and which
    /// `require` lines decided; list the requirements without a failing
    /// test and without any test.
    #[arg(long)]
    coverage: bool,

    /// The coverage report's format (with `--coverage`).
    #[arg(long, value_enum, default_value_t = CoverageFormat::Human, requires = "coverage")]
    format: CoverageFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum CoverageFormat {
    /// The test lines, then the coverage table.
    Human,
    /// The coverage as JSON, with the count of passed and failed tests.
    Json,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// The project folder (holds `skykrav.toml`, or `policies/` and `vendors/`).
    #[arg(default_value = ".")]
    dir: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Write the report to FILE instead of standard output (atomically: an
    /// existing file is replaced only by a complete report).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,

    #[command(flatten)]
    run: RunArgs,
}

/// What `check` and `diff` share: the date, the threshold and the filters.
#[derive(clap::Args, Debug)]
struct RunArgs {
    /// The evaluation date (YYYY-MM-DD); beats `today` in skykrav.toml.
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    today: Option<Date>,

    /// Lowest severity that fails the run: critical, high, medium, low or none.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_fail_on)]
    fail_on: Option<FailOn>,

    /// Do not fail the run for outcomes that are unknown.
    #[arg(long)]
    allow_unknown: bool,

    /// Only vendors whose id matches this glob.
    #[arg(long, value_name = "GLOB", value_parser = parse_glob)]
    vendor: Option<glob::Pattern>,

    /// Only requirements whose full id (POLICY/REQUIREMENT) matches this glob.
    #[arg(long, value_name = "GLOB", value_parser = parse_glob)]
    requirement: Option<glob::Pattern>,
}

impl RunArgs {
    fn options(&self) -> CheckOptions {
        CheckOptions {
            today: self.today,
            fail_on: self.fail_on,
            allow_unknown: self.allow_unknown,
            vendor_filter: self.vendor.clone(),
            requirement_filter: self.requirement.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A summary table and drawings of each fail and unknown.
    Human,
    /// The stable JSON report of the language reference.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, …).
    Sarif,
    /// JUnit XML: a test suite per vendor, a test case per requirement.
    Junit,
    /// Markdown, for a pull-request comment or a job summary.
    Markdown,
    /// GitHub Actions workflow commands (annotations on the changed lines).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
}

fn parse_today(s: &str) -> Result<Date, String> {
    let span = skykrav::source::Span::default();
    parse_date(s, span).map_err(|d| {
        let why = d
            .labels
            .first()
            .and_then(|l| l.message.clone())
            .unwrap_or_default();
        format!("{} ({why})", d.message)
    })
}

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    FailOn::parse(s).ok_or_else(|| {
        format!(
            "`{s}` is not a threshold: use critical, high, medium, low or none (info never fails)"
        )
    })
}

fn parse_glob(s: &str) -> Result<glob::Pattern, String> {
    skykrav::pattern::compile(s).map_err(|why| format!("`{s}` is not a glob pattern: {why}"))
}

/// Colour only for a terminal, and never when `NO_COLOR` is set.
fn use_color(to_terminal: bool) -> bool {
    to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => Verdict::Invalid as i32,
            };
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Test(args) => test(args),
        Command::Diff(args) => diff(args),
        Command::Fmt(args) => fmt::fmt(args),
        Command::Codes(args) => codes::codes(args),
        Command::Explain(args) => explain::explain(args),
        Command::Init(args) => scaffold::init_command(args),
        Command::Schema(args) => scaffold::schema_command(args),
        Command::Questionnaire(args) => scaffold::questionnaire_command(args),
        Command::New(command) => scaffold::new_command(command),
        Command::Lsp => match skykrav::lsp::run_stdio() {
            Ok(()) => 0,
            Err(e) => {
                to_stderr(&format!("error: the language server stopped: {e}\n"));
                Verdict::Invalid as i32
            }
        },
    }
}

fn diff(args: DiffArgs) -> i32 {
    let opts = args.run.options();
    let run = diff_project(&args.dir, &args.base, &opts);
    let verdict = run.verdict();
    let report = match args.format {
        DiffFormat::Json => render_diff_json(&run),
        DiffFormat::Markdown => render_diff_markdown(&run),
        DiffFormat::Human if verdict == Verdict::Invalid => {
            to_stderr(&render_diff_human(
                &run,
                use_color(std::io::stderr().is_terminal()),
            ));
            return verdict as i32;
        }
        DiffFormat::Human => {
            let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
            render_diff_human(&run, use_color(to_terminal))
        }
    };
    emit(&report, args.output.as_deref()).status(verdict)
}

fn test(args: TestArgs) -> i32 {
    let opts = TestOptions {
        packs: args.packs,
        coverage: args.coverage,
    };
    let run = test_project(&args.dir, args.today, opts);
    let color = use_color(std::io::stderr().is_terminal());
    if run.invalid() {
        to_stderr(&render_diagnostics(&run.diagnostics, &run.sources, color));
        to_stderr("error: the project has errors; no test was run\n");
        return Verdict::Invalid as i32;
    }
    let mut out = String::new();
    if args.format == CoverageFormat::Human {
        out = render_test_run(&run, use_color(std::io::stdout().is_terminal()));
    }
    if let (Some(model), Some(cov)) = (&run.model, &run.coverage) {
        match args.format {
            CoverageFormat::Human => {
                out.push('\n');
                out.push_str(&render_coverage_human(&run, model, cov));
            }
            CoverageFormat::Json => out = render_coverage_json(&run, model, cov),
        }
    }
    let verdict = if run.failed() > 0 {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    to_stdout(&out).status(verdict)
}

fn check(args: CheckArgs) -> i32 {
    let run = check_project(&args.dir, &args.run.options());
    let status = report(&run, &args);
    // The process ends now and its memory goes back to the system whole:
    // freeing a large project's model piece by piece would only take time.
    std::mem::forget(run);
    status
}

/// Writes the report `args` ask for; the exit status.
fn report(run: &CheckRun, args: &CheckArgs) -> i32 {
    let verdict = run.verdict();
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let report = match args.format {
        Format::Json | Format::Sarif => {
            // Streamed: a large project's report is never held whole.
            let written = emit_with(args.output.as_deref(), |w| match args.format {
                Format::Sarif => write_sarif(run, w),
                _ => write_json(run, w),
            });
            return written.status(verdict);
        }
        Format::Junit => render_junit(run),
        Format::Markdown => render_markdown(run),
        Format::Github => {
            append_step_summary(|| render_github_summary(run));
            render_github(run)
        }
        Format::Gitlab => render_gitlab(run),
        Format::Human if verdict == Verdict::Invalid => {
            // Errors go to standard error, as a compiler's do.
            let text = render_human(
                run,
                HumanOptions {
                    color: use_color(std::io::stderr().is_terminal()),
                },
            );
            to_stderr(&text);
            return verdict as i32;
        }
        Format::Human => render_human(
            run,
            HumanOptions {
                color: use_color(to_terminal),
            },
        ),
    };
    emit(&report, args.output.as_deref()).status(verdict)
}

/// In a GitHub Actions job, the job summary says how many findings the
/// annotations hold, since GitHub shows only some of them. A summary that
/// cannot be written is no reason to fail the check.
fn append_step_summary(render: impl FnOnce() -> String) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let text = render();
    if text.is_empty() {
        return;
    }
    let file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path);
    if let Ok(mut file) = file {
        let _ = file.write_all(text.as_bytes());
    }
}

/// How writing a report ended.
enum Written {
    /// All of it reached its destination.
    Whole,
    /// Standard output was closed by its reader (`skykrav check | head`):
    /// the reader has what it wanted, so the run ends quietly, with 0, as
    /// cargo and ripgrep do.
    ReaderGone,
    /// The report could not be written; the reason is on standard error.
    Failed,
}

impl Written {
    /// The exit status of a run whose report was written so.
    fn status(self, verdict: Verdict) -> i32 {
        match self {
            Written::Whole => verdict as i32,
            Written::ReaderGone => Verdict::Pass as i32,
            Written::Failed => Verdict::Invalid as i32,
        }
    }

    fn of_stdout(result: std::io::Result<()>) -> Written {
        match result {
            Ok(()) => Written::Whole,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Written::ReaderGone,
            Err(e) => {
                let d = Diagnostic::error(
                    Code::Io,
                    format!("cannot write the report to standard output: {e}"),
                )
                .with_help("write the report to a file with `--output FILE`");
                to_stderr(&render_diagnostics(
                    &[d],
                    &Sources::new(),
                    use_color(std::io::stderr().is_terminal()),
                ));
                Written::Failed
            }
        }
    }
}

/// Writes text to standard error; a closed standard error is no reason to
/// stop, and no reason to panic as `eprint!` would.
fn to_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes text to standard output, in one go.
fn to_stdout(text: &str) -> Written {
    let mut out = std::io::stdout().lock();
    Written::of_stdout(out.write_all(text.as_bytes()).and_then(|_| out.flush()))
}

/// Writes a report to `output` (atomically) or to standard output; a
/// failure is reported on standard error.
fn emit(report: &str, output: Option<&Path>) -> Written {
    emit_with(output, |w| w.write_all(report.as_bytes()))
}

/// Streams a report through `write` to `output` (a temporary file renamed
/// into place, so that a failure never leaves a half-written report) or to
/// standard output.
fn emit_with(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Written {
    match output {
        Some(path) => match write_atomically(path, write) {
            Ok(()) => Written::Whole,
            Err(e) => {
                to_stderr(&render_diagnostics(
                    &[write_failure(path, &e)],
                    &Sources::new(),
                    use_color(std::io::stderr().is_terminal()),
                ));
                Written::Failed
            }
        },
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            Written::of_stdout(write(&mut out).and_then(|_| out.flush()))
        }
    }
}
