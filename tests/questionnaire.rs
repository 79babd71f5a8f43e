//! `skykrav questionnaire`: the facts each vendor's requirements need that
//! are missing or stale, as a workbook, CSV or Markdown.

mod common;

use std::io::Read;

use calamine::{open_workbook, Reader, Xlsx};
use common::{example, skykrav};

fn questionnaire(extra: &[&str], file: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(file);
    let mut args = vec![
        "questionnaire".to_string(),
        example("nordlys"),
        "-o".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = skykrav(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.starts_with("wrote "), "{}", run.stderr);
    (dir, out)
}

#[test]
fn the_csv_asks_each_vendor_for_what_its_requirements_miss() {
    let (_dir, out) = questionnaire(&[], "q.csv");
    let text = std::fs::read_to_string(out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "vendor,key,question,type,allowed values,why we ask,current value,current status,answer,source,date"
    );
    // Microsoft 365 states no patch time; R1.patching needs one.
    let patch = text
        .lines()
        .find(|l| l.starts_with("microsoft-365,vendor.patch_time,"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(patch.contains("dk-baseline/R1.patching"), "{patch}");
    assert!(patch.contains("duration (15m, 4h, 30d, 2w)"), "{patch}");
    // A fact on record is not asked for again.
    assert!(!text.contains("microsoft-365,owner.name,"), "{text}");
    // `--all` asks for every fact, with the value on record.
    let (_d, all) = questionnaire(&["--all", "--vendor", "microsoft-365"], "all.csv");
    let all = std::fs::read_to_string(all).unwrap();
    let owner = all
        .lines()
        .find(|l| l.starts_with("microsoft-365,owner.name,"))
        .unwrap();
    assert!(owner.contains("\"\"\"Mette Vinther\"\"\""), "{owner}");
    assert_eq!(
        all.lines().count() - 1,
        94,
        "every fact of the pack's schema"
    );
}

#[test]
fn the_markdown_has_a_section_per_vendor() {
    let (_dir, out) = questionnaire(&["--vendor", "micro*"], "q.md");
    let text = std::fs::read_to_string(out).unwrap();
    assert!(
        text.contains("\n## Microsoft 365 Business Premium (microsoft-365)\n"),
        "{text}"
    );
    assert!(text.contains("| key | question | type |"), "{text}");
    assert!(!text.contains("(google-workspace)"), "{text}");
}

fn sheet_xml(path: &std::path::Path, sheet: usize) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{sheet}.xml"))
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_workbook_has_a_cover_a_sheet_a_vendor_drop_downs_and_locked_keys() {
    let (_dir, out) = questionnaire(&[], "q.xlsx");
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("Instructions"));
    assert!(names.contains(&"microsoft-365".to_string()), "{names:?}");
    assert_eq!(names.last().map(String::as_str), Some("Lists"));
    let sheet = book.worksheet_range("microsoft-365").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[0], "key");
    assert_eq!(header[7], "answer");
    let keys: Vec<String> = sheet.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert!(
        keys.contains(&"vendor.government_request_notice".to_string()),
        "{keys:?}"
    );
    // The microsoft-365 sheet is the fourth (after the cover and two
    // vendors in id order): protected, with drop-downs from the lists sheet.
    let index = names.iter().position(|n| n == "microsoft-365").unwrap() + 1;
    let xml = sheet_xml(&out, index);
    assert!(
        xml.contains("<sheetProtection"),
        "the sheet is not protected"
    );
    assert!(xml.contains("type=\"list\""), "no drop-down");
    assert!(
        xml.contains("Lists!$"),
        "the drop-down does not read the lists sheet"
    );
    assert!(xml.contains("type=\"date\""), "no date validation");
}

#[test]
fn an_unknown_vendor_or_format_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("q.xlsx");
    let run = skykrav(&[
        "questionnaire",
        &example("nordlys"),
        "-o",
        out.to_str().unwrap(),
        "--vendor",
        "microsoft-356",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `microsoft-365`?"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    let pdf = dir.path().join("q.pdf");
    let run = skykrav(&[
        "questionnaire",
        &example("nordlys"),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(".xlsx, .csv or .md"), "{}", run.stderr);
}
