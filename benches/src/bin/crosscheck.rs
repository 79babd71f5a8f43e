//! `crosscheck NAME=report:PATH NAME=nested:PATH …`
//!
//! Compares the verdicts of several engines over one corpus. `report` is a
//! file with a `results` array (skykrav's `--format json`, the baseline);
//! `nested` is `{vendor: {requirement: outcome}}` (the regorus runner).
//! Every engine is compared with the first: every (vendor, requirement)
//! must have the same outcome (pass, fail, unknown or n/a). Prints the
//! outcome counts of each engine, lists disagreements (at most 20 an
//! engine), and exits with 1 when there is one.

use std::path::Path;
use std::process::ExitCode;

use skykrav_bench::verdicts::{disagreements, read_nested, read_report, summary, Verdicts};

fn main() -> ExitCode {
    let mut engines: Vec<(String, Verdicts)> = Vec::new();
    for arg in std::env::args().skip(1) {
        let Some((name, rest)) = arg.split_once('=') else {
            eprintln!("crosscheck: expected NAME=report:PATH or NAME=nested:PATH, got `{arg}`");
            return ExitCode::from(2);
        };
        let read = match rest.split_once(':') {
            Some(("report", p)) => read_report(Path::new(p)),
            Some(("nested", p)) => read_nested(Path::new(p)),
            _ => {
                eprintln!("crosscheck: expected NAME=report:PATH or NAME=nested:PATH, got `{arg}`");
                return ExitCode::from(2);
            }
        };
        match read {
            Ok(v) => engines.push((name.to_string(), v)),
            Err(e) => {
                eprintln!("crosscheck: {name}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if engines.len() < 2 {
        eprintln!("crosscheck: give at least two engines");
        return ExitCode::from(2);
    }
    let mut bad = 0usize;
    let (ref_name, reference) = &engines[0];
    for (name, v) in &engines {
        let counts: Vec<String> = summary(v).iter().map(|(o, n)| format!("{o} {n}")).collect();
        println!("  {name:<22} {} results: {}", v.len(), counts.join(", "));
    }
    for (name, v) in &engines[1..] {
        let d = disagreements(reference, v);
        if d.is_empty() {
            println!(
                "  {name} agrees with {ref_name} on all {} (vendor, requirement) pairs",
                v.len()
            );
            continue;
        }
        bad += d.len();
        println!(
            "  DISAGREEMENT: {name} differs from {ref_name} on {} pairs:",
            d.len()
        );
        for (vendor, req, a, b) in d.iter().take(20) {
            println!("    {vendor} {req}: {ref_name} {a}, {name} {b}");
        }
    }
    if bad > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
