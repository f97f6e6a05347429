//! The two funding lists, `/api/v1/funding` and `/api/v1/projects/{id}/funding`: one code path
//! for filters, order, cursors, paging and CSV, whichever route a request came by.

use actix_web::{HttpRequest, HttpResponse, get};
use chrono::NaiveDate;

use super::export;
use super::wire::{FundingPage, FundingResponse, FundingSort, ListFundingQuery, Listing, ProjectFundingQuery};
use crate::db::DbConn;
use crate::db::models::funding::{After, FundingRecord, FundingView, ListFilter, Order};
use crate::db::models::project_access::ReadScope;
use crate::error::ApiError;
use crate::http::csv;
use crate::http::exchange::{Exchange, Public};
use crate::http::pagination::{Cursor, DEFAULT_LIMIT, NextPage, PageLink};
use crate::http::query::ApiQuery;
use crate::http::record::{RecordId, RecordRequest};
use crate::http::responses::{Anyone, InvalidQuery, Listed, NotReadable};
use crate::http::spreadsheet::Spreadsheet;

/// List the funding you may read (the funding of projects you may read), with filters, sorting
/// and cursor paging; `Accept: text/csv` gives every match as CSV. Three queries whatever the
/// page size.
#[utoipa::path(
    tag = "funding",
    security((), ("bearer" = [])),
    params(ListFundingQuery),
    responses(
        Listed<FundingPage>, InvalidQuery, Anyone,
    )
)]
#[get("/funding")]
pub async fn list_funding(
    req: HttpRequest,
    exchange: Exchange<Public>,
    query: ApiQuery<ListFundingQuery>,
) -> Result<HttpResponse, ApiError> {
    let listing = Listing::from(query.into_inner());
    respond(&req, &exchange, listing, None).await
}

/// List the funding of one project, with the same filters, sorting, paging and CSV as
/// `GET /api/v1/funding`. Four queries whatever the page size: the project is checked first.
#[utoipa::path(
    tag = "funding",
    security((), ("bearer" = [])),
    params(RecordId, ProjectFundingQuery),
    responses(
        Listed<FundingPage>, NotReadable, InvalidQuery, Anyone,
    )
)]
#[get("/projects/{id}/funding")]
pub async fn list_project_funding(
    req: HttpRequest,
    request: RecordRequest<ApiQuery<ProjectFundingQuery>, Public>,
) -> Result<HttpResponse, ApiError> {
    let (exchange, id, query) = request.into_parts()?;
    let listing = query.into_inner().for_project(id.clone());
    respond(&req, &exchange, listing, Some(id)).await
}

/// Answers a list request; `project` names the project the path is about, which
/// must be readable (404 otherwise, exactly as reading the project itself).
async fn respond(
    req: &HttpRequest,
    exchange: &Exchange<Public>,
    listing: Listing,
    project: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let Listing { filter, sort, limit, cursor } = listing;
    let after = Cursor::from_param(cursor.as_deref(), sort.as_str())?.map(|c| after(sort, c)).transpose()?;
    if let Some(sheet) = Spreadsheet::wanted(req) {
        let rows = exchange
            .read(move |conn, context| {
                let scope = context.scope();
                if let Some(project) = &project {
                    scope.check(conn, project)?;
                }
                let views = csv::read_all(|last: Option<&FundingView>, n| {
                    let after = last.map(|v| position(sort, &v.record));
                    let records = FundingRecord::page(conn, &scope, &filter, order(sort), after, n)?;
                    FundingRecord::views(conn, records)
                })?;
                export::rows(conn, &scope, sheet, views)
            })
            .await?;
        return export::respond(sheet, rows).await;
    }
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    let link = PageLink::of(req);
    let (items, total, page) = exchange
        .read(move |conn, context| {
            let scope = context.scope();
            if let Some(project) = &project {
                scope.check(conn, project)?;
            }
            let (mut views, total) = page_of_funding(conn, &scope, &filter, sort, after, limit)?;
            let page = NextPage::after(&mut views, limit, &link, |last| cursor_of(sort, &last.record));
            Ok((views.into_iter().map(FundingResponse::new).collect::<Result<Vec<_>, _>>()?, total, page))
        })
        .await?;
    Ok(FundingPage::respond(items, total, page))
}

/// One page of the list (with one extra row that only says whether another page follows) and
/// the total: the whole database work of a list request, in a fixed number of queries (count,
/// page, the funders' short codes).
pub fn page_of_funding(
    conn: &mut DbConn,
    scope: &ReadScope,
    filter: &ListFilter,
    sort: FundingSort,
    after: Option<After>,
    limit: u32,
) -> Result<(Vec<FundingView>, i64), ApiError> {
    let (records, total) = FundingRecord::list(conn, scope, filter, order(sort), after, i64::from(limit) + 1)?;
    Ok((FundingRecord::views(conn, records)?, total))
}

fn order(sort: FundingSort) -> Order {
    match sort {
        FundingSort::StartsOn => Order::StartsOn,
        FundingSort::StartsOnDescending => Order::StartsOnDescending,
        FundingSort::EndsOn => Order::EndsOn,
        FundingSort::EndsOnDescending => Order::EndsOnDescending,
        FundingSort::Created => Order::Created,
        FundingSort::CreatedDescending => Order::CreatedDescending,
    }
}

/// The list position just after `record`, in `sort` order.
fn position(sort: FundingSort, record: &FundingRecord) -> After {
    let id = record.id.clone();
    match sort {
        FundingSort::StartsOn => After::StartsOn(record.starts_on, id),
        FundingSort::StartsOnDescending => After::StartsOnDescending(record.starts_on, id),
        FundingSort::EndsOn => After::EndsOn(record.ends_on, id),
        FundingSort::EndsOnDescending => After::EndsOnDescending(record.ends_on, id),
        FundingSort::Created => After::Created(id),
        FundingSort::CreatedDescending => After::CreatedDescending(id),
    }
}

fn cursor_of(sort: FundingSort, record: &FundingRecord) -> Cursor {
    let key = match sort {
        FundingSort::StartsOn | FundingSort::StartsOnDescending => Some(record.starts_on.to_string()),
        FundingSort::EndsOn | FundingSort::EndsOnDescending => Some(record.ends_on.to_string()),
        FundingSort::Created | FundingSort::CreatedDescending => None,
    };
    Cursor::new(sort.as_str(), key, record.id.clone())
}

/// The position a cursor names; a cursor whose key is not the date its sort needs is refused.
fn after(sort: FundingSort, cursor: Cursor) -> Result<After, ApiError> {
    let invalid =
        || ApiError::field("cursor", "invalid_cursor", "is not a cursor returned by this list; start again without it");
    let day = || cursor.key.as_deref().and_then(|k| k.parse::<NaiveDate>().ok()).ok_or_else(invalid);
    Ok(match sort {
        FundingSort::StartsOn => After::StartsOn(day()?, cursor.id),
        FundingSort::StartsOnDescending => After::StartsOnDescending(day()?, cursor.id),
        FundingSort::EndsOn => After::EndsOn(day()?, cursor.id),
        FundingSort::EndsOnDescending => After::EndsOnDescending(day()?, cursor.id),
        FundingSort::Created => After::Created(cursor.id),
        FundingSort::CreatedDescending => After::CreatedDescending(cursor.id),
    })
}
