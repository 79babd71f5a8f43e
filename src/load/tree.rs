//! Where a project's files come from: a folder on disk, or (for `skykrav
//! diff`) the same folder at a git revision. Discovery and reading go
//! through [`Tree`], so both are loaded by the same code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{GlobSetting, MAX_FILE_BYTES};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, Sources, Span};

/// A project's files, addressed by paths relative to the project folder,
/// with `/` as the separator.
pub trait Tree: Sync {
    /// The project folder as given.
    fn root(&self) -> &Path;
    /// How the project is named in messages: "`dir`", "`dir` at HEAD".
    fn describe(&self) -> String;
    /// Why the folder cannot be read as a project, if it cannot.
    fn check_root(&self) -> Option<Diagnostic>;
    fn has_file(&self, rel: &str) -> bool;
    /// The size of a file, if it can be told without reading it.
    fn size(&self, rel: &str) -> Option<u64>;
    fn read(&self, rel: &str) -> std::io::Result<Vec<u8>>;
    /// Every file whose relative path matches one of the patterns.
    fn matching(&self, patterns: &[glob::Pattern], diags: &mut Diagnostics) -> BTreeSet<String>;
    /// The project folder relative to the top of its git repository, with
    /// a trailing `/` (empty at the top, or outside git): code-scanning
    /// platforms name files from the repository's top.
    fn repo_prefix(&self) -> String;
}

/// How patterns match: `*` stays within a folder, `**` crosses folders,
/// and hidden files are matched only by a pattern that names the dot.
pub const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: true,
};

/// Finds the files the patterns name, sorted as bytes and without
/// duplicates; patterns that are invalid or leave the project folder are
/// errors at their place in `skykrav.toml`.
pub fn discover(
    tree: &dyn Tree,
    patterns: &[&GlobSetting],
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut valid = Vec::new();
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
                Diagnostic::error(
                    Code::InvalidGlob,
                    format!("the pattern `{pattern}` reaches outside the project folder"),
                )
                .with_help("patterns are relative to the project folder and may not use `..` or absolute paths"),
            ));
            continue;
        }
        match glob::Pattern::new(pattern) {
            Ok(p) => valid.push(p),
            Err(e) => diags.push(place(Diagnostic::error(
                Code::InvalidGlob,
                format!("`{pattern}` is not a valid glob pattern: {}", e.msg),
            ))),
        }
    }
    tree.matching(&valid, diags).into_iter().collect()
}

/// What reading one file gave, before it is registered.
pub enum ReadOutcome {
    Text(String),
    /// Not UTF-8: the text with replacement characters, the first bad byte,
    /// and whether it starts like UTF-16.
    NotUtf8 {
        lossy: String,
        at: usize,
        utf16: bool,
    },
    Failed(Diagnostic),
}

/// Reads a file; safe to call from many threads at once.
pub fn read_file(tree: &dyn Tree, rel: &str) -> ReadOutcome {
    let too_large = |len: u64| {
        ReadOutcome::Failed(
            Diagnostic::error(
                Code::TooLarge,
                format!("`{rel}` is {len} bytes; skykrav reads files up to {MAX_FILE_BYTES} bytes"),
            )
            .with_path(rel.to_string()),
        )
    };
    if let Some(len) = tree.size(rel).filter(|len| *len > MAX_FILE_BYTES) {
        return too_large(len);
    }
    let bytes = match tree.read(rel) {
        Ok(b) => b,
        Err(e) => {
            return ReadOutcome::Failed(
                Diagnostic::error(Code::Io, format!("cannot read `{rel}`: {e}"))
                    .with_path(rel.to_string()),
            )
        }
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return too_large(bytes.len() as u64);
    }
    match String::from_utf8(bytes) {
        Ok(text) => ReadOutcome::Text(text),
        Err(e) => ReadOutcome::NotUtf8 {
            at: e.utf8_error().valid_up_to(),
            utf16: e.as_bytes().starts_with(&[0xFF, 0xFE])
                || e.as_bytes().starts_with(&[0xFE, 0xFF]),
            lossy: String::from_utf8_lossy(e.as_bytes()).into_owned(),
        },
    }
}

/// Registers what was read; the file's id when it holds text. Invalid
/// UTF-8 is an error at its byte, a byte-order mark is accepted (the
/// grammar skips it).
pub fn register(
    rel: &str,
    outcome: ReadOutcome,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<FileId> {
    match outcome {
        ReadOutcome::Text(text) => Some(sources.add(rel, text)),
        ReadOutcome::NotUtf8 { lossy, at, utf16 } => {
            // The lossy text has the same bytes up to `at`.
            let file = sources.add(rel, lossy);
            let mut d = Diagnostic::error(
                Code::NotUtf8,
                format!("`{rel}` is not valid UTF-8 (first bad byte at offset {at})"),
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
        ReadOutcome::Failed(d) => {
            diags.push(d);
            None
        }
    }
}

/// Reads and registers one file, returning its id and text.
pub fn read_text(
    tree: &dyn Tree,
    rel: &str,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<(FileId, String)> {
    let file = register(rel, read_file(tree, rel), sources, diags)?;
    let text = sources.get(file)?.text.to_string();
    Some((file, text))
}

/// A project folder on disk.
pub struct DiskTree {
    dir: PathBuf,
}

impl DiskTree {
    pub fn new(dir: &Path) -> DiskTree {
        DiskTree {
            dir: dir.to_path_buf(),
        }
    }
}

impl Tree for DiskTree {
    fn root(&self) -> &Path {
        &self.dir
    }

    fn describe(&self) -> String {
        format!("`{}`", self.dir.display())
    }

    fn check_root(&self) -> Option<Diagnostic> {
        if self.dir.is_dir() {
            return None;
        }
        let what = if self.dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        Some(
            Diagnostic::error(Code::NoProject, format!("`{}` {what}", self.dir.display()))
                .with_path(self.dir.display().to_string()),
        )
    }

    fn has_file(&self, rel: &str) -> bool {
        self.dir.join(rel).is_file()
    }

    fn size(&self, rel: &str) -> Option<u64> {
        std::fs::metadata(self.dir.join(rel)).ok().map(|m| m.len())
    }

    fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.dir.join(rel))
    }

    fn repo_prefix(&self) -> String {
        // Found by looking for `.git` upwards, without running git.
        let Ok(dir) = std::fs::canonicalize(&self.dir) else {
            return String::new();
        };
        let Some(top) = dir.ancestors().find(|a| a.join(".git").exists()) else {
            return String::new();
        };
        match dir.strip_prefix(top) {
            Ok(rel) if !rel.as_os_str().is_empty() => {
                format!("{}/", rel.to_string_lossy().replace('\\', "/"))
            }
            _ => String::new(),
        }
    }

    fn matching(&self, patterns: &[glob::Pattern], diags: &mut Diagnostics) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        // Globbing from the canonical folder makes every match start with
        // it, so that `.` and `./x` give the same relative names as `x`.
        let dir = std::fs::canonicalize(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let escaped = glob::Pattern::escape(&dir.to_string_lossy());
        for pattern in patterns {
            let full = format!("{escaped}/{}", pattern.as_str());
            let Ok(entries) = glob::glob_with(&full, MATCH) else {
                continue; // the pattern itself was checked by `discover`
            };
            for entry in entries {
                match entry {
                    Ok(path) if path.is_file() => {
                        if let Ok(rel) = path.strip_prefix(&dir) {
                            found.insert(rel.to_string_lossy().replace('\\', "/"));
                        }
                    }
                    Ok(_) => {}
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
        found
    }
}
