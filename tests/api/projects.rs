//! Projects: every field rule, who may register and edit, visibility in reads, lists, counts,
//! CSV and search, list filters and paging, the fixed query count of a list, and deletion.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::connection::{Connection, InstrumentationEvent, SimpleConnection};
use jointreg::db::models::project::ListFilter;
use jointreg::db::models::project_access::ReadScope;
use jointreg::domain::role::Role;
use jointreg::routes::projects::page_of_projects;
use jointreg::routes::projects::wire::ProjectSort;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, error_fields};

const COLLECTION: &str = "/api/v1/projects";
const RFBR: &str = "01a21f73-9c00-7000-8000-000000000003";

/// A complete joint project led by the Russian lab with the Chinese lab as partner.
pub fn project_body(world: &World, title: &str) -> Value {
    json!({
        "titles": {"en": title, "ru": "Системная патология воспаления", "zh": "炎症的系统病理学"},
        "summaries": {"en": "Mirror laboratories study chronic inflammation.", "zh": "镜像实验室研究慢性炎症。"},
        "acronym": "SYSPATH",
        "identifiers": [{"scheme": "raid", "value": "https://raid.org/10.80368/b1adfb3a"}, {"scheme": "grant", "value": "RSF 21-45-00012"}],
        "starts_on": "2021-01-01",
        "ends_on": "2025-12-31",
        "status": "active",
        "subject_areas": [2734, 1300],
        "labs": [{"lab_id": world.ru_lab, "role": "lead"}, {"lab_id": world.cn_lab, "role": "partner"}],
        "participants": [
            {"name": "Ирина Петрова", "orcid": "https://orcid.org/0000-0002-1825-0097", "role": "principal_investigator", "lab_id": world.ru_lab},
            {"name": "李明", "role": "co_investigator", "lab_id": world.cn_lab},
            {"name": "Anna Smirnova", "role": "student"}
        ],
        "visibility": "partners",
        "keywords": ["inflammation", "воспаление", "炎症"]
    })
}

async fn create_as(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.request_as(token, Method::POST, COLLECTION).json(body).send().await.unwrap()
}

pub async fn create(app: &TestApp, body: &Value) -> Value {
    let response = app.post_json(COLLECTION, body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "creating {body}: {text}");
    serde_json::from_str(&text).unwrap()
}

fn path_of(project: &Value) -> String {
    format!("{COLLECTION}/{}", project["id"].as_str().unwrap())
}

/// The ids a list answers with, as `token` (or anonymously with `None`).
async fn listed(app: &TestApp, token: Option<&str>, query: &str) -> (Vec<String>, i64) {
    let url = app.url(&format!("{COLLECTION}?limit=100&{query}"));
    let request = match token {
        Some(token) => app.anonymous.get(url).bearer_auth(token),
        None => app.anonymous.get(url),
    };
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{query}: {text}");
    let page: Value = serde_json::from_str(&text).unwrap();
    let ids = page["items"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect();
    (ids, page["total"].as_i64().unwrap())
}

async fn csv_as(app: &TestApp, token: &str, query: &str) -> String {
    let url = app.url(&format!("{COLLECTION}?{query}"));
    let response = app.anonymous.get(url).bearer_auth(token).header("Accept", "text/csv").send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

both_backends! {
    async fn a_project_is_registered_with_every_field_and_read_back(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;

        let response = app.post_json(COLLECTION, &project_body(&world, "Systemic pathology of inflammation")).await;

        assert_eq!(response.status(), 201);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(response.headers()["etag"], "\"1\"");
        let project: Value = response.json().await.unwrap();
        assert_eq!(location, path_of(&project));
        assert_eq!(project["titles"]["zh"], "炎症的系统病理学");
        assert_eq!(project["summaries"]["ru"], Value::Null);
        assert_eq!(project["acronym"], "SYSPATH");
        assert_eq!(project["identifiers"][1], json!({"scheme": "grant", "value": "RSF 21-45-00012"}));
        assert_eq!(project["starts_on"], "2021-01-01");
        assert_eq!(project["ends_on"], "2025-12-31");
        assert_eq!(project["status"], "active");
        assert_eq!(project["visibility"], "partners");
        assert_eq!(project["subject_areas"], json!([
            {"code": 1300, "name": "General Biochemistry, Genetics and Molecular Biology"},
            {"code": 2734, "name": "Pathology and Forensic Medicine"}
        ]));
        assert_eq!(project["labs"][0]["lab_id"], json!(world.ru_lab));
        assert_eq!(project["labs"][0]["role"], "lead");
        assert_eq!(project["labs"][0]["country"], "RU");
        assert_eq!(project["labs"][1]["country"], "CN");
        assert_eq!(project["countries"], json!(["CN", "RU"]));
        assert_eq!(project["participants"][0]["orcid"], "0000-0002-1825-0097", "stored in the bare form");
        assert_eq!(project["participants"][1]["name"], "李明");
        assert_eq!(project["participants"][2]["lab_id"], Value::Null);
        assert_eq!(project["keywords"], json!(["inflammation", "воспаление", "炎症"]));

        let read: Value = app.get(&location).await.json().await.unwrap();
        assert_eq!(read, project);
        let history: Value = app.get(&format!("{location}/history")).await.json().await.unwrap();
        assert_eq!(history["items"][0]["action"], "create");
        assert_eq!(history["items"][0]["changes"]["labs"]["after"][0]["role"], "lead");

        let minimal = json!({"titles": {"zh": "仅中文标题"}, "starts_on": "2024-03-01", "labs": [{"lab_id": world.cn_lab, "role": "lead"}]});
        let minimal = create(&app, &minimal).await;
        assert_eq!(minimal["status"], "planned");
        assert_eq!(minimal["visibility"], "restricted", "nothing is shown wider than its owners chose");
        assert_eq!(minimal["ends_on"], Value::Null);
        assert_eq!(minimal["participants"], json!([]));
    }

    async fn every_field_rule_is_reported_at_once_and_nothing_is_written(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (json!({"titles": {}}), vec!["titles"]),
            (json!({"titles": {"en": "  "}}), vec!["titles.en"]),
            (json!({"titles": {"en": "a\u{0}b"}}), vec!["titles.en"]),
            (json!({"ends_on": "2020-12-31"}), vec!["ends_on"]),
            (json!({"participants": [], "labs": [{"lab_id": world.ru_lab, "role": "partner"}]}), vec!["labs"]),
            (json!({"labs": [{"lab_id": world.ru_lab, "role": "lead"}, {"lab_id": world.cn_lab, "role": "lead"}]}), vec!["labs"]),
            (json!({"participants": [], "labs": [{"lab_id": world.ru_lab, "role": "lead"}, {"lab_id": world.ru_lab, "role": "partner"}]}), vec!["labs[1].lab_id"]),
            (json!({"participants": [], "labs": [{"lab_id": world.ru_lab, "role": "lead"}, {"lab_id": uuid::Uuid::now_v7().to_string(), "role": "partner"}]}), vec!["labs[1].lab_id"]),
            (json!({"participants": [], "labs": [{"lab_id": "not-a-uuid", "role": "lead"}]}), vec!["labs[0].lab_id"]),
            (json!({"participants": [], "labs": []}), vec!["labs"]),
            (json!({"participants": [{"name": "X", "orcid": "0000-0002-1825-0098", "role": "researcher"}]}), vec!["participants[0].orcid"]),
            (json!({"participants": [{"name": "X", "role": "researcher", "lab_id": world.other_lab}]}), vec!["participants[0].lab_id"]),
            (json!({"subject_areas": [2734, 9999]}), vec!["subject_areas"]),
            (json!({"subject_areas": [2734, 2734]}), vec!["subject_areas[1]"]),
            (json!({"keywords": ["x".repeat(101)]}), vec!["keywords"]),
            (json!({"identifiers": [{"scheme": "raid", "value": "a"}, {"scheme": "raid", "value": "a"}]}), vec!["identifiers[1]"]),
            (json!({"acronym": "A".repeat(51)}), vec!["acronym"]),
            (json!({"subject_areas": [42], "titles": {}, "starts_on": "someday"}), vec!["starts_on"]),
            (json!({"subject_areas": [42], "titles": {}}), vec!["subject_areas", "titles"]),
            (json!({"ends_on": "2020-12-31", "participants": [], "labs": [{"lab_id": world.ru_lab, "role": "partner"}]}), vec!["ends_on", "labs"]),
        ];
        for (change, fields) in cases {
            let mut body = project_body(&world, "Rule probe");
            for (key, value) in change.as_object().unwrap() {
                body[key] = value.clone();
            }
            let problem = assert_problem(app.post_json(COLLECTION, &body).await, 422).await;
            assert_eq!(error_fields(&problem), fields, "{change}: {problem}");
        }
        for (key, value) in [("owner", json!("x")), ("version", json!(7)), ("id", json!("x")), ("status", json!("done")), ("visibility", json!("everyone"))] {
            let mut body = project_body(&world, "Mass assignment probe");
            body[key] = value;
            let problem = assert_problem(app.post_json(COLLECTION, &body).await, 422).await;
            assert!(!problem["errors"].as_array().unwrap().is_empty(), "{key}: {problem}");
        }
        let (ids, total) = listed(&app, Some(&app.admin.access_token), "").await;
        assert!(ids.is_empty() && total == 0, "nothing was written");
    }

    async fn lab_heads_register_only_with_their_own_lab_as_lead(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let body = project_body(&world, "Led from Chelyabinsk");

        let own = create_as(&app, &world.ru_head.access_token, &body).await;
        assert_eq!(own.status(), 201);
        let not_lead = create_as(&app, &world.cn_head.access_token, &body).await;
        assert_problem(not_lead, 403).await;
        let outsider = create_as(&app, &world.other_head.access_token, &body).await;
        assert_problem(outsider, 403).await;
        let partner = app.session(Role::Partner).await;
        assert_problem(create_as(&app, &partner.access_token, &body).await, 403).await;
        let token = World::partner_token(&app, &world.wuhan).await;
        assert_problem(create_as(&app, &token, &body).await, 403).await;
        assert_problem(app.anonymous.post(app.url(COLLECTION)).json(&body).send().await.unwrap(), 401).await;
        let coordinator = app.session(Role::Coordinator).await;
        assert_eq!(create_as(&app, &coordinator.access_token, &body).await.status(), 201);
        let (_, total) = listed(&app, Some(&app.admin.access_token), "").await;
        assert_eq!(total, 2);
    }

    async fn only_the_lead_labs_head_and_staff_edit_a_project(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let open = create(&app, &project_body(&world, "Open joint project")).await;
        let mut restricted = project_body(&world, "Restricted joint project");
        restricted["visibility"] = json!("restricted");
        let restricted = create(&app, &restricted).await;
        let patch = |token: &str, project: &Value, version: i64, body: Value| {
            app.request_as(token, Method::PATCH, &path_of(project))
                .header("If-Match", format!("\"{version}\""))
                .json(&body)
                .send()
        };

        let lead = patch(&world.ru_head.access_token, &open, 1, json!({"status": "suspended", "keywords": ["pause"]})).await.unwrap();
        assert_eq!(lead.status(), 200);
        assert_eq!(lead.headers()["etag"], "\"2\"");
        let changed: Value = lead.json().await.unwrap();
        assert_eq!(changed["status"], "suspended");
        assert_eq!(changed["titles"]["en"], "Open joint project", "untouched fields are kept");
        let partner_head = patch(&world.cn_head.access_token, &open, 2, json!({"status": "active"})).await.unwrap();
        assert_problem(partner_head, 403).await;
        let outsider = patch(&world.other_head.access_token, &open, 2, json!({"status": "active"})).await.unwrap();
        assert_problem(outsider, 403).await;
        let hidden = patch(&world.other_head.access_token, &restricted, 1, json!({"status": "active"})).await.unwrap();
        assert_problem(hidden, 404).await;
        let hand_over = json!({"labs": [{"lab_id": world.cn_lab, "role": "lead"}, {"lab_id": world.ru_lab, "role": "partner"}]});
        assert_problem(patch(&world.ru_head.access_token, &open, 2, hand_over.clone()).await.unwrap(), 403).await;
        let token = World::partner_token(&app, &world.wuhan).await;
        assert_problem(patch(&token, &open, 2, json!({"status": "active"})).await.unwrap(), 403).await;

        let coordinator = app.session(Role::Coordinator).await;
        let handed = patch(&coordinator.access_token, &open, 2, hand_over).await.unwrap();
        assert_eq!(handed.status(), 200);
        let now_cn = patch(&world.cn_head.access_token, &open, 3, json!({"ends_on": null})).await.unwrap();
        assert_eq!(now_cn.status(), 200, "the new lead lab's head edits it");
        let ended: Value = now_cn.json().await.unwrap();
        assert_eq!(ended["ends_on"], Value::Null);

        let stale = patch(&app.admin.access_token, &open, 1, json!({"status": "active"})).await.unwrap();
        assert_problem(stale, 412).await;
        let unconditional = app.client.patch(app.url(&path_of(&open))).json(&json!({"status": "active"})).send().await.unwrap();
        assert_problem(unconditional, 428).await;
        let invalid = patch(&app.admin.access_token, &open, 4, json!({"titles": {}, "starts_on": null})).await.unwrap();
        let problem = assert_problem(invalid, 422).await;
        assert!(error_fields(&problem).contains(&"starts_on".to_owned()), "{problem}");
        let history: Value = app.get(&format!("{}/history", path_of(&open))).await.json().await.unwrap();
        assert_eq!(history["items"].as_array().unwrap().len(), 4, "create and three updates");
        assert_eq!(history["items"][0]["changes"]["ends_on"], json!({"before": "2025-12-31", "after": null}));
    }

    async fn restricted_projects_are_absent_for_everyone_outside_them(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let mut public = project_body(&world, "Public inflammation atlas");
        public["visibility"] = json!("public");
        let public = create(&app, &public).await;
        let partners = create(&app, &project_body(&world, "Partners inflammation study")).await;
        let mut restricted = project_body(&world, "Restricted inflammation trial");
        restricted["visibility"] = json!("restricted");
        let restricted = create(&app, &restricted).await;
        let ids = |list: &[&Value]| {
            let mut ids: Vec<String> = list.iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect();
            ids.sort();
            ids
        };
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };

        let outsider_token = World::partner_token(&app, &world.outsider_institution).await;
        let wuhan_token = World::partner_token(&app, &world.wuhan).await;
        let outsider_person = app.sign_in(app.user(Role::Partner, Some(world.outsider_institution.clone()), jointreg::domain::role::UserStatus::Active)).await;
        for token in [outsider_token.as_str(), world.other_head.access_token.as_str(), outsider_person.access_token.as_str()] {
            let probe = app.request_as(token, Method::GET, &path_of(&restricted)).send().await.unwrap();
            assert_problem(probe, 404).await;
            let history = app.request_as(token, Method::GET, &format!("{}/history", path_of(&restricted))).send().await.unwrap();
            assert_problem(history, 404).await;
            let filters = ["", "q=restricted", &format!("lab_id={}", world.ru_lab), "visibility=restricted", "country=RU", "status=active"];
            for filter in filters {
                let (found, total) = listed(&app, Some(token), filter).await;
                assert!(!found.contains(&restricted["id"].as_str().unwrap().to_owned()), "{filter}");
                assert_eq!(total as usize, found.len(), "the total counts only what may be read ({filter})");
            }
            let (all, _) = listed(&app, Some(token), "").await;
            assert_eq!(sorted(all), ids(&[&public, &partners]));
            let csv = csv_as(&app, token, "q=inflammation").await;
            assert!(!csv.contains(restricted["id"].as_str().unwrap()) && !csv.contains("Restricted"), "{csv}");
            assert_eq!(csv.lines().count(), 3, "a header and the two projects it may read");
        }
        for token in [wuhan_token.as_str(), world.cn_head.access_token.as_str(), world.ru_head.access_token.as_str()] {
            let read = app.request_as(token, Method::GET, &path_of(&restricted)).send().await.unwrap();
            assert_eq!(read.status(), 200, "a participant's institution and lab heads read it");
            let (all, total) = listed(&app, Some(token), "").await;
            assert_eq!(sorted(all), ids(&[&public, &partners, &restricted]));
            assert_eq!(total, 3);
        }

        let anonymous = app.anonymous.get(app.url(&path_of(&public))).send().await.unwrap();
        assert_eq!(anonymous.status(), 200, "public projects are open data");
        assert_problem(app.anonymous.get(app.url(&path_of(&partners))).send().await.unwrap(), 404).await;
        let (open, total) = listed(&app, None, "").await;
        assert_eq!((open, total), (ids(&[&public]), 1));
        let bad_token = app.anonymous.get(app.url(COLLECTION)).bearer_auth("not-a-token").send().await.unwrap();
        assert_problem(bad_token, 401).await;
    }

    async fn lists_filter_search_sort_and_page(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let centre = crate::labs::insert_centre(&app, "Joint Centre for Systemic Pathology");
        app.database.connect().batch_execute(&format!("UPDATE labs SET centre_id = '{centre}' WHERE id = '{}'", world.cn_lab)).unwrap();
        let joint = create(&app, &project_body(&world, "Alpha joint")).await;
        let mut russian = project_body(&world, "Beta Russian only");
        russian["labs"] = json!([{"lab_id": world.ru_lab, "role": "lead"}]);
        russian["participants"] = json!([]);
        russian["starts_on"] = json!("2019-05-01");
        russian["ends_on"] = json!("2020-04-30");
        russian["status"] = json!("completed");
        russian["subject_areas"] = json!([3106]);
        russian["summaries"] = json!({"ru": "Ядерная физика высоких энергий"});
        russian["keywords"] = json!(["адроны"]);
        russian["acronym"] = json!("HADRON");
        russian["titles"] = json!({"en": "Beta Russian only", "ru": "Бета: только Россия"});
        russian["visibility"] = json!("public");
        let russian = create(&app, &russian).await;
        let mut other = project_body(&world, "Gamma steppe");
        other["labs"] = json!([{"lab_id": world.other_lab, "role": "lead"}]);
        other["participants"] = json!([]);
        other["starts_on"] = json!("2026-01-01");
        other["ends_on"] = Value::Null;
        other["status"] = json!("planned");
        other["titles"] = json!({"zh": "草原生态"});
        other["subject_areas"] = json!([]);
        let other = create(&app, &other).await;
        app.database.connect().batch_execute(&format!(
            "INSERT INTO funding_records (id, project_id, funder_id, starts_on, ends_on, status, side, version, created_at, updated_at) \
             VALUES ('{}', '{}', '{RFBR}', '2019-05-01', '2020-04-30', 'ended', 'RU', 1, '2019-05-01 00:00:00', '2019-05-01 00:00:00')",
            uuid::Uuid::now_v7(), russian["id"].as_str().unwrap()
        )).unwrap();
        let id = |p: &Value| p["id"].as_str().unwrap().to_owned();
        let token = app.admin.access_token.clone();
        let expect = |query: &'static str, expected: Vec<String>| {
            let app = &app;
            let token = token.clone();
            async move {
                let (found, total) = listed(app, Some(&token), query).await;
                assert_eq!(found, expected, "{query}");
                assert_eq!(total as usize, expected.len(), "{query}");
            }
        };

        expect("", vec![id(&joint), id(&russian), id(&other)]).await;
        expect("sort=-title", vec![id(&other), id(&russian), id(&joint)]).await;
        expect("sort=starts_on", vec![id(&russian), id(&joint), id(&other)]).await;
        expect("sort=-created", vec![id(&other), id(&russian), id(&joint)]).await;
        expect("status=completed", vec![id(&russian)]).await;
        expect("country=CN", vec![id(&joint)]).await;
        expect("country=kz", vec![id(&other)]).await;
        expect("asjc=3106", vec![id(&russian)]).await;
        expect("asjc=2734", vec![id(&joint)]).await;
        expect("active_on=2020-04-30", vec![id(&russian)]).await;
        expect("active_on=2030-01-01", vec![id(&other)]).await;
        expect("visibility=public", vec![id(&russian)]).await;
        expect("q=%D0%AF%D0%94%D0%95%D0%A0%D0%9D%D0%90%D0%AF", vec![id(&russian)]).await; // ЯДЕРНАЯ, in the summary
        expect("q=%D0%B0%D0%B4%D1%80%D0%BE%D0%BD", vec![id(&russian)]).await; // адрон, a keyword
        expect("q=hadron", vec![id(&russian)]).await; // the acronym
        expect("q=%E8%8D%89%E5%8E%9F", vec![id(&other)]).await; // 草原
        expect("q=100%25", vec![]).await;
        let by_lab = listed(&app, Some(&token), &format!("lab_id={}", world.cn_lab)).await.0;
        assert_eq!(by_lab, vec![id(&joint)]);
        let by_institution = listed(&app, Some(&token), &format!("institution_id={}", world.susu)).await.0;
        assert_eq!(by_institution, vec![id(&joint), id(&russian)]);
        let by_centre = listed(&app, Some(&token), &format!("centre_id={centre}")).await.0;
        assert_eq!(by_centre, vec![id(&joint)]);
        let by_funder = listed(&app, Some(&token), &format!("funder_id={RFBR}")).await.0;
        assert_eq!(by_funder, vec![id(&russian)]);

        let first: Value = app.get(&format!("{COLLECTION}?sort=starts_on&limit=2")).await.json().await.unwrap();
        assert_eq!(first["items"].as_array().unwrap().len(), 2);
        assert_eq!(first["total"], 3);
        let second: Value = app.get(first["next"].as_str().unwrap()).await.json().await.unwrap();
        assert_eq!(second["items"][0]["id"], other["id"]);
        assert_eq!(second["next"], Value::Null);
        let wrong_sort = app.get(&format!("{COLLECTION}?sort=title&cursor={}", first["next_cursor"].as_str().unwrap())).await;
        assert_problem(wrong_sort, 422).await;
        for bad in ["limit=0", "limit=101", "asjc=42", "country=XX", "lab_id=nope", "active_on=yesterday", "sort=size", "status=done", "colour=red"] {
            assert_problem(app.get(&format!("{COLLECTION}?{bad}")).await, 422).await;
        }

        let csv = csv_as(&app, &token, "sort=title").await;
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].contains("id,title_en,title_ru,title_zh,acronym,status,visibility"));
        assert_eq!(lines.len(), 4);
        assert!(lines[1].contains("炎症的系统病理学") && lines[1].contains("1300; 2734"), "{}", lines[1]);
    }

    async fn a_list_page_costs_the_same_number_of_queries_whatever_its_size(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        for n in 0..12 {
            create(&app, &project_body(&world, &format!("Project {n:02}"))).await;
        }
        let queries = |limit: u32| {
            let mut conn = app.database.connect();
            let counter = Arc::new(AtomicUsize::new(0));
            let seen = counter.clone();
            conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                    seen.fetch_add(1, Ordering::SeqCst);
                }
            });
            let scope = ReadScope::Member { institution_id: Some(world.wuhan.clone()), user_id: None };
            let (views, total) = page_of_projects(&mut conn, &scope, &ListFilter::default(), ProjectSort::Title, None, limit).unwrap();
            assert_eq!(total, 12);
            assert_eq!(views.len(), (limit as usize + 1).min(12));
            assert!(views.iter().all(|v| v.labs.len() == 2 && v.participants.len() == 3 && v.subject_areas.len() == 2));
            counter.load(Ordering::SeqCst)
        };
        let small = queries(1);
        let large = queries(100);
        assert_eq!(small, large, "queries for a page of 2 and a page of 12");
        assert_eq!(large, 5, "count, page, labs, subject areas, participants");
    }

    async fn only_administrators_delete_and_only_unreferenced_projects(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let lone = create(&app, &project_body(&world, "Lone project")).await;
        let funded = create(&app, &project_body(&world, "Funded project")).await;
        app.database.connect().batch_execute(&format!(
            "INSERT INTO funding_records (id, project_id, funder_id, starts_on, ends_on, status, side, version, created_at, updated_at) \
             VALUES ('{}', '{}', '{RFBR}', '2021-01-01', '2021-12-31', 'active', 'RU', 1, '2021-01-01 00:00:00', '2021-01-01 00:00:00')",
            uuid::Uuid::now_v7(), funded["id"].as_str().unwrap()
        )).unwrap();

        let head = app.request_as(&world.ru_head.access_token, Method::DELETE, &path_of(&lone)).send().await.unwrap();
        assert_problem(head, 403).await;
        let referenced = app.client.delete(app.url(&path_of(&funded))).send().await.unwrap();
        let problem = assert_problem(referenced, 409).await;
        assert_eq!(error_fields(&problem), ["funding"]);
        let deleted = app.client.delete(app.url(&path_of(&lone))).send().await.unwrap();
        assert_eq!(deleted.status(), 204);
        assert_problem(app.get(&path_of(&lone)).await, 404).await;
        let history: Value = app.get(&format!("{}/history", path_of(&lone))).await.json().await.unwrap();
        assert_eq!(history["items"][0]["action"], "delete", "staff still read a deleted project's history");
        let gone = app.request_as(&world.ru_head.access_token, Method::GET, &format!("{}/history", path_of(&lone))).send().await.unwrap();
        assert_problem(gone, 404).await;
    }

    async fn labs_and_funders_that_projects_use_are_archived_not_deleted(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = create(&app, &project_body(&world, "Referencing project")).await;
        app.database.connect().batch_execute(&format!(
            "INSERT INTO funding_records (id, project_id, funder_id, starts_on, ends_on, status, side, lab_id, version, created_at, updated_at) \
             VALUES ('{}', '{}', '{RFBR}', '2021-01-01', '2021-12-31', 'active', 'RU', '{}', 1, '2021-01-01 00:00:00', '2021-01-01 00:00:00')",
            uuid::Uuid::now_v7(), project["id"].as_str().unwrap(), world.ru_lab
        )).unwrap();

        let lab = app.client.delete(app.url(&format!("/api/v1/labs/{}", world.ru_lab))).send().await.unwrap();
        let problem = assert_problem(lab, 409).await;
        assert_eq!(error_fields(&problem), ["projects", "funding", "participants"]);
        let partner_lab = app.client.delete(app.url(&format!("/api/v1/labs/{}", world.cn_lab))).send().await.unwrap();
        assert_eq!(error_fields(&assert_problem(partner_lab, 409).await), ["projects", "participants"]);
        let funder = app.client.delete(app.url(&format!("/api/v1/funders/{RFBR}"))).send().await.unwrap();
        let problem = assert_problem(funder, 409).await;
        assert!(error_fields(&problem).contains(&"funding".to_owned()), "{problem}");
        assert_eq!(app.get(&format!("/api/v1/labs/{}", world.ru_lab)).await.status(), 200);

        let drop_paid_lab = json!({"labs": [{"lab_id": world.cn_lab, "role": "lead"}], "participants": []});
        let problem = assert_problem(app.patch_json(&path_of(&project), Some("\"1\""), &drop_paid_lab).await, 422).await;
        assert_eq!(error_fields(&problem), ["labs"], "a lab that funding pays stays in the project");
    }

    async fn a_retried_create_with_the_same_key_makes_one_project(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let body = project_body(&world, "Retried project");
        let send = || app.client.post(app.url(COLLECTION)).header("Idempotency-Key", "create-retried-1").json(&body).send();
        let first: Value = send().await.unwrap().json().await.unwrap();
        let again = send().await.unwrap();
        assert_eq!(again.status(), 201);
        let again: Value = again.json().await.unwrap();
        assert_eq!(first["id"], again["id"]);
        let (_, total) = listed(&app, Some(&app.admin.access_token), "").await;
        assert_eq!(total, 1);
    }

    async fn subject_areas_are_listed_for_anyone(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.anonymous.get(app.url("/api/v1/subject-areas")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let list: Value = response.json().await.unwrap();
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 334);
        assert!(items.contains(&json!({"code": 3106, "name": "Nuclear and High Energy Physics"})));
    }
}
