//! Reading every match of a list for an export (CSV or XLSX: `http::spreadsheet`).

use crate::error::ApiError;

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
