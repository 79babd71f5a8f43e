//! `rego DIR --engine interpreter|rvm`
//!
//! Evaluates the corpus's `policy.rego` with regorus over every
//! `vendors/*.json` of DIR (each file, as it is, is the input), and prints
//! `{vendor id: {requirement: "pass"|"fail"|"unknown"|"n/a"}}` as JSON.
//!
//! * `interpreter`: regorus's tree-walking interpreter, one `Engine` with
//!   the policy loaded once; per vendor `set_input` + `eval_rule`.
//! * `rvm`: the policy compiled once to a bytecode program
//!   (`compile_with_entrypoint`, then `Compiler::compile_from_policy`), run
//!   by one `RegoVM` with `set_input` + `execute` per vendor.
//!
//! Single-threaded, like skykrav's evaluation and the baseline.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::vm::RegoVM;
use regorus::{Engine, Rc, Value};

const ENTRY: &str = "data.skykrav.bench.verdicts";
const USAGE: &str = "usage: rego DIR --engine interpreter|rvm";

fn vendor_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir.join("vendors"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Ok(files)
}

fn run(dir: &Path, rvm: bool, entry: &str) -> anyhow_like::Result<()> {
    let policy = fs::read_to_string(dir.join("policy.rego"))?;
    let files = vendor_files(dir)?;
    let mut engine = Engine::new();
    engine
        .add_policy("policy.rego".to_string(), policy)
        .map_err(anyhow_like::msg)?;
    let mut vm = if rvm {
        let entry_rc: Rc<str> = entry.into();
        let compiled = engine
            .compile_with_entrypoint(&entry_rc)
            .map_err(anyhow_like::msg)?;
        let program =
            Compiler::compile_from_policy(&compiled, &[entry]).map_err(anyhow_like::msg)?;
        let mut vm = RegoVM::new();
        vm.load_program(program);
        Some(vm)
    } else {
        None
    };

    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    out.write_all(b"{")?;
    let id_key = Value::from("id");
    let timing = std::env::var_os("REGO_TIMING").is_some();
    let started = std::time::Instant::now();
    for (n, path) in files.iter().enumerate() {
        if timing && n % 1000 == 0 {
            eprintln!("rego: {n} vendors in {:?}", started.elapsed());
        }
        let text = fs::read_to_string(path)?;
        let input = Value::from_json_str(&text)
            .map_err(|e| anyhow_like::msg(format!("{}: {e}", path.display())))?;
        let id = input[&id_key]
            .as_string()
            .map_err(anyhow_like::msg)?
            .clone();
        let verdicts = match vm.as_mut() {
            Some(vm) => {
                vm.set_input(input);
                vm.execute()
                    .map_err(|e| anyhow_like::msg(format!("{}: {e}", path.display())))?
            }
            None => {
                engine.set_input(input);
                engine
                    .eval_rule(entry.to_string())
                    .map_err(|e| anyhow_like::msg(format!("{}: {e}", path.display())))?
            }
        };
        if n > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"\n  ")?;
        serde_json::to_writer(&mut out, id.as_ref())?;
        out.write_all(b": ")?;
        serde_json::to_writer(&mut out, &verdicts)?;
    }
    out.write_all(b"\n}\n")?;
    out.flush()?;
    Ok(())
}

/// Just enough error plumbing for a small binary, without a dependency.
mod anyhow_like {
    pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

    pub fn msg(e: impl std::fmt::Display) -> Box<dyn std::error::Error> {
        e.to_string().into()
    }
}

fn main() -> ExitCode {
    let mut dir: Option<PathBuf> = None;
    let mut engine: Option<String> = None;
    let mut entry = ENTRY.to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--engine" => engine = args.next(),
            // For debugging the encoding: evaluate another rule.
            "--entry" => entry = args.next().unwrap_or(entry),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            a if !a.starts_with('-') && dir.is_none() => dir = Some(PathBuf::from(a)),
            a => {
                eprintln!("rego: unexpected argument `{a}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let rvm = match engine.as_deref() {
        Some("interpreter") => false,
        Some("rvm") => true,
        _ => {
            eprintln!("rego: --engine interpreter|rvm is required\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Some(dir) = dir else {
        eprintln!("rego: DIR is required\n{USAGE}");
        return ExitCode::from(2);
    };
    match run(&dir, rvm, &entry) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rego: {e}");
            ExitCode::FAILURE
        }
    }
}
