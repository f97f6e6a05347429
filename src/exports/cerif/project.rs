//! A project as a CERIF `Project`: titles, dates, the laboratories' institutions as the consortium
//! (the lead's as coordinator), the people as the team, and each award as `Funded` (the funder
//! `By`, the award `As` a `Funding` by its id and number).

use super::{EmbeddedFunder, FINANCE_ID, FUNDING_TYPES, GRANT, URL_ID};
use crate::domain::project::{LabRole, ParticipantRole};
use crate::exports::project::ProjectExport;
use crate::exports::xml::Xml;

/// Writes project `id` (its `export`) as a top-level CERIF record.
pub fn project(xml: &mut Xml, id: &str, export: &ProjectExport) {
    let fields = &export.project;
    let record_id = super::project_id(id);
    xml.open("Project", &[("xmlns", super::NAMESPACE), ("id", &record_id)]);
    xml.optional("Acronym", &[], fields.acronym.as_deref());
    for (language, title) in fields.titles.by_language() {
        xml.text("Title", &[("xml:lang", language)], title);
    }
    xml.text("Identifier", &[("type", URL_ID)], &export.url);
    xml.text("StartDate", &[], &fields.starts_on.to_string());
    xml.optional("EndDate", &[], fields.ends_on.map(|d| d.to_string()).as_deref());
    consortium(xml, export);
    team(xml, export);
    for award in &export.funding {
        xml.open("Funded", &[]);
        xml.open("By", &[]);
        let funder = &award.funder;
        super::funder_reference(
            xml,
            &EmbeddedFunder {
                id: &funder.id,
                short_code: &funder.short_code,
                name: &funder.name,
                ror_id: funder.ror_id.as_deref(),
                funder_doi: funder.funder_doi.as_deref(),
            },
        );
        xml.close("By");
        xml.open("As", &[]);
        xml.open("Funding", &[("id", &super::funding_id(&award.id))]);
        xml.text("Type", &[("xmlns", FUNDING_TYPES)], GRANT);
        xml.optional("Identifier", &[("type", FINANCE_ID)], award.award_number.as_deref());
        xml.close("Funding");
        xml.close("As");
        xml.close("Funded");
    }
    for code in &fields.subject_areas {
        xml.text("Subject", &[("scheme", super::ASJC_SCHEME)], &code.to_string());
    }
    for keyword in &fields.keywords {
        xml.text("Keyword", &[], keyword);
    }
    for (language, summary) in fields.summaries.by_language() {
        xml.text("Abstract", &[("xml:lang", language)], summary);
    }
    xml.close("Project");
}

/// The institutions of the project's laboratories: the lead's coordinates, the others partner.
fn consortium(xml: &mut Xml, export: &ProjectExport) {
    if export.organisations.is_empty() {
        return;
    }
    xml.open("Consortium", &[]);
    // The profile's sequence puts every coordinator before any partner.
    for role in [LabRole::Lead, LabRole::Partner] {
        let element = if role == LabRole::Lead { "Coordinator" } else { "Partner" };
        for organisation in export.organisations.iter().filter(|o| o.role == role) {
            xml.open(element, &[]);
            xml.open("OrgUnit", &[("id", &super::org_unit_id(&organisation.id))]);
            xml.text("Name", &[("xml:lang", "en")], &organisation.name);
            xml.optional("RORID", &[], organisation.ror_id.as_deref());
            xml.close("OrgUnit");
            xml.close(element);
        }
    }
    xml.close("Consortium");
}

/// The participants by name (and ORCID iD): principal investigators first, then the members.
fn team(xml: &mut Xml, export: &ProjectExport) {
    let participants = &export.project.participants;
    if participants.is_empty() {
        return;
    }
    xml.open("Team", &[]);
    let leads = |p: &&crate::db::models::project::Participant| p.role == ParticipantRole::PrincipalInvestigator;
    let ordered = participants.iter().filter(leads).chain(participants.iter().filter(|p| !leads(p)));
    for participant in ordered {
        let element =
            if participant.role == ParticipantRole::PrincipalInvestigator { "PrincipalInvestigator" } else { "Member" };
        xml.open(element, &[]);
        xml.text("DisplayName", &[], &participant.name);
        xml.open("Person", &[]);
        if let Some(orcid) = &participant.orcid {
            super::orcid(xml, orcid);
        }
        xml.close("Person");
        xml.close(element);
    }
    xml.close("Team");
}
