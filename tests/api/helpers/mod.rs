//! The test application: the real service on port 0, called over real HTTP.

pub mod accounts;
pub mod browser;
pub mod console;
mod database;
pub mod smtp;
pub mod world;

use std::thread::JoinHandle;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use jointreg::config::Settings;
use jointreg::domain::role::{Role, UserStatus};
use jointreg::startup::Application;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use serde_json::{Value, json};

pub use accounts::{PASSWORD, Session, TestUser};
pub use database::{Backend, POSTGRES_URL_VARIABLE, TestDatabase};

/// The day every test and every test server takes to be today: fixed when the test binary starts,
/// so a run that crosses midnight never sees two "todays".
pub fn today() -> chrono::NaiveDate {
    static TODAY: std::sync::OnceLock<chrono::NaiveDate> = std::sync::OnceLock::new();
    *TODAY.get_or_init(|| chrono::Utc::now().date_naive())
}

pub struct TestApp {
    pub address: String,
    /// Sends every request as the test's administrator (`admin`).
    pub client: reqwest::Client,
    /// Sends requests with no credentials.
    pub anonymous: reqwest::Client,
    pub admin: Session,
    pub settings: Settings,
    /// The port of the separate metrics address, when the settings give one.
    pub metrics_port: Option<u16>,
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
        settings.clock = jointreg::clock::Clock::fixed(today());
        adjust(&mut settings);
        Self::start(settings, database)
    }

    fn start(settings: Settings, database: TestDatabase) -> TestApp {
        if std::env::var_os("TEST_LOG").is_some() {
            let mut verbose = settings.clone();
            verbose.log_filter = "debug".into();
            jointreg::telemetry::init(&verbose);
        }
        let (port, metrics_port, server) = run_server(settings.clone());
        let address = format!("http://127.0.0.1:{port}");
        let anonymous = http_client(HeaderMap::new());
        let admin = {
            let mut conn = database.connect();
            let user = accounts::insert_user(&mut conn, Role::Admin, None, UserStatus::Active);
            sign_in_blocking(&address, user)
        };
        let mut headers = HeaderMap::new();
        let bearer = HeaderValue::from_str(&format!("Bearer {}", admin.access_token)).expect("header");
        headers.insert(AUTHORIZATION, bearer);
        let client = http_client(headers);
        TestApp { address, client, anonymous, admin, settings, metrics_port, server: Some(server), database }
    }

    /// A new account with `role` (lab heads and partners get an institution of their own), signed in.
    pub async fn session(&self, role: Role) -> Session {
        let institution = role.needs_institution().then(|| {
            let mut conn = self.database.connect();
            accounts::insert_institution(&mut conn, &format!("Institution of a {}", role.as_str()), "CN")
        });
        let user = self.user(role, institution, UserStatus::Active);
        self.sign_in(user).await
    }

    /// A new account written straight into the database, with password [`PASSWORD`].
    pub fn user(&self, role: Role, institution_id: Option<String>, status: UserStatus) -> TestUser {
        let mut conn = self.database.connect();
        accounts::insert_user(&mut conn, role, institution_id, status)
    }

    /// Signs `user` in through the API.
    pub async fn sign_in(&self, user: TestUser) -> Session {
        let response = self
            .anonymous
            .post(self.url("/api/v1/auth/login"))
            .json(&accounts::credentials(&user.email, PASSWORD))
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 200, "signing in {}", user.email);
        let body: Value = response.json().await.expect("token JSON");
        Session {
            access_token: body["access_token"].as_str().expect("access token").to_owned(),
            refresh_token: body["refresh_token"].as_str().expect("refresh token").to_owned(),
            user,
        }
    }

    /// A request with `token` as the bearer credential.
    pub fn request_as(&self, token: &str, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.anonymous.request(method, self.url(path)).bearer_auth(token)
    }

    /// Waits (at most 10 s) until `count` messages to `to` have been delivered; returns them.
    pub async fn wait_for_mail(&self, to: &str, count: usize) -> Vec<jointreg::config::SentMail> {
        let started = std::time::Instant::now();
        loop {
            let mail: Vec<_> = self.sent_mail().into_iter().filter(|m| m.to == to).collect();
            if mail.len() >= count {
                return mail;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "expected {count} messages to {to}, got {}",
                mail.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The messages the memory mail backend has been handed.
    pub fn sent_mail(&self) -> Vec<jointreg::config::SentMail> {
        match &self.settings.mail.backend {
            jointreg::config::MailBackend::Memory(mailbox) => mailbox.messages(),
            _ => Vec::new(),
        }
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

    /// The current ETag of the record at `path` (read as the administrator).
    pub async fn etag_of(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.headers()["etag"].to_str().expect("ETag").to_owned()
    }

    /// A merge patch as `token`, with the record's current ETag as `If-Match`.
    pub async fn patch_current(&self, token: &str, path: &str, body: &Value) -> reqwest::Response {
        let etag = self.etag_of(path).await;
        self.request_as(token, reqwest::Method::PATCH, path)
            .header("If-Match", etag)
            .json(body)
            .send()
            .await
            .expect("PATCH")
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

fn http_client(headers: HeaderMap) -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .default_headers(headers)
        .build()
        .expect("HTTP client")
}

/// Signs in from outside any async runtime (the app is being built).
fn sign_in_blocking(address: &str, user: TestUser) -> Session {
    let address = address.to_owned();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async move {
            let response = http_client(HeaderMap::new())
                .post(format!("{address}/api/v1/auth/login"))
                .json(&accounts::credentials(&user.email, PASSWORD))
                .send()
                .await
                .expect("login");
            assert_eq!(response.status(), 200, "the test administrator signs in");
            let body: Value = response.json().await.expect("token JSON");
            Session {
                access_token: body["access_token"].as_str().expect("access token").to_owned(),
                refresh_token: body["refresh_token"].as_str().expect("refresh token").to_owned(),
                user,
            }
        })
    })
    .join()
    .expect("sign-in thread")
}

/// Builds and runs the application on a thread of its own, so stopping it never depends on the
/// test's runtime; returns the bound port and what stops it.
fn run_server(settings: Settings) -> (u16, Option<u16>, (ServerHandle, JoinHandle<()>)) {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            match Application::build(&settings) {
                Ok(app) => {
                    let _ = ready_tx.send(Ok((app.port(), app.metrics_port(), app.handle())));
                    let _ = app.run_until_stopped().await;
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e.to_string()));
                }
            }
        })
    });
    match ready_rx.recv().expect("server thread") {
        Ok((port, metrics_port, handle)) => (port, metrics_port, (handle, thread)),
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

/// Asserts an RFC 9457 problem with `status`, and the security headers every answer carries
/// (so every 4xx and 5xx the suite provokes checks them), and returns its body.
pub async fn assert_problem(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_owned());
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    assert_security_headers(&response);
    let request_id = response.headers().get("x-request-id").expect("X-Request-Id").to_str().unwrap().to_owned();
    let body: Value = response.json().await.expect("problem JSON");
    assert_eq!(body["status"], status);
    assert!(body["title"].is_string(), "{body}");
    assert_eq!(body["request_id"], request_id.as_str());
    body
}

/// The headers of the accounts issue, on every class of answer: no sniffing, no referrer, nothing
/// loaded or framed, nothing cached.
pub fn assert_security_headers(response: &reqwest::Response) {
    let headers = response.headers();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let status = response.status();
    assert_eq!(header("x-content-type-options"), "nosniff", "{status}");
    assert_eq!(header("referrer-policy"), "no-referrer", "{status}");
    assert!(header("content-security-policy").contains("frame-ancestors 'none'"), "{status}");
    assert_eq!(header("cache-control"), "no-store", "{status}");
}

/// The field names of a 422 problem's `errors`.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| errors.iter().map(|e| e["field"].as_str().unwrap_or("").to_owned()).collect())
        .unwrap_or_default()
}

/// The one-time token (`jro_…`) in a message body.
pub fn mailed_token(body: &str) -> String {
    let start = body.find("jro_").expect("a token in the message");
    body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

/// Runs the `jointreg` binary with `args` on `database`, from an empty directory and with no
/// settings but the database and `env`, as an operator's script would.
pub fn run_jointreg(
    database: &jointreg::config::DatabaseUrl,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let url = match database {
        jointreg::config::DatabaseUrl::Sqlite { path } => format!("sqlite://{}", path.display()),
        jointreg::config::DatabaseUrl::Postgres { url } => url.clone(),
    };
    let dir = tempfile::tempdir().unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_jointreg"))
        .args(args)
        .env_clear()
        .env("JOINTREG_DATABASE_URL", url)
        .envs(env.iter().copied())
        .current_dir(dir.path())
        .output()
        .unwrap()
}
