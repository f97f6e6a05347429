//! `/api/v1/mirror-links`: mirror laboratories over time. Links end; they are never deleted.

pub mod export;
pub mod wire;

use actix_web::{HttpRequest, HttpResponse, get, patch, post};

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::mirror_link::{ListFilter, MirrorLink, MirrorLinkChanges, NewMirrorLink};
use crate::db::models::versioned::{self, Precondition};
use crate::error::{ApiError, Problem};
use crate::http::creation::Creation;
use crate::http::csv;
use crate::http::etag::{IfMatch, IfNoneMatch};
use crate::http::exchange::{Context, Exchange};
use crate::http::pagination::{Cursor, DEFAULT_LIMIT, NextPage, PageLink};
use crate::http::query::ApiQuery;
use crate::http::record::{Change, Reading, RecordId};
use crate::http::responses::{
    Changed, Created, Current, InvalidFields, InvalidQuery, JsonBody, Listed, NoSuchRecord, NotModified, SignedIn,
    StaffOnly, Versioned,
};
use crate::http::spreadsheet::Spreadsheet;
use crate::routes::history::{History, HistoryQuery, HistoryRequest};
use wire::{CreateMirrorLink, ListMirrorLinksQuery, MirrorLinkPage, MirrorLinkResponse, UpdateMirrorLink};

const COLLECTION: &str = "/api/v1/mirror-links";

/// Link two laboratories (coordinators and administrators). Refused: a lab with itself, two labs
/// in one country, a kind that does not fit the countries, and a link overlapping an existing one
/// between the same two labs.
#[utoipa::path(
    tag = "mirror links",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a06", description = "Makes the create safe to retry: the same key and body within 24 h return the first answer")),
    request_body(content = CreateMirrorLink, content_type = "application/json"),
    responses(
        Created<MirrorLinkResponse>,
        (status = 409, description = "The two labs are already linked for an overlapping period, or a request with this Idempotency-Key is still running", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, labs or countries, or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        StaffOnly, JsonBody, SignedIn,
    )
)]
#[post("/mirror-links")]
pub async fn create_mirror_link(creation: Creation<CreateMirrorLink>) -> Result<HttpResponse, ApiError> {
    creation.respond(COLLECTION, create, |link, context| MirrorLinkResponse::new(link, context.today)).await
}

/// Links two laboratories, as `POST /api/v1/mirror-links` does (the console's form too).
pub fn create(conn: &mut DbConn, context: &Context, new: NewMirrorLink) -> Result<MirrorLink, ApiError> {
    policy::write_registry(context.caller()?)?;
    MirrorLink::insert(conn, new, &context.actor()?)
}

/// Changes link `id` (its dates; ending it) if it is still the version `expected` names.
pub fn update(
    conn: &mut DbConn,
    context: &Context,
    id: &str,
    expected: &impl Precondition,
    changes: MirrorLinkChanges,
) -> Result<MirrorLink, ApiError> {
    let link = MirrorLink::find(conn, id)?;
    policy::write_registry(context.caller()?)?;
    versioned::update(conn, &context.actor()?, link, expected, |conn, l| changes.apply(conn, l))
}

/// Read one mirror link.
#[utoipa::path(
    tag = "mirror links",
    security(("bearer" = [])),
    params(RecordId, IfNoneMatch),
    responses(
        Current<MirrorLinkResponse>,
        NoSuchRecord, NotModified, SignedIn,
    )
)]
#[get("/mirror-links/{id}")]
pub async fn get_mirror_link(request: Reading) -> Result<HttpResponse, ApiError> {
    let read = |conn: &mut DbConn, context: &Context, id: &str| {
        policy::read_registry(context.caller()?)?;
        Ok((MirrorLink::find(conn, id)?, context.today))
    };
    request.respond(read, |(link, _)| link.version, |(link, today)| MirrorLinkResponse::new(link, today)).await
}

/// List mirror links by lab, centre, kind or the day they are in force; `Accept: text/csv` gives
/// every match as CSV.
#[utoipa::path(
    tag = "mirror links",
    security(("bearer" = [])),
    params(ListMirrorLinksQuery),
    responses(
        Listed<MirrorLinkPage>, InvalidQuery, SignedIn,
    )
)]
#[get("/mirror-links")]
pub async fn list_mirror_links(
    req: HttpRequest,
    exchange: Exchange,
    query: ApiQuery<ListMirrorLinksQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let link = PageLink::of(&req);
    let after = Cursor::from_param(query.cursor.as_deref(), "created")?;
    let filter = ListFilter {
        lab_id: query.lab_id.clone(),
        centre_id: query.centre_id.clone(),
        kind: query.kind,
        active_on: query.active_on,
        updated_since: query.updated_since.map(|t| t.naive_utc()),
    };
    if let Some(sheet) = Spreadsheet::wanted(&req) {
        let rows = exchange
            .read(move |conn, context| {
                policy::read_registry(context.caller()?)?;
                let links = csv::read_all(|last: Option<&MirrorLink>, n| {
                    Ok(MirrorLink::list(conn, &filter, last.map(|l| l.id.as_str()), n)?.0)
                })?;
                let items = links
                    .into_iter()
                    .map(|link| MirrorLinkResponse::new(link, context.today))
                    .collect::<Result<_, _>>()?;
                export::rows(conn, sheet, items)
            })
            .await?;
        return export::respond(sheet, rows).await;
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let (mut links, total, today) = exchange
        .read(move |conn, context| {
            policy::read_registry(context.caller()?)?;
            let (links, total) =
                MirrorLink::list(conn, &filter, after.as_ref().map(|c| c.id.as_str()), i64::from(limit) + 1)?;
            Ok((links, total, context.today))
        })
        .await?;
    let page = NextPage::after(&mut links, limit, &link, |last| Cursor::new("created", None, last.id.clone()));
    let items: Vec<MirrorLinkResponse> =
        links.into_iter().map(|link| MirrorLinkResponse::new(link, today)).collect::<Result<_, _>>()?;
    Ok(MirrorLinkPage::respond(items, total, page))
}

/// Change a link's dates, or end it by setting `ends_on` (coordinators and administrators;
/// `If-Match` required).
#[utoipa::path(
    tag = "mirror links",
    security(("bearer" = [])),
    params(RecordId, IfMatch),
    request_body(content = UpdateMirrorLink, content_type = "application/merge-patch+json", description = "Also accepted as application/json."),
    responses(
        Changed<MirrorLinkResponse>,
        (status = 409, description = "The new period overlaps another link between the same labs", body = Problem, content_type = "application/problem+json"),
        StaffOnly, NoSuchRecord, InvalidFields, Versioned, JsonBody, SignedIn,
    )
)]
#[patch("/mirror-links/{id}")]
pub async fn update_mirror_link(change: Change<UpdateMirrorLink>) -> Result<HttpResponse, ApiError> {
    let update_on_day = |conn: &mut DbConn, context: &Context, id: &str, if_match: &IfMatch, changes| {
        Ok((update(conn, context, id, if_match, changes)?, context.today))
    };
    change.respond(update_on_day, |(link, _)| link.version, |(link, today)| MirrorLinkResponse::new(link, today)).await
}

/// The history of a mirror link, newest first.
#[utoipa::path(
    tag = "mirror links",
    security(("bearer" = [])),
    params(RecordId, HistoryQuery),
    responses(
        NoSuchRecord, History, SignedIn,
    )
)]
#[get("/mirror-links/{id}/history")]
pub async fn mirror_link_history(request: HistoryRequest) -> Result<HttpResponse, ApiError> {
    request.of_registry_record("mirror_link", COLLECTION, |conn, id| MirrorLink::find(conn, id).map(|_| ())).await
}
