//! A real editor drives `skykrav lsp`: Neovim, headless, with its built-in
//! LSP client and the repository's own configuration
//! (`editors/neovim/skykrav.lua`), on a copy of the quickstart example
//! (tests/editor/neovim_test.lua says what it checks). `.ci/run` installs
//! Neovim; elsewhere the test says that it skipped when `nvim` is absent.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn neovim_shows_a_diagnostic_and_hovers_a_fact() {
    let found = Command::new("nvim").arg("--version").output();
    let Ok(version) = found else {
        if std::env::var_os("CI").is_some() {
            panic!("Neovim (nvim) is missing on CI: .ci/run installs it with apt-get");
        }
        eprintln!("SKIPPED: Neovim (nvim) is not installed; `apt-get install neovim` (or .ci/run) runs this test");
        return;
    };
    let first = String::from_utf8_lossy(&version.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let project = work.path().join("quickstart");
    common::copy_dir(&repo.join("examples/quickstart"), &project);
    std::fs::write(
        project.join("policies/broken.krav"),
        "policy broken \"B\" {\n  requirement r \"R\" {\n    severity low\n    require sla.uptme >= 99%\n  }\n}\n",
    )
    .unwrap();
    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .arg("-c")
        .arg(format!(
            "luafile {}",
            repo.join("tests/editor/neovim_test.lua").display()
        ))
        .env("SKYKRAV_BIN", env!("CARGO_BIN_EXE_skykrav"))
        .env("SKYKRAV_PROJECT", &project)
        .env("SKYKRAV_SNIPPET", repo.join("editors/neovim/skykrav.lua"))
        .env("XDG_STATE_HOME", work.path().join("state"))
        .env("XDG_DATA_HOME", work.path().join("data"))
        .current_dir(&project)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("Neovim did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        status.success(),
        "{first}: {said}{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(said.contains("diagnostic: K1001 at 4:13"), "{said}");
    assert!(said.contains("Monthly uptime guaranteed"), "{said}");
    eprintln!("{first}:\n{said}");
}
