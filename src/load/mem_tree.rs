//! A project held in memory instead of in a folder: for the fuzz targets
//! and the tests that build projects from bytes, and for tools that check
//! text not yet saved. Globs match as on disk (`super::tree::MATCH`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::tree::{names_matching, Tree};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// A project folder held in memory: relative path → bytes.
pub struct MemTree {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// The line that starts a new file in a `project` input: `@@@ path`.
pub const FILE_MARK: &str = "@@@ ";

impl MemTree {
    /// A tree of the given files (relative path → bytes).
    pub fn new(files: BTreeMap<String, Vec<u8>>) -> MemTree {
        MemTree { files }
    }

    /// Splits a fuzz input into files. Each file starts with a line
    /// `@@@ relative/path`; bytes before the first such line are
    /// `policies/main.krav`. File contents stay raw bytes, so that text
    /// that is not UTF-8 reaches the loader's own check.
    pub fn from_bytes(data: &[u8]) -> MemTree {
        const DEFAULT: &str = "policies/main.krav";
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut name = String::from(DEFAULT);
        let mut body: Vec<u8> = Vec::new();
        for line in data.split_inclusive(|b| *b == b'\n') {
            if let Some(rest) = line.strip_prefix(FILE_MARK.as_bytes()) {
                if !body.is_empty() || name != DEFAULT {
                    files.insert(std::mem::take(&mut name), std::mem::take(&mut body));
                }
                let rest = rest.strip_suffix(b"\n").unwrap_or(rest);
                let rest = rest.strip_suffix(b"\r").unwrap_or(rest);
                name = String::from_utf8_lossy(rest).into_owned();
            } else {
                body.extend_from_slice(line);
            }
        }
        files.insert(name, body);
        MemTree { files }
    }

    /// The input that [`MemTree::from_bytes`] splits back into `files`.
    pub fn to_input(files: &[(String, String)]) -> String {
        let mut out = String::new();
        for (name, text) in files {
            out.push_str(FILE_MARK);
            out.push_str(name);
            out.push('\n');
            out.push_str(text);
            if !text.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }
}

impl Tree for MemTree {
    fn root(&self) -> &Path {
        Path::new("fuzz-project")
    }

    fn describe(&self) -> String {
        "`fuzz-project`".into()
    }

    fn check_root(&self) -> Option<Diagnostic> {
        None
    }

    fn has_file(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    fn size(&self, rel: &str) -> Option<u64> {
        self.files.get(rel).map(|b| b.len() as u64)
    }

    fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        self.files
            .get(rel)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    }

    fn matching(
        &self,
        patterns: &[glob::Pattern],
        _allow_outside: bool,
        _diags: &mut Diagnostics,
    ) -> BTreeSet<String> {
        names_matching(self.files.keys().map(String::as_str), patterns)
    }

    fn repo_prefix(&self) -> String {
        String::new()
    }
}
