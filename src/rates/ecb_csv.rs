//! The ECB's euro reference rates as CSV: `eurofxref-hist.csv` (header `Date,USD,JPY,…,`,
//! newest row first, a trailing comma on every line, `N/A` where a currency had no rate that
//! day) and the daily `eurofxref.csv` (`Date, USD, …` with spaces, the date as `04 March 2024`).
//! Every cell means "1 EUR = x currency".

use chrono::NaiveDate;

use super::{Decimal, Malformed, Parsed, ParsedRate, currency};
use crate::domain::money::Currency;

pub fn parse(bytes: &[u8]) -> Result<Parsed, Malformed> {
    let text = super::text::decode(bytes)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(record) => record.map_err(|e| unreadable(&e))?,
        None => return Err(Malformed::new(1, "is empty")),
    };
    let header_line = header.position().map_or(1, |p| p.line() as usize);
    if header.get(0).map(str::trim) != Some("Date") {
        return Err(Malformed::new(header_line, "does not start with the header `Date,USD,JPY,…`"));
    }
    // The currencies by column; `None` for another currency's column; a blank name may only
    // close the header (the trailing comma).
    let mut columns: Vec<Option<Currency>> = Vec::new();
    let names: Vec<&str> = header.iter().skip(1).map(str::trim).collect();
    let width = names.iter().rposition(|n| !n.is_empty()).map_or(0, |last| last + 1);
    for name in &names[..width] {
        if name.is_empty() {
            return Err(Malformed::new(header_line, "has a column without a currency"));
        }
        columns.push(currency(name, header_line)?);
    }
    let mut parsed = Parsed::default();
    for record in records {
        let record = record.map_err(|e| unreadable(&e))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let day = record.get(0).unwrap_or("").trim();
        let rate_date = date(day).ok_or_else(|| Malformed::new(line, format!("{day:?} is not a date (YYYY-MM-DD)")))?;
        let cells: Vec<&str> = record.iter().skip(1).map(str::trim).collect();
        if cells.len() < width || cells[width..].iter().any(|c| !c.is_empty()) {
            return Err(Malformed::new(
                line,
                format!("has {} rates where the header names {width} currencies", cells.len()),
            ));
        }
        for ((cell, column), name) in cells.iter().zip(&columns).zip(&names) {
            match *cell {
                "N/A" => continue,
                "" => return Err(Malformed::new(line, format!("has no rate for {name} (the ECB writes N/A)"))),
                _ => {}
            }
            let rate = Decimal::parse(cell, '.').map_err(|why| Malformed::new(line, why))?;
            match column {
                Some(quote) if *quote != Currency::Eur => {
                    parsed.rates.push(ParsedRate { rate_date, base: Currency::Eur, quote: *quote, rate, line })
                }
                Some(_) => return Err(Malformed::new(line, "gives a rate of the euro against itself")),
                None => parsed.skipped += 1,
            }
        }
    }
    Ok(parsed)
}

/// `2024-03-04` (the history) or `04 March 2024` (the daily file).
fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(text, "%d %B %Y")).ok()
}

fn unreadable(err: &csv::Error) -> Malformed {
    let line = err.position().map_or(1, |p| p.line() as usize);
    Malformed::new(line, format!("cannot be read as CSV ({err})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HIST: &str = "Date,USD,JPY,RUB,CNY,\n\
        2022-03-02,1.1104,128.37,N/A,7.0144,\n\
        2022-03-01,1.1162,128.78,117.2010,7.0451,\n";

    #[test]
    fn the_history_reads_with_its_trailing_comma_and_gaps() {
        let parsed = parse(HIST.as_bytes()).unwrap();
        assert_eq!(parsed.skipped, 2, "JPY twice");
        let rub: Vec<_> = parsed.rates.iter().filter(|r| r.quote == Currency::Rub).collect();
        assert_eq!(rub.len(), 1);
        assert_eq!(rub[0].rate.to_string(), "117.201");
        assert_eq!(rub[0].rate_date, NaiveDate::from_ymd_opt(2022, 3, 1).unwrap());
        assert_eq!(rub[0].line, 3);
        assert!(parsed.rates.iter().all(|r| r.base == Currency::Eur));
        assert_eq!(parsed.rates.len(), 5);
    }

    #[test]
    fn the_daily_file_reads_with_its_spaces_and_long_date() {
        let daily = "Date, USD, JPY, CNY, \n04 March 2024, 1.0852, 162.66, 7.8117, \n";
        let parsed = parse(daily.as_bytes()).unwrap();
        assert_eq!(parsed.rates.len(), 2);
        assert_eq!(parsed.rates[1].rate.to_string(), "7.8117");
        assert_eq!(parsed.rates[1].rate_date, NaiveDate::from_ymd_opt(2024, 3, 4).unwrap());
    }

    #[test]
    fn a_wrong_cell_names_its_line() {
        let bad = format!("{HIST}2022-02-28,1.12x,128.1,117.0,7.1,\n");
        let err = parse(bad.as_bytes()).unwrap_err();
        assert_eq!(err.line, 4, "{err:?}");
        assert!(err.message.contains("1.12x"), "{err:?}");
        assert_eq!(parse(b"Date,USD,\n2022-13-01,1.1,\n").unwrap_err().line, 2);
        assert_eq!(parse(b"Date,USD,CNY,\n2022-03-01,1.1,\n").unwrap_err().line, 2, "a short row");
        assert_eq!(parse(b"Date,USD,\n2022-03-01,1.1,7,\n").unwrap_err().line, 2, "a long row");
        assert_eq!(parse(b"Day,USD,\n").unwrap_err().line, 1);
        assert_eq!(parse(b"Date,usd,\n").unwrap_err().line, 1);
        assert_eq!(
            parse(b"Date,USD,JPY,\n2022-03-01,N/A,-1,\n").unwrap_err().line,
            2,
            "a skipped column is checked too"
        );
    }
}
