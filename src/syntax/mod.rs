//! Syntax: text → pest pairs → typed AST with spans.
//!
//! [`parse_source`] is the only entry point; pest's types do not leave this
//! module.

pub mod ast;
mod grammar;
mod literal;
mod lower;
mod plain;
mod scan;
mod words;

pub use words::is_item_id;

use pest::error::{ErrorVariant, InputLocation};
use pest::Parser;

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use grammar::{KravParser, Rule};
use words::RESERVED;

pub use literal::parse_date;
pub(crate) use literal::{classify_numeric, decimal_from_text};

/// Parses one `.krav` file. On a syntax error the file yields no tree and
/// one diagnostic (pest cannot recover); other errors (a property given
/// twice, a bad literal) come with the part of the tree that was fine.
pub fn parse_source(file: FileId, text: &str) -> (Option<ast::SourceAst>, Vec<Diagnostic>) {
    // Most files of a large project are vendors written as plain data: a
    // reader of its own takes those, and gives up on anything else. It
    // needs no pre-pass: it accepts only balanced, shallow, closed text.
    if let Some(ast) = plain::parse_plain_vendors(file, text) {
        return (Some(ast), Vec::new());
    }
    parse_with_grammar(file, text)
}

pub use plain::parse_plain_vendors;

/// Whether `text` is a file of plain vendors, which [`parse_source`] reads
/// without pest and without diagnostics. The loader leaves such files for
/// the checker to read once the schema is known, as it does JSON vendors,
/// so that no vendor's tree is held longer than its conversion.
pub fn is_plain_vendor_file(text: &str) -> bool {
    plain::is_plain_vendors(text)
}

/// Whether the pre-pass finds nothing wrong with `text`.
#[cfg(test)]
pub(crate) fn prescan_ok(text: &str) -> bool {
    scan::prescan(FileId(0), text).is_empty()
}

/// Parses a file with the full grammar alone (after the pre-pass), never
/// the reader of plain vendors: [`parse_source`] without its fast path,
/// for the tests and the fuzz target that hold the two to one tree.
pub fn parse_with_grammar(file: FileId, text: &str) -> (Option<ast::SourceAst>, Vec<Diagnostic>) {
    let early = scan::scan(file, text);
    if let Some(at) = early.stray_closer {
        if let Some(d) = error_before_stray_closer(file, text, at) {
            return (None, vec![d]);
        }
    }
    if !early.diags.is_empty() {
        return (None, early.diags);
    }
    let pairs = match KravParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(e) => return (None, vec![syntax_error(file, text, &e)]),
    };
    let Some(file_pair) = pairs.into_iter().next() else {
        return (None, Vec::new());
    };
    let mut lowerer = lower::Lowerer::new(file);
    let comments = lowerer.comments(&file_pair);
    let items = lowerer.file(file_pair);
    (
        Some(ast::SourceAst {
            file,
            items,
            comments,
        }),
        lowerer.diags,
    )
}

/// A `}` that closes nothing most often follows a `{` left out above it
/// (`requirement r "t"` and no brace): the grammar, run on the balanced
/// text before the stray `}`, stops where the brace is missing. Its error
/// is given then, with the stray `}` as a second label; `None` when the
/// text before it reads well, and the stray `}` is the mistake itself.
fn error_before_stray_closer(file: FileId, text: &str, at: usize) -> Option<Diagnostic> {
    let before = text.get(..at)?;
    let e = KravParser::parse(Rule::file, before).err()?;
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    // An error only at the end means that the text was fine up to the `}`.
    if before.get(pos..).is_none_or(|rest| rest.trim().is_empty()) {
        return None;
    }
    let mut d = syntax_error(file, before, &e)
        .secondary(Span::new(file, at, at + 1), "so this `}` closes nothing");
    if d.labels.first().and_then(|l| l.message.as_deref()) == Some("expected `{`") {
        d = d.with_help(
            "a `{` is missing: every `schema`, `group`, `record`, `policy`, `requirement`, `vendor`, `defaults`, `waiver` and `test` opens its block with `{` after its title",
        );
    }
    Some(d)
}

/// Builds a diagnostic from a pest error, in words a user knows: what was
/// found, and what could have stood there.
fn syntax_error(file: FileId, text: &str, e: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let (found, len) = token_at(text, pos);
    // Re-parse with pest's detailed attempts to learn the literal tokens
    // (`{`, `=`, keywords) it wanted; the cheap first pass does not track
    // them.
    let detailed = parse_with_detail(text);
    let mut expected: Vec<String> = Vec::new();
    let mut add = |s: String| {
        if !expected.contains(&s) {
            expected.push(s);
        }
    };
    if let Some(attempts) = detailed.as_ref().and_then(|d| d.parse_attempts()) {
        if attempts.max_position == pos {
            for token in attempts.expected_tokens() {
                if let Some(shown) = token_label(&token.to_string()) {
                    add(shown);
                }
            }
        }
    }
    if let ErrorVariant::ParsingError { positives, .. } = &e.variant {
        for rule in positives {
            if let Some(label) = rule_label(*rule) {
                add(label.to_string());
            }
        }
    }
    let span = Span::new(file, pos, pos + len);
    let mut d = Diagnostic::error(Code::Syntax, format!("unexpected {found}"));
    d = if expected.is_empty() {
        d.primary(span, "not expected here")
    } else {
        d.primary(span, format!("expected {}", one_of(&expected)))
    };
    let word = text.get(pos..pos + len).unwrap_or("");
    if RESERVED.contains(&word) && expected.iter().any(|e| e == "a name") {
        d = d.with_help(format!(
            "`{word}` is a reserved word and cannot be a name; the reserved words are {}",
            RESERVED.map(|r| format!("`{r}`")).join(", ")
        ));
    } else if let Some(k) = crate::suggest::did_you_mean(
        word,
        expected
            .iter()
            .filter_map(|e| e.strip_prefix('`').and_then(|e| e.strip_suffix('`'))),
    )
    .filter(|k| k.chars().all(|c| c.is_ascii_alphabetic() || c == '_'))
    {
        d = d.with_help(format!("did you mean `{k}`?"));
    } else if let Some(h) = hint_for(text, pos) {
        d = d.with_help(h);
    } else if expected.iter().any(|e| e.starts_with("an item")) {
        d = d.with_help(
            "a file holds items, each starting with `schema`, `policy`, `vendor`, `defaults`, `waiver` or `test`",
        );
    }
    d
}

/// Parses `text` with pest's record of every attempt, for the list of what
/// could have stood at an error. The switch for it is one flag for the whole
/// process, and files are parsed on every core at once: were two detailed
/// parses to overlap, one could turn the flag off in the middle of the
/// other's, which then reports fewer expected tokens. So detailed parses take
/// turns. A parse without detail that runs meanwhile only records more than
/// it needs; its error is the same.
fn parse_with_detail(text: &str) -> Option<pest::error::Error<Rule>> {
    static DETAIL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = DETAIL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    pest::set_error_detail(true);
    let detailed = KravParser::parse(Rule::file, text).err();
    pest::set_error_detail(false);
    detailed
}

/// How a literal token pest wanted is shown; `None` for the ones that say
/// nothing to a user (whitespace, character ranges).
fn token_label(token: &str) -> Option<String> {
    match token {
        " " | "\t" | "\r" | "\n" | "\u{FEFF}" | "//" | "\r\n" | "\\" | "_" | "." | "-"
        | "BUILTIN_RULE" => None,
        "\"" => Some("a string".to_string()),
        t if t.contains("..") => None,
        t => Some(format!("`{t}`")),
    }
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`", trimmed to a readable length.
fn one_of(items: &[String]) -> String {
    const MOST: usize = 8;
    let shown: Vec<&str> = items.iter().take(MOST).map(String::as_str).collect();
    let more = items.len() > MOST;
    match shown.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] if !more => format!("{} or {last}", init.join(", ")),
        all => format!("{}, …", all.join(", ")),
    }
}

/// What stands at `pos`, for "unexpected …": a word, a symbol, or the end.
fn token_at(text: &str, pos: usize) -> (String, usize) {
    let rest = text.get(pos..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return ("end of file".to_string(), 0);
    };
    if first.is_alphanumeric() || first == '_' {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '%' | '/'))
            .collect();
        let len = word.len();
        return (format!("`{word}`"), len);
    }
    if first == '\0' {
        return ("a NUL byte".to_string(), 1);
    }
    if first.is_control() {
        return (
            format!("control character U+{:04X}", first as u32),
            first.len_utf8(),
        );
    }
    (format!("`{first}`"), first.len_utf8())
}

/// Advice for mistakes people coming from other languages make.
fn hint_for(text: &str, pos: usize) -> Option<&'static str> {
    let rest = text.get(pos..).unwrap_or("");
    let hints: [(&str, &str); 7] = [
        ("&&", "write `and` instead of `&&`"),
        ("||", "write `or` instead of `||`"),
        ("!", "write `not` instead of `!`"),
        (
            "=",
            "compare with `==`; a single `=` gives a fact its value in a vendor",
        ),
        ("'", "strings are written with double quotes: \"…\""),
        ("-", "numbers have no sign"),
        ("#", "comments start with `//`"),
    ];
    for (start, hint) in hints {
        if rest.starts_with(start) && !(start == "!" && rest.starts_with("!=")) {
            return Some(hint);
        }
    }
    None
}

/// The words for grammar rules that a user can understand.
fn rule_label(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::schema | Rule::policy | Rule::vendor | Rule::defaults | Rule::waiver | Rule::test => {
            "an item (`schema`, `policy`, `vendor`, `defaults`, `waiver` or `test`)"
        }
        Rule::name | Rule::field_name => "a name",
        Rule::item_id => "an id",
        Rule::req_id => "a requirement id",
        Rule::req_ref => "a requirement (`POLICY/REQUIREMENT`)",
        Rule::string => "a string",
        Rule::numeric => "a number or date",
        Rule::enum_decl | Rule::record_decl | Rule::group_decl | Rule::fact_decl => {
            "a schema member (`enum`, `record`, `group` or `fact`)"
        }
        Rule::description | Rule::reference | Rule::define | Rule::requirement => {
            "a policy member (`description`, `reference`, `define` or `requirement`)"
        }
        Rule::severity
        | Rule::ref_prop
        | Rule::when_prop
        | Rule::require_prop
        | Rule::help_prop => {
            "a requirement property (`severity`, `ref`, `when`, `require` or `help`)"
        }
        Rule::expr
        | Rule::paren
        | Rule::call
        | Rule::list_lit
        | Rule::record_lit
        | Rule::today
        | Rule::bool_lit
        | Rule::path
        | Rule::op_not
        | Rule::quant => "an expression",
        Rule::op_or
        | Rule::op_and
        | Rule::op_not_in
        | Rule::op_in
        | Rule::op_contains
        | Rule::op_within
        | Rule::op_matches
        | Rule::op_cmp => "an operator",
        Rule::vendor_as_of | Rule::fact_block | Rule::fact_assign => "a fact",
        Rule::attr_source | Rule::attr_as_of | Rule::attr_expires => {
            "`source`, `as_of` or `expires`"
        }
        Rule::w_vendor
        | Rule::w_requirement
        | Rule::w_expires
        | Rule::w_approved_by
        | Rule::w_reason => {
            "a waiver field (`vendor`, `requirement`, `expires`, `approved_by` or `reason`)"
        }
        Rule::test_vendor | Rule::expect => "`vendor` or `expect`",
        Rule::type_expr | Rule::list_type => "a type",
        Rule::field_decl => "a field",
        Rule::field_init => "a field (`name = value`)",
        Rule::outcome => "an outcome",
        Rule::kw_schema => "`schema`",
        Rule::kw_policy => "`policy`",
        Rule::kw_vendor => "`vendor`",
        Rule::kw_waiver => "`waiver`",
        Rule::kw_defaults => "`defaults`",
        Rule::kw_test => "`test`",
        Rule::kw_in => "`in`",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::ast::{BinOp, Expr, ExprKind, Item};
    use super::*;
    use crate::vocabulary::Quantifier;

    fn require(expr: &str) -> Expr {
        let text =
            format!("policy p \"t\" {{ requirement r \"x\" {{ severity low require {expr} }} }}");
        let (ast, diags) = parse_source(FileId(0), &text);
        assert!(diags.is_empty(), "{diags:?}");
        let Some(Item::Policy(p)) = ast.unwrap().items.into_iter().next() else {
            panic!("no policy")
        };
        p.requirements[0].requires[0].0.clone()
    }

    /// The tree as a compact string: `(and (not a) b)`.
    fn shape(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Path(p) => p
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join("."),
            ExprKind::Not(x) => format!("(not {})", shape(x)),
            ExprKind::Paren(x) => shape(x),
            ExprKind::Binary(op, l, r) => format!("({} {} {})", op.as_str(), shape(l), shape(r)),
            ExprKind::Quant {
                kind,
                var,
                list,
                body,
            } => {
                let k = match kind {
                    Quantifier::All => "all",
                    Quantifier::Any => "any",
                    Quantifier::None => "none",
                };
                format!("({k} {} {} {})", var.name, shape(list), shape(body))
            }
            ExprKind::Bool(b) => b.to_string(),
            ExprKind::Int(i) => i.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn precedence_follows_the_spec() {
        assert_eq!(shape(&require("a or b and c")), "(or a (and b c))");
        assert_eq!(shape(&require("not a and b")), "(and (not a) b)");
        assert_eq!(shape(&require("not a == b")), "(not (== a b))");
        assert_eq!(
            shape(&require("a and b or c and d")),
            "(or (and a b) (and c d))"
        );
        assert_eq!(
            shape(&require("x not in l and y in m")),
            "(and (not in x l) (in y m))"
        );
    }

    #[test]
    fn a_quantifier_body_reaches_as_far_right_as_it_can() {
        assert_eq!(
            shape(&require("all s in l: a and b")),
            "(all s l (and a b))"
        );
        assert_eq!(
            shape(&require("(all s in l: a) and b")),
            "(and (all s l a) b)"
        );
        assert_eq!(
            shape(&require("x and any s in l: a or b")),
            "(and x (any s l (or a b)))"
        );
        assert_eq!(
            shape(&require("not all s in l: a and b")),
            "(not (all s l (and a b)))"
        );
    }

    #[test]
    fn comparisons_do_not_chain() {
        let text = "policy p \"t\" { requirement r \"x\" { severity low require a < b < c } }";
        let (_, diags) = parse_source(FileId(0), text);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, crate::diagnostics::Code::ChainedComparison);
        assert_eq!(shape(&require("(a < b) == c")), "(== (< a b) c)");
    }

    #[test]
    fn spans_end_where_the_code_does() {
        let text =
            "policy p \"t\" { requirement r \"x\" { severity low\n  require a and b   // why\n } }";
        let (ast, _) = parse_source(FileId(0), text);
        let Some(Item::Policy(p)) = ast.unwrap().items.into_iter().next() else {
            panic!("no policy")
        };
        let (expr, line) = &p.requirements[0].requires[0];
        assert_eq!(&text[expr.span.range()], "a and b");
        assert_eq!(&text[line.range()], "require a and b");
        assert!(matches!(expr.kind, ExprKind::Binary(BinOp::And, ..)));
    }

    #[test]
    fn comments_are_kept_with_their_places() {
        let text = "// head\nschema s { // after brace\n  fact a: bool // after fact\n}\n// tail";
        let (ast, diags) = parse_source(FileId(0), text);
        assert!(diags.is_empty());
        let comments = ast.unwrap().comments;
        let texts: Vec<&str> = comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, [" head", " after brace", " after fact", " tail"]);
        for c in &comments {
            assert!(text[c.span.range()].starts_with("//"));
        }
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
        let text = "\u{feff}schema s {\r\n  fact a: bool // x\r\n}\r\n";
        let (ast, diags) = parse_source(FileId(0), text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(ast.unwrap().items.len(), 1);
    }
}
