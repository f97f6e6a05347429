//! Funders: CRUD with history, the rules no single field can check (unique short codes and DOIs,
//! closed needs a date, successors never loop), permissions, lists, and the shipped seed.

use std::collections::HashSet;

use diesel::prelude::*;
use jointreg::db::DbConn;
use jointreg::db::models::funder::Funder;
use jointreg::db::models::history;
use jointreg::db::schema::funders;
use jointreg::domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{TestApp, assert_problem, error_fields, wuhan_university};

const COLLECTION: &str = "/api/v1/funders";
const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";
const RFBR: &str = "01a21f73-9c00-7000-8000-000000000003";
const CAS: &str = "01a21f73-9c00-7000-8000-000000000007";
/// Funders every fresh database starts with.
const SEEDED: [(&str, &str); 8] = [
    ("NSFC", NSFC),
    ("RSF", RSF),
    ("RFBR", RFBR),
    ("MINOBRNAUKI", "01a21f73-9c00-7000-8000-000000000004"),
    ("RAS", "01a21f73-9c00-7000-8000-000000000005"),
    ("MOST", "01a21f73-9c00-7000-8000-000000000006"),
    ("CAS", CAS),
    ("MOE", "01a21f73-9c00-7000-8000-000000000008"),
];

/// A valid funder (names chosen not to match the seed searches below).
fn funder(code: &str) -> Value {
    json!({
        "names": {"en": format!("Test Grantmaker {code}"), "ru": format!("Тестовый грантодатель {code}"), "zh": format!("测试资助者{code}")},
        "short_code": code,
        "country": "KZ"
    })
}

async fn create(app: &TestApp, body: &Value) -> Value {
    let response = app.post_json(COLLECTION, body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "creating {body}: {text}");
    serde_json::from_str(&text).unwrap()
}

fn path_of(record: &Value) -> String {
    format!("{COLLECTION}/{}", record["id"].as_str().unwrap())
}

fn stored(app: &TestApp, id: &str) -> Option<Funder> {
    funders::table.find(id).first::<Funder>(&mut app.database.connect()).optional().unwrap()
}

/// The English names (or short codes) a list answers with, sorted.
async fn codes_found(app: &TestApp, params: &[(&str, &str)]) -> Vec<String> {
    let url = reqwest::Url::parse_with_params(&app.url(COLLECTION), params).unwrap();
    let response = app.client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "{params:?}");
    let page: Value = response.json().await.unwrap();
    let mut codes: Vec<String> =
        page["items"].as_array().unwrap().iter().map(|i| i["short_code"].as_str().unwrap().to_owned()).collect();
    codes.sort();
    assert_eq!(page["total"].as_u64().unwrap() as usize, codes.len(), "{params:?}");
    codes
}

fn message(problem: &Value, field: &str) -> String {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == field)
        .map(|e| e["message"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

fn code(problem: &Value, field: &str) -> String {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == field)
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

both_backends! {
    async fn create_returns_201_with_location_etag_and_normalised_fields(backend) {
        let app = TestApp::spawn(backend).await;
        let mut body = funder("TG-1");
        body["names"]["en"] = json!("  Test Grantmaker TG-1 ");
        body["country"] = json!("kz");
        body["funder_doi"] = json!("HTTPS://DOI.ORG/10.13039/999000000001");
        body["ror_id"] = json!("033VJFK17");
        body["successor_id"] = json!(RSF.to_uppercase());

        let response = app.post_json(COLLECTION, &body).await;

        assert_eq!(response.status(), 201);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(response.headers()["etag"], "\"1\"");
        let created: Value = response.json().await.unwrap();
        let id = created["id"].as_str().unwrap();
        assert_eq!(location, format!("{COLLECTION}/{id}"));
        assert_eq!(created["short_code"], "TG-1");
        assert_eq!(created["names"], json!({"en": "Test Grantmaker TG-1", "ru": "Тестовый грантодатель TG-1", "zh": "测试资助者TG-1"}));
        assert_eq!(created["country"], "KZ");
        assert_eq!(created["funder_doi"], "10.13039/999000000001");
        assert_eq!(created["ror_id"], "https://ror.org/033vjfk17");
        assert_eq!(created["status"], "active", "active unless said otherwise");
        assert_eq!(created["closed_on"], Value::Null);
        assert_eq!(created["successor"], json!({"id": RSF, "short_code": "RSF"}));
        assert_eq!(created["version"], 1);

        let fetched = app.get(&location).await;
        assert_eq!(fetched.headers()["etag"], "\"1\"");
        assert_eq!(fetched.json::<Value>().await.unwrap(), created);
        let row = stored(&app, id).unwrap();
        assert_eq!((row.short_code_key.as_str(), row.funder_doi.as_deref()), ("tg-1", Some("10.13039/999000000001")));
        assert_eq!(row.successor_id.as_deref(), Some(RSF));
        assert_eq!(row.computed_keys(), (row.short_code_key.clone(), row.search_key.clone(), row.sort_key.clone()));
    }

    async fn reads_answer_404_for_unknown_ids_and_304_for_a_current_etag(backend) {
        let app = TestApp::spawn(backend).await;
        assert_problem(app.get(&format!("{COLLECTION}/01900000-0000-7000-8000-000000000000")).await, 404).await;
        assert_problem(app.get(&format!("{COLLECTION}/not-a-uuid")).await, 404).await;
        assert_problem(app.get(&format!("{COLLECTION}/01900000-0000-7000-8000-000000000000/history")).await, 404).await;

        let path = format!("{COLLECTION}/{RSF}");
        let cached = app.client.get(app.url(&path)).header("If-None-Match", "\"1\"").send().await.unwrap();
        assert_eq!(cached.status(), 304);
        assert_eq!(cached.headers()["etag"], "\"1\"");
        assert!(cached.text().await.unwrap().is_empty());
        let stale = app.client.get(app.url(&path)).header("If-None-Match", "\"0\"").send().await.unwrap();
        assert_eq!(stale.status(), 200);
        assert_problem(app.anonymous.get(app.url(&path)).send().await.unwrap(), 401).await;
    }

    async fn short_codes_are_checked_and_unique_ignoring_case(backend) {
        let app = TestApp::spawn(backend).await;
        for bad in ["", "R S F", "RSF!", "RSF_2", "A12345678901234567890"] {
            let mut body = funder("X");
            body["short_code"] = json!(bad);
            let problem = assert_problem(app.post_json(COLLECTION, &body).await, 422).await;
            assert_eq!(error_fields(&problem), ["short_code"], "{bad:?}");
        }

        let problem = assert_problem(app.post_json(COLLECTION, &funder("rsf")).await, 409).await;
        assert_eq!(error_fields(&problem), ["short_code"]);
        assert_eq!(code(&problem, "short_code"), "already_registered");
        assert!(message(&problem, "short_code").contains(RSF), "{problem}");

        let other = create(&app, &funder("РНФ-2")).await;
        assert_eq!(other["short_code"], "РНФ-2", "letters of any script");
        let problem = assert_problem(app.patch_json(&path_of(&other), Some("\"1\""), &json!({"short_code": "Rsf"})).await, 409).await;
        assert!(message(&problem, "short_code").contains(RSF), "{problem}");
        assert_problem(app.post_json(COLLECTION, &funder("рнф-2")).await, 409).await;
        assert_eq!(stored(&app, other["id"].as_str().unwrap()).unwrap().short_code, "РНФ-2");
    }

    async fn funder_dois_are_validated_normalised_and_unique(backend) {
        let app = TestApp::spawn(backend).await;
        let cases = [
            ("10.1016/j.physletb.2012.08.020", "not_a_funder_doi"),
            ("10.13039/50110000X", "not_a_funder_doi"),
            ("13039/501100006769", "invalid_doi"),
            ("10.13039/", "invalid_doi"),
            ("10.13039/5011\u{0}00006769", "control_character"),
        ];
        for (bad, expected) in cases {
            let mut body = funder("X");
            body["funder_doi"] = json!(bad);
            let problem = assert_problem(app.post_json(COLLECTION, &body).await, 422).await;
            assert_eq!(error_fields(&problem), ["funder_doi"], "{bad:?}");
            assert_eq!(code(&problem, "funder_doi"), expected, "{bad:?}");
        }

        for spelling in ["https://doi.org/10.13039/501100006769", "doi:10.13039/501100006769", "DOI:10.13039/501100006769"] {
            let mut body = funder("X");
            body["funder_doi"] = json!(spelling);
            let problem = assert_problem(app.post_json(COLLECTION, &body).await, 409).await;
            assert_eq!(error_fields(&problem), ["funder_doi"]);
            assert!(message(&problem, "funder_doi").contains("RSF") && message(&problem, "funder_doi").contains(RSF));
        }
        let mine = create(&app, &funder("DOI")).await;
        let taken = app.patch_json(&path_of(&mine), Some("\"1\""), &json!({"funder_doi": "https://doi.org/10.13039/501100001809"})).await;
        let problem = assert_problem(taken, 409).await;
        assert!(message(&problem, "funder_doi").contains(NSFC), "{problem}");
        let moved = app.patch_json(&path_of(&mine), Some("\"1\""), &json!({"funder_doi": "doi:10.13039/999000000003"})).await;
        assert_eq!(moved.json::<Value>().await.unwrap()["funder_doi"], "10.13039/999000000003");
        let list: Value = app.get(&format!("{COLLECTION}?limit=1")).await.json().await.unwrap();
        assert_eq!(list["total"], SEEDED.len() + 1, "nothing half-written");
    }

    async fn validation_reports_every_bad_field_at_once(backend) {
        let app = TestApp::spawn(backend).await;
        let body = json!({
            "names": {"en": "", "zh": "x".repeat(301)},
            "short_code": "a b",
            "country": "XX",
            "funder_doi": "nonsense",
            "ror_id": "033vjfk18",
            "status": "closed",
            "closed_on": "2022-02-30",
            "successor_id": "RSF"
        });

        let problem = assert_problem(app.post_json(COLLECTION, &body).await, 422).await;

        assert_eq!(
            error_fields(&problem),
            ["closed_on", "country", "funder_doi", "names.en", "names.zh", "ror_id", "short_code", "successor_id"]
        );
        let dormant = json!({"names": {"en": "X"}, "short_code": "X", "country": "RU", "status": "dormant"});
        let problem = assert_problem(app.post_json(COLLECTION, &dormant).await, 422).await;
        assert_eq!((error_fields(&problem), problem["errors"][0]["code"].clone()), (vec!["status".to_owned()], json!("invalid_value")));
        let problem = assert_problem(app.post_json(COLLECTION, &json!({"names": {"en": "X"}, "country": "RU"})).await, 422).await;
        assert_eq!((error_fields(&problem), problem["errors"][0]["code"].clone()), (vec!["short_code".to_owned()], json!("required")));
        let problem = assert_problem(app.post_json(COLLECTION, &json!({"names": {"en": "X"}, "short_code": "X", "country": "RU", "kind": "funder"})).await, 422).await;
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains("kind"), "unknown fields are refused: {problem}");
    }

    async fn closed_needs_a_date_and_active_has_none(backend) {
        let app = TestApp::spawn(backend).await;
        let mut closed = funder("CL");
        closed["status"] = json!("closed");
        let problem = assert_problem(app.post_json(COLLECTION, &closed).await, 422).await;
        assert_eq!(error_fields(&problem), ["closed_on"]);
        assert_eq!(code(&problem, "closed_on"), "required");
        let mut active = funder("AC");
        active["closed_on"] = json!("2021-06-30");
        let problem = assert_problem(app.post_json(COLLECTION, &active).await, 422).await;
        assert_eq!(code(&problem, "closed_on"), "not_allowed");

        closed["closed_on"] = json!("2021-06-30");
        let created = create(&app, &closed).await;
        assert_eq!((created["status"].as_str(), created["closed_on"].as_str()), (Some("closed"), Some("2021-06-30")));
        let path = path_of(&created);
        let problem = assert_problem(app.patch_json(&path, Some("\"1\""), &json!({"status": "active"})).await, 422).await;
        assert_eq!(code(&problem, "closed_on"), "not_allowed", "reopening must clear the date");
        let problem = assert_problem(app.patch_json(&path, Some("\"1\""), &json!({"closed_on": null})).await, 422).await;
        assert_eq!(code(&problem, "closed_on"), "required");

        let reopened = app.patch_json(&path, Some("\"1\""), &json!({"status": "active", "closed_on": null})).await;
        assert_eq!(reopened.status(), 200);
        let reopened: Value = reopened.json().await.unwrap();
        assert_eq!((reopened["status"].as_str(), &reopened["closed_on"]), (Some("active"), &Value::Null));
        let row = stored(&app, created["id"].as_str().unwrap()).unwrap();
        assert_eq!((row.status.as_str(), row.closed_on, row.version), ("active", None, 2));
    }

    async fn successors_exist_are_not_the_funder_itself_and_never_loop(backend) {
        let app = TestApp::spawn(backend).await;
        let mut body = funder("A");
        body["successor_id"] = json!("01900000-0000-7000-8000-000000000000");
        let problem = assert_problem(app.post_json(COLLECTION, &body).await, 422).await;
        assert_eq!((error_fields(&problem), code(&problem, "successor_id")), (vec!["successor_id".to_owned()], "not_found".to_owned()));

        let a = create(&app, &funder("A")).await;
        let b = create(&app, &funder("B")).await;
        let c = create(&app, &funder("C")).await;
        let (a_id, b_id, c_id) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap(), c["id"].as_str().unwrap());
        let problem = assert_problem(app.patch_json(&path_of(&a), Some("\"1\""), &json!({"successor_id": a_id})).await, 422).await;
        assert_eq!(code(&problem, "successor_id"), "self_successor");

        let linked = app.patch_json(&path_of(&a), Some("\"1\""), &json!({"successor_id": b_id})).await;
        assert_eq!(linked.status(), 200);
        assert_eq!(linked.json::<Value>().await.unwrap()["successor"], json!({"id": b_id, "short_code": "B"}));
        let problem = assert_problem(app.patch_json(&path_of(&b), Some("\"1\""), &json!({"successor_id": a_id})).await, 422).await;
        assert_eq!(code(&problem, "successor_id"), "successor_cycle");
        assert!(message(&problem, "successor_id").contains("B → A → B"), "{problem}");

        assert_eq!(app.patch_json(&path_of(&b), Some("\"1\""), &json!({"successor_id": c_id})).await.status(), 200);
        let problem = assert_problem(app.patch_json(&path_of(&c), Some("\"1\""), &json!({"successor_id": a_id})).await, 422).await;
        assert!(message(&problem, "successor_id").contains("C → A → B → C"), "{problem}");
        assert_eq!(stored(&app, c_id).unwrap().successor_id, None, "nothing written");

        let cleared = app.patch_json(&path_of(&a), Some("\"2\""), &json!({"successor_id": null})).await;
        assert_eq!(cleared.json::<Value>().await.unwrap()["successor"], Value::Null);
        assert_eq!(app.patch_json(&path_of(&c), Some("\"1\""), &json!({"successor_id": a_id})).await.status(), 200, "no loop any more");
    }

    async fn patch_is_a_merge_patch(backend) {
        let app = TestApp::spawn(backend).await;
        let mut body = funder("MP");
        body["funder_doi"] = json!("10.13039/999000000002");
        body["ror_id"] = json!("https://ror.org/033vjfk17");
        let created = create(&app, &body).await;
        let path = path_of(&created);

        let response = app
            .patch_json(&path, Some("\"1\""), &json!({"names": {"ru": null, "en": "Renamed Grantmaker"}, "ror_id": null, "country": "by"}))
            .await;

        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["etag"], "\"2\"");
        let updated: Value = response.json().await.unwrap();
        assert_eq!(updated["names"], json!({"en": "Renamed Grantmaker", "ru": null, "zh": "测试资助者MP"}));
        assert_eq!((updated["ror_id"].clone(), updated["country"].clone()), (Value::Null, json!("BY")));
        assert_eq!(updated["funder_doi"], "10.13039/999000000002", "omitted fields are kept");
        assert_eq!((updated["short_code"].clone(), updated["version"].clone()), (json!("MP"), json!(2)));
        assert_eq!(app.get(&path).await.json::<Value>().await.unwrap(), updated);
        let row = stored(&app, created["id"].as_str().unwrap()).unwrap();
        assert_eq!(row.sort_key, "renamed grantmaker");
        assert!(!row.search_key.contains("тестовый"), "the cleared name is no longer searched: {}", row.search_key);

        for (patch, field) in [(json!({"short_code": null}), "short_code"), (json!({"country": null}), "country"), (json!({"status": null}), "status"), (json!({"funder_doi": "10.1000/x"}), "funder_doi")] {
            let problem = assert_problem(app.patch_json(&path, Some("\"2\""), &patch).await, 422).await;
            assert_eq!(error_fields(&problem), [field], "{patch}");
        }
        let problem = assert_problem(app.patch_json(&path, Some("\"2\""), &json!({"version": 9})).await, 422).await;
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains("version"), "{problem}");
        assert_eq!(stored(&app, created["id"].as_str().unwrap()).unwrap().version, 2);
    }

    async fn patch_needs_a_current_if_match(backend) {
        let app = TestApp::spawn(backend).await;
        let created = create(&app, &funder("IM")).await;
        let path = path_of(&created);

        assert_problem(app.patch_json(&path, None, &json!({"country": "RU"})).await, 428).await;
        assert_problem(app.patch_json(&path, Some("\"7\""), &json!({"country": "RU"})).await, 412).await;
        assert_problem(app.patch_json(&path, Some("W/\"1\""), &json!({"country": "RU"})).await, 412).await;
        assert_eq!(stored(&app, created["id"].as_str().unwrap()).unwrap().country, "KZ");

        assert_eq!(app.patch_json(&path, Some("\"1\""), &json!({"country": "RU"})).await.status(), 200);
        assert_problem(app.patch_json(&path, Some("\"1\""), &json!({"country": "CN"})).await, 412).await;
        let stale_delete = app.client.delete(app.url(&path)).header("If-Match", "\"1\"").send().await.unwrap();
        assert_problem(stale_delete, 412).await;
        assert_eq!(stored(&app, created["id"].as_str().unwrap()).unwrap().country, "RU");
        assert_problem(app.patch_json(&format!("{COLLECTION}/01900000-0000-7000-8000-000000000000"), Some("\"1\""), &json!({})).await, 404).await;
    }
}

both_backends! {
    async fn every_change_is_in_the_history_which_outlives_the_record(backend) {
        let app = TestApp::spawn(backend).await;
        let created = create(&app, &funder("HI")).await;
        let path = path_of(&created);
        app.patch_json(&path, Some("\"1\""), &json!({"status": "closed", "closed_on": "2024-03-01", "successor_id": RSF})).await;
        let deleted = app.client.delete(app.url(&path)).header("X-Request-Id", "delete-funder-7").send().await.unwrap();
        assert_eq!(deleted.status(), 204);
        assert_problem(app.get(&path).await, 404).await;
        assert!(stored(&app, created["id"].as_str().unwrap()).is_none());

        let history: Value = app.get(&format!("{path}/history")).await.json().await.unwrap();

        let items = history["items"].as_array().unwrap();
        let actions: Vec<&str> = items.iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["delete", "update", "create"]);
        assert_eq!(items[1]["changes"], json!({
            "status": {"before": "active", "after": "closed"},
            "closed_on": {"before": null, "after": "2024-03-01"},
            "successor_id": {"before": null, "after": RSF}
        }));
        assert_eq!(items[2]["changes"]["short_code"], json!({"before": null, "after": "HI"}));
        assert_eq!(items[0]["changes"]["short_code"], json!({"before": "HI", "after": null}));
        assert_eq!(items[0]["request_id"], "delete-funder-7");
        assert!(items.iter().all(|e| e["actor_kind"] == "user" && e["actor_id"] == json!(app.admin.user.id)));

        let first: Value = app.get(&format!("{path}/history?limit=2")).await.json().await.unwrap();
        assert_eq!(first["items"].as_array().unwrap().len(), 2);
        let rest: Value = app.get(first["next"].as_str().unwrap()).await.json().await.unwrap();
        assert_eq!(rest["items"].as_array().unwrap().iter().map(|e| e["action"].clone()).collect::<Vec<_>>(), [json!("create")]);
        assert_eq!(rest["next"], Value::Null);
    }

    async fn a_retried_create_with_the_same_key_returns_the_first_answer(backend) {
        let app = TestApp::spawn(backend).await;
        let send = |key: &str, body: &Value| app.client.post(app.url(COLLECTION)).header("Idempotency-Key", key).json(body).send();

        let first = send("funder-key-1", &funder("ID")).await.unwrap();
        assert_eq!(first.status(), 201);
        let location = first.headers()["location"].clone();
        let first_body: Value = first.json().await.unwrap();
        let again = send("funder-key-1", &funder("ID")).await.unwrap();
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["location"], location);
        assert_eq!(again.headers()["etag"], "\"1\"");
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), first_body);

        let other_body = send("funder-key-1", &funder("ID2")).await.unwrap();
        assert_eq!(error_fields(&assert_problem(other_body, 422).await), ["Idempotency-Key"]);
        // A create refused as a conflict does not use up its key.
        assert_problem(send("funder-key-2", &funder("id")).await.unwrap(), 409).await;
        assert_eq!(send("funder-key-2", &funder("ID3")).await.unwrap().status(), 201);

        assert_eq!(codes_found(&app, &[("q", "test grantmaker")]).await, ["ID", "ID3"]);
        let history: Value = app.get(&format!("{}/history", location.to_str().unwrap())).await.json().await.unwrap();
        assert_eq!(history["items"].as_array().unwrap().len(), 1, "one create, however often it was sent");
    }

    async fn lists_filter_by_country_status_and_text_in_three_scripts(backend) {
        let app = TestApp::spawn(backend).await;
        let mut closed = funder("KZ-OLD");
        closed["status"] = json!("closed");
        closed["closed_on"] = json!("2019-12-31");
        create(&app, &closed).await;
        create(&app, &funder("KZ-NEW")).await;

        assert_eq!(codes_found(&app, &[("q", "фонд")]).await, ["NSFC", "RFBR", "RSF"]);
        assert_eq!(codes_found(&app, &[("q", "ФОНД")]).await, ["NSFC", "RFBR", "RSF"]);
        assert_eq!(codes_found(&app, &[("q", "基金")]).await, ["NSFC", "RFBR", "RSF"]);
        assert_eq!(codes_found(&app, &[("q", "rsf")]).await, ["RSF"]);
        assert_eq!(codes_found(&app, &[("q", "RSF")]).await, ["RSF"]);
        assert_eq!(codes_found(&app, &[("q", "академия наук")]).await, ["CAS", "RAS"]);
        assert_eq!(codes_found(&app, &[("q", "中华人民共和国")]).await, ["MOE", "MOST"]);
        assert_eq!(codes_found(&app, &[("q", "Basic Research")]).await, ["RFBR"]);

        assert_eq!(codes_found(&app, &[("status", "closed")]).await, ["KZ-OLD", "RFBR"]);
        assert_eq!(codes_found(&app, &[("country", "kz")]).await, ["KZ-NEW", "KZ-OLD"]);
        assert_eq!(codes_found(&app, &[("country", "RU"), ("status", "active")]).await, ["MINOBRNAUKI", "RAS", "RSF"]);
        assert_eq!(codes_found(&app, &[("country", "CN"), ("q", "ministry")]).await, ["MOE", "MOST"]);
        assert_eq!(codes_found(&app, &[("q", "%")]).await, Vec::<String>::new());

        for bad in ["status=dormant", "country=XX", "limit=0", "limit=101", "sort=size", "cursor=garbage", "kind=funder", "q=a%00b"] {
            assert_problem(app.get(&format!("{COLLECTION}?{bad}")).await, 422).await;
        }
    }

    async fn paging_through_60_funders_serves_each_exactly_once_in_every_sort(backend) {
        let app = TestApp::spawn(backend).await;
        let mut expected: HashSet<String> = SEEDED.iter().map(|(_, id)| (*id).to_owned()).collect();
        for i in 0..60 {
            let mut body = funder(&format!("P{i:02}"));
            // Repeated English names: ties must be broken by id.
            body["names"]["en"] = json!(format!("Paging Grantmaker {:02}", i % 7));
            body["country"] = json!(if i % 2 == 0 { "KZ" } else { "BY" });
            expected.insert(create(&app, &body).await["id"].as_str().unwrap().to_owned());
        }

        for sort in ["name", "-name", "created", "-created"] {
            let mut served: Vec<Value> = Vec::new();
            let mut next = Some(format!("{COLLECTION}?sort={sort}&limit=7"));
            while let Some(path) = next {
                let response = app.get(&path).await;
                assert_eq!(response.status(), 200);
                let link = response.headers().get("link").map(|v| v.to_str().unwrap().to_owned());
                let page: Value = response.json().await.unwrap();
                assert_eq!(page["total"], 68, "sort={sort}");
                served.extend(page["items"].as_array().unwrap().iter().cloned());
                next = page["next"].as_str().map(str::to_owned);
                assert_eq!(link, next.as_ref().map(|n| format!("<{n}>; rel=\"next\"")));
                assert!(served.len() <= 100, "runaway paging");
            }
            let ids: Vec<String> = served.iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect();
            assert_eq!(ids.len(), 68, "sort={sort}");
            assert_eq!(ids.iter().cloned().collect::<HashSet<_>>(), expected, "sort={sort}: no duplicates, none missing");
            let keys: Vec<(String, String)> = served.iter().map(|i| (i["names"]["en"].as_str().unwrap().to_lowercase(), i["id"].as_str().unwrap().to_owned())).collect();
            let mut ordered = keys.clone();
            match sort {
                "name" => ordered.sort(),
                "-name" => ordered.sort_by(|a, b| b.cmp(a)),
                "created" => ordered.sort_by(|a, b| a.1.cmp(&b.1)),
                _ => ordered.sort_by(|a, b| b.1.cmp(&a.1)),
            }
            assert_eq!(keys, ordered, "sort={sort}");
        }
        let belarus: Value = app.get(&format!("{COLLECTION}?country=BY&limit=100")).await.json().await.unwrap();
        assert_eq!((belarus["items"].as_array().unwrap().len(), belarus["total"].as_i64()), (30, Some(30)));
        let first: Value = app.get(&format!("{COLLECTION}?country=by&status=active&limit=4")).await.json().await.unwrap();
        let next = first["next"].as_str().unwrap();
        // The next page repeats the request as sent, with the new cursor.
        assert!(next.starts_with(&format!("{COLLECTION}?country=by&status=active&limit=4&cursor=")), "{next}");
    }

    async fn lists_answer_csv_with_every_match(backend) {
        let app = TestApp::spawn(backend).await;
        let mut body = funder("CSV");
        body["names"]["en"] = json!("=HYPERLINK(\"http://evil\")");
        create(&app, &body).await;

        let response = app.client.get(app.url(&format!("{COLLECTION}?limit=1"))).header("Accept", "text/csv").send().await.unwrap();

        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        let text = response.text().await.unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 1 + SEEDED.len() + 1, "a header and every match, whatever the limit: {text}");
        assert_eq!(lines[0], "id,short_code,name_en,name_ru,name_zh,country,funder_doi,ror_id,status,closed_on,successor_id,successor_short_code,version");
        assert!(text.contains("'=HYPERLINK"), "formulas are defused: {text}");

        let closed = app.client.get(app.url(&format!("{COLLECTION}?status=closed"))).header("Accept", "text/csv").send().await.unwrap();
        let text = closed.text().await.unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(
            lines[1],
            format!("{RFBR},RFBR,Russian Foundation for Basic Research,Российский фонд фундаментальных исследований,俄罗斯基础研究基金会,RU,10.13039/501100002261,https://ror.org/02mh1ke95,closed,2022-12-31,{RSF},RSF,1")
        );
    }
}

both_backends! {
    async fn lab_heads_and_partner_tokens_read_but_never_write(backend) {
        let app = TestApp::spawn(backend).await;
        let lab_head = app.session(Role::LabHead).await;
        let institution = app.create_institution(&wuhan_university()).await;
        let issued: Value = app.post_json(&format!("/api/v1/institutions/{}/partner-tokens", institution["id"].as_str().unwrap()), &json!({"name": "WHU sync"})).await.json().await.unwrap();
        let partner = issued["token"].as_str().unwrap().to_owned();
        let path = format!("{COLLECTION}/{CAS}");

        for token in [lab_head.access_token.as_str(), partner.as_str()] {
            for read in [COLLECTION.to_owned(), path.clone(), format!("{path}/history")] {
                assert_eq!(app.request_as(token, Method::GET, &read).send().await.unwrap().status(), 200, "{read}");
            }
            let csv = app.request_as(token, Method::GET, COLLECTION).header("Accept", "text/csv").send().await.unwrap();
            assert_eq!(csv.status(), 200);
            let writes = [(Method::POST, COLLECTION.to_owned(), funder("NO")), (Method::PATCH, path.clone(), json!({"country": "KZ"})), (Method::DELETE, path.clone(), json!({}))];
            for (method, target, body) in writes {
                let response = app.request_as(token, method.clone(), &target).header("If-Match", "\"1\"").json(&body).send().await.unwrap();
                assert_problem(response, 403).await;
            }
        }
        let row = stored(&app, CAS).unwrap();
        assert_eq!((row.country.as_str(), row.version), ("CN", 1));
        assert_eq!(codes_found(&app, &[("q", "test grantmaker")]).await, Vec::<String>::new(), "nothing created");
    }

    async fn coordinators_write_but_only_administrators_delete_what_nothing_refers_to(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = app.session(Role::Coordinator).await;
        let token = coordinator.access_token.as_str();

        let created = app.request_as(token, Method::POST, COLLECTION).json(&funder("CO")).send().await.unwrap();
        assert_eq!(created.status(), 201);
        let created: Value = created.json().await.unwrap();
        let path = path_of(&created);
        let patched = app.request_as(token, Method::PATCH, &path).header("If-Match", "\"1\"").json(&json!({"country": "UZ"})).send().await.unwrap();
        assert_eq!(patched.status(), 200);
        assert_problem(app.request_as(token, Method::DELETE, &path).send().await.unwrap(), 403).await;
        let history: Value = app.get(&format!("{path}/history")).await.json().await.unwrap();
        assert!(history["items"].as_array().unwrap().iter().all(|e| e["actor_id"] == json!(coordinator.user.id)));

        // RSF is RFBR's successor: it is closed, never deleted.
        let refused = app.client.delete(app.url(&format!("{COLLECTION}/{RSF}"))).send().await.unwrap();
        let problem = assert_problem(refused, 409).await;
        assert_eq!(error_fields(&problem), ["funders"]);
        assert_eq!(code(&problem, "funders"), "referenced");
        assert_eq!(message(&problem, "funders"), format!("named as successor by RFBR ({RFBR})"));
        assert!(stored(&app, RSF).is_some());

        assert_eq!(app.client.delete(app.url(&path)).send().await.unwrap().status(), 204);
        assert_eq!(app.client.delete(app.url(&format!("{COLLECTION}/{CAS}"))).header("If-Match", "\"1\"").send().await.unwrap().status(), 204);
        assert!(stored(&app, CAS).is_none());
        let history: Value = app.get(&format!("{COLLECTION}/{CAS}/history")).await.json().await.unwrap();
        let actions: Vec<&str> = history["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["delete", "create"], "a seeded funder's history starts at the seed and outlives it");
        assert_problem(app.client.delete(app.url(&path)).send().await.unwrap(), 404).await;
    }
}

both_backends! {
    async fn a_fresh_database_has_the_seeded_funders_with_rfbr_closed_in_favour_of_rsf(backend) {
        let app = TestApp::spawn(backend).await;
        let all: Value = app.get(&format!("{COLLECTION}?limit=100&sort=created")).await.json().await.unwrap();
        let seeded: Vec<(&str, &str)> = all["items"].as_array().unwrap().iter().map(|i| (i["short_code"].as_str().unwrap(), i["id"].as_str().unwrap())).collect();
        assert_eq!(seeded, SEEDED);

        let rfbr: Value = app.get(&format!("{COLLECTION}/{RFBR}")).await.json().await.unwrap();
        assert_eq!(rfbr["status"], "closed");
        assert_eq!(rfbr["closed_on"], "2022-12-31");
        assert_eq!(rfbr["successor"], json!({"id": RSF, "short_code": "RSF"}));
        assert_eq!(rfbr["funder_doi"], "10.13039/501100002261");
        assert_eq!(rfbr["ror_id"], "https://ror.org/02mh1ke95");
        let nsfc: Value = app.get(&format!("{COLLECTION}/{NSFC}")).await.json().await.unwrap();
        assert_eq!((nsfc["country"].as_str(), nsfc["funder_doi"].as_str(), nsfc["ror_id"].as_str()), (Some("CN"), Some("10.13039/501100001809"), Some("https://ror.org/01h0zpd94")));
        assert_eq!(nsfc["names"]["zh"], "国家自然科学基金委员会");
        let rsf: Value = app.get(&format!("{COLLECTION}/{RSF}")).await.json().await.unwrap();
        assert_eq!((rsf["funder_doi"].as_str(), &rsf["ror_id"], rsf["status"].as_str()), (Some("10.13039/501100006769"), &Value::Null, Some("active")));
        for item in all["items"].as_array().unwrap() {
            assert!(item["names"]["en"].is_string() && item["names"]["ru"].is_string() && item["names"]["zh"].is_string(), "{item}");
        }

        let history: Value = app.get(&format!("{COLLECTION}/{RFBR}/history")).await.json().await.unwrap();
        let items = history["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!((items[0]["action"].as_str(), items[0]["actor_kind"].as_str(), &items[0]["actor_id"]), (Some("create"), Some("system"), &Value::Null));
        assert_eq!(items[0]["changes"]["successor_id"], json!({"before": null, "after": RSF}));
    }

    async fn seeded_keys_are_what_the_code_computes(backend) {
        let app = TestApp::spawn(backend).await;
        let mut conn = app.database.connect();
        let ids: Vec<&str> = SEEDED.iter().map(|(_, id)| *id).collect();
        let rows: Vec<Funder> = funders::table.filter(funders::id.eq_any(&ids)).load(&mut conn).unwrap();
        assert_eq!(rows.len(), SEEDED.len());
        for row in rows {
            let (short_code_key, search_key, sort_key) = row.computed_keys();
            assert_eq!(row.short_code_key, short_code_key, "{}", row.short_code);
            assert_eq!(row.search_key, search_key, "{}", row.short_code);
            assert_eq!(row.sort_key, sort_key, "{}", row.short_code);
            // The seed's history says what the create set, exactly as the code would have said it.
            let entries = history::for_record(&mut conn, "funder", &row.id, None, 10).unwrap();
            assert_eq!(entries.len(), 1, "{}", row.short_code);
            let changes: Value = serde_json::from_str(&entries[0].changes).unwrap();
            assert_eq!(changes, history::diff(&json!({}), &row.audit_view()), "{}", row.short_code);
            assert_eq!((entries[0].action.as_str(), entries[0].actor_kind.as_str()), ("create", "system"));
        }
    }

    async fn the_seed_migration_reverts_exactly_its_rows_and_reapplies(backend) {
        let app = TestApp::spawn(backend).await;
        let mine = create(&app, &funder("KEEP")).await;
        let mut conn = app.database.connect();

        redo_seed(&mut conn, Step::Revert);
        let left: Vec<String> = funders::table.select(funders::short_code).load(&mut conn).unwrap();
        assert_eq!(left, ["KEEP"]);
        assert_eq!(history::for_record(&mut conn, "funder", RFBR, None, 10).unwrap().len(), 1, "history stays");

        redo_seed(&mut conn, Step::Apply);
        assert_eq!(funders::table.count().get_result::<i64>(&mut conn).unwrap(), 9);
        assert_eq!(history::for_record(&mut conn, "funder", RFBR, None, 10).unwrap().len(), 1, "not written twice");
        assert_eq!(app.get(&path_of(&mine)).await.status(), 200);
        let rfbr: Value = app.get(&format!("{COLLECTION}/{RFBR}")).await.json().await.unwrap();
        assert_eq!(rfbr["successor"]["short_code"], "RSF");
    }
}

enum Step {
    Revert,
    Apply,
}

/// Runs the seed migration's down.sql (found by name, so later migrations do not matter), or
/// applies what is pending again.
fn redo_seed(conn: &mut DbConn, step: Step) {
    use diesel::migration::MigrationSource;
    use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
    const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
    const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");
    const NAME: &str = "2026-11-28-000004_funder_seed";
    macro_rules! redo {
        ($conn:expr, $source:expr, $backend:ty) => {{
            match step {
                Step::Revert => {
                    let migrations = MigrationSource::<$backend>::migrations(&$source).unwrap();
                    let seed = migrations.iter().find(|m| m.name().to_string() == NAME).expect("the seed migration");
                    $conn.revert_migration(&**seed).unwrap();
                }
                Step::Apply => {
                    $conn.run_pending_migrations($source).unwrap();
                }
            }
        }};
    }
    match conn {
        DbConn::Sqlite(c) => redo!(c, SQLITE, diesel::sqlite::Sqlite),
        DbConn::Pg(c) => redo!(c, POSTGRES, diesel::pg::Pg),
    }
}
