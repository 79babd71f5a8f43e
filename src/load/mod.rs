//! Loading a project: `skykrav.toml`, discovery of files by glob in sorted
//! order, and reading each file by its kind (`.krav`, JSON, YAML, TOML).
//! An error in one file never stops the others from being read.

mod config;
mod git;
mod mem_tree;
mod tree;

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use rayon::prelude::*;

use crate::source::{FileId, Sources};
use crate::syntax::ast::SourceAst;
use crate::syntax::{is_plain_vendor_file, parse_source};
use crate::vendor::{DataFile, DataFormat};

pub(crate) use config::parse_config;
pub use config::{Config, GlobSetting, DEFAULT_WAIVER_NOTICE};
pub use git::GitTree;
pub use mem_tree::{MemTree, FILE_MARK};
pub(crate) use tree::names_matching;
pub(crate) use tree::{discover, read_file, read_text, register, ReadOutcome};
pub use tree::{DiskTree, Tree, MATCH};

pub use crate::limits::MAX_FILE_BYTES;

/// Everything read from a project folder.
#[derive(Debug, Default)]
pub struct Loaded {
    pub root: PathBuf,
    pub sources: Sources,
    pub files: Vec<SourceAst>,
    /// Vendors written as data (and `.krav` files of plain vendors), read
    /// by the checker once the schema is known, so that no file's tree
    /// outlives its conversion.
    pub data_files: Vec<DataFile>,
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
    let paths = discover(tree, &patterns, loaded.config.allow_outside_project, diags);
    if paths.is_empty() && loaded.config.packs.is_empty() && !diags.has_errors() {
        // A run that checks nothing must not pass quietly in CI.
        let place = tree.describe();
        diags.push(
            Diagnostic::error(Code::NoProject, format!("no policy or vendor files found in {place}"))
                .with_path(tree.root().display().to_string())
                .with_help("put policies in `policies/` and vendors in `vendors/`, or list their globs in `skykrav.toml`"),
        );
    }
    let mut krav: Vec<(FileId, std::sync::Arc<str>)> = Vec::new();
    for pack in &loaded.config.packs {
        for (path, text) in crate::packs::files(&pack.pattern) {
            let file = loaded
                .sources
                .add(crate::packs::display_name(&pack.pattern, path), text);
            krav.push((file, std::sync::Arc::from(text)));
        }
    }
    // Files are read on every core; ids are given in discovery order, so
    // the result does not depend on which thread finished first.
    let read: Vec<(String, ReadOutcome)> = paths
        .into_par_iter()
        .map(|rel| {
            let outcome = read_file(tree, &rel);
            (rel, outcome)
        })
        .collect();
    for (rel, outcome) in read {
        let Some(file) = register(&rel, outcome, &mut loaded.sources, diags) else {
            continue;
        };
        let Some(text) = loaded.sources.get(file).map(|f| f.text.clone()) else {
            continue;
        };
        let ext = rel.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "krav" => krav.push((file, text)),
            "json" => loaded.data_files.push(DataFile { file, format: DataFormat::Json }),
            "yaml" | "yml" => loaded.data_files.push(DataFile { file, format: DataFormat::Yaml }),
            "toml" => loaded.data_files.push(DataFile { file, format: DataFormat::Toml }),
            _ => diags.push(
                Diagnostic::warning(Code::InvalidGlob, format!("`{rel}` is not a file skykrav reads; it is skipped"))
                    .with_path(rel.clone())
                    .with_help("skykrav reads `.krav`, `.json`, `.yaml`, `.yml` and `.toml` files; narrow the glob in `skykrav.toml`"),
            ),
        }
    }
    // Files of plain vendors are left for the checker, like JSON vendors:
    // read once the schema is known, one at a time, so that no vendor's
    // tree is held longer than its conversion. The rest are parsed now.
    let parsed: Vec<_> = krav
        .into_par_iter()
        .map(|(file, text)| {
            if is_plain_vendor_file(&text) {
                Err(DataFile {
                    file,
                    format: DataFormat::PlainKrav,
                })
            } else {
                Ok(parse_source(file, &text))
            }
        })
        .collect();
    for parsed in parsed {
        match parsed {
            Ok((ast, errors)) => {
                diags.extend(errors);
                loaded.files.extend(ast);
            }
            Err(later) => loaded.data_files.push(later),
        }
    }
    loaded
}
