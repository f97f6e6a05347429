//! `GET /api/v1/stats?currency=…`: the counted funding totalled in one currency, each record at
//! the reference rate of its start date (`crate::rates::convert`), with the native sums beside
//! it, the records without a rate listed apart, and every rate used. Sums are of integers, so
//! they do not depend on the order of the records.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::wire::{ConvertedFunderTotal, ConvertedFunding, CurrencyTotal, RateUsed};
use crate::db::DbConn;
use crate::db::models::fx_rate;
use crate::db::models::project_access::ReadScope;
use crate::db::models::stats as queries;
use crate::domain::money::Currency;
use crate::error::ApiError;
use crate::rates::convert::{self, LOOK_BACK_DAYS, NoRate};

/// Each record's start date is the day its rate is taken on.
const BASIS: &str = "start_date";

pub fn converted(conn: &mut DbConn, scope: &ReadScope, target: Currency) -> Result<ConvertedFunding, ApiError> {
    let records = queries::funding_amounts(conn, scope)?;
    let days = records.iter().map(|r| r.starts_on);
    let book = match (days.clone().min(), days.max()) {
        (Some(first), Some(last)) => {
            let from = first.checked_sub_days(Days::new(LOOK_BACK_DAYS)).unwrap_or(NaiveDate::MIN);
            fx_rate::book(conn, &Currency::ALL, from, last)?
        }
        _ => convert::Rates::default(),
    };
    let mut total = 0_i128;
    let mut converted_records = 0_i64;
    let mut by_funder: BTreeMap<(String, String), (i128, i64)> = BTreeMap::new();
    let mut native: BTreeMap<&'static str, (Currency, i128, i64)> = BTreeMap::new();
    let mut unconverted: BTreeMap<&'static str, (Currency, i128, i64)> = BTreeMap::new();
    let mut rates: BTreeMap<(&'static str, &'static str, NaiveDate, &'static str), RateUsed> = BTreeMap::new();
    for queries::FundingAmount { funder_id, funder_short_code, currency: code, amount_minor, starts_on } in records {
        let currency = Currency::parse(&code)
            .ok_or_else(|| ApiError::internal_message(format!("funding_records holds the currency {code:?}")))?;
        add(&mut native, currency, amount_minor);
        match convert::convert(&book, amount_minor, currency, target, starts_on) {
            Ok(done) => {
                total += i128::from(done.amount_minor);
                converted_records += 1;
                let slot = by_funder.entry((funder_short_code, funder_id)).or_default();
                *slot = (slot.0 + i128::from(done.amount_minor), slot.1 + 1);
                for leg in &done.quote.legs {
                    let p = leg.published;
                    rates.entry((p.base.code(), p.quote.code(), p.rate_date, p.source.as_str())).or_insert(RateUsed {
                        source: p.source,
                        rate_date: p.rate_date,
                        base: p.base,
                        quote: p.quote,
                        rate: p.rate.to_string(),
                    });
                }
            }
            Err(NoRate::Missing | NoRate::Overflow) => add(&mut unconverted, currency, amount_minor),
        }
    }
    let totals = |map: BTreeMap<&'static str, (Currency, i128, i64)>| {
        map.into_values()
            .map(|(currency, amount_minor, records)| CurrencyTotal { currency, amount_minor, records })
            .collect()
    };
    Ok(ConvertedFunding {
        currency: target,
        basis: BASIS.to_owned(),
        amount_minor: total,
        records: converted_records,
        by_funder: by_funder
            .into_iter()
            .map(|((funder_short_code, funder_id), (amount_minor, records))| ConvertedFunderTotal {
                funder_id,
                funder_short_code,
                amount_minor,
                records,
            })
            .collect(),
        native: totals(native),
        unconverted: totals(unconverted),
        rates: rates.into_values().collect(),
    })
}

fn add(map: &mut BTreeMap<&'static str, (Currency, i128, i64)>, currency: Currency, amount_minor: i64) {
    let slot = map.entry(currency.code()).or_insert((currency, 0, 0));
    slot.1 += i128::from(amount_minor);
    slot.2 += 1;
}
