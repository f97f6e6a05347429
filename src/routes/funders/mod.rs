//! `/api/v1/funders`: the organisations that fund joint research (RSF, NSFC, ministries, academies),
//! with their status, so a funder that stops issuing grants, and who took over, is on record.

pub mod export;
pub mod wire;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::funder::{self, Funder, FunderChanges, FunderFields, FunderView, ListFilter};
use crate::db::models::versioned;
use crate::domain::doi::{self, Doi};
use crate::domain::{country, ror, search_key};
use crate::error::{ApiError, Problem};
use crate::http::creation::Creation;
use crate::http::csv;
use crate::http::etag::{IfMatch, IfNoneMatch, OptionalIfMatch};
use crate::http::exchange::{Context, Exchange};
use crate::http::pagination::{Cursor, NextPage, PageLink};
use crate::http::query::ApiQuery;
use crate::http::record::{Change, Reading, RecordId};
use crate::http::responses::{
    Changed, Created, Current, Deleted, InvalidQuery, JsonBody, Listed, NoSuchRecord, NotModified, SignedIn, StaffOnly,
    Versioned,
};
use crate::http::spreadsheet::Spreadsheet;
use crate::routes::deletion::Deletion;
use crate::routes::history::{History, HistoryQuery, HistoryRequest};
use wire::{CreateFunder, FunderPage, FunderResponse, ListFundersQuery, UpdateFunder};

const COLLECTION: &str = "/api/v1/funders";

/// Register a funder (coordinators and administrators).
#[utoipa::path(
    tag = "funders",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a02", description = "Makes the create safe to retry: the same key and body within 24 h return the first answer")),
    request_body(content = CreateFunder, content_type = "application/json"),
    responses(
        Created<FunderResponse>,
        (status = 409, description = "The short code or funder DOI belongs to another funder (named in `errors`), or a request with this Idempotency-Key is still running", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (including closed without closed_on, active with it, an unknown successor), or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        StaffOnly, JsonBody, SignedIn,
    )
)]
#[post("/funders")]
pub async fn create_funder(creation: Creation<CreateFunder>) -> Result<HttpResponse, ApiError> {
    creation.respond(COLLECTION, create, |view, _| FunderResponse::new(view)).await
}

/// Registers a funder as `POST /api/v1/funders` does.
fn create(conn: &mut DbConn, context: &Context, fields: FunderFields) -> Result<FunderView, ApiError> {
    policy::write_registry(context.caller()?)?;
    Funder::insert(conn, fields, &context.actor()?)?.view(conn)
}

/// Read one funder, with its successor's id and short code.
#[utoipa::path(
    tag = "funders",
    security(("bearer" = [])),
    params(RecordId, IfNoneMatch),
    responses(
        Current<FunderResponse>,
        NoSuchRecord, NotModified, SignedIn,
    )
)]
#[get("/funders/{id}")]
pub async fn get_funder(request: Reading) -> Result<HttpResponse, ApiError> {
    let read = |conn: &mut DbConn, context: &Context, id: &str| {
        // Funders are reference data: every signed-in caller (partner tokens too) reads them.
        policy::read_registry(context.caller()?)?;
        Funder::find(conn, id)?.view(conn)
    };
    request.respond(read, |view| view.funder.version, FunderResponse::new).await
}

/// List funders, with search, filters, sorting and cursor paging.
#[utoipa::path(
    tag = "funders",
    security(("bearer" = [])),
    params(ListFundersQuery),
    responses(
        Listed<FunderPage>, InvalidQuery, SignedIn,
    )
)]
#[get("/funders")]
pub async fn list_funders(
    req: HttpRequest,
    exchange: Exchange,
    query: ApiQuery<ListFundersQuery>,
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
            let (page, total) =
                Funder::list(conn, &db_filter, sort, after.map(Cursor::position), i64::from(limit) + 1)?;
            Ok((Funder::views(conn, page)?, total))
        })
        .await?;
    let page = NextPage::after(&mut items, limit, &link, |last| {
        Cursor::in_name_order(sort, &last.funder.sort_key, &last.funder.id)
    });
    Ok(FunderPage::respond(items.into_iter().map(FunderResponse::new).collect::<Result<_, _>>()?, total, page))
}

/// Change a funder (JSON merge patch). Requires `If-Match` with the current ETag. To retire a
/// funder, close it: `{"status": "closed", "closed_on": "…", "successor_id": "…"}`.
#[utoipa::path(
    tag = "funders",
    security(("bearer" = [])),
    params(RecordId, IfMatch),
    request_body(content = UpdateFunder, content_type = "application/merge-patch+json",
        description = "Also accepted as application/json."),
    responses(
        Changed<FunderResponse>,
        (status = 409, description = "The short code or funder DOI belongs to another funder", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, status and closed_on that disagree, or a successor that is unknown, itself, or leads back to this funder", body = Problem, content_type = "application/problem+json"),
        StaffOnly, NoSuchRecord, Versioned, JsonBody, SignedIn,
    )
)]
#[patch("/funders/{id}")]
pub async fn update_funder(change: Change<UpdateFunder>) -> Result<HttpResponse, ApiError> {
    let update = |conn: &mut DbConn, context: &Context, id: &str, if_match: &IfMatch, changes: FunderChanges| {
        let record = Funder::find(conn, id)?;
        policy::write_registry(context.caller()?)?;
        let record = versioned::update(conn, &context.actor()?, record, if_match, |conn, r| changes.apply(conn, r))?;
        record.view(conn)
    };
    change.respond(update, |view| view.funder.version, FunderResponse::new).await
}

/// Delete a funder nothing refers to (administrators); a funder named as another's successor is
/// closed instead. `If-Match` is optional; when sent it must be current. Its history stays.
#[utoipa::path(
    tag = "funders",
    security(("bearer" = [])),
    params(RecordId, OptionalIfMatch),
    responses(
        (status = 409, description = "Other records refer to the funder (listed in `errors`); close it instead", body = Problem, content_type = "application/problem+json"),
        NoSuchRecord, Deleted, SignedIn,
    )
)]
#[delete("/funders/{id}")]
pub async fn delete_funder(deletion: Deletion) -> Result<HttpResponse, ApiError> {
    deletion.run(|conn, _, id| Funder::find(conn, id), Funder::references, funder::STILL_REFERENCED).await
}

/// The history of a funder, newest first (also after it was deleted).
#[utoipa::path(
    tag = "funders",
    security(("bearer" = [])),
    params(RecordId, HistoryQuery),
    responses(
        NoSuchRecord, History, SignedIn,
    )
)]
#[get("/funders/{id}/history")]
pub async fn funder_history(request: HistoryRequest) -> Result<HttpResponse, ApiError> {
    request.of_registry_record("funder", COLLECTION, |conn, id| Funder::find(conn, id).map(|_| ())).await
}

fn list_filter(query: &ListFundersQuery) -> ListFilter {
    ListFilter {
        query: query.q.as_deref().map(search_key::normalise).filter(|q| !q.is_empty()),
        country: query.country.as_deref().map(country::normalise),
        status: query.status,
        ror_id: query.ror.as_deref().and_then(|ror| ror::parse(ror).ok()),
        funder_doi: query.funder_doi.as_deref().and_then(|doi| doi::parse_funder(doi).ok()).map(Doi::into_string),
        updated_since: query.page.updated_since.map(|t| t.naive_utc()),
    }
}

/// Every funder matching the filters, in the requested order, as a spreadsheet.
async fn export_all(
    exchange: &Exchange,
    query: &ListFundersQuery,
    sheet: Spreadsheet,
) -> Result<HttpResponse, ApiError> {
    let filter = list_filter(query);
    let sort = query.page.sort.unwrap_or_default();
    let views = exchange
        .read(move |conn, context| {
            policy::read_registry(context.caller()?)?;
            csv::read_all(|last: Option<&FunderView>, n| {
                let after = last.map(|l| (l.funder.sort_key.clone(), l.funder.id.clone()));
                let (page, _) = Funder::list(conn, &filter, sort, after, n)?;
                Funder::views(conn, page)
            })
        })
        .await?;
    export::respond(sheet, views).await
}
