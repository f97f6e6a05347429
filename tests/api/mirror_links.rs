//! Mirror links and a centre's timeline.

use jointreg::domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{TestApp, assert_problem, error_fields, south_ural_university, wuhan_university};
use crate::labs::{create_lab, insert_centre, lab_body};

fn link(a: &Value, b: &Value, kind: &str, starts_on: &str) -> Value {
    json!({"lab_a_id": a["id"], "lab_b_id": b["id"], "kind": kind, "starts_on": starts_on})
}

async fn kazakh_lab(app: &TestApp) -> Value {
    let institution = app
        .create_institution(
            &json!({"names": {"en": "Al-Farabi Kazakh National University"}, "country": "KZ", "kind": "university"}),
        )
        .await;
    create_lab(app, &lab_body("Almaty site", &institution)).await
}

both_backends! {
    async fn links_join_two_countries_with_the_right_kind(backend) {
        let app = TestApp::spawn(backend).await;
        let susu = app.create_institution(&south_ural_university()).await;
        let whu = app.create_institution(&wuhan_university()).await;
        let ru = create_lab(&app, &lab_body("RU", &susu)).await;
        let ru2 = create_lab(&app, &lab_body("RU 2", &susu)).await;
        let cn = create_lab(&app, &lab_body("CN", &whu)).await;
        let kz = kazakh_lab(&app).await;

        let created = app.post_json("/api/v1/mirror-links", &link(&ru, &cn, "mirror", "2020-09-01")).await;
        assert_eq!(created.status(), 201);
        let body: Value = created.json().await.unwrap();
        assert_eq!(body["active"], true);
        assert_eq!(app.post_json("/api/v1/mirror-links", &link(&cn, &kz, "third_country", "2021-01-01")).await.status(), 201);

        let cases = [
            (link(&ru, &ru, "mirror", "2020-01-01"), "lab_b_id"),
            (link(&ru, &ru2, "mirror", "2020-01-01"), "kind"),
            (link(&ru, &kz, "mirror", "2020-01-01"), "kind"),
            (link(&ru2, &cn, "third_country", "2020-01-01"), "kind"),
            (json!({"lab_a_id": ru["id"], "lab_b_id": "01900000-0000-7000-8000-000000000000", "kind": "mirror", "starts_on": "2020-01-01"}), "lab_b_id"),
            (json!({"lab_a_id": ru2["id"], "lab_b_id": cn["id"], "kind": "mirror", "starts_on": "2020-01-01", "ends_on": "2019-01-01"}), "ends_on"),
        ];
        for (body, field) in cases {
            let problem = assert_problem(app.post_json("/api/v1/mirror-links", &body).await, 422).await;
            assert_eq!(error_fields(&problem), [field], "{body}");
        }
    }

    async fn overlapping_duplicates_are_refused_and_ended_links_can_be_renewed(backend) {
        let app = TestApp::spawn(backend).await;
        let ru = create_lab(&app, &lab_body("RU", &app.create_institution(&south_ural_university()).await)).await;
        let cn = create_lab(&app, &lab_body("CN", &app.create_institution(&wuhan_university()).await)).await;
        let first: Value = app.post_json("/api/v1/mirror-links", &link(&ru, &cn, "mirror", "2020-01-01")).await.json().await.unwrap();
        let path = format!("/api/v1/mirror-links/{}", first["id"].as_str().unwrap());

        assert_problem(app.post_json("/api/v1/mirror-links", &link(&cn, &ru, "mirror", "2022-01-01")).await, 409).await;

        let ended = app.patch_json(&path, Some("\"1\""), &json!({"ends_on": "2022-12-31", "end_reason": "RFBR funding ended"})).await;
        assert_eq!(ended.status(), 200);
        let ended: Value = ended.json().await.unwrap();
        assert_eq!(ended["active"], false);
        assert_problem(app.post_json("/api/v1/mirror-links", &link(&cn, &ru, "mirror", "2022-06-01")).await, 409).await;
        assert_eq!(app.post_json("/api/v1/mirror-links", &link(&cn, &ru, "mirror", "2023-01-01")).await.status(), 201);

        let delete = app.client.delete(app.url(&path)).send().await.unwrap();
        assert_eq!(delete.headers()["allow"], "GET, PATCH", "links are never deleted");
        assert_problem(delete, 405).await;
        let history: Value = app.get(&format!("{path}/history")).await.json().await.unwrap();
        assert_eq!(history["items"][0]["action"], "end");
        assert_eq!(history["items"][0]["changes"]["end_reason"]["after"], "RFBR funding ended");
    }

    async fn lists_filter_by_lab_centre_kind_and_day(backend) {
        let app = TestApp::spawn(backend).await;
        let centre = insert_centre(&app, "Centre");
        let susu = app.create_institution(&south_ural_university()).await;
        let whu = app.create_institution(&wuhan_university()).await;
        let mut in_centre = lab_body("RU in centre", &susu);
        in_centre["centre_id"] = json!(centre);
        let ru = create_lab(&app, &in_centre).await;
        let cn = create_lab(&app, &lab_body("CN", &whu)).await;
        let ru2 = create_lab(&app, &lab_body("RU 2", &susu)).await;
        let kz = kazakh_lab(&app).await;
        app.post_json("/api/v1/mirror-links", &json!({"lab_a_id": ru["id"], "lab_b_id": cn["id"], "kind": "mirror", "starts_on": "2020-01-01", "ends_on": "2021-12-31"})).await;
        app.post_json("/api/v1/mirror-links", &link(&ru2, &cn, "mirror", "2021-06-01")).await;
        app.post_json("/api/v1/mirror-links", &link(&kz, &cn, "third_country", "2022-01-01")).await;
        let total = |query: &str| {
            let app = &app;
            let query = query.to_owned();
            async move { app.get(&format!("/api/v1/mirror-links?{query}")).await.json::<Value>().await.unwrap()["total"].as_i64().unwrap() }
        };

        assert_eq!(total(&format!("lab_id={}", cn["id"].as_str().unwrap())).await, 3);
        assert_eq!(total(&format!("centre_id={centre}")).await, 1);
        assert_eq!(total("kind=third_country").await, 1);
        assert_eq!(total("active_on=2021-07-01").await, 2);
        assert_eq!(total("active_on=2023-01-01").await, 2);
        assert_eq!(total("active_on=2019-01-01").await, 0);
        let lab_head = app.session(Role::LabHead).await;
        let read = app.request_as(&lab_head.access_token, Method::GET, "/api/v1/mirror-links").send().await.unwrap();
        assert_eq!(read.status(), 200);
        assert_problem(app.request_as(&lab_head.access_token, Method::POST, "/api/v1/mirror-links").json(&link(&ru2, &kz, "third_country", "2024-01-01")).send().await.unwrap(), 403).await;
        let csv = app.client.get(app.url("/api/v1/mirror-links")).header("Accept", "text/csv").send().await.unwrap().text().await.unwrap();
        assert_eq!(csv.lines().count(), 4);
    }

    async fn a_centres_timeline_shows_three_pairs_falling_to_one_with_reasons(backend) {
        let app = TestApp::spawn(backend).await;
        let centre = insert_centre(&app, "Systemic Pathology Centre");
        let susu = app.create_institution(&south_ural_university()).await;
        let whu = app.create_institution(&wuhan_university()).await;
        let mut pairs = Vec::new();
        for line in ["inflammation", "fibrosis", "oncology"] {
            let mut ru = lab_body(&format!("RU {line}"), &susu);
            let mut cn = lab_body(&format!("CN {line}"), &whu);
            for lab in [&mut ru, &mut cn] {
                lab["centre_id"] = json!(centre);
                lab["status"] = json!({"status": "active", "effective_on": "2020-09-01", "reason": "centre founded"});
            }
            let (ru, cn) = (create_lab(&app, &ru).await, create_lab(&app, &cn).await);
            let created: Value = app.post_json("/api/v1/mirror-links", &link(&ru, &cn, "mirror", "2020-09-01")).await.json().await.unwrap();
            pairs.push((ru, cn, created));
        }
        for (ru, cn, link) in &pairs[1..] {
            let path = format!("/api/v1/mirror-links/{}", link["id"].as_str().unwrap());
            app.patch_json(&path, Some("\"1\""), &json!({"ends_on": "2022-12-31", "end_reason": "targeted funding ended"})).await;
            for lab in [ru, cn] {
                app.client
                    .post(app.url(&format!("/api/v1/labs/{}/status", lab["id"].as_str().unwrap())))
                    .json(&json!({"status": "closed", "effective_on": "2023-01-01", "reason": "targeted funding ended"}))
                    .send()
                    .await
                    .unwrap();
            }
        }

        let timeline: Value = app.get(&format!("/api/v1/centres/{centre}/timeline")).await.json().await.unwrap();

        let points = timeline["points"].as_array().unwrap();
        let summary: Vec<(String, i64, i64, i64)> = points
            .iter()
            .map(|p| (p["date"].as_str().unwrap().to_owned(), p["labs"].as_i64().unwrap(), p["active_labs"].as_i64().unwrap(), p["active_mirror_pairs"].as_i64().unwrap()))
            .collect();
        // A link's end date is its last day in force: the pairs fall on the next day, with the labs.
        assert_eq!(summary, [("2020-09-01".into(), 6, 6, 3), ("2023-01-01".into(), 2, 2, 1)]);
        let events = points[1]["events"].as_array().unwrap();
        let ended: Vec<&Value> = events.iter().filter(|e| e["type"] == "link_ended").collect();
        assert_eq!(ended.len(), 2);
        assert!(ended.iter().all(|e| e["ends_on"] == "2022-12-31" && e["reason"] == "targeted funding ended"));
        assert_eq!(points[1]["closed_labs"], 4);
        // One rule for "in force": the timeline counts what the list's `active_on` filter finds.
        for day in ["2020-09-01", "2022-12-31", "2023-01-01"] {
            let listed: Value = app.get(&format!("/api/v1/mirror-links?centre_id={centre}&kind=mirror&active_on={day}")).await.json().await.unwrap();
            let on_timeline = points.iter().rev().find(|p| p["date"].as_str().unwrap() <= day).unwrap();
            assert_eq!(listed["total"], on_timeline["active_mirror_pairs"], "{day}");
        }
        assert_problem(app.get("/api/v1/centres/01900000-0000-7000-8000-000000000000/timeline").await, 404).await;
    }
}
