//! The words of the language that the grammar and the reader of plain
//! vendors must agree on, listed once. `grammar/skykrav.pest` spells them in
//! its `reserved` rule; a test below reads that rule and compares.

/// Words that cannot be names (docs/language.md §2.4): they cannot start a
/// fact's path, be an enum value, or name a define or a variable.
pub const RESERVED: [&str; 15] = [
    "and", "or", "not", "in", "contains", "within", "matches", "all", "any", "none", "present",
    "count", "today", "true", "false",
];

/// Whether a byte may start a name (a fact, a define, a variable): the
/// grammar's `name` rule.
pub fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

/// Whether a byte may continue a name: the grammar's `ident_char`.
pub fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether a byte may continue an id (of a vendor, policy or requirement):
/// the grammar's `item_id`, which starts with a letter.
pub fn is_id_char(b: u8) -> bool {
    is_name_char(b) || b == b'-'
}

/// Whether `s` is an id as the grammar's `item_id` reads one: a letter,
/// then letters, digits, `_` and `-`. A vendor id in a data file must be
/// one, so that waivers and tests can name it.
pub fn is_item_id(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic) && bytes.iter().all(|b| is_id_char(*b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_character_sets_are_the_grammars() {
        let grammar = include_str!("../../grammar/skykrav.pest");
        let rule = |name: &str| {
            grammar
                .lines()
                .find(|l| l.starts_with(&format!("{name} ")))
                .unwrap_or_else(|| panic!("the grammar has a `{name}` rule"))
                .split_once('=')
                .map(|(_, body)| body.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default()
        };
        // If a rule changes, these functions (and the reader of plain
        // vendors that uses them) must change with it.
        assert_eq!(rule("ident_char"), "_{ ASCII_ALPHANUMERIC | \"_\" }");
        assert_eq!(
            rule("name"),
            "@{ !reserved ~ (ASCII_ALPHA | \"_\") ~ ident_char* }"
        );
        assert_eq!(
            rule("item_id"),
            "@{ ASCII_ALPHA ~ (ASCII_ALPHANUMERIC | \"_\" | \"-\")* }"
        );
        for b in 0..=255u8 {
            let alnum = b.is_ascii_alphanumeric();
            assert_eq!(is_name_char(b), alnum || b == b'_');
            assert_eq!(is_name_start(b), b.is_ascii_alphabetic() || b == b'_');
            assert_eq!(is_id_char(b), alnum || b == b'_' || b == b'-');
        }
        assert!(is_item_id("microsoft-365") && is_item_id("a_b"));
        assert!(!is_item_id("365") && !is_item_id("-a") && !is_item_id("") && !is_item_id("a b"));
    }

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
