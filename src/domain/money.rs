//! Money as integer minor units with an ISO 4217 currency: never a float, so sums are exact.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The currencies joint funding is awarded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum Currency {
    #[serde(rename = "RUB")]
    Rub,
    #[serde(rename = "CNY")]
    Cny,
    #[serde(rename = "USD")]
    Usd,
    #[serde(rename = "EUR")]
    Eur,
}

impl Currency {
    pub const ALL: [Currency; 4] = [Currency::Rub, Currency::Cny, Currency::Usd, Currency::Eur];

    pub fn code(self) -> &'static str {
        match self {
            Currency::Rub => "RUB",
            Currency::Cny => "CNY",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code().eq_ignore_ascii_case(code))
    }

    /// ISO 4217 minor-unit exponent: all four have two (kopecks, fen, cents).
    pub fn exponent(self) -> u32 {
        2
    }
}

/// The largest amount one award may have, in minor units: one trillion in major units
/// (1 000 000 000 000.00), beyond any single research award in any of the four currencies. The
/// bound keeps one record from dwarfing a registry's totals; the totals themselves are summed
/// without overflow whatever is stored (`db::models::stats`).
pub const MAX_AMOUNT_MINOR: i64 = 100_000_000_000_000;

/// An amount such as 1 500 000.00 RUB, held as 150 000 000 minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Money {
    /// Integer minor units (kopecks, fen, cents); never negative, at most 10^14.
    #[schema(minimum = 0, maximum = 100_000_000_000_000_i64, example = 150000000)]
    pub amount_minor: i64,
    pub currency: Currency,
}

impl Money {
    /// An amount an award can have: 0 to [`MAX_AMOUNT_MINOR`].
    pub fn new(amount_minor: i64, currency: Currency) -> Option<Self> {
        (0..=MAX_AMOUNT_MINOR).contains(&amount_minor).then_some(Money { amount_minor, currency })
    }

    /// The amount for people: `1500000.00 RUB`.
    pub fn display(self) -> String {
        format!("{} {}", self.decimal(), self.currency.code())
    }

    /// The amount as an exact decimal in major units (`1500000.00`), made from the integer minor
    /// units without floating point: what exchange formats write.
    pub fn decimal(self) -> String {
        let exponent = self.currency.exponent();
        let scale = 10_i64.pow(exponent);
        let width = exponent as usize;
        format!("{}.{:0width$}", self.amount_minor / scale, self.amount_minor % scale)
    }

    /// The sum of two amounts in one currency; `None` across currencies or on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| self.amount_minor.checked_add(other.amount_minor))
            .flatten()
            .map(|amount_minor| Money { amount_minor, currency: self.currency })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_integers_in_one_currency() {
        let grant = Money::new(150_000_000, Currency::Rub).unwrap();
        assert_eq!(grant.display(), "1500000.00 RUB");
        assert_eq!(grant.checked_add(grant).unwrap().amount_minor, 300_000_000);
        assert!(grant.checked_add(Money::new(1, Currency::Cny).unwrap()).is_none());
        assert!(Money::new(-1, Currency::Eur).is_none());
        assert!(Money::new(MAX_AMOUNT_MINOR + 1, Currency::Eur).is_none());
        let most = Money::new(MAX_AMOUNT_MINOR, Currency::Usd).unwrap();
        assert!(Money { amount_minor: i64::MAX, ..most }.checked_add(most).is_none());
    }

    #[test]
    fn currencies_round_trip_through_their_codes() {
        for currency in Currency::ALL {
            assert_eq!(Currency::parse(currency.code()), Some(currency));
            assert_eq!(serde_json::to_string(&currency).unwrap(), format!("\"{}\"", currency.code()));
        }
        assert_eq!(Currency::parse("rub"), Some(Currency::Rub));
        assert_eq!(Currency::parse("GBP"), None);
        let json = serde_json::json!({"amount_minor": 100, "currency": "CNY"});
        assert_eq!(serde_json::from_value::<Money>(json).unwrap(), Money::new(100, Currency::Cny).unwrap());
    }
}
