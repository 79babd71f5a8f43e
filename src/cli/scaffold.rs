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
