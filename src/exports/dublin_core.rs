//! Records as simple Dublin Core (`oai_dc`), the format every OAI-PMH repository must offer: a
//! flat description for harvesters that read nothing richer.

use crate::db::models::funder::Funder;
use crate::db::models::funding::FundingRecord;
use crate::db::models::institution::Institution;
use crate::db::models::output::Output;
use crate::db::models::project::Texts;
use crate::error::ApiError;
use crate::exports::cerif;
use crate::exports::project::ProjectExport;
use crate::exports::xml::Xml;

pub const NAMESPACE: &str = "http://www.openarchives.org/OAI/2.0/oai_dc/";
pub const SCHEMA: &str = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd";
const ELEMENTS: &str = "http://purl.org/dc/elements/1.1/";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn open(xml: &mut Xml) {
    let location = format!("{NAMESPACE} {SCHEMA}");
    xml.open(
        "oai_dc:dc",
        &[("xmlns:oai_dc", NAMESPACE), ("xmlns:dc", ELEMENTS), ("xmlns:xsi", XSI), ("xsi:schemaLocation", &location)],
    );
}

fn texts(xml: &mut Xml, element: &str, texts: &Texts) {
    for (language, text) in texts.by_language() {
        xml.text(element, &[("xml:lang", language)], text);
    }
}

pub fn project(xml: &mut Xml, export: &ProjectExport) {
    let fields = &export.project;
    open(xml);
    texts(xml, "dc:title", &fields.titles);
    for participant in &fields.participants {
        xml.text("dc:creator", &[], &participant.name);
    }
    for code in &fields.subject_areas {
        xml.text("dc:subject", &[], &format!("ASJC {code}"));
    }
    for keyword in &fields.keywords {
        xml.text("dc:subject", &[], keyword);
    }
    texts(xml, "dc:description", &fields.summaries);
    for organisation in &export.organisations {
        xml.text("dc:contributor", &[], &organisation.name);
    }
    let period = match fields.ends_on {
        Some(ends_on) => format!("{}/{ends_on}", fields.starts_on),
        None => fields.starts_on.to_string(),
    };
    xml.text("dc:date", &[], &period);
    xml.text("dc:type", &[], "project");
    xml.text("dc:identifier", &[], &export.url);
    for award in &export.funding {
        let number = award.award_number.as_deref().unwrap_or("");
        xml.text(
            "dc:relation",
            &[],
            format!("info:eu-repo/grantAgreement/{}/{number}", award.funder.short_code).trim_end_matches('/'),
        );
    }
    xml.close("oai_dc:dc");
}

pub fn funding(xml: &mut Xml, record: &FundingRecord, funder: &Funder) -> Result<(), ApiError> {
    open(xml);
    xml.text("dc:title", &[], &cerif::funding_name(record, funder));
    xml.text("dc:publisher", &[], &funder.name_en);
    xml.text("dc:date", &[], &format!("{}/{}", record.starts_on, record.ends_on));
    xml.text("dc:type", &[], "grant");
    xml.optional("dc:identifier", &[], record.award_number.as_deref());
    if let Some(money) = record.amount()? {
        xml.text("dc:description", &[], &format!("{} {}", money.decimal(), money.currency.code()));
    }
    xml.close("oai_dc:dc");
    Ok(())
}

pub fn institution(xml: &mut Xml, institution: &Institution) {
    open(xml);
    org_names(xml, &institution.name_en, institution.name_ru.as_deref(), institution.name_zh.as_deref());
    xml.text("dc:type", &[], "organisation");
    xml.optional("dc:identifier", &[], institution.ror_id.as_deref());
    xml.optional("dc:identifier", &[], institution.website.as_deref());
    xml.text("dc:coverage", &[], &institution.country);
    xml.close("oai_dc:dc");
}

pub fn funder(xml: &mut Xml, funder: &Funder) {
    open(xml);
    org_names(xml, &funder.name_en, funder.name_ru.as_deref(), funder.name_zh.as_deref());
    xml.text("dc:title", &[], &funder.short_code);
    xml.text("dc:type", &[], "funder");
    xml.optional("dc:identifier", &[], funder.ror_id.as_deref());
    if let Some(doi) = &funder.funder_doi {
        xml.text("dc:identifier", &[], &format!("https://doi.org/{doi}"));
    }
    xml.text("dc:coverage", &[], &funder.country);
    xml.close("oai_dc:dc");
}

fn org_names(xml: &mut Xml, en: &str, ru: Option<&str>, zh: Option<&str>) {
    xml.text("dc:title", &[("xml:lang", "en")], en);
    xml.optional("dc:title", &[("xml:lang", "ru")], ru);
    xml.optional("dc:title", &[("xml:lang", "zh")], zh);
}

pub fn output(xml: &mut Xml, output: &Output, projects: &[(String, Texts)]) -> Result<(), ApiError> {
    open(xml);
    xml.text("dc:title", &[], &output.title);
    xml.optional("dc:source", &[], output.venue.as_deref());
    xml.text("dc:date", &[], &output.year.to_string());
    xml.text("dc:type", &[], cerif::coar_type(output.kind()?));
    if let Some(doi) = &output.doi {
        xml.text("dc:identifier", &[], &format!("https://doi.org/{doi}"));
    }
    xml.optional("dc:identifier", &[], output.url.as_deref());
    for (id, _) in projects {
        xml.text("dc:relation", &[], &cerif::project_id(id));
    }
    xml.close("oai_dc:dc");
    Ok(())
}
