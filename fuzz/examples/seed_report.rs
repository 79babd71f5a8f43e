//! Tells how far each input of a corpus gets: `evaluated` (checked into
//! a model, evaluated and reported), `checked-out` (parsed, but the
//! checker found errors) or `parse-error`.
//!
//!   cargo run --release --example seed_report -- corpus/evaluator
use std::path::Path;

use skykrav::diagnostics::Diagnostics;
use skykrav::source::FileId;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "corpus/evaluator".into());
    let mut paths: Vec<_> = std::fs::read_dir(Path::new(&dir))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let (mut evaluated, mut total) = (0, 0);
    for p in paths {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        total += 1;
        let text = String::from_utf8_lossy(&bytes);
        let (ast, perr) = skykrav::syntax::parse_source(FileId(0), &text);
        let what = match ast {
            None => format!(
                "parse-error ({})",
                perr.first().map(|d| d.message.clone()).unwrap_or_default()
            ),
            Some(ast) => {
                let mut diags = Diagnostics::new();
                if skykrav::check::check(&[ast], &mut diags).is_some() {
                    "model".to_string()
                } else {
                    format!(
                        "check-error ({})",
                        diags
                            .iter()
                            .filter(|d| d.is_error())
                            .take(2)
                            .map(|d| d.message.clone())
                            .collect::<Vec<_>>()
                            .join(" / ")
                    )
                }
            }
        };
        if skykrav_fuzz::evaluator(&text).evaluated {
            evaluated += 1;
        }
        println!("{what:<14} {}", p.display());
    }
    println!("{evaluated} of {total} inputs reach evaluation");
}
