//! `skykrav init` and `skykrav new vendor`: files for a person to fill in.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use skykrav::diagnostics::render_diagnostics;
use skykrav::project::Verdict;
use skykrav::scaffold::{init, new_vendor, TemplateFormat};
use skykrav::source::Sources;
use skykrav::value::Date;

use super::{parse_today, to_stderr, use_color};

#[derive(clap::Args, Debug)]
pub(crate) struct InitArgs {
    /// The folder of the new project (made if missing; it must not hold a
    /// project already).
    #[arg(default_value = ".")]
    dir: PathBuf,

    /// The bundled pack the project checks against.
    #[arg(long, default_value = "dk-cloud-guide")]
    pack: String,

    /// The date written as the template vendor's `as_of` (YYYY-MM-DD);
    /// today by default.
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    today: Option<Date>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum NewCommand {
    /// A vendor file with every fact of the project's schema as a
    /// commented-out placeholder, with its description, type and allowed
    /// values (`vendors/ID.krav`, or `.yaml`/`.toml`).
    Vendor(NewVendorArgs),
}

#[derive(clap::Args, Debug)]
pub(crate) struct NewVendorArgs {
    /// The vendor's id, such as `microsoft-365`.
    id: String,
    /// The vendor's name, such as "Microsoft 365".
    name: String,
    /// The project folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The file's format.
    #[arg(long, value_enum, default_value_t = VendorFormat::Krav)]
    format: VendorFormat,
    /// The date written as the vendor's `as_of` (YYYY-MM-DD); today by default.
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    today: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum VendorFormat {
    /// skykrav's own language.
    Krav,
    /// YAML, with `#` comments.
    Yaml,
    /// TOML, with `#` comments.
    Toml,
    /// JSON has no comments to hold placeholders: refused, with advice.
    Json,
}

pub(crate) fn init_command(args: InitArgs) -> i32 {
    let color = use_color(std::io::stderr().is_terminal());
    match init(&args.dir, &args.pack, args.today) {
        Ok(files) => {
            let names: Vec<String> = files
                .iter()
                .map(|p| p.strip_prefix(&args.dir).unwrap_or(p).display().to_string())
                .collect();
            to_stderr(&format!(
                "created {}: {}\nnext: read {}/README.md, then run `skykrav check {}`\n",
                args.dir.display(),
                names.join(", "),
                args.dir.display(),
                args.dir.display()
            ));
            Verdict::Pass as i32
        }
        Err(d) => {
            to_stderr(&render_diagnostics(&[d], &Sources::new(), color));
            Verdict::Invalid as i32
        }
    }
}

pub(crate) fn new_command(command: NewCommand) -> i32 {
    let NewCommand::Vendor(args) = command;
    let color = use_color(std::io::stderr().is_terminal());
    let format = match args.format {
        VendorFormat::Krav => TemplateFormat::Krav,
        VendorFormat::Yaml => TemplateFormat::Yaml,
        VendorFormat::Toml => TemplateFormat::Toml,
        VendorFormat::Json => {
            to_stderr("error: a JSON file has no comments, so it cannot hold placeholders to fill in\n\n  help: write the template as `--format yaml` (YAML is a superset of JSON) or `--format krav`, or write the JSON file yourself with the fact paths of `skykrav new vendor ID NAME --format yaml`\n");
            return Verdict::Invalid as i32;
        }
    };
    match new_vendor(&args.dir, (&args.id, &args.name), format, args.today) {
        Ok(path) => {
            to_stderr(&format!(
                "created {}: fill in what you know, with its source\n",
                path.display()
            ));
            Verdict::Pass as i32
        }
        Err(diags) => {
            // The project's own errors are drawn with its files.
            let run = skykrav::project::check_project(&args.dir, &Default::default());
            to_stderr(&render_diagnostics(&diags, &run.sources, color));
            Verdict::Invalid as i32
        }
    }
}

#[derive(clap::Args, Debug)]
pub(crate) struct SchemaArgs {
    /// The project folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// What to write: a JSON Schema (draft 2020-12) of the project's data
    /// vendor files (JSON and YAML), for editors to validate and complete
    /// them.
    #[arg(long, value_enum)]
    format: SchemaFormat,
    /// Write it to FILE instead of standard output (atomically).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SchemaFormat {
    /// JSON Schema, draft 2020-12.
    JsonSchema,
}

pub(crate) fn schema_command(args: SchemaArgs) -> i32 {
    let SchemaFormat::JsonSchema = args.format;
    let run = skykrav::project::check_project(&args.dir, &Default::default());
    let color = use_color(std::io::stderr().is_terminal());
    let errors: Vec<_> = run
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.code != skykrav::diagnostics::Code::NothingToCheck)
        .cloned()
        .collect();
    let Some(model) = run.model.as_ref().filter(|_| errors.is_empty()) else {
        to_stderr(&render_diagnostics(&errors, &run.sources, color));
        return Verdict::Invalid as i32;
    };
    let title = format!(
        "Vendor file of the skykrav project `{}`",
        args.dir.display()
    );
    let schema = skykrav::scaffold::vendor_json_schema(&model.schema, &title);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    super::emit(&text, args.output.as_deref()).status(Verdict::Pass)
}

#[derive(clap::Args, Debug)]
pub(crate) struct QuestionnaireArgs {
    /// The project folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Only vendors whose id matches this glob.
    #[arg(long, value_name = "GLOB", value_parser = super::parse_glob)]
    vendor: Option<glob::Pattern>,
    /// Ask for every fact, not only those that applicable requirements need
    /// and that are missing or stale.
    #[arg(long)]
    all: bool,
    /// The file to write: `.xlsx` (a sheet a vendor, drop-downs, protected
    /// keys), `.csv` or `.md`.
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
    /// The evaluation date (YYYY-MM-DD), which decides what is stale.
    #[arg(long, value_name = "DATE", value_parser = parse_today)]
    today: Option<Date>,
}

pub(crate) fn questionnaire_command(args: QuestionnaireArgs) -> i32 {
    use skykrav::questionnaire::{questionnaires, write, xlsx};
    let color = use_color(std::io::stderr().is_terminal());
    let ext = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !["xlsx", "csv", "md"].contains(&ext.as_str()) {
        to_stderr(&format!(
            "error: `{}` names no questionnaire format\n\n  help: end the file name with .xlsx, .csv or .md\n",
            args.output.display()
        ));
        return Verdict::Invalid as i32;
    }
    let opts = skykrav::project::CheckOptions {
        today: args.today,
        ..Default::default()
    };
    let run = skykrav::project::check_project(&args.dir, &opts);
    if !run.is_valid() {
        to_stderr(&render_diagnostics(&run.diagnostics, &run.sources, color));
        to_stderr("error: the project has errors; no questionnaire was written\n");
        return Verdict::Invalid as i32;
    }
    let list = questionnaires(&run, args.vendor.as_ref(), args.all);
    if list.is_empty() {
        let ids: Vec<&str> = run
            .model
            .iter()
            .flat_map(|m| m.vendors.iter().map(|v| v.id.as_str()))
            .collect();
        let asked = args
            .vendor
            .as_ref()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default();
        let d = skykrav::diagnostics::Diagnostic::error(
            skykrav::diagnostics::Code::NothingToCheck,
            format!("no vendor matches `{asked}`"),
        )
        .with_help(format!("the vendors are {}", ids.join(", ")))
        .suggesting(&asked, ids.iter().copied());
        to_stderr(&render_diagnostics(&[d], &run.sources, color));
        return Verdict::Invalid as i32;
    }
    let bytes = match ext.as_str() {
        "csv" => write::to_csv(&list).into_bytes(),
        "md" => write::to_markdown(&list).into_bytes(),
        _ => match xlsx::to_xlsx(&list, run.today) {
            Ok(b) => b,
            Err(e) => {
                to_stderr(&format!("error: the workbook could not be made: {e}\n"));
                return Verdict::Invalid as i32;
            }
        },
    };
    let written = skykrav::output::write_atomically(&args.output, |w| w.write_all(&bytes));
    if let Err(e) = written {
        let d = skykrav::output::write_failure(&args.output, &e);
        to_stderr(&render_diagnostics(&[d], &Sources::new(), color));
        return Verdict::Invalid as i32;
    }
    let questions: usize = list.iter().map(|q| q.rows.len()).sum();
    to_stderr(&format!(
        "wrote {}: {questions} questions for {} vendors\n",
        args.output.display(),
        list.len()
    ));
    Verdict::Pass as i32
}
