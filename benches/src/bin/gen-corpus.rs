//! `gen-corpus DIR --vendors V --requirements R [--seed S] [--format krav|json|both]`
//!
//! Writes a deterministic skykrav project of V vendors and R requirements
//! (and the same requirements in Rego) into DIR. See `skykrav_bench::corpus`.

use std::path::PathBuf;
use std::process::ExitCode;

use skykrav_bench::{generate, Format};

const USAGE: &str =
    "usage: gen-corpus DIR --vendors V --requirements R [--seed S] [--format krav|json|both]";

fn main() -> ExitCode {
    let mut dir: Option<PathBuf> = None;
    let mut vendors: Option<usize> = None;
    let mut requirements: Option<usize> = None;
    let mut seed: u64 = 1;
    let mut format = Format::Json;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let parsed: Result<(), String> = (|| {
            match arg.as_str() {
                "--vendors" => {
                    vendors = Some(
                        value("--vendors")?
                            .parse()
                            .map_err(|e| format!("--vendors: {e}"))?,
                    )
                }
                "--requirements" => {
                    requirements = Some(
                        value("--requirements")?
                            .parse()
                            .map_err(|e| format!("--requirements: {e}"))?,
                    )
                }
                "--seed" => {
                    seed = value("--seed")?
                        .parse()
                        .map_err(|e| format!("--seed: {e}"))?
                }
                "--format" => {
                    let v = value("--format")?;
                    format = Format::parse(&v)
                        .ok_or_else(|| format!("--format: unknown format `{v}`"))?;
                }
                "-h" | "--help" => return Err(String::new()),
                a if a.starts_with('-') => return Err(format!("unknown option `{a}`")),
                a if dir.is_none() => dir = Some(PathBuf::from(a)),
                a => return Err(format!("unexpected argument `{a}`")),
            }
            Ok(())
        })();
        if let Err(e) = parsed {
            if e.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("gen-corpus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let (Some(dir), Some(vendors), Some(requirements)) = (dir, vendors, requirements) else {
        eprintln!("gen-corpus: DIR, --vendors and --requirements are required\n{USAGE}");
        return ExitCode::from(2);
    };
    match generate(&dir, vendors, requirements, seed, format) {
        Ok(()) => {
            eprintln!(
                "gen-corpus: {vendors} vendors × {requirements} requirements (seed {seed}, {format:?}) in {}",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
