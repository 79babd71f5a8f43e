//! New files for a person to fill in: a whole project (`skykrav init`) and
//! a vendor with every fact of the schema as a placeholder (`skykrav new
//! vendor`). Nothing here overwrites a file.

pub mod json_schema;
pub mod template;

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Model;
use crate::source::Sources;
use crate::syntax::parse_source;
use crate::value::Date;
pub use json_schema::vendor_json_schema;
pub use template::{vendor_template, TemplateFormat};

/// The checked model of a bundled pack alone, for its schema.
pub fn pack_model(pack: &str) -> Option<Model> {
    let mut sources = Sources::new();
    let mut trees = Vec::new();
    for (path, text) in crate::packs::files(pack).filter(|(p, _)| !p.starts_with("tests/")) {
        let file = sources.add(crate::packs::display_name(pack, path), text);
        trees.extend(parse_source(file, text).0);
    }
    let mut diags = Diagnostics::new();
    crate::check::check_files(&trees, &[], &sources, &mut diags)
}

/// Whether `dir` already holds a project (or files that would be taken for
/// one).
fn holds_a_project(dir: &Path) -> Option<&'static str> {
    ["skykrav.toml", "policies", "vendors"]
        .into_iter()
        .find(|name| dir.join(name).exists())
}

/// The files of a new project on `pack`, dated `today`: (path, text).
pub fn init_files(pack: &str, today: Date) -> Result<Vec<(String, String)>, Diagnostic> {
    let known_pack = crate::packs::names().contains(&pack);
    let Some(model) = pack_model(pack).filter(|_| known_pack) else {
        let known = crate::packs::names();
        return Err(Diagnostic::error(
            Code::ConfigValue,
            format!("there is no bundled pack `{pack}`"),
        )
        .with_help(format!("the bundled packs are {}", known.join(", ")))
        .suggesting(pack, known.iter().copied()));
    };
    let needs = crate::packs::starter(pack, "needs.krav").unwrap_or("");
    let vendor = vendor_template(
        &model.schema,
        ("example-service", "Example cloud service"),
        today,
        TemplateFormat::Krav,
    );
    let requirement = model
        .requirements
        .iter()
        .find(|r| r.full_id.ends_with("R1.owner"))
        .or_else(|| model.requirements.first())
        .map(|r| r.full_id.clone())
        .unwrap_or_default();
    Ok(vec![
        ("skykrav.toml".into(), config(pack)),
        ("policies/needs.krav".into(), needs.to_string()),
        (
            "policies/waivers.krav".into(),
            WAIVERS.replace("REQUIREMENT", &requirement),
        ),
        ("vendors/example-service.krav".into(), vendor),
        (
            "tests/owner.krav".into(),
            TEST.replace("REQUIREMENT", &requirement),
        ),
        ("README.md".into(), README.replace("PACK", pack)),
    ])
}

/// Writes a new project into `dir` (made if missing); refuses a folder
/// that already holds one. The files written.
pub fn init(dir: &Path, pack: &str, today: Option<Date>) -> Result<Vec<PathBuf>, Diagnostic> {
    let today = today.unwrap_or_else(crate::project::system_today);
    if let Some(found) = holds_a_project(dir) {
        return Err(Diagnostic::error(
            Code::ProjectExists,
            format!("`{}` already holds a project (`{found}`)", dir.display()),
        )
        .with_path(dir.display().to_string()));
    }
    let files = init_files(pack, today)?;
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| crate::output::write_atomically(&path, |w| w.write_all(text.as_bytes())));
        if let Err(e) = result {
            return Err(crate::output::write_failure(&path, &e));
        }
        written.push(path);
    }
    Ok(written)
}

fn config(pack: &str) -> String {
    format!(
        r#"# A skykrav project: our cloud services checked against the bundled pack
# `{pack}` (read from inside the skykrav binary: a new version brings its
# updates) and any policies of our own in policies/.
packs = ["{pack}"]

# A high or critical requirement that fails, or that nobody can answer yet
# (unknown), fails `skykrav check`. Medium and low ones are reported only.
fail_on = "high"

# Evidence nobody has checked for two years reads as unknown.
max_fact_age = "730d"

# Uncomment to judge on a fixed day (reports then read the same every day).
# today = "2026-01-01"
"#
    )
}

const WAIVERS: &str = r#"// Waivers: a requirement that a vendor fails, accepted on purpose by
// someone who may accept the risk, until a date. An expired waiver stops
// applying (and warns), so the risk is looked at again.
//
// waiver "The example service's owner is being appointed" {
//   vendor example-service
//   requirement REQUIREMENT
//   expires 2027-01-31
//   approved_by "Our CEO, 2026-12-01 (management meeting, item 4)"
//   reason "The new IT manager starts in January and takes the service over."
// }
"#;

const TEST: &str = r#"// Tests of the requirements: each test is a small vendor and the outcome
// it must give. `skykrav test` runs them; add one for each rule of our own.

test "our first test: a service with a named cloud owner passes" {
  today 2026-11-27
  vendor { owner.name = "Ida Holm" }
  expect REQUIREMENT pass
}

test "our first test: a service without a cloud owner fails" {
  today 2026-11-27
  vendor { owner.name = "" }
  expect REQUIREMENT fail
}
"#;

const README: &str = r#"# Our cloud services, checked with skykrav

This project checks every cloud service we buy against the bundled pack
`PACK` (the Danish guide *Sikker køb og brug af cloud-tjenester*).

Next steps:

1. Set our own needs in `policies/needs.krav` (uptime, recovery times,
   review intervals): the values there are a starting point only.
2. Describe each service: `skykrav new vendor ID "NAME"` writes a file with
   every fact as a placeholder; fill in what you know, with its source.
   `vendors/example-service.krav` shows the form; delete it when you have
   your own.
3. Run `skykrav check` (unknowns are facts nobody has checked yet), and
   `skykrav explain ID` to see why a requirement has its outcome.
4. Accept a risk on purpose with a waiver (`policies/waivers.krav`), and
   test rules of our own (`tests/`, run with `skykrav test`).
5. Keep the files formatted with `skykrav fmt`, and run `skykrav check` in
   CI on every pull request.
"#;

/// Writes a vendor template for `id` ("`name`") into the project in `dir`
/// (`vendors/ID.EXT`): refuses an id that breaks the id grammar or is
/// taken, and a file that exists. The file written.
pub fn new_vendor(
    dir: &Path,
    (id, name): (&str, &str),
    format: TemplateFormat,
    today: Option<Date>,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let today = today.unwrap_or_else(crate::project::system_today);
    if !crate::syntax::is_item_id(id) {
        return Err(vec![Diagnostic::error(
            Code::Syntax,
            format!("`{id}` is not a vendor id"),
        )
        .with_help("an id starts with a letter and holds letters, digits, `_` and `-`, such as `microsoft-365`")]);
    }
    let run = crate::project::check_project(dir, &crate::project::CheckOptions::default());
    let errors: Vec<Diagnostic> = run
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.code != Code::NothingToCheck)
        .cloned()
        .collect();
    let Some(model) = run.model.as_ref().filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    if let Some(v) = model.vendors.iter().find(|v| v.id == id) {
        let place = run.sources.name(v.header.file).to_string();
        return Err(vec![Diagnostic::error(
            Code::DuplicateDeclaration,
            format!("the project already has a vendor `{id}` ({place})"),
        )
        .primary(v.header, "declared here")
        .with_help("choose another id, or fill in the vendor that is there")]);
    }
    let rel = format!("vendors/{id}.{}", format.extension());
    let path = dir.join(&rel);
    if path.exists() {
        return Err(vec![Diagnostic::error(
            Code::Io,
            format!("`{}` exists already; it is not overwritten", path.display()),
        )
        .with_path(rel)]);
    }
    let text = vendor_template(&model.schema, (id, name), today, format);
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| crate::output::write_atomically(&path, |w| w.write_all(text.as_bytes())));
    match written {
        Ok(()) => Ok(path),
        Err(e) => Err(vec![crate::output::write_failure(&path, &e)]),
    }
}
