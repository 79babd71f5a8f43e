//! `skykrav init` and `skykrav new vendor`, as a new company meets them.

mod common;

use common::{json, skykrav};

fn init_project() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("our-cloud");
    let run = skykrav(&["init", root.to_str().unwrap(), "--today", "2026-12-03"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("created "), "{}", run.stderr);
    (dir, root.to_str().unwrap().to_string())
}

fn errors(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["level"] == "error")
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn a_new_project_checks_at_once_with_honest_unknowns_and_its_tests_pass() {
    let (_dir, root) = init_project();
    for file in [
        "skykrav.toml",
        "policies/needs.krav",
        "policies/waivers.krav",
        "vendors/example-service.krav",
        "tests/owner.krav",
        "README.md",
    ] {
        assert!(std::path::Path::new(&root).join(file).is_file(), "{file}");
    }
    let run = skykrav(&["check", &root, "--format", "json", "--today", "2026-12-03"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(errors(&report), Vec::<String>::new());
    assert!(report["summary"]["unknown"].as_u64().unwrap() > 0);
    let tests = skykrav(&["test", &root]);
    assert_eq!(tests.code, 0, "{}{}", tests.stdout, tests.stderr);
    assert!(
        tests.stdout.contains("2 passed, 0 failed"),
        "{}",
        tests.stdout
    );
    // The files are in the canonical layout.
    assert_eq!(skykrav(&["fmt", "--check", &root]).code, 0);
}

#[test]
fn the_needs_file_holds_every_need_of_the_pack_with_its_description() {
    let (_dir, root) = init_project();
    let needs = std::fs::read_to_string(format!("{root}/policies/needs.krav")).unwrap();
    let schema = include_str!("../policies/dk-cloud-guide/schema.krav");
    let group = &schema[schema.find("group needs").unwrap()..];
    let group = &group[..group.find("\n  }").unwrap()];
    let mut count = 0;
    for line in group
        .lines()
        .filter(|l| l.trim_start().starts_with("fact "))
    {
        let name = line.trim_start()["fact ".len()..]
            .split(':')
            .next()
            .unwrap();
        let description = line.split('"').nth(1).unwrap();
        assert!(
            needs.contains(&format!("    {name} = ")),
            "no value for needs.{name}"
        );
        assert!(
            needs.contains(description),
            "no description for needs.{name}"
        );
        count += 1;
    }
    assert_eq!(count, 20);
}

#[test]
fn init_refuses_a_folder_that_holds_a_project() {
    let (_dir, root) = init_project();
    let before = std::fs::read_to_string(format!("{root}/policies/needs.krav")).unwrap();
    let run = skykrav(&["init", &root]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("error[K3015]"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(format!("{root}/policies/needs.krav")).unwrap(),
        before
    );
    let run = skykrav(&["init", &format!("{root}/x"), "--pack", "dk-cloud-guid"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `dk-cloud-guide`?"),
        "{}",
        run.stderr
    );
}

/// Every placeholder of a template taken in: all must convert.
fn uncommented(text: &str, mark: &str) -> String {
    text.lines()
        .map(|l| {
            let t = l.trim_start();
            let rest = t.strip_prefix(mark).map(str::trim_start);
            match rest {
                // A placeholder is `path = value` or `path: value`; the
                // description lines are indented further after the mark.
                Some(r) if !t[mark.len()..].starts_with("   ") && is_placeholder(r) => {
                    format!("  {r}")
                }
                _ => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `group.fact = value` or `group.fact: value`: a dotted path of
/// lowercase names, then the value.
fn is_placeholder(line: &str) -> bool {
    let path: String = line
        .chars()
        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '.')
        .collect();
    let rest = &line[path.len()..];
    path.contains('.') && (rest.starts_with(" = ") || rest.starts_with(": "))
}

#[test]
fn new_vendor_templates_in_every_format_convert_once_filled_in() {
    let (_dir, root) = init_project();
    for (format, mark) in [("krav", "//"), ("yaml", "#"), ("toml", "#")] {
        let id = format!("acme-{format}");
        let run = skykrav(&[
            "new",
            "vendor",
            &id,
            "Acme \"Cloud\"",
            &root,
            "--format",
            format,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let path = format!("{root}/vendors/{id}.{format}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("owner.name"), "{text}");
        assert!(text.contains("one of EU, EEA, UK, CH, US, OTHER"), "{text}");
        // As written, the template checks: every fact reads as unknown.
        let report = json(&skykrav(&["check", &root, "--format", "json"]));
        assert_eq!(errors(&report), Vec::<String>::new(), "{format}");
        // Every placeholder taken in as it is converts by its type.
        let mut filled = uncommented(&text, mark);
        if format == "yaml" {
            filled = filled.replace("facts: {}", "facts:");
        }
        std::fs::write(&path, filled).unwrap();
        let report = json(&skykrav(&["check", &root, "--format", "json"]));
        assert_eq!(
            errors(&report),
            Vec::<String>::new(),
            "{format}: {}",
            std::fs::read_to_string(&path).unwrap()
        );
        let stated = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["vendor"] == id.as_str())
            .filter(|r| r["outcome"] != "unknown")
            .count();
        assert!(stated > 30, "{format}: only {stated} outcomes decided");
    }
}

#[test]
fn new_vendor_refuses_a_taken_id_a_bad_id_an_existing_file_and_json() {
    let (_dir, root) = init_project();
    let run = skykrav(&["new", "vendor", "example-service", "Again", &root]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("already has a vendor `example-service`"),
        "{}",
        run.stderr
    );
    let run = skykrav(&["new", "vendor", "9lives", "Nine", &root]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`9lives` is not a vendor id"),
        "{}",
        run.stderr
    );
    std::fs::write(format!("{root}/vendors/acme.toml"), "not yet a vendor").unwrap();
    let run = skykrav(&["new", "vendor", "acme", "Acme", &root, "--format", "yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = skykrav(&["new", "vendor", "beta", "Beta", &root, "--format", "json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--format yaml"), "{}", run.stderr);
}
