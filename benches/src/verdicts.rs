//! Reading the verdicts of each engine back, for the cross-check.
//!
//! * skykrav's `--format json` report and the baseline's report share a
//!   shape: `{"results": [{"vendor", "requirement", "outcome", …}]}`.
//! * The regorus runner prints `{vendor: {requirement: outcome}}`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader};
use std::path::Path;

use serde::Deserialize;

/// Outcome by (vendor, full requirement id).
pub type Verdicts = BTreeMap<(String, String), String>;

#[derive(Deserialize)]
struct Report {
    results: Vec<ResultRow>,
    #[serde(default)]
    diagnostics: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct ResultRow {
    vendor: String,
    requirement: String,
    outcome: String,
}

fn open(path: &Path) -> io::Result<BufReader<File>> {
    Ok(BufReader::with_capacity(1 << 20, File::open(path)?))
}

fn invalid(e: impl std::fmt::Display, path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: {e}", path.display()),
    )
}

/// A report with a `results` array (skykrav's JSON report, the baseline's).
/// Errors in skykrav's `diagnostics` make it an error: nothing was evaluated.
pub fn read_report(path: &Path) -> io::Result<Verdicts> {
    let report: Report = serde_json::from_reader(open(path)?).map_err(|e| invalid(e, path))?;
    if let Some(d) = report
        .diagnostics
        .iter()
        .find(|d| d.get("level").and_then(|l| l.as_str()) == Some("error"))
    {
        return Err(invalid(format!("the input had errors: {d}"), path));
    }
    Ok(report
        .results
        .into_iter()
        .map(|r| ((r.vendor, r.requirement), r.outcome))
        .collect())
}

/// The regorus runner's `{vendor: {requirement: outcome}}`.
pub fn read_nested(path: &Path) -> io::Result<Verdicts> {
    let nested: BTreeMap<String, BTreeMap<String, String>> =
        serde_json::from_reader(open(path)?).map_err(|e| invalid(e, path))?;
    let mut out = Verdicts::new();
    for (vendor, reqs) in nested {
        for (req, outcome) in reqs {
            out.insert((vendor.clone(), req), outcome);
        }
    }
    Ok(out)
}

/// Count of each outcome.
pub fn summary(v: &Verdicts) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for o in v.values() {
        *m.entry(o.clone()).or_insert(0) += 1;
    }
    m
}

/// Every pair on which `a` and `b` differ: `(vendor, requirement, a's, b's)`,
/// with `"-"` for a pair one side lacks.
pub fn disagreements(a: &Verdicts, b: &Verdicts) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for (k, va) in a {
        match b.get(k) {
            Some(vb) if vb == va => {}
            other => out.push((
                k.0.clone(),
                k.1.clone(),
                va.clone(),
                other.cloned().unwrap_or_else(|| "-".into()),
            )),
        }
    }
    for (k, vb) in b {
        if !a.contains_key(k) {
            out.push((k.0.clone(), k.1.clone(), "-".into(), vb.clone()));
        }
    }
    out
}
