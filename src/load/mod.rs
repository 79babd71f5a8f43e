//! Loading a project: `skykrav.toml`, discovery of files by glob in sorted
//! order, and reading each file by its kind (`.krav`, JSON, YAML, TOML).
//! An error in one file never stops the others from being read.

mod config;
mod data_vendor;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::data;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, Sources, Span};
use crate::syntax::ast::{Item, SourceAst};
use crate::syntax::parse_source;

pub use config::{parse_config, Config, FailOn, GlobSetting};
pub use data_vendor::is_slug;

/// Largest file skykrav reads.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Everything read from a project folder.
#[derive(Debug, Default)]
pub struct Loaded {
    pub root: PathBuf,
    pub sources: Sources,
    pub files: Vec<SourceAst>,
    pub config: Config,
}

/// Reads the project in `dir`. Problems go to `diags`; what could be read
/// is returned all the same.
pub fn load_project(dir: &Path, diags: &mut Diagnostics) -> Loaded {
    let mut loaded = Loaded {
        root: dir.to_path_buf(),
        ..Loaded::default()
    };
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        diags.push(
            Diagnostic::error(Code::NoProject, format!("`{}` {what}", dir.display()))
                .with_path(dir.display().to_string()),
        );
        return loaded;
    }
    let config_path = dir.join("skykrav.toml");
    if config_path.is_file() {
        if let Some((file, text)) =
            read_text(&config_path, "skykrav.toml", &mut loaded.sources, diags)
        {
            match parse_config(file, &text) {
                Ok(c) => loaded.config = c,
                Err(errors) => diags.extend(errors),
            }
        }
    }
    let patterns: Vec<&GlobSetting> = loaded
        .config
        .policies
        .iter()
        .chain(&loaded.config.vendors)
        .chain(&loaded.config.tests)
        .collect();
    let paths = discover(dir, &patterns, diags);
    if paths.is_empty() && loaded.config.packs.is_empty() && !diags.has_errors() {
        // A run that checks nothing must not pass quietly in CI.
        diags.push(
            Diagnostic::error(Code::NoProject, format!("no policy or vendor files found in `{}`", dir.display()))
                .with_path(dir.display().to_string())
                .with_help("put policies in `policies/` and vendors in `vendors/`, or list their globs in `skykrav.toml`"),
        );
    }
    for pack in &loaded.config.packs {
        for (path, text) in crate::packs::files(&pack.pattern) {
            let file = loaded
                .sources
                .add(crate::packs::display_name(&pack.pattern, path), text);
            let (ast, errors) = parse_source(file, text);
            diags.extend(errors);
            if let Some(ast) = ast {
                loaded.files.push(ast);
            }
        }
    }
    for rel in paths {
        let full = dir.join(&rel);
        let Some((file, text)) = read_text(&full, &rel, &mut loaded.sources, diags) else {
            continue;
        };
        let ext = rel.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "krav" => {
                let (ast, errors) = parse_source(file, &text);
                diags.extend(errors);
                if let Some(ast) = ast {
                    loaded.files.push(ast);
                }
            }
            "json" | "yaml" | "yml" | "toml" => {
                let parsed = match ext {
                    "json" => data::parse_json(file, &text),
                    "toml" => data::parse_toml(file, &text),
                    _ => data::parse_yaml(file, &text),
                };
                match parsed {
                    Ok(root) => {
                        let mut errors = Vec::new();
                        let vendors = data_vendor::vendors_from_data(root, ext != "toml", &mut errors);
                        diags.extend(errors);
                        loaded.files.push(SourceAst {
                            file,
                            items: vendors.into_iter().map(Item::Vendor).collect(),
                            comments: Vec::new(),
                        });
                    }
                    Err(e) => {
                        let code = match e.kind {
                            data::DataErrorKind::TooDeep => Code::TooDeep,
                            _ => Code::DataSyntax,
                        };
                        let (format, help) = match ext {
                            "json" => ("JSON", "JSON has no comments and no trailing commas; strings and keys take double quotes"),
                            "toml" => ("TOML", "see toml.io for TOML's syntax; strings take quotes, and a key is given once"),
                            _ => ("YAML", "YAML nests by indentation with spaces, not tabs; quote a value that holds `: ` or `#`"),
                        };
                        let mut d = Diagnostic::error(code, format!("`{rel}` is not valid {format}: {}", e.message))
                            .primary(e.span, "here");
                        if code == Code::DataSyntax {
                            d = d.with_help(help);
                        }
                        diags.push(d);
                    }
                }
            }
            _ => diags.push(
                Diagnostic::warning(Code::InvalidGlob, format!("`{rel}` is not a file skykrav reads; it is skipped"))
                    .with_path(rel.clone())
                    .with_help("skykrav reads `.krav`, `.json`, `.yaml`, `.yml` and `.toml` files; narrow the glob in `skykrav.toml`"),
            ),
        }
    }
    loaded
}

/// Finds the files the patterns name, as paths relative to `dir` with `/`,
/// sorted as bytes and without duplicates.
fn discover(dir: &Path, patterns: &[&GlobSetting], diags: &mut Diagnostics) -> Vec<String> {
    let mut found = BTreeSet::new();
    // Globbing from an absolute folder makes every match start with it, so
    // that `.` and `./x` give the same relative names as `x`.
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let dir = dir.as_path();
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    for setting in patterns {
        let pattern = &setting.pattern;
        let place = |d: Diagnostic| match setting.span {
            Some(span) => d.primary(span, "in this pattern"),
            None => d.with_path("skykrav.toml"),
        };
        if Path::new(pattern.as_str()).is_absolute()
            || pattern.split(['/', '\\']).any(|part| part == "..")
        {
            diags.push(place(
                Diagnostic::error(Code::InvalidGlob, format!("the pattern `{pattern}` reaches outside the project folder"))
                    .with_help("patterns are relative to the project folder and may not use `..` or absolute paths"),
            ));
            continue;
        }
        let escaped = glob::Pattern::escape(&dir.to_string_lossy());
        let full = format!("{escaped}/{pattern}");
        let entries = match glob::glob_with(&full, options) {
            Ok(entries) => entries,
            Err(e) => {
                diags.push(place(Diagnostic::error(
                    Code::InvalidGlob,
                    format!("`{pattern}` is not a valid glob pattern: {}", e.msg),
                )));
                continue;
            }
        };
        for entry in entries {
            match entry {
                Ok(path) => {
                    if path.is_file() {
                        if let Ok(rel) = path.strip_prefix(dir) {
                            found.insert(rel.to_string_lossy().replace('\\', "/"));
                        }
                    }
                }
                Err(e) => diags.push(
                    Diagnostic::error(
                        Code::Io,
                        format!("cannot read `{}`: {}", e.path().display(), e.error()),
                    )
                    .with_path(e.path().display().to_string()),
                ),
            }
        }
    }
    found.into_iter().collect()
}

/// Reads a file as UTF-8 text and registers it; a byte-order mark is
/// accepted (the grammar skips it), invalid UTF-8 is an error at its byte.
pub fn read_text(
    path: &Path,
    name: &str,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<(FileId, String)> {
    let io_error = |e: std::io::Error| {
        Diagnostic::error(Code::Io, format!("cannot read `{name}`: {e}"))
            .with_path(name.to_string())
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            diags.push(
                Diagnostic::error(
                    Code::TooLarge,
                    format!(
                        "`{name}` is {} bytes; skykrav reads files up to {MAX_FILE_BYTES} bytes",
                        m.len()
                    ),
                )
                .with_path(name.to_string()),
            );
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            diags.push(io_error(e));
            return None;
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(io_error(e));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let file = sources.add(name, text.as_str());
            Some((file, text))
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text has the same bytes up to `at`.
            let utf16 =
                e.as_bytes().starts_with(&[0xFF, 0xFE]) || e.as_bytes().starts_with(&[0xFE, 0xFF]);
            let file = sources.add(name, lossy.as_str());
            let mut d = Diagnostic::error(
                Code::NotUtf8,
                format!("`{name}` is not valid UTF-8 (first bad byte at offset {at})"),
            )
            .primary(
                Span::new(file, at, at + 1),
                format!("byte {at} is not UTF-8"),
            );
            if utf16 {
                d = d.with_help("the file starts like UTF-16 text; save it as UTF-8");
            }
            diags.push(d);
            None
        }
    }
}
