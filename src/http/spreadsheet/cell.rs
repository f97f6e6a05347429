//! A spreadsheet cell, typed so that each format writes it as what it is: a date as a date, an
//! amount as a number in its currency, a count as a number, text as text.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::domain::money::Money;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Integer(i64),
    Bool(bool),
    Date(NaiveDate),
    /// An instant, written in UTC.
    Time(DateTime<Utc>),
    /// An amount in its currency, exact from integer minor units.
    Amount(Money),
}

impl Cell {
    pub fn text(value: &str) -> Cell {
        if value.is_empty() { Cell::Empty } else { Cell::Text(value.to_owned()) }
    }

    pub fn optional(value: &Option<String>) -> Cell {
        value.as_deref().map_or(Cell::Empty, Cell::text)
    }

    /// Several values in one cell, `; `-joined.
    pub fn list<S: AsRef<str>>(values: &[S]) -> Cell {
        Cell::text(&values.iter().map(AsRef::as_ref).collect::<Vec<_>>().join("; "))
    }

    pub fn date(value: Option<NaiveDate>) -> Cell {
        value.map_or(Cell::Empty, Cell::Date)
    }

    /// A timestamp stored without zone, which this service stores in UTC.
    pub fn utc(value: NaiveDateTime) -> Cell {
        Cell::Time(value.and_utc())
    }

    pub fn amount(value: Option<Money>) -> Cell {
        value.map_or(Cell::Empty, Cell::Amount)
    }
}
