//! Writing files so that nothing is lost: every file skykrav writes goes
//! to a temporary file beside it and is renamed into place once complete,
//! so an error or a kill half-way never leaves a truncated file, and the
//! old file stays as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic};

/// Set to a number of bytes, makes every write fail after that many: a
/// fault injected by the tests to prove that a failed write loses nothing.
pub(crate) const FAIL_AFTER_ENV: &str = "SKYKRAV_TEST_FAIL_WRITE_AFTER";

/// Streams content through `write` into `path`, atomically.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = dir.join(format!(".{name}.skykrav-{}.tmp", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let fail_after = std::env::var(FAIL_AFTER_ENV)
            .ok()
            .and_then(|n| n.parse().ok());
        let mut buffered =
            std::io::BufWriter::with_capacity(1 << 16, FailAfter::new(file, fail_after));
        write(&mut buffered)?;
        let file = buffered.into_inner().map_err(|e| e.into_error())?.inner;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The diagnostic for a report that could not be written to `path`, in
/// words that say which part of the path is wrong.
pub fn write_failure(path: &Path, err: &std::io::Error) -> Diagnostic {
    let shown = path.display();
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let (why, help) = match parent {
        Some(dir) if !dir.exists() => (
            format!("the folder `{}` does not exist", dir.display()),
            format!(
                "create it first (`mkdir -p {}`), or give `--output` a file in a folder that exists",
                dir.display()
            ),
        ),
        Some(dir) if !dir.is_dir() => (
            format!("`{}` is not a folder", dir.display()),
            "give `--output` a file inside a folder".to_string(),
        ),
        _ if path.is_dir() => (
            format!("`{shown}` is a folder"),
            "give `--output` the name of a file, such as `report.json`".to_string(),
        ),
        _ if err.kind() == std::io::ErrorKind::PermissionDenied => (
            "permission denied".to_string(),
            "choose a folder you may write to".to_string(),
        ),
        _ => (
            err.to_string(),
            "check that the folder exists and can be written to".to_string(),
        ),
    };
    Diagnostic::error(Code::Io, format!("cannot write `{shown}`: {why}"))
        .with_path(shown.to_string())
        .with_help(help)
}

/// A writer that fails once it has passed `limit` bytes on (never, when
/// there is no limit).
struct FailAfter<W> {
    inner: W,
    remaining: Option<usize>,
}

impl<W> FailAfter<W> {
    fn new(inner: W, limit: Option<usize>) -> FailAfter<W> {
        FailAfter {
            inner,
            remaining: limit,
        }
    }
}

impl<W: Write> Write for FailAfter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(remaining) = &mut self.remaining {
            if buf.len() > *remaining {
                return Err(std::io::Error::other("simulated write failure"));
            }
            *remaining -= buf.len();
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("skykrav-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("report.json");
        std::fs::write(&path, "old").unwrap();
        let failed = write_atomically(&path, |w| {
            w.write_all(b"new and")?;
            Err(std::io::Error::other("half-way"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        write_atomically(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
