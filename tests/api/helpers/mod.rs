//! The test application: the real service on port 0, called over real HTTP.

mod database;

use std::thread::JoinHandle;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use jointreg::config::Settings;
use jointreg::startup::Application;
use serde_json::{Value, json};

pub use database::{Backend, TestDatabase};

/// Runs one test body on SQLite and, when `JOINTREG_TEST_POSTGRES_URL` is set, on PostgreSQL.
/// The body sees `backend: Backend`.
#[macro_export]
macro_rules! both_backends {
    ($(async fn $name:ident($backend:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let $backend = $crate::helpers::Backend::Sqlite;
                $body
            }

            #[tokio::test]
            async fn postgres() {
                if $crate::helpers::Backend::postgres_server().is_none() {
                    eprintln!("skipped: JOINTREG_TEST_POSTGRES_URL is not set");
                    return;
                }
                let $backend = $crate::helpers::Backend::Postgres;
                $body
            }
        }
    )*};
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub settings: Settings,
    server: Option<(ServerHandle, JoinHandle<()>)>,
    // Declared last: dropped after the server has stopped.
    pub database: TestDatabase,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Spawns with settings adjusted by `adjust` (body limit, timeouts, …).
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let database = TestDatabase::new(backend);
        let mut settings = Settings::with_database(database.url.clone());
        settings.workers = 1;
        adjust(&mut settings);
        Self::start(settings, database)
    }

    fn start(settings: Settings, database: TestDatabase) -> TestApp {
        if std::env::var_os("TEST_LOG").is_some() {
            let mut verbose = settings.clone();
            verbose.log_filter = "debug".into();
            jointreg::telemetry::init(&verbose);
        }
        let (port, server) = run_server(settings.clone());
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("HTTP client");
        TestApp { address: format!("http://127.0.0.1:{port}"), client, settings, server: Some(server), database }
    }

    /// Stops the server and starts a new one on the same database (a restart).
    pub fn restart(mut self) -> TestApp {
        self.stop_server();
        let database = std::mem::replace(&mut self.database, TestDatabase::placeholder());
        let settings = self.settings.clone();
        drop(self);
        Self::start(settings, database)
    }

    fn stop_server(&mut self) {
        if let Some((handle, thread)) = self.server.take() {
            futures_executor::block_on(handle.stop(false));
            let _ = thread.join();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(body).send().await.expect("POST")
    }

    pub async fn patch_json(&self, path: &str, etag: Option<&str>, body: &Value) -> reqwest::Response {
        let mut request = self.client.patch(self.url(path)).json(body);
        if let Some(etag) = etag {
            request = request.header("If-Match", etag);
        }
        request.send().await.expect("PATCH")
    }

    /// Creates an institution and returns its body; panics unless the answer is 201.
    pub async fn create_institution(&self, body: &Value) -> Value {
        let response = self.post_json("/api/v1/institutions", body).await;
        let status = response.status();
        let text = response.text().await.expect("body");
        assert_eq!(status, 201, "creating {body}: {text}");
        serde_json::from_str(&text).expect("JSON")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.stop_server();
    }
}

/// Builds and runs the application on a thread of its own, so stopping it never depends on the
/// test's runtime; returns the bound port and what stops it.
fn run_server(settings: Settings) -> (u16, (ServerHandle, JoinHandle<()>)) {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            match Application::build(&settings) {
                Ok(app) => {
                    let _ = ready_tx.send(Ok((app.port(), app.handle())));
                    let _ = app.run_until_stopped().await;
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e.to_string()));
                }
            }
        })
    });
    match ready_rx.recv().expect("server thread") {
        Ok((port, handle)) => (port, (handle, thread)),
        Err(e) => panic!("the application did not start: {e}"),
    }
}

/// A complete, valid institution.
pub fn wuhan_university() -> Value {
    json!({
        "names": {"en": "Wuhan University", "ru": "Уханьский университет", "zh": "武汉大学"},
        "country": "CN",
        "city": "Wuhan",
        "ror_id": "https://ror.org/033vjfk17",
        "kind": "university",
        "website": "https://en.whu.edu.cn/"
    })
}

pub fn south_ural_university() -> Value {
    json!({
        "names": {"en": "South Ural State University", "ru": "Южно-Уральский государственный университет", "zh": "南乌拉尔国立大学"},
        "country": "RU",
        "city": "Chelyabinsk",
        "kind": "university"
    })
}

/// Asserts an RFC 9457 problem with `status` and returns its body.
pub async fn assert_problem(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_owned());
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    let request_id = response.headers().get("x-request-id").expect("X-Request-Id").to_str().unwrap().to_owned();
    let body: Value = response.json().await.expect("problem JSON");
    assert_eq!(body["status"], status);
    assert!(body["title"].is_string(), "{body}");
    assert_eq!(body["request_id"], request_id.as_str());
    body
}

/// The field names of a 422 problem's `errors`.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| errors.iter().map(|e| e["field"].as_str().unwrap_or("").to_owned()).collect())
        .unwrap_or_default()
}
