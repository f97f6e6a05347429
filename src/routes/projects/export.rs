//! Projects as a spreadsheet (CSV or XLSX): one row per project, lists joined with `; `, the
//! laboratories' and their institutions' names beside the ids.

use actix_web::HttpResponse;

use crate::db::DbConn;
use crate::db::models::names::{self, Named};
use crate::db::models::project::{Project, ProjectView};
use crate::domain::project::LabRole;
use crate::error::ApiError;
use crate::http::spreadsheet::{Cell, Column, Spreadsheet, column};

/// A project with its lists joined and the names of its laboratories and institutions.
pub struct ProjectRow {
    project: Project,
    lead_lab_ids: String,
    lead_lab_names: String,
    partner_lab_ids: String,
    partner_lab_names: String,
    /// The institutions of its laboratories, each once, the lead's first.
    institutions: String,
    countries: String,
    subject_areas: String,
    keywords: String,
    identifiers: String,
    participants: i64,
}

const COLUMNS: &[Column<ProjectRow>] = &[
    column("id", |r| Cell::text(&r.project.id)),
    column("title_en", |r| Cell::optional(&r.project.title_en)),
    column("title_ru", |r| Cell::optional(&r.project.title_ru)),
    column("title_zh", |r| Cell::optional(&r.project.title_zh)),
    column("acronym", |r| Cell::optional(&r.project.acronym)),
    column("status", |r| Cell::text(&r.project.status)),
    column("visibility", |r| Cell::text(&r.project.visibility)),
    column("starts_on", |r| Cell::Date(r.project.starts_on)),
    column("ends_on", |r| Cell::date(r.project.ends_on)),
    column("lead_lab_id", |r| Cell::text(&r.lead_lab_ids)),
    column("lead_lab_name", |r| Cell::text(&r.lead_lab_names)),
    column("partner_lab_ids", |r| Cell::text(&r.partner_lab_ids)),
    column("partner_lab_names", |r| Cell::text(&r.partner_lab_names)),
    column("institutions", |r| Cell::text(&r.institutions)),
    column("countries", |r| Cell::text(&r.countries)),
    column("subject_areas", |r| Cell::text(&r.subject_areas)),
    column("keywords", |r| Cell::text(&r.keywords)),
    column("identifiers", |r| Cell::text(&r.identifiers)),
    column("participants", |r| Cell::Integer(r.participants)),
    column("version", |r| Cell::Integer(r.project.version)),
    column("updated_at", |r| Cell::utc(r.project.updated_at)),
];

/// The rows of `views`, the names read in one query per kind of record.
pub fn rows(conn: &mut DbConn, sheet: Spreadsheet, views: Vec<ProjectView>) -> Result<Vec<ProjectRow>, ApiError> {
    let labs = views.iter().flat_map(|v| &v.labs);
    let lab_names = names::of(conn, Named::Labs, labs.clone().map(|l| l.lab_id.as_str()))?;
    let institution_names = names::of(conn, Named::Institutions, labs.map(|l| l.institution_id.as_str()))?;
    let mut rows = Vec::with_capacity(views.len());
    for view in views {
        let fields = view.fields()?;
        let ids_in = |role: LabRole| view.labs.iter().filter(move |l| l.role == role).map(|l| l.lab_id.as_str());
        let mut institutions: Vec<&str> = Vec::new();
        for lab in view.labs.iter().filter(|l| l.role == LabRole::Lead).chain(view.labs.iter()) {
            if !institutions.contains(&lab.institution_id.as_str()) {
                institutions.push(&lab.institution_id);
            }
        }
        let mut countries: Vec<&str> = view.labs.iter().map(|l| l.country.as_str()).collect();
        countries.sort_unstable();
        countries.dedup();
        rows.push(ProjectRow {
            lead_lab_ids: ids_in(LabRole::Lead).collect::<Vec<_>>().join("; "),
            lead_lab_names: sheet.names(&lab_names, ids_in(LabRole::Lead)),
            partner_lab_ids: ids_in(LabRole::Partner).collect::<Vec<_>>().join("; "),
            partner_lab_names: sheet.names(&lab_names, ids_in(LabRole::Partner)),
            institutions: sheet.names(&institution_names, institutions),
            countries: countries.join("; "),
            subject_areas: fields.subject_areas.iter().map(i32::to_string).collect::<Vec<_>>().join("; "),
            keywords: fields.keywords.join("; "),
            identifiers: fields
                .identifiers
                .iter()
                .map(|i| format!("{}:{}", i.scheme.as_str(), i.value))
                .collect::<Vec<_>>()
                .join("; "),
            participants: i64::try_from(fields.participants.len()).unwrap_or(i64::MAX),
            project: view.project,
        });
    }
    Ok(rows)
}

pub async fn respond(sheet: Spreadsheet, rows: Vec<ProjectRow>) -> Result<HttpResponse, ApiError> {
    sheet.respond("projects", COLUMNS, rows).await
}
