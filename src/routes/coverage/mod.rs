//! `GET /api/v1/{projects,labs,centres}/{id}/coverage`: a subject's funding coverage over time,
//! the funding behind each covered stretch, and the gaps — overall, per side and per funder.
//! Computed on each request from the subject's readable projects: four queries.

pub mod wire;

use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, get};
use chrono::Utc;

use crate::auth::caller::{Caller, MaybeCaller};
use crate::auth::policy;
use crate::db::Db;
use crate::db::models::coverage::{self, SubjectKind};
use crate::db::models::project_access::ReadScope;
use crate::error::{ApiError, Problem};
use crate::http::query::ApiQuery;
use crate::http::record_id;
use wire::{CoverageQuery, CoverageResponse};

async fn respond(
    db: &Db,
    scope: ReadScope,
    kind: SubjectKind,
    id: &str,
    query: ApiQuery<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(id)?;
    let query = query.into_inner();
    let today = Utc::now().date_naive();
    let subject = db.run(move |conn| coverage::load(conn, &scope, kind, &id)).await?;
    Ok(HttpResponse::Ok().json(CoverageResponse::build(subject, &query, today)?))
}

/// A project's coverage over its own period (to today + `horizon_days` when its end is open).
/// Readable by whoever may read the project: anyone for a `public` one.
#[utoipa::path(
    tag = "funding gaps",
    security((), ("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Project id", example = "01a21f73-9c00-7000-8000-000000000701"), CoverageQuery),
    responses(
        (status = 200, description = "The coverage", body = CoverageResponse),
        (status = 401, description = "Credentials were sent but are invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, or not one you may read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/projects/{id}/coverage")]
pub async fn project_coverage(
    db: Data<Db>,
    caller: MaybeCaller,
    id: Path<String>,
    query: ApiQuery<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    respond(&db, ReadScope::of(caller.0.as_ref()), SubjectKind::Project, &id, query).await
}

/// A laboratory's coverage: covered on a day when funding of any of its projects (that you may
/// read) covers it; the window runs to at least today + `horizon_days`.
#[utoipa::path(
    tag = "funding gaps",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Laboratory id", example = "01a21f73-9c00-7000-8000-000000000601"), CoverageQuery),
    responses(
        (status = 200, description = "The coverage", body = CoverageResponse),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such laboratory", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/labs/{id}/coverage")]
pub async fn lab_coverage(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    query: ApiQuery<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::read_registry(&caller)?;
    respond(&db, ReadScope::of(Some(&caller)), SubjectKind::Lab, &id, query).await
}

/// A centre's coverage: covered on a day when funding of any project of its laboratories (that
/// you may read) covers it; the window runs to at least today + `horizon_days`.
#[utoipa::path(
    tag = "funding gaps",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "Centre id", example = "01a21f73-9c00-7000-8000-000000000201"), CoverageQuery),
    responses(
        (status = 200, description = "The coverage", body = CoverageResponse),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such centre", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/centres/{id}/coverage")]
pub async fn centre_coverage(
    db: Data<Db>,
    caller: Caller,
    id: Path<String>,
    query: ApiQuery<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::read_registry(&caller)?;
    respond(&db, ReadScope::of(Some(&caller)), SubjectKind::Centre, &id, query).await
}
