//! A project as it was at a git revision, read through `git` itself: the
//! working tree and the index are never touched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::tree::{names_matching, Tree};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// The project folder `dir` at revision `rev`.
pub struct GitTree {
    dir: PathBuf,
    rev: String,
    /// The repository's top folder.
    top: PathBuf,
    /// `dir` relative to the top, with a trailing `/` (empty at the top).
    prefix: String,
    /// Every file of the project folder at `rev`, relative to it.
    files: BTreeSet<String>,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0") // read-only: never take the index lock
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

fn git_line(dir: &Path, args: &[&str]) -> Result<String, String> {
    git(dir, args).map(|b| {
        String::from_utf8_lossy(&b)
            .trim_end_matches(['\n', '\r'])
            .to_string()
    })
}

impl GitTree {
    /// Opens `dir` at `rev`; the diagnostic says why it cannot be.
    pub fn open(dir: &Path, rev: &str) -> Result<GitTree, Diagnostic> {
        if !dir.is_dir() {
            return Err(Diagnostic::error(
                Code::NoProject,
                format!("`{}` is not a folder", dir.display()),
            )
            .with_path(dir.display().to_string()));
        }
        let top = git_line(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
            Diagnostic::error(
                Code::NotGitRepository,
                format!("`{}` is not in a git repository", dir.display()),
            )
            .with_path(dir.display().to_string())
            .with_help(format!("git says: {e}"))
        })?;
        let prefix = git_line(dir, &["rev-parse", "--show-prefix"]).unwrap_or_default();
        let commit = format!("{rev}^{{commit}}");
        git_line(dir, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
            Diagnostic::error(
                Code::UnknownRevision,
                format!("the revision `{rev}` does not exist in this repository"),
            )
            .with_path(dir.display().to_string())
        })?;
        let mut args = vec!["ls-tree", "-r", "-z", "--name-only", "--full-tree", rev];
        if !prefix.is_empty() {
            args.push("--");
            args.push(&prefix);
        }
        let listing = git(Path::new(&top), &args).map_err(|e| {
            Diagnostic::error(
                Code::UnknownRevision,
                format!("cannot list the files of `{rev}`: {e}"),
            )
            .with_path(dir.display().to_string())
        })?;
        let files = listing
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .filter_map(|p| {
                let path = String::from_utf8_lossy(p);
                path.strip_prefix(prefix.as_str()).map(str::to_string)
            })
            .collect();
        Ok(GitTree {
            dir: dir.to_path_buf(),
            rev: rev.to_string(),
            top: PathBuf::from(top),
            prefix,
            files,
        })
    }

    fn object(&self, rel: &str) -> String {
        format!("{}:{}{rel}", self.rev, self.prefix)
    }
}

impl Tree for GitTree {
    fn root(&self) -> &Path {
        &self.dir
    }

    fn describe(&self) -> String {
        format!("`{}` at `{}`", self.dir.display(), self.rev)
    }

    fn check_root(&self) -> Option<Diagnostic> {
        None
    }

    fn has_file(&self, rel: &str) -> bool {
        self.files.contains(rel)
    }

    fn size(&self, rel: &str) -> Option<u64> {
        git_line(&self.top, &["cat-file", "-s", &self.object(rel)])
            .ok()?
            .parse()
            .ok()
    }

    fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        git(&self.top, &["cat-file", "blob", &self.object(rel)]).map_err(std::io::Error::other)
    }

    fn repo_prefix(&self) -> String {
        self.prefix.clone()
    }

    fn matching(
        &self,
        patterns: &[glob::Pattern],
        _allow_outside: bool,
        _diags: &mut Diagnostics,
    ) -> BTreeSet<String> {
        names_matching(self.files.iter().map(String::as_str), patterns)
    }
}
