//! Multi-row `INSERT`s of literal values, executed as they fill: one statement per
//! `ROWS_PER_INSERT` rows is the fastest portable bulk load through diesel on both databases
//! (no host parameters, so SQLite's limit on them does not apply).

use std::fmt::Write as _;

use chrono::NaiveDate;
use diesel::connection::SimpleConnection;

use crate::db::DbConn;

const ROWS_PER_INSERT: usize = 500;

/// Rows of one table on their way into the database.
pub struct Table {
    pub name: &'static str,
    head: String,
    current: String,
    rows: usize,
    pub total: usize,
}

impl Table {
    pub fn new(name: &'static str, columns: &str) -> Self {
        Table {
            name,
            head: format!("INSERT INTO {name} ({columns}) VALUES "),
            current: String::new(),
            rows: 0,
            total: 0,
        }
    }

    /// Adds one row of already-quoted values.
    pub fn row(&mut self, values: std::fmt::Arguments<'_>) {
        self.current.push_str(if self.rows == 0 { &self.head } else { "," });
        self.current.push('(');
        // Writing to a String cannot fail.
        let _ = self.current.write_fmt(values);
        self.current.push(')');
        self.rows += 1;
        self.total += 1;
    }

    /// Runs what is pending.
    fn flush(&mut self, conn: &mut DbConn) -> diesel::QueryResult<()> {
        if self.rows == 0 {
            return Ok(());
        }
        self.rows = 0;
        let statement = std::mem::take(&mut self.current);
        conn.batch_execute(&statement)
    }
}

/// Runs the pending rows of `tables`, in their order (parents before children, for the foreign
/// keys), once any of them holds a full statement's worth; with `all`, whatever they hold.
pub fn flush(conn: &mut DbConn, tables: &mut [&mut Table], all: bool) -> diesel::QueryResult<()> {
    if all || tables.iter().any(|t| t.rows >= ROWS_PER_INSERT) {
        for table in tables {
            table.flush(conn)?;
        }
    }
    Ok(())
}

/// A text literal.
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

pub fn quote_or_null(text: Option<&str>) -> String {
    text.map(quote).unwrap_or_else(|| "NULL".into())
}

pub fn date(day: NaiveDate) -> String {
    format!("'{}'", day.format("%Y-%m-%d"))
}

/// The time stamp of every generated row.
pub const STAMP: &str = "'2026-11-28 00:00:00'";

/// A UUID-shaped id (version 7 layout), so keys are as long as real ones; `table` keeps the
/// tables' ids apart.
pub fn id(table: u16, n: usize) -> String {
    format!("01a21f73-{table:04x}-7000-8000-{n:012x}")
}
