use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{TestApp, assert_problem, south_ural_university, wuhan_university};

async fn names_found(app: &TestApp, query: &str) -> Vec<String> {
    let url = reqwest::Url::parse_with_params(&app.url("/api/v1/institutions"), &[("q", query)]).unwrap();
    let response = app.client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "q={query}");
    let page: Value = response.json().await.unwrap();
    let mut names: Vec<String> =
        page["items"].as_array().unwrap().iter().map(|i| i["names"]["en"].as_str().unwrap().to_owned()).collect();
    names.sort();
    assert_eq!(page["total"].as_u64().unwrap() as usize, names.len());
    names
}

both_backends! {
    async fn search_matches_names_in_latin_cyrillic_and_chinese_ignoring_case(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_institution(&wuhan_university()).await;
        app.create_institution(&south_ural_university()).await;
        app.create_institution(&json!({
            "names": {"en": "Korolev Samara University", "ru": "Самарский университет имени Королёва"},
            "country": "RU", "kind": "university"
        })).await;

        let wuhan = ["Wuhan University"];
        let susu = ["South Ural State University"];
        for query in ["wuhan", "WUHAN", "Wuhan Univ", "武汉", "武汉大学", "Уханьский", "УХАНЬСКИЙ УНИВЕРСИТЕТ", "ＷＵＨＡＮ"] {
            assert_eq!(names_found(&app, query).await, wuhan, "q={query}");
        }
        for query in ["south ural", "южно-уральский", "ЮЖНО-УРАЛЬСКИЙ", "南乌拉尔"] {
            assert_eq!(names_found(&app, query).await, susu, "q={query}");
        }
        // ё and е are one letter to Russian readers.
        assert_eq!(names_found(&app, "Королев").await, ["Korolev Samara University"]);
        assert_eq!(names_found(&app, "королёва").await, ["Korolev Samara University"]);
        assert_eq!(names_found(&app, "университет").await.len(), 3);
        assert!(names_found(&app, "университет 武汉").await.is_empty(), "a query does not match across two names");
    }

    async fn like_wildcards_in_a_query_are_literal(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_institution(&wuhan_university()).await;
        app.create_institution(&json!({"names": {"en": "Lab 100% Open_Science"}, "country": "KZ", "kind": "other"})).await;

        assert_eq!(names_found(&app, "%").await, ["Lab 100% Open_Science"]);
        assert_eq!(names_found(&app, "_").await, ["Lab 100% Open_Science"]);
        assert!(names_found(&app, "w_han").await.is_empty());
    }

    async fn a_nul_in_the_query_is_422(backend) {
        let app = TestApp::spawn(backend).await;
        assert_problem(app.get("/api/v1/institutions?q=a%00b").await, 422).await;
    }
}
