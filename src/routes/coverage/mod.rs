//! `GET /api/v1/{projects,labs,centres}/{id}/coverage`: a subject's funding coverage over time,
//! the funding behind each covered stretch, and the gaps — overall, per side and per funder.
//! Computed on each request from the subject's readable projects: four queries.

pub mod wire;

use actix_web::web::Path;
use actix_web::{HttpResponse, get};

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::coverage::{self, SubjectKind};
use crate::error::{ApiError, Problem};
use crate::http::exchange::{Admission, Context, Exchange, Public};
use crate::http::query::ApiQuery;
use crate::http::record_id;
use crate::http::responses::{Anyone, InvalidQuery, SignedIn};
use wire::{CoverageQuery, CoverageResponse};

/// The coverage of `kind` `id`, from the projects the caller may read. Projects are open to
/// anyone (public ones); laboratories and centres, to those signed in.
async fn respond<A: Admission>(
    exchange: &Exchange<A>,
    kind: SubjectKind,
    id: &str,
    query: ApiQuery<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(id)?;
    let query = query.into_inner();
    let coverage = exchange.read(move |conn, context| read(conn, context, kind, &id, &query)).await?;
    Ok(HttpResponse::Ok().json(coverage))
}

/// The coverage of `kind` `id` as `GET /api/v1/{projects,labs,centres}/{id}/coverage` answers
/// it: from the projects the caller may read (404 for a project they may not read).
pub fn read(
    conn: &mut DbConn,
    context: &Context,
    kind: SubjectKind,
    id: &str,
    query: &CoverageQuery,
) -> Result<CoverageResponse, ApiError> {
    if kind != SubjectKind::Project {
        policy::read_registry(context.caller()?)?;
    }
    let subject = coverage::load(conn, &context.scope(), kind, id)?;
    CoverageResponse::build(subject, query, context.today)
}

/// A project's coverage over its own period (to today + `horizon_days` when its end is open).
/// Readable by whoever may read the project: anyone for a `public` one.
#[utoipa::path(
    tag = "funding gaps",
    security((), ("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Project id", example = "01a21f73-9c00-7000-8000-000000000701"), CoverageQuery),
    responses(
        (status = 200, description = "The coverage", body = CoverageResponse),
        (status = 404, description = "No such project, or not one you may read", body = Problem, content_type = "application/problem+json"),
        InvalidQuery, Anyone,
    )
)]
#[get("/projects/{id}/coverage")]
pub async fn project_coverage(
    exchange: Exchange<Public>,
    id: Path<String>,
    query: ApiQuery<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    respond(&exchange, SubjectKind::Project, &id, query).await
}

/// A laboratory's coverage: covered on a day when funding of any of its projects (that you may
/// read) covers it; the window runs to at least today + `horizon_days`.
#[utoipa::path(
    tag = "funding gaps",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Laboratory id", example = "01a21f73-9c00-7000-8000-000000000601"), CoverageQuery),
    responses(
        (status = 200, description = "The coverage", body = CoverageResponse),
        (status = 404, description = "No such laboratory", body = Problem, content_type = "application/problem+json"),
        InvalidQuery, SignedIn,
    )
)]
#[get("/labs/{id}/coverage")]
pub async fn lab_coverage(
    exchange: Exchange,
    id: Path<String>,
    query: ApiQuery<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    respond(&exchange, SubjectKind::Lab, &id, query).await
}

/// A centre's coverage: covered on a day when funding of any project of its laboratories (that
/// you may read) covers it; the window runs to at least today + `horizon_days`.
#[utoipa::path(
    tag = "funding gaps",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Centre id", example = "01a21f73-9c00-7000-8000-000000000201"), CoverageQuery),
    responses(
        (status = 200, description = "The coverage", body = CoverageResponse),
        (status = 404, description = "No such centre", body = Problem, content_type = "application/problem+json"),
        InvalidQuery, SignedIn,
    )
)]
#[get("/centres/{id}/coverage")]
pub async fn centre_coverage(
    exchange: Exchange,
    id: Path<String>,
    query: ApiQuery<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    respond(&exchange, SubjectKind::Centre, &id, query).await
}
