//! A project as schema.org JSON-LD (`Accept: application/ld+json`): a `ResearchProject` with its
//! people and organisations as `Role`s, its funding as `MonetaryGrant`s and its outputs as
//! `ScholarlyArticle`s and kin, following raid-au's published schema.org mapping so the RAiD and
//! JSON-LD exports agree. Amounts are exact decimals made from minor units.

use actix_web::HttpRequest;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::domain::asjc;
use crate::domain::project::{LabRole, OutputKind, ParticipantRole};
use crate::exports::project::{FunderInProject, FundingInProject, OutputInProject, ProjectExport};
use crate::http::negotiation;

pub const CONTENT_TYPE: &str = "application/ld+json";

/// A project as a schema.org `ResearchProject` in JSON-LD.
#[derive(Serialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct ResearchProjectJsonLd(Value);

/// What the OpenAPI document shows of [`ResearchProjectJsonLd`].
pub fn example() -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "ResearchProject",
        "@id": "https://registry.example.org/api/v1/projects/01a21f73-9c00-7000-8000-000000000701",
        "url": "https://registry.example.org/api/v1/projects/01a21f73-9c00-7000-8000-000000000701",
        "name": "Systemic pathology of inflammation",
        "alternateName": [{"@value": "Системная патология воспаления", "@language": "ru"}, "SYSPATH"],
        "foundingDate": "2021-01-01",
        "dissolutionDate": "2025-12-31",
        "member": [{"@type": "Role", "roleName": "Lead Research Organisation", "startDate": "2021-01-01", "endDate": "2025-12-31",
            "member": {"@type": "Organization", "@id": "https://ror.org/033vjfk17", "name": "Wuhan University"}}],
        "funding": [{"@type": "MonetaryGrant", "identifier": "82161138003", "name": "NSFC grant 82161138003",
            "funder": {"@type": "Organization", "@id": "https://ror.org/01h0zpd94", "name": "National Natural Science Foundation of China", "alternateName": "NSFC"},
            "amount": {"@type": "MonetaryAmount", "currency": "CNY", "value": "2000000.00", "validFrom": "2022-01-01", "validThrough": "2024-12-31"}}],
        "citation": [{"@type": "ScholarlyArticle", "@id": "https://doi.org/10.1016/j.biopha.2021.111234", "sameAs": "https://doi.org/10.1016/j.biopha.2021.111234",
            "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1016/j.biopha.2021.111234"}, "headline": "Inflammation atlas", "datePublished": "2022"}]
    })
}

/// Whether the client asked for JSON-LD rather than the registry's own JSON.
pub fn wanted(request: &HttpRequest) -> bool {
    negotiation::names(request, CONTENT_TYPE)
}

/// The `ResearchProject` document of `export`.
pub fn research_project(export: &ProjectExport) -> ResearchProjectJsonLd {
    let project = &export.project;
    let titles: Vec<(&str, &str)> = project.titles.by_language().collect();
    let mut document = json!({
        "@context": "https://schema.org",
        "@type": "ResearchProject",
        "@id": export.url,
        "url": export.url,
        "name": titles.first().map(|(_, text)| *text),
        "foundingDate": project.starts_on.to_string(),
    });
    let mut alternate: Vec<Value> = titles.iter().skip(1).map(|(lang, text)| tagged(lang, text)).collect();
    alternate.extend(project.acronym.iter().map(|acronym| json!(acronym)));
    let summaries: Vec<Value> = project.summaries.by_language().map(|(lang, text)| tagged(lang, text)).collect();
    let fields = [
        ("alternateName", alternate),
        ("description", summaries),
        ("member", members(export)),
        ("funder", funders(&export.funding)),
        ("funding", export.funding.iter().map(grant).collect()),
        ("knowsAbout", project.subject_areas.iter().map(|&code| subject(code)).collect()),
        ("keywords", project.keywords.iter().map(|k| json!(k)).collect()),
        ("citation", export.outputs.iter().filter_map(citation).collect()),
    ];
    for (name, values) in fields {
        if !values.is_empty() {
            document[name] = Value::Array(values);
        }
    }
    if let Some(ends_on) = project.ends_on {
        document["dissolutionDate"] = json!(ends_on.to_string());
    }
    ResearchProjectJsonLd(document)
}

fn tagged(language: &str, text: &str) -> Value {
    json!({"@value": text, "@language": language})
}

/// People (by ORCID iD where known) and the laboratories' institutions (by ROR id), each in a
/// `Role` that names their part and its dates.
fn members(export: &ProjectExport) -> Vec<Value> {
    let project = &export.project;
    let role = |name: &str, member: Value| {
        let mut role =
            json!({"@type": "Role", "roleName": name, "startDate": project.starts_on.to_string(), "member": member});
        if let Some(ends_on) = project.ends_on {
            role["endDate"] = json!(ends_on.to_string());
        }
        role
    };
    let people = project.participants.iter().map(|participant| {
        let mut person = json!({"@type": "Person", "name": participant.name});
        if let Some(orcid) = &participant.orcid {
            person["@id"] = json!(format!("https://orcid.org/{orcid}"));
            person["identifier"] =
                property("https://registry.identifiers.org/registry/orcid", &format!("https://orcid.org/{orcid}"));
        }
        role(position(participant.role), person)
    });
    let organisations = export.organisations.iter().map(|organisation| {
        let name =
            if organisation.role == LabRole::Lead { "Lead Research Organisation" } else { "Partner Organisation" };
        let mut member = json!({"@type": "Organization", "name": organisation.name});
        if let Some(ror) = &organisation.ror_id {
            member["@id"] = json!(ror);
            member["identifier"] = property("https://registry.identifiers.org/registry/ror", ror);
        }
        role(name, member)
    });
    people.chain(organisations).collect()
}

fn position(role: ParticipantRole) -> &'static str {
    match role {
        ParticipantRole::PrincipalInvestigator => "Principal or Chief Investigator",
        ParticipantRole::CoInvestigator => "Co-investigator or Collaborator",
        ParticipantRole::Researcher => "Researcher",
        ParticipantRole::Postdoc => "Postdoctoral Researcher",
        ParticipantRole::Student => "Student",
        ParticipantRole::Engineer => "Engineer",
        ParticipantRole::Other => "Other Participant",
    }
}

fn property(property_id: &str, value: &str) -> Value {
    json!({"@type": "PropertyValue", "propertyID": property_id, "value": value})
}

fn organisation(funder: &FunderInProject) -> Value {
    let mut organisation = json!({"@type": "Organization", "name": funder.name, "alternateName": funder.short_code});
    if let Some(ror) = &funder.ror_id {
        organisation["@id"] = json!(ror);
    }
    if let Some(doi) = &funder.funder_doi {
        organisation["identifier"] = property("https://doi.org/10.13039/", &format!("https://doi.org/{doi}"));
    }
    organisation
}

/// Each funder once.
fn funders(funding: &[FundingInProject]) -> Vec<Value> {
    let mut seen: Vec<&str> = Vec::new();
    funding
        .iter()
        .filter(|f| {
            let first = !seen.contains(&f.funder.short_code.as_str());
            seen.push(&f.funder.short_code);
            first
        })
        .map(|f| organisation(&f.funder))
        .collect()
}

/// An award as a `MonetaryGrant`; its period is the amount's validity (a grant has no dates).
fn grant(funding: &FundingInProject) -> Value {
    let code = &funding.funder.short_code;
    let mut grant = json!({"@type": "MonetaryGrant", "funder": organisation(&funding.funder)});
    match &funding.award_number {
        Some(number) => {
            grant["identifier"] = json!(number);
            grant["name"] = json!(format!("{code} grant {number}"));
        }
        None => grant["name"] = json!(format!("{code} grant")),
    }
    if let Some(amount) = funding.amount {
        grant["amount"] = json!({
            "@type": "MonetaryAmount",
            "currency": amount.currency.code(),
            "value": amount.decimal(),
            "validFrom": funding.starts_on.to_string(),
            "validThrough": funding.ends_on.to_string(),
        });
    }
    grant
}

fn subject(code: i32) -> Value {
    json!({
        "@type": "DefinedTerm",
        "termCode": code.to_string(),
        "name": asjc::name(code),
        "inDefinedTermSet": "All Science Journal Classification (ASJC)",
    })
}

/// An output with a DOI, typed by its kind.
fn citation(output: &OutputInProject) -> Option<Value> {
    let doi = output.doi.as_deref()?;
    let kind = match output.kind {
        OutputKind::JournalArticle | OutputKind::ConferencePaper => "ScholarlyArticle",
        OutputKind::Dataset => "Dataset",
        OutputKind::Software => "SoftwareSourceCode",
        OutputKind::Report => "Report",
        OutputKind::Patent | OutputKind::Agreement | OutputKind::EducationalProgramme => "CreativeWork",
    };
    let url = format!("https://doi.org/{doi}");
    Some(json!({
        "@type": kind,
        "@id": url,
        "sameAs": url,
        "identifier": property("DOI", doi),
        "headline": output.title,
        "datePublished": output.year.to_string(),
    }))
}
