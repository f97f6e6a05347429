//! Lookups by the identifiers partner systems already hold, each in any spelling people write it:
//! institutions and funders by ROR id, funders by Crossref Funder DOI, projects by a participant's
//! ORCID iD (through the caller's visibility), funding by award number (with or without the
//! funder). A malformed identifier is a 422 naming the parameter, never an empty page. Every list
//! also answers only what changed since an instant (`updated_since`), for incremental sync.

use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, error_fields};
use crate::projects::{create, project_body};

const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";

/// The ids of the items of the list at `path`, read as the administrator (or anonymously).
async fn ids(app: &TestApp, path: &str, anonymous: bool) -> Vec<String> {
    let response = if anonymous { app.anonymous.get(app.url(path)).send().await.unwrap() } else { app.get(path).await };
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{path}: {body}");
    body["items"].as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap().to_owned()).collect()
}

both_backends! {
    async fn institutions_and_funders_are_found_by_ror_id_and_funder_doi_in_any_spelling(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        for spelling in ["033vjfk17", "ror.org/033vjfk17", "https://ror.org/033VJFK17"] {
            let found = ids(&app, &format!("/api/v1/institutions?ror={}", urlencode(spelling)), false).await;
            assert_eq!(found, [world.wuhan.as_str()], "{spelling}");
        }
        assert_eq!(ids(&app, "/api/v1/institutions?ror=01h0zpd94", false).await, Vec::<String>::new());

        for spelling in ["01h0zpd94", "https://ror.org/01H0ZPD94"] {
            assert_eq!(ids(&app, &format!("/api/v1/funders?ror={}", urlencode(spelling)), false).await, [NSFC], "{spelling}");
        }
        for spelling in ["10.13039/501100001809", "https://doi.org/10.13039/501100001809", "doi:10.13039/501100001809"] {
            let found = ids(&app, &format!("/api/v1/funders?funder_doi={}", urlencode(spelling)), false).await;
            assert_eq!(found, [NSFC], "{spelling}");
        }

        for (path, field) in [
            ("/api/v1/institutions?ror=not-a-ror", "ror"),
            ("/api/v1/funders?ror=033vjfk1", "ror"),
            ("/api/v1/funders?funder_doi=10.1000/182", "funder_doi"),
            ("/api/v1/projects?orcid=0000-0002-1825-0098", "orcid"),
            ("/api/v1/funding?award_number=", "award_number"),
        ] {
            let problem = assert_problem(app.get(path).await, 422).await;
            assert_eq!(error_fields(&problem), [field], "{path}");
        }
    }

    async fn projects_are_found_by_a_participants_orcid_as_the_caller_may_read_them(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        // Both have Ирина Петрова (0000-0002-1825-0097) as principal investigator.
        let mut public = project_body(&world, "Open inflammation atlas");
        public["visibility"] = json!("public");
        let public = create(&app, &public).await["id"].as_str().unwrap().to_owned();
        let partners = create(&app, &project_body(&world, "Systemic pathology of inflammation")).await["id"].as_str().unwrap().to_owned();
        let mut other = project_body(&world, "Steppe ecology");
        other["participants"] = json!([{"name": "Li Ming", "orcid": "0000-0001-5109-3700", "role": "principal_investigator"}]);
        create(&app, &other).await;

        let mut found = ids(&app, "/api/v1/projects?orcid=https%3A%2F%2Forcid.org%2F0000-0002-1825-0097", false).await;
        found.sort();
        let mut expected = vec![public.clone(), partners];
        expected.sort();
        assert_eq!(found, expected);
        // Anonymous callers find only the public one.
        assert_eq!(ids(&app, "/api/v1/projects?orcid=0000-0002-1825-0097", true).await, [public]);
    }

    async fn next_links_keep_every_filter_the_caller_sent(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        create(&app, &project_body(&world, "Open inflammation atlas")).await;
        create(&app, &project_body(&world, "Systemic pathology of inflammation")).await;
        let mut other = project_body(&world, "Steppe ecology");
        other["participants"] = json!([{"name": "Li Ming", "orcid": "0000-0001-5109-3700", "role": "principal_investigator"}]);
        create(&app, &other).await;

        // One project a page through the ORCID filter: its two projects, and no other.
        let mut next = Some("/api/v1/projects?orcid=0000-0002-1825-0097&limit=1".to_owned());
        let mut served = 0;
        while let Some(path) = next {
            let page: Value = app.get(&path).await.json().await.unwrap();
            served += page["items"].as_array().unwrap().len();
            next = page["next"].as_str().map(str::to_owned);
            assert!(next.as_ref().is_none_or(|n| n.contains("orcid=0000-0002-1825-0097")), "{next:?}");
            assert!(served <= 2, "the filter was lost on the way: {page}");
        }
        assert_eq!(served, 2);

        // Every list's next page is still of what changed since the instant asked for.
        let mut checked = 0;
        for collection in ["institutions", "funders", "centres", "labs", "mirror-links", "projects", "users"] {
            let page: Value = app.get(&format!("/api/v1/{collection}?updated_since=2000-01-01T00:00:00Z&limit=1")).await.json().await.unwrap();
            if page["total"].as_i64().unwrap() > 1 {
                let next = page["next"].as_str().unwrap();
                assert!(next.starts_with(&format!("/api/v1/{collection}?")), "{next}");
                assert!(next.contains("updated_since=2000-01-01T00%3A00%3A00Z") && next.contains("limit=1"), "{collection}: {next}");
                checked += 1;
            }
        }
        assert!(checked >= 4, "too few lists had a second page: {checked}");
    }

    async fn funding_is_found_by_award_number_with_or_without_its_funder(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = create(&app, &project_body(&world, "Systemic pathology of inflammation")).await;
        let mut recorded = Vec::new();
        for (funder, side, number) in [(RSF, "RU", "21-45-00012"), (NSFC, "CN", "21-45-00012"), (NSFC, "CN", "82161138003")] {
            let award = json!({"project_id": project["id"], "funder_id": funder, "side": side, "award_number": number,
                "starts_on": "2021-07-01", "ends_on": "2024-06-30", "status": "active"});
            let response = app.post_json("/api/v1/funding", &award).await;
            assert_eq!(response.status(), 201);
            recorded.push(response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned());
        }
        let mut both = ids(&app, "/api/v1/funding?award_number=%2021-45-00012%20", false).await;
        both.sort();
        let mut expected = vec![recorded[0].clone(), recorded[1].clone()];
        expected.sort();
        assert_eq!(both, expected, "a number two funders gave, surrounding spaces ignored");
        assert_eq!(ids(&app, &format!("/api/v1/funding?award_number=21-45-00012&funder_id={RSF}"), false).await, [recorded[0].as_str()]);
        assert_eq!(ids(&app, "/api/v1/funding?award_number=00-00-00000", false).await, Vec::<String>::new());
    }

    async fn every_list_answers_what_changed_since_an_instant(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = create(&app, &project_body(&world, "Systemic pathology of inflammation")).await;
        let collections = [
            "institutions", "funders", "centres", "labs", "mirror-links", "projects", "funding", "outputs", "users",
        ];
        for collection in collections {
            let all = items(&app, &format!("/api/v1/{collection}?limit=100")).await;
            let since_long_ago = items(&app, &format!("/api/v1/{collection}?limit=100&updated_since=2000-01-01T00:00:00Z")).await;
            assert_eq!(since_long_ago.len(), all.len(), "{collection}");
            let none = items(&app, &format!("/api/v1/{collection}?updated_since=2100-01-01T00:00:00%2B08:00")).await;
            assert!(none.is_empty(), "{collection}: {none:?}");
            let problem = assert_problem(app.get(&format!("/api/v1/{collection}?updated_since=yesterday")).await, 422).await;
            assert_eq!(error_fields(&problem), ["updated_since"], "{collection}");
        }

        // A change moves a record into the window that starts at its new `updated_at`, and the
        // window holds exactly the records changed at or after it.
        let path = format!("/api/v1/projects/{}", project["id"].as_str().unwrap());
        let response = app.patch_current(&app.admin.access_token, &path, &json!({"acronym": "SYSPATH-2"})).await;
        assert_eq!(response.status(), 200);
        let changed: Value = response.json().await.unwrap();
        let since = changed["updated_at"].as_str().unwrap();
        for collection in ["projects", "institutions", "labs"] {
            let all = items(&app, &format!("/api/v1/{collection}?limit=100")).await;
            let expected: Vec<&Value> = all.iter().filter(|item| instant(&item["updated_at"]) >= instant(&changed["updated_at"])).collect();
            let window = items(&app, &format!("/api/v1/{collection}?limit=100&updated_since={}", urlencode(since))).await;
            assert_eq!(window.iter().collect::<Vec<_>>(), expected, "{collection} since {since}");
        }
        let window = items(&app, &format!("/api/v1/projects?updated_since={}", urlencode(since))).await;
        assert!(window.iter().any(|p| p["id"] == project["id"]));
    }
}

fn instant(value: &Value) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(value.as_str().unwrap()).unwrap()
}

/// The items of the list at `path`, read as the administrator.
async fn items(app: &TestApp, path: &str) -> Vec<Value> {
    let response = app.get(path).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{path}: {body}");
    body["items"].as_array().unwrap().clone()
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
