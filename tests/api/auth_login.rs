//! Signing in: one answer for every failure, throttling without enumeration, rehashing.

use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use jointreg::domain::role::{Role, UserStatus};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{PASSWORD, TestApp, assert_problem};

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.anonymous
        .post(app.url("/api/v1/auth/login"))
        .header("X-Request-Id", "same-request-id")
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

#[derive(diesel::QueryableByName)]
struct StoredHash {
    #[diesel(sql_type = diesel::sql_types::Text)]
    password_hash: String,
}

both_backends! {
    async fn an_address_with_nul_or_control_characters_is_422_not_a_database_error(backend) {
        // Found by schemathesis: PostgreSQL cannot compare text holding NUL, so it was a 500 there.
        let app = TestApp::spawn(backend).await;
        for email in ["lab.head\u{0}@susu.ru", "\u{1a}lab.head@susu.ru"] {
            let problem = assert_problem(login(&app, email, PASSWORD).await, 422).await;
            assert_eq!(problem["errors"][0]["field"], "email");
            let reset = app.anonymous.post(app.url("/api/v1/auth/password-reset")).json(&json!({"email": email})).send().await.unwrap();
            let problem = assert_problem(reset, 422).await;
            assert_eq!(problem["errors"][0]["field"], "email");
        }
    }

    async fn email_is_matched_ignoring_case_and_the_password_exactly(backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.user(Role::Coordinator, None, UserStatus::Active);

        assert_eq!(login(&app, &user.email.to_uppercase(), PASSWORD).await.status(), 200);
        assert_problem(login(&app, &user.email, &PASSWORD.to_uppercase()).await, 401).await;
        assert_problem(login(&app, &user.email, &format!("{PASSWORD} ")).await, 401).await;
    }

    async fn every_failed_sign_in_gets_the_same_bytes(backend) {
        let app = TestApp::spawn(backend).await;
        let active = app.user(Role::Coordinator, None, UserStatus::Active);
        let disabled = app.user(Role::Coordinator, None, UserStatus::Disabled);
        let invited = app.user(Role::Coordinator, None, UserStatus::Invited);

        let mut answers = Vec::new();
        for (email, password) in [
            ("nobody@example.org", PASSWORD),
            (active.email.as_str(), "wrong password, but long"),
            (disabled.email.as_str(), PASSWORD),
            (invited.email.as_str(), PASSWORD),
        ] {
            let response = login(&app, email, password).await;
            let status = response.status();
            let headers: Vec<(String, String)> = ["content-type", "www-authenticate", "retry-after"]
                .iter()
                .map(|h| (h.to_string(), response.headers().get(*h).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()))
                .collect();
            answers.push((status, headers, response.bytes().await.unwrap()));
        }
        assert_eq!(answers[0].0, 401);
        for answer in &answers[1..] {
            assert_eq!(answer, &answers[0]);
        }
    }

    async fn ten_failures_for_one_address_lock_it_for_a_while_whether_or_not_it_exists(backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.user(Role::Coordinator, None, UserStatus::Active);

        for email in [user.email.as_str(), "ghost@example.org"] {
            for _ in 0..10 {
                assert_eq!(login(&app, email, "not the password at all").await.status(), 401);
            }
            let blocked = login(&app, email, PASSWORD).await;
            let retry_after: u64 = blocked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=900).contains(&retry_after), "{retry_after}");
            assert_problem(blocked, 429).await;
        }
        // Another address from the same client is not affected below the per-client ceiling.
        let other = app.user(Role::Coordinator, None, UserStatus::Active);
        assert_eq!(login(&app, &other.email, PASSWORD).await.status(), 200);
    }

    async fn one_client_address_has_a_ceiling_across_addresses(backend) {
        let app = TestApp::spawn_with(backend, |s| s.auth.login_failures_per_client = 5).await;
        for i in 0..5 {
            assert_eq!(login(&app, &format!("guess{i}@example.org"), "not the password at all").await.status(), 401);
        }
        let user = app.user(Role::Coordinator, None, UserStatus::Active);
        assert_problem(login(&app, &user.email, PASSWORD).await, 429).await;
    }

    async fn forwarded_for_counts_only_behind_a_trusted_proxy(backend) {
        let app = TestApp::spawn_with(backend, |s| {
            s.auth.login_failures_per_client = 3;
            s.auth.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        }).await;
        let attempt = |client: &'static str, i: usize| {
            app.anonymous
                .post(app.url("/api/v1/auth/login"))
                .header("X-Forwarded-For", client)
                .json(&json!({"email": format!("guess{client}{i}@example.org"), "password": "not the password at all"}))
                .send()
        };
        for i in 0..3 {
            assert_eq!(attempt("198.51.100.1", i).await.unwrap().status(), 401);
        }
        assert_eq!(attempt("198.51.100.1", 9).await.unwrap().status(), 429);
        assert_eq!(attempt("198.51.100.2", 9).await.unwrap().status(), 401, "another client behind the proxy");
    }

    async fn a_hash_weaker_than_the_configured_cost_is_upgraded_at_sign_in(backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.user(Role::Coordinator, None, UserStatus::Active);
        let weak = {
            use argon2::password_hash::PasswordHasher;
            let params = argon2::Params::new(8192, 1, 1, None).unwrap();
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params).hash_password(PASSWORD.as_bytes()).unwrap().to_string()
        };
        let mut conn = app.database.connect();
        conn.batch_execute(&format!("UPDATE users SET password_hash = '{weak}' WHERE id = '{}'", user.id)).unwrap();

        assert_eq!(login(&app, &user.email, PASSWORD).await.status(), 200);

        let stored: StoredHash = diesel::sql_query(format!("SELECT password_hash FROM users WHERE id = '{}'", user.id)).get_result(&mut conn).unwrap();
        assert!(stored.password_hash.contains("m=19456,t=2,p=1"), "{}", stored.password_hash);
        assert_eq!(login(&app, &user.email, PASSWORD).await.status(), 200);
    }

    async fn disabling_an_account_or_changing_its_role_ends_its_tokens_at_once(backend) {
        let app = TestApp::spawn(backend).await;
        for change in [json!({"status": "disabled"}), json!({"role": "lab_head", "institution_id": null})] {
            let session = app.session(Role::Coordinator).await;
            assert_eq!(app.request_as(&session.access_token, Method::GET, "/api/v1/institutions").send().await.unwrap().status(), 200);
            let mut change = change.clone();
            if change.get("institution_id").is_some() {
                let institution = app.create_institution(&crate::helpers::south_ural_university()).await;
                change["institution_id"] = institution["id"].clone();
            }

            let path = format!("/api/v1/users/{}", session.user.id);
            let current = app.get(&path).await;
            let etag = current.headers()["etag"].to_str().unwrap().to_owned();
            assert_eq!(app.patch_json(&path, Some(&etag), &change).await.status(), 200, "{change}");

            let after = app.request_as(&session.access_token, Method::GET, "/api/v1/institutions").send().await.unwrap();
            assert_problem(after, 401).await;
        }
    }
}

both_backends! {
    async fn login_answers_carry_no_store_and_never_echo_the_password(backend) {
    let app = TestApp::spawn(backend).await;
    let user = app.user(Role::Coordinator, None, UserStatus::Active);
    let ok = login(&app, &user.email, PASSWORD).await;
    assert_eq!(ok.headers()["cache-control"], "no-store");
    let body: Value = ok.json().await.unwrap();
    assert!(!body.to_string().contains(PASSWORD));
    let failed = login(&app, &user.email, "a wrong password value").await;
    assert!(!failed.text().await.unwrap().contains("a wrong password value"));
}
}
