use std::collections::HashSet;

use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{TestApp, assert_problem, error_fields};

/// Creates `count` institutions whose English names repeat, so ties must be broken by id.
async fn seed(app: &TestApp, count: usize) -> HashSet<String> {
    let mut ids = HashSet::new();
    for i in 0..count {
        let body = json!({
            "names": {"en": format!("Institute {:02}", i % 40), "ru": format!("Институт {i}"), "zh": format!("研究所{i}")},
            "country": if i % 3 == 0 { "RU" } else { "CN" },
            "kind": if i % 2 == 0 { "university" } else { "academy_institute" }
        });
        let created = app.create_institution(&body).await;
        ids.insert(created["id"].as_str().unwrap().to_owned());
    }
    ids
}

/// Follows `next` links from `first` and returns the ids in the order served.
async fn walk(app: &TestApp, first: &str) -> (Vec<Value>, Vec<i64>) {
    let mut items = Vec::new();
    let mut totals = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(path) = next {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200);
        let link = response.headers().get("link").map(|v| v.to_str().unwrap().to_owned());
        let page: Value = response.json().await.unwrap();
        totals.push(page["total"].as_i64().unwrap());
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        next = page["next"].as_str().map(str::to_owned);
        assert_eq!(link, next.as_ref().map(|n| format!("<{n}>; rel=\"next\"")));
        assert!(items.len() <= 1000, "runaway paging");
    }
    (items, totals)
}

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
}

both_backends! {
    async fn paging_through_250_records_serves_each_exactly_once_in_every_sort(backend) {
        let app = TestApp::spawn(backend).await;
        let created = seed(&app, 250).await;

        for sort in ["name", "-name", "created", "-created"] {
            let (items, totals) = walk(&app, &format!("/api/v1/institutions?sort={sort}&limit=7")).await;
            let served = ids(&items);
            assert_eq!(served.len(), 250, "sort={sort}");
            assert_eq!(served.iter().cloned().collect::<HashSet<_>>(), created, "sort={sort}");
            assert!(totals.iter().all(|t| *t == 250));

            let keys: Vec<(String, String)> = items
                .iter()
                .map(|i| (i["names"]["en"].as_str().unwrap().to_lowercase(), i["id"].as_str().unwrap().to_owned()))
                .collect();
            let mut expected = keys.clone();
            match sort {
                "name" => expected.sort(),
                "-name" => expected.sort_by(|a, b| b.cmp(a)),
                "created" => expected.sort_by(|a, b| a.1.cmp(&b.1)),
                _ => expected.sort_by(|a, b| b.1.cmp(&a.1)),
            }
            assert_eq!(keys, expected, "sort={sort}");
        }
    }

    async fn filters_apply_to_items_total_and_next_links(backend) {
        let app = TestApp::spawn(backend).await;
        seed(&app, 30).await;

        let (items, totals) = walk(&app, "/api/v1/institutions?country=ru&kind=university&limit=2").await;

        // i % 3 == 0 and i % 2 == 0: i in {0, 6, 12, 18, 24}.
        assert_eq!(items.len(), 5);
        assert!(totals.iter().all(|t| *t == 5));
        assert!(items.iter().all(|i| i["country"] == "RU" && i["kind"] == "university"));
    }

    async fn limit_and_cursor_are_validated(backend) {
        let app = TestApp::spawn(backend).await;
        seed(&app, 3).await;

        for bad in ["limit=0", "limit=101", "limit=abc", "sort=size", "cursor=garbage", "contry=RU", "country=XX", "country=Ru", "kind=castle"] {
            let problem = assert_problem(app.get(&format!("/api/v1/institutions?{bad}")).await, 422).await;
            let field = bad.split('=').next().unwrap();
            assert!(
                error_fields(&problem).iter().any(|f| f == field) || problem["errors"][0]["message"].as_str().unwrap().contains(field),
                "{bad}: {problem}"
            );
        }
        let first: Value = app.get("/api/v1/institutions?limit=1&sort=name").await.json().await.unwrap();
        let cursor = first["next_cursor"].as_str().unwrap();
        let problem = assert_problem(app.get(&format!("/api/v1/institutions?sort=-name&cursor={cursor}")).await, 422).await;
        assert_eq!(error_fields(&problem), ["cursor"]);
        let empty_cursor = app.get("/api/v1/institutions?cursor=").await;
        assert_eq!(empty_cursor.status(), 200, "an empty cursor is the first page");
        let page: Value = app.get("/api/v1/institutions?limit=100").await.json().await.unwrap();
        assert_eq!(page["next"], Value::Null);
        assert_eq!(page["items"].as_array().unwrap().len(), 3);
    }
}
