//! What every export of a project is made of: the project as written and the records it refers
//! to, each already filtered to what the caller may read (`routes::projects::exported` gathers it).

use chrono::NaiveDate;

use crate::db::models::project::ProjectFields;
use crate::domain::money::Money;
use crate::domain::project::{LabRole, OutputKind};

#[derive(Debug, Clone)]
pub struct ProjectExport {
    pub project: ProjectFields,
    /// Where the registry serves the project.
    pub url: String,
    /// The institutions of the project's laboratories, the lead's first, each once per role.
    pub organisations: Vec<OrganisationInProject>,
    /// The project's awarded funding (applications and refusals left out), oldest first.
    pub funding: Vec<FundingInProject>,
    pub outputs: Vec<OutputInProject>,
}

#[derive(Debug, Clone)]
pub struct OrganisationInProject {
    /// The institution's id.
    pub id: String,
    pub role: LabRole,
    pub name: String,
    pub ror_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FundingInProject {
    /// The funding record's id.
    pub id: String,
    pub award_number: Option<String>,
    pub funder: FunderInProject,
    pub amount: Option<Money>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct FunderInProject {
    pub id: String,
    pub name: String,
    pub short_code: String,
    pub ror_id: Option<String>,
    /// The Crossref Funder Registry DOI, bare (`10.13039/501100001809`).
    pub funder_doi: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OutputInProject {
    pub kind: OutputKind,
    pub title: String,
    /// Bare and lower case, as stored.
    pub doi: Option<String>,
    pub year: i32,
}

impl ProjectExport {
    /// The ROR id of the lead laboratory's institution.
    pub fn lead_ror_id(&self) -> Option<&str> {
        self.organisations.iter().find(|o| o.role == LabRole::Lead)?.ror_id.as_deref()
    }
}
