//! Joint centres: hosts on both sides, validation, merge patches, history, lists, CSV, who may do what.

use std::collections::HashSet;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use jointreg::db::schema::{centre_hosts, centres};
use jointreg::domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{TestApp, assert_problem, error_fields, south_ural_university, wuhan_university};

const CENTRES: &str = "/api/v1/centres";

/// Institutions on both sides and beyond, created through the API.
struct World {
    /// South Ural State University, Chelyabinsk (RU).
    susu: String,
    /// Wuhan University (CN).
    whu: String,
    /// Lomonosov Moscow State University (RU).
    msu: String,
    /// Harbin Institute of Technology (CN).
    hit: String,
    /// Al-Farabi Kazakh National University (KZ): a third country.
    kaznu: String,
}

async fn world(app: &TestApp) -> World {
    let id = |v: Value| v["id"].as_str().unwrap().to_owned();
    let other = |en: &str, country: &str| json!({"names": {"en": en}, "country": country, "kind": "university"});
    World {
        susu: id(app.create_institution(&south_ural_university()).await),
        whu: id(app.create_institution(&wuhan_university()).await),
        msu: id(app.create_institution(&other("Lomonosov Moscow State University", "RU")).await),
        hit: id(app.create_institution(&other("Harbin Institute of Technology", "CN")).await),
        kaznu: id(app.create_institution(&other("Al-Farabi Kazakh National University", "KZ")).await),
    }
}

/// The centre of docs/DOMAIN.md: founded in 2020 at SUSU with Wuhan University (the day is a placeholder).
fn systemic_pathology(w: &World) -> Value {
    json!({
        "names": {
            "en": "Joint Russian–Chinese Center for Systemic Pathology",
            "ru": "Российско-китайский центр системной патологии",
            "zh": "中俄系统病理学联合中心"
        },
        "host_institution_ids": [w.whu, w.susu],
        "founded_on": "2020-09-01",
        "status": "active",
        "description": "Three mirror laboratories planned.\nOne left after targeted funding ended."
    })
}

fn centre(en: &str, hosts: &[&String], status: &str) -> Value {
    json!({"names": {"en": en}, "host_institution_ids": hosts, "status": status})
}

async fn create_centre(app: &TestApp, body: &Value) -> Value {
    let response = app.post_json(CENTRES, body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "creating {body}: {text}");
    serde_json::from_str(&text).unwrap()
}

fn path_of(centre: &Value) -> String {
    format!("{CENTRES}/{}", centre["id"].as_str().unwrap())
}

fn host_ids(centre: &Value) -> Vec<String> {
    centre["hosts"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
}

/// The host rows of a centre as stored, sorted.
fn stored_hosts(app: &TestApp, centre_id: &str) -> Vec<String> {
    centre_hosts::table
        .filter(centre_hosts::centre_id.eq(centre_id))
        .select(centre_hosts::institution_id)
        .order(centre_hosts::institution_id.asc())
        .load(&mut app.database.connect())
        .unwrap()
}

fn stored_centres(app: &TestApp) -> i64 {
    centres::table.count().get_result(&mut app.database.connect()).unwrap()
}

/// The ids in the order given.
fn owned(ids: &[&String]) -> Vec<String> {
    ids.iter().map(|s| (*s).to_owned()).collect()
}

fn sorted(ids: &[&String]) -> Vec<String> {
    let mut ids = owned(ids);
    ids.sort();
    ids
}

/// A laboratory written straight into the database: the labs API is not what is tested here.
fn insert_lab(app: &TestApp, institution_id: &str, centre_id: &str) {
    let id = uuid::Uuid::now_v7();
    app.database
        .connect()
        .batch_execute(&format!(
            "INSERT INTO labs (id, name_en, institution_id, centre_id, search_key, sort_key, version, created_at, updated_at) \
             VALUES ('{id}', 'Laboratory of Systemic Pathology', '{institution_id}', '{centre_id}', \
             'laboratory of systemic pathology', 'laboratory of systemic pathology', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        ))
        .unwrap();
}

both_backends! {
    async fn create_returns_201_with_location_etag_and_hosts_on_both_sides(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let mut body = systemic_pathology(&w);
        body["names"]["en"] = json!("  Joint Russian–Chinese Center for Systemic Pathology ");
        body["host_institution_ids"] = json!([w.whu.to_uppercase(), w.susu]);

        let response = app.post_json(CENTRES, &body).await;

        assert_eq!(response.status(), 201);
        assert_eq!(response.headers()["etag"], "\"1\"");
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let created: Value = response.json().await.unwrap();
        let id = created["id"].as_str().unwrap();
        assert_eq!(location, format!("{CENTRES}/{id}"));
        assert_eq!(created["names"]["en"], "Joint Russian–Chinese Center for Systemic Pathology");
        assert_eq!(created["names"]["zh"], "中俄系统病理学联合中心");
        assert_eq!(created["founded_on"], "2020-09-01");
        assert_eq!(created["status"], "active");
        assert_eq!(created["description"], "Three mirror laboratories planned.\nOne left after targeted funding ended.");
        assert_eq!(created["version"], 1);
        // Hosts by English name, each with its id, name and country.
        assert_eq!(created["hosts"], json!([
            {"id": w.susu, "name_en": "South Ural State University", "country": "RU"},
            {"id": w.whu, "name_en": "Wuhan University", "country": "CN"},
        ]));
        assert_eq!(stored_hosts(&app, id), sorted(&[&w.susu, &w.whu]));

        let fetched = app.get(&location).await;
        assert_eq!(fetched.headers()["etag"], "\"1\"");
        assert_eq!(fetched.json::<Value>().await.unwrap(), created);
        let cached = app.client.get(app.url(&location)).header("If-None-Match", "\"1\"").send().await.unwrap();
        assert_eq!(cached.status(), 304);
        assert_eq!(cached.headers()["etag"], "\"1\"");
        assert!(cached.text().await.unwrap().is_empty());
    }

    async fn optional_fields_may_be_left_out(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;

        let created = create_centre(&app, &centre("Planned Centre", &[&w.msu, &w.kaznu], "planned")).await;

        assert_eq!(created["names"], json!({"en": "Planned Centre", "ru": null, "zh": null}));
        assert_eq!(created["founded_on"], Value::Null);
        assert_eq!(created["description"], Value::Null);
        assert_eq!(created["status"], "planned");
    }

    async fn get_unknown_or_malformed_id_is_404(backend) {
        let app = TestApp::spawn(backend).await;
        assert_problem(app.get(&format!("{CENTRES}/01900000-0000-7000-8000-000000000000")).await, 404).await;
        assert_problem(app.get(&format!("{CENTRES}/not-a-uuid")).await, 404).await;
        assert_problem(app.get(&format!("{CENTRES}/01900000-0000-7000-8000-000000000000/history")).await, 404).await;
    }
}

both_backends! {
    async fn hosts_must_be_one_to_twenty_distinct_well_formed_ids(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let many: Vec<String> = (0..21).map(|_| uuid::Uuid::now_v7().to_string()).collect();
        let cases = [
            (json!([]), "host_count"),
            (json!(many), "host_count"),
            (json!([w.susu, w.whu, w.susu]), "duplicate_host"),
            (json!([w.susu, w.whu.to_uppercase(), w.whu]), "duplicate_host"),
            (json!([w.susu, "whu"]), "invalid_id"),
        ];
        for (hosts, code) in cases {
            let mut body = systemic_pathology(&w);
            body["host_institution_ids"] = hosts.clone();
            let problem = assert_problem(app.post_json(CENTRES, &body).await, 422).await;
            assert_eq!(error_fields(&problem), ["host_institution_ids"], "{hosts}");
            assert_eq!(problem["errors"][0]["code"], code, "{hosts}");
        }
        let mut missing = systemic_pathology(&w);
        missing.as_object_mut().unwrap().remove("host_institution_ids");
        let problem = assert_problem(app.post_json(CENTRES, &missing).await, 422).await;
        assert_eq!((error_fields(&problem), problem["errors"][0]["code"].clone()), (vec!["host_institution_ids".to_owned()], json!("required")));
        assert_eq!(stored_centres(&app), 0);
    }

    async fn every_host_must_exist_and_the_422_names_the_unknown_ids(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let (ghost1, ghost2) = ("01900000-0000-7000-8000-00000000000a", "01900000-0000-7000-8000-00000000000b");
        let mut body = systemic_pathology(&w);
        body["host_institution_ids"] = json!([w.susu, ghost1, w.whu, ghost2.to_uppercase()]);

        let problem = assert_problem(app.post_json(CENTRES, &body).await, 422).await;

        assert_eq!(error_fields(&problem), ["host_institution_ids", "host_institution_ids"]);
        for (error, ghost) in problem["errors"].as_array().unwrap().iter().zip([ghost1, ghost2]) {
            assert_eq!(error["code"], "unknown_institution");
            assert!(error["message"].as_str().unwrap().contains(ghost), "{error}");
        }
        assert_eq!(stored_centres(&app), 0);
        assert_eq!(centre_hosts::table.count().get_result::<i64>(&mut app.database.connect()).unwrap(), 0);
    }

    async fn hosts_must_span_two_countries(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;

        for hosts in [vec![&w.susu], vec![&w.susu, &w.msu], vec![&w.whu, &w.hit]] {
            let mut body = systemic_pathology(&w);
            body["host_institution_ids"] = json!(hosts);
            let problem = assert_problem(app.post_json(CENTRES, &body).await, 422).await;
            assert_eq!(error_fields(&problem), ["host_institution_ids"], "{hosts:?}");
            assert_eq!(problem["errors"][0]["code"], "single_country");
            assert!(problem["errors"][0]["message"].as_str().unwrap().contains("two countries"));
        }
        assert_eq!(stored_centres(&app), 0);
        // A third country counts as a side of its own.
        let third = create_centre(&app, &centre("Mirror site in Almaty", &[&w.whu, &w.hit, &w.kaznu], "planned")).await;
        assert_eq!(third["hosts"].as_array().unwrap().len(), 3);
    }

    async fn founded_on_is_a_date_not_in_the_future(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let today = crate::helpers::today();

        for bad in [json!((today + chrono::Days::new(2)).to_string()), json!("2020-13-01"), json!("1 Sept 2020"), json!(2020)] {
            let mut body = systemic_pathology(&w);
            body["founded_on"] = bad.clone();
            let problem = assert_problem(app.post_json(CENTRES, &body).await, 422).await;
            assert_eq!(error_fields(&problem), ["founded_on"], "{bad}");
        }
        let mut body = systemic_pathology(&w);
        body["founded_on"] = json!(today.to_string());
        assert_eq!(create_centre(&app, &body).await["founded_on"], json!(today.to_string()));
    }

    async fn description_keeps_line_breaks_up_to_5000_characters_but_no_control_characters(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;

        for bad in ["x".repeat(5001), "NUL\0inside".into(), "bell\u{7}".into(), "tab\there".into(), " \n ".into()] {
            let mut body = systemic_pathology(&w);
            body["description"] = json!(bad);
            let problem = assert_problem(app.post_json(CENTRES, &body).await, 422).await;
            assert_eq!(error_fields(&problem), ["description"], "{bad:?}");
        }
        assert_eq!(stored_centres(&app), 0);
        let mut body = systemic_pathology(&w);
        let longest = format!("{}\r\n{}", "中".repeat(2000), "я".repeat(2998));
        body["description"] = json!(longest);
        assert_eq!(create_centre(&app, &body).await["description"], json!(longest));
    }

    async fn names_and_status_are_checked_and_every_problem_is_reported_at_once(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let body = json!({
            "names": {"en": " ", "ru": "ц".repeat(301), "zh": "中\n心"},
            "host_institution_ids": [],
            "founded_on": "3000-01-01",
            "status": "active",
            "description": "a\u{1b}b"
        });

        let problem = assert_problem(app.post_json(CENTRES, &body).await, 422).await;

        assert_eq!(
            error_fields(&problem),
            ["description", "founded_on", "host_institution_ids", "names.en", "names.ru", "names.zh"]
        );
        let open = json!({"names": {"en": "X"}, "host_institution_ids": [w.susu, w.whu], "status": "open"});
        let problem = assert_problem(app.post_json(CENTRES, &open).await, 422).await;
        assert_eq!((error_fields(&problem), problem["errors"][0]["code"].clone()), (vec!["status".to_owned()], json!("invalid_value")));
        let problem = assert_problem(app.post_json(CENTRES, &json!({"names": {"ru": "Центр"}, "host_institution_ids": [w.susu, w.whu], "status": "active"})).await, 422).await;
        assert_eq!((error_fields(&problem), problem["errors"][0]["code"].clone()), (vec!["names.en".to_owned()], json!("required")));
        let problem = assert_problem(app.post_json(CENTRES, &json!({"names": {"en": "X"}, "host_institution_ids": [w.susu, w.whu], "status": "active", "hosts": []})).await, 422).await;
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains("hosts"), "{problem}");
        assert_eq!(stored_centres(&app), 0);
    }
}

both_backends! {
    async fn patch_merges_fields_and_replaces_the_hosts(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let created = create_centre(&app, &systemic_pathology(&w)).await;
        let path = path_of(&created);
        let id = created["id"].as_str().unwrap();

        let response = app.patch_json(&path, Some("\"1\""), &json!({
            "status": "reduced",
            "names": {"zh": null},
            "description": null,
            "host_institution_ids": [w.susu, w.hit, w.whu.to_uppercase()]
        })).await;

        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["etag"], "\"2\"");
        let updated: Value = response.json().await.unwrap();
        assert_eq!(updated["status"], "reduced");
        assert_eq!(updated["names"]["zh"], Value::Null);
        assert_eq!(updated["names"]["ru"], created["names"]["ru"]);
        assert_eq!(updated["description"], Value::Null);
        assert_eq!(updated["founded_on"], "2020-09-01");
        assert_eq!(updated["version"], 2);
        assert_eq!(host_ids(&updated), owned(&[&w.hit, &w.susu, &w.whu]));
        assert_eq!(stored_hosts(&app, id), sorted(&[&w.susu, &w.hit, &w.whu]));
        assert_eq!(app.get(&path).await.json::<Value>().await.unwrap(), updated);

        // Fewer hosts: rows that are no longer named go.
        let response = app.patch_json(&path, Some("\"2\""), &json!({"host_institution_ids": [w.msu, w.hit]})).await;
        assert_eq!(response.status(), 200);
        assert_eq!(stored_hosts(&app, id), sorted(&[&w.msu, &w.hit]));
        // Leaving hosts out keeps them.
        let response = app.patch_json(&path, Some("\"3\""), &json!({"founded_on": null})).await;
        let kept: Value = response.json().await.unwrap();
        assert_eq!(kept["founded_on"], Value::Null);
        assert_eq!(host_ids(&kept), owned(&[&w.hit, &w.msu]));
    }

    async fn a_refused_patch_changes_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let created = create_centre(&app, &systemic_pathology(&w)).await;
        let path = path_of(&created);
        let id = created["id"].as_str().unwrap();

        let cases = [
            (json!({"status": "closed", "host_institution_ids": [w.susu, w.msu]}), "host_institution_ids"),
            (json!({"status": "closed", "host_institution_ids": [w.susu, "01900000-0000-7000-8000-00000000000a"]}), "host_institution_ids"),
            (json!({"host_institution_ids": null}), "host_institution_ids"),
            (json!({"host_institution_ids": []}), "host_institution_ids"),
            (json!({"status": null}), "status"),
            (json!({"names": {"en": null}}), "names.en"),
            (json!({"description": "x".repeat(5001)}), "description"),
            (json!({"founded_on": "2999-01-01"}), "founded_on"),
        ];
        for (body, field) in cases {
            let problem = assert_problem(app.patch_json(&path, Some("\"1\""), &body).await, 422).await;
            assert!(error_fields(&problem).iter().all(|f| f == field), "{body}: {problem}");
        }

        assert_eq!(app.get(&path).await.json::<Value>().await.unwrap(), created);
        assert_eq!(stored_hosts(&app, id), sorted(&[&w.susu, &w.whu]));
    }

    async fn patch_needs_if_match_and_a_stale_one_is_412(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let created = create_centre(&app, &systemic_pathology(&w)).await;
        let path = path_of(&created);

        assert_problem(app.patch_json(&path, None, &json!({"status": "closed"})).await, 428).await;
        assert_eq!(app.patch_json(&path, Some("\"1\""), &json!({"status": "suspended"})).await.status(), 200);
        assert_problem(app.patch_json(&path, Some("\"1\""), &json!({"host_institution_ids": [w.msu, w.hit]})).await, 412).await;
        assert_problem(app.patch_json(&format!("{CENTRES}/01900000-0000-7000-8000-000000000000"), Some("\"1\""), &json!({})).await, 404).await;

        let current = app.get(&path).await;
        assert_eq!(current.headers()["etag"], "\"2\"");
        let current: Value = current.json().await.unwrap();
        assert_eq!(current["status"], "suspended");
        assert_eq!(host_ids(&current), owned(&[&w.susu, &w.whu]));
    }

    async fn concurrent_host_replacements_with_one_etag_let_exactly_one_through(backend) {
        let app = TestApp::spawn_with(backend, |s| s.workers = 2).await;
        let w = world(&app).await;
        let created = create_centre(&app, &systemic_pathology(&w)).await;
        let path = path_of(&created);
        let sets = [vec![&w.msu, &w.hit], vec![&w.susu, &w.hit], vec![&w.msu, &w.whu], vec![&w.kaznu, &w.whu]];

        let bodies: Vec<Value> = sets.iter().map(|set| json!({"host_institution_ids": set})).collect();
        let attempts = bodies.iter().map(|body| app.patch_json(&path, Some("\"1\""), body));
        let statuses: Vec<u16> = futures_util::future::join_all(attempts).await.iter().map(|r| r.status().as_u16()).collect();

        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 412).count(), 3, "{statuses:?}");
        let winner = &sets[statuses.iter().position(|s| *s == 200).unwrap()];
        assert_eq!(stored_hosts(&app, created["id"].as_str().unwrap()), sorted(winner));
    }
}

both_backends! {
    async fn a_delete_racing_a_host_change_lets_exactly_one_through(backend) {
        let app = TestApp::spawn_with(backend, |s| s.workers = 2).await;
        let w = world(&app).await;
        for round in 0..5 {
            let created = create_centre(&app, &centre(&format!("Race {round}"), &[&w.susu, &w.whu], "active")).await;
            let path = path_of(&created);
            let body = json!({"host_institution_ids": [w.msu, w.hit]});
            let patch = app.patch_json(&path, Some("\"1\""), &body);
            let delete = app.client.delete(app.url(&path)).header("If-Match", "\"1\"").send();

            let (patched, deleted) = futures_util::future::join(patch, delete).await;

            let (patched, deleted) = (patched.status().as_u16(), deleted.unwrap().status().as_u16());
            match (patched, deleted) {
                (200, 412) => assert_eq!(stored_hosts(&app, created["id"].as_str().unwrap()), sorted(&[&w.msu, &w.hit])),
                (404 | 412, 204) => assert!(stored_hosts(&app, created["id"].as_str().unwrap()).is_empty()),
                other => panic!("round {round}: {other:?}"),
            }
        }
    }
}

both_backends! {
    async fn history_has_every_change_including_hosts_and_outlives_the_centre(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let created = create_centre(&app, &systemic_pathology(&w)).await;
        let path = path_of(&created);
        let coordinator = app.session(Role::Coordinator).await;
        let changed = app.request_as(&coordinator.access_token, Method::PATCH, &path).header("If-Match", "\"1\"")
            .json(&json!({"status": "reduced", "host_institution_ids": [w.susu, w.hit]})).send().await.unwrap();
        assert_eq!(changed.status(), 200);
        let deleted = app.client.delete(app.url(&path)).header("X-Request-Id", "close-centre-7").send().await.unwrap();
        assert_eq!(deleted.status(), 204);

        let response = app.get(&format!("{path}/history")).await;
        assert_eq!(response.status(), 200);
        let history: Value = response.json().await.unwrap();

        let items = history["items"].as_array().unwrap();
        let actions: Vec<&str> = items.iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["delete", "update", "create"]);
        assert_eq!(items[2]["changes"]["host_institution_ids"], json!({"before": null, "after": sorted(&[&w.susu, &w.whu])}));
        assert_eq!(items[2]["changes"]["founded_on"], json!({"before": null, "after": "2020-09-01"}));
        assert_eq!(items[1]["changes"], json!({
            "status": {"before": "active", "after": "reduced"},
            "host_institution_ids": {"before": sorted(&[&w.susu, &w.whu]), "after": sorted(&[&w.susu, &w.hit])},
        }));
        assert_eq!(items[1]["actor_id"], json!(coordinator.user.id));
        assert_eq!(items[0]["request_id"], "close-centre-7");
        assert_eq!(items[0]["changes"]["host_institution_ids"], json!({"before": sorted(&[&w.susu, &w.hit]), "after": null}));
        assert_eq!(items[0]["actor_id"], json!(app.admin.user.id));
    }

    async fn history_is_paged_newest_first(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let created = create_centre(&app, &systemic_pathology(&w)).await;
        let path = path_of(&created);
        for (version, status) in ["reduced", "suspended", "active", "closed"].into_iter().enumerate() {
            let etag = format!("\"{}\"", version + 1);
            assert_eq!(app.patch_json(&path, Some(&etag), &json!({"status": status})).await.status(), 200);
        }

        let first: Value = app.get(&format!("{path}/history?limit=3")).await.json().await.unwrap();
        let second: Value = app.get(first["next"].as_str().unwrap()).await.json().await.unwrap();

        let afters: Vec<&Value> = first["items"].as_array().unwrap().iter().map(|e| &e["changes"]["status"]["after"]).collect();
        assert_eq!(afters, ["closed", "active", "suspended"]);
        assert_eq!(second["items"].as_array().unwrap().len(), 2);
        assert_eq!(second["items"][1]["action"], "create");
        assert_eq!(second["next"], Value::Null);
    }

    async fn a_retried_create_with_the_same_key_returns_the_first_answer(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let send = |key: &str, body: &Value| app.client.post(app.url(CENTRES)).header("Idempotency-Key", key).json(body).send();

        let first = send("centre-1", &systemic_pathology(&w)).await.unwrap();
        assert_eq!(first.status(), 201);
        let location = first.headers()["location"].clone();
        let first_body: Value = first.json().await.unwrap();
        let again = send("centre-1", &systemic_pathology(&w)).await.unwrap();

        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["location"], location);
        assert_eq!(again.headers()["etag"], "\"1\"");
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), first_body);
        assert_eq!(stored_centres(&app), 1);

        let other = send("centre-1", &centre("Another", &[&w.msu, &w.hit], "planned")).await.unwrap();
        assert_eq!(error_fields(&assert_problem(other, 422).await), ["Idempotency-Key"]);
        // A create refused by the database checks does not use up its key.
        let refused = send("centre-2", &centre("One-sided", &[&w.msu, &w.susu], "planned")).await.unwrap();
        assert_problem(refused, 422).await;
        assert_eq!(send("centre-2", &centre("Two-sided", &[&w.msu, &w.hit], "planned")).await.unwrap().status(), 201);
        assert_eq!(stored_centres(&app), 2);
    }
}

/// Follows `next` links from `first`; returns the items and the totals served.
async fn walk(app: &TestApp, first: &str) -> (Vec<Value>, Vec<i64>) {
    let mut items = Vec::new();
    let mut totals = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(path) = next {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        let link = response.headers().get("link").map(|v| v.to_str().unwrap().to_owned());
        let page: Value = response.json().await.unwrap();
        totals.push(page["total"].as_i64().unwrap());
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        next = page["next"].as_str().map(str::to_owned);
        assert_eq!(link, next.as_ref().map(|n| format!("<{n}>; rel=\"next\"")));
        assert!(items.len() <= 500, "runaway paging");
    }
    (items, totals)
}

fn english_names(items: &[Value]) -> Vec<String> {
    let mut names: Vec<String> = items.iter().map(|i| i["names"]["en"].as_str().unwrap().to_owned()).collect();
    names.sort();
    names
}

both_backends! {
    async fn lists_filter_by_country_status_and_host_institution(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        create_centre(&app, &centre("A Chelyabinsk–Wuhan", &[&w.susu, &w.whu], "active")).await;
        create_centre(&app, &centre("B Moscow–Harbin", &[&w.msu, &w.hit], "reduced")).await;
        create_centre(&app, &centre("C Wuhan–Almaty", &[&w.whu, &w.kaznu], "planned")).await;
        let whu = w.whu.to_uppercase();

        let cases: [(String, &[&str]); 9] = [
            ("".into(), &["A Chelyabinsk–Wuhan", "B Moscow–Harbin", "C Wuhan–Almaty"]),
            ("country=ru".into(), &["A Chelyabinsk–Wuhan", "B Moscow–Harbin"]),
            ("country=CN".into(), &["A Chelyabinsk–Wuhan", "B Moscow–Harbin", "C Wuhan–Almaty"]),
            ("country=KZ".into(), &["C Wuhan–Almaty"]),
            ("status=reduced".into(), &["B Moscow–Harbin"]),
            (format!("institution_id={whu}"), &["A Chelyabinsk–Wuhan", "C Wuhan–Almaty"]),
            (format!("institution_id={}&country=RU", w.whu), &["A Chelyabinsk–Wuhan"]),
            (format!("institution_id={}&status=planned", w.whu), &["C Wuhan–Almaty"]),
            ("institution_id=01900000-0000-7000-8000-000000000000".into(), &[]),
        ];
        for (query, expected) in cases {
            // limit=1: the filters must survive in every next link.
            let (items, totals) = walk(&app, &format!("{CENTRES}?limit=1&{query}")).await;
            assert_eq!(english_names(&items), expected, "{query}");
            assert!(totals.iter().all(|t| *t == expected.len() as i64), "{query}: {totals:?}");
        }
    }

    async fn q_matches_any_name_in_latin_cyrillic_and_chinese_ignoring_case(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        create_centre(&app, &systemic_pathology(&w)).await;
        create_centre(&app, &json!({
            "names": {"en": "Sino-Russian Centre for Materials Science", "ru": "Центр материаловедения", "zh": "材料科学中心"},
            "host_institution_ids": [w.msu, w.hit], "status": "active"
        })).await;

        let found = |q: &str| {
            let url = reqwest::Url::parse_with_params(&app.url(CENTRES), &[("q", q)]).unwrap();
            let request = app.client.get(url).send();
            async move {
                let page: Value = request.await.unwrap().json().await.unwrap();
                let items = page["items"].as_array().unwrap().clone();
                assert_eq!(page["total"].as_u64().unwrap() as usize, items.len());
                english_names(&items)
            }
        };
        let pathology = ["Joint Russian–Chinese Center for Systemic Pathology"];
        let materials = ["Sino-Russian Centre for Materials Science"];
        for q in ["systemic", "SYSTEMIC PATHOLOGY", "системной", "СИСТЕМНОЙ ПАТОЛОГИИ", "系统病理", "ＳＹＳＴＥＭＩＣ"] {
            assert_eq!(found(q).await, pathology, "q={q}");
        }
        for q in ["materials", "МАТЕРИАЛОВЕДЕНИЯ", "材料"] {
            assert_eq!(found(q).await, materials, "q={q}");
        }
        assert_eq!(found("центр").await.len(), 2);
        assert_eq!(found("中心").await.len(), 2);
        assert!(found("50%").await.is_empty());
    }

    async fn paging_through_60_centres_serves_each_exactly_once_in_every_sort(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let mut created = HashSet::new();
        for i in 0..60 {
            // Names repeat, so ties must be broken by id.
            let body = centre(&format!("Centre {:02}", i % 20), &[&w.susu, &w.whu], "active");
            created.insert(create_centre(&app, &body).await["id"].as_str().unwrap().to_owned());
        }

        for sort in ["name", "-name", "created", "-created"] {
            let (items, totals) = walk(&app, &format!("{CENTRES}?sort={sort}&limit=7")).await;
            let ids: Vec<String> = items.iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect();
            assert_eq!(ids.len(), 60, "sort={sort}");
            assert_eq!(ids.iter().cloned().collect::<HashSet<_>>(), created, "sort={sort}");
            assert!(totals.iter().all(|t| *t == 60));
            assert!(items.iter().all(|i| i["hosts"].as_array().unwrap().len() == 2), "hosts on every page");
            let keys: Vec<(String, String)> =
                items.iter().map(|i| (i["names"]["en"].as_str().unwrap().to_lowercase(), i["id"].as_str().unwrap().to_owned())).collect();
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

    async fn list_parameters_are_validated(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        create_centre(&app, &systemic_pathology(&w)).await;
        create_centre(&app, &centre("Second", &[&w.msu, &w.hit], "active")).await;

        for bad in ["limit=0", "limit=101", "sort=size", "cursor=garbage", "country=XX", "status=open", "institution_id=whu", "institution=whu", "host=x"] {
            let problem = assert_problem(app.get(&format!("{CENTRES}?{bad}")).await, 422).await;
            let field = bad.split('=').next().unwrap();
            assert!(
                error_fields(&problem).iter().any(|f| f == field) || problem["errors"][0]["message"].as_str().unwrap().contains(field),
                "{bad}: {problem}"
            );
        }
        let first: Value = app.get(&format!("{CENTRES}?limit=1")).await.json().await.unwrap();
        let cursor = first["next_cursor"].as_str().unwrap();
        let problem = assert_problem(app.get(&format!("{CENTRES}?sort=-name&cursor={cursor}")).await, 422).await;
        assert_eq!(error_fields(&problem), ["cursor"]);
        let all: Value = app.get(&format!("{CENTRES}?limit=100")).await.json().await.unwrap();
        assert_eq!(all["next"], Value::Null);
        assert_eq!(all["total"], 2);
    }

    async fn csv_has_every_match_with_hosts_joined(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let pathology = create_centre(&app, &systemic_pathology(&w)).await;
        create_centre(&app, &centre("=HYPERLINK(\"http://evil\")", &[&w.msu, &w.hit], "planned")).await;
        create_centre(&app, &centre("Almaty site", &[&w.whu, &w.kaznu], "active")).await;

        let response = app.client.get(app.url(&format!("{CENTRES}?limit=1&country=RU"))).header("Accept", "text/csv").send().await.unwrap();

        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("centres.csv"));
        let text = response.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(header, ["id", "name_en", "name_ru", "name_zh", "founded_on", "status", "host_institution_ids", "hosts", "description", "version"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2, "every match in RU whatever the limit: {text}");
        assert_eq!(&rows[0][1], "'=HYPERLINK(\"http://evil\")", "formulas are defused");
        let row = &rows[1];
        assert_eq!(&row[0], pathology["id"].as_str().unwrap());
        assert_eq!(&row[3], "中俄系统病理学联合中心");
        assert_eq!(&row[4], "2020-09-01");
        assert_eq!(&row[5], "active");
        assert_eq!(&row[6], format!("{};{}", w.susu, w.whu));
        assert_eq!(&row[7], "South Ural State University (RU); Wuhan University (CN)");
        assert_eq!(&row[8], "Three mirror laboratories planned.\nOne left after targeted funding ended.");
    }
}

both_backends! {
    async fn every_signed_in_caller_reads_centres_only_staff_write_them(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let created = create_centre(&app, &systemic_pathology(&w)).await;
        let path = path_of(&created);
        let lab_head = app.session(Role::LabHead).await;
        let issued: Value = app.post_json(&format!("/api/v1/institutions/{}/partner-tokens", w.whu), &json!({"name": "WHU research office"})).await.json().await.unwrap();
        let partner = issued["token"].as_str().unwrap().to_owned();

        for token in [&lab_head.access_token, &partner] {
            for read in [CENTRES.to_owned(), path.clone(), format!("{path}/history")] {
                assert_eq!(app.request_as(token, Method::GET, &read).send().await.unwrap().status(), 200, "{read}");
            }
            let csv = app.request_as(token, Method::GET, CENTRES).header("Accept", "text/csv").send().await.unwrap();
            assert_eq!(csv.status(), 200);
            let writes = [
                app.request_as(token, Method::POST, CENTRES).json(&centre("Mine", &[&w.msu, &w.hit], "planned")),
                app.request_as(token, Method::PATCH, &path).header("If-Match", "\"1\"").json(&json!({"status": "closed"})),
                app.request_as(token, Method::DELETE, &path),
            ];
            for write in writes {
                assert_problem(write.send().await.unwrap(), 403).await;
            }
        }
        assert_eq!(stored_centres(&app), 1);
        assert_eq!(app.get(&path).await.json::<Value>().await.unwrap(), created);

        let coordinator = app.session(Role::Coordinator).await;
        let token = &coordinator.access_token;
        let made = app.request_as(token, Method::POST, CENTRES).json(&centre("Coordinated", &[&w.msu, &w.hit], "planned")).send().await.unwrap();
        assert_eq!(made.status(), 201);
        let changed = app.request_as(token, Method::PATCH, &path).header("If-Match", "\"1\"").json(&json!({"status": "reduced"})).send().await.unwrap();
        assert_eq!(changed.status(), 200);
        assert_problem(app.request_as(token, Method::DELETE, &path).send().await.unwrap(), 403).await;
        assert_problem(app.anonymous.get(app.url(CENTRES)).send().await.unwrap(), 401).await;
        assert_eq!(stored_centres(&app), 2);
    }

    async fn administrators_delete_unreferenced_centres_and_a_centre_with_a_lab_is_409(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let kept = create_centre(&app, &systemic_pathology(&w)).await;
        let kept_id = kept["id"].as_str().unwrap();
        let spare = create_centre(&app, &centre("Spare", &[&w.msu, &w.hit], "planned")).await;
        insert_lab(&app, &w.susu, kept_id);

        let problem = assert_problem(app.client.delete(app.url(&path_of(&kept))).send().await.unwrap(), 409).await;
        assert_eq!(error_fields(&problem), ["labs"]);
        assert_eq!(problem["errors"][0]["message"], "1 laboratories belong to it");
        assert!(problem["detail"].as_str().unwrap().contains("close it"), "{problem}");
        assert_eq!(app.get(&path_of(&kept)).await.status(), 200);
        assert_eq!(stored_hosts(&app, kept_id), sorted(&[&w.susu, &w.whu]));
        // Closing is the way out, and it stays visible.
        assert_eq!(app.patch_json(&path_of(&kept), Some("\"1\""), &json!({"status": "closed"})).await.status(), 200);

        assert_problem(app.client.delete(app.url(&path_of(&spare))).header("If-Match", "\"2\"").send().await.unwrap(), 412).await;
        let deleted = app.client.delete(app.url(&path_of(&spare))).header("If-Match", "\"1\"").send().await.unwrap();
        assert_eq!(deleted.status(), 204);
        assert_problem(app.get(&path_of(&spare)).await, 404).await;
        assert_problem(app.client.delete(app.url(&path_of(&spare))).send().await.unwrap(), 404).await;
        assert!(stored_hosts(&app, spare["id"].as_str().unwrap()).is_empty());
        assert_eq!(stored_centres(&app), 1);
        let history: Value = app.get(&format!("{}/history", path_of(&spare))).await.json().await.unwrap();
        assert_eq!(history["items"][0]["action"], "delete");
    }

    async fn an_institution_hosting_a_centre_cannot_be_deleted(backend) {
        let app = TestApp::spawn(backend).await;
        let w = world(&app).await;
        let created = create_centre(&app, &systemic_pathology(&w)).await;
        let whu = format!("/api/v1/institutions/{}", w.whu);

        let problem = assert_problem(app.client.delete(app.url(&whu)).send().await.unwrap(), 409).await;

        assert_eq!(error_fields(&problem), ["centres"]);
        assert_eq!(problem["errors"][0]["message"], "1 joint centres are hosted by it");
        assert_eq!(app.get(&whu).await.status(), 200);
        // Once the centre is gone the institution is free again.
        assert_eq!(app.client.delete(app.url(&path_of(&created))).send().await.unwrap().status(), 204);
        assert_eq!(app.client.delete(app.url(&whu)).send().await.unwrap().status(), 204);
    }
}
