//! Access and refresh tokens: the JWT negative suite, rotation, reuse detection, lifetimes.

use diesel::connection::SimpleConnection;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{TestApp, assert_problem};
use jointreg::domain::role::Role;

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// The key id the service gives its tokens (read from a real one).
fn real_kid(token: &str) -> String {
    jsonwebtoken::decode_header(token).unwrap().kid.unwrap()
}

/// The session a token belongs to (read from a real one, signed by the test's own server).
fn real_sid(app: &TestApp, token: &str) -> String {
    let mut validation = jsonwebtoken::Validation::new(Algorithm::HS256);
    validation.set_audience(&["jointreg-api"]);
    let key = jsonwebtoken::DecodingKey::from_secret(&app.settings.auth.jwt_secret.0).unwrap();
    jsonwebtoken::decode::<Value>(token, &key, &validation).unwrap().claims["sid"].as_str().unwrap().to_owned()
}

/// Valid claims for the administrator's own session: each case below breaks one thing.
fn claims(app: &TestApp) -> Value {
    let now = unix_now();
    let (sub, sid) = (&app.admin.user.id, real_sid(app, &app.admin.access_token));
    json!({"iss": "jointreg", "aud": "jointreg-api", "sub": sub, "exp": now + 600, "iat": now, "nbf": now,
           "jti": "test-jti", "typ": "access", "ver": 1, "sid": sid})
}

fn sign(app: &TestApp, header: &Header, claims: &Value) -> String {
    encode(header, claims, &EncodingKey::from_secret(&app.settings.auth.jwt_secret.0).unwrap()).unwrap()
}

both_backends! {
    async fn a_well_formed_token_signed_by_the_service_works(backend) {
        let app = TestApp::spawn(backend).await;
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(real_kid(&app.admin.access_token));
        let token = sign(&app, &header, &claims(&app));

        let response = app.request_as(&token, Method::GET, "/api/v1/me").send().await.unwrap();

        assert_eq!(response.status(), 200, "the forged-looking but valid token is the control case");
    }

    async fn every_malformed_or_foreign_access_token_is_401(backend) {
        let app = TestApp::spawn(backend).await;
        let kid = real_kid(&app.admin.access_token);
        let header = |alg| { let mut h = Header::new(alg); h.kid = Some(kid.clone()); h };
        let with = |change: &dyn Fn(&mut Value)| { let mut c = claims(&app); change(&mut c); c };
        let now = unix_now();

        let mut cases: Vec<(&str, String)> = vec![
            ("alg none", {
                let head = base64url(&json!({"alg": "none", "typ": "JWT", "kid": kid}).to_string());
                format!("{head}.{}.", base64url(&claims(&app).to_string()))
            }),
            ("another algorithm (HS512)", sign(&app, &header(Algorithm::HS512), &claims(&app))),
            ("bad signature", {
                let token = sign(&app, &header(Algorithm::HS256), &claims(&app));
                let (rest, signature) = token.rsplit_once('.').unwrap();
                let flipped = if signature.starts_with('A') { "B" } else { "A" };
                format!("{rest}.{flipped}{}", &signature[1..])
            }),
            ("expired", sign(&app, &header(Algorithm::HS256), &with(&|c| { c["exp"] = json!(now - 120); c["iat"] = json!(now - 1000); c["nbf"] = json!(now - 1000); }))),
            ("not yet valid", sign(&app, &header(Algorithm::HS256), &with(&|c| c["nbf"] = json!(now + 300)))),
            ("issued in the future", sign(&app, &header(Algorithm::HS256), &with(&|c| c["iat"] = json!(now + 300)))),
            ("wrong issuer", sign(&app, &header(Algorithm::HS256), &with(&|c| c["iss"] = json!("someone-else")))),
            ("wrong audience", sign(&app, &header(Algorithm::HS256), &with(&|c| c["aud"] = json!("another-api")))),
            ("missing exp", sign(&app, &header(Algorithm::HS256), &with(&|c| { c.as_object_mut().unwrap().remove("exp"); }))),
            ("wrong token type", sign(&app, &header(Algorithm::HS256), &with(&|c| c["typ"] = json!("refresh")))),
            ("stale auth version", sign(&app, &header(Algorithm::HS256), &with(&|c| c["ver"] = json!(0)))),
            ("unknown subject", sign(&app, &header(Algorithm::HS256), &with(&|c| c["sub"] = json!("01900000-0000-7000-8000-000000000000")))),
            ("no session", sign(&app, &header(Algorithm::HS256), &with(&|c| { c.as_object_mut().unwrap().remove("sid"); }))),
            ("another session", sign(&app, &header(Algorithm::HS256), &with(&|c| c["sid"] = json!("01900000-0000-7000-8000-000000000000")))),
            ("tampered kid", { let mut h = header(Algorithm::HS256); h.kid = Some("another-key".into()); sign(&app, &h, &claims(&app)) }),
            ("no kid", sign(&app, &Header::new(Algorithm::HS256), &claims(&app))),
            ("signed with another secret", encode(&header(Algorithm::HS256), &claims(&app), &EncodingKey::from_secret(b"another secret that is long enough!!").unwrap()).unwrap()),
            ("a refresh token", app.admin.refresh_token.clone()),
            ("garbage", "not.a.token".into()),
            ("empty segments", "..".into()),
        ];
        // A partner API token is not a person's access token.
        let institution = app.create_institution(&crate::helpers::wuhan_university()).await;
        let issued: Value = app
            .post_json(&format!("/api/v1/institutions/{}/partner-tokens", institution["id"].as_str().unwrap()), &json!({"name": "sync"}))
            .await
            .json()
            .await
            .unwrap();
        cases.push(("a partner token on a person's route", issued["token"].as_str().unwrap().to_owned()));

        for (case, token) in cases {
            let response = app.request_as(&token, Method::GET, "/api/v1/me").send().await.unwrap();
            assert_eq!(response.status(), 401, "{case}");
            assert!(response.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"), "{case}");
            assert_problem(response, 401).await;
        }
    }

    async fn no_credentials_or_credentials_in_the_query_string_are_401(backend) {
        let app = TestApp::spawn(backend).await;
        assert_problem(app.anonymous.get(app.url("/api/v1/institutions")).send().await.unwrap(), 401).await;
        let url = format!("/api/v1/institutions?access_token={}", app.admin.access_token);
        assert_problem(app.anonymous.get(app.url(&url)).send().await.unwrap(), 401).await;
        let basic = app.anonymous.get(app.url("/api/v1/institutions")).basic_auth("admin", Some("x")).send().await.unwrap();
        assert_problem(basic, 401).await;
    }

    async fn refresh_rotates_and_each_refresh_token_works_once(backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.session(Role::Coordinator).await;

        let first = app.anonymous.post(app.url("/api/v1/auth/refresh")).json(&json!({"refresh_token": session.refresh_token})).send().await.unwrap();
        assert_eq!(first.status(), 200);
        let pair: Value = first.json().await.unwrap();
        assert_ne!(pair["refresh_token"], json!(session.refresh_token));
        assert_eq!(pair["token_type"], "Bearer");
        assert!(pair["expires_in"].as_u64().unwrap() <= 900);
        let me = app.request_as(pair["access_token"].as_str().unwrap(), Method::GET, "/api/v1/me").send().await.unwrap();
        assert_eq!(me.json::<Value>().await.unwrap()["id"], json!(session.user.id));

        // The old token again: reuse, so the whole family dies, the fresh token included.
        let reused = app.anonymous.post(app.url("/api/v1/auth/refresh")).json(&json!({"refresh_token": session.refresh_token})).send().await.unwrap();
        assert_problem(reused, 401).await;
        let after = app.anonymous.post(app.url("/api/v1/auth/refresh")).json(&json!({"refresh_token": pair["refresh_token"]})).send().await.unwrap();
        assert_problem(after, 401).await;
    }

    async fn ten_concurrent_refreshes_with_one_token_let_one_through_and_revoke_the_family(backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.session(Role::LabHead).await;
        let body = json!({"refresh_token": session.refresh_token});

        let attempts = (0..10).map(|_| app.anonymous.post(app.url("/api/v1/auth/refresh")).json(&body).send());
        let responses: Vec<reqwest::Response> = futures_util::future::join_all(attempts).await.into_iter().map(Result::unwrap).collect();

        let statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 9, "{statuses:?}");
        let mut conn = app.database.connect();
        assert_eq!(jointreg::db::models::refresh::family_revoked(&mut conn, &session.refresh_token).unwrap(), Some(true));
    }

    async fn logout_ends_the_session(backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.session(Role::Coordinator).await;

        let response = app.anonymous.post(app.url("/api/v1/auth/logout")).json(&json!({"refresh_token": session.refresh_token})).send().await.unwrap();
        assert_eq!(response.status(), 204);
        let refresh = app.anonymous.post(app.url("/api/v1/auth/refresh")).json(&json!({"refresh_token": session.refresh_token})).send().await.unwrap();
        assert_problem(refresh, 401).await;
        let unknown = app.anonymous.post(app.url("/api/v1/auth/logout")).json(&json!({"refresh_token": "jrr_unknown"})).send().await.unwrap();
        assert_eq!(unknown.status(), 204);
    }

    async fn idle_and_absolute_lifetimes_end_refresh_tokens(backend) {
        let app = TestApp::spawn(backend).await;
        let idle = app.session(Role::Coordinator).await;
        let absolute = app.session(Role::Coordinator).await;
        let mut conn = app.database.connect();
        let past = "'2000-01-01 00:00:00'";
        let hash = |t: &str| jointreg::auth::tokens::hash(t);
        conn.batch_execute(&format!("UPDATE refresh_tokens SET idle_expires_at = {past} WHERE token_hash = '{}'", hash(&idle.refresh_token))).unwrap();
        conn.batch_execute(&format!(
            "UPDATE refresh_families SET expires_at = {past} WHERE id = (SELECT family_id FROM refresh_tokens WHERE token_hash = '{}')",
            hash(&absolute.refresh_token)
        )).unwrap();

        for session in [idle, absolute] {
            let response = app.anonymous.post(app.url("/api/v1/auth/refresh")).json(&json!({"refresh_token": session.refresh_token})).send().await.unwrap();
            assert_problem(response, 401).await;
        }
    }
}

fn base64url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}
