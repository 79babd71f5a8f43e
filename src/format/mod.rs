//! The formatter: one canonical layout for `.krav` files, so that a diff of
//! a policy shows what changed in meaning and never in white space.
//!
//! It reads the syntax tree with its comments (never the checked model, so
//! it formats a file whatever the rest of the project says) and prints it
//! again ([`layout`] decides the layout, [`doc`] prints it at [`WIDTH`]).
//! Every comment is kept, in order, at its place: one on a line of its own
//! stays on a line of its own, one after code stays after that code.
//!
//! It never loses anything: before the text is returned it is parsed
//! again, and it must give the same tree (up to places), the same comments
//! and itself when formatted once more. Otherwise [`format_text`] refuses,
//! and the file is left as it was.

mod align;
mod comments;
mod doc;
mod layout;

use crate::diagnostics::{Code, Diagnostic, Level};
use crate::source::{FileId, Span};
use crate::syntax::ast::SourceAst;
use crate::syntax::parse_with_grammar;

/// The width the layout fits lines into, in characters. A string or a
/// name longer than that still takes its line: literals are never split.
pub const WIDTH: usize = 100;

/// The formatted text of the `.krav` file `text`, read as file `file`, or
/// the diagnostics that stop it from being formatted: a file with an error
/// is never touched.
pub fn format_text(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let ast = parse(file, text)?;
    let formatted = print(text, &ast);
    // The net under the layout: a file whose meaning or comments would
    // change is refused, not written.
    let again = parse(file, &formatted).map_err(|_| vec![refused(file, "does not parse")])?;
    if !same_tree(&ast, &again) {
        return Err(vec![refused(file, "reads differently")]);
    }
    if !same_comments(&ast, &again) {
        return Err(vec![refused(file, "moves or changes a comment")]);
    }
    if print(&formatted, &again) != formatted {
        return Err(vec![refused(file, "is not stable")]);
    }
    Ok(formatted)
}

fn parse(file: FileId, text: &str) -> Result<SourceAst, Vec<Diagnostic>> {
    let (ast, diags) = parse_with_grammar(file, text);
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.level == Level::Error)
        .collect();
    match ast {
        Some(ast) if errors.is_empty() => Ok(ast),
        _ => Err(errors),
    }
}

fn print(text: &str, ast: &SourceAst) -> String {
    let doc = layout::Layout::new(text, &ast.comments).file(ast);
    doc.print(WIDTH)
}

fn refused(file: FileId, why: &str) -> Diagnostic {
    Diagnostic::error(
        Code::FormatterBug,
        format!("the formatter left this file as it was: its layout {why}"),
    )
    .primary(Span::new(file, 0, 0), "not formatted")
    .with_help("this is a bug in skykrav's formatter; please report it with the file")
}

/// Whether two trees say the same thing, wherever their parts stand.
pub fn same_tree(a: &SourceAst, b: &SourceAst) -> bool {
    without_places(&format!("{:?}", a.items)) == without_places(&format!("{:?}", b.items))
}

/// Whether two files hold the same comments in the same order (trailing
/// white space aside, which the formatter removes).
pub fn same_comments(a: &SourceAst, b: &SourceAst) -> bool {
    let texts = |t: &SourceAst| -> Vec<String> {
        t.comments
            .iter()
            .map(|c| c.text.trim_end().to_string())
            .collect()
    };
    texts(a) == texts(b)
}

/// A tree's debug text with every `Span { … }` taken out.
fn without_places(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(at) = rest.find("Span { ") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match rest.find(" }") {
            Some(end) => rest = &rest[end + 2..],
            None => break,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
