//! Who reaches what: anonymous callers, roles on institutions, security headers, CORS.

use jointreg::domain::role::Role;
use reqwest::Method;
use serde_json::Value;

use jointreg::config::Secret;

use crate::both_backends;
use crate::helpers::{TestApp, assert_problem, wuhan_university};

pub const METRICS_TOKEN: &str = "operators' metrics token for the access tests";

/// The operations anonymous callers may reach; every other documented operation answers 401.
const PUBLIC: [&str; 11] = [
    "GET /health/live",
    // OAI-PMH harvesters: public records only, whatever the credentials.
    "GET /oai",
    "POST /oai",
    "GET /health/ready",
    "GET /api/v1/openapi.json",
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/refresh",
    "POST /api/v1/auth/logout",
    "POST /api/v1/auth/invitations/accept",
    "POST /api/v1/auth/password-reset",
    "POST /api/v1/auth/password-reset/confirm",
];

/// Reads open to anonymous callers for what is `public` (open data): they answer without
/// credentials, showing only public records.
const OPEN_DATA: [&str; 13] = [
    "GET /api/v1/changes",
    "GET /api/v1/subject-areas",
    "GET /api/v1/projects",
    "GET /api/v1/projects/{id}",
    "GET /api/v1/funding",
    "GET /api/v1/projects/{id}/funding",
    "GET /api/v1/funding/{id}",
    "GET /api/v1/outputs",
    "GET /api/v1/outputs/{id}",
    "GET /api/v1/projects/{id}/outputs",
    "GET /api/v1/projects/{id}/coverage",
    "GET /api/v1/projects/{id}/raid",
    "GET /api/v1/stats",
];

both_backends! {
    async fn every_documented_operation_but_the_public_ones_needs_credentials(backend) {
        // With a metrics token, so `/metrics` is served (and guarded) too.
        let app = TestApp::spawn_with(backend, |s| s.metrics.token = Some(Secret(METRICS_TOKEN.as_bytes().to_vec()))).await;
        let document: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
        let mut checked = 0;
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let name = format!("{} {path}", method.to_uppercase());
                let secured = operation.get("security").is_some();
                assert_eq!(secured, !PUBLIC.contains(&name.as_str()), "{name}: documented security");
                if !secured {
                    continue;
                }
                let optional = operation["security"].as_array().unwrap().iter().any(|r| r.as_object().is_some_and(|o| o.is_empty()));
                assert_eq!(optional, OPEN_DATA.contains(&name.as_str()), "{name}: documented as open data");
                let concrete = path.replace("{id}", "01900000-0000-7000-8000-000000000000");
                let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let response = app.anonymous.request(method, app.url(&concrete)).json(&serde_json::json!({})).send().await.unwrap();
                if optional {
                    assert!(matches!(response.status().as_u16(), 200 | 404), "{name}: {}", response.status());
                    continue;
                }
                assert_eq!(response.status(), 401, "{name}");
                assert!(operation["responses"].get("401").is_some(), "{name} documents its 401");
                checked += 1;
            }
        }
        assert!(checked >= 12, "{checked}");
    }

    async fn everyone_signed_in_reads_institutions_only_staff_write_them(backend) {
        let app = TestApp::spawn(backend).await;
        let institution = app.create_institution(&wuhan_university()).await;
        let path = format!("/api/v1/institutions/{}", institution["id"].as_str().unwrap());
        for role in Role::ALL {
            let session = app.session(role).await;
            let read = app.request_as(&session.access_token, Method::GET, &path).send().await.unwrap();
            assert_eq!(read.status(), 200, "{role:?} reads");
            let etag = read.headers()["etag"].clone();
            let write = app.request_as(&session.access_token, Method::PATCH, &path).header("If-Match", etag).json(&serde_json::json!({"city": "Wuhan"})).send().await.unwrap();
            let expected = if role.is_staff() { 200 } else { 403 };
            assert_eq!(write.status(), expected, "{role:?} writes");
        }
    }

    async fn security_headers_are_on_every_response(backend) {
        let app = TestApp::spawn(backend).await;
        for (path, docs) in [("/api/v1/institutions", false), ("/health/live", false), ("/nowhere", false), ("/docs/", true)] {
            let response = app.get(path).await;
            let headers = response.headers();
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
            let policy = headers["content-security-policy"].to_str().unwrap();
            assert_eq!(policy == "default-src 'none'; frame-ancestors 'none'", !docs, "{path}: {policy}");
            assert!(policy.contains("frame-ancestors 'none'"));
        }
        assert_eq!(app.get("/api/v1/institutions").await.headers()["cache-control"], "no-store");
        assert_eq!(app.get("/api/v1/me").await.headers()["cache-control"], "no-store");
    }
}

both_backends! {
    async fn cors_answers_only_configured_origins(backend) {
    let app = TestApp::spawn_with(backend, |s| {
        s.auth.cors_origins = vec!["https://registry.example.org".into()]
    })
    .await;
    let preflight = |origin: &'static str| {
        app.anonymous
            .request(Method::OPTIONS, app.url("/api/v1/institutions"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authorization")
            .send()
    };
    let allowed = preflight("https://registry.example.org").await.unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], "https://registry.example.org");
    let refused = preflight("https://evil.example.com").await.unwrap();
    assert!(refused.headers().get("access-control-allow-origin").is_none());

    let plain = TestApp::spawn(backend).await;
    let response = plain
        .client
        .get(plain.url("/api/v1/institutions"))
        .header("Origin", "https://registry.example.org")
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("access-control-allow-origin").is_none(), "no origins configured, no CORS");
    assert_problem(plain.anonymous.get(plain.url("/api/v1/me")).send().await.unwrap(), 401).await;
}
}
