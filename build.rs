//! Embeds the bundled policy packs (`policies/<pack>/**/*.krav`) in the
//! binary, so that `packs = ["dk-cloud-guide"]` in a project's
//! `skykrav.toml` works on any machine without copying files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn krav_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            krav_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "krav") {
            out.push(p);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=policies");
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("policies");
    let mut code = String::from("/// (pack, path inside the pack, text) of every bundled `.krav` file.\npub static BUNDLED: &[(&str, &str, &str)] = &[\n");
    let mut packs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    packs.sort();
    for pack in packs {
        let name = pack
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut files = Vec::new();
        krav_files(&pack, &mut files);
        for f in files {
            let rel = f
                .strip_prefix(&pack)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let _ = writeln!(
                code,
                "    ({name:?}, {rel:?}, include_str!({:?})),",
                f.to_string_lossy()
            );
        }
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("bundled_packs.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}
