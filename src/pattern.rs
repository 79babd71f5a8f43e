//! The glob patterns of `matches` and of the `--vendor` and `--requirement`
//! filters: one rule for both, stricter than the `glob` crate's, which reads
//! patterns as paths.
//!
//! Ids and strings are not paths, and `*` already matches any run of
//! characters, `/` included. So `**` has no meaning of its own: the crate
//! would accept it alone and refuse it beside other characters (`a**`),
//! which no reader could predict. It is refused everywhere, with the advice
//! to write `*`. A range whose ends are reversed (`[z-a]`) would match
//! nothing at all, silently; it is refused too.

/// Compiles a pattern, or says in words what is wrong with it.
pub fn compile(text: &str) -> Result<glob::Pattern, String> {
    check_rules(text)?;
    glob::Pattern::new(text).map_err(|e| e.msg.to_string())
}

/// The rules the crate does not enforce.
fn check_rules(text: &str) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                return Err(
                    "`**` means nothing more than `*` here: `*` already matches any run of characters, `/` included; write `*`"
                        .to_string(),
                );
            }
            '[' => i = class_end(&chars, i)?,
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Checks the class that opens at `open` and returns the index of its `]`;
/// an unclosed class is left for the crate to report.
fn class_end(chars: &[char], open: usize) -> Result<usize, String> {
    let mut i = open + 1;
    if chars.get(i) == Some(&'!') {
        i += 1;
    }
    // A `]` first in the class is a literal one.
    let first = i;
    while i < chars.len() {
        let c = chars[i];
        if c == ']' && i > first {
            return Ok(i);
        }
        if let (Some('-'), Some(&end)) = (chars.get(i + 1), chars.get(i + 2)) {
            if end != ']' {
                if c > end {
                    return Err(format!(
                        "`[{c}-{end}]` is a reversed range and would match nothing; write `[{end}-{c}]`"
                    ));
                }
                i += 3;
                continue;
            }
        }
        i += 1;
    }
    Ok(chars.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_double_star_is_refused_wherever_it_stands() {
        for p in ["**", "***", "a**", "**b", "a**b", "dk/**"] {
            assert!(compile(p).is_err(), "{p}");
        }
        // Inside a class, `*` is a literal character.
        assert!(compile("[**]").is_ok());
        assert!(compile("a*b*c").is_ok());
    }

    #[test]
    fn a_reversed_range_is_refused() {
        assert!(compile("[z-a]").unwrap_err().contains("write `[a-z]`"));
        assert!(compile("x[!9-0]").is_err());
        assert!(compile("[a-z]").is_ok());
        assert!(compile("[a-a]").is_ok());
        // `-` at the end of a class is a literal.
        assert!(compile("[a-]").is_ok());
        assert!(compile("[a-").is_err());
    }
}
