//! `/api/v1/projects`: joint projects, with their laboratories, subject areas and participants.
//! Every read goes through the caller's `ReadScope`, so a project they may not read is 404 here,
//! absent from lists, counts and CSV, and never matched by search.

mod export;
mod exported;
pub mod wire;

pub use exported::{gather, project_raid};

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::NaiveDate;
use diesel::prelude::*;

use crate::auth::caller::Caller;
use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::project::{
    self, After, ListFilter, Order, Project, ProjectChanges, ProjectFields, ProjectRecord, ProjectView,
};
use crate::db::models::project_access::{ReadScope, involvement};
use crate::db::models::versioned;
use crate::db::schema::labs;
use crate::domain::{country, orcid, search_key};
use crate::error::{ApiError, Problem};
use crate::exports::json_ld::{self, ResearchProjectJsonLd};
use crate::http::creation::Creation;
use crate::http::csv;
use crate::http::etag::{IfMatch, IfNoneMatch, OptionalIfMatch};
use crate::http::exchange::{Context, Exchange, Public};
use crate::http::pagination::{Cursor, DEFAULT_LIMIT, NextPage, PageLink};
use crate::http::query::ApiQuery;
use crate::http::record::{Change, RecordId, RecordRequest};
use crate::http::responses::{
    Anyone, Changed, Created, Deleted, Idempotent, InvalidQuery, JsonBody, Listed, NoSuchRecord, NotModified,
    NotReadable, SignedIn, Versioned,
};
use crate::http::spreadsheet::Spreadsheet;
use crate::routes::deletion::Deletion;
use crate::routes::history::{History, HistoryQuery, HistoryRequest};
use wire::{CreateProject, ListProjectsQuery, ProjectPage, ProjectResponse, ProjectSort, UpdateProject};

const COLLECTION: &str = "/api/v1/projects";

/// Whether `caller` heads the laboratory; `None` when there is no such laboratory (validation
/// then reports it as a field error, rather than a refusal).
fn headed_by(conn: &mut DbConn, lab_id: Option<&str>, caller: &Caller) -> Result<Option<bool>, ApiError> {
    let Some(lab_id) = lab_id else { return Ok(None) };
    let head: Option<Option<String>> = labs::table.find(lab_id).select(labs::head_user_id).first(conn).optional()?;
    Ok(head.map(|head| head.is_some() && head.as_deref() == caller.user_id()))
}

/// Register a project. Lab heads name a laboratory they head as `lead`; coordinators and
/// administrators any.
#[utoipa::path(
    tag = "projects",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$", description = "Makes the create safe to retry: the same key and body within 24 h return the first answer", example = "5f0c7a52-1d9e-4c8b-9a3f-2e6d8b4c1a08")),
    request_body(content = CreateProject, content_type = "application/json"),
    responses(
        Created<ProjectResponse>,
        (status = 403, description = "A partner, or a lab head whose lab is not the lead", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references, or an Idempotency-Key used with another body", body = Problem, content_type = "application/problem+json"),
        Idempotent, JsonBody, SignedIn,
    )
)]
#[post("/projects")]
pub async fn create_project(creation: Creation<CreateProject>) -> Result<HttpResponse, ApiError> {
    creation.respond(COLLECTION, create, |view, _| ProjectResponse::new(view)).await
}

/// Registers a project as `POST /api/v1/projects` does, for the API and the console alike.
pub fn create(conn: &mut DbConn, context: &Context, fields: ProjectFields) -> Result<ProjectView, ApiError> {
    let caller = context.caller()?;
    let heads_lead = headed_by(conn, fields.lead_lab(), caller)?;
    policy::register_project(caller, heads_lead.unwrap_or(true))?;
    let project = Project::insert(conn, fields, &context.actor()?)?;
    Project::view(conn, project)
}

/// Read one project. Anyone may read a `public` project, signed in or not; see `visibility`.
#[utoipa::path(
    tag = "projects",
    security((), ("bearer" = [])),
    params(RecordId, IfNoneMatch),
    responses(
        (status = 200, description = "The project; with `Accept: application/ld+json`, as schema.org JSON-LD (a `ResearchProject` with its organisations, funding as `MonetaryGrant`s and outputs by DOI, as far as you may read them; no ETag, as it draws on other records)",
            headers(("ETag" = String, description = "Version tag for If-Match (JSON only)"), ("Vary" = String, description = "`Accept`")),
            content((ProjectResponse = "application/json"), (ResearchProjectJsonLd = "application/ld+json", example = json_ld::example))),
        NotReadable, NotModified, Anyone,
    )
)]
#[get("/projects/{id}")]
pub async fn get_project(request: RecordRequest<(IfNoneMatch, HttpRequest), Public>) -> Result<HttpResponse, ApiError> {
    let (exchange, id, (cached, request)) = request.into_parts()?;
    let mut response = if json_ld::wanted(&request) {
        let url = exported::project_url(&request, &id);
        let export = exchange.read(move |conn, context| exported::gather(conn, context, &id, url)).await?;
        HttpResponse::Ok().content_type(json_ld::CONTENT_TYPE).json(json_ld::research_project(&export))
    } else {
        let view = exchange.read(move |conn, context| read(conn, context, &id)).await?;
        cached.respond(view.project.version, || ProjectResponse::new(view))?
    };
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept"));
    Ok(response)
}

/// Project `id` as `GET /api/v1/projects/{id}` reads it: 404 when the caller may not read it.
pub fn read(conn: &mut DbConn, context: &Context, id: &str) -> Result<ProjectView, ApiError> {
    let project = Project::find_visible(conn, &context.scope(), id)?;
    Project::view(conn, project)
}

/// List the projects you may read, with filters, search in three scripts, sorting and cursor
/// paging; `Accept: text/csv` gives every match as CSV. Five queries whatever the page size.
#[utoipa::path(
    tag = "projects",
    security((), ("bearer" = [])),
    params(ListProjectsQuery),
    responses(
        Listed<ProjectPage>, InvalidQuery, Anyone,
    )
)]
#[get("/projects")]
pub async fn list_projects(
    req: HttpRequest,
    exchange: Exchange<Public>,
    query: ApiQuery<ListProjectsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let link = PageLink::of(&req);
    let sort = query.page.sort.unwrap_or_default();
    let after = Cursor::from_param(query.page.cursor.as_deref(), sort.as_str())?.map(|c| after(sort, c)).transpose()?;
    let filter = ListFilter {
        query: query.q.as_deref().map(search_key::normalise).filter(|q| !q.is_empty()),
        status: query.status,
        lab_id: query.lab_id.clone(),
        institution_id: query.institution_id.clone(),
        centre_id: query.centre_id.clone(),
        country: query.country.as_deref().map(country::normalise),
        funder_id: query.funder_id.clone(),
        asjc: query.asjc,
        active_on: query.active_on,
        visibility: query.visibility,
        orcid: query.orcid.as_deref().and_then(|orcid| orcid::parse(orcid).ok()),
        updated_since: query.page.updated_since.map(|t| t.naive_utc()),
    };
    if let Some(sheet) = Spreadsheet::wanted(&req) {
        let rows = exchange
            .read(move |conn, context| {
                let scope = context.scope();
                let views = csv::read_all(|last: Option<&ProjectView>, n| {
                    let after = last.map(|v| position(sort, &v.project));
                    let (projects, _) = Project::list(conn, &scope, &filter, order(sort), after, n)?;
                    Project::views(conn, projects)
                })?;
                export::rows(conn, sheet, views)
            })
            .await?;
        return export::respond(sheet, rows).await;
    }
    let limit = query.page.limit.unwrap_or(DEFAULT_LIMIT);
    let (items, total, page) = exchange
        .read(move |conn, context| {
            let (mut views, total) = page_of_projects(conn, &context.scope(), &filter, sort, after, limit)?;
            let page = NextPage::after(&mut views, limit, &link, |last| cursor(sort, &last.project));
            Ok((views.into_iter().map(ProjectResponse::new).collect::<Result<Vec<_>, _>>()?, total, page))
        })
        .await?;
    Ok(ProjectPage::respond(items, total, page))
}

/// One page of the list (with one extra row that only says whether another page follows) and
/// the total: the whole database work of a list request, in a fixed number of queries.
pub fn page_of_projects(
    conn: &mut DbConn,
    scope: &ReadScope,
    filter: &ListFilter,
    sort: ProjectSort,
    after: Option<After>,
    limit: u32,
) -> Result<(Vec<ProjectView>, i64), ApiError> {
    let (projects, total) = Project::list(conn, scope, filter, order(sort), after, i64::from(limit) + 1)?;
    Ok((Project::views(conn, projects)?, total))
}

fn order(sort: ProjectSort) -> Order {
    match sort {
        ProjectSort::Title => Order::Title,
        ProjectSort::TitleDescending => Order::TitleDescending,
        ProjectSort::StartsOn => Order::StartsOn,
        ProjectSort::StartsOnDescending => Order::StartsOnDescending,
        ProjectSort::Created => Order::Created,
        ProjectSort::CreatedDescending => Order::CreatedDescending,
    }
}

/// The list position just after `project`, in `sort` order.
fn position(sort: ProjectSort, project: &Project) -> After {
    let id = project.id.clone();
    match sort {
        ProjectSort::Title => After::Title(project.sort_key.clone(), id),
        ProjectSort::TitleDescending => After::TitleDescending(project.sort_key.clone(), id),
        ProjectSort::StartsOn => After::StartsOn(project.starts_on, id),
        ProjectSort::StartsOnDescending => After::StartsOnDescending(project.starts_on, id),
        ProjectSort::Created => After::Created(id),
        ProjectSort::CreatedDescending => After::CreatedDescending(id),
    }
}

fn cursor(sort: ProjectSort, project: &Project) -> Cursor {
    let key = match sort {
        ProjectSort::Title | ProjectSort::TitleDescending => Some(project.sort_key.clone()),
        ProjectSort::StartsOn | ProjectSort::StartsOnDescending => Some(project.starts_on.to_string()),
        ProjectSort::Created | ProjectSort::CreatedDescending => None,
    };
    Cursor::new(sort.as_str(), key, project.id.clone())
}

/// The position a cursor names; a cursor whose key does not fit its sort is refused.
fn after(sort: ProjectSort, cursor: Cursor) -> Result<After, ApiError> {
    let invalid =
        || ApiError::field("cursor", "invalid_cursor", "is not a cursor returned by this list; start again without it");
    let key = cursor.key.unwrap_or_default();
    let day = || key.parse::<NaiveDate>().map_err(|_| invalid());
    Ok(match sort {
        ProjectSort::Title => After::Title(key.clone(), cursor.id),
        ProjectSort::TitleDescending => After::TitleDescending(key.clone(), cursor.id),
        ProjectSort::StartsOn => After::StartsOn(day()?, cursor.id),
        ProjectSort::StartsOnDescending => After::StartsOnDescending(day()?, cursor.id),
        ProjectSort::Created => After::Created(cursor.id),
        ProjectSort::CreatedDescending => After::CreatedDescending(cursor.id),
    })
}

/// Change a project (JSON merge patch; `If-Match` required). The head of its lead laboratory,
/// coordinators and administrators may; a lab head keeps a laboratory they head as lead.
#[utoipa::path(
    tag = "projects",
    security(("bearer" = [])),
    params(RecordId, IfMatch),
    request_body(content = UpdateProject, content_type = "application/merge-patch+json", description = "Also accepted as application/json."),
    responses(
        Changed<ProjectResponse>,
        (status = 403, description = "You may read this project but not change it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or references", body = Problem, content_type = "application/problem+json"),
        NotReadable, Versioned, JsonBody, SignedIn,
    )
)]
#[patch("/projects/{id}")]
pub async fn update_project(change: Change<UpdateProject>) -> Result<HttpResponse, ApiError> {
    change.respond(update, |view| view.project.version, ProjectResponse::new).await
}

/// Changes project `id` as `PATCH /api/v1/projects/{id}` does, for the API and the console alike.
pub fn update(
    conn: &mut DbConn,
    context: &Context,
    id: &str,
    if_match: &IfMatch,
    changes: ProjectChanges,
) -> Result<ProjectView, ApiError> {
    let caller = context.caller()?;
    let project = Project::find_visible(conn, &context.scope(), id)?;
    let current = ProjectRecord::new(Project::view(conn, project)?)?;
    let after = changes.apply(current.fields.clone());
    policy::edit_project(caller, &involvement(conn, caller, id)?)?;
    let keeps_lead = headed_by(conn, after.lead_lab(), caller)? != Some(false);
    policy::hand_over_project(caller, keeps_lead)?;
    let record =
        versioned::update(conn, &context.actor()?, current, if_match, |conn, record| record.rewrite(conn, after))?;
    Project::view(conn, record.project)
}

/// Delete a project nothing refers to (administrators); one with funding or outputs is
/// cancelled or completed instead. Its history stays.
#[utoipa::path(
    tag = "projects",
    security(("bearer" = [])),
    params(RecordId, OptionalIfMatch),
    responses(
        (status = 409, description = "Funding or outputs refer to it; set its status instead", body = Problem, content_type = "application/problem+json"),
        NoSuchRecord, Deleted, SignedIn,
    )
)]
#[delete("/projects/{id}")]
pub async fn delete_project(deletion: Deletion) -> Result<HttpResponse, ApiError> {
    deletion
        .run(
            |conn, context, id| {
                let project = Project::find_visible(conn, &context.scope(), id)?;
                ProjectRecord::new(Project::view(conn, project)?)
            },
            ProjectRecord::references,
            project::STILL_REFERENCED,
        )
        .await
}

/// The history of a project, newest first. Coordinators and administrators also read the
/// history of a deleted project.
#[utoipa::path(
    tag = "projects",
    security(("bearer" = [])),
    params(RecordId, HistoryQuery),
    responses(
        NotReadable, History, SignedIn,
    )
)]
#[get("/projects/{id}/history")]
pub async fn project_history(request: HistoryRequest) -> Result<HttpResponse, ApiError> {
    request.of_visible_record("project", COLLECTION, |conn, scope, id| scope.check(conn, id)).await
}
