//! Lists as CSV, for spreadsheets: asked for with `Accept: text/csv`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

use crate::error::ApiError;
use crate::http::negotiation;

pub const CONTENT_TYPE: &str = "text/csv; charset=utf-8";
/// The most rows one export holds; narrow the filters for more.
pub const MAX_ROWS: usize = 100_000;

/// Rows read per query while exporting: keeps `IN (…)` lists under SQLite's bind-parameter limit.
const CHUNK: usize = 1000;

/// Every match of a list, up to [`MAX_ROWS`], read in keyset chunks: `page(last, n)` returns up to
/// `n` rows after `last` (the first rows when `None`).
pub fn read_all<T>(mut page: impl FnMut(Option<&T>, i64) -> Result<Vec<T>, ApiError>) -> Result<Vec<T>, ApiError> {
    let mut all: Vec<T> = Vec::new();
    loop {
        let chunk = page(all.last(), CHUNK as i64)?;
        let done = chunk.len() < CHUNK || all.len() + chunk.len() >= MAX_ROWS;
        all.extend(chunk);
        if done {
            all.truncate(MAX_ROWS);
            return Ok(all);
        }
    }
}

/// Whether the client asked for CSV rather than JSON.
pub fn wanted(req: &HttpRequest) -> bool {
    negotiation::names(req, "text/csv")
}

/// A cell as a spreadsheet will show it: text that a spreadsheet would run as a formula is
/// prefixed with `'` (OWASP's advice against CSV injection).
fn cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() }
}

/// A CSV document (UTF-8 with a byte-order mark, so spreadsheets read Cyrillic and Chinese right).
pub fn response(
    filename: &str,
    columns: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<HttpResponse, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    writer.write_record(columns).map_err(ApiError::internal)?;
    for row in rows {
        writer.write_record(row.iter().map(|v| cell(v))).map_err(ApiError::internal)?;
    }
    let bytes = writer.into_inner().map_err(|e| ApiError::internal_message(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}.csv\"")))
        .body(bytes))
}

/// An optional value as a cell.
pub fn optional(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_text_is_kept() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("-5"), "'-5");
        assert_eq!(cell("武汉大学"), "武汉大学");
    }
}
