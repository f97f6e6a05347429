//! Institutions and funders as CERIF `OrgUnit`s: names in each language on record, ROR id,
//! Crossref Funder DOI (as a FundRef id) and website.

use crate::db::models::funder::Funder;
use crate::db::models::institution::Institution;
use crate::exports::xml::Xml;

pub fn institution(xml: &mut Xml, institution: &Institution) {
    xml.open("OrgUnit", &[("xmlns", super::NAMESPACE), ("id", &super::org_unit_id(&institution.id))]);
    names(xml, &institution.name_en, institution.name_ru.as_deref(), institution.name_zh.as_deref());
    xml.optional("RORID", &[], institution.ror_id.as_deref());
    xml.optional("ElectronicAddress", &[], institution.website.as_deref());
    xml.close("OrgUnit");
}

pub fn funder(xml: &mut Xml, funder: &Funder) {
    xml.open("OrgUnit", &[("xmlns", super::NAMESPACE), ("id", &super::org_unit_id(&funder.id))]);
    xml.text("Acronym", &[], &funder.short_code);
    names(xml, &funder.name_en, funder.name_ru.as_deref(), funder.name_zh.as_deref());
    xml.optional("RORID", &[], funder.ror_id.as_deref());
    if let Some(doi) = &funder.funder_doi {
        xml.text("FundRefID", &[], &format!("https://doi.org/{doi}"));
    }
    xml.close("OrgUnit");
}

fn names(xml: &mut Xml, en: &str, ru: Option<&str>, zh: Option<&str>) {
    xml.text("Name", &[("xml:lang", "en")], en);
    xml.optional("Name", &[("xml:lang", "ru")], ru);
    xml.optional("Name", &[("xml:lang", "zh")], zh);
}
