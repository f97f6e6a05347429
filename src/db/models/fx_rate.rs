//! Stored reference rates (`fx_rates`) and the imports that wrote them (`fx_import_batches`).
//! `crate::rates` reads the files and decides; this module only reads and writes rows.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{fx_import_batches, fx_rates};
use crate::domain::money::Currency;
use crate::error::ApiError;
use crate::rates::convert::{Published, Rates};
use crate::rates::{Decimal, Source};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = fx_rates)]
pub struct FxRateRow {
    pub id: String,
    pub source: String,
    pub rate_date: NaiveDate,
    pub base: String,
    pub quote: String,
    pub rate: String,
    pub import_batch_id: String,
    pub imported_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = fx_import_batches)]
pub struct FxImportBatch {
    pub id: String,
    pub format: String,
    pub source: String,
    pub file_name: Option<String>,
    pub sha256: String,
    pub rows_read: i64,
    pub new_rows: i64,
    pub changed_rows: i64,
    pub imported_by: Option<String>,
    pub imported_at: NaiveDateTime,
}

/// A rate's key within one source.
pub type Key = (NaiveDate, Currency, Currency);

/// Rows per INSERT: 8 columns each, well inside SQLite's limit of bound parameters.
const CHUNK: usize = 500;

/// The stored rates of `source` from `from` to `to`, by key, with their id and text.
pub fn existing(
    conn: &mut DbConn,
    source: Source,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<Key, (String, String)>, ApiError> {
    let rows: Vec<(String, NaiveDate, String, String, String)> = fx_rates::table
        .filter(fx_rates::source.eq(source.as_str()))
        .filter(fx_rates::rate_date.between(from, to))
        .select((fx_rates::id, fx_rates::rate_date, fx_rates::base, fx_rates::quote, fx_rates::rate))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, day, base, quote, rate)| {
            Some(((day, Currency::parse(&base)?, Currency::parse(&quote)?), (id, rate)))
        })
        .collect())
}

pub fn insert_batch(conn: &mut DbConn, batch: &FxImportBatch) -> Result<(), ApiError> {
    diesel::insert_into(fx_import_batches::table).values(batch).execute(conn)?;
    Ok(())
}

pub fn insert_rates(conn: &mut DbConn, rows: &[FxRateRow]) -> Result<(), ApiError> {
    // Multi-row INSERTs need the backend's own connection: diesel's MultiBackend has no batch form.
    for chunk in rows.chunks(CHUNK) {
        match conn {
            DbConn::Pg(pg) => diesel::insert_into(fx_rates::table).values(chunk).execute(pg)?,
            DbConn::Sqlite(sqlite) => diesel::insert_into(fx_rates::table).values(chunk).execute(sqlite)?,
        };
    }
    Ok(())
}

/// A corrected rate: the new value, under the import that brought it.
pub fn replace_rate(
    conn: &mut DbConn,
    id: &str,
    rate: &str,
    batch_id: &str,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(fx_rates::table.filter(fx_rates::id.eq(id)))
        .set((fx_rates::rate.eq(rate), fx_rates::import_batch_id.eq(batch_id), fx_rates::imported_at.eq(at)))
        .execute(conn)?;
    Ok(())
}

/// Every stored rate between `currencies` published from `from` to `to`: what a conversion on
/// days up to `to` needs, loaded once.
pub fn book(conn: &mut DbConn, currencies: &[Currency], from: NaiveDate, to: NaiveDate) -> Result<Rates, ApiError> {
    let codes: Vec<&str> = currencies.iter().map(|c| c.code()).collect();
    let rows: Vec<FxRateRow> = fx_rates::table
        .filter(fx_rates::base.eq_any(codes.clone()))
        .filter(fx_rates::quote.eq_any(codes))
        .filter(fx_rates::rate_date.between(from, to))
        .load(conn)?;
    rows.iter().map(published).collect::<Result<Vec<_>, _>>().map(Rates)
}

/// The rates of one pair as published (no inverse, no cross), oldest first.
pub fn series(
    conn: &mut DbConn,
    base: Currency,
    quote: Currency,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Published>, ApiError> {
    let rows: Vec<FxRateRow> = fx_rates::table
        .filter(fx_rates::base.eq(base.code()))
        .filter(fx_rates::quote.eq(quote.code()))
        .filter(fx_rates::rate_date.between(from, to))
        .order((fx_rates::rate_date.asc(), fx_rates::source.asc()))
        .load(conn)?;
    rows.iter().map(published).collect()
}

fn published(row: &FxRateRow) -> Result<Published, ApiError> {
    let broken = || ApiError::internal_message(format!("fx_rates row {} cannot be read", row.id));
    Ok(Published {
        source: Source::parse(&row.source).ok_or_else(broken)?,
        rate_date: row.rate_date,
        base: Currency::parse(&row.base).ok_or_else(broken)?,
        quote: Currency::parse(&row.quote).ok_or_else(broken)?,
        rate: Decimal::parse(&row.rate, '.').map_err(|_| broken())?,
    })
}
