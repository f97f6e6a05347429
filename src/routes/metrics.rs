//! `GET /metrics`: the Prometheus scrape target, for operators only.

use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get};
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::db::Db;
use crate::email::Outbox;
use crate::error::{ApiError, Problem};
use crate::metrics::Metrics;

/// Who may scrape on this listener.
pub enum MetricsAccess {
    /// Not served here (neither metrics setting is given): 404.
    Hidden,
    /// Holders of the token (`JOINTREG_METRICS_TOKEN`), kept as its SHA-256 digest.
    Token([u8; 32]),
    /// Everyone: the separate metrics address (`JOINTREG_METRICS_BIND`), which the network guards.
    Open,
}

impl MetricsAccess {
    pub fn token(token: &[u8]) -> Self {
        MetricsAccess::Token(Sha256::digest(token).into())
    }

    fn admits(&self, req: &HttpRequest) -> Result<(), ApiError> {
        let expected = match self {
            MetricsAccess::Hidden => return Err(ApiError::NotFound),
            MetricsAccess::Open => return Ok(()),
            MetricsAccess::Token(digest) => digest,
        };
        let presented = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(ApiError::Unauthenticated("a metrics token is required"))?;
        // Digests are compared, so the time taken says nothing about the token itself.
        let digest: [u8; 32] = Sha256::digest(presented.trim().as_bytes()).into();
        if &digest == expected { Ok(()) } else { Err(ApiError::Unauthenticated("the metrics token is not valid")) }
    }
}

/// Prometheus metrics in the text exposition format: `jointreg_http_requests_total` and
/// `jointreg_http_request_duration_seconds` by method, route and status;
/// `jointreg_db_pool_connections` (idle, in_use) and `jointreg_db_pool_max_connections`;
/// `jointreg_outbox_messages` (queued, retrying) and `jointreg_mail_delivery_failures_total`;
/// `jointreg_open_findings` by kind (recounted at most once a minute). Served on the main address
/// only with `JOINTREG_METRICS_TOKEN` (as a bearer token), and without one on
/// `JOINTREG_METRICS_BIND`; otherwise 404.
#[utoipa::path(
    tag = "health",
    security(("metrics_token" = [])),
    responses(
        (status = 200, description = "The metrics", content_type = "text/plain; version=0.0.4", body = String,
            example = "jointreg_open_findings{kind=\"gap\"} 12\n"),
        (status = 401, description = "Metrics need the metrics token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Metrics are not served on this address", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/metrics")]
pub async fn metrics(
    req: HttpRequest,
    db: Data<Db>,
    metrics: Data<Metrics>,
    outbox: Data<Outbox>,
    access: Data<MetricsAccess>,
    clock: Data<Clock>,
) -> Result<HttpResponse, ApiError> {
    access.admits(&req)?;
    let text = metrics.render(&db, &outbox, clock.today()).await?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(text))
}
