//! The project as the editor sees it: the folder on disk, with the text
//! of every open buffer in place of its file (unsaved edits win), and
//! buffers not yet saved as files of their own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{names_matching, DiskTree, Tree};

pub struct OverlayTree<'a> {
    disk: DiskTree,
    /// Open buffers by path relative to the project folder.
    buffers: &'a BTreeMap<String, String>,
}

impl<'a> OverlayTree<'a> {
    pub fn new(root: &Path, buffers: &'a BTreeMap<String, String>) -> OverlayTree<'a> {
        OverlayTree {
            disk: DiskTree::new(root),
            buffers,
        }
    }
}

impl Tree for OverlayTree<'_> {
    fn root(&self) -> &Path {
        self.disk.root()
    }

    fn describe(&self) -> String {
        self.disk.describe()
    }

    fn check_root(&self) -> Option<Diagnostic> {
        self.disk.check_root()
    }

    fn has_file(&self, rel: &str) -> bool {
        self.buffers.contains_key(rel) || self.disk.has_file(rel)
    }

    fn size(&self, rel: &str) -> Option<u64> {
        match self.buffers.get(rel) {
            Some(text) => Some(text.len() as u64),
            None => self.disk.size(rel),
        }
    }

    fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        match self.buffers.get(rel) {
            Some(text) => Ok(text.clone().into_bytes()),
            None => self.disk.read(rel),
        }
    }

    fn matching(
        &self,
        patterns: &[glob::Pattern],
        allow_outside: bool,
        diags: &mut Diagnostics,
    ) -> BTreeSet<String> {
        let mut found = self.disk.matching(patterns, allow_outside, diags);
        found.extend(names_matching(
            self.buffers.keys().map(String::as_str),
            patterns,
        ));
        found
    }

    fn repo_prefix(&self) -> String {
        self.disk.repo_prefix()
    }
}
