//! The CSV writer: UTF-8 with a byte-order mark and CRLF line ends, as Excel and LibreOffice
//! expect to read Cyrillic and Chinese right; text that a spreadsheet would run as a formula is
//! defused (OWASP, "CSV Injection").

use super::Cell;
use crate::error::ApiError;

pub fn write(headers: &[&str], rows: impl Iterator<Item = Vec<Cell>>) -> Result<Vec<u8>, ApiError> {
    let mut writer =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::from("\u{feff}".as_bytes()));
    writer.write_record(headers).map_err(ApiError::internal)?;
    for row in rows {
        writer.write_record(row.iter().map(field)).map_err(ApiError::internal)?;
    }
    writer.into_inner().map_err(|e| ApiError::internal_message(e.to_string()))
}

/// A cell as CSV text: numbers and dates as a spreadsheet parses them (an amount as a plain
/// decimal, its currency being the column beside), instants in RFC 3339.
fn field(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => defused(text),
        Cell::Integer(n) => n.to_string(),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Time(t) => t.to_rfc3339(),
        Cell::Amount(money) => money.decimal(),
    }
}

/// Text that starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return) is prefixed with
/// `'`, so a spreadsheet shows it instead of running it. Numbers are written by this service,
/// never taken from text, so a negative count stays a number.
fn defused(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::{Currency, Money};

    #[test]
    fn formulas_are_defused_and_text_is_kept() {
        assert_eq!(defused("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defused("-5"), "'-5");
        assert_eq!(defused("\tx"), "'\tx");
        assert_eq!(defused("武汉大学"), "武汉大学");
    }

    #[test]
    fn a_document_has_a_byte_order_mark_crlf_and_typed_values() {
        let money = Money::new(150_000_005, Currency::Rub).unwrap();
        let rows = vec![vec![Cell::Integer(-3), Cell::Amount(money), Cell::text("Лаборатория, 实验室")]];
        let bytes = write(&["days", "amount", "name"], rows.into_iter()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, "\u{feff}days,amount,name\r\n-3,1500000.05,\"Лаборатория, 实验室\"\r\n");
    }
}
