//! The words of the language that the grammar and the reader of plain
//! vendors must agree on, listed once. `grammar/skykrav.pest` spells them in
//! its `reserved` rule; a test below reads that rule and compares.

/// Words that cannot be names (docs/language.md §2.4): they cannot start a
/// fact's path, be an enum value, or name a define or a variable.
pub const RESERVED: [&str; 15] = [
    "and", "or", "not", "in", "contains", "within", "matches", "all", "any", "none", "present",
    "count", "today", "true", "false",
];

#[cfg(test)]
mod tests {
    use super::RESERVED;

    #[test]
    fn the_grammar_reserves_exactly_these_words() {
        let grammar = include_str!("../../grammar/skykrav.pest");
        let rule = grammar
            .split("\nreserved = @{")
            .nth(1)
            .and_then(|rest| rest.split("~ !ident_char").next())
            .expect("the grammar has a `reserved` rule");
        let mut in_grammar: Vec<&str> = rule.split('"').skip(1).step_by(2).collect();
        in_grammar.sort_unstable();
        let mut listed = RESERVED.to_vec();
        listed.sort_unstable();
        assert_eq!(in_grammar, listed);
    }
}
