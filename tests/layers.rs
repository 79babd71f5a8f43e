//! The pipeline's stages depend on each other one way only: load → syntax
//! → check (with vendor) → eval → report. A stage that imported a later
//! one would tie the formatter, the language server and the import tools
//! (which read the tree and the facts without judging anything) to the
//! whole engine. This reads the `crate::` paths of every source file.

use std::collections::BTreeSet;
use std::path::Path;

/// For each stage, the modules none of its files may name.
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("syntax", &["vendor", "load", "check", "eval", "report"]),
    ("load", &["check", "eval", "report"]),
    ("vendor", &["load", "check", "eval", "report"]),
    ("check", &["load", "report"]),
    ("eval", &["report"]),
    // The formatter reads the syntax tree only: it formats a file whatever
    // the rest of the project says.
    (
        "format",
        &["load", "vendor", "check", "eval", "report", "lsp"],
    ),
];

/// The top-level modules a file names as `crate::x`, also inside
/// `use crate::{x, y}`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

#[test]
fn no_stage_imports_a_later_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (stage, forbidden) in FORBIDDEN {
        let pattern = format!("{}/{stage}/**/*.rs", src.display());
        let files: Vec<_> = glob::glob(&pattern).unwrap().flatten().collect();
        assert!(!files.is_empty(), "no files under src/{stage}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for module in named_modules(&text) {
                if forbidden.contains(&module.as_str()) {
                    let rel = file.strip_prefix(&src).unwrap().display().to_string();
                    wrong.push(format!("src/{rel} names crate::{module}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_reader_of_imports_sees_groups_and_paths() {
    let found = named_modules(
        "use crate::{load::Tree, report};\nlet x = crate::eval::run();\n// crate::check in a comment\n",
    );
    let want: BTreeSet<String> = ["eval", "load", "report"].map(String::from).into();
    assert_eq!(found, want);
}
