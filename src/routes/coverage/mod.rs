//! `GET /api/v1/{projects,labs,centres}/{id}/coverage`: a subject's funding coverage over time,
//! the funding behind each covered stretch, and the gaps — overall, per side and per funder.
//! Computed on each request from the subject's readable projects: four queries.

pub mod wire;

use actix_web::{HttpResponse, get};

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::coverage::{self, SubjectKind};
use crate::error::ApiError;
use crate::http::exchange::{Admission, Context, Public};
use crate::http::query::ApiQuery;
use crate::http::record::{RecordId, RecordRequest};
use crate::http::responses::{Anyone, InvalidQuery, NoSuchRecord, NotReadable, SignedIn};
use wire::{CoverageQuery, CoverageResponse};

/// The coverage of `kind` `id`, from the projects the caller may read. Projects are open to
/// anyone (public ones); laboratories and centres, to those signed in.
async fn respond<A: Admission>(
    request: RecordRequest<ApiQuery<CoverageQuery>, A>,
    kind: SubjectKind,
) -> Result<HttpResponse, ApiError> {
    let (exchange, id, query) = request.into_parts()?;
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
    params(RecordId, CoverageQuery),
    responses(
        (status = 200, description = "The coverage", body = CoverageResponse),
        NotReadable, InvalidQuery, Anyone,
    )
)]
#[get("/projects/{id}/coverage")]
pub async fn project_coverage(
    request: RecordRequest<ApiQuery<CoverageQuery>, Public>,
) -> Result<HttpResponse, ApiError> {
    respond(request, SubjectKind::Project).await
}

/// A laboratory's coverage: covered on a day when funding of any of its projects (that you may
/// read) covers it; the window runs to at least today + `horizon_days`.
#[utoipa::path(
    tag = "funding gaps",
    security(("bearer" = [])),
    params(RecordId, CoverageQuery),
    responses(
        (status = 200, description = "The coverage", body = CoverageResponse),
        NoSuchRecord, InvalidQuery, SignedIn,
    )
)]
#[get("/labs/{id}/coverage")]
pub async fn lab_coverage(request: RecordRequest<ApiQuery<CoverageQuery>>) -> Result<HttpResponse, ApiError> {
    respond(request, SubjectKind::Lab).await
}

/// A centre's coverage: covered on a day when funding of any project of its laboratories (that
/// you may read) covers it; the window runs to at least today + `horizon_days`.
#[utoipa::path(
    tag = "funding gaps",
    security(("bearer" = [])),
    params(RecordId, CoverageQuery),
    responses(
        (status = 200, description = "The coverage", body = CoverageResponse),
        NoSuchRecord, InvalidQuery, SignedIn,
    )
)]
#[get("/centres/{id}/coverage")]
pub async fn centre_coverage(request: RecordRequest<ApiQuery<CoverageQuery>>) -> Result<HttpResponse, ApiError> {
    respond(request, SubjectKind::Centre).await
}
