//! The catalogue of diagnostic codes and the table of docs/language.md §15
//! name the same codes, so that every code a user meets is explained.

use std::collections::BTreeSet;

use skykrav::diagnostics::Code;

#[test]
fn the_code_table_of_the_reference_equals_the_catalogue() {
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md"),
    )
    .unwrap();
    let section = docs
        .split("\n## 15. Diagnostic codes")
        .nth(1)
        .and_then(|rest| rest.split("\n## 16.").next())
        .expect("docs/language.md has section 15");
    let in_docs: BTreeSet<&str> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| K"))
        .filter_map(|l| l.split(' ').next())
        .map(|digits| &digits[..4])
        .collect();
    let in_docs: BTreeSet<String> = in_docs.iter().map(|d| format!("K{d}")).collect();
    let catalogue: BTreeSet<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert_eq!(in_docs, catalogue);
}

/// Every `docs/language.md §N` that a comment in the source cites is a
/// section of the reference.
#[test]
fn the_sections_the_source_cites_exist() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/language.md")).unwrap();
    let headings: BTreeSet<String> = docs
        .lines()
        .filter(|l| l.starts_with('#'))
        .filter_map(|l| l.trim_start_matches('#').split_whitespace().next())
        .map(|n| n.trim_end_matches('.').to_string())
        .collect();
    let mut stack = vec![root.join("src")];
    let mut missing = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for cite in text.split("docs/language.md §").skip(1) {
                // `§6.8, §7`: every number up to the closing bracket.
                let upto = cite.find([')', ':', '\n']).unwrap_or(cite.len());
                for part in cite[..upto].split('§') {
                    let n: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.')
                        .collect();
                    let n = n.trim_end_matches('.').to_string();
                    if !n.is_empty() && !headings.contains(&n) {
                        missing.push(format!("{}: §{n}", path.display()));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}
