//! The questionnaire as an Excel workbook (`rust_xlsxwriter`): a cover
//! sheet with instructions, a sheet a vendor with a row a question, a
//! drop-down of the allowed values where they are limited, date and number
//! validation where the type asks for it, and the sheets protected except
//! the answer, source and date columns, so that the `key` column that
//! answers are read back by stays as it was.

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, Formula, Workbook, Worksheet,
    XlsxError,
};

use super::{cells, Questionnaire, COLUMNS};
use crate::model::Type;
use crate::value::Date;

/// Column indexes of the answer, source and date.
const ANSWER: u16 = 7;
const SOURCE: u16 = 8;
const DATE: u16 = 9;

/// The workbook's bytes.
pub fn to_xlsx(list: &[Questionnaire], today: Date) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let open = Format::new().set_unlocked().set_text_wrap();
    let open_date = Format::new().set_unlocked().set_num_format("yyyy-mm-dd");

    cover(workbook.add_worksheet(), list, today, &bold, &wrap)?;

    // Every limited set of values once, on a hidden sheet, for the
    // drop-downs: a list written into the rule itself may hold at most 255
    // characters.
    let mut lists: Vec<Vec<String>> = Vec::new();
    for q in list {
        for row in &q.rows {
            if !row.allowed.is_empty() && !lists.contains(&row.allowed) {
                lists.push(row.allowed.clone());
            }
        }
    }

    let mut names: Vec<String> = Vec::new();
    for q in list {
        let sheet = workbook.add_worksheet();
        let name = sheet_name(&q.vendor, &names);
        sheet.set_name(&name)?;
        names.push(name);
        for (c, header) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *header, &bold)?;
        }
        for (c, width) in [28, 50, 18, 24, 50, 20, 18, 30, 40, 12]
            .into_iter()
            .enumerate()
        {
            sheet.set_column_width(c as u16, width)?;
        }
        sheet.set_freeze_panes(1, 1)?;
        for (r, row) in q.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, text) in cells(row).iter().enumerate() {
                let c = c as u16;
                match c {
                    ANSWER | SOURCE => sheet.write_string_with_format(r, c, text, &open)?,
                    DATE => sheet.write_blank(r, c, &open_date)?,
                    _ => sheet.write_string_with_format(r, c, text, &wrap)?,
                };
            }
            let answer_format = if matches!(row.ty, Type::Date) {
                &open_date
            } else {
                &open
            };
            sheet.write_blank(r, ANSWER, answer_format)?;
            if let Some(rule) = validation(&row.ty, &row.allowed, &lists)? {
                sheet.add_data_validation(r, ANSWER, r, ANSWER, &rule)?;
            }
            let date_rule = DataValidation::new()
                .allow_date(DataValidationRule::GreaterThan(ExcelDateTime::from_ymd(
                    1990, 1, 1,
                )?))
                .set_error_message("a date, such as 2026-11-27")?;
            sheet.add_data_validation(r, DATE, r, DATE, &date_rule)?;
        }
        sheet.protect();
    }

    let values = workbook.add_worksheet();
    values.set_name("Lists")?;
    for (c, list) in lists.iter().enumerate() {
        for (r, v) in list.iter().enumerate() {
            values.write_string(r as u32, c as u16, v)?;
        }
    }
    values.set_hidden(true);
    workbook.save_to_buffer()
}

/// The drop-down or validation of an answer cell.
fn validation(
    ty: &Type,
    allowed: &[String],
    lists: &[Vec<String>],
) -> Result<Option<DataValidation>, XlsxError> {
    if let Some(c) = lists
        .iter()
        .position(|l| l.as_slice() == allowed)
        .filter(|_| !allowed.is_empty())
    {
        // A list type takes several values, so it gets no drop-down.
        if matches!(ty, Type::List(_)) {
            return Ok(None);
        }
        let column = column_letter(c);
        let range = format!("=Lists!${column}$1:${column}${}", allowed.len());
        return Ok(Some(
            DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .set_error_message(format!("one of {}", allowed.join(", ")))?,
        ));
    }
    Ok(match ty {
        Type::Int | Type::Number | Type::Percent => Some(
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
                .set_error_message("a number (a percent in points: 99.9 for 99.9%)")?,
        ),
        Type::Date => Some(
            DataValidation::new()
                .allow_date(DataValidationRule::GreaterThan(ExcelDateTime::from_ymd(
                    1990, 1, 1,
                )?))
                .set_error_message("a date, such as 2026-11-27")?,
        ),
        _ => None,
    })
}

fn column_letter(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push((b'A' + (c % 26) as u8) as char);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.iter().rev().collect()
}

/// A sheet name Excel accepts (at most 31 characters, none of `[]:*?/\`),
/// unlike the names taken already.
fn sheet_name(vendor: &str, taken: &[String]) -> String {
    let clean: String = vendor
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    let mut name = clean.clone();
    let mut n = 2;
    while taken.contains(&name) || name == "Instructions" || name == "Lists" {
        let suffix = format!("~{n}");
        name = format!(
            "{}{suffix}",
            clean.chars().take(31 - suffix.len()).collect::<String>()
        );
        n += 1;
    }
    name
}

fn cover(
    sheet: &mut Worksheet,
    list: &[Questionnaire],
    today: Date,
    bold: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Instructions")?;
    sheet.set_column_width(0, 100)?;
    let lines = [
        format!("Questionnaire of {today}"),
        String::new(),
        "Each sheet after this one asks about one service: a row a question.".into(),
        "Write the answer in the `answer` column: pick from the list where there is one; a percent as a number of points (99.9 for 99.9%); a duration as 15m, 4h, 30d or 2w; a date in the `date` format.".into(),
        "Say where each answer comes from in `source` (a document, a web page, a person), and when it was true in `date`.".into(),
        "Leave a question empty when you do not know: it stays open, which is better than a guess.".into(),
        "Do not change the `key` column: the answers are read back by it. Only the answer, source and date columns can be edited.".into(),
        String::new(),
        "Services:".into(),
    ];
    for (r, line) in lines.iter().enumerate() {
        let format = if r == 0 { bold } else { wrap };
        sheet.write_string_with_format(r as u32, 0, line, format)?;
    }
    let start = lines.len();
    for (i, q) in list.iter().enumerate() {
        let line = format!("{} ({}): {} questions", q.name, q.vendor, q.rows.len());
        sheet.write_string((start + i) as u32, 0, line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_sheet_names_are_what_excel_takes() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(sheet_name("a/b", &[]), "ab");
        assert_eq!(sheet_name("x", &["x".to_string()]), "x~2");
        assert_eq!(sheet_name(&"v".repeat(40), &[]).chars().count(), 31);
    }
}
