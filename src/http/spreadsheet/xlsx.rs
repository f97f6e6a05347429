//! The XLSX writer (rust_xlsxwriter): one worksheet, a bold header row that stays in view
//! (frozen) and filters (autofilter), dates and instants as Excel dates with a date format,
//! amounts as numbers with a format naming their currency, counts as numbers, text as text.
//! Text is never a formula here, so it needs no defusing.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, Worksheet, XlsxError};

use super::Cell;
use crate::domain::money::{Currency, Money};
use crate::error::ApiError;

/// The longest text one cell holds, in UTF-16 code units (Excel's limit).
const MAX_TEXT: usize = 32_767;
/// Columns are fitted to the first rows only: fitting 100 000 rows would take long and show
/// the same widths.
const FIT_ROWS: RowNum = 200;
/// The widest a fitted column becomes, in pixels: long titles wrap nothing and stay readable.
const FIT_WIDTH: u32 = 320;

pub fn write(sheet_name: &str, headers: &[&str], rows: impl Iterator<Item = Vec<Cell>>) -> Result<Vec<u8>, ApiError> {
    build(sheet_name, headers, rows).map_err(ApiError::internal)
}

fn build(sheet_name: &str, headers: &[&str], rows: impl Iterator<Item = Vec<Cell>>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    for (col, header) in (0..).zip(headers) {
        sheet.write_string_with_format(0, col, *header, &formats.header)?;
    }
    let mut last_row: RowNum = 0;
    for (row, cells) in (1..).zip(rows) {
        for (col, cell) in (0..).zip(&cells) {
            write_cell(sheet, &formats, row, col, cell)?;
        }
        last_row = row;
    }
    let last_col = ColNum::try_from(headers.len().saturating_sub(1)).unwrap_or(ColNum::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_autofit_max_row(FIT_ROWS).set_autofit_max_width(FIT_WIDTH).autofit();
    workbook.save_to_buffer()
}

struct Formats {
    header: Format,
    date: Format,
    time: Format,
    integer: Format,
    amounts: HashMap<Currency, Format>,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            integer: Format::new().set_num_format("0"),
            amounts: Currency::ALL.into_iter().map(|c| (c, Format::new().set_num_format(amount_format(c)))).collect(),
        }
    }
}

/// `#,##0.00 "RUB"`: thousands grouped, the currency's minor digits, its code after.
fn amount_format(currency: Currency) -> String {
    let digits = "0".repeat(currency.exponent() as usize);
    let decimals = if digits.is_empty() { String::new() } else { format!(".{digits}") };
    format!("#,##0{decimals} \"{}\"", currency.code())
}

/// The amount in major units: the exact decimal made from minor units, read as the nearest
/// double (exact for every amount up to 2^53 minor units; awards are capped at 10^14).
fn major_units(money: Money) -> f64 {
    money.decimal().parse().unwrap_or(f64::NAN)
}

/// Excel's dates start in 1900 and end in 9999; others are written as ISO text.
fn in_excel_range(date: NaiveDate) -> bool {
    (1900..=9999).contains(&date.year())
}

fn write_cell(
    sheet: &mut Worksheet,
    formats: &Formats,
    row: RowNum,
    col: ColNum,
    cell: &Cell,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(text) => {
            sheet.write_string(row, col, fitted(text))?;
        }
        Cell::Integer(n) => {
            // Counts, years and versions: far below 2^53, so exact as a double.
            sheet.write_number_with_format(row, col, *n as f64, &formats.integer)?;
        }
        Cell::Bool(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
        Cell::Date(date) if in_excel_range(*date) => {
            sheet.write_date_with_format(row, col, date, &formats.date)?;
        }
        Cell::Date(date) => {
            sheet.write_string(row, col, date.to_string())?;
        }
        Cell::Time(time) if in_excel_range(time.date_naive()) => {
            sheet.write_datetime_with_format(row, col, time.naive_utc(), &formats.time)?;
        }
        Cell::Time(time) => {
            sheet.write_string(row, col, time.to_rfc3339())?;
        }
        Cell::Amount(money) => {
            let format = formats.amounts.get(&money.currency).unwrap_or(&formats.integer);
            sheet.write_number_with_format(row, col, major_units(*money), format)?;
        }
    }
    Ok(())
}

/// Text cut to what one cell holds.
fn fitted(text: &str) -> &str {
    let mut units = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_TEXT {
            return &text[..at];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_decimals_in_their_currency() {
        assert_eq!(amount_format(Currency::Cny), "#,##0.00 \"CNY\"");
        assert_eq!(major_units(Money::new(150_000_005, Currency::Rub).unwrap()), 1_500_000.05);
        assert_eq!(major_units(Money::new(100_000_000_000_000, Currency::Usd).unwrap()), 1e12);
        assert_eq!(major_units(Money::new(1, Currency::Eur).unwrap()), 0.01);
    }

    #[test]
    fn text_is_cut_to_excels_limit_on_a_character_boundary() {
        let long = "炎".repeat(MAX_TEXT + 5);
        assert_eq!(fitted(&long).chars().count(), MAX_TEXT);
        assert_eq!(fitted("short"), "short");
        let emoji = "😀".repeat(MAX_TEXT);
        assert_eq!(fitted(&emoji).encode_utf16().count(), MAX_TEXT - 1);
    }
}
