//! Funders as a spreadsheet (CSV or XLSX), the successor's short code beside its id.

use actix_web::HttpResponse;

use crate::db::models::funder::FunderView;
use crate::error::ApiError;
use crate::http::spreadsheet::{Cell, Column, Spreadsheet, column};

const COLUMNS: &[Column<FunderView>] = &[
    column("id", |r| Cell::text(&r.funder.id)),
    column("short_code", |r| Cell::text(&r.funder.short_code)),
    column("name_en", |r| Cell::text(&r.funder.name_en)),
    column("name_ru", |r| Cell::optional(&r.funder.name_ru)),
    column("name_zh", |r| Cell::optional(&r.funder.name_zh)),
    column("country", |r| Cell::text(&r.funder.country)),
    column("funder_doi", |r| Cell::optional(&r.funder.funder_doi)),
    column("ror_id", |r| Cell::optional(&r.funder.ror_id)),
    column("status", |r| Cell::text(&r.funder.status)),
    column("closed_on", |r| Cell::date(r.funder.closed_on)),
    column("successor_id", |r| Cell::optional(&r.funder.successor_id)),
    column("successor_short_code", |r| r.successor.as_ref().map_or(Cell::Empty, |s| Cell::text(&s.short_code))),
    column("version", |r| Cell::Integer(r.funder.version)),
];

pub async fn respond(sheet: Spreadsheet, views: Vec<FunderView>) -> Result<HttpResponse, ApiError> {
    sheet.respond("funders", COLUMNS, views).await
}
