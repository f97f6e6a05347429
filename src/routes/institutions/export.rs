//! Institutions as a spreadsheet (CSV or XLSX).

use actix_web::HttpResponse;

use crate::db::models::institution::Institution;
use crate::error::ApiError;
use crate::http::spreadsheet::{Cell, Column, Spreadsheet, column};

const COLUMNS: &[Column<Institution>] = &[
    column("id", |r| Cell::text(&r.id)),
    column("name_en", |r| Cell::text(&r.name_en)),
    column("name_ru", |r| Cell::optional(&r.name_ru)),
    column("name_zh", |r| Cell::optional(&r.name_zh)),
    column("country", |r| Cell::text(&r.country)),
    column("city", |r| Cell::optional(&r.city)),
    column("ror_id", |r| Cell::optional(&r.ror_id)),
    column("kind", |r| Cell::text(&r.kind)),
    column("website", |r| Cell::optional(&r.website)),
    column("version", |r| Cell::Integer(r.version)),
    column("updated_at", |r| Cell::utc(r.updated_at)),
];

pub async fn respond(sheet: Spreadsheet, records: Vec<Institution>) -> Result<HttpResponse, ApiError> {
    sheet.respond("institutions", COLUMNS, records).await
}
