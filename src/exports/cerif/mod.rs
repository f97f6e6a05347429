//! CERIF-XML per the OpenAIRE Guidelines for CRIS Managers 1.2: projects, fundings, organisation
//! units (institutions and funders) and research outputs (publications, products, patents), each
//! a top-level record with an `id` such as `Projects/<uuid>`. Element order follows the profile's
//! sequences; embedded neighbours carry no more than their own top-level record. Amounts are exact
//! decimals made from minor units ([`Money::decimal`]), never floats.

mod funding;
mod org_unit;
mod output;
mod project;

pub use funding::{funding, name as funding_name};
pub use org_unit::{funder, institution};
pub use output::{OutputSet, coar_type, output};
pub use project::project;

use crate::db::models::funder::Funder;
use crate::domain::money::Money;
use crate::exports::xml::Xml;

/// The profile's namespace, on each record's root element.
pub const NAMESPACE: &str = "https://www.openaire.eu/cerif-profile/1.2/";
/// Where the profile's schema is published (`ListMetadataFormats`).
pub const SCHEMA: &str = "https://www.openaire.eu/schema/cris/1.2/openaire-cerif-profile.xsd";

const FUNDING_TYPES: &str = "https://www.openaire.eu/cerif-profile/vocab/OpenAIRE_Funding_Types";
/// Every award on record is a grant of a funder.
const GRANT: &str = "https://www.openaire.eu/cerif-profile/vocab/OpenAIRE_Funding_Types#Grant";
const FINANCE_ID: &str = "https://w3id.org/cerif/vocab/IdentifierTypes#FinanceID";
const URL_ID: &str = "https://w3id.org/cerif/vocab/IdentifierTypes#URL";
const ORCID_ID: &str = "https://w3id.org/cerif/vocab/IdentifierTypes#ORCID";
/// ASJC has no official scheme URI; `Subject/@scheme` takes any URI, so this one is documented.
pub const ASJC_SCHEME: &str = "https://www.elsevier.com/ASJC";

/// Record ids, unique across entity types as the guidelines ask.
pub fn project_id(id: &str) -> String {
    format!("Projects/{id}")
}

pub fn funding_id(id: &str) -> String {
    format!("Fundings/{id}")
}

pub fn org_unit_id(id: &str) -> String {
    format!("OrgUnits/{id}")
}

/// A funder as an embedded organisation unit: acronym, English name and identifiers.
fn funder_reference(xml: &mut Xml, funder: &EmbeddedFunder<'_>) {
    let id = org_unit_id(funder.id);
    xml.open("OrgUnit", &[("id", &id)]);
    xml.text("Acronym", &[], funder.short_code);
    xml.text("Name", &[("xml:lang", "en")], funder.name);
    xml.optional("RORID", &[], funder.ror_id);
    if let Some(doi) = funder.funder_doi {
        xml.text("FundRefID", &[], &format!("https://doi.org/{doi}"));
    }
    xml.close("OrgUnit");
}

/// What an embedded funder shows, from a funder row or a project's export alike.
struct EmbeddedFunder<'a> {
    id: &'a str,
    short_code: &'a str,
    name: &'a str,
    ror_id: Option<&'a str>,
    funder_doi: Option<&'a str>,
}

impl<'a> From<&'a Funder> for EmbeddedFunder<'a> {
    fn from(funder: &'a Funder) -> Self {
        EmbeddedFunder {
            id: &funder.id,
            short_code: &funder.short_code,
            name: &funder.name_en,
            ror_id: funder.ror_id.as_deref(),
            funder_doi: funder.funder_doi.as_deref(),
        }
    }
}

fn amount(xml: &mut Xml, money: Money) {
    xml.text("Amount", &[("currency", money.currency.code())], &money.decimal());
}

/// An ORCID iD (bare, as stored) where the profile's `ORCID` element accepts it, otherwise as a
/// generic identifier: the profile's pattern admits only the blocks issued when it was written.
fn orcid(xml: &mut Xml, orcid: &str) {
    let url = format!("https://orcid.org/{orcid}");
    if profile_accepts_orcid(orcid) {
        xml.text("ORCID", &[], &url);
    } else {
        xml.text("Identifier", &[("type", ORCID_ID)], &url);
    }
}

/// `0000-000((1-[5-9]|2-[0-9]|3-[0-4])[0-9]{3}-[0-9]{3}[0-9X]|3-5000-0001)`, the profile's pattern.
fn profile_accepts_orcid(orcid: &str) -> bool {
    let Some(rest) = orcid.strip_prefix("0000-000") else { return false };
    if rest == "3-5000-0001" {
        return true;
    }
    let bytes = rest.as_bytes();
    let block = match bytes.first() {
        Some(b'1') => (b'5'..=b'9').contains(&bytes.get(2).copied().unwrap_or(0)),
        Some(b'2') => bytes.get(2).is_some_and(u8::is_ascii_digit),
        Some(b'3') => (b'0'..=b'4').contains(&bytes.get(2).copied().unwrap_or(0)),
        _ => false,
    };
    let digits = |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|b| b.iter().all(u8::is_ascii_digit));
    block
        && bytes.len() == 11
        && bytes[1] == b'-'
        && digits(3..6)
        && bytes[6] == b'-'
        && digits(7..10)
        && (bytes[10].is_ascii_digit() || bytes[10] == b'X')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orcid_ids_the_profile_pattern_admits() {
        assert!(profile_accepts_orcid("0000-0002-1825-0097"));
        assert!(profile_accepts_orcid("0000-0001-5109-370X"));
        assert!(profile_accepts_orcid("0000-0003-5000-0001"));
        assert!(!profile_accepts_orcid("0009-0002-1825-0097"));
        assert!(!profile_accepts_orcid("0000-0001-1109-3700"));
        assert!(!profile_accepts_orcid("0000-0002-1825-009"));
    }
}
