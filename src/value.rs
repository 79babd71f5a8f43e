//! The values facts and expressions take, and their literal forms.
//!
//! Dates are days in the proleptic Gregorian calendar without a time zone,
//! durations are whole minutes, and numbers and percents are exact decimals,
//! so comparisons never meet floating-point surprises.

use std::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;

/// A calendar date, stored as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    pub const EPOCH: Date = Date(0);

    /// The date, if it exists in the calendar (years 1 to 9999).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Days since 1970-01-01, for today's date from the system clock.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let d = i32::try_from(days).ok()?;
        let (y, _, _) = civil_from_days(d);
        (1..=9999).contains(&y).then_some(Date(d))
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn days(self) -> i64 {
        self.0 as i64
    }

    /// The date `days` days earlier, if it is still a date we can write.
    pub fn minus_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days().checked_sub(days)?)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

pub(crate) fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for every
// Gregorian date, with no table and no time zone.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A length of time in whole minutes. The unit it was written in is kept
/// for display only: `72h` and `3d` are equal.
#[derive(Clone, Copy, Debug)]
pub struct Duration {
    pub minutes: i64,
    pub unit: DurationUnit,
}

impl PartialEq for Duration {
    fn eq(&self, other: &Duration) -> bool {
        self.minutes == other.minutes
    }
}

impl Eq for Duration {}

impl PartialOrd for Duration {
    fn partial_cmp(&self, other: &Duration) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Duration {
    fn cmp(&self, other: &Duration) -> std::cmp::Ordering {
        self.minutes.cmp(&other.minutes)
    }
}

/// The unit a duration was written in, kept so it prints as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DurationUnit {
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl DurationUnit {
    pub fn from_suffix(s: &str) -> Option<DurationUnit> {
        Some(match s {
            "m" => DurationUnit::Minutes,
            "h" => DurationUnit::Hours,
            "d" => DurationUnit::Days,
            "w" => DurationUnit::Weeks,
            _ => return None,
        })
    }

    pub fn minutes(self) -> i64 {
        match self {
            DurationUnit::Minutes => 1,
            DurationUnit::Hours => 60,
            DurationUnit::Days => 1440,
            DurationUnit::Weeks => 10_080,
        }
    }

    pub fn suffix(self) -> &'static str {
        match self {
            DurationUnit::Minutes => "m",
            DurationUnit::Hours => "h",
            DurationUnit::Days => "d",
            DurationUnit::Weeks => "w",
        }
    }
}

impl Duration {
    /// `amount` of `unit`, unless it overflows.
    pub fn of(amount: i64, unit: DurationUnit) -> Option<Duration> {
        amount
            .checked_mul(unit.minutes())
            .map(|minutes| Duration { minutes, unit })
    }

    /// `n` days, for constants.
    pub const fn days(n: i64) -> Duration {
        Duration {
            minutes: n * 1440,
            unit: DurationUnit::Days,
        }
    }

    /// Whole days; a part of a day rounds down, as `within` wants.
    pub fn whole_days(self) -> i64 {
        self.minutes.div_euclid(1440)
    }
}

impl fmt::Display for Duration {
    /// In the unit it was written in: `72h` stays `72h`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let per = self.unit.minutes();
        if self.minutes % per == 0 {
            write!(f, "{}{}", self.minutes / per, self.unit.suffix())
        } else {
            write!(f, "{}m", self.minutes)
        }
    }
}

/// Identifies a declared enum in the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumId(pub u32);

/// Identifies a declared record in the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(pub u32);

/// A known value. Unknown is not a value: it is the absence of one, which
/// evaluation tracks separately.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Number(Decimal),
    Percent(Decimal),
    Duration(Duration),
    Date(Date),
    String(Arc<str>),
    Enum {
        enum_id: EnumId,
        name: Arc<str>,
    },
    List(Arc<[Value]>),
    /// Field values in declaration order; a field an entry leaves out is
    /// `None`, which reads as unknown.
    Record {
        record: RecordId,
        fields: Arc<[Option<Value>]>,
    },
}

impl Value {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    /// The value as a `.krav` file writes it: `99.9%`, `"Jane"`, `[EU, US]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Percent(p) => write!(f, "{p}%"),
            Value::Duration(d) => write!(f, "{d}"),
            Value::Date(d) => write!(f, "{d}"),
            Value::String(s) => write_string_literal(f, s),
            Value::Enum { name, .. } => f.write_str(name),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Record { fields, .. } => {
                // Field names live in the schema; positions suffice here.
                f.write_str("{ ")?;
                let mut first = true;
                for (i, v) in fields.iter().enumerate() {
                    if let Some(v) = v {
                        if !first {
                            f.write_str(", ")?;
                        }
                        first = false;
                        write!(f, "#{i} = {v}")?;
                    }
                }
                f.write_str(" }")
            }
        }
    }
}

/// Writes a string literal as skykrav writes it, with escapes.
pub fn write_string_literal(f: &mut impl fmt::Write, s: &str) -> fmt::Result {
    f.write_char('"')?;
    // Most strings need no escape: written whole, not a character at a time.
    if !s.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
        f.write_str(s)?;
        return f.write_char('"');
    }
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            c if c.is_control() => write!(f, "\\u{{{:x}}}", c as u32)?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_reject_impossible_days() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2024, 2, 29),
            (2026, 11, 27),
            (1, 1, 1),
            (9999, 12, 31),
        ] {
            let date = Date::from_ymd(y, m, d).unwrap();
            assert_eq!(date.ymd(), (y, m, d));
        }
        assert!(Date::from_ymd(2026, 2, 29).is_none());
        assert!(Date::from_ymd(2026, 2, 30).is_none());
        assert!(Date::from_ymd(2026, 13, 1).is_none());
        assert_eq!(Date::from_ymd(1970, 1, 2).unwrap().days(), 1);
        assert_eq!(
            Date::from_ymd(2026, 11, 27).unwrap().to_string(),
            "2026-11-27"
        );
    }

    #[test]
    fn durations_print_as_written_and_compare_by_length() {
        let d = |n, u| Duration::of(n, u).unwrap().to_string();
        assert_eq!(d(72, DurationUnit::Hours), "72h");
        assert_eq!(d(2, DurationUnit::Weeks), "2w");
        assert_eq!(d(90, DurationUnit::Minutes), "90m");
        assert_eq!(
            Duration::of(72, DurationUnit::Hours),
            Duration::of(3, DurationUnit::Days)
        );
        assert_eq!(
            Duration::of(1, DurationUnit::Weeks),
            Duration::of(7, DurationUnit::Days)
        );
    }
}
