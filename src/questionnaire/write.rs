//! The questionnaire as CSV (one table, a `vendor` column first) and as
//! Markdown (a section and a table a vendor).

use super::{cells, Questionnaire, COLUMNS};

/// A CSV field, quoted when it must be (RFC 4180).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

pub fn to_csv(list: &[Questionnaire]) -> String {
    let mut out = String::new();
    let header: Vec<String> = std::iter::once("vendor")
        .chain(COLUMNS)
        .map(field)
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for q in list {
        for row in &q.rows {
            let line: Vec<String> = std::iter::once(q.vendor.clone())
                .chain(cells(row))
                .map(|c| field(&c))
                .collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn to_markdown(list: &[Questionnaire]) -> String {
    let mut out = String::from("# Questionnaire\n\n");
    out.push_str(
        "Answer each question in the `answer` column, say where the answer comes from in `source` (a document, a web page, a person) and when it was true in `date` (YYYY-MM-DD). Leave a question empty when you do not know: it stays open. Do not change the `key` column: answers are read back by it.\n",
    );
    for q in list {
        out.push_str(&format!("\n## {} ({})\n\n", md(&q.name), q.vendor));
        if q.rows.is_empty() {
            out.push_str("Nothing to ask: every fact the requirements need is on record.\n");
            continue;
        }
        out.push_str(&format!("| {} |\n", COLUMNS.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(COLUMNS.len())));
        for row in &q.rows {
            let c: Vec<String> = cells(row).iter().map(|c| md(c)).collect();
            out.push_str(&format!("| {} |\n", c.join(" | ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
