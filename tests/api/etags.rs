use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{TestApp, assert_problem, wuhan_university};

both_backends! {
    async fn patch_without_if_match_is_428_and_changes_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let created = app.create_institution(&wuhan_university()).await;
        let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());

        assert_problem(app.patch_json(&path, None, &json!({"city": "Elsewhere"})).await, 428).await;

        let current: Value = app.get(&path).await.json().await.unwrap();
        assert_eq!(current["city"], "Wuhan");
    }

    async fn the_second_writer_with_an_old_etag_gets_412(backend) {
        let app = TestApp::spawn(backend).await;
        let created = app.create_institution(&wuhan_university()).await;
        let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());

        let first = app.patch_json(&path, Some("\"1\""), &json!({"city": "First"})).await;
        assert_eq!(first.status(), 200);
        let second = app.patch_json(&path, Some("\"1\""), &json!({"city": "Second"})).await;
        assert_problem(second, 412).await;

        let current = app.get(&path).await;
        assert_eq!(current.headers()["etag"], "\"2\"");
        assert_eq!(current.json::<Value>().await.unwrap()["city"], "First");
        // Weak tags never satisfy If-Match (strong comparison).
        assert_problem(app.patch_json(&path, Some("W/\"2\""), &json!({"city": "Weak"})).await, 412).await;
        assert_eq!(app.patch_json(&path, Some("\"1\", \"2\""), &json!({"city": "Listed"})).await.status(), 200);
    }

    async fn concurrent_patches_with_one_etag_let_exactly_one_through(backend) {
        let app = TestApp::spawn(backend).await;
        let created = app.create_institution(&wuhan_university()).await;
        let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());

        let bodies: Vec<Value> = (0..10).map(|i| json!({"city": format!("City {i}")})).collect();
        let attempts = bodies.iter().map(|body| app.patch_json(&path, Some("\"1\""), body));
        let statuses: Vec<u16> = futures_util::future::join_all(attempts).await.iter().map(|r| r.status().as_u16()).collect();

        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 412).count(), 9, "{statuses:?}");
        let current: Value = app.get(&path).await.json().await.unwrap();
        assert_eq!(current["version"], 2);
    }

    async fn get_with_current_etag_is_304(backend) {
        let app = TestApp::spawn(backend).await;
        let created = app.create_institution(&wuhan_university()).await;
        let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());

        let cached = app.client.get(app.url(&path)).header("If-None-Match", "\"1\"").send().await.unwrap();
        assert_eq!(cached.status(), 304);
        assert_eq!(cached.headers()["etag"], "\"1\"");
        let stale = app.client.get(app.url(&path)).header("If-None-Match", "\"0\"").send().await.unwrap();
        assert_eq!(stale.status(), 200);
    }
}
