//! Reads the coverage of one project, laboratory or centre: the projects behind it that the
//! caller may read, their covering funding and their laboratories' countries. Four queries,
//! whatever the subject's size.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::models::centre::Centre;
use crate::db::models::funder::FunderStatus;
use crate::db::models::lab::Lab;
use crate::db::models::project_access::ReadScope;
use crate::db::schema::{funders, funding_records, institutions, labs, project_labs, projects};
use crate::db::{DbConn, MultiBackend};
use crate::domain::project::FundingStatus;
use crate::error::ApiError;
use crate::text_enum;

text_enum! {
    /// Whose coverage is asked for.
    SubjectKind {
        Project => "project",
        Lab => "lab",
        Centre => "centre",
    }
}

/// A project behind the subject: its own period (`ends_on` open when not yet fixed).
#[derive(Debug, Clone, Queryable)]
pub struct SubjectProject {
    pub id: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

/// A funding record that covers or covered (status `awarded`, `active` or `ended`), with its
/// funder's code and whether that funder has closed.
#[derive(Debug, Clone)]
pub struct CoveringFunding {
    pub id: String,
    pub project_id: String,
    pub funder_id: String,
    pub funder_code: String,
    pub funder_closed: bool,
    pub award_number: Option<String>,
    pub status: FundingStatus,
    pub side: String,
    pub lab_id: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// id, project, funder, funder code, funder status, award number, status, side, lab, start, end.
type CoveringRow =
    (String, String, String, String, String, Option<String>, String, String, Option<String>, NaiveDate, NaiveDate);

impl CoveringFunding {
    fn from_row(row: CoveringRow) -> Result<Self, ApiError> {
        let (
            id,
            project_id,
            funder_id,
            funder_code,
            funder_status,
            award_number,
            status,
            side,
            lab_id,
            starts_on,
            ends_on,
        ) = row;
        Ok(CoveringFunding {
            funder_closed: FunderStatus::stored(&funder_status, &funder_id)? == FunderStatus::Closed,
            status: FundingStatus::stored(&status, &id)?,
            id,
            project_id,
            funder_id,
            funder_code,
            award_number,
            side,
            lab_id,
            starts_on,
            ends_on,
        })
    }
}

/// A project's English, Russian and Chinese titles.
type Titles = (Option<String>, Option<String>, Option<String>);

/// The subject's name and the readable projects behind it, oldest first.
#[derive(Debug, Clone)]
pub struct Subject {
    pub kind: SubjectKind,
    pub id: String,
    pub name: String,
    pub projects: Vec<SubjectProject>,
    pub funding: Vec<CoveringFunding>,
    /// (project id, country) of every laboratory of those projects: the sides each project has,
    /// shown even when unfunded.
    pub lab_countries: Vec<(String, String)>,
}

/// What a subject's projects are read as: [`SubjectProject`].
const PROJECT_PERIOD: (projects::id, projects::starts_on, projects::ends_on) =
    (projects::id, projects::starts_on, projects::ends_on);

/// The projects `query` finds, oldest first.
fn oldest_first(
    conn: &mut DbConn,
    query: projects::BoxedQuery<'_, MultiBackend>,
) -> Result<Vec<SubjectProject>, ApiError> {
    Ok(query.order((projects::starts_on, projects::id)).select(PROJECT_PERIOD).load(conn)?)
}

/// Loads a subject; 404 when it does not exist, or (a project) when the caller may not read it.
/// A lab's or centre's projects are only those the caller may read, so no restricted funding
/// shows through a lab or centre the caller can see.
pub fn load(conn: &mut DbConn, scope: &ReadScope, kind: SubjectKind, id: &str) -> Result<Subject, ApiError> {
    let readable = projects::table.filter(scope.condition::<projects::table>()).into_boxed();
    let (name, projects) = match kind {
        SubjectKind::Project => {
            let row: Option<(SubjectProject, Titles)> = readable
                .filter(projects::id.eq(id.to_owned()))
                .select((PROJECT_PERIOD, (projects::title_en, projects::title_ru, projects::title_zh)))
                .first(conn)
                .optional()?;
            let (project, (en, ru, zh)) = row.ok_or(ApiError::NotFound)?;
            (en.or(ru).or(zh).unwrap_or_default(), vec![project])
        }
        SubjectKind::Lab => {
            let lab = Lab::find(conn, id)?;
            let of_lab =
                project_labs::table.filter(project_labs::lab_id.eq(id.to_owned())).select(project_labs::project_id);
            (lab.name_en, oldest_first(conn, readable.filter(projects::id.eq_any(of_lab)))?)
        }
        SubjectKind::Centre => {
            let centre = Centre::find(conn, id)?;
            let of_centre = project_labs::table
                .inner_join(labs::table)
                .filter(labs::centre_id.eq(id.to_owned()))
                .select(project_labs::project_id);
            (centre.name_en, oldest_first(conn, readable.filter(projects::id.eq_any(of_centre)))?)
        }
    };
    let ids: Vec<&str> = projects.iter().map(|p| p.id.as_str()).collect();
    let covering = FundingStatus::COVERING.map(FundingStatus::as_str);
    let rows: Vec<CoveringRow> = funding_records::table
        .inner_join(funders::table)
        .filter(funding_records::project_id.eq_any(&ids))
        .filter(funding_records::status.eq_any(covering))
        .order((funding_records::starts_on, funding_records::id))
        .select((
            funding_records::id,
            funding_records::project_id,
            funding_records::funder_id,
            funders::short_code,
            funders::status,
            funding_records::award_number,
            funding_records::status,
            funding_records::side,
            funding_records::lab_id,
            funding_records::starts_on,
            funding_records::ends_on,
        ))
        .load(conn)?;
    let funding = rows.into_iter().map(CoveringFunding::from_row).collect::<Result<_, _>>()?;
    let lab_countries = project_labs::table
        .inner_join(labs::table.inner_join(institutions::table))
        .filter(project_labs::project_id.eq_any(&ids))
        .select((project_labs::project_id, institutions::country))
        .distinct()
        .load(conn)?;
    Ok(Subject { kind, id: id.to_owned(), name, projects, funding, lab_countries })
}
