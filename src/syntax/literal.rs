//! Classifies number-like tokens and resolves string escapes, with messages
//! that say exactly what is wrong with a literal.

use rust_decimal::Decimal;

use super::ast::ExprKind;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;
use crate::value::{days_in_month, Date, Duration, DurationUnit};

/// Reads a `numeric` token: a date, percent, duration, number or int.
pub fn classify_numeric(text: &str, span: Span) -> Result<ExprKind, Diagnostic> {
    if text.contains('-') {
        return parse_date(text, span).map(ExprKind::Date);
    }
    if let Some(body) = text.strip_suffix('%') {
        return parse_decimal(body, span, "percent").map(ExprKind::Percent);
    }
    let digits_end = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (digits, suffix) = text.split_at(digits_end);
    if !suffix.is_empty() {
        return parse_duration(digits, suffix, text, span);
    }
    if digits.contains('.') {
        return parse_decimal(digits, span, "number").map(ExprKind::Number);
    }
    parse_int(digits, span).map(ExprKind::Int)
}

/// A fractional duration in a whole number of a smaller unit, when there
/// is one: `1.5d` is `36h`, `0.5h` is `30m`.
fn smaller_unit(digits: &str, suffix: &str) -> Option<String> {
    let value: rust_decimal::Decimal = digits.replace('_', "").parse().ok()?;
    let steps: &[(&str, i64)] = match suffix {
        "w" => &[("d", 7), ("h", 168), ("m", 10_080)],
        "d" => &[("h", 24), ("m", 1440)],
        "h" => &[("m", 60)],
        _ => &[],
    };
    steps.iter().find_map(|(unit, factor)| {
        let n = value.checked_mul((*factor).into())?;
        (n.fract().is_zero() && n > rust_decimal::Decimal::ZERO)
            .then(|| format!("{}{unit}", n.trunc()))
    })
}

/// A date token on its own, as after `as_of` and `expires`.
pub fn parse_date(text: &str, span: Span) -> Result<Date, Diagnostic> {
    let bad_form = || {
        Diagnostic::error(Code::InvalidDate, format!("`{text}` is not a date"))
            .primary(span, "expected `YYYY-MM-DD`")
    };
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad_form());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad_form());
    }
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
    else {
        return Err(bad_form());
    };
    if !(1..=12).contains(&month) {
        return Err(
            Diagnostic::error(Code::InvalidDate, format!("`{text}` is not a date"))
                .primary(span, format!("there is no month {month}")),
        );
    }
    Date::from_ymd(year, month, day).ok_or_else(|| {
        Diagnostic::error(Code::InvalidDate, format!("`{text}` is not a date")).primary(
            span,
            format!(
                "{} {year} has {} days",
                MONTHS[(month - 1) as usize],
                days_in_month(year, month)
            ),
        )
    })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn check_underscores(digits: &str, span: Span) -> Result<String, Diagnostic> {
    let bytes = digits.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'_' {
            let before = i.checked_sub(1).and_then(|j| bytes.get(j));
            let after = bytes.get(i + 1);
            if !before.is_some_and(u8::is_ascii_digit) || !after.is_some_and(u8::is_ascii_digit) {
                return Err(Diagnostic::error(
                    Code::InvalidNumber,
                    format!("`{digits}` is not a number"),
                )
                .primary(span, "`_` may stand only between two digits"));
            }
        } else if !b.is_ascii_digit() && *b != b'.' {
            return Err(Diagnostic::error(
                Code::InvalidNumber,
                format!("`{digits}` is not a number"),
            )
            .primary(span, "unexpected character in a number"));
        }
    }
    Ok(digits.replace('_', ""))
}

fn parse_int(digits: &str, span: Span) -> Result<i64, Diagnostic> {
    let clean = check_underscores(digits, span)?;
    clean.parse::<i64>().map_err(|_| {
        Diagnostic::error(Code::InvalidNumber, format!("`{digits}` is too large")).primary(
            span,
            "integers must fit in 64 bits (at most 9223372036854775807)",
        )
    })
}

fn parse_decimal(body: &str, span: Span, what: &str) -> Result<Decimal, Diagnostic> {
    if body.is_empty() {
        return Err(Diagnostic::error(
            Code::InvalidNumber,
            format!("`%` needs a {what} before it"),
        )
        .primary(span, "write e.g. `99.9%`"));
    }
    let clean = check_underscores(body, span)?;
    if clean.matches('.').count() > 1 {
        return Err(
            Diagnostic::error(Code::InvalidNumber, format!("`{body}` is not a {what}"))
                .primary(span, "a number has at most one decimal point"),
        );
    }
    Decimal::from_str_exact(&clean).map_err(|_| {
        Diagnostic::error(
            Code::InvalidNumber,
            format!("`{body}` cannot be held exactly"),
        )
        .primary(span, "numbers may have at most 28 significant digits")
    })
}

fn parse_duration(
    digits: &str,
    suffix: &str,
    text: &str,
    span: Span,
) -> Result<ExprKind, Diagnostic> {
    let Some(unit) = DurationUnit::from_suffix(suffix) else {
        let help = match suffix {
            "mo" | "mon" | "month" | "months" => {
                "there are no months (they differ in length): write `30d` or `90d`"
            }
            "y" | "yr" | "year" | "years" => "there are no years (leap years differ): write `365d`",
            "s" | "sec" | "ms" => "durations count whole minutes at the finest: use `m`",
            "min" => "minutes are written `m`: `15m`",
            _ => "the units are `m` (minutes), `h` (hours), `d` (days) and `w` (weeks)",
        };
        return Err(Diagnostic::error(
            Code::InvalidDuration,
            format!("`{text}` is not a duration"),
        )
        .primary(span, format!("unknown unit `{suffix}`"))
        .with_help(help));
    };
    if digits.contains('.') {
        return Err(Diagnostic::error(
            Code::InvalidDuration,
            format!("`{text}` is not a duration"),
        )
        .primary(span, "durations are whole numbers")
        .with_help(match smaller_unit(digits, suffix) {
            Some(same) => format!("use a smaller unit: `{same}`"),
            None => "use a smaller unit: `90m` instead of `1.5h`".to_string(),
        }));
    }
    let amount = parse_int(digits, span)?;
    let duration = Duration::of(amount, unit).ok_or_else(|| {
        Diagnostic::error(
            Code::InvalidNumber,
            format!("`{text}` is too long a duration"),
        )
        .primary(span, "this duration does not fit in 64 bits of minutes")
    })?;
    Ok(ExprKind::Duration(duration))
}

/// Resolves the escapes of a string token (quotes included in `token`).
pub fn unescape(token: &str, span: Span) -> Result<String, Diagnostic> {
    let inner = token
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(token);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let at = |len: usize| {
            let start = span.start as usize + 1 + i;
            Span::new(span.file, start, start + len)
        };
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'u')) => {
                let rest = &inner[i + 2..];
                let Some(body) = rest.strip_prefix('{').and_then(|r| r.split_once('}')) else {
                    return Err(
                        Diagnostic::error(Code::InvalidEscape, "invalid unicode escape")
                            .primary(at(2), "expected `\\u{…}` with 1 to 6 hex digits"),
                    );
                };
                let hex = body.0;
                let len = 2 + 1 + hex.len() + 1;
                let code = (1..=6)
                    .contains(&hex.len())
                    .then(|| u32::from_str_radix(hex, 16).ok())
                    .flatten();
                let Some(ch) = code.and_then(char::from_u32) else {
                    return Err(Diagnostic::error(
                        Code::InvalidEscape,
                        format!("`\\u{{{hex}}}` is not a unicode character"),
                    )
                    .primary(
                        at(len),
                        "expected 1 to 6 hex digits naming a character that is not a surrogate",
                    ));
                };
                out.push(ch);
                for _ in 0..hex.len() + 2 {
                    chars.next();
                }
            }
            Some((_, other)) => {
                return Err(Diagnostic::error(
                    Code::InvalidEscape,
                    format!("unknown escape `\\{other}`"),
                )
                .primary(at(1 + other.len_utf8()), "not an escape"));
            }
            None => {
                return Err(
                    Diagnostic::error(Code::InvalidEscape, "a string ends in `\\`")
                        .primary(at(1), "escape nothing"),
                )
            }
        }
    }
    Ok(out)
}

/// Exact decimal from text (data files use this too).
pub fn decimal_from_text(text: &str) -> Option<Decimal> {
    Decimal::from_str_exact(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn sp() -> Span {
        Span::new(FileId(0), 0, 1)
    }

    fn kind(text: &str) -> Result<ExprKind, String> {
        classify_numeric(text, sp()).map_err(|d| format!("{}: {}", d.code.as_str(), d.message))
    }

    #[test]
    fn classifies_each_numeric_form() {
        assert_eq!(kind("42"), Ok(ExprKind::Int(42)));
        assert_eq!(kind("10_000"), Ok(ExprKind::Int(10_000)));
        assert!(matches!(kind("99.95"), Ok(ExprKind::Number(_))));
        assert!(matches!(kind("99.9%"), Ok(ExprKind::Percent(_))));
        assert!(
            matches!(kind("2w"), Ok(ExprKind::Duration(d)) if d.minutes == 20_160 && d.unit == DurationUnit::Weeks)
        );
        assert!(matches!(kind("2026-11-27"), Ok(ExprKind::Date(_))));
    }

    #[test]
    fn rejects_bad_literals_with_their_codes() {
        assert_eq!(kind("3mo").unwrap_err(), "K0006: `3mo` is not a duration");
        assert_eq!(kind("1.5h").unwrap_err(), "K0006: `1.5h` is not a duration");
        assert_eq!(
            kind("2026-02-30").unwrap_err(),
            "K0005: `2026-02-30` is not a date"
        );
        assert_eq!(
            kind("2026-2-3").unwrap_err(),
            "K0005: `2026-2-3` is not a date"
        );
        assert!(kind("1__0").unwrap_err().starts_with("K0007"));
        assert!(kind("99999999999999999999")
            .unwrap_err()
            .starts_with("K0007"));
    }

    #[test]
    fn unescapes_strings() {
        assert_eq!(
            unescape(r#""a \"q\" \\ \n \t \u{e6}""#, sp()).unwrap(),
            "a \"q\" \\ \n \t æ"
        );
        assert!(unescape(r#""\q""#, sp()).is_err());
        assert!(unescape(r#""\u{d800}""#, sp()).is_err());
        assert!(unescape(r#""\u{1234567}""#, sp()).is_err());
        assert!(unescape(r#""\u{}""#, sp()).is_err());
    }
}
