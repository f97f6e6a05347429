//! Writing a parsed file's rates: all in one transaction, keyed by (source, date, base, quote),
//! so the same file twice changes nothing; a new value for a key replaces the stored one and is
//! counted as `changed`. An import that writes nothing records no batch.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::{Format, Malformed, ParsedRate, Source};
use crate::db::models::fx_rate::{self, FxImportBatch, FxRateRow, Key};
use crate::db::models::{new_id, now};
use crate::db::{DbConn, transaction};
use crate::error::ApiError;

/// What an import of rates did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(example = json!({
    "batch_id": "0193b0d4-6a5b-7c3d-8e2f-9a0b1c2d3e04",
    "format": "cbr-daily",
    "source": "CBR",
    "sha256": "9f2c0a7be4d1c35a8e0f6b2d7c9a1e4f3b5d8c0a2e6f1b9d4c7a3e5f0b8d2c6a",
    "rows": 3,
    "new": 2,
    "changed": 1,
    "unchanged": 0,
    "skipped": 40,
    "first_date": "2024-03-02",
    "last_date": "2024-03-02"
}))]
pub struct RatesImportReport {
    /// The import's record in `fx_import_batches`; `null` when it wrote nothing.
    #[schema(format = Uuid)]
    pub batch_id: Option<String>,
    pub format: Format,
    pub source: Source,
    /// The SHA-256 of the file, in hex.
    pub sha256: String,
    /// Rates of the registry's currencies (RUB, CNY, USD, EUR) the file gives.
    pub rows: u64,
    /// Rates stored for the first time.
    pub new: u64,
    /// Stored rates the file gives another value for: the file's value replaced them.
    pub changed: u64,
    /// Stored rates the file gives again with the same value.
    pub unchanged: u64,
    /// Rates of other currencies, checked and left out.
    pub skipped: u64,
    /// The earliest and latest day the file's rates are for.
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
}

/// Reads `bytes` as `format` and stores its rates. `imported_by` is the administrator's
/// account, `None` for the command line. A malformed file is a 422 on `file` naming its line.
pub fn import(
    conn: &mut DbConn,
    format: Format,
    bytes: &[u8],
    file_name: Option<String>,
    imported_by: Option<String>,
) -> Result<RatesImportReport, ApiError> {
    let parsed = super::parse(bytes, format)?;
    let rates = distinct(parsed.rates)?;
    let source = format.source();
    let mut report = RatesImportReport {
        batch_id: None,
        format,
        source,
        sha256: hex::encode(Sha256::digest(bytes)),
        rows: rates.len() as u64,
        new: 0,
        changed: 0,
        unchanged: 0,
        skipped: parsed.skipped,
        first_date: rates.keys().map(|k| k.0).min(),
        last_date: rates.keys().map(|k| k.0).max(),
    };
    let (Some(first), Some(last)) = (report.first_date, report.last_date) else {
        return Ok(report);
    };
    transaction::write(conn, |conn| {
        let stored = fx_rate::existing(conn, source, first, last)?;
        let (batch_id, at) = (new_id(), now());
        let mut inserts = Vec::new();
        let mut replaced = Vec::new();
        for (key, parsed) in &rates {
            let text = parsed.rate.to_string();
            match stored.get(key) {
                None => inserts.push(FxRateRow {
                    id: new_id(),
                    source: source.as_str().to_owned(),
                    rate_date: key.0,
                    base: key.1.code().to_owned(),
                    quote: key.2.code().to_owned(),
                    rate: text,
                    import_batch_id: batch_id.clone(),
                    imported_at: at,
                }),
                Some((_, old)) if *old == text => report.unchanged += 1,
                Some((id, _)) => replaced.push((id.clone(), text)),
            }
        }
        report.new = inserts.len() as u64;
        report.changed = replaced.len() as u64;
        if inserts.is_empty() && replaced.is_empty() {
            return Ok(());
        }
        fx_rate::insert_batch(
            conn,
            &FxImportBatch {
                id: batch_id.clone(),
                format: format.as_str().to_owned(),
                source: source.as_str().to_owned(),
                file_name: file_name.clone(),
                sha256: report.sha256.clone(),
                rows_read: report.rows as i64,
                new_rows: report.new as i64,
                changed_rows: report.changed as i64,
                imported_by: imported_by.clone(),
                imported_at: at,
            },
        )?;
        fx_rate::insert_rates(conn, &inserts)?;
        for (id, text) in &replaced {
            fx_rate::replace_rate(conn, id, text, &batch_id, at)?;
        }
        report.batch_id = Some(batch_id);
        Ok::<_, ApiError>(())
    })?;
    Ok(report)
}

/// The file's rates by key. A key given twice with one value counts once; with
/// two values the file contradicts itself and is refused, naming both lines.
fn distinct(rates: Vec<ParsedRate>) -> Result<HashMap<Key, ParsedRate>, Malformed> {
    let mut by_key: HashMap<Key, ParsedRate> = HashMap::with_capacity(rates.len());
    for rate in rates {
        let key = (rate.rate_date, rate.base, rate.quote);
        match by_key.get(&key) {
            Some(first) if first.rate != rate.rate => {
                return Err(Malformed::new(
                    rate.line,
                    format!(
                        "gives 1 {} = {} {} on {}, where line {} gives {}",
                        rate.base.code(),
                        rate.rate,
                        rate.quote.code(),
                        rate.rate_date,
                        first.line,
                        first.rate
                    ),
                ));
            }
            Some(_) => {}
            None => {
                by_key.insert(key, rate);
            }
        }
    }
    Ok(by_key)
}
