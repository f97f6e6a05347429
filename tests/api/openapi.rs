use serde_json::Value;

use crate::both_backends;
use crate::helpers::TestApp;

const REGENERATE: &str = "cargo run --quiet -- openapi > openapi/openapi.json";

#[test]
fn committed_openapi_document_matches_the_code() {
    let generated: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json");
    let committed: Value =
        std::fs::read_to_string(path).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or(Value::Null);
    assert!(
        generated == committed,
        "openapi/openapi.json is out of date with the code; regenerate it with:\n    {REGENERATE}"
    );
}

#[test]
fn the_document_is_openapi_3_1_and_every_error_is_a_problem() {
    let document: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    let content = response["content"].as_object().unwrap_or_else(|| panic!("{method} {path} {status}"));
                    assert!(content.contains_key("application/problem+json"), "{method} {path} {status}");
                }
            }
        }
    }
}

both_backends! {
    async fn the_served_document_is_the_generated_one_and_docs_work_offline(backend) {
        let app = TestApp::spawn(backend).await;
        let served: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        assert_eq!(served, serde_json::to_value(jointreg::openapi::document()).unwrap());

        let page = app.get("/docs/").await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(!html.contains("https://"), "the docs page loads nothing from the internet");
        for asset in ["/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/docs/swagger-initializer.js"] {
            let response = app.get(asset).await;
            assert_eq!(response.status(), 200, "{asset}");
            let text = response.text().await.unwrap();
            if asset.ends_with("initializer.js") {
                assert!(text.contains("/api/v1/openapi.json"), "{text}");
            }
        }
        assert_eq!(app.get("/docs").await.headers()["location"], "/docs/");
    }
}
