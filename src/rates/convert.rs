//! Converting an amount into another currency at the reference rate in effect on a day: exact
//! integer arithmetic on minor units and decimal rates, rounded half-to-even once.
//!
//! The rate from A to B on day D is, in this order:
//! 1. a published rate of A in B (direct) or of B in A (inverse);
//! 2. a cross through the euro (the ECB quotes every currency against it), then through the
//!    rouble (the Bank of Russia does): A→EUR→B, A→RUB→B.
//!
//! A published rate is the latest of its pair dated D or up to [`LOOK_BACK_DAYS`] before (no
//! publication on weekends and holidays); never a later one, never an older one. Where sources
//! overlap, pairs with the rouble take the Bank of Russia's (the ECB stopped quoting it after
//! 2022-03-01), others the ECB's. With no rate, the answer is [`NoRate`]: nothing is guessed.
//!
//! **Rounding bound.** The whole chain (amount × rates × 10^exponents) is one exact fraction in
//! `i128`, rounded half-to-even once to the target's minor unit: a converted amount is within
//! 0.5 minor unit (half a kopeck, fen or cent) of the exact product, and a sum of N converted
//! records within N/2 minor units of the exact sum.

use chrono::{Days, NaiveDate};

use super::decimal::div_half_even;
use super::{Decimal, Source};
use crate::domain::money::Currency;

/// How many days before the day asked a published rate may be.
pub const LOOK_BACK_DAYS: u64 = 7;

/// The places a derived (inverse or cross) rate is shown with; conversions use it exactly.
pub const SHOWN_PLACES: u32 = 10;

/// A stored rate: 1 `base` = `rate` `quote`, published by `source`, in effect from `rate_date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    pub source: Source,
    pub rate_date: NaiveDate,
    pub base: Currency,
    pub quote: Currency,
    pub rate: Decimal,
}

/// Where rates are looked up: the rates of a period loaded from the database, or a test's.
pub trait RateBook {
    /// The rates of `base` in `quote` published from `from` to `to` (inclusive), any source.
    fn published(&self, base: Currency, quote: Currency, from: NaiveDate, to: NaiveDate) -> Vec<Published>;
}

/// Rates held in memory: what a roll-up loads once for the dates its records need.
#[derive(Debug, Clone, Default)]
pub struct Rates(pub Vec<Published>);

impl RateBook for Rates {
    fn published(&self, base: Currency, quote: Currency, from: NaiveDate, to: NaiveDate) -> Vec<Published> {
        self.0
            .iter()
            .filter(|r| r.base == base && r.quote == quote && (from..=to).contains(&r.rate_date))
            .copied()
            .collect()
    }
}

/// How a rate was had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derivation {
    /// The same currency: no rate.
    Identity,
    Direct,
    Inverse,
    /// Through a third currency.
    Cross(Currency),
}

/// One published rate a conversion used, and whether it was divided by (`inverted`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leg {
    pub published: Published,
    pub inverted: bool,
}

/// The rate from one currency to another on a day: an exact fraction, with what it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub from: Currency,
    pub to: Currency,
    pub derivation: Derivation,
    pub legs: Vec<Leg>,
    /// 1 `from` = `numerator / denominator` `to`, exactly (both positive).
    numerator: i128,
    denominator: i128,
}

impl Quote {
    /// The rate as a decimal: exact for a direct rate, else rounded half-to-even to
    /// [`SHOWN_PLACES`] (for reading only; conversions use the exact fraction).
    pub fn rate(&self) -> Decimal {
        match self.legs.as_slice() {
            [leg] if !leg.inverted => leg.published.rate,
            _ => Decimal::from_fraction(self.numerator, self.denominator, SHOWN_PLACES)
                // A rate below 10^-10 (none between these currencies) shows at full scale.
                .or_else(|| Decimal::from_fraction(self.numerator, self.denominator, super::decimal::MAX_SCALE))
                .unwrap_or(Decimal::ONE),
        }
    }

    /// The publication date of the rate, the older leg's for a cross; `None` for the identity.
    pub fn rate_date(&self) -> Option<NaiveDate> {
        self.legs.iter().map(|l| l.published.rate_date).min()
    }

    /// The publisher; for a cross through two publishers, the first leg's.
    pub fn source(&self) -> Option<Source> {
        self.legs.first().map(|l| l.published.source)
    }
}

/// A converted amount and the rate it was converted at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// In the target currency's minor units, rounded half-to-even once.
    pub amount_minor: i64,
    pub quote: Quote,
}

/// Why an amount was not converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoRate {
    /// No usable rate within the look-back: report the record as unconverted.
    Missing,
    /// The result does not fit (not reachable with amounts up to 10^14 minor units).
    Overflow,
}

/// The rate from `from` to `to` in effect on `on`, or `None`.
pub fn quote(book: &impl RateBook, from: Currency, to: Currency, on: NaiveDate) -> Option<Quote> {
    if from == to {
        return Some(Quote { from, to, derivation: Derivation::Identity, legs: vec![], numerator: 1, denominator: 1 });
    }
    if let Some(leg) = leg(book, from, to, on) {
        let derivation = if leg.inverted { Derivation::Inverse } else { Derivation::Direct };
        return chain(from, to, derivation, vec![leg]);
    }
    [Currency::Eur, Currency::Rub].into_iter().filter(|via| *via != from && *via != to).find_map(|via| {
        let first = leg(book, from, via, on)?;
        let second = leg(book, via, to, on)?;
        chain(from, to, Derivation::Cross(via), vec![first, second])
    })
}

/// Converts `amount_minor` of `from` into `to` at the rate in effect on `on`.
pub fn convert(
    book: &impl RateBook,
    amount_minor: i64,
    from: Currency,
    to: Currency,
    on: NaiveDate,
) -> Result<Converted, NoRate> {
    let quote = quote(book, from, to, on).ok_or(NoRate::Missing)?;
    let amount_minor = apply(&quote, amount_minor).ok_or(NoRate::Overflow)?;
    Ok(Converted { amount_minor, quote })
}

/// `amount_minor × rate × 10^(to's exponent − from's exponent)`, rounded once.
fn apply(quote: &Quote, amount_minor: i64) -> Option<i64> {
    let (mut numerator, mut denominator) = (i128::from(amount_minor).checked_mul(quote.numerator)?, quote.denominator);
    let (from_exp, to_exp) = (quote.from.exponent(), quote.to.exponent());
    if to_exp >= from_exp {
        numerator = numerator.checked_mul(10_i128.checked_pow(to_exp - from_exp)?)?;
    } else {
        denominator = denominator.checked_mul(10_i128.checked_pow(from_exp - to_exp)?)?;
    }
    i64::try_from(div_half_even(numerator, denominator)).ok()
}

/// A quote from its legs: the product of their fractions, kept in lowest terms.
fn chain(from: Currency, to: Currency, derivation: Derivation, legs: Vec<Leg>) -> Option<Quote> {
    let (mut numerator, mut denominator) = (1_i128, 1_i128);
    for leg in &legs {
        let (n, d) = (leg.published.rate.mantissa(), leg.published.rate.denominator());
        let (n, d) = if leg.inverted { (d, n) } else { (n, d) };
        numerator = numerator.checked_mul(n)?;
        denominator = denominator.checked_mul(d)?;
        let common = gcd(numerator, denominator);
        (numerator, denominator) = (numerator / common, denominator / common);
    }
    Some(Quote { from, to, derivation, legs, numerator, denominator })
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs().max(1)
}

/// The published rate of `a` in `b` (or, inverted, of `b` in `a`) in effect on `on`.
fn leg(book: &impl RateBook, a: Currency, b: Currency, on: NaiveDate) -> Option<Leg> {
    let published = |base, quote| in_effect(book, base, quote, on);
    published(a, b)
        .map(|published| Leg { published, inverted: false })
        .or_else(|| published(b, a).map(|published| Leg { published, inverted: true }))
}

/// The rate of a pair in effect on `on`: the preferred source's latest within the look-back.
pub fn in_effect(book: &impl RateBook, base: Currency, quote: Currency, on: NaiveDate) -> Option<Published> {
    let from = on.checked_sub_days(Days::new(LOOK_BACK_DAYS))?;
    let found = book.published(base, quote, from, on);
    preference(base, quote)
        .into_iter()
        .find_map(|source| found.iter().filter(|r| r.source == source).max_by_key(|r| r.rate_date).copied())
}

/// Whose rate a pair takes when several published it: the Bank of Russia's for the rouble (the
/// ECB has none after 2022-03-01, and the CBR's is the rate in Russian accounts), else the ECB's.
fn preference(base: Currency, quote: Currency) -> [Source; 4] {
    if base == Currency::Rub || quote == Currency::Rub {
        [Source::Cbr, Source::Ecb, Source::Pboc, Source::Manual]
    } else {
        [Source::Ecb, Source::Pboc, Source::Cbr, Source::Manual]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Currency::{Cny, Eur, Rub, Usd};

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn rate(source: Source, date: &str, base: Currency, quote: Currency, rate: &str) -> Published {
        Published { source, rate_date: day(date), base, quote, rate: Decimal::parse(rate, '.').unwrap() }
    }

    /// Friday 2024-03-01 and Monday 2024-03-04 from the ECB; the CBR's CNY of Saturday 2024-03-02.
    fn book() -> Rates {
        Rates(vec![
            rate(Source::Ecb, "2024-03-01", Eur, Usd, "1.0838"),
            rate(Source::Ecb, "2024-03-01", Eur, Cny, "7.8002"),
            rate(Source::Ecb, "2024-03-04", Eur, Usd, "1.0852"),
            rate(Source::Ecb, "2024-03-04", Eur, Cny, "7.8117"),
            rate(Source::Cbr, "2024-03-02", Cny, Rub, "12.6595"),
            rate(Source::Cbr, "2024-03-02", Usd, Rub, "91.3336"),
            rate(Source::Ecb, "2022-03-01", Eur, Rub, "117.201"),
        ])
    }

    #[test]
    fn a_direct_rate_multiplies_and_rounds_once() {
        // 1 000 000.00 CNY at 12.6595 = 12 659 500.00 RUB exactly.
        let c = convert(&book(), 100_000_000, Cny, Rub, day("2024-03-04")).unwrap();
        assert_eq!(c.amount_minor, 1_265_950_000);
        assert_eq!(c.quote.derivation, Derivation::Direct);
        assert_eq!(c.quote.rate().to_string(), "12.6595");
        assert_eq!(c.quote.rate_date(), Some(day("2024-03-02")));
        assert_eq!(c.quote.source(), Some(Source::Cbr));
        // 0.01 CNY = 0.126595 RUB → 0.13; 0.02 → 0.25319 → 0.25.
        assert_eq!(convert(&book(), 1, Cny, Rub, day("2024-03-04")).unwrap().amount_minor, 13);
        assert_eq!(convert(&book(), 2, Cny, Rub, day("2024-03-04")).unwrap().amount_minor, 25);
    }

    #[test]
    fn an_inverse_rate_divides_exactly() {
        // 1085.20 USD / 1.0852 = 1000.00 EUR exactly, on the Monday.
        let c = convert(&book(), 108_520, Usd, Eur, day("2024-03-04")).unwrap();
        assert_eq!(c.amount_minor, 100_000);
        assert_eq!(c.quote.derivation, Derivation::Inverse);
        assert_eq!(c.quote.rate().to_string(), "0.9214891264", "1/1.0852 to 10 places");
    }

    #[test]
    fn a_cross_goes_through_the_euro_with_one_rounding() {
        // USD→CNY on 2024-03-04: 7.8117 / 1.0852 = 7.198396609… ; 100.00 USD → 719.84 CNY.
        let c = convert(&book(), 10_000, Usd, Cny, day("2024-03-04")).unwrap();
        assert_eq!(c.quote.derivation, Derivation::Cross(Eur));
        assert_eq!(c.amount_minor, 71_984);
        assert_eq!(c.quote.legs.len(), 2);
        assert!(c.quote.legs[0].inverted && !c.quote.legs[1].inverted);
    }

    #[test]
    fn rouble_pairs_prefer_the_bank_of_russia() {
        let mut both = book();
        both.0.push(rate(Source::Cbr, "2022-03-01", Eur, Rub, "99.8392"));
        let c = convert(&both, 100, Eur, Rub, day("2022-03-03")).unwrap();
        assert_eq!((c.quote.source(), c.amount_minor), (Some(Source::Cbr), 9_984));
        // With the ECB's alone, the ECB's: 1.00 EUR = 117.201 RUB.
        let c = convert(&book(), 100, Eur, Rub, day("2022-03-03")).unwrap();
        assert_eq!((c.quote.derivation, c.amount_minor), (Derivation::Direct, 11_720));
        // CNY→USD in 2024 through the rouble when the ECB's are missing: 12.6595 / 91.3336.
        let cbr_only = Rates(book().0.into_iter().filter(|r| r.source == Source::Cbr).collect());
        let c = convert(&cbr_only, 100_000, Cny, Usd, day("2024-03-04")).unwrap();
        assert_eq!((c.quote.derivation, c.amount_minor), (Derivation::Cross(Rub), 13_861));
    }

    #[test]
    fn the_look_back_is_seven_days_and_never_forward() {
        let book = book();
        // Sunday the 3rd uses Friday's ECB rate.
        assert_eq!(in_effect(&book, Eur, Usd, day("2024-03-03")).unwrap().rate.to_string(), "1.0838");
        assert_eq!(in_effect(&book, Eur, Usd, day("2024-03-11")).unwrap().rate_date, day("2024-03-04"));
        assert!(in_effect(&book, Eur, Usd, day("2024-03-12")).is_none(), "eight days back");
        assert!(in_effect(&book, Eur, Usd, day("2024-02-29")).is_none(), "a later rate is never used");
        assert_eq!(convert(&book, 100, Eur, Rub, day("2022-03-09")).unwrap_err(), NoRate::Missing);
        assert_eq!(convert(&book, 100, Eur, Rub, day("2022-03-08")).unwrap().amount_minor, 11_720);
    }

    #[test]
    fn the_same_currency_is_the_identity() {
        for currency in Currency::ALL {
            let c = convert(&Rates::default(), 12_345, currency, currency, day("2024-03-04")).unwrap();
            assert_eq!((c.amount_minor, c.quote.derivation, c.quote.rate_date()), (12_345, Derivation::Identity, None));
        }
    }

    #[test]
    fn the_largest_amount_converts_without_overflow() {
        let most = crate::domain::money::MAX_AMOUNT_MINOR;
        let c = convert(&book(), most, Usd, Cny, day("2024-03-04")).unwrap();
        assert!(c.amount_minor > most);
        let tiny = Rates(vec![rate(Source::Cbr, "2024-03-01", Usd, Rub, "0.000000000000000001")]);
        assert_eq!(convert(&tiny, most, Rub, Usd, day("2024-03-01")).unwrap_err(), NoRate::Overflow);
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        fn currency() -> impl Strategy<Value = Currency> {
            prop::sample::select(Currency::ALL.to_vec())
        }

        /// A rate as the banks write them: up to 6 significant digits and 4 to 9 places.
        fn a_rate() -> impl Strategy<Value = Decimal> {
            (1_u64..1_000_000, 0_u32..10).prop_map(|(digits, places)| {
                Decimal::from_fraction(i128::from(digits), 10_i128.pow(places), places).unwrap()
            })
        }

        fn a_book() -> impl Strategy<Value = Rates> {
            prop::collection::vec((currency(), currency(), a_rate(), 0_u64..10), 0..8).prop_map(|rates| {
                let rates = rates
                    .into_iter()
                    .filter(|(base, quote, _, _)| base != quote)
                    .map(|(base, quote, rate, back)| Published {
                        source: Source::Ecb,
                        rate_date: day("2024-03-04") - Days::new(back),
                        base,
                        quote,
                        rate,
                    })
                    .collect();
                Rates(rates)
            })
        }

        proptest! {
            #[test]
            fn converting_into_the_same_currency_is_the_identity(book in a_book(), amount in 0_i64..=crate::domain::money::MAX_AMOUNT_MINOR, c in currency()) {
                let converted = convert(&book, amount, c, c, day("2024-03-04")).unwrap();
                prop_assert_eq!(converted.amount_minor, amount);
            }

            #[test]
            fn a_conversion_is_within_half_a_minor_unit_of_the_exact_product(book in a_book(), amount in 0_i64..=crate::domain::money::MAX_AMOUNT_MINOR, from in currency(), to in currency()) {
                let Ok(converted) = convert(&book, amount, from, to, day("2024-03-04")) else { return Ok(()) };
                // |converted − amount × n/d| ≤ 1/2  ⇔  |2·converted·d − 2·amount·n| ≤ d, checked
                // leg by leg from the published rates rather than from the quote's own fraction.
                let (mut n, mut d) = (i128::from(amount), 1_i128);
                for leg in &converted.quote.legs {
                    let (ln, ld) = (leg.published.rate.mantissa(), leg.published.rate.denominator());
                    let (ln, ld) = if leg.inverted { (ld, ln) } else { (ln, ld) };
                    let Some((nn, dd)) = n.checked_mul(ln).zip(d.checked_mul(ld)) else { return Ok(()) };
                    (n, d) = (nn, dd);
                }
                let Some(error) = i128::from(converted.amount_minor).checked_mul(2 * d).map(|c| (c - 2 * n).abs()) else { return Ok(()) };
                prop_assert!(error <= d, "{converted:?}");
            }

            #[test]
            fn a_larger_amount_never_converts_to_less(book in a_book(), amount in 0_i64..1_000_000_000_000, extra in 0_i64..1_000_000, from in currency(), to in currency()) {
                let on = day("2024-03-04");
                if let (Ok(small), Ok(large)) = (convert(&book, amount, from, to, on), convert(&book, amount + extra, from, to, on)) {
                    prop_assert!(small.amount_minor <= large.amount_minor);
                }
            }
        }
    }
}
