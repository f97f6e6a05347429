//! `GET /metrics`: hidden unless configured, guarded by its token on the main address, open on
//! its own address; counts requests by route pattern and status; reports the pool, the outbox and
//! the open findings, which agree with the findings report itself.

use std::collections::BTreeMap;

use std::time::{Duration, Instant};

use chrono::Days;
use diesel::connection::SimpleConnection;
use jointreg::config::{MailBackend, Secret};
use jointreg::domain::role::{Role, UserStatus};
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem};
use crate::projects::{create, project_body};

const TOKEN: &str = "metrics token for the tests, 0123456789abcdef";

async fn with_token(backend: crate::helpers::Backend) -> TestApp {
    TestApp::spawn_with(backend, |s| s.metrics.token = Some(Secret(TOKEN.as_bytes().to_vec()))).await
}

async fn scrape(app: &TestApp) -> String {
    let response = app.anonymous.get(app.url("/metrics")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    response.text().await.unwrap()
}

/// The value of the series written exactly as `series` (name and labels), if present.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.trim().parse().ok())
}

fn day(offset: u64) -> String {
    crate::helpers::today().checked_add_days(Days::new(offset)).unwrap().to_string()
}

both_backends! {
    async fn metrics_are_not_served_unless_configured(backend) {
        let app = TestApp::spawn(backend).await;
        assert_problem(app.client.get(app.url("/metrics")).send().await.unwrap(), 404).await;
        assert_problem(app.anonymous.get(app.url("/metrics")).bearer_auth(TOKEN).send().await.unwrap(), 404).await;
    }

    async fn the_main_address_wants_the_metrics_token(backend) {
        let app = with_token(backend).await;
        let missing = app.anonymous.get(app.url("/metrics")).send().await.unwrap();
        assert_eq!(missing.headers()["www-authenticate"], "Bearer realm=\"jointreg\"");
        assert_problem(missing, 401).await;
        // An administrator's access token is not the metrics token.
        assert_problem(app.client.get(app.url("/metrics")).send().await.unwrap(), 401).await;
        let wrong = app.anonymous.get(app.url("/metrics")).bearer_auth(format!("{TOKEN}x")).send().await.unwrap();
        assert_problem(wrong, 401).await;
        scrape(&app).await;
    }

    async fn requests_are_counted_by_route_pattern_and_status(backend) {
        let app = with_token(backend).await;
        let missing = "01a21f73-0000-7000-8000-00000000dead";
        for _ in 0..3 {
            assert_eq!(app.client.get(app.url("/api/v1/institutions")).send().await.unwrap().status(), 200);
        }
        let path = format!("/api/v1/institutions/{missing}");
        assert_eq!(app.client.get(app.url(&path)).send().await.unwrap().status(), 404);
        let text = scrape(&app).await;
        let list = r#"{method="GET",route="/api/v1/institutions",status="200"}"#;
        assert_eq!(value(&text, &format!("jointreg_http_requests_total{list}")), Some(3.0), "{text}");
        let one = r#"{method="GET",route="/api/v1/institutions/{id}",status="404"}"#;
        assert_eq!(value(&text, &format!("jointreg_http_requests_total{one}")), Some(1.0), "{text}");
        assert_eq!(value(&text, &format!("jointreg_http_request_duration_seconds_count{list}")), Some(3.0));
        assert!(!text.contains(missing), "ids must not become labels");
        assert_eq!(value(&text, "jointreg_db_pool_max_connections"), Some(f64::from(app.settings.db_pool_size)));
        assert!(value(&text, r#"jointreg_db_pool_connections{state="idle"}"#).is_some(), "{text}");
        assert_eq!(value(&text, "jointreg_mail_delivery_failures_total"), Some(0.0));
    }

    async fn the_outbox_depth_is_read_from_the_database(backend) {
        let app = with_token(backend).await;
        // Due far in the future, so the delivery worker leaves them where they are.
        let later = format!("{} 00:00:00", day(30));
        let row = |id: &str, attempts: i64| {
            format!(
                "INSERT INTO outbox (id, kind, recipient, subject, body_text, created_at, attempts, next_attempt_at) \
                 VALUES ('{id}', 'test', 'a@example.org', 'subject', 'body', '{later}', {attempts}, '{later}');"
            )
        };
        let sql = [row("queued-1", 0), row("queued-2", 0), row("retrying-1", 3)].concat();
        app.database.connect().batch_execute(&sql).unwrap();
        let text = scrape(&app).await;
        assert_eq!(value(&text, r#"jointreg_outbox_messages{state="queued"}"#), Some(2.0), "{text}");
        assert_eq!(value(&text, r#"jointreg_outbox_messages{state="retrying"}"#), Some(1.0), "{text}");
    }

    async fn failed_mail_deliveries_are_counted(backend) {
        // Nothing listens on port 1: every attempt fails, and the message stays queued for retry.
        let app = TestApp::spawn_with(backend, |s| {
            s.metrics.token = Some(Secret(TOKEN.as_bytes().to_vec()));
            s.mail.backend = MailBackend::Smtp { url: "smtp://127.0.0.1:1".into() };
        })
        .await;
        let user = app.user(Role::Coordinator, None, UserStatus::Active);
        let response = app.anonymous.post(app.url("/api/v1/auth/password-reset")).json(&json!({"email": user.email})).send().await.unwrap();
        assert_eq!(response.status(), 202);
        let deadline = Instant::now() + Duration::from_secs(20);
        let text = loop {
            let text = scrape(&app).await;
            if value(&text, "jointreg_mail_delivery_failures_total").is_some_and(|n| n >= 1.0) || Instant::now() > deadline {
                break text;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert!(value(&text, "jointreg_mail_delivery_failures_total").is_some_and(|n| n >= 1.0), "{text}");
        assert_eq!(value(&text, r#"jointreg_outbox_messages{state="retrying"}"#), Some(1.0), "{text}");
    }

    async fn open_findings_match_the_findings_report(backend) {
        let app = with_token(backend).await;
        let world = World::build(&app).await;
        // Running and unfunded: a gap from today.
        let mut body = project_body(&world, "Unfunded joint project");
        body["starts_on"] = day(0).into();
        body["ends_on"] = day(400).into();
        create(&app, &body).await;

        let text = scrape(&app).await;
        let mut reported = BTreeMap::new();
        for kind in ["gap", "expiring", "one_sided", "funder_lapsed", "lab_at_risk", "centre_at_risk"] {
            let page: Value =
                app.client.get(app.url(&format!("/api/v1/funding-gaps?kind={kind}"))).send().await.unwrap().json().await.unwrap();
            let series = format!("jointreg_open_findings{{kind=\"{kind}\"}}");
            reported.insert(kind, (value(&text, &series), page["total"].as_f64()));
        }
        for (kind, (metric, report)) in &reported {
            assert_eq!(metric, report, "{kind}: {text}");
        }
        assert_eq!(reported["gap"].0, Some(1.0));
    }

    async fn a_metrics_address_of_its_own_needs_no_token(backend) {
        let app = TestApp::spawn_with(backend, |s| s.metrics.bind = Some("127.0.0.1:0".parse().unwrap())).await;
        let port = app.metrics_port.expect("a metrics port");
        let response = app.anonymous.get(format!("http://127.0.0.1:{port}/metrics")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.text().await.unwrap().contains("jointreg_db_pool_max_connections"));
        assert_problem(app.anonymous.get(format!("http://127.0.0.1:{port}/api/v1/institutions")).send().await.unwrap(), 404).await;
        // Not on the main address: that has no token configured.
        assert_problem(app.client.get(app.url("/metrics")).send().await.unwrap(), 404).await;
    }
}
