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
