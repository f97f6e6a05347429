//! The RAiD create request (`RaidCreateRequest` of the RAiD v2 API, ISO 23527) as the RAiD
//! service's strict JSON Schema spells it: camelCase, every block closed, empty lists left out.

use serde::Serialize;
use utoipa::ToSchema;

/// A project as a RAiD create request, ready to send to a registration agency (which mints the
/// identifier).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "title": [
        {"text": "Systemic pathology of inflammation", "type": {"id": "https://vocabulary.raid.org/title.type.schema/5", "schemaUri": "https://vocabulary.raid.org/title.type.schema/376"}, "language": {"id": "eng", "schemaUri": "https://www.iso.org/standard/74575.html"}, "startDate": "2021-01-01"},
        {"text": "Системная патология воспаления", "type": {"id": "https://vocabulary.raid.org/title.type.schema/4", "schemaUri": "https://vocabulary.raid.org/title.type.schema/376"}, "language": {"id": "rus", "schemaUri": "https://www.iso.org/standard/74575.html"}, "startDate": "2021-01-01"}
    ],
    "date": {"startDate": "2021-01-01", "endDate": "2025-12-31"},
    "access": {"type": {"id": "https://vocabularies.coar-repositories.org/access_rights/c_abf2/", "schemaUri": "https://vocabularies.coar-repositories.org/access_rights/"}},
    "alternateUrl": [{"url": "https://registry.example.org/api/v1/projects/01a21f73-9c00-7000-8000-000000000401"}],
    "alternateIdentifier": [{"id": "21-45-00012", "type": "RSF grant number"}],
    "contributor": [{"id": "https://orcid.org/0000-0002-1825-0097", "schemaUri": "https://orcid.org/", "position": [{"id": "https://vocabulary.raid.org/contributor.position.schema/307", "schemaUri": "https://vocabulary.raid.org/contributor.position.schema/305", "startDate": "2021-01-01", "endDate": "2025-12-31"}], "leader": true, "contact": true}],
    "organisation": [{"id": "https://ror.org/033vjfk17", "schemaUri": "https://ror.org/", "role": [{"id": "https://vocabulary.raid.org/organisation.role.schema/182", "schemaUri": "https://vocabulary.raid.org/organisation.role.schema/359", "startDate": "2021-01-01", "endDate": "2025-12-31"}]}],
    "relatedObject": [{"id": "https://doi.org/10.1016/j.biopha.2021.111234", "schemaUri": "https://doi.org/", "type": {"id": "https://vocabulary.raid.org/relatedObject.type.schema/250", "schemaUri": "https://vocabulary.raid.org/relatedObject.type.schema/329"}, "category": [{"id": "https://vocabulary.raid.org/relatedObject.category.id/190", "schemaUri": "https://vocabulary.raid.org/relatedObject.category.schemaUri/386"}]}],
    "subject": [{"keyword": [{"text": "ASJC 2734 Pathology and Forensic Medicine", "language": {"id": "eng", "schemaUri": "https://www.iso.org/standard/74575.html"}}]}]
}))]
pub struct RaidCreateRequest {
    pub title: Vec<RaidTitle>,
    pub date: RaidDate,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub description: Vec<RaidDescription>,
    pub access: RaidAccess,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternate_url: Vec<RaidAlternateUrl>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternate_identifier: Vec<RaidAlternateIdentifier>,
    pub contributor: Vec<RaidContributor>,
    pub organisation: Vec<RaidOrganisation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_object: Vec<RaidRelatedObject>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subject: Vec<RaidSubject>,
}

/// A vocabulary term: its URI and the URI of its vocabulary.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RaidTerm {
    pub id: String,
    pub schema_uri: String,
}

impl RaidTerm {
    pub fn new(id: &str, schema_uri: &str) -> Self {
        RaidTerm { id: id.to_owned(), schema_uri: schema_uri.to_owned() }
    }
}

/// A term that holds from a date (a position, an organisation's role).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RaidDatedTerm {
    pub id: String,
    pub schema_uri: String,
    pub start_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RaidTitle {
    pub text: String,
    #[serde(rename = "type")]
    pub kind: RaidTerm,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<RaidTerm>,
    pub start_date: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RaidDate {
    pub start_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RaidDescription {
    pub text: String,
    #[serde(rename = "type")]
    pub kind: RaidTerm,
    pub language: RaidTerm,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RaidAccess {
    #[serde(rename = "type")]
    pub kind: RaidTerm,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<RaidAccessStatement>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RaidAccessStatement {
    pub text: String,
    pub language: RaidTerm,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RaidAlternateUrl {
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RaidAlternateIdentifier {
    pub id: String,
    /// Free text, e.g. "RSF grant number".
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RaidContributor {
    /// The ORCID iD as a URL.
    pub id: String,
    pub schema_uri: String,
    pub position: Vec<RaidDatedTerm>,
    pub leader: bool,
    pub contact: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RaidOrganisation {
    /// The ROR id as a URL.
    pub id: String,
    pub schema_uri: String,
    pub role: Vec<RaidDatedTerm>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RaidRelatedObject {
    /// The DOI as a URL.
    pub id: String,
    pub schema_uri: String,
    #[serde(rename = "type")]
    pub kind: RaidTerm,
    pub category: Vec<RaidTerm>,
}

/// Subject keywords only: RAiD's subject identifiers are ANZSRC codes, which the registry does not
/// keep (its subject areas are ASJC), so the areas are written as keyword text.
#[derive(Debug, Serialize, ToSchema)]
pub struct RaidSubject {
    pub keyword: Vec<RaidKeyword>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RaidKeyword {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<RaidTerm>,
}
