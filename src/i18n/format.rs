//! Dates, numbers and money as people in each language write them (the CLDR "medium" forms),
//! written out here for three languages rather than pulling in ICU and its data.

use chrono::{Datelike, NaiveDate};

use super::Lang;

const EN_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Russian months after a day number are in the genitive ("6 мая"), so a date and a month on its
/// own ("май 2026") use different forms.
const RU_MONTHS_GENITIVE: [&str; 12] =
    ["янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."];
const RU_MONTHS_STANDALONE: [&str; 12] =
    ["янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек."];

/// Russian groups thousands with a narrow no-break space, so a number never wraps mid-way.
const RU_GROUP: char = '\u{202F}';

/// A day: "6 Dec 2026", "6 дек. 2026 г.", "2026年12月6日".
pub fn date(lang: Lang, day: NaiveDate) -> String {
    let (d, m, y) = (day.day(), day.month0() as usize, day.year());
    match lang {
        Lang::En => format!("{d} {} {y}", EN_MONTHS[m]),
        Lang::Ru => format!("{d} {} {y} г.", RU_MONTHS_GENITIVE[m]),
        Lang::Zh => format!("{y}年{}月{d}日", m + 1),
    }
}

/// A month, for axis labels and periods: "Dec 2026", "дек. 2026", "2026年12月".
pub fn month_year(lang: Lang, day: NaiveDate) -> String {
    let (m, y) = (day.month0() as usize, day.year());
    match lang {
        Lang::En => format!("{} {y}", EN_MONTHS[m]),
        Lang::Ru => format!("{} {y}", RU_MONTHS_STANDALONE[m]),
        Lang::Zh => format!("{y}年{}月", m + 1),
    }
}

/// An integer with thousands grouped: "1,800,000", "1 800 000" (U+202F), "1,800,000".
pub fn number(lang: Lang, n: i64) -> String {
    signed(n < 0, grouped(lang, u128::from(n.unsigned_abs())))
}

/// An amount in minor units with two decimals and its ISO code: "1,800,000.00 RUB",
/// "1 800 000,00 RUB", "1,800,000.00 RUB". The code rather than a symbol: ¥ is both yuan and
/// yen, and $ several currencies.
pub fn money(lang: Lang, amount_minor: i128, currency_code: &str) -> String {
    let abs = amount_minor.unsigned_abs();
    let decimal = match lang {
        Lang::Ru => ',',
        Lang::En | Lang::Zh => '.',
    };
    let amount = format!("{}{decimal}{:02}", grouped(lang, abs / 100), abs % 100);
    format!("{} {currency_code}", signed(amount_minor < 0, amount))
}

fn signed(negative: bool, digits: String) -> String {
    if negative { format!("-{digits}") } else { digits }
}

fn grouped(lang: Lang, n: u128) -> String {
    let separator = match lang {
        Lang::Ru => RU_GROUP,
        Lang::En | Lang::Zh => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len_utf8());
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A day as each of the two calendar formats writes it: (format, language, y-m-d, text).
    type DayCase = (fn(Lang, NaiveDate) -> String, Lang, (i32, u32, u32), &'static str);

    const DAYS: &[DayCase] = &[
        (date, Lang::En, (2026, 12, 6), "6 Dec 2026"),
        (date, Lang::Ru, (2026, 12, 6), "6 дек. 2026 г."),
        (date, Lang::Zh, (2026, 12, 6), "2026年12月6日"),
        (date, Lang::En, (2020, 1, 31), "31 Jan 2020"),
        (date, Lang::Ru, (2020, 5, 1), "1 мая 2020 г."),
        (date, Lang::Ru, (2020, 3, 8), "8 мар. 2020 г."),
        (date, Lang::Zh, (2020, 1, 1), "2020年1月1日"),
        (month_year, Lang::En, (2026, 12, 6), "Dec 2026"),
        (month_year, Lang::Ru, (2026, 12, 6), "дек. 2026"),
        (month_year, Lang::Zh, (2026, 12, 6), "2026年12月"),
        (month_year, Lang::Ru, (2026, 5, 6), "май 2026"),
        (month_year, Lang::Ru, (2026, 9, 6), "сент. 2026"),
        (month_year, Lang::En, (2026, 9, 6), "Sep 2026"),
        (month_year, Lang::Zh, (2026, 3, 1), "2026年3月"),
    ];

    #[test]
    fn dates_and_months() {
        for &(format, lang, (y, m, d), text) in DAYS {
            assert_eq!(format(lang, day(y, m, d)), text);
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number(Lang::En, 1_800_000), "1,800,000");
        assert_eq!(number(Lang::Ru, 1_800_000), "1\u{202F}800\u{202F}000");
        assert_eq!(number(Lang::Zh, 1_800_000), "1,800,000");
        assert_eq!(number(Lang::En, 0), "0");
        assert_eq!(number(Lang::En, 999), "999");
        assert_eq!(number(Lang::En, 1000), "1,000");
        assert_eq!(number(Lang::Ru, 22_112), "22\u{202F}112");
        assert_eq!(number(Lang::En, -12_345), "-12,345");
        assert_eq!(number(Lang::En, i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn money_keeps_two_decimals_and_the_code() {
        assert_eq!(money(Lang::En, 180_000_000, "RUB"), "1,800,000.00 RUB");
        assert_eq!(money(Lang::Ru, 180_000_000, "RUB"), "1\u{202F}800\u{202F}000,00 RUB");
        assert_eq!(money(Lang::Zh, 180_000_000, "RUB"), "1,800,000.00 RUB");
        assert_eq!(money(Lang::En, 5, "CNY"), "0.05 CNY");
        assert_eq!(money(Lang::Ru, 123_456, "EUR"), "1\u{202F}234,56 EUR");
        assert_eq!(money(Lang::En, -150, "USD"), "-1.50 USD");
        assert_eq!(money(Lang::En, 0, "USD"), "0.00 USD");
        assert_eq!(
            money(Lang::En, i128::MIN, "USD").len(),
            "-1,701,411,834,604,692,317,316,873,037,158,841,057.28 USD".len()
        );
    }
}
