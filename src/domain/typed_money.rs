//! Amounts as people type them — "18 000 000,00 ₽", "1,800,000.00", "¥2 000 000", "€ 3.500,50" —
//! read exactly into minor units, with the currency its sign or code names (if any). Nothing
//! is rounded: a fraction finer than the currency's minor unit is refused.

use super::money::{Currency, MAX_AMOUNT_MINOR};

/// Why a typed amount was not read; the code is the one the API's field errors use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Not a number as people write amounts.
    NotAnAmount,
    /// More decimals than the currency has minor units (kopecks, fen, cents).
    TooPrecise,
    /// Beyond [`MAX_AMOUNT_MINOR`].
    TooLarge,
    /// Two different currencies named ("$ 100 RUB").
    TwoCurrencies,
}

impl Unreadable {
    pub fn code(self) -> &'static str {
        match self {
            Unreadable::NotAnAmount => "not_an_amount",
            Unreadable::TooPrecise => "too_precise",
            Unreadable::TooLarge => "too_large",
            Unreadable::TwoCurrencies => "two_currencies",
        }
    }
}

/// Signs and codes people write beside an amount, longest first so "руб." wins over "р.".
const MARKERS: [(&str, Currency); 15] = [
    ("рублей", Currency::Rub),
    ("руб.", Currency::Rub),
    ("руб", Currency::Rub),
    ("р.", Currency::Rub),
    ("rub", Currency::Rub),
    ("₽", Currency::Rub),
    ("rmb", Currency::Cny),
    ("cny", Currency::Cny),
    ("¥", Currency::Cny),
    ("元", Currency::Cny),
    ("￥", Currency::Cny),
    ("usd", Currency::Usd),
    ("$", Currency::Usd),
    ("eur", Currency::Eur),
    ("€", Currency::Eur),
];

/// The amount in minor units and the currency the text names, if it names one.
pub fn read(typed: &str) -> Result<(i64, Option<Currency>), Unreadable> {
    let mut text = typed.trim().to_lowercase();
    let mut named = None;
    for (marker, currency) in MARKERS {
        if text.contains(marker) {
            if named.is_some_and(|n| n != currency) {
                return Err(Unreadable::TwoCurrencies);
            }
            named = Some(currency);
            text = text.replace(marker, " ");
        }
    }
    // Grouping: spaces of every width and apostrophes (1'800'000). Where spaces group thousands,
    // a single comma or point can only be the decimal mark ("2 000 000,005").
    let spaced = text.trim().contains(char::is_whitespace);
    let digits: String = text.chars().filter(|c| !c.is_whitespace() && *c != '\'' && *c != '\u{2019}').collect();
    let exponent = named.unwrap_or(Currency::Rub).exponent() as usize;
    let (whole, fraction) = split_decimal(&digits, spaced)?;
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Unreadable::NotAnAmount);
    }
    // Zeros past the minor unit change nothing ("0,500" is 50 kopecks); other digits would be lost.
    let fraction = match fraction.get(exponent..) {
        Some(beyond) if beyond.bytes().any(|b| b != b'0') => return Err(Unreadable::TooPrecise),
        Some(_) => &fraction[..exponent],
        None => fraction.as_str(),
    };
    let padded = format!("{whole}{fraction:0<exponent$}");
    let minor: i128 = padded.parse().map_err(|_| Unreadable::TooLarge)?;
    i64::try_from(minor).ok().filter(|m| *m <= MAX_AMOUNT_MINOR).map(|m| (m, named)).ok_or(Unreadable::TooLarge)
}

/// The whole part without its grouping, and the decimals. With both `,` and `.` the last is the
/// decimal mark; with one of them once and one or two digits after it, it is the decimal mark;
/// so too with spaces grouping the thousands; otherwise (several, or three digits after:
/// "1,800") it groups thousands.
fn split_decimal(text: &str, spaced: bool) -> Result<(String, String), Unreadable> {
    let Some(at) = text.rfind([',', '.']) else { return Ok((text.to_owned(), String::new())) };
    let mark = if text[at..].starts_with(',') { ',' } else { '.' };
    let group = if mark == ',' { '.' } else { ',' };
    let after = &text[at + 1..];
    let once = text.matches(mark).count() == 1;
    let decimal = text.contains(group) || (once && (spaced || (1..=2).contains(&after.len())));
    if decimal {
        Ok((ungrouped(&text[..at], group)?, after.to_owned()))
    } else {
        Ok((ungrouped(text, mark)?, String::new()))
    }
}

/// `whole` without the thousands marks `group`, which must stand between groups of three digits.
fn ungrouped(whole: &str, group: char) -> Result<String, Unreadable> {
    let mut groups = whole.split(group);
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    if !rest.is_empty() && (first.is_empty() || first.len() > 3 || rest.iter().any(|g| g.len() != 3)) {
        return Err(Unreadable::NotAnAmount);
    }
    Ok(std::iter::once(first).chain(rest).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_amounts_as_people_write_them_in_three_languages() {
        let cases = [
            ("18 000 000,00 ₽", 1_800_000_000, Some(Currency::Rub)),
            ("18\u{a0}000\u{a0}000,00 руб.", 1_800_000_000, Some(Currency::Rub)),
            ("1,800,000.00", 180_000_000, None),
            ("1.800.000,50", 180_000_050, None),
            ("¥2 000 000", 200_000_000, Some(Currency::Cny)),
            ("2000000元", 200_000_000, Some(Currency::Cny)),
            ("$1,250.5", 125_050, Some(Currency::Usd)),
            ("€ 3.500,50", 350_050, Some(Currency::Eur)),
            ("1'800'000 RUB", 180_000_000, Some(Currency::Rub)),
            ("1,800", 180_000, None),
            ("0", 0, None),
            ("12,5", 1_250, None),
            ("2 000 000,500", 200_000_050, None),
        ];
        for (typed, minor, currency) in cases {
            assert_eq!(read(typed), Ok((minor, currency)), "{typed}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_exact_amount() {
        assert_eq!(read("1,234.567"), Err(Unreadable::TooPrecise));
        assert_eq!(read("2 000 000,005"), Err(Unreadable::TooPrecise));
        assert_eq!(read("12.345,678"), Err(Unreadable::TooPrecise));
        assert_eq!(read("about a million"), Err(Unreadable::NotAnAmount));
        assert_eq!(read("-5"), Err(Unreadable::NotAnAmount));
        assert_eq!(read(""), Err(Unreadable::NotAnAmount));
        assert_eq!(read("1.2,3"), Err(Unreadable::NotAnAmount));
        assert_eq!(read("1,80,000"), Err(Unreadable::NotAnAmount));
        assert_eq!(read("1.000.00"), Err(Unreadable::NotAnAmount));
        assert_eq!(read("$ 100 RUB"), Err(Unreadable::TwoCurrencies));
        assert_eq!(read("1 000 000 000 000,01"), Err(Unreadable::TooLarge));
        assert_eq!(read("99999999999999999999999"), Err(Unreadable::TooLarge));
        assert_eq!(read("1 000 000 000 000,00"), Ok((MAX_AMOUNT_MINOR, None)));
    }
}
