//! Partner API tokens: issued once, read-only, scoped, revocable, expiring.

use diesel::connection::SimpleConnection;
use jointreg::domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{TestApp, assert_problem, wuhan_university};

async fn issue(app: &TestApp, institution_id: &str, body: &Value) -> reqwest::Response {
    app.post_json(&format!("/api/v1/institutions/{institution_id}/partner-tokens"), body).await
}

both_backends! {
    async fn a_partner_token_is_shown_once_reads_and_never_writes(backend) {
        let app = TestApp::spawn(backend).await;
        let institution = app.create_institution(&wuhan_university()).await;
        let institution_id = institution["id"].as_str().unwrap();

        let response = issue(&app, institution_id, &json!({"name": "WHU research office sync"})).await;
        assert_eq!(response.status(), 201);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let issued: Value = response.json().await.unwrap();
        let token = issued["token"].as_str().unwrap().to_owned();
        assert!(token.starts_with("jrp_") && token.starts_with(issued["prefix"].as_str().unwrap()));

        let read = app.request_as(&token, Method::GET, "/api/v1/institutions").send().await.unwrap();
        assert_eq!(read.status(), 200);
        let one = app.request_as(&token, Method::GET, &format!("/api/v1/institutions/{institution_id}")).send().await.unwrap();
        assert_eq!(one.status(), 200);
        let writes = [
            (Method::POST, "/api/v1/institutions".to_owned(), wuhan_university()),
            (Method::PATCH, format!("/api/v1/institutions/{institution_id}"), json!({"city": "X"})),
            (Method::DELETE, format!("/api/v1/institutions/{institution_id}"), json!({})),
            (Method::POST, "/api/v1/invitations".to_owned(), json!({"email": "x@example.org", "display_name": "X", "role": "partner", "institution_id": institution_id})),
            (Method::POST, format!("/api/v1/institutions/{institution_id}/partner-tokens"), json!({"name": "more"})),
            (Method::GET, "/api/v1/users".to_owned(), json!({})),
        ];
        for (method, path, body) in writes {
            let response = app.request_as(&token, method.clone(), &path).header("If-Match", "\"1\"").json(&body).send().await.unwrap();
            assert_problem(response, 403).await;
        }

        let listed: Value = app.get(&format!("/api/v1/institutions/{institution_id}/partner-tokens")).await.json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert!(listed[0].get("token").is_none(), "the secret is never shown again");
        assert!(listed[0]["last_used_at"].is_string(), "use is recorded");
        assert!(!listed.to_string().contains(&token[8..]));
    }

    async fn a_revoked_or_expired_partner_token_stops_working_at_once(backend) {
        let app = TestApp::spawn(backend).await;
        let institution = app.create_institution(&wuhan_university()).await;
        let institution_id = institution["id"].as_str().unwrap();
        let revoked: Value = issue(&app, institution_id, &json!({"name": "revoked"})).await.json().await.unwrap();
        let expiring: Value = issue(&app, institution_id, &json!({"name": "expiring", "expires_at": "2099-01-01T00:00:00Z"})).await.json().await.unwrap();
        let token = revoked["token"].as_str().unwrap();
        assert_eq!(app.request_as(token, Method::GET, "/api/v1/institutions").send().await.unwrap().status(), 200);

        let response = app.client.delete(app.url(&format!("/api/v1/partner-tokens/{}", revoked["id"].as_str().unwrap()))).send().await.unwrap();
        assert_eq!(response.status(), 204);
        assert_problem(app.request_as(token, Method::GET, "/api/v1/institutions").send().await.unwrap(), 401).await;

        app.database.connect().batch_execute(&format!("UPDATE partner_tokens SET expires_at = '2000-01-01 00:00:00' WHERE id = '{}'", expiring["id"].as_str().unwrap())).unwrap();
        assert_problem(app.request_as(expiring["token"].as_str().unwrap(), Method::GET, "/api/v1/institutions").send().await.unwrap(), 401).await;
        let past = issue(&app, institution_id, &json!({"name": "past", "expires_at": "2001-01-01T00:00:00Z"})).await;
        assert_problem(past, 422).await;
    }

    async fn only_administrators_manage_partner_tokens(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = app.session(Role::Coordinator).await;
        let institution = app.create_institution(&wuhan_university()).await;
        let path = format!("/api/v1/institutions/{}/partner-tokens", institution["id"].as_str().unwrap());
        assert_problem(app.request_as(&coordinator.access_token, Method::POST, &path).json(&json!({"name": "x"})).send().await.unwrap(), 403).await;
        assert_problem(app.request_as(&coordinator.access_token, Method::GET, &path).send().await.unwrap(), 403).await;
        assert_problem(issue(&app, "01900000-0000-7000-8000-000000000000", &json!({"name": "x"})).await, 404).await;
    }
}
