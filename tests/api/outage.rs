//! PostgreSQL unreachable for 10 s under load: every answer meanwhile is 503 with `Retry-After`
//! within 2 s (never a 500, never a hang), `/health/ready` says 503, and within 5 s of its return
//! at least 99 % of requests succeed again, without restarting the service.
//!
//! The outage is the database refusing connections and dropping the open ones
//! (`ALLOW_CONNECTIONS false` and `pg_terminate_backend`), so the shared server other tests use
//! keeps running.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use tokio::sync::Mutex;

use crate::api_test;
use crate::helpers::{Backend, TestApp, wuhan_university};

const OUTAGE: Duration = Duration::from_secs(10);
const AFTER: Duration = Duration::from_secs(8);
const CLIENTS: usize = 4;

/// (sent at, since the start of the run; status; Retry-After present; how long the answer took)
type Sample = (Duration, u16, bool, Duration);

api_test! {
    #[requires(Postgres)]
    async fn postgres_down_for_10_s_under_load_is_503_with_retry_after_then_recovers() {
        let server = Backend::postgres_server().expect("required");
        // The default settings: their connect timeout is what keeps the answer within 2 s.
        let app = Arc::new(TestApp::spawn(Backend::Postgres).await);
        app.create_institution(&wuhan_university()).await;
        let jointreg::config::DatabaseUrl::Postgres { url } = &app.database.url else { unreachable!() };
        let name = url.rsplit('/').next().unwrap().to_owned();
        let mut admin = <diesel::PgConnection as diesel::Connection>::establish(server.as_str()).unwrap();

        let start = Instant::now();
        let stop = Arc::new(AtomicBool::new(false));
        let samples: Arc<Mutex<Vec<Sample>>> = Arc::default();
        let mut load = Vec::new();
        for _ in 0..CLIENTS {
            let (app, stop, samples) = (app.clone(), stop.clone(), samples.clone());
            load.push(tokio::spawn(async move {
                while !stop.load(Ordering::SeqCst) {
                    let sent = start.elapsed();
                    let response =
                        app.client.get(app.url("/api/v1/institutions")).timeout(Duration::from_secs(10)).send().await;
                    let took = start.elapsed() - sent;
                    let (status, retry_after) = match &response {
                        Ok(r) => (r.status().as_u16(), r.headers().get("retry-after").is_some()),
                        Err(_) => (0, false),
                    };
                    samples.lock().await.push((sent, status, retry_after, took));
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }));
        }

        tokio::time::sleep(Duration::from_secs(2)).await;
        let down = start.elapsed();
        admin.batch_execute(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false")).unwrap();
        admin
            .batch_execute(&format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            .unwrap();
        tokio::time::sleep(OUTAGE / 2).await;
        let ready = app.get("/health/ready").await;
        assert_eq!(ready.status(), 503, "not ready while the database is away");
        tokio::time::sleep(OUTAGE / 2).await;
        admin.batch_execute(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")).unwrap();
        let up = start.elapsed();
        tokio::time::sleep(AFTER).await;
        stop.store(true, Ordering::SeqCst);
        for task in load {
            task.await.unwrap();
        }
        assert_eq!(app.get("/health/ready").await.status(), 200, "ready again without a restart");

        let samples = samples.lock().await.clone();
        assert!(samples.iter().all(|s| s.1 != 0 && s.1 < 500 || s.1 == 503), "no 500, no dropped connection: {samples:?}");
        // Sent well inside the outage (the first request may have been served just before it).
        let during: Vec<&Sample> =
            samples.iter().filter(|s| s.0 > down + Duration::from_millis(200) && s.0 + s.3 < up).collect();
        assert!(during.len() >= 10, "{} requests during the outage", during.len());
        assert!(during.iter().all(|s| s.1 == 503 && s.2), "503 with Retry-After: {during:?}");
        let slowest = during.iter().map(|s| s.3).max().unwrap();
        assert!(slowest < Duration::from_secs(2), "answered within 2 s, slowest {slowest:?}");
        let recovered: Vec<&Sample> = samples.iter().filter(|s| s.0 > up + Duration::from_secs(5)).collect();
        let ok = recovered.iter().filter(|s| s.1 == 200).count();
        assert!(
            !recovered.is_empty() && ok * 100 >= recovered.len() * 99,
            "{ok} of {} succeeded after 5 s",
            recovered.len()
        );
        eprintln!(
            "outage: {} requests during it, all 503 with Retry-After, slowest {slowest:?}; from 5 s after the return {ok} of {} succeeded",
            during.len(),
            recovered.len()
        );
    }
}
