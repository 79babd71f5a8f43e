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
    /// Every file whose relative path matches one of the patterns; files
    /// that lie outside the project folder (through `..` or a symbolic
    /// link) only when `allow_outside`. A tree that holds a list of its
    /// files (a git revision, a tree in memory, where nothing lies outside)
    /// answers with [`names_matching`].
    fn matching(
        &self,
        patterns: &[glob::Pattern],
        allow_outside: bool,
        diags: &mut Diagnostics,
    ) -> BTreeSet<String>;
    /// The project folder relative to the top of its git repository, with
    /// a trailing `/` (empty at the top, or outside git): code-scanning
    /// platforms name files from the repository's top.
    fn repo_prefix(&self) -> String;
}

/// The names of a tree that lists its files that match one of the
/// patterns: [`Tree::matching`] for a tree where nothing lies outside.
pub(crate) fn names_matching<'a>(
    names: impl IntoIterator<Item = &'a str>,
    patterns: &[glob::Pattern],
) -> BTreeSet<String> {
    names
        .into_iter()
        .filter(|name| patterns.iter().any(|p| p.matches_with(name, MATCH)))
        .map(str::to_string)
        .collect()
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
    allow_outside: bool,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut valid = Vec::new();
    for setting in patterns {
        let pattern = &setting.pattern;
        let place = |d: Diagnostic| match setting.span {
            Some(span) => d.primary(span, "in this pattern"),
            None => d.with_path("skykrav.toml"),
        };
        let outside = Path::new(pattern.as_str()).is_absolute()
            || pattern.split(['/', '\\']).any(|part| part == "..");
        if outside && !allow_outside {
            diags.push(place(
                Diagnostic::error(
                    Code::InvalidGlob,
                    format!("the pattern `{pattern}` reaches outside the project folder"),
                )
                .with_help("patterns are relative to the project folder; to read files elsewhere on purpose, set `allow_outside_project = true` in skykrav.toml"),
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
    tree.matching(&valid, allow_outside, diags)
        .into_iter()
        .collect()
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

    /// `rel` when the file it names lies inside the project; a file that a
    /// symbolic link leads out of it is an error unless the project allows
    /// reading outside.
    fn inside_or_reported(
        &self,
        dir: &Path,
        rel: &str,
        allow_outside: bool,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let target = relative_to(dir, &dir.join(rel))?;
        if !target.starts_with("../") || allow_outside {
            return Some(rel.to_string());
        }
        diags.push(
            Diagnostic::error(Code::InvalidGlob, format!("`{rel}` is a link to a file outside the project folder"))
                .with_path(rel.to_string())
                .with_help("skykrav reads only the project's own files; copy the file in, or set `allow_outside_project = true` in skykrav.toml"),
        );
        None
    }
}

use crate::limits::{MAX_FILES, MAX_WALK_DEPTH};

/// Every file below `dir`, as relative paths with `/`, each with whether
/// it is a symbolic link. Hidden folders (`.git`) are skipped, and
/// symbolic links to folders are not followed, so that a link loop cannot
/// make discovery run forever; symbolic links to files are listed (and
/// checked by the caller: only a link can lead outside `dir`).
fn walk(dir: &Path, diags: &mut Diagnostics) -> Vec<(String, bool)> {
    let mut files = Vec::new();
    let mut stack: Vec<(PathBuf, String, usize)> = vec![(dir.to_path_buf(), String::new(), 0)];
    while let Some((path, rel, depth)) = stack.pop() {
        let entries = match std::fs::read_dir(&path) {
            Ok(e) => e,
            Err(e) => {
                let shown = if rel.is_empty() {
                    ".".to_string()
                } else {
                    rel.clone()
                };
                diags.push(
                    Diagnostic::error(Code::Io, format!("cannot read the folder `{shown}`: {e}"))
                        .with_path(shown),
                );
                continue;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let child = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if name.starts_with('.') {
                    continue;
                }
                if depth + 1 > MAX_WALK_DEPTH {
                    diags.push(
                        Diagnostic::error(
                            Code::TooDeep,
                            format!("`{child}` lies more than {MAX_WALK_DEPTH} folders deep"),
                        )
                        .with_path(child),
                    );
                    continue;
                }
                stack.push((entry.path(), child, depth + 1));
            } else if kind.is_file() || (kind.is_symlink() && entry.path().is_file()) {
                if files.len() >= MAX_FILES {
                    diags.push(
                        Diagnostic::error(Code::TooLarge, format!("the project holds more than {MAX_FILES} files"))
                            .with_path(dir.display().to_string())
                            .with_help("narrow the globs in skykrav.toml to the folders that hold policies and vendors"),
                    );
                    return files;
                }
                files.push((child, kind.is_symlink()));
            }
        }
    }
    files
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

    fn matching(
        &self,
        patterns: &[glob::Pattern],
        allow_outside: bool,
        diags: &mut Diagnostics,
    ) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let dir = std::fs::canonicalize(&self.dir).unwrap_or_else(|_| self.dir.clone());
        let (outside, inside): (Vec<&glob::Pattern>, Vec<&glob::Pattern>) =
            patterns.iter().partition(|p| {
                Path::new(p.as_str()).is_absolute()
                    || p.as_str().split('/').any(|part| part == "..")
            });
        if !inside.is_empty() {
            for (rel, is_link) in walk(&dir, diags) {
                if !inside.iter().any(|p| p.matches_with(&rel, MATCH)) {
                    continue;
                }
                // A file found by walking `dir` without following links to
                // folders lies inside it; only a link needs resolving.
                if !is_link {
                    found.insert(rel);
                } else if let Some(rel) = self.inside_or_reported(&dir, &rel, allow_outside, diags)
                {
                    found.insert(rel);
                }
            }
        }
        // Patterns that leave the folder are allowed only on purpose
        // (`allow_outside_project`), and are globbed as written.
        let escaped = glob::Pattern::escape(&dir.to_string_lossy());
        for pattern in outside {
            let full = if Path::new(pattern.as_str()).is_absolute() {
                pattern.as_str().to_string()
            } else {
                format!("{escaped}/{}", pattern.as_str())
            };
            let Ok(entries) = glob::glob_with(&full, MATCH) else {
                continue;
            };
            for path in entries.flatten().filter(|p| p.is_file()) {
                if let Some(rel) = relative_to(&dir, &path) {
                    found.insert(rel);
                }
            }
        }
        found
    }
}

/// `path` relative to the folder `dir`, with `/`; a file outside it (only
/// found when the project allows it) is named with `..` steps.
fn relative_to(dir: &Path, path: &Path) -> Option<String> {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(rel) = path.strip_prefix(dir) {
        return Some(rel.to_string_lossy().replace('\\', "/"));
    }
    let ancestor = dir.ancestors().find(|a| path.starts_with(a))?;
    let ups = dir.strip_prefix(ancestor).ok()?.components().count();
    let rest = path.strip_prefix(ancestor).ok()?;
    let mut rel = "../".repeat(ups);
    rel.push_str(&rest.to_string_lossy().replace('\\', "/"));
    Some(rel)
}
