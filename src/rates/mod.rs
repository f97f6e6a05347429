//! Reference exchange rates: the files the European Central Bank and the Bank of Russia publish,
//! read into dated rates "1 BASE = x QUOTE" with exact decimals, stored by
//! `db::models::fx_rate`, and used by [`convert`] to turn an amount into another currency.
//!
//! - Only the registry's currencies (RUB, CNY, USD, EUR: `domain::money::Currency`) are kept:
//!   conversions need no other, their minor units are known, and the ECB's history would
//!   otherwise add some 200 000 rows. Other currencies in a file are still checked, then counted
//!   as `skipped`.
//! - A malformed file is refused whole, naming the line that is wrong; nothing is written.
//! - Importing the same file twice changes nothing: rates are keyed by (source, date, base,
//!   quote). A later file with another value for a key replaces it (banks do correct a
//!   publication) and the import counts it as `changed`.
//! - No rates ship with the registry: rates go stale, and the CBR's have no reuse licence.

pub mod cbr;
pub mod command;
pub mod convert;
pub mod decimal;
pub mod ecb_csv;
pub mod ecb_xml;
pub mod import;
pub mod text;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::money::Currency;
use crate::error::ApiError;
pub use decimal::Decimal;

/// Who published a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Source {
    /// The European Central Bank's euro reference rates.
    Ecb,
    /// The Bank of Russia's official rates of foreign currencies against the rouble.
    Cbr,
    /// The People's Bank of China's central parity (CFETS); no importer yet.
    Pboc,
    /// Entered by hand; no importer yet.
    Manual,
}

impl Source {
    pub const ALL: [Source; 4] = [Source::Ecb, Source::Cbr, Source::Pboc, Source::Manual];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Ecb => "ECB",
            Source::Cbr => "CBR",
            Source::Pboc => "PBOC",
            Source::Manual => "MANUAL",
        }
    }

    pub fn parse(text: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// The file formats `jointreg rates import` and `POST /api/v1/fx-rates/imports` read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// The ECB's `eurofxref-hist.csv` (or the daily `eurofxref.csv`): a `Date` column, then one
    /// column per currency, `N/A` where there is no rate.
    EcbCsv,
    /// The ECB's `eurofxref-daily.xml` or `eurofxref-hist.xml` (`Cube time` / `Cube currency rate`).
    EcbXml,
    /// The Bank of Russia's `XML_daily.asp`: every currency on one day (`ValCurs Date`, `Valute`).
    CbrDaily,
    /// The Bank of Russia's `XML_dynamic.asp`: one currency over a period (`Record Date`).
    CbrDynamic,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::EcbCsv, Format::EcbXml, Format::CbrDaily, Format::CbrDynamic];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::EcbCsv => "ecb-csv",
            Format::EcbXml => "ecb-xml",
            Format::CbrDaily => "cbr-daily",
            Format::CbrDynamic => "cbr-dynamic",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == text)
    }

    pub fn names() -> String {
        Format::ALL.map(Format::as_str).join(", ")
    }

    pub fn source(self) -> Source {
        match self {
            Format::EcbCsv | Format::EcbXml => Source::Ecb,
            Format::CbrDaily | Format::CbrDynamic => Source::Cbr,
        }
    }
}

/// One rate a file gives, normalised: 1 `base` = `rate` `quote`, in effect from `rate_date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRate {
    pub rate_date: NaiveDate,
    pub base: Currency,
    pub quote: Currency,
    pub rate: Decimal,
    /// The file's line it came from, to name it when two lines disagree.
    pub line: usize,
}

/// What a file holds: the registry's rates, and how many of other currencies were left out.
#[derive(Debug, Default)]
pub struct Parsed {
    pub rates: Vec<ParsedRate>,
    pub skipped: u64,
}

/// Why a file was refused, with the line that is wrong (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub line: usize,
    pub message: String,
}

impl Malformed {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Malformed { line, message: message.into() }
    }
}

impl From<Malformed> for ApiError {
    fn from(m: Malformed) -> Self {
        ApiError::field("file", "malformed", format!("line {}: {}; nothing was imported", m.line, m.message))
    }
}

/// Reads a whole file in `format`: every line checked, or the first wrong one named.
pub fn parse(bytes: &[u8], format: Format) -> Result<Parsed, Malformed> {
    let parsed = match format {
        Format::EcbCsv => ecb_csv::parse(bytes)?,
        Format::EcbXml => ecb_xml::parse(bytes)?,
        Format::CbrDaily => cbr::parse_daily(bytes)?,
        Format::CbrDynamic => cbr::parse_dynamic(bytes)?,
    };
    if parsed.rates.is_empty() && parsed.skipped == 0 {
        return Err(Malformed::new(1, format!("holds no rates: is it a {} file?", format.as_str())));
    }
    Ok(parsed)
}

/// A registry currency by its ISO code, `None` for another well-formed code (left out), and an
/// error for what is not a code at all.
pub(crate) fn currency(code: &str, line: usize) -> Result<Option<Currency>, Malformed> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Malformed::new(line, format!("{code:?} is not a currency code (three capital letters, e.g. USD)")));
    }
    Ok(Currency::parse(code))
}
