//! The home page's selection of findings as CSV: the API's export of the same filters, with
//! names in the page's language.

use actix_web::{HttpRequest, HttpResponse, get};

use crate::console::page::Page;
use crate::error::ApiError;
use crate::http::query::from_form;
use crate::http::spreadsheet::{Format, Spreadsheet};
use crate::routes::findings::wire::ListFindingsQuery;
use crate::routes::findings::{DEFAULT_HORIZON_DAYS, every_match, export};

#[get("/findings.csv")]
pub async fn download(req: HttpRequest, page: Page) -> Result<HttpResponse, ApiError> {
    let query: ListFindingsQuery = from_form(req.query_string())?;
    let (filter, horizon) = (query.filter(), query.horizon_days.unwrap_or(DEFAULT_HORIZON_DAYS));
    let sheet = Spreadsheet { format: Format::Csv, lang: page.lang };
    let rows = page.exchange().read(move |conn, context| every_match(conn, context, horizon, &filter, sheet)).await?;
    export::respond(sheet, rows).await
}
