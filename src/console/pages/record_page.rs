//! A record's own page (a centre, a project): everything it shows read in one trip, then
//! rendered.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::console::page::Page;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::http::exchange::Context;

/// Reads what a record's page shows, for record `id` as the path gave it.
pub type Load<R> = fn(&mut DbConn, &Context, &str) -> Result<R, ApiError>;

/// The page of record `id`: what `load` reads, as `render` shows it.
pub async fn shown<R: Send + 'static>(
    page: &Page,
    id: String,
    load: Load<R>,
    render: fn(&Page, R) -> Result<String, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let read = page.exchange().read(move |conn, context| load(conn, context, &id)).await?;
    Ok(page.html(StatusCode::OK, render(page, read)?))
}
