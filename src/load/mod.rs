//! Loading a project: `skykrav.toml`, discovery of files by glob in sorted
//! order, and reading each file by its kind (`.krav`, JSON, YAML, TOML).
//! An error in one file never stops the others from being read.

mod config;
mod data_vendor;
mod git;
mod tree;

use std::path::{Path, PathBuf};

use crate::data;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::Sources;
use crate::syntax::ast::{Item, SourceAst};
use crate::syntax::parse_source;

pub use config::{parse_config, Config, FailOn, GlobSetting};
pub use data_vendor::is_slug;
pub use git::GitTree;
pub use tree::{discover, read_text, DiskTree, Tree};

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

/// Reads the project in the folder `dir` on disk.
pub fn load_project(dir: &Path, diags: &mut Diagnostics) -> Loaded {
    load_from(&DiskTree::new(dir), diags)
}

/// Reads the project held by `tree`: a folder on disk, or the same folder
/// as it was at a git revision. Problems go to `diags`; what could be read
/// is returned all the same.
pub fn load_from(tree: &dyn Tree, diags: &mut Diagnostics) -> Loaded {
    let mut loaded = Loaded {
        root: tree.root().to_path_buf(),
        ..Loaded::default()
    };
    if let Some(d) = tree.check_root() {
        diags.push(d);
        return loaded;
    }
    if tree.has_file("skykrav.toml") {
        if let Some((file, text)) = read_text(tree, "skykrav.toml", &mut loaded.sources, diags) {
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
    let paths = discover(tree, &patterns, diags);
    if paths.is_empty() && loaded.config.packs.is_empty() && !diags.has_errors() {
        // A run that checks nothing must not pass quietly in CI.
        let place = tree.describe();
        diags.push(
            Diagnostic::error(Code::NoProject, format!("no policy or vendor files found in {place}"))
                .with_path(place)
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
        let Some((file, text)) = read_text(tree, &rel, &mut loaded.sources, diags) else {
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
