//! Every code sample of the language reference, assembled into one project,
//! checks without a single diagnostic.

mod common;

use common::{check_as_json, fixture, json};

#[test]
fn the_spec_samples_check_without_diagnostics() {
    let dir = fixture("spec-samples");
    let run = check_as_json(dir.to_str().unwrap(), &[]);
    let report = json(&run);
    assert_eq!(
        report["diagnostics"],
        serde_json::json!([]),
        "{}",
        run.stdout
    );
    assert_ne!(run.code, 2, "{}", run.stderr);
    let results = report["results"].as_array().unwrap();
    // 2 vendors × 5 requirements.
    assert_eq!(results.len(), 10);
    let waived = results
        .iter()
        .find(|r| r["vendor"] == "dropbox-business" && r["requirement"] == "dk-baseline/R2.uptime")
        .unwrap();
    assert_eq!(waived["outcome"], "waived");
    assert_eq!(waived["facts"][0]["path"], "sla.uptime");
    assert_eq!(waived["facts"][0]["value"], "99.5%");
    assert_eq!(waived["facts"][0]["file"], "vendors/dropbox.json");
    assert_eq!(waived["facts"][0]["line"], 2);
}
