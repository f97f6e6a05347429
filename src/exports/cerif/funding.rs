//! An award as a CERIF `Funding`: a grant, named by its funder and number (or its call), with its
//! amount, award number, funder and period.

use super::{EmbeddedFunder, FINANCE_ID, FUNDING_TYPES, GRANT};
use crate::db::models::funder::Funder;
use crate::db::models::funding::FundingRecord;
use crate::error::ApiError;
use crate::exports::xml::Xml;

pub fn funding(xml: &mut Xml, record: &FundingRecord, funder: &Funder) -> Result<(), ApiError> {
    xml.open("Funding", &[("xmlns", super::NAMESPACE), ("id", &super::funding_id(&record.id))]);
    xml.text("Type", &[("xmlns", FUNDING_TYPES)], GRANT);
    xml.text("Name", &[("xml:lang", "en")], &name(record, funder));
    if let Some(money) = record.amount()? {
        super::amount(xml, money);
    }
    xml.optional("Identifier", &[("type", FINANCE_ID)], record.award_number.as_deref());
    xml.open("Funder", &[]);
    super::funder_reference(xml, &EmbeddedFunder::from(funder));
    xml.close("Funder");
    let (starts, ends) = (record.starts_on.to_string(), record.ends_on.to_string());
    xml.empty("Duration", &[("startDate", &starts), ("endDate", &ends)]);
    xml.close("Funding");
    Ok(())
}

/// `NSFC grant 82161138003`, or the call's name when it has one.
pub fn name(record: &FundingRecord, funder: &Funder) -> String {
    match (&record.call_name, &record.award_number) {
        (Some(call), Some(number)) => format!("{call} ({} {number})", funder.short_code),
        (Some(call), None) => call.clone(),
        (None, Some(number)) => format!("{} grant {number}", funder.short_code),
        (None, None) => format!("{} grant", funder.short_code),
    }
}
