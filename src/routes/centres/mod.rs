//! `/api/v1/centres`: joint centres hosted by institutions on both sides, e.g. the Joint
//! Russian–Chinese Center for Systemic Pathology (South Ural State University + Wuhan University).
//! Every signed-in caller reads them; staff write them.

pub mod export;
pub mod wire;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::centre::{self, Centre, CentreChanges, CentreFields, CentreWithHosts, ListFilter};
use crate::db::models::versioned::{self, Precondition};
use crate::domain::{country, search_key};
use crate::error::{ApiError, Problem};
use crate::http::creation::Creation;
use crate::http::csv;
use crate::http::etag::{IfMatch, IfNoneMatch, OptionalIfMatch};
use crate::http::exchange::{Context, Exchange};
use crate::http::pagination::{Cursor, NextPage, PageLink};
use crate::http::query::ApiQuery;
use crate::http::record::{Change, Reading, RecordId};
use crate::http::responses::{
    Changed, Created, Current, Deleted, Idempotent, InvalidFields, InvalidQuery, JsonBody, Listed, NoSuchRecord,
    NotModified, SignedIn, StaffOnly, Versioned,
};
use crate::http::spreadsheet::Spreadsheet;
use crate::routes::deletion::Deletion;
use crate::routes::history::{History, HistoryQuery, HistoryRequest};
use wire::{CentrePage, CentreResponse, CreateCentre, ListCentresQuery, UpdateCentre};

const COLLECTION: &str = "/api/v1/centres";

/// Register a joint centre.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a03", description = "Makes the create safe to retry: the same key and body within 24 h return the first answer")),
    request_body(content = CreateCentre, content_type = "application/json"),
    responses(
        Created<CentreResponse>,
        (status = 422, description = "Invalid fields (including host institutions that do not exist or are all in one country), or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        StaffOnly, Idempotent, JsonBody, SignedIn,
    )
)]
#[post("/centres")]
pub async fn create_centre(creation: Creation<CreateCentre>) -> Result<HttpResponse, ApiError> {
    creation.respond(COLLECTION, create, |record, _| CentreResponse::new(record)).await
}

/// Registers a joint centre, as `POST /api/v1/centres` does (the console's form too).
pub fn create(conn: &mut DbConn, context: &Context, fields: CentreFields) -> Result<CentreWithHosts, ApiError> {
    policy::write_registry(context.caller()?)?;
    Centre::insert(conn, fields, &context.actor()?)
}

/// Changes centre `id` if it is still the version `expected` names, as `PATCH` does.
pub fn update(
    conn: &mut DbConn,
    context: &Context,
    id: &str,
    expected: &impl Precondition,
    changes: CentreChanges,
) -> Result<CentreWithHosts, ApiError> {
    let record = Centre::find_with_hosts(conn, id)?;
    policy::write_registry(context.caller()?)?;
    versioned::update(conn, &context.actor()?, record, expected, |conn, r| changes.apply(conn, r))
}

/// Read one joint centre, with its hosts.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(RecordId, IfNoneMatch),
    responses(
        Current<CentreResponse>,
        NoSuchRecord, NotModified, SignedIn,
    )
)]
#[get("/centres/{id}")]
pub async fn get_centre(request: Reading) -> Result<HttpResponse, ApiError> {
    request.respond(read, |record| record.centre.version, CentreResponse::new).await
}

/// Centre `id` with its hosts, as `GET /api/v1/centres/{id}` reads it.
pub fn read(conn: &mut DbConn, context: &Context, id: &str) -> Result<CentreWithHosts, ApiError> {
    policy::read_registry(context.caller()?)?;
    Centre::find_with_hosts(conn, id)
}

/// List joint centres, with search, filters, sorting and cursor paging. In a spreadsheet, a
/// centre's hosts are `;`-joined in one cell.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(ListCentresQuery),
    responses(
        Listed<CentrePage>, InvalidQuery, SignedIn,
    )
)]
#[get("/centres")]
pub async fn list_centres(
    req: HttpRequest,
    exchange: Exchange,
    query: ApiQuery<ListCentresQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let link = PageLink::of(&req);
    if let Some(sheet) = Spreadsheet::wanted(&req) {
        return export_all(&exchange, &query, sheet).await;
    }
    let (sort, after, limit) = query.page.position()?;
    let filter = list_filter(&query);
    let db_filter = filter.clone();
    let (mut items, total) = exchange
        .read(move |conn, context| {
            policy::read_registry(context.caller()?)?;
            // One extra row says whether another page exists.
            Centre::list(conn, &db_filter, sort, after.map(Cursor::position), i64::from(limit) + 1)
        })
        .await?;
    let page = NextPage::after(&mut items, limit, &link, |last| {
        Cursor::in_name_order(sort, &last.centre.sort_key, &last.centre.id)
    });
    Ok(CentrePage::respond(items.into_iter().map(CentreResponse::new).collect::<Result<_, _>>()?, total, page))
}

/// Change a joint centre (JSON merge patch); `host_institution_ids` replaces all hosts. Requires
/// `If-Match` with the current ETag.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(RecordId, IfMatch),
    request_body(content = UpdateCentre, content_type = "application/merge-patch+json",
        description = "Also accepted as application/json."),
    responses(
        Changed<CentreResponse>,
        StaffOnly, NoSuchRecord, InvalidFields, Versioned, JsonBody, SignedIn,
    )
)]
#[patch("/centres/{id}")]
pub async fn update_centre(change: Change<UpdateCentre>) -> Result<HttpResponse, ApiError> {
    change.respond(update, |record| record.centre.version, CentreResponse::new).await
}

/// Delete a centre nothing refers to (administrators); a centre with laboratories is closed
/// instead. `If-Match` is optional; when sent it must be current. Its history stays.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(RecordId, OptionalIfMatch),
    responses(
        (status = 409, description = "Laboratories refer to the centre; `errors` lists them. Close it instead", body = Problem, content_type = "application/problem+json"),
        NoSuchRecord, Deleted, SignedIn,
    )
)]
#[delete("/centres/{id}")]
pub async fn delete_centre(deletion: Deletion) -> Result<HttpResponse, ApiError> {
    deletion
        .run(|conn, _, id| Centre::find_with_hosts(conn, id), CentreWithHosts::references, centre::STILL_REFERENCED)
        .await
}

fn list_filter(query: &ListCentresQuery) -> ListFilter {
    ListFilter {
        query: query.q.as_deref().map(search_key::normalise).filter(|q| !q.is_empty()),
        country: query.country.as_deref().map(country::normalise),
        status: query.status,
        institution_id: query.institution_filter(),
        updated_since: query.page.updated_since.map(|t| t.naive_utc()),
    }
}

/// Every centre matching the filters, in the requested order, as a spreadsheet.
async fn export_all(
    exchange: &Exchange,
    query: &ListCentresQuery,
    sheet: Spreadsheet,
) -> Result<HttpResponse, ApiError> {
    let filter = list_filter(query);
    let sort = query.page.sort.unwrap_or_default();
    let rows = exchange
        .read(move |conn, context| {
            policy::read_registry(context.caller()?)?;
            let records = csv::read_all(|last: Option<&CentreWithHosts>, n| {
                let after = last.map(|l| (l.centre.sort_key.clone(), l.centre.id.clone()));
                Ok(Centre::list(conn, &filter, sort, after, n)?.0)
            })?;
            export::rows(conn, sheet, records)
        })
        .await?;
    export::respond(sheet, rows).await
}

/// The history of a joint centre, newest first (also after it was deleted). Host changes show as
/// `host_institution_ids` before and after.
#[utoipa::path(
    tag = "centres",
    security(("bearer" = [])),
    params(RecordId, HistoryQuery),
    responses(
        NoSuchRecord, History, SignedIn,
    )
)]
#[get("/centres/{id}/history")]
pub async fn centre_history(request: HistoryRequest) -> Result<HttpResponse, ApiError> {
    request.of_registry_record("centre", COLLECTION, |conn, id| Centre::find(conn, id).map(|_| ())).await
}
