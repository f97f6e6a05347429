//! Probes for orchestrators: live (the process answers) and ready (the database answers).

use std::time::Duration;

use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::Db;
use crate::error::{ApiError, Problem};

/// How long readiness waits for the database.
const READY_LIMIT: Duration = Duration::from_secs(1);

#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "status": "ok"
}))]
pub struct HealthStatus {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up and serving HTTP.
#[utoipa::path(tag = "health", responses((status = 200, description = "Alive", body = HealthStatus)))]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(HealthStatus { status: "ok" })
}

/// The database answered a query within one second.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Ready to serve", body = HealthStatus),
        (status = 503, description = "The database did not answer within 1 s; see Retry-After", body = Problem,
            content_type = "application/problem+json"),
    )
)]
#[get("/health/ready")]
pub async fn ready(db: Data<Db>) -> Result<HttpResponse, ApiError> {
    db.ping(READY_LIMIT).await?;
    Ok(HttpResponse::Ok().json(HealthStatus { status: "ok" }))
}
