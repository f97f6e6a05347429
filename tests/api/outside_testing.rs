//! What trying the service from outside found — as a new user, a hostile caller and a client
//! generator would (issue 16) — each fixed at its root and kept fixed here, on both databases.

use diesel::connection::SimpleConnection;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, assert_security_headers, error_fields};
use crate::projects::{create, project_body};

/// A public project of the world's Russian laboratory, registered by the administrator.
async fn public_project(app: &TestApp, world: &World) -> String {
    let mut body = project_body(world, "Open systemic pathology");
    body["visibility"] = json!("public");
    create(app, &body).await["id"].as_str().unwrap().to_owned()
}

fn award(project: &str, lab: &str, amount_minor: i64) -> Value {
    json!({
        "project_id": project, "funder_id": "01a21f73-9c00-7000-8000-000000000002",
        "amount": {"amount_minor": amount_minor, "currency": "RUB"},
        "starts_on": "2021-01-01", "ends_on": "2021-12-31", "status": "active", "lab_id": lab,
    })
}

/// A GET written on a socket of its own; the answer's head and body.
async fn raw_get(app: &TestApp, target: &str, request_id: &str) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(app.address.trim_start_matches("http://")).await.unwrap();
    let request =
        format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: {request_id}\r\nConnection: close\r\n\r\n");
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).await.unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    (head.to_owned(), body.to_owned())
}

both_backends! {
    async fn an_award_beyond_any_real_one_is_refused_and_sums_never_overflow(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = public_project(&app, &world).await;
        let huge = app.post_json("/api/v1/funding", &award(&project, &world.ru_lab, 9_000_000_000_000_000_000)).await;
        let problem = assert_problem(huge, 422).await;
        assert_eq!(error_fields(&problem), ["amount.amount_minor"]);
        let largest = app.post_json("/api/v1/funding", &award(&project, &world.ru_lab, 100_000_000_000_000)).await;
        assert_eq!(largest.status(), 201);

        // Amounts written before the bound existed (straight into the database) still sum exactly.
        let mut conn = app.database.connect();
        for n in 0..2 {
            conn.batch_execute(&format!(
                "INSERT INTO funding_records (id, project_id, funder_id, amount_minor, currency, starts_on, ends_on, \
                 status, side, lab_id, version, created_at, updated_at) VALUES ('01900000-0000-7000-8000-00000000000{n}', \
                 '{project}', '01a21f73-9c00-7000-8000-000000000002', 9000000000000000000, 'RUB', '2022-01-01', \
                 '2022-12-31', 'active', 'RU', '{lab}', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
                lab = world.ru_lab
            ))
            .unwrap();
        }
        let stats = app.anonymous.get(app.url("/api/v1/stats")).send().await.unwrap();
        assert_eq!(stats.status(), 200, "anonymous callers get the figures");
        let text = stats.text().await.unwrap();
        // 2 × 9·10^18 + 10^14, beyond 64 bits: compared as text, since JSON numbers this large
        // do not survive a round trip through a float.
        assert!(text.contains("\"amount_minor\":18000100000000000000"), "{text}");
    }

    async fn ending_a_session_ends_its_access_tokens(backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.session(jointreg::domain::role::Role::Coordinator).await;
        let me = || app.request_as(&session.access_token, Method::GET, "/api/v1/me").send();
        assert_eq!(me().await.unwrap().status(), 200);
        let logout = app.anonymous.post(app.url("/api/v1/auth/logout")).json(&json!({"refresh_token": session.refresh_token})).send().await.unwrap();
        assert_eq!(logout.status(), 204);
        let refused = me().await.unwrap();
        assert!(refused.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
        assert_problem(refused, 401).await;

        // A reused refresh token ends its whole session: the access tokens of it too.
        let other = app.session(jointreg::domain::role::Role::Coordinator).await;
        let refresh = |token: &str| app.anonymous.post(app.url("/api/v1/auth/refresh")).json(&json!({"refresh_token": token})).send();
        let renewed: Value = refresh(&other.refresh_token).await.unwrap().json().await.unwrap();
        let access = renewed["access_token"].as_str().unwrap().to_owned();
        assert_eq!(app.request_as(&access, Method::GET, "/api/v1/me").send().await.unwrap().status(), 200);
        assert_eq!(refresh(&other.refresh_token).await.unwrap().status(), 401, "reused");
        assert_problem(app.request_as(&access, Method::GET, "/api/v1/me").send().await.unwrap(), 401).await;
    }

    async fn history_names_no_record_the_caller_may_not_read(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let open = public_project(&app, &world).await;
        let mut closed = project_body(&world, "Closed systemic pathology");
        closed["visibility"] = json!("restricted");
        let restricted = create(&app, &closed).await["id"].as_str().unwrap().to_owned();
        let funding: Value = app.post_json("/api/v1/funding", &award(&restricted, &world.ru_lab, 100)).await.json().await.unwrap();
        let funding = funding["id"].as_str().unwrap().to_owned();
        let output: Value = app
            .post_json("/api/v1/outputs", &json!({"kind": "journal_article", "title": "Shared results", "year": 2023,
                "author_countries": ["RU", "CN"], "project_ids": [open, restricted], "funding_ids": [funding]}))
            .await
            .json()
            .await
            .unwrap();
        let path = format!("/api/v1/outputs/{}", output["id"].as_str().unwrap());
        let unlinked = app.patch_json(&path, Some("\"1\""), &json!({"project_ids": [open], "funding_ids": []})).await;
        assert_eq!(unlinked.status(), 200);

        // The head of an unrelated laboratory reads the output through its public project.
        let outsider = &world.other_head.access_token;
        assert_eq!(app.request_as(outsider, Method::GET, &path).send().await.unwrap().status(), 200);
        let history = app.request_as(outsider, Method::GET, &format!("{path}/history")).send().await.unwrap();
        assert_eq!(history.status(), 200);
        let history: Value = history.json().await.unwrap();
        let text = history.to_string();
        assert!(!text.contains(&restricted) && !text.contains(&funding), "{text}");
        let created = &history["items"][1]["changes"];
        assert_eq!(created["project_ids"]["after"], json!([open]), "{history}");
        assert_eq!(created["funding_ids"]["after"], json!([]), "{history}");
        assert_eq!(history["items"][0]["changes"], json!({}), "the unlinking is of nothing the outsider may see");
        // Staff see every link.
        let full: Value = app.get(&format!("{path}/history")).await.json().await.unwrap();
        assert!(full.to_string().contains(&restricted) && full.to_string().contains(&funding));
    }

    async fn an_over_long_url_is_a_414_problem_with_the_usual_headers(backend) {
        let app = TestApp::spawn(backend).await;
        let client = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
        let url = app.url(&format!("/api/v1/institutions?q={}", "a".repeat(10_000)));
        let response = client.get(url).header("X-Request-Id", "long-url-probe").send().await.unwrap();
        assert_eq!(response.headers()["x-request-id"], "long-url-probe");
        assert_security_headers(&response);
        let problem = assert_problem(response, 414).await;
        assert!(problem["detail"].as_str().unwrap().contains("8192"), "{problem}");

        // 100,000 characters: beyond what an HTTP client library will even send, so by hand.
        let target = format!("/api/v1/institutions?q={}", "a".repeat(100_000));
        let (head, body) = raw_get(&app, &target, "long-url-probe-2").await;
        assert!(head.starts_with("HTTP/1.1 414"), "{head}");
        let head = head.to_ascii_lowercase();
        for header in ["content-type: application/problem+json", "x-request-id: long-url-probe-2", "x-content-type-options: nosniff", "cache-control: no-store"] {
            assert!(head.contains(header), "{header} in {head}");
        }
        let problem: Value = serde_json::from_str(&body).unwrap();
        assert_eq!((problem["status"].as_u64(), problem["request_id"].as_str()), (Some(414), Some("long-url-probe-2")));
        assert_eq!(app.get("/api/v1/institutions?q=wuhan").await.status(), 200, "the server still answers");
    }

    async fn only_staff_move_a_lab_or_change_its_head(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let lab = format!("/api/v1/labs/{}", world.ru_lab);
        let head = &world.ru_head.access_token;
        for change in [json!({"institution_id": world.wuhan}), json!({"head_user_id": world.cn_head.user.id})] {
            assert_problem(app.patch_current(head, &lab, &change).await, 403).await;
        }
        let unchanged: Value = app.get(&lab).await.json().await.unwrap();
        assert_eq!((unchanged["institution_id"].as_str(), unchanged["version"].as_i64()), (Some(world.susu.as_str()), Some(1)));
        // Naming what is already there changes nothing, so it is the head's to send.
        assert_eq!(app.patch_current(head, &lab, &json!({"institution_id": world.susu, "research_line": "Fibrosis"})).await.status(), 200);
        assert_eq!(app.patch_current(&app.admin.access_token, &lab, &json!({"institution_id": world.wuhan})).await.status(), 200);
    }

    async fn an_update_needs_the_etag_it_read_not_a_wildcard(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let lab = format!("/api/v1/labs/{}", world.ru_lab);
        let wildcard = app.patch_json(&lab, Some("*"), &json!({"research_line": "Fibrosis"})).await;
        let problem = assert_problem(wildcard, 428).await;
        assert!(problem["detail"].as_str().unwrap().contains("not `*`"), "{problem}");
        // A head replaced meanwhile edits nothing, whatever ETag they hold.
        let etag = app.etag_of(&lab).await;
        let replaced = app.patch_current(&app.admin.access_token, &lab, &json!({"head_user_id": world.other_head.user.id})).await;
        assert_eq!(replaced.status(), 200);
        let stale_head = app.request_as(&world.ru_head.access_token, Method::PATCH, &lab).header("If-Match", etag).json(&json!({"research_line": "x"}));
        assert_problem(stale_head.send().await.unwrap(), 403).await;
    }

    async fn smaller_defects_answer_as_documented(backend) {
        let app = TestApp::spawn(backend).await;
        // A missing required field is named, with the code `required`.
        let problem = assert_problem(app.post_json("/api/v1/institutions", &json!({"country": "RU", "kind": "other"})).await, 422).await;
        assert_eq!((error_fields(&problem), problem["errors"][0]["code"].clone()), (vec!["names".to_owned()], json!("required")));
        // `from` after `to` is a 422, as on coverage.
        let backwards = assert_problem(app.get("/api/v1/funding-gaps?from=2026-02-01&to=2026-01-01").await, 422).await;
        assert_eq!(error_fields(&backwards), ["to"]);
        // CSV asked of a resource that has none: 406, never JSON with 200.
        let csv = app.client.get(app.url("/api/v1/me")).header("Accept", "text/csv").send().await.unwrap();
        let problem = assert_problem(csv, 406).await;
        assert!(problem["detail"].as_str().unwrap().contains("application/json"), "{problem}");
        let either = app.client.get(app.url("/api/v1/me")).header("Accept", "text/csv, application/json;q=0.5").send().await.unwrap();
        assert_eq!(either.status(), 200);
        // A failed sign-in says which scheme would succeed.
        let failed = app.anonymous.post(app.url("/api/v1/auth/login")).json(&json!({"email": "nobody@example.org", "password": "wrong password!"})).send().await.unwrap();
        assert_eq!(failed.headers()["www-authenticate"], "Bearer realm=\"jointreg\"");
        assert_problem(failed, 401).await;
    }
}
