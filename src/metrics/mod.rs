//! Prometheus metrics, served by `GET /metrics` (src/routes/metrics.rs): requests by route and
//! status with their latency, the database pool, the mail outbox, and the open funding findings
//! by kind. Request and delivery counters are this process's; the outbox and the findings are
//! read from the database when scraped, so every replica reports the same figures for them.

pub mod middleware;
mod registry_state;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::db::Db;
use crate::email::Outbox;
use crate::error::ApiError;
use registry_state::FindingCounts;

/// How long counted findings are reused: counting them reads the whole registry (about 0.3 s at
/// 50,000 projects), and scrapes come every 15–60 s from each Prometheus.
const FINDINGS_TTL: Duration = Duration::from_secs(60);

/// Request latency buckets, in seconds: from a cached read to the findings report.
const LATENCY_BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    mail_failures: IntCounter,
    mail_failures_sync: Mutex<()>,
    pool_connections: IntGaugeVec,
    pool_max: IntGauge,
    outbox: IntGaugeVec,
    findings: IntGaugeVec,
    counted_findings: Mutex<Option<(Instant, FindingCounts)>>,
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let labels = ["method", "route", "status"];
        let requests = IntCounterVec::new(
            Opts::new("jointreg_http_requests_total", "HTTP requests answered, by method, route and status"),
            &labels,
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("jointreg_http_request_duration_seconds", "Time to answer, by method, route and status")
                .buckets(LATENCY_BUCKETS.to_vec()),
            &labels,
        )?;
        let mail_failures = IntCounter::new(
            "jointreg_mail_delivery_failures_total",
            "Failed mail delivery attempts by this process (each is retried later)",
        )?;
        let pool_connections = IntGaugeVec::new(
            Opts::new("jointreg_db_pool_connections", "Open database connections of this process, by state"),
            &["state"],
        )?;
        let pool_max = IntGauge::new("jointreg_db_pool_max_connections", "Largest number of database connections")?;
        let outbox = IntGaugeVec::new(
            Opts::new(
                "jointreg_outbox_messages",
                "Mail not yet delivered: queued (not tried yet) or retrying (failed at least once)",
            ),
            &["state"],
        )?;
        let findings = IntGaugeVec::new(
            Opts::new("jointreg_open_findings", "Open funding findings (180-day horizon), by kind"),
            &["kind"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(mail_failures.clone()))?;
        registry.register(Box::new(pool_connections.clone()))?;
        registry.register(Box::new(pool_max.clone()))?;
        registry.register(Box::new(outbox.clone()))?;
        registry.register(Box::new(findings.clone()))?;
        Ok(Metrics {
            registry,
            requests,
            latency,
            mail_failures,
            mail_failures_sync: Mutex::new(()),
            pool_connections,
            pool_max,
            outbox,
            findings,
            counted_findings: Mutex::new(None),
        })
    }

    /// Counts one answered request. `route` is the matched pattern (`/api/v1/projects/{id}`),
    /// never the raw path, so ids do not multiply the series.
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let status = status.to_string();
        let labels = [method, route, status.as_str()];
        self.requests.with_label_values(&labels).inc();
        self.latency.with_label_values(&labels).observe(elapsed.as_secs_f64());
    }

    /// Everything, in Prometheus' text format, with the database figures read now (findings at
    /// most [`FINDINGS_TTL`] old).
    pub async fn render(&self, db: &Db, outbox: &Outbox, today: chrono::NaiveDate) -> Result<String, ApiError> {
        // A counter only rises: add what the worker counted since the last scrape, one scrape at
        // a time so two cannot both add the same attempts.
        if let Ok(_one_at_a_time) = self.mail_failures_sync.lock() {
            self.mail_failures.inc_by(outbox.failed_attempts().saturating_sub(self.mail_failures.get()));
        }
        let state = db.pool().state();
        self.pool_max.set(i64::from(db.pool().max_size()));
        self.pool_connections.with_label_values(&["idle"]).set(i64::from(state.idle_connections));
        self.pool_connections.with_label_values(&["in_use"]).set(i64::from(state.connections - state.idle_connections));

        let cached =
            self.counted_findings.lock().ok().and_then(|c| {
                c.as_ref().filter(|(at, _)| at.elapsed() < FINDINGS_TTL).map(|(_, counts)| counts.clone())
            });
        let (depth, counts) = db
            .run(move |conn| {
                let depth = registry_state::outbox_depth(conn)?;
                let counts = match cached {
                    Some(counts) => counts,
                    None => registry_state::open_findings(conn, today)?,
                };
                Ok((depth, counts))
            })
            .await?;
        if let Ok(mut slot) = self.counted_findings.lock()
            && slot.as_ref().is_none_or(|(at, _)| at.elapsed() >= FINDINGS_TTL)
        {
            *slot = Some((Instant::now(), counts.clone()));
        }
        self.outbox.with_label_values(&["queued"]).set(depth.queued);
        self.outbox.with_label_values(&["retrying"]).set(depth.retrying);
        for (kind, count) in counts.iter() {
            self.findings.with_label_values(&[kind.as_str()]).set(*count);
        }

        let mut text = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut text).map_err(ApiError::internal_message)?;
        String::from_utf8(text).map_err(ApiError::internal_message)
    }
}
