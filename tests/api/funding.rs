//! Funding records: every field rule, who may record funding on which side, visibility through the
//! project in reads, lists, counts and CSV, list filters, sorting and paging, the fixed query
//! count of a list, ETags, idempotent creates, deletion and history.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::connection::{Connection, InstrumentationEvent, SimpleConnection};
use jointreg::db::models::funding::ListFilter;
use jointreg::db::models::project_access::ReadScope;
use jointreg::domain::role::{Role, UserStatus};
use jointreg::http::pagination::Cursor;
use jointreg::routes::funding::page_of_funding;
use jointreg::routes::funding::wire::FundingSort;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, error_fields};
use crate::projects::{create, project_body};

const COLLECTION: &str = "/api/v1/funding";
const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";
/// Closed, with RSF as its successor.
const RFBR: &str = "01a21f73-9c00-7000-8000-000000000003";
const MINOBRNAUKI: &str = "01a21f73-9c00-7000-8000-000000000004";
const JOINT_CALL: &str = "Russian Science Foundation – NSFC joint call 2021";

/// The Russian side's RSF award of the 2021 joint call, on the Russian laboratory.
fn rsf_award(project: &Value, world: &World) -> Value {
    json!({
        "project_id": project["id"],
        "funder_id": RSF,
        "call_name": JOINT_CALL,
        "award_number": "21-45-00012",
        "amount": {"amount_minor": 600000000, "currency": "RUB"},
        "starts_on": "2021-07-01",
        "ends_on": "2024-06-30",
        "status": "active",
        "lab_id": world.ru_lab
    })
}

/// The Chinese side's NSFC award of the same call, on the Chinese laboratory.
fn nsfc_award(project: &Value, world: &World) -> Value {
    json!({
        "project_id": project["id"],
        "funder_id": NSFC,
        "call_name": JOINT_CALL,
        "award_number": "82161138003",
        "amount": {"amount_minor": 200000000, "currency": "CNY"},
        "starts_on": "2022-01-01",
        "ends_on": "2024-12-31",
        "status": "active",
        "lab_id": world.cn_lab
    })
}

/// A project with `visibility`, led by the Russian laboratory with the Chinese one as partner.
async fn project(app: &TestApp, world: &World, title: &str, visibility: &str) -> Value {
    let mut body = project_body(world, title);
    body["visibility"] = json!(visibility);
    create(app, &body).await
}

/// Records `body` as the administrator; panics unless the answer is 201.
async fn record(app: &TestApp, body: &Value) -> Value {
    let response = app.post_json(COLLECTION, body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "recording {body}: {text}");
    serde_json::from_str(&text).unwrap()
}

/// Records an award of `project` (2021-07-01 to 2024-06-30, any amount in roubles), as the
/// export tests build their projects; answers the created record.
pub async fn award(app: &TestApp, project: &Value, award: (&str, &str, &str, &str, Option<i64>)) -> Value {
    let (funder, number, status, side, amount) = award;
    let body = json!({
        "project_id": project["id"], "funder_id": funder, "award_number": number, "side": side,
        "starts_on": "2021-07-01", "ends_on": "2024-06-30", "status": status,
        "amount": amount.map(|minor| json!({"amount_minor": minor, "currency": "RUB"})),
    });
    let response = app.post_json(COLLECTION, &body).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

fn path_of(record: &Value) -> String {
    format!("{COLLECTION}/{}", id(record))
}

fn with(mut body: Value, changes: &Value) -> Value {
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

async fn post_as(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.request_as(token, Method::POST, COLLECTION).json(body).send().await.unwrap()
}

async fn patch_as(app: &TestApp, token: &str, record: &Value, version: i64, body: &Value) -> reqwest::Response {
    app.request_as(token, Method::PATCH, &path_of(record))
        .header("If-Match", format!("\"{version}\""))
        .json(body)
        .send()
        .await
        .unwrap()
}

/// A GET as `token`, or anonymously with `None`.
async fn get_as(app: &TestApp, token: Option<&str>, path: &str) -> reqwest::Response {
    let request = app.anonymous.get(app.url(path));
    let request = match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    };
    request.send().await.unwrap()
}

/// The ids and total a list at `path` answers with.
async fn listed(app: &TestApp, token: Option<&str>, path: &str) -> (Vec<String>, i64) {
    let response = get_as(app, token, path).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{path}: {text}");
    let page: Value = serde_json::from_str(&text).unwrap();
    (page["items"].as_array().unwrap().iter().map(id).collect(), page["total"].as_i64().unwrap())
}

async fn csv_as(app: &TestApp, token: Option<&str>, path: &str) -> reqwest::Response {
    let request = app.anonymous.get(app.url(path)).header("Accept", "text/csv");
    let request = match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    };
    request.send().await.unwrap()
}

async fn csv_text(app: &TestApp, token: Option<&str>, path: &str) -> String {
    let response = csv_as(app, token, path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    response.text().await.unwrap()
}

/// An output that acknowledges `funding_id`, written straight into the database (the outputs API
/// is not this module's).
fn acknowledge(app: &TestApp, funding_id: &str) {
    let output = uuid::Uuid::now_v7();
    app.database
        .connect()
        .batch_execute(&format!(
            "INSERT INTO outputs (id, kind, title, year, author_countries, ru_cn, search_key, sort_key, version, created_at, updated_at) \
             VALUES ('{output}', 'journal_article', 'Systemic inflammation in mirror cohorts', 2023, 'CN,RU', TRUE, 'systemic', 'systemic', 1, '2023-01-01 00:00:00', '2023-01-01 00:00:00'); \
             INSERT INTO output_funding (output_id, funding_id) VALUES ('{output}', '{funding_id}');"
        ))
        .unwrap();
}

both_backends! {
    async fn an_award_is_recorded_with_every_field_and_read_back(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let joint = project(&app, &world, "Systemic pathology of inflammation", "partners").await;

        let response = app.post_json(COLLECTION, &rsf_award(&joint, &world)).await;

        assert_eq!(response.status(), 201);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(response.headers()["etag"], "\"1\"");
        let award: Value = response.json().await.unwrap();
        assert_eq!(location, path_of(&award));
        assert_eq!(award["project_id"], joint["id"]);
        assert_eq!(award["funder_id"], RSF);
        assert_eq!(award["funder_short_code"], "RSF");
        assert_eq!(award["call_name"], JOINT_CALL);
        assert_eq!(award["award_number"], "21-45-00012");
        assert_eq!(award["amount"], json!({"amount_minor": 600000000, "currency": "RUB"}));
        assert_eq!(award["starts_on"], "2021-07-01");
        assert_eq!(award["ends_on"], "2024-06-30");
        assert_eq!(award["status"], "active");
        assert_eq!(award["side"], "RU", "the side is the laboratory's country");
        assert_eq!(award["lab_id"], json!(world.ru_lab));
        assert_eq!(award["version"], 1);

        let read = app.get(&location).await;
        assert_eq!(read.headers()["etag"], "\"1\"");
        assert_eq!(read.json::<Value>().await.unwrap(), award);
        let cached = app.client.get(app.url(&location)).header("If-None-Match", "\"1\"").send().await.unwrap();
        assert_eq!(cached.status(), 304);
        assert_eq!(cached.headers()["etag"], "\"1\"");
        let weak = app.client.get(app.url(&location)).header("If-None-Match", "W/\"1\"").send().await.unwrap();
        assert_eq!(weak.status(), 304);
        let stale = app.client.get(app.url(&location)).header("If-None-Match", "\"2\"").send().await.unwrap();
        assert_eq!(stale.status(), 200);

        let history: Value = app.get(&format!("{location}/history")).await.json().await.unwrap();
        assert_eq!(history["items"].as_array().unwrap().len(), 1);
        assert_eq!(history["items"][0]["action"], "create");
        assert_eq!(history["items"][0]["actor_id"], json!(app.admin.user.id));
        assert_eq!(history["items"][0]["changes"]["amount_minor"], json!({"before": null, "after": 600000000}));
        assert_eq!(history["items"][0]["changes"]["side"], json!({"before": null, "after": "RU"}));

        let minimal = json!({"project_id": joint["id"], "funder_id": NSFC, "starts_on": "2022-01-01", "ends_on": "2022-01-01", "status": "applied", "side": "cn"});
        let minimal = record(&app, &minimal).await;
        assert_eq!(minimal["side"], "CN", "stored upper case");
        assert_eq!(minimal["amount"], Value::Null);
        assert_eq!(minimal["lab_id"], Value::Null);
        assert_eq!(minimal["call_name"], Value::Null);
        assert_eq!(minimal["award_number"], Value::Null);
        let both = with(nsfc_award(&joint, &world), &json!({"side": "CN", "project_id": joint["id"].as_str().unwrap().to_uppercase()}));
        let both = record(&app, &both).await;
        assert_eq!((both["side"].as_str(), both["project_id"].as_str()), (Some("CN"), joint["id"].as_str()), "a side that agrees with the lab");
    }

    async fn every_field_rule_is_reported_at_once_and_nothing_is_written(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let joint = project(&app, &world, "Rule probe", "partners").await;
        let nowhere = uuid::Uuid::now_v7().to_string();
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (json!({"ends_on": "2021-06-30"}), vec!["ends_on"]),
            (json!({"amount": {"amount_minor": 1.5, "currency": "RUB"}}), vec!["amount.amount_minor"]),
            (json!({"amount": {"amount_minor": 600000000.0, "currency": "RUB"}}), vec!["amount.amount_minor"]),
            (json!({"amount": {"amount_minor": "600000000", "currency": "RUB"}}), vec!["amount.amount_minor"]),
            (json!({"amount": {"amount_minor": -1, "currency": "RUB"}}), vec!["amount.amount_minor"]),
            (json!({"amount": {"amount_minor": 100, "currency": "GBP"}}), vec!["amount.currency"]),
            (json!({"amount": {"amount_minor": 100, "currency": "rub"}}), vec!["amount.currency"]),
            (json!({"amount": {"amount_minor": 100}}), vec!["amount.currency"]),
            (json!({"side": "XX"}), vec!["side"]),
            (json!({"side": "Ru"}), vec!["side"]),
            (json!({"side": "CN"}), vec!["side"]),
            (json!({"lab_id": null}), vec!["side"]),
            (json!({"lab_id": world.other_lab}), vec!["lab_id"]),
            (json!({"lab_id": nowhere, "side": "RU"}), vec!["lab_id"]),
            (json!({"lab_id": "not-a-uuid"}), vec!["lab_id"]),
            (json!({"funder_id": nowhere}), vec!["funder_id"]),
            (json!({"funder_id": "RSF"}), vec!["funder_id"]),
            (json!({"project_id": nowhere}), vec!["project_id"]),
            (json!({"status": "granted"}), vec!["status"]),
            (json!({"status": null}), vec!["status"]),
            (json!({"starts_on": "2021-02-30"}), vec!["starts_on"]),
            (json!({"call_name": "a\u{0}b"}), vec!["call_name"]),
            (json!({"call_name": "  "}), vec!["call_name"]),
            (json!({"award_number": "x".repeat(101)}), vec!["award_number"]),
            (json!({"funder_id": RFBR, "status": "applied"}), vec!["funder_id"]),
            (json!({"ends_on": "2021-06-30", "funder_id": nowhere, "lab_id": world.other_lab}), vec!["ends_on", "funder_id", "lab_id"]),
            (json!({"ends_on": "2020-01-01", "side": "CN", "funder_id": RFBR, "status": "applied"}), vec!["ends_on", "funder_id", "side"]),
            (json!({"side": "XX", "award_number": "", "amount": {"amount_minor": -5, "currency": "EUR"}}), vec!["amount.amount_minor", "award_number", "side"]),
        ];
        for (change, fields) in cases {
            let body = with(rsf_award(&joint, &world), &change);
            let problem = assert_problem(app.post_json(COLLECTION, &body).await, 422).await;
            assert_eq!(error_fields(&problem), fields, "{change}: {problem}");
        }
        let unknown = with(rsf_award(&joint, &world), &json!({"project_id": nowhere}));
        let problem = assert_problem(app.post_json(COLLECTION, &unknown).await, 422).await;
        assert_eq!(problem["errors"][0]["message"], "names no project you may read");
        let closed = with(rsf_award(&joint, &world), &json!({"funder_id": RFBR, "status": "applied"}));
        let problem = assert_problem(app.post_json(COLLECTION, &closed).await, 422).await;
        let message = problem["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("RFBR") && message.contains("successor RSF"), "{message}");
        for (key, value) in [("id", json!(nowhere)), ("version", json!(7)), ("funder_short_code", json!("RSF")), ("created_at", json!("2021-01-01T00:00:00Z"))] {
            let body = with(rsf_award(&joint, &world), &json!({key: value}));
            let problem = assert_problem(app.post_json(COLLECTION, &body).await, 422).await;
            assert!(problem["errors"][0]["message"].as_str().unwrap().contains(key), "{key}: {problem}");
        }
        let (ids, total) = listed(&app, Some(&app.admin.access_token), COLLECTION).await;
        assert!(ids.is_empty() && total == 0, "nothing was written");

        let past = with(rsf_award(&joint, &world), &json!({"funder_id": RFBR, "status": "ended", "award_number": "19-54-53015"}));
        assert_eq!(record(&app, &past).await["funder_short_code"], "RFBR", "a closed funder's past awards are on record");
        let ministry = app.get(&format!("/api/v1/funders/{MINOBRNAUKI}")).await.headers()["etag"].to_str().unwrap().to_owned();
        let closing = app.patch_json(&format!("/api/v1/funders/{MINOBRNAUKI}"), Some(&ministry), &json!({"status": "closed", "closed_on": "2024-01-01"})).await;
        assert_eq!(closing.status(), 200);
        let orphan = with(rsf_award(&joint, &world), &json!({"funder_id": MINOBRNAUKI, "status": "applied"}));
        let problem = assert_problem(app.post_json(COLLECTION, &orphan).await, 422).await;
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains("no successor is on record"), "{problem}");
    }

    async fn a_funders_award_number_is_recorded_once(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let joint = project(&app, &world, "Joint project", "partners").await;
        let first = record(&app, &rsf_award(&joint, &world)).await;

        let again = app.post_json(COLLECTION, &with(rsf_award(&joint, &world), &json!({"award_number": " 21-45-00012 "}))).await;
        let problem = assert_problem(again, 409).await;
        assert_eq!(error_fields(&problem), ["award_number"]);
        assert_eq!(problem["errors"][0]["code"], "already_registered");
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains(&id(&first)), "names the record: {problem}");

        let other_funder = record(&app, &with(rsf_award(&joint, &world), &json!({"funder_id": NSFC}))).await;
        let unnumbered = with(rsf_award(&joint, &world), &json!({"award_number": null}));
        record(&app, &unnumbered).await;
        record(&app, &unnumbered).await;
        let moved = app.patch_json(&path_of(&other_funder), Some("\"1\""), &json!({"funder_id": RSF})).await;
        assert_eq!(error_fields(&assert_problem(moved, 409).await), ["award_number"]);

        let mut hidden = project_body(&world, "Restricted trial");
        hidden["visibility"] = json!("restricted");
        let hidden = create(&app, &hidden).await;
        let hidden_award = record(&app, &with(rsf_award(&hidden, &world), &json!({"award_number": "22-15-00301"}))).await;
        let mut steppe = project_body(&world, "Steppe ecology");
        steppe["labs"] = json!([{"lab_id": world.other_lab, "role": "lead"}]);
        steppe["participants"] = json!([]);
        let steppe = create(&app, &steppe).await;
        let probe = json!({"project_id": steppe["id"], "funder_id": RSF, "award_number": "22-15-00301", "starts_on": "2022-01-01", "ends_on": "2023-12-31", "status": "active", "lab_id": world.other_lab});
        let problem = assert_problem(post_as(&app, &world.other_head.access_token, &probe).await, 409).await;
        assert_eq!(error_fields(&problem), ["award_number"]);
        assert!(!problem.to_string().contains(&id(&hidden_award)), "a record the caller may not read is not named: {problem}");
    }

    async fn who_may_record_funding_and_on_which_side(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let joint = project(&app, &world, "Joint project", "partners").await;
        let hidden = project(&app, &world, "Restricted joint project", "restricted").await;
        let ru = world.ru_head.access_token.as_str();
        let cn = world.cn_head.access_token.as_str();
        let outsider = world.other_head.access_token.as_str();

        let lead_ru = post_as(&app, ru, &rsf_award(&joint, &world)).await;
        assert_eq!(lead_ru.status(), 201, "the lead lab's head keeps the Russian side");
        let lead_ru: Value = lead_ru.json().await.unwrap();
        let lead_cn = json!({"project_id": joint["id"], "funder_id": NSFC, "award_number": "82161138999", "starts_on": "2022-01-01", "ends_on": "2024-12-31", "status": "awarded", "side": "CN"});
        assert_eq!(post_as(&app, ru, &lead_cn).await.status(), 201, "and the Chinese side");

        let own = post_as(&app, cn, &nsfc_award(&joint, &world)).await;
        assert_eq!(own.status(), 201, "a partner lab's head keeps their own side");
        let own: Value = own.json().await.unwrap();
        let by_side = with(rsf_award(&joint, &world), &json!({"lab_id": null, "side": "RU", "award_number": "21-45-00099"}));
        assert_problem(post_as(&app, cn, &by_side).await, 403).await;
        let by_lab = with(rsf_award(&joint, &world), &json!({"award_number": "21-45-00098"}));
        assert_problem(post_as(&app, cn, &by_lab).await, 403).await;
        let no_side = with(nsfc_award(&joint, &world), &json!({"lab_id": null, "award_number": "82161138997"}));
        let problem = assert_problem(post_as(&app, cn, &no_side).await, 422).await;
        assert_eq!(error_fields(&problem), ["side"], "a side left out is a field error, not a refusal");
        assert_problem(patch_as(&app, cn, &lead_ru, 1, &json!({"call_name": "Renamed"})).await, 403).await;
        assert_problem(patch_as(&app, cn, &own, 1, &json!({"lab_id": null, "side": "RU"})).await, 403).await;
        let kept = patch_as(&app, cn, &own, 1, &json!({"status": "ended"})).await;
        assert_eq!(kept.status(), 200);
        assert_eq!(patch_as(&app, ru, &own, 2, &json!({"status": "active"})).await.status(), 200, "the lead keeps every side");

        assert_problem(post_as(&app, outsider, &with(rsf_award(&joint, &world), &json!({"award_number": "1"}))).await, 403).await;
        assert_problem(patch_as(&app, outsider, &lead_ru, 1, &json!({"status": "ended"})).await, 403).await;
        let hidden_award = record(&app, &with(rsf_award(&hidden, &world), &json!({"award_number": "22-15-00301"}))).await;
        let into_hidden = post_as(&app, outsider, &with(rsf_award(&hidden, &world), &json!({"award_number": "2"}))).await;
        let hidden_problem = assert_problem(into_hidden, 422).await;
        let missing = with(rsf_award(&hidden, &world), &json!({"award_number": "2", "project_id": uuid::Uuid::now_v7().to_string()}));
        let missing_problem = assert_problem(post_as(&app, outsider, &missing).await, 422).await;
        assert_eq!(hidden_problem["errors"], missing_problem["errors"], "a hidden project answers like a missing one");
        assert_eq!(error_fields(&hidden_problem), ["project_id"]);
        assert_problem(patch_as(&app, outsider, &hidden_award, 1, &json!({"status": "ended"})).await, 404).await;
        assert_problem(get_as(&app, Some(outsider), &path_of(&hidden_award)).await, 404).await;
        let delete = app.request_as(outsider, Method::DELETE, &path_of(&hidden_award)).send().await.unwrap();
        assert_problem(delete, 404).await;

        let partner = app.session(Role::Partner).await;
        let token = World::partner_token(&app, &world.wuhan).await;
        for credential in [partner.access_token.as_str(), token.as_str()] {
            assert_problem(post_as(&app, credential, &with(nsfc_award(&joint, &world), &json!({"award_number": "3"}))).await, 403).await;
            assert_problem(patch_as(&app, credential, &own, 3, &json!({"status": "ended"})).await, 403).await;
            let delete = app.request_as(credential, Method::DELETE, &path_of(&own)).send().await.unwrap();
            assert_problem(delete, 403).await;
        }
        let anonymous = app.anonymous.post(app.url(COLLECTION)).json(&nsfc_award(&joint, &world)).send().await.unwrap();
        assert_problem(anonymous, 401).await;
        let anonymous = app.anonymous.patch(app.url(&path_of(&own))).header("If-Match", "\"3\"").json(&json!({"status": "ended"})).send().await.unwrap();
        assert_problem(anonymous, 401).await;
        assert_problem(app.anonymous.delete(app.url(&path_of(&own))).send().await.unwrap(), 401).await;

        let coordinator = app.session(Role::Coordinator).await;
        let staff = post_as(&app, &coordinator.access_token, &with(nsfc_award(&hidden, &world), &json!({"award_number": "4"}))).await;
        assert_eq!(staff.status(), 201);
        let (_, total) = listed(&app, Some(&app.admin.access_token), COLLECTION).await;
        assert_eq!(total, 5, "the lead's two, the partner head's one, the hidden one, the coordinator's");
    }

    async fn funding_of_a_restricted_project_is_absent_for_outsiders(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let public = project(&app, &world, "Public atlas", "public").await;
        let partners = project(&app, &world, "Partners study", "partners").await;
        let hidden = project(&app, &world, "Restricted trial", "restricted").await;
        let public_award = record(&app, &with(rsf_award(&public, &world), &json!({"award_number": "A-1"}))).await;
        let partners_award = record(&app, &with(rsf_award(&partners, &world), &json!({"award_number": "A-2"}))).await;
        let hidden_award = record(&app, &with(rsf_award(&hidden, &world), &json!({"award_number": "A-3"}))).await;
        let sorted = |mut ids: Vec<String>| {
            ids.sort();
            ids
        };
        let hidden_id = id(&hidden_award);
        let hidden_project = format!("/api/v1/projects/{}/funding", id(&hidden));

        let outsider = World::partner_token(&app, &world.outsider_institution).await;
        let outsider_person = app.sign_in(app.user(Role::Partner, Some(world.outsider_institution.clone()), UserStatus::Active)).await;
        for token in [outsider.as_str(), outsider_person.access_token.as_str(), world.other_head.access_token.as_str()] {
            assert_problem(get_as(&app, Some(token), &path_of(&hidden_award)).await, 404).await;
            assert_problem(get_as(&app, Some(token), &format!("{}/history", path_of(&hidden_award))).await, 404).await;
            assert_eq!(get_as(&app, Some(token), &path_of(&partners_award)).await.status(), 200);
            let (found, total) = listed(&app, Some(token), &format!("{COLLECTION}?project_id={}", id(&hidden))).await;
            assert!(found.is_empty() && total == 0, "filtering by the hidden project finds nothing");
            let (found, total) = listed(&app, Some(token), COLLECTION).await;
            assert_eq!(sorted(found), sorted(vec![id(&public_award), id(&partners_award)]));
            assert_eq!(total, 2, "the total counts only what may be read");
            let (_, total) = listed(&app, Some(token), &format!("{COLLECTION}?funder_id={RSF}&side=RU")).await;
            assert_eq!(total, 2);
            assert_problem(get_as(&app, Some(token), &hidden_project).await, 404).await;
            assert_problem(csv_as(&app, Some(token), &hidden_project).await, 404).await;
            let csv = csv_text(&app, Some(token), COLLECTION).await;
            assert!(!csv.contains(&hidden_id) && !csv.contains(",A-3,"), "{csv}");
            assert_eq!(csv.lines().count(), 3, "a header and the two it may read");
            let csv = csv_text(&app, Some(token), &format!("{COLLECTION}?project_id={}", id(&hidden))).await;
            assert_eq!(csv.lines().count(), 1, "only the header");
        }

        let wuhan = World::partner_token(&app, &world.wuhan).await;
        for token in [wuhan.as_str(), world.cn_head.access_token.as_str()] {
            assert_eq!(get_as(&app, Some(token), &path_of(&hidden_award)).await.status(), 200, "its institution takes part");
            let (found, total) = listed(&app, Some(token), &format!("{COLLECTION}?project_id={}", id(&hidden))).await;
            assert_eq!((found, total), (vec![hidden_id.clone()], 1));
            let (found, _) = listed(&app, Some(token), &hidden_project).await;
            assert_eq!(found, vec![hidden_id.clone()]);
            let (_, total) = listed(&app, Some(token), COLLECTION).await;
            assert_eq!(total, 3);
            assert!(csv_text(&app, Some(token), COLLECTION).await.contains(&hidden_id));
        }

        assert_eq!(get_as(&app, None, &path_of(&public_award)).await.status(), 200, "public funding is open data");
        assert_problem(get_as(&app, None, &path_of(&partners_award)).await, 404).await;
        assert_problem(get_as(&app, None, &path_of(&hidden_award)).await, 404).await;
        let (found, total) = listed(&app, None, COLLECTION).await;
        assert_eq!((found, total), (vec![id(&public_award)], 1));
        let (found, _) = listed(&app, None, &format!("/api/v1/projects/{}/funding", id(&public))).await;
        assert_eq!(found, vec![id(&public_award)]);
        assert_problem(get_as(&app, None, &format!("/api/v1/projects/{}/funding", id(&partners))).await, 404).await;
        assert_eq!(csv_text(&app, None, COLLECTION).await.lines().count(), 2);
        assert_problem(get_as(&app, None, &format!("{}/history", path_of(&public_award))).await, 401).await;
        let bad = app.anonymous.get(app.url(COLLECTION)).bearer_auth("not-a-token").send().await.unwrap();
        assert_problem(bad, 401).await;
    }

    async fn lists_filter_sort_and_page(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let joint = project(&app, &world, "Joint project", "partners").await;
        let mut russian = project_body(&world, "Russian project");
        russian["labs"] = json!([{"lab_id": world.ru_lab, "role": "lead"}]);
        russian["participants"] = json!([]);
        let russian = create(&app, &russian).await;
        let a = record(&app, &rsf_award(&joint, &world)).await;
        let b = record(&app, &nsfc_award(&joint, &world)).await;
        let c = record(&app, &json!({"project_id": russian["id"], "funder_id": RFBR, "award_number": "19-54-53015", "starts_on": "2019-01-01", "ends_on": "2020-12-31", "status": "ended", "side": "RU"})).await;
        let d = record(&app, &json!({"project_id": russian["id"], "funder_id": MINOBRNAUKI, "amount": {"amount_minor": 5000000, "currency": "EUR"}, "starts_on": "2025-01-01", "ends_on": "2027-12-31", "status": "applied", "lab_id": world.ru_lab})).await;
        let [a, b, c, d] = [id(&a), id(&b), id(&c), id(&d)];
        let token = app.admin.access_token.clone();
        let expect = |query: String, expected: Vec<&String>| {
            let app = &app;
            let token = token.clone();
            let expected: Vec<String> = expected.into_iter().cloned().collect();
            async move {
                let (found, total) = listed(app, Some(&token), &format!("{COLLECTION}?{query}")).await;
                assert_eq!(found, expected, "{query}");
                assert_eq!(total as usize, expected.len(), "{query}");
            }
        };

        expect(String::new(), vec![&c, &a, &b, &d]).await;
        expect("sort=starts_on".into(), vec![&c, &a, &b, &d]).await;
        expect("sort=-starts_on".into(), vec![&d, &b, &a, &c]).await;
        expect("sort=ends_on".into(), vec![&c, &a, &b, &d]).await;
        expect("sort=-ends_on".into(), vec![&d, &b, &a, &c]).await;
        expect("sort=created".into(), vec![&a, &b, &c, &d]).await;
        expect("sort=-created".into(), vec![&d, &c, &b, &a]).await;
        expect(format!("project_id={}", id(&joint)), vec![&a, &b]).await;
        expect(format!("project_id={}", id(&joint).to_uppercase()), vec![&a, &b]).await;
        expect(format!("funder_id={NSFC}"), vec![&b]).await;
        expect("status=ended".into(), vec![&c]).await;
        expect("status=applied".into(), vec![&d]).await;
        expect("currency=RUB".into(), vec![&a]).await;
        expect("currency=CNY".into(), vec![&b]).await;
        expect("currency=EUR".into(), vec![&d]).await;
        expect("currency=USD".into(), vec![]).await;
        expect("side=CN".into(), vec![&b]).await;
        expect("side=ru".into(), vec![&c, &a, &d]).await;
        expect(format!("lab_id={}", world.ru_lab), vec![&a, &d]).await;
        expect("active_on=2022-06-01".into(), vec![&a, &b]).await;
        expect("active_on=2020-12-31".into(), vec![&c]).await;
        expect("active_on=2021-07-01".into(), vec![&a]).await;
        expect("active_on=2024-12-31".into(), vec![&b]).await;
        expect("active_on=2030-01-01".into(), vec![]).await;
        expect(format!("project_id={}&side=RU&sort=-ends_on", id(&joint)), vec![&a]).await;

        let mut seen = Vec::new();
        let mut next = Some(format!("{COLLECTION}?sort=ends_on&limit=1"));
        while let Some(url) = next {
            let response = app.get(&url).await;
            let link = response.headers().get("link").map(|l| l.to_str().unwrap().to_owned());
            let page: Value = response.json().await.unwrap();
            assert_eq!(page["total"], 4);
            seen.extend(page["items"].as_array().unwrap().iter().map(id));
            next = page["next"].as_str().map(str::to_owned);
            assert_eq!(link.is_some(), next.is_some());
            if let Some(next) = &next {
                assert!(next.contains("sort=ends_on") && next.contains("limit=1"), "{next}");
            }
        }
        assert_eq!(seen, vec![c.clone(), a.clone(), b.clone(), d.clone()]);
        let first: Value = app.get(&format!("{COLLECTION}?sort=-starts_on&limit=2&side=RU")).await.json().await.unwrap();
        assert_eq!(first["items"].as_array().unwrap().iter().map(id).collect::<Vec<_>>(), vec![d.clone(), a.clone()]);
        assert_eq!(first["total"], 3);
        let second: Value = app.get(first["next"].as_str().unwrap()).await.json().await.unwrap();
        assert_eq!(second["items"].as_array().unwrap().iter().map(id).collect::<Vec<_>>(), vec![c.clone()]);
        assert_eq!(second["next"], Value::Null);
        let created: Value = app.get(&format!("{COLLECTION}?sort=-created&limit=3")).await.json().await.unwrap();
        let rest: Value = app.get(created["next"].as_str().unwrap()).await.json().await.unwrap();
        assert_eq!(rest["items"][0]["id"], json!(a));
        assert_eq!(rest["next"], Value::Null);

        let nested = format!("/api/v1/projects/{}/funding", id(&joint));
        let page: Value = app.get(&format!("{nested}?sort=-starts_on&limit=1")).await.json().await.unwrap();
        assert_eq!((page["items"][0]["id"].clone(), page["total"].clone()), (json!(b), json!(2)));
        let next = page["next"].as_str().unwrap();
        assert!(next.starts_with(&format!("{nested}?")) && !next.contains("project_id"), "{next}");
        let page: Value = app.get(next).await.json().await.unwrap();
        assert_eq!(page["items"][0]["id"], json!(a));
        assert_eq!(page["next"], Value::Null);
        let (found, _) = listed(&app, Some(&token), &format!("{nested}?currency=CNY")).await;
        assert_eq!(found, vec![b.clone()]);
        let (found, _) = listed(&app, Some(&token), &format!("/api/v1/projects/{}/funding", id(&russian))).await;
        assert_eq!(found, vec![c.clone(), d.clone()]);

        let wrong_sort = app.get(&format!("{COLLECTION}?sort=ends_on&cursor={}", first["next_cursor"].as_str().unwrap())).await;
        assert_problem(wrong_sort, 422).await;
        let not_a_date = Cursor::new("starts_on", Some("soon".into()), a.clone()).encode();
        let problem = assert_problem(app.get(&format!("{COLLECTION}?cursor={not_a_date}")).await, 422).await;
        assert_eq!(problem["errors"][0]["code"], "invalid_cursor");
        let keyless = Cursor::new("-ends_on", None, a.clone()).encode();
        assert_problem(app.get(&format!("{COLLECTION}?sort=-ends_on&cursor={keyless}")).await, 422).await;
        for bad in ["limit=0", "limit=101", "status=granted", "currency=GBP", "currency=rub", "side=XX", "project_id=nope", "funder_id=RSF", "lab_id=nope", "active_on=yesterday", "sort=amount", "colour=red", "cursor=%21%21"] {
            assert_problem(app.get(&format!("{COLLECTION}?{bad}")).await, 422).await;
        }
        assert_problem(app.get(&format!("{nested}?project_id={}", id(&joint))).await, 422).await;
        assert_problem(app.get(&format!("/api/v1/projects/{}/funding", uuid::Uuid::now_v7())).await, 404).await;
        assert_problem(app.get("/api/v1/projects/nope/funding").await, 404).await;
    }

    async fn csv_exports_every_match_with_formulas_defused(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let joint = project(&app, &world, "Joint project", "partners").await;
        let a = record(&app, &with(rsf_award(&joint, &world), &json!({"call_name": "=HYPERLINK(\"http://evil.example\")"}))).await;
        record(&app, &nsfc_award(&joint, &world)).await;
        let token = app.admin.access_token.clone();

        let csv = csv_text(&app, Some(&token), COLLECTION).await;
        assert!(csv.starts_with('\u{feff}'), "a byte-order mark for spreadsheets");
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines[0],
            "id,project_id,project_title,funder_id,funder_short_code,call_name,award_number,amount_minor,currency,amount,starts_on,ends_on,status,side,lab_id,lab_name,version,created_at,updated_at"
        );
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with(&id(&a)), "in list order: {}", lines[1]);
        assert!(lines[1].contains(",RSF,\"'=HYPERLINK(\"\"http://evil.example\"\")\",21-45-00012,600000000,RUB,6000000.00,2021-07-01,2024-06-30,active,RU,"), "{}", lines[1]);
        assert!(lines[2].contains(JOINT_CALL) && lines[2].contains(",NSFC,") && lines[2].contains(",CNY,2000000.00,"), "{}", lines[2]);
        let only_cny = csv_text(&app, Some(&token), &format!("{COLLECTION}?currency=CNY")).await;
        assert_eq!(only_cny.lines().count(), 2);
        let nested = csv_text(&app, Some(&token), &format!("/api/v1/projects/{}/funding?sort=-starts_on", id(&joint))).await;
        let lines: Vec<&str> = nested.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[2].contains(&id(&a)), "sorted as asked: {nested}");
    }

    async fn a_list_page_costs_the_same_number_of_queries_whatever_its_size(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let joint = project(&app, &world, "Joint project", "restricted").await;
        let funders = [RSF, NSFC, RFBR, MINOBRNAUKI];
        for n in 0..12 {
            let body = with(rsf_award(&joint, &world), &json!({"funder_id": funders[n % 4], "award_number": format!("N-{n:02}")}));
            record(&app, &body).await;
        }
        let queries = |scope: ReadScope, limit: u32| {
            let mut conn = app.database.connect();
            let counter = Arc::new(AtomicUsize::new(0));
            let seen = counter.clone();
            conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                    seen.fetch_add(1, Ordering::SeqCst);
                }
            });
            let (views, total) = page_of_funding(&mut conn, &scope, &ListFilter::default(), FundingSort::StartsOn, None, limit).unwrap();
            assert_eq!(total, 12);
            assert_eq!(views.len(), (limit as usize + 1).min(12));
            assert!(views.iter().all(|v| !v.funder_short_code.is_empty()), "every funder's short code is loaded");
            counter.load(Ordering::SeqCst)
        };
        let wuhan = ReadScope::Member { institution_id: Some(world.wuhan.clone()), user_id: None };
        let small = queries(wuhan.clone(), 1);
        let large = queries(wuhan, 100);
        assert_eq!(small, large, "queries for a page of 2 and a page of 12");
        assert_eq!(large, 3, "count, page, funders' short codes");
        assert_eq!(queries(ReadScope::Everything, 100), 3);
    }

    async fn changes_need_the_current_etag_and_are_recorded(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let joint = project(&app, &world, "Joint project", "partners").await;
        let other = project(&app, &world, "Other project", "partners").await;
        let award = record(&app, &rsf_award(&joint, &world)).await;
        let path = path_of(&award);

        let unconditional = app.client.patch(app.url(&path)).json(&json!({"status": "ended"})).send().await.unwrap();
        assert_problem(unconditional, 428).await;
        assert_problem(app.patch_json(&path, Some("\"7\""), &json!({"status": "ended"})).await, 412).await;
        let ended = app.patch_json(&path, Some("\"1\""), &json!({"status": "ended", "amount": null})).await;
        assert_eq!(ended.status(), 200);
        assert_eq!(ended.headers()["etag"], "\"2\"");
        let ended: Value = ended.json().await.unwrap();
        assert_eq!((ended["status"].as_str(), ended["amount"].clone(), ended["version"].as_i64()), (Some("ended"), Value::Null, Some(2)));
        assert_eq!(ended["award_number"], "21-45-00012", "untouched fields are kept");
        assert_eq!(ended["lab_id"], json!(world.ru_lab));
        assert_problem(app.patch_json(&path, Some("\"1\""), &json!({"status": "active"})).await, 412).await;
        let cached = app.client.get(app.url(&path)).header("If-None-Match", "\"2\"").send().await.unwrap();
        assert_eq!(cached.status(), 304);
        let outdated = app.client.get(app.url(&path)).header("If-None-Match", "\"1\"").send().await.unwrap();
        assert_eq!(outdated.status(), 200);

        let moved = assert_problem(app.patch_json(&path, Some("\"2\""), &json!({"project_id": other["id"]})).await, 422).await;
        assert!(moved["errors"][0]["message"].as_str().unwrap().contains("project_id"), "{moved}");
        assert_problem(app.patch_json(&path, Some("\"2\""), &json!({"colour": "red"})).await, 422).await;
        let null = assert_problem(app.patch_json(&path, Some("\"2\""), &json!({"status": null})).await, 422).await;
        assert_eq!(error_fields(&null), ["status"]);
        let fraction = app.patch_json(&path, Some("\"2\""), &json!({"amount": {"amount_minor": 0.5, "currency": "RUB"}})).await;
        assert_eq!(error_fields(&assert_problem(fraction, 422).await), ["amount.amount_minor"]);
        let disagree = assert_problem(app.patch_json(&path, Some("\"2\""), &json!({"side": "CN"})).await, 422).await;
        assert_eq!(error_fields(&disagree), ["side"]);
        let backwards = assert_problem(app.patch_json(&path, Some("\"2\""), &json!({"ends_on": "2021-01-01"})).await, 422).await;
        assert_eq!(error_fields(&backwards), ["ends_on"]);
        let application = app.patch_json(&path, Some("\"2\""), &json!({"status": "applied", "funder_id": RFBR})).await;
        assert_eq!(error_fields(&assert_problem(application, 422).await), ["funder_id"]);

        let relabelled: Value = app.patch_json(&path, Some("\"2\""), &json!({"lab_id": world.cn_lab})).await.json().await.unwrap();
        assert_eq!((relabelled["side"].as_str(), relabelled["version"].as_i64()), (Some("CN"), Some(3)), "the side follows a new lab");
        let unlabelled: Value = app.patch_json(&path, Some("\"3\""), &json!({"lab_id": null, "side": "RU"})).await.json().await.unwrap();
        assert_eq!((unlabelled["side"].as_str(), unlabelled["lab_id"].clone()), (Some("RU"), Value::Null));

        let history: Value = app.get(&format!("{path}/history")).await.json().await.unwrap();
        let actions: Vec<&str> = history["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["update", "update", "update", "create"]);
        assert_eq!(history["items"][2]["changes"], json!({
            "status": {"before": "active", "after": "ended"},
            "amount_minor": {"before": 600000000, "after": null},
            "currency": {"before": "RUB", "after": null}
        }));
        assert_eq!(history["items"][1]["changes"]["side"], json!({"before": "RU", "after": "CN"}));

        // An application recorded before its funder closed stays editable.
        let old = uuid::Uuid::now_v7().to_string();
        app.database.connect().batch_execute(&format!(
            "INSERT INTO funding_records (id, project_id, funder_id, award_number, starts_on, ends_on, status, side, version, created_at, updated_at) \
             VALUES ('{old}', '{}', '{RFBR}', '20-04-60001', '2021-01-01', '2022-12-31', 'applied', 'RU', 1, '2020-06-01 00:00:00', '2020-06-01 00:00:00')",
            id(&joint)
        )).unwrap();
        let old_path = format!("{COLLECTION}/{old}");
        assert_eq!(app.patch_json(&old_path, Some("\"1\""), &json!({"call_name": "RFBR–NSFC 2020"})).await.status(), 200);
        assert_eq!(app.patch_json(&old_path, Some("\"2\""), &json!({"status": "rejected"})).await.status(), 200);
        assert_problem(app.patch_json(&old_path, Some("\"3\""), &json!({"status": "applied"})).await, 422).await;
    }

    async fn a_retried_create_with_the_same_key_makes_one_record(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let joint = project(&app, &world, "Joint project", "partners").await;
        let body = rsf_award(&joint, &world);
        let send = |body: &Value| app.client.post(app.url(COLLECTION)).header("Idempotency-Key", "award-retried-1").json(body).send();
        let first = send(&body).await.unwrap();
        assert_eq!(first.status(), 201);
        let first: Value = first.json().await.unwrap();
        let again = send(&body).await.unwrap();
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.headers()["location"].to_str().unwrap(), path_of(&first));
        let again: Value = again.json().await.unwrap();
        assert_eq!(first["id"], again["id"]);
        assert_problem(send(&nsfc_award(&joint, &world)).await.unwrap(), 422).await;
        let (_, total) = listed(&app, Some(&app.admin.access_token), COLLECTION).await;
        assert_eq!(total, 1);
    }

    async fn only_administrators_delete_and_only_funding_no_output_names(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let joint = project(&app, &world, "Joint project", "partners").await;
        let cited = record(&app, &rsf_award(&joint, &world)).await;
        let lone = record(&app, &nsfc_award(&joint, &world)).await;
        acknowledge(&app, &id(&cited));
        let coordinator = app.session(Role::Coordinator).await;

        for token in [world.ru_head.access_token.as_str(), world.cn_head.access_token.as_str(), coordinator.access_token.as_str()] {
            let refused = app.request_as(token, Method::DELETE, &path_of(&lone)).send().await.unwrap();
            assert_problem(refused, 403).await;
        }
        let problem = assert_problem(app.client.delete(app.url(&path_of(&cited))).send().await.unwrap(), 409).await;
        assert_eq!(error_fields(&problem), ["outputs"]);
        assert!(problem["detail"].as_str().unwrap().contains("withdrawn"), "{problem}");
        let stale = app.client.delete(app.url(&path_of(&lone))).header("If-Match", "\"9\"").send().await.unwrap();
        assert_problem(stale, 412).await;
        let deleted = app.client.delete(app.url(&path_of(&lone))).header("If-Match", "\"1\"").send().await.unwrap();
        assert_eq!(deleted.status(), 204);
        assert_problem(app.get(&path_of(&lone)).await, 404).await;
        assert_problem(app.client.delete(app.url(&path_of(&lone))).send().await.unwrap(), 404).await;
        assert_eq!(app.get(&path_of(&cited)).await.status(), 200);

        for token in [app.admin.access_token.as_str(), coordinator.access_token.as_str()] {
            let history: Value = get_as(&app, Some(token), &format!("{}/history", path_of(&lone))).await.json().await.unwrap();
            let actions: Vec<&str> = history["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
            assert_eq!(actions, ["delete", "create"], "staff still read a deleted record's history");
            assert_eq!(history["items"][0]["changes"]["award_number"], json!({"before": "82161138003", "after": null}));
        }
        let gone = get_as(&app, Some(&world.cn_head.access_token), &format!("{}/history", path_of(&lone))).await;
        assert_problem(gone, 404).await;
        let (ids, total) = listed(&app, Some(&app.admin.access_token), COLLECTION).await;
        assert_eq!((ids, total), (vec![id(&cited)], 1));
    }
}
