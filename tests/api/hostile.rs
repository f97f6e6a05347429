//! Hostile input, driven by the OpenAPI document so no route is forgotten: every write route gets
//! unknown and mass-assigned fields, bodies that are not objects, nesting deeper than any parser
//! should follow and bytes that are not UTF-8; every list gets broken `limit`s and cursors and
//! SQL / LIKE metacharacters in its search. Each answer is a clear 4xx problem (lists: 200 with
//! no false matches), never a 5xx, and nothing is written.

use diesel::prelude::*;
use jointreg::db::schema::{history, outbox};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{TestApp, wuhan_university};
use crate::openapi::request_example;

const SOME_ID: &str = "01900000-0000-7000-8000-000000000000";

/// Rows of the audit history and the mail outbox: every write leaves one or the other.
fn written(app: &TestApp) -> (i64, i64) {
    let mut conn = app.database.connect();
    let history: i64 = history::table.count().get_result(&mut conn).unwrap();
    let outbox: i64 = outbox::table.count().get_result(&mut conn).unwrap();
    (history, outbox)
}

/// (method, path, example body) of every operation that takes a JSON body.
fn write_operations(document: &Value) -> Vec<(Method, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            // A form (`POST /oai`, OAI-PMH) is not a JSON body: 415 for JSON, tested with it.
            let content = operation["requestBody"]["content"].as_object();
            if operation["requestBody"].is_null() || content.is_some_and(|c| c.keys().all(|k| !k.contains("json"))) {
                continue;
            }
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let concrete = path.replace("{id}", SOME_ID).replace("{key}", "gap:x:2026-01-01");
            found.push((method, concrete, request_example(document, operation)));
        }
    }
    found
}

async fn send(app: &TestApp, method: &Method, path: &str, body: Vec<u8>) -> (u16, Value) {
    let response = app
        .client
        .request(method.clone(), app.url(path))
        .header("content-type", "application/json")
        .header("if-match", "\"1\"")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    let problem: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(content_type.as_deref(), Some("application/problem+json"), "{method} {path}: {status} {problem}");
    (status, problem)
}

both_backends! {
    async fn every_write_route_refuses_hostile_bodies_with_a_4xx_and_writes_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_institution(&wuhan_university()).await;
        let document: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
        let operations = write_operations(&document);
        assert!(operations.len() >= 25, "{} write operations", operations.len());
        let before = written(&app);
        let deep = format!("{}1{}", "{\"a\":".repeat(5000), "}".repeat(5000));

        for (method, path, example) in &operations {
            let name = format!("{method} {path}");
            assert!(example.is_object(), "{name} documents an example body");
            let mut unknown = example.clone();
            let injected: Vec<&str> = ["unexpected_field", "id", "version", "created_at", "role", "institution", "head", "auth_version", "password_hash"]
                .into_iter()
                .filter(|field| example.get(*field).is_none())
                .collect();
            for field in &injected {
                unknown[*field] = json!("01a21f73-9c00-7000-8000-000000000001");
            }
            let bodies: [(&str, Vec<u8>, &[u16]); 5] = [
                ("unknown and mass-assigned fields", unknown.to_string().into_bytes(), &[401, 404, 422]),
                ("an array", b"[]".to_vec(), &[401, 404, 422]),
                ("a string", b"\"x\"".to_vec(), &[401, 404, 422]),
                ("nesting 5000 deep", deep.clone().into_bytes(), &[400, 401, 404]),
                ("bytes that are not UTF-8", b"{\"names\": {\"en\": \"\xff\xfe\"}}".to_vec(), &[400, 401, 404]),
            ];
            for (what, body, expected) in bodies {
                let (status, problem) = send(&app, method, path, body).await;
                assert!(expected.contains(&status), "{name} with {what}: {status} {problem}");
                if status == 422 && what.starts_with("unknown") {
                    let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
                    assert!(fields.iter().any(|f| injected.contains(f)), "{name} names an injected field: {problem}");
                }
            }
        }
        assert_eq!(written(&app), before, "nothing was written");
    }

    async fn every_list_refuses_broken_paging_and_treats_search_text_as_text(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_institution(&wuhan_university()).await;
        let document: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
        let mut lists = 0;
        for (path, item) in document["paths"].as_object().unwrap() {
            let Some(operation) = item.get("get") else { continue };
            let names: Vec<&str> = operation["parameters"].as_array().map(|p| p.iter().filter_map(|p| p["name"].as_str()).collect()).unwrap_or_default();
            if path.contains('{') || !names.contains(&"limit") {
                continue;
            }
            lists += 1;
            for limit in ["0", "-1", "1000000000", "ten", "1e3", ""] {
                let response = app.get(&format!("{path}?limit={limit}")).await;
                assert_eq!(response.status(), 422, "{path}?limit={limit}");
            }
            if names.contains(&"cursor") {
                // Base64 of a cursor made for another sort, and of one with a forged key.
                let other_sort = "eyJzb3J0Ijoibm9wZSIsImtleSI6IngiLCJpZCI6IngifQ";
                for cursor in ["garbage", "eyJzb3J0IjoibmFtZSJ9", other_sort, "%00", "..%2F..%2Fetc"] {
                    let response = app.get(&format!("{path}?cursor={cursor}")).await;
                    assert_eq!(response.status(), 422, "{path}?cursor={cursor}");
                }
            }
            if names.contains(&"q") {
                for q in ["%25", "_", "%27%20OR%20%271%27%3D%271", "%5C", "%27%3B%20DROP%20TABLE%20institutions%3B--"] {
                    let response = app.get(&format!("{path}?q={q}")).await;
                    assert_eq!(response.status(), 200, "{path}?q={q}");
                    let page: Value = response.json().await.unwrap();
                    assert_eq!(page["total"], 0, "{path}?q={q} matches nothing: {page}");
                }
            }
        }
        assert!(lists >= 10, "{lists} lists");
        let still: Value = app.get("/api/v1/institutions").await.json().await.unwrap();
        assert_eq!(still["total"], 1);
    }
}
