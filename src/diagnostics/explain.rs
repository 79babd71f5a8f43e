//! The long explanations of the codes, for `skykrav codes CODE` (as
//! `rustc --explain`): what the rule is, why, how it is met, and a small
//! project that gives the code next to one that does not.
//!
//! Each code has a file `explanations/KNNNN.md`: a `# Title` line, the
//! explanation in Markdown, then `## Wrong` and `## Right`, each a project
//! written as `--- relative/path` lines each followed by the file's text. A
//! line `run: test` first means the example is run with `skykrav test`; a
//! line `not run: REASON` first means it cannot be a project of text files
//! (an unreadable file, a repository without the revision), and what
//! follows is a transcript to read.

use super::Code;

/// A code's explanation, read from its file.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub code: Code,
    pub title: String,
    /// The explanation, Markdown paragraphs.
    pub body: String,
    /// A project that gives the code.
    pub wrong: Example,
    /// The same project put right: no diagnostic at all.
    pub right: Example,
}

/// One example project.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Example {
    /// Run with `skykrav test` rather than `check`.
    pub run_tests: bool,
    /// Why it cannot be run as a project, when it cannot.
    pub not_run: Option<String>,
    /// Its files: relative path and text.
    pub files: Vec<(String, String)>,
    /// The example as written (files with their `---` lines, or the
    /// transcript), for showing.
    pub text: String,
}

impl Explanation {
    /// The explanation of `code`.
    pub fn of(code: Code) -> Explanation {
        Explanation::parse(code, code.explanation_text())
    }

    fn parse(code: Code, text: &str) -> Explanation {
        let (head, rest) = text.split_once('\n').unwrap_or((text, ""));
        let title = head.trim_start_matches('#').trim().to_string();
        let (body, examples) = rest.split_once("\n## Wrong\n").unwrap_or((rest, ""));
        let (wrong, right) = examples
            .split_once("\n## Right\n")
            .unwrap_or((examples, ""));
        Explanation {
            code,
            title,
            body: body.trim().to_string(),
            wrong: Example::parse(wrong),
            right: Example::parse(right),
        }
    }
}

impl Example {
    fn parse(text: &str) -> Example {
        let mut example = Example {
            text: text.trim_matches('\n').to_string(),
            ..Example::default()
        };
        let mut rest = text.trim_start_matches('\n');
        if let Some(after) = rest.strip_prefix("run: test\n") {
            example.run_tests = true;
            rest = after;
            example.text = rest.trim_matches('\n').to_string();
        }
        if let Some(after) = rest.strip_prefix("not run: ") {
            let (reason, transcript) = after.split_once('\n').unwrap_or((after, ""));
            example.not_run = Some(reason.trim().to_string());
            example.text = transcript.trim_matches('\n').to_string();
            return example;
        }
        let mut current: Option<(String, String)> = None;
        for line in rest.lines() {
            if let Some(path) = line.strip_prefix("--- ") {
                example.files.extend(current.take());
                current = Some((path.trim().to_string(), String::new()));
            } else if let Some((_, text)) = current.as_mut() {
                text.push_str(line);
                text.push('\n');
            }
        }
        example.files.extend(current);
        for (_, text) in &mut example.files {
            let kept = text.trim_end_matches('\n').len();
            text.truncate(kept);
            text.push('\n');
        }
        example
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_title_an_explanation_and_two_examples() {
        for &code in Code::ALL {
            let e = Explanation::of(code);
            assert!(!e.title.is_empty(), "{code:?}: no title");
            assert!(
                !e.title.ends_with('.'),
                "{code:?}: a title ends without a period"
            );
            assert!(e.body.len() > 200, "{code:?}: the explanation is too short");
            for (which, ex) in [("Wrong", &e.wrong), ("Right", &e.right)] {
                assert!(
                    ex.not_run.is_some() || !ex.files.is_empty(),
                    "{code:?}: `## {which}` holds no project"
                );
            }
        }
    }

    #[test]
    fn a_code_is_found_however_it_is_written() {
        assert_eq!(Code::parse("K1001"), Some(Code::UnknownName));
        assert_eq!(Code::parse("k1001"), Some(Code::UnknownName));
        assert_eq!(Code::parse("1001"), Some(Code::UnknownName));
        assert_eq!(Code::parse("K9999"), None);
    }
}
