//! `skykrav codes [CODE]`: the catalogue of diagnostic codes, and one
//! code's long explanation with a project that gives it and one that does
//! not (as `rustc --explain`).

use skykrav::diagnostics::explain::{Example, Explanation};
use skykrav::diagnostics::Code;
use skykrav::project::Verdict;

use super::{to_stderr, to_stdout};

#[derive(clap::Args, Debug)]
pub(crate) struct CodesArgs {
    /// The code to explain, such as K1001; without it, every code with its
    /// title.
    code: Option<String>,
}

pub(crate) fn codes(args: CodesArgs) -> i32 {
    let Some(asked) = args.code else {
        let _ = to_stdout(&catalogue());
        return Verdict::Pass as i32;
    };
    match Code::parse(&asked) {
        Some(code) => {
            let _ = to_stdout(&explain(&Explanation::of(code)));
            Verdict::Pass as i32
        }
        None => {
            let hint = match closest(&asked) {
                Some(c) => format!("did you mean `{}`? ", c.as_str()),
                None => String::new(),
            };
            to_stderr(&format!(
                "error: `{asked}` is not a diagnostic code\n\n  help: {hint}`skykrav codes` lists every code\n"
            ));
            Verdict::Invalid as i32
        }
    }
}

fn catalogue() -> String {
    let mut out = String::new();
    for &code in Code::ALL {
        out.push_str(&format!(
            "{}  {}\n",
            code.as_str(),
            Explanation::of(code).title
        ));
    }
    out.push_str(&format!(
        "\n{} codes: K0 the text of a file, K1 names and types, K2 waivers, tests and evaluation, K3 loading and configuration.\n`skykrav codes K1001` explains one.\n",
        Code::ALL.len()
    ));
    out
}

fn explain(e: &Explanation) -> String {
    let code = e.code.as_str();
    let mut out = format!("{code}: {}\n\n{}\n", e.title, wrap(&e.body, 80));
    let sections = [
        ("Wrong", format!("gives {code}"), &e.wrong),
        ("Right", "gives no diagnostic".to_string(), &e.right),
    ];
    for (heading, gives, example) in sections {
        out.push_str(&format!("\n## {heading}: {}\n\n", says(example, &gives)));
        out.push_str(&example.text);
        out.push('\n');
    }
    out
}

/// What running the example shows, in a few words.
fn says(example: &Example, gives: &str) -> String {
    match (&example.not_run, example.run_tests) {
        (Some(reason), _) => format!("as a user meets it ({reason})"),
        (None, true) => format!("`skykrav test` on this project {gives}"),
        (None, false) => format!("`skykrav check` on this project {gives}"),
    }
}

/// The code that differs from what was asked in one character, if one does.
fn closest(asked: &str) -> Option<Code> {
    let asked = asked.trim().to_ascii_uppercase();
    let asked = if asked.starts_with('K') {
        asked
    } else {
        format!("K{asked}")
    };
    Code::ALL.iter().copied().find(|c| {
        let s = c.as_str();
        s.len() == asked.len() && s.chars().zip(asked.chars()).filter(|(a, b)| a != b).count() == 1
    })
}

/// Markdown paragraphs wrapped at `width` columns for a terminal; lines
/// that are indented (code, transcripts) stay as they are, a list item's
/// continuation lines are indented under its text.
fn wrap(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with(' ') || line.len() <= width {
            out.push(line.to_string());
            continue;
        }
        let indent = if line.starts_with("- ") { "  " } else { "" };
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut current));
                current.push_str(indent);
            } else if !current.is_empty() && current != indent {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(current);
    }
    out.join("\n")
}
