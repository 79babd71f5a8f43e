//! What a vendor's author most likely meant by a value of the wrong form:
//! `"1 day"` for a duration is `1d`, `99.9h` for a percent is `99.9%`.
//! Only the checker can say so, because only it knows the fact's type.

use crate::model::Type;

/// A duration spelled out in words (`"1 day"`, `"2 weeks"`, `"36 hours"`,
/// `"1 year"`, also in Danish: `"3 dage"`) as the duration literals that
/// say the same, best first: `["1d", "24h"]`. `None` when the text is not
/// such a duration.
pub fn spelled_duration(text: &str) -> Option<Vec<String>> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (digits, word) = text.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let word = word.trim().to_lowercase();
    let unit = match word.as_str() {
        "minute" | "minutes" | "min" | "mins" | "minut" | "minutter" => 'm',
        "hour" | "hours" | "hr" | "hrs" | "time" | "timer" => 'h',
        "day" | "days" | "dag" | "dage" | "døgn" => 'd',
        "week" | "weeks" | "wk" | "wks" | "uge" | "uger" => 'w',
        "year" | "years" | "yr" | "yrs" | "år" => 'y',
        "month" | "months" | "måned" | "måneder" => 'M',
        _ => return None,
    };
    let same: Vec<String> = match unit {
        'm' if n >= 60 && n % 60 == 0 => vec![format!("{n}m"), format!("{}h", n / 60)],
        'h' if n >= 24 && n % 24 == 0 => vec![format!("{}d", n / 24), format!("{n}h")],
        'h' => vec![format!("{n}h")],
        'd' => vec![format!("{n}d"), format!("{}h", n.checked_mul(24)?)],
        'w' => vec![format!("{n}w"), format!("{}d", n.checked_mul(7)?)],
        // There are no months or years: their length varies.
        'y' => vec![format!("{}d", n.checked_mul(365)?)],
        'M' => vec![format!("{}d", n.checked_mul(30)?)],
        _ => vec![format!("{n}{unit}")],
    };
    Some(same)
}

/// The help for a spelled-out duration: `write `1d` (or `24h`)`.
pub fn spelled_duration_help(text: &str, data: bool) -> Option<String> {
    let same = spelled_duration(text)?;
    let quote = |s: &String| {
        if data {
            format!("\"{s}\"")
        } else {
            format!("`{s}`")
        }
    };
    let first = same.first().map(quote)?;
    let rest: Vec<String> = same.iter().skip(1).map(quote).collect();
    let how = if data {
        "write the duration as a number and a unit letter"
    } else {
        "write the duration without quotes, as a number and a unit letter"
    };
    let mut help = if rest.is_empty() {
        format!("{how}: {first}")
    } else {
        format!("{how}: {first} (or {})", rest.join(", "))
    };
    if spelled_unit_is_approximate(text) {
        help.push_str("; there are no months or years, because their length varies");
    }
    Some(help)
}

fn spelled_unit_is_approximate(text: &str) -> bool {
    let t = text.to_lowercase();
    ["month", "year", "yr", "måned", "år"]
        .iter()
        .any(|w| t.contains(w))
}

/// For a number-like token that is no valid literal (`99.9h`), the help
/// when the fact's type makes the intent plain: a percent or a number
/// written with a unit letter.
pub fn malformed_hint(text: &str, ty: &Type) -> Option<String> {
    let number: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '_'))
        .collect();
    let unit = &text[number.len()..];
    if number.is_empty() || unit.is_empty() || !unit.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    match ty {
        Type::Percent => Some(format!("a percent is written with `%`: `{number}%`")),
        Type::Number => Some(format!("a number has no unit: `{number}`")),
        Type::Int if !number.contains('.') => Some(format!("an int has no unit: `{number}`")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_words_become_literals() {
        assert_eq!(spelled_duration("1 day").unwrap(), ["1d", "24h"]);
        assert_eq!(spelled_duration("36 hours").unwrap(), ["36h"]);
        assert_eq!(spelled_duration("48 hours").unwrap(), ["2d", "48h"]);
        assert_eq!(spelled_duration("2 weeks").unwrap(), ["2w", "14d"]);
        assert_eq!(spelled_duration("1 year").unwrap(), ["365d"]);
        assert_eq!(spelled_duration("3 dage").unwrap(), ["3d", "72h"]);
        assert_eq!(spelled_duration("soon"), None);
        assert_eq!(spelled_duration("1 fortnight"), None);
        assert_eq!(
            spelled_duration_help("1 day", false).unwrap(),
            "write the duration without quotes, as a number and a unit letter: `1d` (or `24h`)"
        );
    }

    #[test]
    fn a_unit_on_a_percent_is_a_missing_percent_sign() {
        assert_eq!(
            malformed_hint("99.9h", &Type::Percent).unwrap(),
            "a percent is written with `%`: `99.9%`"
        );
        assert_eq!(malformed_hint("1.5h", &Type::Duration), None);
        assert_eq!(malformed_hint("99.9", &Type::Percent), None);
    }
}
