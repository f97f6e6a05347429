//! The ECB's euro reference rates as XML, daily (`eurofxref-daily.xml`) or historical
//! (`eurofxref-hist.xml`): a `gesmes:Envelope` holding `<Cube><Cube time="2024-03-04"><Cube
//! currency="USD" rate="1.0852"/>…`. Every rate means "1 EUR = rate currency".

use chrono::NaiveDate;

use super::text::{attribute, line_of};
use super::{Decimal, Malformed, Parsed, ParsedRate, currency};
use crate::domain::money::Currency;

pub fn parse(bytes: &[u8]) -> Result<Parsed, Malformed> {
    let text = super::text::decode(bytes)?;
    let document = super::text::xml(&text)?;
    let root = document.root_element();
    if root.tag_name().name() != "Envelope" {
        return Err(Malformed::new(
            line_of(root),
            format!(
                "is not an ECB reference rate file: its root is <{}>, not <gesmes:Envelope>",
                root.tag_name().name()
            ),
        ));
    }
    let mut parsed = Parsed::default();
    for day in root.descendants().filter(|n| n.is_element() && n.tag_name().name() == "Cube" && n.has_attribute("time"))
    {
        let line = line_of(day);
        let time = attribute(day, "time")?;
        let rate_date = NaiveDate::parse_from_str(time, "%Y-%m-%d")
            .map_err(|_| Malformed::new(line, format!("time={time:?} is not a date (YYYY-MM-DD)")))?;
        for cube in day.children().filter(|n| n.is_element()) {
            let line = line_of(cube);
            if cube.tag_name().name() != "Cube" {
                return Err(Malformed::new(
                    line,
                    format!("<{}> where a rate's <Cube> belongs", cube.tag_name().name()),
                ));
            }
            let code = attribute(cube, "currency")?;
            let rate = Decimal::parse(attribute(cube, "rate")?, '.').map_err(|why| Malformed::new(line, why))?;
            match currency(code, line)? {
                Some(Currency::Eur) => return Err(Malformed::new(line, "gives a rate of the euro against itself")),
                Some(quote) => parsed.rates.push(ParsedRate { rate_date, base: Currency::Eur, quote, rate, line }),
                None => parsed.skipped += 1,
            }
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAILY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<gesmes:Sender>
		<gesmes:name>European Central Bank</gesmes:name>
	</gesmes:Sender>
	<Cube>
		<Cube time='2024-03-04'>
			<Cube currency='USD' rate='1.0852'/>
			<Cube currency='JPY' rate='162.66'/>
			<Cube currency='CNY' rate='7.8117'/>
		</Cube>
	</Cube>
</gesmes:Envelope>"#;

    #[test]
    fn the_daily_file_reads() {
        let parsed = parse(DAILY.as_bytes()).unwrap();
        assert_eq!(parsed.skipped, 1);
        assert_eq!(parsed.rates.len(), 2);
        assert_eq!(parsed.rates[0].quote, Currency::Usd);
        assert_eq!(parsed.rates[0].rate.to_string(), "1.0852");
        assert_eq!(parsed.rates[0].line, 9);
        assert_eq!(parsed.rates[1].rate_date, NaiveDate::from_ymd_opt(2024, 3, 4).unwrap());
    }

    #[test]
    fn a_wrong_element_names_its_line() {
        let bad = DAILY.replace("rate='162.66'", "rate='162,66'");
        assert_eq!(parse(bad.as_bytes()).unwrap_err().line, 10);
        let bad = DAILY.replace("time='2024-03-04'", "time='2024-02-30'");
        assert_eq!(parse(bad.as_bytes()).unwrap_err().line, 8);
        let bad = DAILY.replace("currency='CNY' ", "");
        assert_eq!(parse(bad.as_bytes()).unwrap_err().line, 11);
        let bad = DAILY.replace("</Cube>\n\t</Cube>", "</Cube>");
        assert!(parse(bad.as_bytes()).is_err(), "not well-formed");
        assert_eq!(parse(b"<ValCurs/>").unwrap_err().line, 1);
    }
}
