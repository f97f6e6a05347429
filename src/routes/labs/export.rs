//! Laboratories as a spreadsheet (CSV or XLSX): the institution's and the centre's names beside
//! their ids.

use actix_web::HttpResponse;

use super::wire::LabResponse;
use crate::db::DbConn;
use crate::db::models::names::{self, Named};
use crate::error::ApiError;
use crate::http::spreadsheet::{Cell, Column, Spreadsheet, column};

pub struct LabRow {
    lab: LabResponse,
    institution_name: String,
    centre_name: String,
}

const COLUMNS: &[Column<LabRow>] = &[
    column("id", |r| Cell::text(&r.lab.id)),
    column("name_en", |r| Cell::text(&r.lab.names.en)),
    column("name_ru", |r| Cell::optional(&r.lab.names.ru)),
    column("name_zh", |r| Cell::optional(&r.lab.names.zh)),
    column("institution_id", |r| Cell::text(&r.lab.institution_id)),
    column("institution_name", |r| Cell::text(&r.institution_name)),
    column("country", |r| Cell::text(&r.lab.country)),
    column("centre_id", |r| Cell::optional(&r.lab.centre_id)),
    column("centre_name", |r| Cell::text(&r.centre_name)),
    column("head_user_id", |r| Cell::optional(&r.lab.head_user_id)),
    column("research_line", |r| Cell::optional(&r.lab.research_line)),
    column("status", |r| r.lab.status.map_or(Cell::Empty, |s| Cell::text(s.as_str()))),
    column("status_since", |r| Cell::date(r.lab.status_since)),
    column("version", |r| Cell::Integer(r.lab.version)),
    column("updated_at", |r| Cell::Time(r.lab.updated_at)),
];

/// The rows of `labs`, the names read in one query per kind of record.
pub fn rows(conn: &mut DbConn, sheet: Spreadsheet, labs: Vec<LabResponse>) -> Result<Vec<LabRow>, ApiError> {
    let institutions = names::of(conn, Named::Institutions, labs.iter().map(|l| l.institution_id.as_str()))?;
    let centres = names::of(conn, Named::Centres, labs.iter().filter_map(|l| l.centre_id.as_deref()))?;
    Ok(labs
        .into_iter()
        .map(|lab| LabRow {
            institution_name: sheet.name(&institutions, &lab.institution_id),
            centre_name: lab.centre_id.as_deref().map(|id| sheet.name(&centres, id)).unwrap_or_default(),
            lab,
        })
        .collect())
}

pub async fn respond(sheet: Spreadsheet, rows: Vec<LabRow>) -> Result<HttpResponse, ApiError> {
    sheet.respond("labs", COLUMNS, rows).await
}
