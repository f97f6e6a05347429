//! Laboratories: registration, status history, who may edit, lists, deletion.

use diesel::connection::SimpleConnection;
use jointreg::domain::role::{Role, UserStatus};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{TestApp, assert_problem, error_fields, south_ural_university, wuhan_university};

pub async fn create_lab(app: &TestApp, body: &Value) -> Value {
    let response = app.post_json("/api/v1/labs", body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "{text}");
    serde_json::from_str(&text).unwrap()
}

pub fn lab_body(name: &str, institution: &Value) -> Value {
    json!({"names": {"en": name}, "institution_id": institution["id"], "research_line": "Systemic pathology"})
}

/// A centre row written directly (the centres API has its own tests).
pub fn insert_centre(app: &TestApp, name: &str) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let key = name.to_lowercase();
    app.database
        .connect()
        .batch_execute(&format!(
            "INSERT INTO centres (id, name_en, status, search_key, sort_key, version, created_at, updated_at) \
             VALUES ('{id}', '{name}', 'active', '{key}', '{key}', 1, '2020-01-01 00:00:00', '2020-01-01 00:00:00')"
        ))
        .unwrap();
    id
}

both_backends! {
    async fn a_lab_is_registered_with_its_first_status_and_country(backend) {
        let app = TestApp::spawn(backend).await;
        let susu = app.create_institution(&south_ural_university()).await;
        let centre = insert_centre(&app, "Joint Russian-Chinese Center for Systemic Pathology");
        let mut body = lab_body("Laboratory of Inflammation", &susu);
        body["names"]["ru"] = json!("Лаборатория воспаления");
        body["centre_id"] = json!(centre);
        body["status"] = json!({"status": "active", "effective_on": "2020-09-01", "reason": "Opened with the centre"});

        let response = app.post_json("/api/v1/labs", &body).await;

        assert_eq!(response.status(), 201);
        assert!(response.headers()["location"].to_str().unwrap().starts_with("/api/v1/labs/"));
        let lab: Value = response.json().await.unwrap();
        assert_eq!(lab["country"], "RU");
        assert_eq!(lab["centre_id"], json!(centre));
        assert_eq!(lab["status"], "active");
        assert_eq!(lab["status_since"], "2020-09-01");
        assert_eq!(lab["status_history"].as_array().unwrap().len(), 1);
        let default = create_lab(&app, &lab_body("Planned lab", &susu)).await;
        assert_eq!(default["status"], "planned");
        assert_eq!(default["status_history"][0]["reason"], "registered");
    }

    async fn references_are_checked(backend) {
        let app = TestApp::spawn(backend).await;
        let susu = app.create_institution(&south_ural_university()).await;
        let partner = app.user(Role::Partner, Some(susu["id"].as_str().unwrap().to_owned()), UserStatus::Active);
        let mut body = lab_body("Lab", &susu);
        body["institution_id"] = json!("01900000-0000-7000-8000-000000000000");
        body["centre_id"] = json!("01900000-0000-7000-8000-000000000001");
        body["head_user_id"] = json!(partner.id);

        let problem = assert_problem(app.post_json("/api/v1/labs", &body).await, 422).await;

        assert_eq!(error_fields(&problem), ["centre_id", "head_user_id", "institution_id"]);
        assert_eq!(problem["errors"][1]["code"], "not_a_lab_head");
    }

    async fn status_changes_are_appended_and_the_latest_in_effect_counts(backend) {
        let app = TestApp::spawn(backend).await;
        let susu = app.create_institution(&south_ural_university()).await;
        let mut body = lab_body("Lab", &susu);
        body["status"] = json!({"status": "planned", "effective_on": "2021-01-01", "reason": "agreement signed"});
        let lab = create_lab(&app, &body).await;
        let path = format!("/api/v1/labs/{}", lab["id"].as_str().unwrap());
        let record = |status: &str, day: &str, reason: &str| {
            app.client.post(app.url(&format!("{path}/status"))).json(&json!({"status": status, "effective_on": day, "reason": reason})).send()
        };

        assert_eq!(record("active", "2021-01-10", "funded").await.unwrap().status(), 201);
        assert_eq!(record("closed", "2099-01-01", "planned closure").await.unwrap().status(), 201);
        assert_problem(record("dormant", "2021-01-10", "x").await.unwrap(), 422).await;
        assert_problem(record("closed", "2021-01-10", "").await.unwrap(), 422).await;

        let current = app.get(&path).await;
        assert_eq!(current.headers()["etag"], "\"3\"", "each entry moves the version on");
        let lab: Value = current.json().await.unwrap();
        assert_eq!(lab["status"], "active", "the future closure is not in effect yet");
        assert_eq!(lab["status_history"].as_array().unwrap().len(), 3);
        let mut conn = app.database.connect();
        assert!(conn.batch_execute("UPDATE lab_status_entries SET reason = 'rewritten'").is_err(), "entries cannot be edited away");
        assert!(conn.batch_execute("DELETE FROM lab_status_entries").is_err());
        let history: Value = app.get(&format!("{path}/history")).await.json().await.unwrap();
        assert_eq!(history["items"][0]["action"], "status");
        assert_eq!(history["items"][0]["changes"]["reason"]["after"], "planned closure");
    }

    async fn a_lab_head_edits_their_own_lab_but_not_its_head_nor_other_labs(backend) {
        let app = TestApp::spawn(backend).await;
        let susu = app.create_institution(&south_ural_university()).await;
        let head = app.user(Role::LabHead, Some(susu["id"].as_str().unwrap().to_owned()), UserStatus::Active);
        let head_session = app.sign_in(head.clone()).await;
        let mut mine = lab_body("Mine", &susu);
        mine["head_user_id"] = json!(head.id);
        let mine = create_lab(&app, &mine).await;
        let other = create_lab(&app, &lab_body("Other", &susu)).await;
        let patch = |lab: &Value, body: Value| {
            let path = format!("/api/v1/labs/{}", lab["id"].as_str().unwrap());
            let token = head_session.access_token.clone();
            let app = &app;
            async move { app.patch_current(&token, &path, &body).await }
        };

        assert_eq!(patch(&mine, json!({"research_line": "Fibrosis"})).await.status(), 200);
        assert_problem(patch(&mine, json!({"head_user_id": null})).await, 403).await;
        assert_problem(patch(&other, json!({"research_line": "Fibrosis"})).await, 403).await;
        let status = app
            .request_as(&head_session.access_token, Method::POST, &format!("/api/v1/labs/{}/status", mine["id"].as_str().unwrap()))
            .json(&json!({"status": "suspended", "effective_on": "2022-03-01", "reason": "funding gap"}))
            .send()
            .await
            .unwrap();
        assert_eq!(status.status(), 201);
        assert_problem(app.request_as(&head_session.access_token, Method::POST, "/api/v1/labs").json(&lab_body("New", &susu)).send().await.unwrap(), 403).await;
        let partner = app.session(Role::Partner).await;
        assert_eq!(app.request_as(&partner.access_token, Method::GET, "/api/v1/labs").send().await.unwrap().status(), 200);
        let path = format!("/api/v1/labs/{}", mine["id"].as_str().unwrap());
        assert_problem(app.patch_current(&partner.access_token, &path, &json!({"research_line": "x"})).await, 403).await;
    }

    async fn lists_filter_by_centre_country_head_status_and_name_in_three_scripts(backend) {
        let app = TestApp::spawn(backend).await;
        let susu = app.create_institution(&south_ural_university()).await;
        let whu = app.create_institution(&wuhan_university()).await;
        let centre = insert_centre(&app, "Centre");
        let head = app.user(Role::LabHead, Some(whu["id"].as_str().unwrap().to_owned()), UserStatus::Active);
        let mut a = lab_body("Pathology A", &susu);
        a["names"]["ru"] = json!("Патология А");
        a["centre_id"] = json!(centre);
        a["status"] = json!({"status": "active", "effective_on": "2020-01-01", "reason": "opened"});
        create_lab(&app, &a).await;
        let mut b = lab_body("Pathology B", &whu);
        b["names"]["zh"] = json!("病理学实验室");
        b["head_user_id"] = json!(head.id);
        create_lab(&app, &b).await;
        for i in 0..30 {
            create_lab(&app, &lab_body(&format!("Other {i:02}"), &whu)).await;
        }
        let names = |query: &str| {
            let app = &app;
            let query = query.to_owned();
            async move {
                let page: Value = app.get(&format!("/api/v1/labs?{query}")).await.json().await.unwrap();
                page["items"].as_array().unwrap().iter().map(|l| l["names"]["en"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
            }
        };

        assert_eq!(names(&format!("centre_id={centre}")).await, ["Pathology A"]);
        for typo in ["centre_id=nope", "institution_id=", "head_user_id=123"] {
            let problem = assert_problem(app.get(&format!("/api/v1/labs?{typo}")).await, 422).await;
            assert_eq!(problem["errors"][0]["code"], "invalid_uuid", "{typo}");
        }
        assert_eq!(names("country=ru").await, ["Pathology A"]);
        assert_eq!(names(&format!("head_user_id={}", head.id)).await, ["Pathology B"]);
        assert_eq!(names("status=active").await, ["Pathology A"]);
        assert_eq!(names("q=%D0%9F%D0%90%D0%A2%D0%9E%D0%9B%D0%9E%D0%93%D0%98%D0%AF").await, ["Pathology A"]);
        assert_eq!(names("q=%E7%97%85%E7%90%86").await, ["Pathology B"]);
        assert_eq!(names("q=pathology&sort=-name").await, ["Pathology B", "Pathology A"]);

        let mut seen = Vec::new();
        let mut next = Some("/api/v1/labs?limit=7".to_owned());
        while let Some(path) = next {
            let page: Value = app.get(&path).await.json().await.unwrap();
            assert_eq!(page["total"], 32);
            seen.extend(page["items"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap().to_owned()));
            next = page["next"].as_str().map(str::to_owned);
        }
        let unique: std::collections::HashSet<_> = seen.iter().collect();
        assert_eq!((seen.len(), unique.len()), (32, 32));
        let csv = app.client.get(app.url("/api/v1/labs?country=RU")).header("Accept", "text/csv").send().await.unwrap().text().await.unwrap();
        assert_eq!(csv.lines().count(), 2, "{csv}");
        assert!(csv.contains("Патология А"));
    }

    async fn only_administrators_delete_and_only_labs_nothing_refers_to(backend) {
        let app = TestApp::spawn(backend).await;
        let susu = app.create_institution(&south_ural_university()).await;
        let whu = app.create_institution(&wuhan_university()).await;
        let alone = create_lab(&app, &lab_body("Alone", &susu)).await;
        let ru = create_lab(&app, &lab_body("RU side", &susu)).await;
        let cn = create_lab(&app, &lab_body("CN side", &whu)).await;
        let link = json!({"lab_a_id": ru["id"], "lab_b_id": cn["id"], "kind": "mirror", "starts_on": "2020-01-01"});
        assert_eq!(app.post_json("/api/v1/mirror-links", &link).await.status(), 201);
        let coordinator = app.session(Role::Coordinator).await;

        let path = |lab: &Value| format!("/api/v1/labs/{}", lab["id"].as_str().unwrap());
        assert_problem(app.request_as(&coordinator.access_token, Method::DELETE, &path(&alone)).send().await.unwrap(), 403).await;
        let referenced = assert_problem(app.client.delete(app.url(&path(&ru))).send().await.unwrap(), 409).await;
        assert_eq!(error_fields(&referenced), ["mirror_links"]);
        assert_eq!(app.client.delete(app.url(&path(&alone))).send().await.unwrap().status(), 204);
        assert_problem(app.get(&path(&alone)).await, 404).await;
        let history: Value = app.get(&format!("{}/history", path(&alone))).await.json().await.unwrap();
        assert_eq!(history["items"][0]["action"], "delete");
        assert_problem(app.client.delete(app.url(&format!("/api/v1/institutions/{}", susu["id"].as_str().unwrap()))).send().await.unwrap(), 409).await;
    }
}
