//! The layout on small inputs, each written badly and then as the
//! formatter prints it.

use super::*;

fn fmt(text: &str) -> String {
    match format_text(FileId(0), text) {
        Ok(t) => t,
        Err(d) => panic!("not formatted: {d:?}"),
    }
}

#[test]
fn items_take_their_lines_two_spaces_deeper_per_block() {
    let text = "schema s \"Facts\" { enum Region {EU,US}\n group sla \"SLA\" { fact uptime : percent \"Uptime\" } }\n";
    assert_eq!(
        fmt(text),
        "schema s \"Facts\" {\n  enum Region { EU, US }\n  group sla \"SLA\" {\n    fact uptime: percent \"Uptime\"\n  }\n}\n"
    );
}

#[test]
fn comments_stay_where_they_were() {
    let text = "// head\n\n\n// about s\nschema s \"F\" { // opens\n  fact a: bool \"A\"   // after a\n  // before b\n\n  fact b: bool \"B\"\n  // at the end\n}\n// last\n";
    assert_eq!(
        fmt(text),
        "// head\n\n// about s\nschema s \"F\" { // opens\n  fact a: bool \"A\" // after a\n  // before b\n\n  fact b: bool \"B\"\n  // at the end\n}\n// last\n"
    );
}

#[test]
fn a_long_chain_breaks_before_each_operator() {
    let long = "x".repeat(40);
    let text = format!(
        "policy p \"P\" {{ requirement r \"R\" {{ severity high\n require {long} and {long} or present({long}) }} }}\n"
    );
    assert_eq!(
        fmt(&text),
        format!(
            "policy p \"P\" {{\n  requirement r \"R\" {{\n    severity high\n    require {long} and {long}\n      or present({long})\n  }}\n}}\n"
        )
    );
}

#[test]
fn a_comment_inside_an_expression_keeps_its_line() {
    let text = "policy p \"P\" {\n  requirement r \"R\" {\n    severity high\n    require a // why a\n      and b\n  }\n}\n";
    assert_eq!(fmt(text), text);
}

#[test]
fn lists_break_one_element_a_line_with_a_trailing_comma() {
    let text = "vendor v \"V\" {\n  regions = [\"eu-west-1\", // Ireland\n \"eu-central-1\"]\n  uptime = 99.9% source \"https://example.com\" as_of 2026-01-01\n}\n";
    assert_eq!(
        fmt(text),
        "vendor v \"V\" {\n  regions = [\n    \"eu-west-1\", // Ireland\n    \"eu-central-1\",\n  ]\n  uptime = 99.9% source \"https://example.com\" as_of 2026-01-01\n}\n"
    );
}

#[test]
fn a_file_with_a_syntax_error_is_refused_with_its_diagnostic() {
    let Err(diags) = format_text(FileId(0), "schema s {") else {
        panic!("formatted a broken file");
    };
    assert!(!diags.is_empty());
    assert!(diags.iter().all(|d| d.level == Level::Error));
}

#[test]
fn formatting_is_stable() {
    let text = "waiver \"W\" { vendor v requirement p/r expires 2027-01-01 approved_by \"CISO\" reason \"R\" }\ntest \"t\" { today 2026-01-01 vendor { a = true } expect p/r pass }\n";
    let once = fmt(text);
    assert_eq!(fmt(&once), once);
    assert_eq!(
        once,
        "waiver \"W\" {\n  vendor v\n  requirement p/r\n  expires 2027-01-01\n  approved_by \"CISO\"\n  reason \"R\"\n}\ntest \"t\" {\n  today 2026-01-01\n  vendor { a = true }\n  expect p/r pass\n}\n"
    );
}
