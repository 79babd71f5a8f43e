//! `skykrav fmt`: formats `.krav` files in place, or says with a diff what
//! it would change (`--check`).

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use skykrav::diagnostics::{render_diagnostics, Code, Diagnostic};
use skykrav::format::format_text;
use skykrav::output::write_atomically;
use skykrav::project::Verdict;
use skykrav::source::Sources;

use super::{to_stderr, to_stdout, use_color};

#[derive(clap::Args, Debug)]
pub(crate) struct FmtArgs {
    /// Do not write: print a unified diff of what would change, and exit
    /// with 1 when anything would.
    #[arg(long)]
    check: bool,

    /// Files and folders to format (a folder means every `.krav` file in
    /// it, hidden folders and `target/` aside); `-` reads standard input
    /// and writes standard output.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
}

/// What happened to the files, for the exit status and the summary.
#[derive(Default)]
struct Tally {
    changed: usize,
    unchanged: usize,
    failed: usize,
}

pub(crate) fn fmt(args: FmtArgs) -> i32 {
    let color = use_color(std::io::stderr().is_terminal());
    let mut tally = Tally::default();
    let mut files = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            stdin(args.check, color, &mut tally);
        } else if path.is_dir() {
            krav_files(path, &mut files);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            let d = Diagnostic::error(Code::Io, format!("`{}` does not exist", path.display()))
                .with_help("give `.krav` files or folders that hold them");
            to_stderr(&render_diagnostics(&[d], &Sources::new(), color));
            tally.failed += 1;
        }
    }
    let diff_color = use_color(std::io::stdout().is_terminal());
    for file in files {
        one_file(&file, args.check, (color, diff_color), &mut tally);
    }
    summary(&tally, args.check);
    if tally.failed > 0 {
        Verdict::Invalid as i32
    } else if args.check && tally.changed > 0 {
        Verdict::Fail as i32
    } else {
        Verdict::Pass as i32
    }
}

fn summary(tally: &Tally, check: bool) {
    let files = |n: usize| if n == 1 { "file" } else { "files" };
    let mut parts = Vec::new();
    if tally.changed > 0 {
        let verb = if check {
            "would be formatted"
        } else {
            "formatted"
        };
        parts.push(format!("{} {} {verb}", tally.changed, files(tally.changed)));
    }
    if tally.unchanged > 0 {
        parts.push(format!("{} already formatted", tally.unchanged));
    }
    if tally.failed > 0 {
        parts.push(format!("{} left as they were (errors above)", tally.failed));
    }
    if !parts.is_empty() {
        to_stderr(&format!("skykrav fmt: {}\n", parts.join(", ")));
    }
}

/// Formats standard input to standard output; with `check`, prints the
/// diff instead. Nothing is printed to standard output for a file with an
/// error, so an editor piping through it never takes an error for code.
fn stdin(check: bool, color: bool, tally: &mut Tally) {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        let d = Diagnostic::error(Code::Io, format!("cannot read standard input: {e}"));
        to_stderr(&render_diagnostics(&[d], &Sources::new(), color));
        tally.failed += 1;
        return;
    }
    let Some((text, formatted)) = format_bytes("<stdin>", bytes, color, tally) else {
        return;
    };
    if check {
        if formatted != text {
            let _ = to_stdout(&unified_diff("<stdin>", &text, &formatted, false));
        }
    } else {
        let _ = to_stdout(&formatted);
    }
}

fn one_file(path: &Path, check: bool, (color, diff_color): (bool, bool), tally: &mut Tally) {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic::error(Code::Io, format!("cannot read `{name}`: {e}"))
                .with_help("check that the path exists and can be read");
            to_stderr(&render_diagnostics(&[d], &Sources::new(), color));
            tally.failed += 1;
            return;
        }
    };
    let Some((text, formatted)) = format_bytes(&name, bytes, color, tally) else {
        return;
    };
    if check {
        if formatted != text {
            let _ = to_stdout(&unified_diff(&name, &text, &formatted, diff_color));
        }
        return;
    }
    if formatted == text {
        return;
    }
    let permissions = std::fs::metadata(path).map(|m| m.permissions()).ok();
    match write_atomically(path, |w| w.write_all(formatted.as_bytes())) {
        Ok(()) => {
            if let Some(p) = permissions {
                let _ = std::fs::set_permissions(path, p);
            }
        }
        Err(e) => {
            let d = skykrav::output::write_failure(path, &e);
            to_stderr(&render_diagnostics(&[d], &Sources::new(), color));
            tally.changed -= 1;
            tally.failed += 1;
        }
    }
}

/// The text and its formatted form, counted as changed or not; `None`
/// (after the diagnostics are printed) when it cannot be formatted.
fn format_bytes(
    name: &str,
    bytes: Vec<u8>,
    color: bool,
    tally: &mut Tally,
) -> Option<(String, String)> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            let d = Diagnostic::error(Code::NotUtf8, format!("`{name}` is not UTF-8 text"))
                .with_path(name);
            to_stderr(&render_diagnostics(&[d], &Sources::new(), color));
            tally.failed += 1;
            return None;
        }
    };
    let mut sources = Sources::new();
    let file = sources.add(name, text.as_str());
    match format_text(file, &text) {
        Ok(formatted) => {
            if formatted == text {
                tally.unchanged += 1;
            } else {
                tally.changed += 1;
            }
            Some((text, formatted))
        }
        Err(diags) => {
            to_stderr(&render_diagnostics(&diags, &sources, color));
            tally.failed += 1;
            None
        }
    }
}

/// `--- a/NAME` / `+++ b/NAME` and the hunks, three lines of context, as
/// git and patch read them.
fn unified_diff(name: &str, old: &str, new: &str, color: bool) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    if !color {
        return text;
    }
    text.lines()
        .map(|line| {
            let code = match line.as_bytes().first() {
                Some(b'+') if !line.starts_with("+++") => "32",
                Some(b'-') if !line.starts_with("---") => "31",
                Some(b'@') => "36",
                _ => return format!("{line}\n"),
            };
            format!("\x1b[{code}m{line}\x1b[0m\n")
        })
        .collect()
}

/// The `.krav` files under `dir`, sorted, hidden folders and `target/`
/// left out.
fn krav_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(PathBuf, bool)> = entries
        .flatten()
        // A link to a folder is not followed: it could lead back here.
        .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
        .collect();
    entries.sort();
    for (path, is_dir) in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if is_dir {
            if name != "target" && name != "node_modules" {
                krav_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "krav") {
            out.push(path);
        }
    }
}
