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
            "kind": "castle",
            "website": "ftp://example.org"
        });

        let problem = assert_problem(app.post_json("/api/v1/institutions", &body).await, 422).await;

        assert_eq!(error_fields(&problem), ["country", "kind", "names.en", "names.ru", "ror_id", "website"]);
        for error in problem["errors"].as_array().unwrap() {
            assert!(error["code"].is_string() && error["message"].is_string(), "{error}");
        }
        let list: Value = app.get("/api/v1/institutions").await.json().await.unwrap();
        assert_eq!(list["total"], 0, "nothing half-written");
    }

    async fn missing_required_fields_are_422_naming_the_field(backend) {
        let app = TestApp::spawn(backend).await;
        let problem = assert_problem(app.post_json("/api/v1/institutions", &json!({"names": {"en": "X"}, "kind": "other"})).await, 422).await;
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains("country"), "{problem}");
        let problem = assert_problem(app.post_json("/api/v1/institutions", &json!({"names": {"en": 5}, "country": "RU", "kind": "other"})).await, 422).await;
        assert_eq!(error_fields(&problem), ["names.en"]);
    }
}
