use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{TestApp, assert_problem, error_fields, south_ural_university, wuhan_university};

both_backends! {
    async fn create_returns_201_with_location_etag_and_normalised_fields(backend) {
        let app = TestApp::spawn(backend).await;
        let mut body = wuhan_university();
        body["country"] = json!("cn");
        body["ror_id"] = json!("033VJFK17");
        body["names"]["en"] = json!("  Wuhan University ");

        let response = app.post_json("/api/v1/institutions", &body).await;

        assert_eq!(response.status(), 201);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(response.headers()["etag"], "\"1\"");
        let created: Value = response.json().await.unwrap();
        assert_eq!(location, format!("/api/v1/institutions/{}", created["id"].as_str().unwrap()));
        assert_eq!(created["names"], json!({"en": "Wuhan University", "ru": "Уханьский университет", "zh": "武汉大学"}));
        assert_eq!(created["country"], "CN");
        assert_eq!(created["ror_id"], "https://ror.org/033vjfk17");
        assert_eq!(created["kind"], "university");
        assert_eq!(created["version"], 1);

        let fetched: Value = app.get(&location).await.json().await.unwrap();
        assert_eq!(fetched, created);
    }

    async fn get_unknown_or_malformed_id_is_404(backend) {
        let app = TestApp::spawn(backend).await;
        assert_problem(app.get("/api/v1/institutions/01900000-0000-7000-8000-000000000000").await, 404).await;
        assert_problem(app.get("/api/v1/institutions/not-a-uuid").await, 404).await;
    }

    async fn patch_changes_only_the_fields_sent_and_null_clears(backend) {
        let app = TestApp::spawn(backend).await;
        let created = app.create_institution(&wuhan_university()).await;
        let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());

        let response = app
            .patch_json(&path, Some("\"1\""), &json!({"names": {"ru": null}, "city": "Wuhan, Hubei", "website": null}))
            .await;

        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["etag"], "\"2\"");
        let updated: Value = response.json().await.unwrap();
        assert_eq!(updated["names"], json!({"en": "Wuhan University", "ru": null, "zh": "武汉大学"}));
        assert_eq!(updated["city"], "Wuhan, Hubei");
        assert_eq!(updated["website"], Value::Null);
        assert_eq!(updated["ror_id"], "https://ror.org/033vjfk17");
        assert_eq!(updated["version"], 2);
        assert_eq!(app.get(&path).await.json::<Value>().await.unwrap(), updated);
    }

    async fn patch_refuses_null_for_required_fields_and_unknown_fields(backend) {
        let app = TestApp::spawn(backend).await;
        let created = app.create_institution(&wuhan_university()).await;
        let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());

        let problem = assert_problem(app.patch_json(&path, Some("\"1\""), &json!({"country": null})).await, 422).await;
        assert_eq!(error_fields(&problem), ["country"]);
        let problem = assert_problem(app.patch_json(&path, Some("\"1\""), &json!({"version": 7})).await, 422).await;
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains("version"), "{problem}");

        let unchanged: Value = app.get(&path).await.json().await.unwrap();
        assert_eq!(unchanged, created);
    }

    async fn delete_removes_and_then_404(backend) {
        let app = TestApp::spawn(backend).await;
        let created = app.create_institution(&wuhan_university()).await;
        let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());

        let stale = app.client.delete(app.url(&path)).header("If-Match", "\"9\"").send().await.unwrap();
        assert_problem(stale, 412).await;
        let response = app.client.delete(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 204);

        assert_problem(app.get(&path).await, 404).await;
        assert_problem(app.client.delete(app.url(&path)).send().await.unwrap(), 404).await;
    }

    async fn a_ror_id_belongs_to_one_institution(backend) {
        let app = TestApp::spawn(backend).await;
        let first = app.create_institution(&wuhan_university()).await;
        let mut second = south_ural_university();
        second["ror_id"] = json!("033vjfk17");

        let problem = assert_problem(app.post_json("/api/v1/institutions", &second).await, 409).await;
        assert_eq!(error_fields(&problem), ["ror_id"]);
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains(first["id"].as_str().unwrap()));

        let other = app.create_institution(&south_ural_university()).await;
        let path = format!("/api/v1/institutions/{}", other["id"].as_str().unwrap());
        let problem = assert_problem(app.patch_json(&path, Some("\"1\""), &json!({"ror_id": "033vjfk17"})).await, 409).await;
        assert_eq!(error_fields(&problem), ["ror_id"]);
        let list: Value = app.get("/api/v1/institutions").await.json().await.unwrap();
        assert_eq!(list["total"], 2);
    }

    async fn validation_reports_every_bad_field_at_once(backend) {
        let app = TestApp::spawn(backend).await;
        let body = json!({
            "names": {"en": "", "ru": "x".repeat(301)},
            "country": "XX",
            "ror_id": "033vjfk18",
            "kind": "university",
            "website": "ftp://example.org"
        });

        let problem = assert_problem(app.post_json("/api/v1/institutions", &body).await, 422).await;

        assert_eq!(error_fields(&problem), ["country", "names.en", "names.ru", "ror_id", "website"]);
        // A word the enum does not have is refused on its own, with the words it does have.
        let castle = json!({"names": {"en": "X"}, "country": "RU", "kind": "castle"});
        let problem = assert_problem(app.post_json("/api/v1/institutions", &castle).await, 422).await;
        assert_eq!((error_fields(&problem), problem["errors"][0]["code"].clone()), (vec!["kind".to_owned()], json!("invalid_value")));
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains("`academy_institute`"), "{problem}");
        for error in problem["errors"].as_array().unwrap() {
            assert!(error["code"].is_string() && error["message"].is_string(), "{error}");
        }
        let list: Value = app.get("/api/v1/institutions").await.json().await.unwrap();
        assert_eq!(list["total"], 0, "nothing half-written");
    }

    async fn missing_required_fields_are_422_naming_the_field(backend) {
        let app = TestApp::spawn(backend).await;
        let problem = assert_problem(app.post_json("/api/v1/institutions", &json!({"names": {"en": "X"}, "kind": "other"})).await, 422).await;
        assert_eq!(error_fields(&problem), ["country"]);
        assert_eq!(problem["errors"][0]["code"], "required", "{problem}");
        let problem = assert_problem(app.post_json("/api/v1/institutions", &json!({"names": {"en": 5}, "country": "RU", "kind": "other"})).await, 422).await;
        assert_eq!(error_fields(&problem), ["names.en"]);
    }
}

both_backends! {
    async fn every_change_is_in_the_history_which_outlives_the_record(backend) {
        let app = TestApp::spawn(backend).await;
        let created = app.create_institution(&wuhan_university()).await;
        let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());
        app.patch_json(&path, Some("\"1\""), &json!({"city": "Wuhan, Hubei"})).await;
        let deleted = app.client.delete(app.url(&path)).header("X-Request-Id", "delete-42").send().await.unwrap();
        assert_eq!(deleted.status(), 204);

        let history: Value = app.get(&format!("{path}/history")).await.json().await.unwrap();

        let items = history["items"].as_array().unwrap();
        let actions: Vec<&str> = items.iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["delete", "update", "create"]);
        assert_eq!(items[1]["changes"], json!({"city": {"before": "Wuhan", "after": "Wuhan, Hubei"}}));
        assert_eq!(items[0]["request_id"], "delete-42");
        assert!(items.iter().all(|e| e["actor_kind"] == "user" && e["actor_id"] == json!(app.admin.user.id)));
        assert_eq!(items[2]["changes"]["name_zh"], json!({"before": null, "after": "武汉大学"}));
    }

    async fn the_history_table_refuses_updates_and_deletes(backend) {
        use diesel::connection::SimpleConnection;
        let app = TestApp::spawn(backend).await;
        app.create_institution(&wuhan_university()).await;
        let mut conn = app.database.connect();
        assert!(conn.batch_execute("UPDATE history SET action = 'forged'").is_err());
        assert!(conn.batch_execute("DELETE FROM history").is_err());
        let history: Value = app.get("/api/v1/institutions?limit=1").await.json().await.unwrap();
        assert_eq!(history["total"], 1);
    }

    async fn a_retried_create_with_the_same_key_returns_the_first_answer(backend) {
        let app = TestApp::spawn(backend).await;
        let send = |key: &str, body: &Value| {
            app.client.post(app.url("/api/v1/institutions")).header("Idempotency-Key", key).json(body).send()
        };

        let first = send("key-1", &wuhan_university()).await.unwrap();
        assert_eq!(first.status(), 201);
        let location = first.headers()["location"].clone();
        let first_body: Value = first.json().await.unwrap();
        let again = send("key-1", &wuhan_university()).await.unwrap();
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["location"], location);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), first_body);

        let other_body = send("key-1", &south_ural_university()).await.unwrap();
        assert_eq!(error_fields(&assert_problem(other_body, 422).await), ["Idempotency-Key"]);
        // Keys belong to their caller: another person's same key is a different key.
        let coordinator = app.session(jointreg::domain::role::Role::Coordinator).await;
        let theirs = app.request_as(&coordinator.access_token, reqwest::Method::POST, "/api/v1/institutions")
            .header("Idempotency-Key", "key-1").json(&south_ural_university()).send().await.unwrap();
        assert_eq!(theirs.status(), 201);
        // A failed create does not use up its key.
        let invalid = send("key-2", &json!({"names": {"en": ""}, "country": "RU", "kind": "other"})).await.unwrap();
        assert_problem(invalid, 422).await;
        assert_eq!(send("key-2", &json!({"names": {"en": "Fixed"}, "country": "RU", "kind": "other"})).await.unwrap().status(), 201);

        let list: Value = app.get("/api/v1/institutions").await.json().await.unwrap();
        assert_eq!(list["total"], 3);
    }

    async fn concurrent_duplicates_create_one_record(backend) {
        let app = TestApp::spawn_with(backend, |s| s.workers = 2).await;
        let body = wuhan_university();
        let attempts = (0..8).map(|_| app.client.post(app.url("/api/v1/institutions")).header("Idempotency-Key", "same").json(&body).send());
        let statuses: Vec<u16> = futures_util::future::join_all(attempts).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();

        assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
        assert!(statuses.contains(&201));
        let list: Value = app.get("/api/v1/institutions").await.json().await.unwrap();
        assert_eq!(list["total"], 1, "{statuses:?}");
    }

    async fn lists_answer_csv_with_every_match(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_institution(&wuhan_university()).await;
        app.create_institution(&south_ural_university()).await;
        app.create_institution(&json!({"names": {"en": "=HYPERLINK(\"http://evil\")"}, "country": "KZ", "kind": "other"})).await;

        let response = app.client.get(app.url("/api/v1/institutions?limit=1&sort=name")).header("Accept", "text/csv").send().await.unwrap();

        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        let text = response.text().await.unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 4, "a header and every match, whatever the limit: {text}");
        assert!(lines[0].starts_with("id,name_en,name_ru,name_zh,country"));
        assert!(text.contains("武汉大学") && text.contains("Южно-Уральский"));
        assert!(text.contains("'=HYPERLINK"), "formulas are defused: {text}");
    }

    async fn only_administrators_delete_and_only_what_nothing_refers_to(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = app.session(jointreg::domain::role::Role::Coordinator).await;
        let created = app.create_institution(&wuhan_university()).await;
        let id = created["id"].as_str().unwrap();
        let path = format!("/api/v1/institutions/{id}");
        assert_problem(app.request_as(&coordinator.access_token, reqwest::Method::DELETE, &path).send().await.unwrap(), 403).await;

        app.user(jointreg::domain::role::Role::LabHead, Some(id.to_owned()), jointreg::domain::role::UserStatus::Active);
        let referenced = app.client.delete(app.url(&path)).send().await.unwrap();
        let problem = assert_problem(referenced, 409).await;
        assert_eq!(error_fields(&problem), ["users"]);
        assert_eq!(problem["errors"][0]["message"], "1 accounts belong to it");
        assert_eq!(app.get(&path).await.status(), 200);
    }
}
