use std::time::Duration;

use diesel::connection::SimpleConnection;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, error_fields, wuhan_university};
use crate::{api_test, both_backends};

both_backends! {
    async fn unknown_route_is_a_404_problem(backend) {
        let app = TestApp::spawn(backend).await;
        let problem = assert_problem(app.get("/api/v1/no-such-thing").await, 404).await;
        assert_eq!(problem["instance"], "/api/v1/no-such-thing");
    }

    async fn known_path_with_wrong_method_is_405_with_allow(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.client.put(app.url("/api/v1/institutions")).send().await.unwrap();
        assert_eq!(response.headers()["allow"], "GET, POST");
        assert_problem(response, 405).await;

        let item = "/api/v1/institutions/01900000-0000-7000-8000-000000000000";
        let response = app.client.post(app.url(item)).send().await.unwrap();
        assert_eq!(response.headers()["allow"], "GET, PATCH, DELETE");
        assert_problem(response, 405).await;

        let response = app.client.delete(app.url("/health/live")).send().await.unwrap();
        assert_eq!(response.headers()["allow"], "GET");
        assert_problem(response, 405).await;
    }

    async fn malformed_json_is_400(backend) {
        let app = TestApp::spawn(backend).await;
        for body in ["{", "{\"names\": }", "", "[1, 2] trailing"] {
            let response = app
                .client
                .post(app.url("/api/v1/institutions"))
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_problem(response, 400).await;
        }
    }

    async fn a_body_that_is_not_an_object_is_422_and_changes_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let created: Value = app.post_json("/api/v1/institutions", &wuhan_university()).await.json().await.unwrap();
        let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());
        // serde reads a struct from an array of its fields, so `[]` once passed as an empty patch.
        for body in ["[]", "[\"Wuhan\"]", "\"x\"", "42", "null"] {
            let response = app.client.patch(app.url(&path)).header("content-type", "application/merge-patch+json")
                .header("if-match", "\"1\"").body(body).send().await.unwrap();
            let problem = assert_problem(response, 422).await;
            assert_eq!(problem["errors"][0]["code"], "not_an_object", "{body}");
            let response = app.client.post(app.url("/api/v1/institutions")).header("content-type", "application/json")
                .body(body).send().await.unwrap();
            assert_problem(response, 422).await;
        }
        let after: Value = app.get(&path).await.json().await.unwrap();
        assert_eq!(after["version"], 1, "nothing was written");
        let list: Value = app.get("/api/v1/institutions").await.json().await.unwrap();
        assert_eq!(list["total"], 1);
    }

    async fn wrong_content_type_is_415(backend) {
        let app = TestApp::spawn(backend).await;
        let body = wuhan_university().to_string();
        for content_type in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
            let mut request = app.client.post(app.url("/api/v1/institutions")).body(body.clone());
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            assert_problem(request.send().await.unwrap(), 415).await;
        }
        let merge_patch = app
            .client
            .post(app.url("/api/v1/institutions"))
            .header("content-type", "application/json; charset=utf-8")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(merge_patch.status(), 201);
    }

    async fn body_over_the_limit_is_413(backend) {
        let app = TestApp::spawn_with(backend, |s| s.max_body_bytes = 4096).await;
        let mut body = wuhan_university();
        body["city"] = json!("x".repeat(5000));

        let problem = assert_problem(app.post_json("/api/v1/institutions", &body).await, 413).await;
        assert!(problem["detail"].as_str().unwrap().contains("4096"));

        // Chunked, so no Content-Length announces the size up front.
        let stream = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(body.to_string().into_bytes())]);
        let chunked = app
            .client
            .post(app.url("/api/v1/institutions"))
            .header("content-type", "application/json")
            .body(reqwest::Body::wrap_stream(stream))
            .send()
            .await
            .unwrap();
        assert_problem(chunked, 413).await;
    }

    async fn text_with_nul_is_422_and_stores_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let mut body = wuhan_university();
        body["names"]["zh"] = json!("武汉\u{0}大学");
        body["city"] = json!("Wu\u{0}han");

        let problem = assert_problem(app.post_json("/api/v1/institutions", &body).await, 422).await;

        assert_eq!(error_fields(&problem), ["city", "names.zh"]);
        assert!(problem["errors"].as_array().unwrap().iter().all(|e| e["code"] == "nul_character"));
        let list: Value = app.get("/api/v1/institutions").await.json().await.unwrap();
        assert_eq!(list["total"], 0);
    }

    async fn an_internal_error_says_nothing_but_the_request_id(backend) {
        let app = TestApp::spawn(backend).await;
        // Break the schema under the running service: every query on the table now fails.
        let mut conn = app.database.connect();
        conn.batch_execute("ALTER TABLE institutions RENAME TO institutions_moved").unwrap();

        let response = app.client.get(app.url("/api/v1/institutions")).header("X-Request-Id", "trace-500").send().await.unwrap();

        let problem = assert_problem(response, 500).await;
        assert_eq!(problem["request_id"], "trace-500");
        let text = problem.to_string();
        assert!(!text.contains("institutions_moved") && !text.contains("no such table") && !text.contains("relation"), "{text}");
        let mut keys: Vec<String> = problem.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["detail", "instance", "request_id", "status", "title", "type"]);
    }
}

api_test! {
    async fn sqlite_locked_by_another_process_is_503_with_retry_after() {
        let app =
            TestApp::spawn_with(crate::helpers::Backend::Sqlite, |s| s.db_busy_timeout = Duration::from_millis(200)).await;
        app.create_institution(&wuhan_university()).await;
        // Another process holds the write lock (e.g. a backup tool): writers queue, then give up.
        let mut other = app.database.connect();
        other.batch_execute("BEGIN EXCLUSIVE").unwrap();

        let response = app.post_json("/api/v1/institutions", &crate::helpers::south_ural_university()).await;

        assert_eq!(response.headers()["retry-after"], "2");
        assert_problem(response, 503).await;
        other.batch_execute("ROLLBACK").unwrap();
        assert_eq!(app.post_json("/api/v1/institutions", &crate::helpers::south_ural_university()).await.status(), 201);
    }
}

api_test! {
    #[requires(Postgres)]
    async fn postgres_gone_is_503_with_retry_after_and_not_ready() {
        let app =
            TestApp::spawn_with(crate::helpers::Backend::Postgres, |s| s.db_connect_timeout = Duration::from_secs(1)).await;
        app.create_institution(&wuhan_university()).await;
        let jointreg::config::DatabaseUrl::Postgres { url } = &app.database.url else { unreachable!() };
        let name = url.rsplit('/').next().unwrap().to_owned();
        // The database disappears under the service: its connections are killed, new ones refused.
        let mut admin = <diesel::PgConnection as diesel::Connection>::establish(
            crate::helpers::Backend::postgres_server().unwrap().as_str(),
        )
        .unwrap();
        admin.batch_execute(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false")).unwrap();
        admin
            .batch_execute(&format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            .unwrap();

        let started = std::time::Instant::now();
        let response = app.get("/api/v1/institutions").await;
        assert_eq!(response.headers()["retry-after"], "2");
        assert_problem(response, 503).await;
        assert!(started.elapsed() < Duration::from_secs(3), "answered in {:?}", started.elapsed());
        assert_problem(app.get("/health/ready").await, 503).await;

        admin.batch_execute(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")).unwrap();
        let ready = app.get("/health/ready").await;
        assert_eq!(ready.status(), 200, "recovers without a restart");
        let list: Value = app.get("/api/v1/institutions").await.json().await.unwrap();
        assert_eq!(list["total"], 1);
    }
}
