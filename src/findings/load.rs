//! Reads what the findings engine needs, for the whole registry, in seven queries: laboratories
//! with their countries, laboratory status entries in effect, project–laboratory links, projects,
//! funders, centres ([`registry`]), then the covering funding, streamed project by project
//! ([`each_running_project`]). No query per project or per laboratory, so the report costs the
//! same few queries at 50 projects or 50,000 (benches/findings.rs counts them), and the funding,
//! the bulk of it, is never held at once.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::connection::DefaultLoadingMode;
use diesel::dsl;
use diesel::prelude::*;

use crate::coverage::Interval;
use crate::db::DbConn;
use crate::db::models::centre::CentreStatus;
use crate::db::schema::{
    centres, funders, funding_records, institutions, lab_status_entries, labs, project_labs, projects,
};
use crate::domain::lab::LabStatus;
use crate::domain::project::{FundingStatus, ProjectStatus};
use crate::error::ApiError;
use crate::findings::engine::{CentreInput, FundingInput, LabInput, ProjectInput};

/// The statuses of a project that still needs funding.
const RUNNING: [ProjectStatus; 3] = [ProjectStatus::Planned, ProjectStatus::Active, ProjectStatus::Suspended];

type RunningIds =
    dsl::Select<dsl::Filter<projects::table, dsl::EqAny<projects::status, [&'static str; 3]>>, projects::id>;

/// The ids of the running projects, as a subquery.
fn running_ids() -> RunningIds {
    projects::table.filter(projects::status.eq_any(RUNNING.map(ProjectStatus::as_str))).select(projects::id)
}

/// Everything the engine reads but the funding, plus what filters need to place each finding.
#[derive(Debug, Default)]
pub struct Registry {
    /// The running projects (planned, active, suspended).
    pub projects: Vec<ProjectInput>,
    pub labs: Vec<LabInput>,
    pub centres: Vec<CentreInput>,
    /// Every lab of the registry: (institution, country, centre, head).
    pub lab_places: HashMap<String, LabPlace>,
    funders: HashMap<String, FunderFacts>,
}

/// A funder as a funding finding names it: code, closed, and its successor's code.
#[derive(Debug, Clone, Default)]
struct FunderFacts {
    code: String,
    closed: bool,
    successor_code: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LabPlace {
    pub institution_id: String,
    pub country: String,
    pub centre_id: Option<String>,
    pub head_user_id: Option<String>,
}

/// id, name, institution, centre, head, country.
type LabRow = (String, String, String, Option<String>, Option<String>, String);
type ProjectRow = (String, Option<String>, Option<String>, Option<String>, NaiveDate, Option<NaiveDate>, String);
type FundingRow = (String, String, String, String, String, NaiveDate, NaiveDate);
/// lab_id, effective_on, id, status.
type LabStatusRow = (String, NaiveDate, String, String);

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
    let mut lab_names = Vec::with_capacity(rows.len());
    for (id, name, institution_id, centre_id, head_user_id, country) in rows {
        lab_names.push((id.clone(), name));
        registry.lab_places.insert(id, LabPlace { institution_id, country, centre_id, head_user_id });
    }
    // Each lab's status today: its latest entry in effect, by (effective_on, id), as
    // `lab_status::in_effect` and `status_on_sql` pick it. Read in one query and picked here, not
    // with `status_on_sql`'s subquery per lab: on PostgreSQL that subquery compares
    // `lab_status_entries.lab_id` with the "C"-collated `labs.id`, cannot use the index, and
    // scans every entry for every lab.
    let entries: Vec<LabStatusRow> = lab_status_entries::table
        .filter(lab_status_entries::effective_on.le(today))
        .select((
            lab_status_entries::lab_id,
            lab_status_entries::effective_on,
            lab_status_entries::id,
            lab_status_entries::status,
        ))
        .load(conn)?;
    let mut latest: HashMap<String, (NaiveDate, String, String)> = HashMap::new();
    for (lab_id, effective_on, id, status) in entries {
        match latest.get_mut(&lab_id) {
            Some(current) if (current.0, current.1.as_str()) >= (effective_on, id.as_str()) => {}
            Some(current) => *current = (effective_on, id, status),
            None => {
                latest.insert(lab_id, (effective_on, id, status));
            }
        }
    }
    let active = LabStatus::Active.as_str();
    registry.labs = lab_names
        .into_iter()
        .filter(|(id, _)| latest.get(id).is_some_and(|(_, _, status)| status == active))
        .map(|(id, name)| LabInput {
            name,
            centre_id: registry.lab_places.get(&id).and_then(|p| p.centre_id.clone()),
            active: true,
            id,
        })
        .collect();

    // Only running projects (planned, active, suspended) can have findings or keep a lab from
    // being at risk: completed and cancelled ones, most of a registry in time, and their funding
    // are not loaded at all.
    let mut labs_of: HashMap<String, Vec<String>> = HashMap::new();
    let pairs = project_labs::table
        .filter(project_labs::project_id.eq_any(running_ids()))
        .select((project_labs::project_id, project_labs::lab_id))
        .load_iter::<(String, String), DefaultLoadingMode>(conn)?;
    for pair in pairs {
        let (project_id, lab_id) = pair?;
        labs_of.entry(project_id).or_default().push(lab_id);
    }
    let rows = projects::table
        .filter(projects::status.eq_any(RUNNING.map(ProjectStatus::as_str)))
        .select((
            projects::id,
            projects::title_en,
            projects::title_ru,
            projects::title_zh,
            projects::starts_on,
            projects::ends_on,
            projects::status,
        ))
        .load_iter::<ProjectRow, DefaultLoadingMode>(conn)?;
    for row in rows {
        let (id, en, ru, zh, starts_on, ends_on, status) = row?;
        let status = ProjectStatus::stored(&status, &id)?;
        let lab_ids = labs_of.remove(&id).unwrap_or_default();
        let sides = lab_ids.iter().filter_map(|l| registry.lab_places.get(l)).map(|p| p.country.clone()).collect();
        registry.projects.push(ProjectInput {
            title: en.or(ru).or(zh).unwrap_or_default(),
            starts_on,
            ends_on,
            running: RUNNING.contains(&status),
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
    registry.funders = funder_rows
        .into_iter()
        .map(|(id, code, status, successor)| {
            let successor_code = successor.and_then(|s| codes.get(&s).cloned());
            (id, FunderFacts { code, closed: status == "closed", successor_code })
        })
        .collect();

    let rows: Vec<(String, String, String)> =
        centres::table.select((centres::id, centres::name_en, centres::status)).load(conn)?;
    registry.centres = rows
        .into_iter()
        .map(|(id, name, status)| {
            let active = matches!(CentreStatus::stored(&status, &id)?, CentreStatus::Active | CentreStatus::Reduced);
            Ok(CentreInput { id, name, active })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(registry)
}

/// Calls `each` once per running project of `registry` with its covering funding (each record
/// with the days it covers on `today`), as the funding streams from the database in project
/// order: one project's records are held at a time. Projects without such funding come last.
pub fn each_running_project(
    conn: &mut DbConn,
    registry: &Registry,
    today: NaiveDate,
    mut each: impl FnMut(&ProjectInput, &[FundingInput]),
) -> Result<(), ApiError> {
    let index: HashMap<&str, usize> = registry.projects.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let mut fed = vec![false; registry.projects.len()];
    let mut feed = |records: &mut Vec<FundingInput>| {
        let Some(&i) = records.first().and_then(|r| index.get(r.project_id.as_str())) else { return };
        fed[i] = true;
        each(&registry.projects[i], records);
        records.clear();
    };
    let covering = FundingStatus::COVERING.map(FundingStatus::as_str);
    let rows = funding_records::table
        .filter(funding_records::status.eq_any(covering))
        .filter(funding_records::project_id.eq_any(running_ids()))
        .order((funding_records::project_id, funding_records::starts_on, funding_records::id))
        .select((
            funding_records::id,
            funding_records::project_id,
            funding_records::funder_id,
            funding_records::side,
            funding_records::status,
            funding_records::starts_on,
            funding_records::ends_on,
        ))
        .load_iter::<FundingRow, DefaultLoadingMode>(conn)?;
    let mut records: Vec<FundingInput> = Vec::new();
    for row in rows {
        let (id, project_id, funder_id, side, status, starts_on, ends_on) = row?;
        let status = FundingStatus::stored(&status, &id)?;
        let covered = Interval::new(starts_on, ends_on).and_then(|period| status.covered_part(period, today));
        let Some(period) = covered else { continue };
        if records.first().is_some_and(|r| r.project_id != project_id) {
            feed(&mut records);
        }
        let funder = registry.funders.get(&funder_id).cloned().unwrap_or_default();
        records.push(FundingInput {
            id,
            project_id,
            funder_id,
            funder_code: funder.code,
            funder_closed: funder.closed,
            successor_code: funder.successor_code,
            side,
            period,
        });
    }
    feed(&mut records);
    for (project, _) in registry.projects.iter().zip(&fed).filter(|(_, fed)| !**fed) {
        each(project, &[]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;

    use super::*;
    use crate::db::models::lab_status;

    #[test]
    fn active_labs_are_those_status_on_sql_finds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("load.db");
        let mut conn = DbConn::Sqlite(SqliteConnection::establish(&path.to_string_lossy()).unwrap());
        crate::db::migrations::run(&mut conn).unwrap();
        let stamp = "'2026-01-01 00:00:00'";
        let mut sql = format!(
            "INSERT INTO institutions (id, name_en, country, kind, search_key, sort_key, version, created_at, \
             updated_at) VALUES ('i', 'I', 'RU', 'university', 'i', 'i', 1, {stamp}, {stamp});"
        );
        // lab: entries (status, effective_on, id); today is 2026-11-28.
        type Entry = (&'static str, &'static str, &'static str);
        let labs: [(&str, &[Entry]); 6] = [
            ("active", &[("planned", "2020-01-01", "a1"), ("active", "2021-01-01", "a2")]),
            ("closed", &[("active", "2020-01-01", "b1"), ("closed", "2026-11-28", "b2")]),
            ("closes-later", &[("active", "2020-01-01", "c1"), ("closed", "2027-01-01", "c2")]),
            ("not-yet", &[("active", "2027-01-01", "d1")]),
            ("none", &[]),
            // Two entries on one day: the greater id wins.
            ("same-day", &[("suspended", "2025-01-01", "e1"), ("active", "2025-01-01", "e2")]),
        ];
        for (lab, entries) in labs {
            sql += &format!(
                "INSERT INTO labs (id, name_en, institution_id, search_key, sort_key, version, created_at, \
                 updated_at) VALUES ('{lab}', '{lab}', 'i', '{lab}', '{lab}', 1, {stamp}, {stamp});"
            );
            for (status, day, id) in entries {
                sql += &format!(
                    "INSERT INTO lab_status_entries (id, lab_id, status, effective_on, reason, recorded_at) \
                     VALUES ('{id}', '{lab}', '{status}', '{day}', 'test', {stamp});"
                );
            }
        }
        conn.batch_execute(&sql).unwrap();
        let today: NaiveDate = "2026-11-28".parse().unwrap();

        let registry = registry(&mut conn, today).unwrap();
        let mut found: Vec<&str> = registry.labs.iter().map(|l| l.id.as_str()).collect();
        found.sort_unstable();
        let mut expected: Vec<String> = labs::table
            .filter(lab_status::status_on_sql(today, LabStatus::Active))
            .select(labs::id)
            .load(&mut conn)
            .unwrap();
        expected.sort_unstable();
        assert_eq!(found, ["active", "closes-later", "same-day"]);
        assert_eq!(found, expected);
    }
}
