//! Reads what the findings engine needs, for the whole registry, in six queries: projects, their
//! laboratories' countries, covering funding, funders, active laboratories, centres. No query per
//! project, so the report costs the same few queries at 50 projects or 50,000.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::coverage::Interval;
use crate::db::DbConn;
use crate::db::models::centre::CentreStatus;
use crate::db::models::lab_status;
use crate::db::schema::{centres, funders, funding_records, institutions, labs, project_labs, projects};
use crate::domain::lab::LabStatus;
use crate::domain::project::{FundingStatus, ProjectStatus};
use crate::error::ApiError;
use crate::findings::engine::{CentreInput, FundingInput, LabInput, ProjectInput};

/// Everything the engine reads, plus what filters need to place each finding.
#[derive(Debug, Default)]
pub struct Registry {
    pub projects: Vec<ProjectInput>,
    pub funding: Vec<FundingInput>,
    pub labs: Vec<LabInput>,
    pub centres: Vec<CentreInput>,
    /// Every lab of the registry: (institution, country, centre, head).
    pub lab_places: HashMap<String, LabPlace>,
}

#[derive(Debug, Clone)]
pub struct LabPlace {
    pub institution_id: String,
    pub country: String,
    pub centre_id: Option<String>,
    pub head_user_id: Option<String>,
}

type ProjectRow = (String, Option<String>, Option<String>, Option<String>, NaiveDate, Option<NaiveDate>, String);
type FundingRow = (String, String, String, String, NaiveDate, NaiveDate);
type LabRow = (String, String, String, Option<String>, Option<String>, String);

pub fn registry(conn: &mut DbConn, today: NaiveDate) -> Result<Registry, ApiError> {
    let mut registry = Registry::default();
    let rows: Vec<LabRow> = labs::table
        .inner_join(institutions::table)
        .select((
            labs::id,
            labs::name_en,
            labs::institution_id,
            labs::centre_id,
            labs::head_user_id,
            institutions::country,
        ))
        .load(conn)?;
    let mut lab_names = HashMap::new();
    for (id, name, institution_id, centre_id, head_user_id, country) in rows {
        lab_names.insert(id.clone(), name);
        registry.lab_places.insert(id, LabPlace { institution_id, country, centre_id, head_user_id });
    }
    let active_labs: Vec<String> =
        labs::table.filter(lab_status::status_on_sql(today, LabStatus::Active)).select(labs::id).load(conn)?;
    registry.labs = active_labs
        .into_iter()
        .map(|id| LabInput {
            name: lab_names.get(&id).cloned().unwrap_or_default(),
            centre_id: registry.lab_places.get(&id).and_then(|p| p.centre_id.clone()),
            active: true,
            id,
        })
        .collect();

    let mut labs_of: HashMap<String, Vec<String>> = HashMap::new();
    let pairs: Vec<(String, String)> =
        project_labs::table.select((project_labs::project_id, project_labs::lab_id)).load(conn)?;
    for (project_id, lab_id) in pairs {
        labs_of.entry(project_id).or_default().push(lab_id);
    }
    let rows: Vec<ProjectRow> = projects::table
        .select((
            projects::id,
            projects::title_en,
            projects::title_ru,
            projects::title_zh,
            projects::starts_on,
            projects::ends_on,
            projects::status,
        ))
        .load(conn)?;
    for (id, en, ru, zh, starts_on, ends_on, status) in rows {
        let status = ProjectStatus::parse(&status).unwrap_or(ProjectStatus::Planned);
        let lab_ids = labs_of.remove(&id).unwrap_or_default();
        let sides = lab_ids.iter().filter_map(|l| registry.lab_places.get(l)).map(|p| p.country.clone()).collect();
        registry.projects.push(ProjectInput {
            title: en.or(ru).or(zh).unwrap_or_default(),
            starts_on,
            ends_on,
            running: matches!(status, ProjectStatus::Planned | ProjectStatus::Active | ProjectStatus::Suspended),
            active: status == ProjectStatus::Active,
            sides,
            lab_ids,
            id,
        });
    }

    let funder_rows: Vec<(String, String, String, Option<String>)> =
        funders::table.select((funders::id, funders::short_code, funders::status, funders::successor_id)).load(conn)?;
    let codes: HashMap<String, String> =
        funder_rows.iter().map(|(id, code, _, _)| (id.clone(), code.clone())).collect();
    let funders_by_id: HashMap<String, (String, bool, Option<String>)> = funder_rows
        .into_iter()
        .map(|(id, code, status, successor)| {
            let successor_code = successor.and_then(|s| codes.get(&s).cloned());
            (id, (code, status == "closed", successor_code))
        })
        .collect();
    let covering = [FundingStatus::Awarded.as_str(), FundingStatus::Active.as_str()];
    let rows: Vec<FundingRow> = funding_records::table
        .filter(funding_records::status.eq_any(covering))
        .order((funding_records::project_id, funding_records::starts_on, funding_records::id))
        .select((
            funding_records::id,
            funding_records::project_id,
            funding_records::funder_id,
            funding_records::side,
            funding_records::starts_on,
            funding_records::ends_on,
        ))
        .load(conn)?;
    for (id, project_id, funder_id, side, starts_on, ends_on) in rows {
        let Some(period) = Interval::new(starts_on, ends_on) else { continue };
        let (funder_code, funder_closed, successor_code) = funders_by_id.get(&funder_id).cloned().unwrap_or_default();
        registry.funding.push(FundingInput {
            id,
            project_id,
            funder_id,
            funder_code,
            funder_closed,
            successor_code,
            side,
            period,
        });
    }

    let rows: Vec<(String, String, String)> =
        centres::table.select((centres::id, centres::name_en, centres::status)).load(conn)?;
    registry.centres = rows
        .into_iter()
        .map(|(id, name, status)| CentreInput {
            id,
            name,
            active: matches!(CentreStatus::parse(&status), Some(CentreStatus::Active | CentreStatus::Reduced)),
        })
        .collect();
    Ok(registry)
}
