//! A project as a RAiD (Research Activity Identifier, ISO 23527) create request, as the RAiD
//! service's strict JSON Schema accepts it. What a project lacks for a valid RAiD (a leader with an
//! ORCID iD, a lead organisation with a ROR id, titles RAiD can hold) is refused with every problem
//! named, never papered over.

pub mod vocabulary;
pub mod wire;

use chrono::NaiveDate;

use crate::db::models::project::{ProjectFields, Texts};
use crate::domain::asjc;
use crate::domain::project::{LabRole, ParticipantRole, Visibility};
use crate::error::{ApiError, FieldError};
use crate::exports::project::{OutputInProject, ProjectExport};
use vocabulary as v;
use wire::*;

/// RAiD titles hold at most this many characters (raid-metadata, core/titles).
pub const TITLE_LIMIT: usize = 100;

/// The RAiD create request for `source`, or 422 naming everything that keeps it from being one.
pub fn create_request(source: &ProjectExport) -> Result<RaidCreateRequest, ApiError> {
    let project = &source.project;
    let mut problems = Vec::new();
    let title = titles(project, &mut problems);
    let contributor = contributors(project, &mut problems);
    let organisation = organisations(source, &mut problems);
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    Ok(RaidCreateRequest {
        title,
        date: RaidDate { start_date: project.starts_on.to_string(), end_date: project.ends_on.map(|d| d.to_string()) },
        description: descriptions(&project.summaries),
        access: access(project.visibility),
        alternate_url: vec![RaidAlternateUrl { url: source.url.clone() }],
        alternate_identifier: alternate_identifiers(source),
        contributor,
        organisation,
        related_object: related_objects(&source.outputs),
        subject: subjects(project),
    })
}

/// The texts with their field name and ISO 639-3 code, the first present one primary.
fn by_language(texts: &Texts) -> impl Iterator<Item = (&'static str, &'static str, &str)> {
    texts.by_language().map(|(tag, text)| (tag, v::iso_639_3(tag), text))
}

fn language(code: &str) -> RaidTerm {
    RaidTerm::new(code, v::LANGUAGE_SCHEMA)
}

fn titles(project: &ProjectFields, problems: &mut Vec<FieldError>) -> Vec<RaidTitle> {
    let start_date = project.starts_on.to_string();
    let mut titles = Vec::new();
    for (index, (field, code, text)) in by_language(&project.titles).enumerate() {
        if text.chars().count() > TITLE_LIMIT {
            problems.push(FieldError::new(
                format!("titles.{field}"),
                "raid_title_too_long",
                format!("is longer than the {TITLE_LIMIT} characters a RAiD title may have"),
            ));
        }
        let kind = if index == 0 { v::TITLE_PRIMARY } else { v::TITLE_ALTERNATIVE };
        titles.push(RaidTitle {
            text: text.to_owned(),
            kind: RaidTerm::new(kind, v::TITLE_TYPE_SCHEMA),
            language: Some(language(code)),
            start_date: start_date.clone(),
        });
    }
    if let Some(acronym) = &project.acronym {
        titles.push(RaidTitle {
            text: acronym.clone(),
            kind: RaidTerm::new(v::TITLE_ACRONYM, v::TITLE_TYPE_SCHEMA),
            language: None,
            start_date,
        });
    }
    titles
}

fn descriptions(summaries: &Texts) -> Vec<RaidDescription> {
    by_language(summaries)
        .enumerate()
        .map(|(index, (_, code, text))| RaidDescription {
            text: text.to_owned(),
            kind: RaidTerm::new(
                if index == 0 { v::DESCRIPTION_PRIMARY } else { v::DESCRIPTION_ALTERNATIVE },
                v::DESCRIPTION_TYPE_SCHEMA,
            ),
            language: language(code),
        })
        .collect()
}

/// A public project's metadata is open; any other is embargoed, with a statement (the agency
/// asks for the embargo's end, which the registry does not know: the sender adds it).
fn access(visibility: Visibility) -> RaidAccess {
    if visibility == Visibility::Public {
        return RaidAccess { kind: RaidTerm::new(v::ACCESS_OPEN, v::ACCESS_SCHEMA), statement: None };
    }
    RaidAccess {
        kind: RaidTerm::new(v::ACCESS_EMBARGOED, v::ACCESS_SCHEMA),
        statement: Some(RaidAccessStatement {
            text: "The project's record is restricted to its partners in the joint research registry.".into(),
            language: language(v::ENGLISH),
        }),
    }
}

/// Participants with an ORCID iD; the principal investigators lead and are the contacts.
fn contributors(project: &ProjectFields, problems: &mut Vec<FieldError>) -> Vec<RaidContributor> {
    let contributors: Vec<RaidContributor> = project
        .participants
        .iter()
        .filter_map(|participant| {
            let orcid = participant.orcid.as_deref()?;
            let leads = participant.role == ParticipantRole::PrincipalInvestigator;
            Some(RaidContributor {
                id: format!("{}{orcid}", v::ORCID_SCHEMA),
                schema_uri: v::ORCID_SCHEMA.into(),
                position: vec![dated(
                    v::position(participant.role),
                    v::POSITION_SCHEMA,
                    project.starts_on,
                    project.ends_on,
                )],
                leader: leads,
                contact: leads,
            })
        })
        .collect();
    if !contributors.iter().any(|c| c.leader) {
        problems.push(FieldError::new(
            "participants",
            "raid_no_leader",
            "has no principal investigator with an ORCID iD: a RAiD needs a leader and a contact identified by ORCID",
        ));
    }
    contributors
}

/// The lead institution, the partners' institutions and the funders, each once, by ROR id.
fn organisations(source: &ProjectExport, problems: &mut Vec<FieldError>) -> Vec<RaidOrganisation> {
    let project = &source.project;
    let Some(lead) = source.lead_ror_id() else {
        problems.push(FieldError::new(
            "labs",
            "raid_no_lead_organisation",
            "the lead laboratory's institution has no ROR id: a RAiD names its lead organisation by ROR id",
        ));
        return Vec::new();
    };
    let organisation = |ror: &str, role: &str| RaidOrganisation {
        id: ror.to_owned(),
        schema_uri: v::ROR_SCHEMA.into(),
        role: vec![dated(role, v::ORGANISATION_ROLE_SCHEMA, project.starts_on, project.ends_on)],
    };
    let partners =
        source.organisations.iter().filter(|o| o.role == LabRole::Partner).filter_map(|o| o.ror_id.as_deref());
    let funders = source.funding.iter().filter_map(|f| f.funder.ror_id.as_deref());
    let mut organisations = vec![organisation(lead, v::LEAD_RESEARCH_ORGANISATION)];
    let mut research: Vec<&str> = vec![lead];
    for ror in partners {
        if !research.contains(&ror) {
            research.push(ror);
            organisations.push(organisation(ror, v::OTHER_RESEARCH_ORGANISATION));
        }
    }
    let mut funding: Vec<&str> = Vec::new();
    for ror in funders {
        if !funding.contains(&ror) {
            funding.push(ror);
            organisations.push(organisation(ror, v::FUNDER));
        }
    }
    organisations
}

fn dated(id: &str, schema_uri: &str, starts_on: NaiveDate, ends_on: Option<NaiveDate>) -> RaidDatedTerm {
    RaidDatedTerm {
        id: id.to_owned(),
        schema_uri: schema_uri.to_owned(),
        start_date: starts_on.to_string(),
        end_date: ends_on.map(|d| d.to_string()),
    }
}

/// Award numbers ("22-15-00123", type "RSF grant number"), each once.
fn alternate_identifiers(source: &ProjectExport) -> Vec<RaidAlternateIdentifier> {
    let mut identifiers: Vec<RaidAlternateIdentifier> = Vec::new();
    for funding in &source.funding {
        let Some(number) = &funding.award_number else { continue };
        let kind = format!("{} grant number", funding.funder.short_code);
        if !identifiers.iter().any(|i| &i.id == number && i.kind == kind) {
            identifiers.push(RaidAlternateIdentifier { id: number.clone(), kind });
        }
    }
    identifiers
}

/// The outputs with a DOI (RAiD names related objects by persistent identifier only).
fn related_objects(outputs: &[OutputInProject]) -> Vec<RaidRelatedObject> {
    outputs
        .iter()
        .filter_map(|output| Some((output.kind, output.doi.as_deref()?)))
        .map(|(kind, doi)| RaidRelatedObject {
            id: format!("{}{doi}", v::DOI_SCHEMA),
            schema_uri: v::DOI_SCHEMA.into(),
            kind: RaidTerm::new(v::related_object_type(kind), v::RELATED_OBJECT_TYPE_SCHEMA),
            category: vec![RaidTerm::new(v::OUTPUT_CATEGORY, v::RELATED_OBJECT_CATEGORY_SCHEMA)],
        })
        .collect()
}

/// ASJC areas ("ASJC 2734 Pathology and Forensic Medicine", in English) and the keywords as
/// written, as one keyword-only subject.
fn subjects(project: &ProjectFields) -> Vec<RaidSubject> {
    let areas = project.subject_areas.iter().map(|&code| RaidKeyword {
        text: format!("ASJC {code} {}", asjc::name(code).unwrap_or_default()).trim_end().to_owned(),
        language: Some(language(v::ENGLISH)),
    });
    let keywords = project.keywords.iter().map(|keyword| RaidKeyword { text: keyword.clone(), language: None });
    let keyword: Vec<RaidKeyword> = areas.chain(keywords).collect();
    if keyword.is_empty() { Vec::new() } else { vec![RaidSubject { keyword }] }
}
