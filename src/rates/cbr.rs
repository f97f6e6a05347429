//! The Bank of Russia's official rates, in windows-1251 with a decimal comma, each quoted per
//! `Nominal` units (10 yuan in older files, 1 later): normalised here to "1 unit = x RUB".
//!
//! - `XML_daily.asp`: `<ValCurs Date="02.03.2024"><Valute ID="R01235"><CharCode>USD</CharCode>
//!   <Nominal>1</Nominal><Value>91,3336</Value>…` — every currency on the day `Date`.
//! - `XML_dynamic.asp`: `<ValCurs ID="R01375"><Record Date="02.03.2024" Id="R01375"><Nominal>1
//!   </Nominal><Value>12,6595</Value>…` — one currency, named only by the bank's own id.
//!
//! `Date` is the day the rate takes effect (the bank sets it the working day before); it then
//! holds until the next one, weekends included.

use chrono::NaiveDate;

use super::text::{attribute, child_text, line_of};
use super::{Decimal, Malformed, Parsed, ParsedRate, currency};
use crate::domain::money::Currency;

/// The bank's ids of the registry's currencies (`VAL_NM_RQ`), for the dynamic file.
const IDS: [(&str, Currency); 3] = [("R01235", Currency::Usd), ("R01239", Currency::Eur), ("R01375", Currency::Cny)];

pub fn parse_daily(bytes: &[u8]) -> Result<Parsed, Malformed> {
    let text = super::text::decode(bytes)?;
    let document = super::text::xml(&text)?;
    let root = rates_root(&document)?;
    let rate_date = date(root, "Date")?;
    let mut parsed = Parsed::default();
    for valute in elements(root, "Valute")? {
        let line = line_of(valute);
        let code = child_text(valute, "CharCode")?;
        let rate = per_unit(valute)?;
        match currency(code, line)? {
            Some(Currency::Rub) => return Err(Malformed::new(line, "gives a rate of the rouble against itself")),
            Some(base) => parsed.rates.push(ParsedRate { rate_date, base, quote: Currency::Rub, rate, line }),
            None => parsed.skipped += 1,
        }
    }
    Ok(parsed)
}

pub fn parse_dynamic(bytes: &[u8]) -> Result<Parsed, Malformed> {
    let text = super::text::decode(bytes)?;
    let document = super::text::xml(&text)?;
    let root = rates_root(&document)?;
    let mut parsed = Parsed::default();
    for record in elements(root, "Record")? {
        let line = line_of(record);
        let rate_date = date(record, "Date")?;
        let id = attribute(record, "Id")?;
        let rate = per_unit(record)?;
        match IDS.iter().find(|(known, _)| *known == id) {
            Some((_, base)) => {
                parsed.rates.push(ParsedRate { rate_date, base: *base, quote: Currency::Rub, rate, line })
            }
            None => parsed.skipped += 1,
        }
    }
    Ok(parsed)
}

fn rates_root<'a, 'input>(document: &'a roxmltree::Document<'input>) -> Result<roxmltree::Node<'a, 'input>, Malformed> {
    let root = document.root_element();
    match root.tag_name().name() {
        "ValCurs" => Ok(root),
        other => Err(Malformed::new(
            line_of(root),
            format!("is not a Bank of Russia rates file: its root is <{other}>, not <ValCurs>"),
        )),
    }
}

/// The child elements of `parent`, each of them `name`.
fn elements<'a, 'input>(
    parent: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Result<Vec<roxmltree::Node<'a, 'input>>, Malformed> {
    parent
        .children()
        .filter(|n| n.is_element())
        .map(|n| match n.tag_name().name() == name {
            true => Ok(n),
            false => Err(Malformed::new(line_of(n), format!("<{}> where <{name}> belongs", n.tag_name().name()))),
        })
        .collect()
}

/// `Value / Nominal`: the rouble price of one unit, exactly.
fn per_unit(node: roxmltree::Node<'_, '_>) -> Result<Decimal, Malformed> {
    let line = line_of(node);
    let nominal = child_text(node, "Nominal")?;
    let nominal: u64 =
        nominal.parse().ok().filter(|n| (1..=1_000_000).contains(n)).ok_or_else(|| {
            Malformed::new(line, format!("Nominal {nominal:?} is not a whole number from 1 to 1000000"))
        })?;
    let value =
        Decimal::parse(child_text(node, "Value")?, ',').map_err(|why| Malformed::new(line, format!("Value {why}")))?;
    value.divided_by(nominal).ok_or_else(|| Malformed::new(line, "Value / Nominal is out of range"))
}

/// A `dd.mm.yyyy` attribute (`dd/mm/yyyy` in some older files).
fn date(node: roxmltree::Node<'_, '_>, name: &str) -> Result<NaiveDate, Malformed> {
    let text = attribute(node, name)?;
    NaiveDate::parse_from_str(text, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| Malformed::new(line_of(node), format!("{name}={text:?} is not a date (dd.mm.yyyy)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAILY: &str = r#"<?xml version="1.0" encoding="windows-1251"?>
<ValCurs Date="02.03.2024" name="Foreign Currency Market">
<Valute ID="R01235"><NumCode>840</NumCode><CharCode>USD</CharCode><Nominal>1</Nominal><Name>Доллар США</Name><Value>91,3336</Value><VunitRate>91,3336</VunitRate></Valute>
<Valute ID="R01375"><NumCode>156</NumCode><CharCode>CNY</CharCode><Nominal>10</Nominal><Name>Китайских юаней</Name><Value>126,5950</Value></Valute>
<Valute ID="R01820"><NumCode>392</NumCode><CharCode>JPY</CharCode><Nominal>100</Nominal><Name>Японских иен</Name><Value>60,8441</Value></Valute>
</ValCurs>"#;

    fn windows_1251(text: &str) -> Vec<u8> {
        encoding_rs::WINDOWS_1251.encode(text).0.into_owned()
    }

    #[test]
    fn the_daily_file_reads_in_windows_1251_with_nominals_divided_out() {
        let parsed = parse_daily(&windows_1251(DAILY)).unwrap();
        assert_eq!(parsed.skipped, 1, "JPY");
        assert_eq!(parsed.rates.len(), 2);
        let cny = &parsed.rates[1];
        assert_eq!((cny.base, cny.quote), (Currency::Cny, Currency::Rub));
        assert_eq!(cny.rate.to_string(), "12.6595", "126,5950 per 10 yuan");
        assert_eq!(cny.rate_date, NaiveDate::from_ymd_opt(2024, 3, 2).unwrap());
        assert_eq!(cny.line, 4);
        assert_eq!(parsed.rates[0].rate.to_string(), "91.3336");
    }

    #[test]
    fn the_dynamic_file_reads_by_the_banks_ids() {
        let dynamic = r#"<?xml version="1.0" encoding="windows-1251"?>
<ValCurs ID="R01375" DateRange1="01.03.2024" DateRange2="05.03.2024" name="Foreign Currency Market Dynamic">
<Record Date="01.03.2024" Id="R01375"><Nominal>1</Nominal><Value>12,6800</Value><VunitRate>12,68</VunitRate></Record>
<Record Date="02.03.2024" Id="R01375"><Nominal>1</Nominal><Value>12,6595</Value><VunitRate>12,6595</VunitRate></Record>
</ValCurs>"#;
        let parsed = parse_dynamic(&windows_1251(dynamic)).unwrap();
        assert_eq!(parsed.rates.len(), 2);
        assert_eq!(parsed.rates[0].rate.to_string(), "12.68");
        assert_eq!(parsed.rates[1].rate_date, NaiveDate::from_ymd_opt(2024, 3, 2).unwrap());
        assert!(parsed.rates.iter().all(|r| r.base == Currency::Cny && r.quote == Currency::Rub));
    }

    #[test]
    fn a_wrong_element_names_its_line() {
        let bad = DAILY.replace("<Value>126,5950</Value>", "<Value>126.5950</Value>");
        assert_eq!(parse_daily(&windows_1251(&bad)).unwrap_err().line, 4, "a decimal point");
        let bad = DAILY.replace("<Nominal>100</Nominal>", "<Nominal>0</Nominal>");
        assert_eq!(parse_daily(&windows_1251(&bad)).unwrap_err().line, 5);
        let bad = DAILY.replace("Date=\"02.03.2024\"", "Date=\"2024-03-02\"");
        assert_eq!(parse_daily(&windows_1251(&bad)).unwrap_err().line, 2);
        let bad = DAILY.replace("<CharCode>USD</CharCode>", "");
        assert_eq!(parse_daily(&windows_1251(&bad)).unwrap_err().line, 3);
        assert_eq!(parse_dynamic(DAILY.as_bytes()).unwrap_err().line, 3, "a daily file is not a dynamic one");
    }
}
