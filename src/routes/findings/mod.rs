//! `/api/v1/funding-gaps`: every open funding finding the caller may see, most urgent first, and
//! coordinators' reviews of them. Findings are computed from the registry on each request (one
//! pass, a fixed number of queries), so they close by themselves when coverage closes them.

pub mod export;
pub mod wire;

use export::FindingRow;

use actix_web::web::Path;
use actix_web::{HttpRequest, HttpResponse, get, post};
use chrono::NaiveDate;

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::finding_review::FindingReview;
use crate::error::{ApiError, Problem};
use crate::findings::engine::Finding;
use crate::findings::lookup::{LONGEST_HORIZON_DAYS, most_urgent, open_finding};
use crate::findings::report::{FindingFilter, FindingScope};
use crate::http::csv;
use crate::http::exchange::{Context, Exchange};
use crate::http::json::ApiJson;
use crate::http::pagination::{DEFAULT_LIMIT, NextPage, PageLink};
use crate::http::query::ApiQuery;
use crate::http::responses::{InvalidFields, InvalidQuery, JsonBody, Listed, SignedIn, StaffOnly};
use crate::http::spreadsheet::Spreadsheet;
use wire::{CreateReview, FindingPage, FindingResponse, ListFindingsQuery, ReviewList, ReviewResponse, cursor_after};

pub const DEFAULT_HORIZON_DAYS: u32 = 180;

/// The open funding findings you may see, most urgent first: coordinators and administrators
/// all; a lab head those of the labs they head; a partner those of its institution's labs.
/// `Accept: text/csv` gives every match as CSV.
#[utoipa::path(
    tag = "funding gaps",
    security(("bearer" = [])),
    params(ListFindingsQuery),
    responses(
        Listed<FindingPage>, InvalidQuery, SignedIn,
    )
)]
#[get("/funding-gaps")]
pub async fn list_findings(
    req: HttpRequest,
    exchange: Exchange,
    query: ApiQuery<ListFindingsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let link = PageLink::of(&req);
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(ApiError::field("to", "before_from", "must not be before from"));
    }
    let horizon = query.horizon_days.unwrap_or(DEFAULT_HORIZON_DAYS);
    let after = query.after()?;
    let filter = query.filter();
    if let Some(sheet) = Spreadsheet::wanted(&req) {
        let rows = exchange.read(move |conn, context| every_match(conn, context, horizon, &filter, sheet)).await?;
        return export::respond(sheet, rows).await;
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let (items, total, page, today) = exchange
        .read(move |conn, context| {
            let (scope, today) = (FindingScope::of(context.caller()?), context.today);
            let (mut rest, total) =
                most_urgent(conn, today, u64::from(horizon), (&scope, &filter), after, limit as usize + 1)?;
            let total = i64::try_from(total).unwrap_or(i64::MAX);
            let page = NextPage::after(&mut rest, limit, &link, cursor_after);
            Ok((with_reviews(conn, rest, today)?, total, page, today))
        })
        .await?;
    let body =
        FindingPage { items, total, as_of: today, next: page.next.clone(), next_cursor: page.next_cursor.clone() };
    Ok(page.respond(&body))
}

/// Every finding the caller may see that `filter` matches (up to the export limit), with
/// reviews and names, as rows of `sheet`.
pub fn every_match(
    conn: &mut DbConn,
    context: &Context,
    horizon: u32,
    filter: &FindingFilter,
    sheet: Spreadsheet,
) -> Result<Vec<FindingRow>, ApiError> {
    let (scope, today) = (FindingScope::of(context.caller()?), context.today);
    let (found, _) = most_urgent(conn, today, u64::from(horizon), (&scope, filter), None, csv::MAX_ROWS)?;
    let findings = with_reviews(conn, found, today)?;
    export::rows(conn, &context.scope(), sheet, findings)
}

fn with_reviews(conn: &mut DbConn, found: Vec<Finding>, today: NaiveDate) -> Result<Vec<FindingResponse>, ApiError> {
    let keys: Vec<&str> = found.iter().map(|f| f.key.as_str()).collect();
    let mut latest = FindingReview::latest(conn, &keys)?;
    found
        .into_iter()
        .map(|f| {
            let review = latest.remove(&f.key);
            FindingResponse::new(f, today, review)
        })
        .collect()
}

/// Review a finding (coordinators and administrators): mark it seen, with a note, an owner and a
/// state. It stays listed, with its latest review, until coverage itself closes it.
#[utoipa::path(
    tag = "funding gaps",
    security(("bearer" = [])),
    params(("key" = String, Path, max_length = 128, description = "The finding's key", example = "gap:01a21f73-9c00-7000-8000-000000000701:2027-01-01")),
    request_body(content = CreateReview, content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded", body = ReviewResponse),
        (status = 404, description = "No such open finding", body = Problem, content_type = "application/problem+json"),
        StaffOnly, InvalidFields, JsonBody, SignedIn,
    )
)]
#[post("/funding-gaps/{key}/reviews")]
pub async fn review_finding(
    exchange: Exchange,
    key: Path<String>,
    body: ApiJson<CreateReview>,
) -> Result<HttpResponse, ApiError> {
    let key = key.into_inner();
    let input = body.into_inner();
    let review = exchange.write(move |conn, context| add_review(conn, context, &key, &input)).await?;
    Ok(HttpResponse::Created().json(ReviewResponse::new(review)?))
}

/// Records a review of the open finding `key` (coordinators and administrators only).
pub fn add_review(
    conn: &mut DbConn,
    context: &Context,
    key: &str,
    input: &CreateReview,
) -> Result<FindingReview, ApiError> {
    policy::write_registry(context.caller()?)?;
    let finding = open_finding(conn, &FindingScope::Everything, key, context.today, LONGEST_HORIZON_DAYS)?;
    let (note, owner) = (input.note.trim(), input.owner_user_id.as_deref());
    FindingReview::add(conn, &finding.key, input.state, note, owner, &context.actor()?)
}

/// The reviews of a finding, oldest first: for anyone who may see the finding (coordinators and
/// administrators also after coverage has closed it).
#[utoipa::path(
    tag = "funding gaps",
    security(("bearer" = [])),
    params(("key" = String, Path, max_length = 128, description = "The finding's key", example = "gap:01a21f73-9c00-7000-8000-000000000701:2027-01-01")),
    responses(
        (status = 200, description = "Its reviews", body = ReviewList),
        (status = 404, description = "No such finding you may see", body = Problem, content_type = "application/problem+json"),
        SignedIn,
    )
)]
#[get("/funding-gaps/{key}/reviews")]
pub async fn finding_reviews(exchange: Exchange, key: Path<String>) -> Result<HttpResponse, ApiError> {
    let key = key.into_inner();
    let reviews = exchange
        .read(move |conn, context| {
            let scope = FindingScope::of(context.caller()?);
            let reviews = FindingReview::for_key(conn, &key)?;
            match open_finding(conn, &scope, &key, context.today, LONGEST_HORIZON_DAYS) {
                Err(ApiError::NotFound) if scope == FindingScope::Everything && !reviews.is_empty() => Ok(reviews),
                Err(e) => Err(e),
                Ok(_) => Ok(reviews),
            }
        })
        .await?;
    let items = reviews.into_iter().map(ReviewResponse::new).collect::<Result<_, _>>()?;
    Ok(HttpResponse::Ok().json(ReviewList { items }))
}
