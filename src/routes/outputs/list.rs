//! Lists of outputs: all you may read (`/outputs`) and one project's (`/projects/{id}/outputs`),
//! with one implementation: filters, search, sorting, keyset paging, totals and CSV.

use actix_web::{HttpRequest, HttpResponse, get};

use super::export;
use super::wire::{ListOutputsQuery, OutputPage, OutputResponse, OutputSort};
use crate::db::DbConn;
use crate::db::models::output::{After, ListFilter, Order, Output, OutputView};
use crate::db::models::project_access::ReadScope;
use crate::domain::doi::Doi;
use crate::domain::search_key;
use crate::error::ApiError;
use crate::http::csv;
use crate::http::exchange::{Exchange, Public};
use crate::http::pagination::{Cursor, DEFAULT_LIMIT, NextPage, PageLink};
use crate::http::query::ApiQuery;
use crate::http::record::{RecordId, RecordRequest};
use crate::http::responses::{Anyone, InvalidQuery, Listed, NotReadable};
use crate::http::spreadsheet::Spreadsheet;

/// List the outputs you may read (those of at least one project you may read), with filters,
/// title search in three scripts, sorting and cursor paging; `Accept: text/csv` gives every match
/// as CSV. `?ru_cn=true` counts co-authored Russian–Chinese outputs in `total`. Four queries
/// whatever the page size.
#[utoipa::path(
    tag = "outputs",
    security((), ("bearer" = [])),
    params(ListOutputsQuery),
    responses(
        Listed<OutputPage>, InvalidQuery, Anyone,
    )
)]
#[get("/outputs")]
pub async fn list_outputs(
    req: HttpRequest,
    exchange: Exchange<Public>,
    query: ApiQuery<ListOutputsQuery>,
) -> Result<HttpResponse, ApiError> {
    respond(req, exchange, query.into_inner(), None).await
}

/// The outputs of one project, with the same filters, sorting, paging and CSV as `/outputs`.
#[utoipa::path(
    tag = "outputs",
    security((), ("bearer" = [])),
    params(RecordId, ListOutputsQuery),
    responses(
        Listed<OutputPage>, NotReadable, InvalidQuery, Anyone,
    )
)]
#[get("/projects/{id}/outputs")]
pub async fn list_project_outputs(
    req: HttpRequest,
    request: RecordRequest<ApiQuery<ListOutputsQuery>, Public>,
) -> Result<HttpResponse, ApiError> {
    let (exchange, project, query) = request.into_parts()?;
    respond(req, exchange, query.into_inner(), Some(project)).await
}

/// A list of outputs, of `project` when given (404 when the caller may not read it).
async fn respond(
    req: HttpRequest,
    exchange: Exchange<Public>,
    query: ListOutputsQuery,
    project: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let sort = query.page.sort.unwrap_or_default();
    let after = Cursor::from_param(query.page.cursor.as_deref(), sort.as_str())?.map(|c| after(sort, c)).transpose()?;
    if let (Some(from), Some(to)) = (query.year_from, query.year_to)
        && from > to
    {
        return Err(ApiError::field("year_to", "before_year_from", "must not be before year_from"));
    }
    let filter = ListFilter {
        query: query.q.as_deref().map(search_key::normalise).filter(|q| !q.is_empty()),
        kind: query.kind,
        year_from: query.year_from,
        year_to: query.year_to,
        projects: project.iter().chain(&query.project_id).cloned().collect(),
        funding_id: query.funding_id.clone(),
        doi: query.doi.as_deref().and_then(|d| Doi::parse(d).ok()).map(Doi::into_string),
        ru_cn: query.ru_cn,
        updated_since: query.page.updated_since.map(|t| t.naive_utc()),
    };
    let link = PageLink::of(&req);
    let check_project = move |conn: &mut DbConn, scope: &ReadScope| match &project {
        Some(id) => scope.check(conn, id),
        None => Ok(()),
    };
    if let Some(sheet) = Spreadsheet::wanted(&req) {
        let rows = exchange
            .read(move |conn, context| {
                let scope = context.scope();
                check_project(conn, &scope)?;
                let views = csv::read_all(|last: Option<&OutputView>, n| {
                    let after = last.map(|v| position(sort, &v.output));
                    let (outputs, _) = Output::list(conn, &scope, &filter, order(sort), after, n)?;
                    Output::views(conn, &scope, outputs)
                })?;
                export::rows(conn, &scope, sheet, views)
            })
            .await?;
        return export::respond(sheet, rows).await;
    }
    let limit = query.page.limit.unwrap_or(DEFAULT_LIMIT);
    let (items, total, page) = exchange
        .read(move |conn, context| {
            let scope = context.scope();
            check_project(conn, &scope)?;
            let (mut views, total) = page_of_outputs(conn, &scope, &filter, sort, after, limit)?;
            let page = NextPage::after(&mut views, limit, &link, |last| cursor(sort, &last.output));
            Ok((views.into_iter().map(OutputResponse::new).collect::<Result<Vec<_>, _>>()?, total, page))
        })
        .await?;
    Ok(OutputPage::respond(items, total, page))
}

/// One page of the list (with one extra row that only says whether another page follows) and
/// the total: the whole database work of a list request, in a fixed number of queries (count,
/// page, project ids, funding ids; one more each for a project or funding filter).
pub fn page_of_outputs(
    conn: &mut DbConn,
    scope: &ReadScope,
    filter: &ListFilter,
    sort: OutputSort,
    after: Option<After>,
    limit: u32,
) -> Result<(Vec<OutputView>, i64), ApiError> {
    let (outputs, total) = Output::list(conn, scope, filter, order(sort), after, i64::from(limit) + 1)?;
    Ok((Output::views(conn, scope, outputs)?, total))
}

fn order(sort: OutputSort) -> Order {
    match sort {
        OutputSort::YearDescending => Order::YearDescending,
        OutputSort::Year => Order::Year,
        OutputSort::Title => Order::Title,
        OutputSort::TitleDescending => Order::TitleDescending,
        OutputSort::Created => Order::Created,
        OutputSort::CreatedDescending => Order::CreatedDescending,
    }
}

/// The list position just after `output`, in `sort` order.
fn position(sort: OutputSort, output: &Output) -> After {
    let id = output.id.clone();
    match sort {
        OutputSort::YearDescending => After::YearDescending(output.year, id),
        OutputSort::Year => After::Year(output.year, id),
        OutputSort::Title => After::Title(output.sort_key.clone(), id),
        OutputSort::TitleDescending => After::TitleDescending(output.sort_key.clone(), id),
        OutputSort::Created => After::Created(id),
        OutputSort::CreatedDescending => After::CreatedDescending(id),
    }
}

fn cursor(sort: OutputSort, output: &Output) -> Cursor {
    let key = match sort {
        OutputSort::YearDescending | OutputSort::Year => Some(output.year.to_string()),
        OutputSort::Title | OutputSort::TitleDescending => Some(output.sort_key.clone()),
        OutputSort::Created | OutputSort::CreatedDescending => None,
    };
    Cursor::new(sort.as_str(), key, output.id.clone())
}

/// The position a cursor names; a cursor whose key or id does not fit its sort is refused.
fn after(sort: OutputSort, cursor: Cursor) -> Result<After, ApiError> {
    let invalid =
        || ApiError::field("cursor", "invalid_cursor", "is not a cursor returned by this list; start again without it");
    if uuid::Uuid::parse_str(&cursor.id).is_err() {
        return Err(invalid());
    }
    let key = || cursor.key.clone().ok_or_else(invalid);
    let year = || key()?.parse::<i32>().map_err(|_| invalid());
    Ok(match sort {
        OutputSort::YearDescending => After::YearDescending(year()?, cursor.id),
        OutputSort::Year => After::Year(year()?, cursor.id),
        OutputSort::Title => After::Title(key()?, cursor.id),
        OutputSort::TitleDescending => After::TitleDescending(key()?, cursor.id),
        OutputSort::Created => After::Created(cursor.id),
        OutputSort::CreatedDescending => After::CreatedDescending(cursor.id),
    })
}
