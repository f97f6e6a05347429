//! Outputs: every field rule, who may record and change them, visibility through their projects
//! in reads, lists, counts, filters and CSV, the RU–CN co-authorship count, sorting and paging,
//! the fixed query count of a list, idempotent creates, deletion and history.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use chrono::Datelike;
use diesel::connection::{Connection, InstrumentationEvent, SimpleConnection};
use jointreg::db::models::output::ListFilter;
use jointreg::db::models::project_access::ReadScope;
use jointreg::domain::role::{Role, UserStatus};
use jointreg::routes::outputs::page_of_outputs;
use jointreg::routes::outputs::wire::OutputSort;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, error_fields};
use crate::projects::{create, project_body};

const COLLECTION: &str = "/api/v1/outputs";
const RFBR: &str = "01a21f73-9c00-7000-8000-000000000003";
const DOI: &str = "10.1016/j.biopha.2021.111234";

/// Projects to record outputs of: three joint ones (RU lead, CN partner) with each visibility,
/// and one of the outsider's laboratory alone.
struct Scene {
    world: World,
    /// `partners`, SUSU lead, Wuhan partner.
    joint: Value,
    /// `restricted`, SUSU lead, Wuhan partner.
    restricted: Value,
    /// `public`, SUSU lead, Wuhan partner.
    public: Value,
    /// `partners`, the outsider's laboratory alone (headed by `other_head`).
    steppe: Value,
}

async fn scene(app: &TestApp) -> Scene {
    let world = World::build(app).await;
    let joint = create(app, &project_body(&world, "Systemic pathology of inflammation")).await;
    let mut restricted = project_body(&world, "Restricted sepsis trial");
    restricted["visibility"] = json!("restricted");
    let restricted = create(app, &restricted).await;
    let mut public = project_body(&world, "Open inflammation atlas");
    public["visibility"] = json!("public");
    let public = create(app, &public).await;
    let mut steppe = project_body(&world, "Steppe ecology");
    steppe["labs"] = json!([{"lab_id": world.other_lab, "role": "lead"}]);
    steppe["participants"] = json!([]);
    let steppe = create(app, &steppe).await;
    Scene { world, joint, restricted, public, steppe }
}

fn id(record: &Value) -> String {
    record["id"].as_str().unwrap().to_owned()
}

/// A journal article of `projects`, co-authored from Russia and China.
pub fn output_body(title: &str, projects: &[&Value]) -> Value {
    json!({
        "kind": "journal_article",
        "title": title,
        "year": 2022,
        "venue": "Biomedicine & Pharmacotherapy",
        "author_countries": ["RU", "CN"],
        "project_ids": projects.iter().map(|p| p["id"].clone()).collect::<Vec<_>>(),
    })
}

/// A body with some fields replaced.
fn with(mut body: Value, changes: Value) -> Value {
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

async fn create_output(app: &TestApp, body: &Value) -> Value {
    let response = app.post_json(COLLECTION, body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "creating {body}: {text}");
    serde_json::from_str(&text).unwrap()
}

async fn create_as(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.request_as(token, Method::POST, COLLECTION).json(body).send().await.unwrap()
}

fn path_of(output: &Value) -> String {
    format!("{COLLECTION}/{}", id(output))
}

fn outputs_of(project: &Value) -> String {
    format!("/api/v1/projects/{}/outputs", id(project))
}

/// An active RFBR funding record of `project`, written straight into the database (funding has
/// its own routes, built elsewhere).
fn insert_funding(app: &TestApp, project: &Value) -> String {
    let funding = uuid::Uuid::now_v7().to_string();
    app.database
        .connect()
        .batch_execute(&format!(
            "INSERT INTO funding_records (id, project_id, funder_id, starts_on, ends_on, status, side, version, created_at, updated_at) \
             VALUES ('{funding}', '{}', '{RFBR}', '2021-01-01', '2023-12-31', 'active', 'RU', 1, '2021-01-01 00:00:00', '2021-01-01 00:00:00')",
            id(project)
        ))
        .unwrap();
    funding
}

fn get_as(app: &TestApp, token: Option<&str>, path: &str) -> reqwest::RequestBuilder {
    match token {
        Some(token) => app.anonymous.get(app.url(path)).bearer_auth(token),
        None => app.anonymous.get(app.url(path)),
    }
}

/// The ids a list at `path` answers with, and its total, as `token` (anonymously with `None`).
async fn listed_at(app: &TestApp, token: Option<&str>, path: &str, query: &str) -> (Vec<String>, i64) {
    let response = get_as(app, token, &format!("{path}?limit=100&{query}")).send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{path}?{query}: {text}");
    let page: Value = serde_json::from_str(&text).unwrap();
    let ids = page["items"].as_array().unwrap().iter().map(id).collect();
    (ids, page["total"].as_i64().unwrap())
}

async fn listed(app: &TestApp, token: Option<&str>, query: &str) -> (Vec<String>, i64) {
    listed_at(app, token, COLLECTION, query).await
}

async fn csv_at(app: &TestApp, token: Option<&str>, path: &str) -> String {
    let response = get_as(app, token, path).header("Accept", "text/csv").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    response.text().await.unwrap()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

both_backends! {
    async fn an_output_is_recorded_with_every_field_and_read_back(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let funding = insert_funding(&app, &s.joint);
        let body = json!({
            "kind": "journal_article",
            "title": "  Curcumin attenuates systemic inflammation in a rat model of sepsis ",
            "doi": "https://doi.org/10.1016/J.BIOPHA.2021.111234",
            "year": 2022,
            "venue": "Biomedicine & Pharmacotherapy",
            "url": "https://doi.org/10.1016/j.biopha.2021.111234",
            "author_countries": ["ru", "CN", "RU", "kz"],
            "project_ids": [id(&s.joint), id(&s.public).to_uppercase()],
            "funding_ids": [funding]
        });

        let response = app.post_json(COLLECTION, &body).await;

        assert_eq!(response.status(), 201);
        assert_eq!(response.headers()["etag"], "\"1\"");
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let output: Value = response.json().await.unwrap();
        assert_eq!(location, path_of(&output));
        assert_eq!(output["kind"], "journal_article");
        assert_eq!(output["title"], "Curcumin attenuates systemic inflammation in a rat model of sepsis", "trimmed");
        assert_eq!(output["doi"], DOI, "stored bare and lower case");
        assert_eq!(output["doi_url"], format!("https://doi.org/{DOI}"));
        assert_eq!(output["year"], 2022);
        assert_eq!(output["venue"], "Biomedicine & Pharmacotherapy");
        assert_eq!(output["author_countries"], json!(["CN", "KZ", "RU"]), "upper case, once each, sorted");
        assert_eq!(output["ru_cn"], true);
        assert_eq!(output["project_ids"], json!(sorted(vec![id(&s.joint), id(&s.public)])));
        assert_eq!(output["funding_ids"], json!([funding]));
        assert_eq!(output["version"], 1);

        let read = app.get(&location).await;
        assert_eq!(read.headers()["etag"], "\"1\"");
        assert_eq!(read.json::<Value>().await.unwrap(), output);
        let cached = app.client.get(app.url(&location)).header("If-None-Match", "\"1\"").send().await.unwrap();
        assert_eq!(cached.status(), 304);
        let stale = app.client.get(app.url(&location)).header("If-None-Match", "\"7\"").send().await.unwrap();
        assert_eq!(stale.status(), 200);

        let history: Value = app.get(&format!("{location}/history")).await.json().await.unwrap();
        assert_eq!(history["items"][0]["action"], "create");
        assert_eq!(history["items"][0]["changes"]["doi"], json!({"before": null, "after": DOI}));

        let minimal = json!({"kind": "agreement", "title": "Cooperation agreement between Wuhan University and SUSU", "year": 2020, "author_countries": ["CN"], "project_ids": [id(&s.joint)]});
        let minimal = create_output(&app, &minimal).await;
        assert_eq!(minimal["doi"], Value::Null);
        assert_eq!(minimal["doi_url"], Value::Null);
        assert_eq!(minimal["venue"], Value::Null);
        assert_eq!(minimal["url"], Value::Null);
        assert_eq!(minimal["ru_cn"], false);
        assert_eq!(minimal["funding_ids"], json!([]));
    }

    async fn every_field_rule_is_reported_and_nothing_is_written(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let funding = insert_funding(&app, &s.joint);
        let elsewhere = insert_funding(&app, &s.public);
        let next_year = crate::helpers::today().year() + 1;
        let unknown = uuid::Uuid::now_v7().to_string();
        let joint = id(&s.joint);
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (json!({"kind": "poem"}), vec!["kind"]),
            (json!({"title": ""}), vec!["title"]),
            (json!({"title": "   "}), vec!["title"]),
            (json!({"title": "two\nlines"}), vec!["title"]),
            (json!({"title": "x".repeat(1001)}), vec!["title"]),
            (json!({"doi": "11.1016/x"}), vec!["doi"]),
            (json!({"doi": "10.1016/"}), vec!["doi"]),
            (json!({"year": 1899}), vec!["year"]),
            (json!({"year": next_year + 1}), vec!["year"]),
            (json!({"year": "2022"}), vec!["year"]),
            (json!({"venue": " "}), vec!["venue"]),
            (json!({"url": "ftp://example.org/paper.pdf"}), vec!["url"]),
            (json!({"author_countries": []}), vec!["author_countries"]),
            (json!({"author_countries": ["RU", "XX"]}), vec!["author_countries"]),
            (json!({"author_countries": ["Cn"]}), vec!["author_countries"]),
            (json!({"author_countries": vec!["RU"; 51]}), vec!["author_countries"]),
            (json!({"project_ids": []}), vec!["project_ids"]),
            (json!({"project_ids": vec![joint.clone(); 21]}), vec!["project_ids"]),
            (json!({"project_ids": [joint, joint]}), vec!["project_ids[1]"]),
            (json!({"project_ids": [joint, unknown]}), vec!["project_ids[1]"]),
            (json!({"project_ids": ["not-a-uuid"]}), vec!["project_ids[0]"]),
            (json!({"funding_ids": [unknown]}), vec!["funding_ids[0]"]),
            (json!({"funding_ids": [funding, funding]}), vec!["funding_ids[1]"]),
            (json!({"funding_ids": [elsewhere]}), vec!["funding_ids[0]"]),
            (json!({"funding_ids": vec![funding.clone(); 21]}), vec!["funding_ids"]),
            (json!({"project_ids": [unknown], "funding_ids": [funding]}), vec!["funding_ids[0]", "project_ids[0]"]),
            (json!({"title": "", "year": 1800, "author_countries": []}), vec!["author_countries", "title", "year"]),
        ];
        for (change, fields) in cases {
            let body = with(output_body("Rule probe", &[&s.joint]), change.clone());
            let problem = assert_problem(app.post_json(COLLECTION, &body).await, 422).await;
            assert_eq!(error_fields(&problem), fields, "{change}: {problem}");
        }
        let unknown_project = with(output_body("Rule probe", &[&s.joint]), json!({"project_ids": [unknown]}));
        let problem = assert_problem(app.post_json(COLLECTION, &unknown_project).await, 422).await;
        assert_eq!(problem["errors"][0]["message"], "names no project you may read");
        for (key, value) in [("owner", json!("x")), ("version", json!(7)), ("id", json!(unknown)), ("ru_cn", json!(true)), ("doi_url", json!("https://doi.org/10.1/x"))] {
            let mut body = output_body("Mass assignment probe", &[&s.joint]);
            body[key] = value;
            let problem = assert_problem(app.post_json(COLLECTION, &body).await, 422).await;
            assert!(!problem["errors"].as_array().unwrap().is_empty(), "{key}: {problem}");
        }
        for missing in ["kind", "title", "year", "author_countries", "project_ids"] {
            let mut body = output_body("Missing field probe", &[&s.joint]);
            body.as_object_mut().unwrap().remove(missing);
            assert_problem(app.post_json(COLLECTION, &body).await, 422).await;
        }
        let (ids, total) = listed(&app, Some(&app.admin.access_token), "").await;
        assert!(ids.is_empty() && total == 0, "nothing was written");

        let this_year = with(output_body("Accepted for next year", &[&s.joint]), json!({"year": next_year}));
        create_output(&app, &this_year).await;
    }

    async fn a_doi_names_one_output_and_the_holder_is_named_only_to_its_readers(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let held = create_output(&app, &with(output_body("Held in a restricted project", &[&s.restricted]), json!({"doi": DOI}))).await;

        let same = with(output_body("Same DOI, another spelling", &[&s.joint]), json!({"doi": format!("doi:{}", DOI.to_uppercase())}));
        let problem = assert_problem(create_as(&app, &s.world.ru_head.access_token, &same).await, 409).await;
        assert_eq!(error_fields(&problem), ["doi"]);
        assert_eq!(problem["errors"][0]["code"], "already_registered");
        assert!(problem["errors"][0]["message"].as_str().unwrap().contains(&id(&held)), "{problem}");

        let outsider = with(output_body("Same DOI from the steppe", &[&s.steppe]), json!({"doi": format!("https://doi.org/{DOI}")}));
        let problem = assert_problem(create_as(&app, &s.world.other_head.access_token, &outsider).await, 409).await;
        assert_eq!(error_fields(&problem), ["doi"]);
        assert!(!problem.to_string().contains(&id(&held)), "the hidden holder is not named: {problem}");
        assert_eq!(problem["errors"][0]["message"], "is already registered for another output");

        let other = create_output(&app, &with(output_body("Another article", &[&s.joint]), json!({"doi": "10.1016/j.biopha.2022.113000"}))).await;
        let taken = app.patch_json(&path_of(&other), Some("\"1\""), &json!({"doi": DOI})).await;
        assert_problem(taken, 409).await;
        let own = app.patch_json(&path_of(&held), Some("\"1\""), &json!({"doi": DOI.to_uppercase()})).await;
        assert_eq!(own.status(), 200, "an output keeps its own DOI");
    }

    async fn heads_of_its_laboratories_record_an_output_and_nobody_else(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let w = &s.world;
        let body = output_body("Joint article", &[&s.joint]);

        assert_eq!(create_as(&app, &w.ru_head.access_token, &body).await.status(), 201, "the lead lab's head");
        assert_eq!(create_as(&app, &w.cn_head.access_token, &body).await.status(), 201, "the partner lab's head");
        assert_problem(create_as(&app, &w.other_head.access_token, &body).await, 403).await;
        let hidden = output_body("Probe of a restricted project", &[&s.restricted]);
        let problem = assert_problem(create_as(&app, &w.other_head.access_token, &hidden).await, 422).await;
        assert_eq!(error_fields(&problem), ["project_ids[0]"], "a project they may not read does not exist for them");
        let mixed = output_body("Own and someone else's", &[&s.steppe, &s.joint]);
        assert_problem(create_as(&app, &w.other_head.access_token, &mixed).await, 403).await;
        let own = output_body("Steppe article", &[&s.steppe]);
        assert_eq!(create_as(&app, &w.other_head.access_token, &own).await.status(), 201);

        let token = World::partner_token(&app, &w.wuhan).await;
        assert_problem(create_as(&app, &token, &body).await, 403).await;
        let partner = app.sign_in(app.user(Role::Partner, Some(w.wuhan.clone()), UserStatus::Active)).await;
        assert_problem(create_as(&app, &partner.access_token, &body).await, 403).await;
        assert_problem(app.anonymous.post(app.url(COLLECTION)).json(&body).send().await.unwrap(), 401).await;
        let coordinator = app.session(Role::Coordinator).await;
        assert_eq!(create_as(&app, &coordinator.access_token, &hidden).await.status(), 201);
        let (_, total) = listed(&app, Some(&app.admin.access_token), "").await;
        assert_eq!(total, 4);
    }

    async fn a_change_needs_rights_on_every_project_before_and_after(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let w = &s.world;
        let funding = insert_funding(&app, &s.joint);
        let output = create_output(&app, &with(output_body("Joint article", &[&s.joint]), json!({"doi": DOI, "funding_ids": [funding]}))).await;
        let path = path_of(&output);
        let patch = |token: &str, version: i64, body: Value| {
            app.request_as(token, Method::PATCH, &path).header("If-Match", format!("\"{version}\"")).json(&body).send()
        };

        let changed = patch(&w.cn_head.access_token, 1, json!({"author_countries": ["RU", "kz"], "venue": null})).await.unwrap();
        assert_eq!(changed.status(), 200);
        assert_eq!(changed.headers()["etag"], "\"2\"");
        let changed: Value = changed.json().await.unwrap();
        assert_eq!(changed["author_countries"], json!(["KZ", "RU"]), "a list given replaces the whole list");
        assert_eq!(changed["ru_cn"], false);
        assert_eq!(changed["venue"], Value::Null);
        assert_eq!(changed["doi"], DOI, "untouched fields are kept");
        assert_eq!(changed["funding_ids"], json!([funding]));

        let to_steppe = json!({"project_ids": [id(&s.joint), id(&s.steppe)]});
        assert_problem(patch(&w.cn_head.access_token, 2, to_steppe.clone()).await.unwrap(), 403).await;
        assert_problem(patch(&w.other_head.access_token, 2, to_steppe.clone()).await.unwrap(), 403).await;
        let coordinator = app.session(Role::Coordinator).await;
        let both = patch(&coordinator.access_token, 2, to_steppe).await.unwrap();
        assert_eq!(both.status(), 200);
        assert_problem(patch(&w.ru_head.access_token, 3, json!({"year": 2023})).await.unwrap(), 403).await;
        assert_problem(patch(&w.other_head.access_token, 3, json!({"year": 2023})).await.unwrap(), 403).await;

        let handed = patch(&coordinator.access_token, 3, json!({"project_ids": [id(&s.steppe)], "funding_ids": null})).await.unwrap();
        assert_eq!(handed.status(), 200);
        let handed: Value = handed.json().await.unwrap();
        assert_eq!(handed["funding_ids"], json!([]), "null clears the list");
        assert_eq!(patch(&w.other_head.access_token, 4, json!({"year": 2023})).await.unwrap().status(), 200);
        let back = json!({"project_ids": [id(&s.steppe), id(&s.joint)]});
        assert_problem(patch(&w.other_head.access_token, 5, back).await.unwrap(), 403).await;
        assert_problem(patch(&w.ru_head.access_token, 5, json!({"year": 2021})).await.unwrap(), 403).await;

        let token = World::partner_token(&app, &w.outsider_institution).await;
        assert_problem(patch(&token, 5, json!({"year": 2021})).await.unwrap(), 403).await;
        let anonymous = app.anonymous.patch(app.url(&path)).header("If-Match", "\"5\"").json(&json!({"year": 2021})).send().await.unwrap();
        assert_problem(anonymous, 401).await;
        assert_problem(app.patch_json(&path, Some("\"4\""), &json!({"year": 2021})).await, 412).await;
        assert_problem(app.patch_json(&path, None, &json!({"year": 2021})).await, 428).await;
        for body in [json!({"colour": "red"}), json!({"title": null}), json!({"project_ids": []}), json!({"doi": "nonsense"}), json!({"funding_ids": [funding]})] {
            assert_problem(app.patch_json(&path, Some("\"5\""), &body).await, 422).await;
        }
        let cleared = app.patch_json(&path, Some("\"5\""), &json!({"doi": null})).await;
        let cleared: Value = cleared.json().await.unwrap();
        assert_eq!((&cleared["doi"], &cleared["doi_url"]), (&Value::Null, &Value::Null));

        let hidden = create_output(&app, &output_body("Restricted article", &[&s.restricted])).await;
        let probe = app.request_as(&w.other_head.access_token, Method::PATCH, &path_of(&hidden)).header("If-Match", "\"1\"").json(&json!({"year": 2021})).send().await.unwrap();
        assert_problem(probe, 404).await;

        let history: Value = app.get(&format!("{path}/history")).await.json().await.unwrap();
        let items = history["items"].as_array().unwrap();
        assert_eq!(items.len(), 6, "create and five updates");
        assert_eq!(items[0]["changes"]["doi"], json!({"before": DOI, "after": null}));
        assert_eq!(items[4]["changes"]["author_countries"], json!({"before": ["CN", "RU"], "after": ["KZ", "RU"]}));
        assert_eq!(items[4]["actor_id"], json!(w.cn_head.user.id));
    }

    async fn outputs_of_a_restricted_project_are_absent_for_everyone_outside_it(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let w = &s.world;
        let hidden_funding = insert_funding(&app, &s.restricted);
        let open_funding = insert_funding(&app, &s.public);
        let secret = create_output(&app, &with(output_body("Secret sepsis results", &[&s.restricted]), json!({"doi": DOI, "funding_ids": [hidden_funding]}))).await;
        let both_body = with(output_body("Shared inflammation results", &[&s.restricted, &s.public]), json!({"doi": "10.1016/j.biopha.2022.113000", "funding_ids": [hidden_funding, open_funding]}));
        let both = create_output(&app, &both_body).await;
        let open = create_output(&app, &output_body("Open atlas paper", &[&s.public])).await;
        let partners = create_output(&app, &output_body("Partners paper", &[&s.joint])).await;

        let outsider_token = World::partner_token(&app, &w.outsider_institution).await;
        let outsider_person = app.sign_in(app.user(Role::Partner, Some(w.outsider_institution.clone()), UserStatus::Active)).await;
        for token in [outsider_token.as_str(), w.other_head.access_token.as_str(), outsider_person.access_token.as_str()] {
            assert_problem(get_as(&app, Some(token), &path_of(&secret)).send().await.unwrap(), 404).await;
            assert_problem(get_as(&app, Some(token), &format!("{}/history", path_of(&secret))).send().await.unwrap(), 404).await;
            let through_public: Value = get_as(&app, Some(token), &path_of(&both)).send().await.unwrap().json().await.unwrap();
            assert_eq!(through_public["project_ids"], json!([id(&s.public)]), "the restricted project is not named");
            assert_eq!(through_public["funding_ids"], json!([open_funding]), "nor its funding");
            let history = get_as(&app, Some(token), &format!("{}/history", path_of(&both))).send().await.unwrap();
            assert_eq!(history.status(), 200, "the output is readable, so is its history");
            let history = history.text().await.unwrap();
            assert!(history.contains(&id(&s.public)), "{history}");
            assert!(!history.contains(&id(&s.restricted)) && !history.contains(hidden_funding.as_str()), "redacted: {history}");

            let restricted = id(&s.restricted);
            let probes = [
                format!("project_id={restricted}"),
                format!("doi={DOI}"),
                "doi=https%3A%2F%2Fdoi.org%2F10.1016%2FJ.BIOPHA.2021.111234".to_owned(),
                format!("funding_id={hidden_funding}"),
                "q=secret".to_owned(),
            ];
            for probe in probes {
                let (found, total) = listed(&app, Some(token), &probe).await;
                assert!(found.is_empty() && total == 0, "{probe}: {found:?} {total}");
            }
            let (all, total) = listed(&app, Some(token), "").await;
            assert_eq!(sorted(all), sorted(vec![id(&both), id(&open), id(&partners)]));
            assert_eq!(total, 3);
            let (ru_cn, total) = listed(&app, Some(token), "ru_cn=true").await;
            assert_eq!((ru_cn.len(), total), (3, 3), "the count excludes what may not be read");
            assert_problem(get_as(&app, Some(token), &outputs_of(&s.restricted)).send().await.unwrap(), 404).await;
            let (of_public, _) = listed_at(&app, Some(token), &outputs_of(&s.public), "").await;
            assert_eq!(sorted(of_public), sorted(vec![id(&both), id(&open)]));
            let csv = csv_at(&app, Some(token), COLLECTION).await;
            assert!(!csv.contains(&id(&secret)) && !csv.contains("Secret") && !csv.contains(&restricted), "{csv}");
            assert!(!csv.contains(&hidden_funding));
            assert_eq!(csv.lines().count(), 4, "a header and the three outputs it may read");
            assert_problem(get_as(&app, Some(token), &outputs_of(&s.restricted)).header("Accept", "text/csv").send().await.unwrap(), 404).await;
        }

        let wuhan_token = World::partner_token(&app, &w.wuhan).await;
        let read = get_as(&app, Some(&wuhan_token), &path_of(&secret)).send().await.unwrap();
        assert_eq!(read.status(), 200, "a participant's institution reads it");
        let (found, total) = listed(&app, Some(&wuhan_token), &format!("project_id={}", id(&s.restricted))).await;
        assert_eq!((sorted(found), total), (sorted(vec![id(&secret), id(&both)]), 2));
        let (found, _) = listed(&app, Some(&wuhan_token), "doi=doi%3A10.1016%2Fj.biopha.2021.111234").await;
        assert_eq!(found, vec![id(&secret)]);
        let (found, _) = listed_at(&app, Some(&wuhan_token), &outputs_of(&s.restricted), "").await;
        assert_eq!(sorted(found), sorted(vec![id(&secret), id(&both)]));
        let (_, total) = listed(&app, Some(&wuhan_token), "").await;
        assert_eq!(total, 4);
        assert!(csv_at(&app, Some(&wuhan_token), COLLECTION).await.contains(&id(&secret)));
        let full: Value = get_as(&app, Some(&wuhan_token), &path_of(&both)).send().await.unwrap().json().await.unwrap();
        assert_eq!(full["project_ids"], json!(sorted(vec![id(&s.restricted), id(&s.public)])));
        let history = get_as(&app, Some(&w.cn_head.access_token), &format!("{}/history", path_of(&both))).send().await.unwrap();
        assert_eq!(history.status(), 200, "who may read all of its projects reads its history");

        let (anonymous, total) = listed(&app, None, "").await;
        assert_eq!((sorted(anonymous), total), (sorted(vec![id(&both), id(&open)]), 2), "anonymous readers see public projects' outputs");
        assert_eq!(get_as(&app, None, &path_of(&open)).send().await.unwrap().status(), 200);
        let shared: Value = get_as(&app, None, &path_of(&both)).send().await.unwrap().json().await.unwrap();
        assert_eq!(shared["project_ids"], json!([id(&s.public)]), "readable through the public project alone");
        assert_problem(get_as(&app, None, &format!("{}/history", path_of(&open))).send().await.unwrap(), 401).await;
        assert_problem(get_as(&app, None, &path_of(&partners)).send().await.unwrap(), 404).await;
        assert_problem(get_as(&app, None, &path_of(&secret)).send().await.unwrap(), 404).await;
        assert_problem(get_as(&app, None, &outputs_of(&s.joint)).send().await.unwrap(), 404).await;
        assert_problem(get_as(&app, Some("not-a-token"), COLLECTION).send().await.unwrap(), 401).await;
    }

    async fn ru_cn_counts_exactly_the_outputs_co_authored_from_russia_and_china(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let cases: [(&str, Value, i32); 6] = [
            ("Both", json!(["RU", "CN"]), 2019),
            ("Both and Kazakhstan", json!(["kz", "cn", "ru"]), 2021),
            ("Both, repeated", json!(["CN", "RU", "CN"]), 2023),
            ("China alone", json!(["CN"]), 2021),
            ("Russia and Kazakhstan", json!(["RU", "KZ"]), 2021),
            ("Germany and China", json!(["DE", "CN"]), 2022),
        ];
        for (title, countries, year) in cases {
            create_output(&app, &with(output_body(title, &[&s.joint]), json!({"author_countries": countries, "year": year}))).await;
        }
        let total = |query: &'static str| {
            let app = &app;
            async move { listed(app, Some(&app.admin.access_token), query).await.1 }
        };
        assert_eq!(total("ru_cn=true").await, 3);
        assert_eq!(total("ru_cn=false").await, 3);
        assert_eq!(total("").await, 6);
        assert_eq!(total("ru_cn=true&year_from=2020").await, 2);
        assert_eq!(total("ru_cn=true&year_from=2020&year_to=2022").await, 1);
        assert_eq!(total("ru_cn=false&year_to=2021").await, 2);
        assert_eq!(total("year_from=2021&year_to=2021").await, 3);
        assert_eq!(total("year_from=2024").await, 0);
    }

    async fn lists_filter_search_sort_and_page(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let funding = insert_funding(&app, &s.joint);
        let article = create_output(&app, &with(output_body("Alpha: inflammation markers", &[&s.joint]), json!({"doi": DOI, "year": 2021, "funding_ids": [funding]}))).await;
        let patent = create_output(&app, &with(output_body("Бета: способ лечения сепсиса", &[&s.public]), json!({"kind": "patent", "year": 2023, "author_countries": ["RU"]}))).await;
        let dataset = create_output(&app, &with(output_body("伽马 炎症数据集", &[&s.joint, &s.public]), json!({"kind": "dataset", "year": 2022}))).await;
        let ids = |list: &[&Value]| list.iter().map(|o| id(o)).collect::<Vec<_>>();
        let expect = |query: String, expected: Vec<String>| {
            let app = &app;
            async move {
                let (found, total) = listed(app, Some(&app.admin.access_token), &query).await;
                assert_eq!(found, expected, "{query}");
                assert_eq!(total as usize, expected.len(), "{query}");
            }
        };

        expect(String::new(), ids(&[&patent, &dataset, &article])).await;
        expect("sort=-year".into(), ids(&[&patent, &dataset, &article])).await;
        expect("sort=year".into(), ids(&[&article, &dataset, &patent])).await;
        expect("sort=title".into(), ids(&[&article, &patent, &dataset])).await;
        expect("sort=-title".into(), ids(&[&dataset, &patent, &article])).await;
        expect("sort=created".into(), ids(&[&article, &patent, &dataset])).await;
        expect("sort=-created".into(), ids(&[&dataset, &patent, &article])).await;
        expect("kind=patent".into(), ids(&[&patent])).await;
        expect("kind=report".into(), vec![]).await;
        expect("year_from=2022".into(), ids(&[&patent, &dataset])).await;
        expect("year_to=2022".into(), ids(&[&dataset, &article])).await;
        expect("year_from=2022&year_to=2022".into(), ids(&[&dataset])).await;
        expect(format!("project_id={}", id(&s.joint)), ids(&[&dataset, &article])).await;
        expect(format!("project_id={}", id(&s.steppe)), vec![]).await;
        expect(format!("funding_id={funding}"), ids(&[&article])).await;
        expect(format!("doi={DOI}"), ids(&[&article])).await;
        expect("doi=HTTPS%3A%2F%2FDX.DOI.ORG%2F10.1016%2Fj.BIOPHA.2021.111234".into(), ids(&[&article])).await;
        expect("doi=10.1016%2Fj.biopha.2021.11123".into(), vec![], ).await;
        expect("ru_cn=false".into(), ids(&[&patent])).await;
        expect("q=INFLAMMATION".into(), ids(&[&article])).await;
        expect("q=%D0%A1%D0%95%D0%9F%D0%A1%D0%98%D0%A1".into(), ids(&[&patent])).await; // СЕПСИС
        expect("q=%E7%82%8E%E7%97%87".into(), ids(&[&dataset])).await; // 炎症
        expect("q=100%25".into(), vec![]).await;
        let (of_public, _) = listed_at(&app, Some(&app.admin.access_token), &outputs_of(&s.public), "").await;
        assert_eq!(of_public, ids(&[&patent, &dataset]));
        let (narrowed, _) = listed_at(&app, Some(&app.admin.access_token), &outputs_of(&s.public), &format!("project_id={}", id(&s.joint))).await;
        assert_eq!(narrowed, ids(&[&dataset]), "outputs of both projects");
        assert_problem(app.get(&format!("/api/v1/projects/{}/outputs", uuid::Uuid::now_v7())).await, 404).await;

        for sort in ["-year", "year", "title", "-title", "created", "-created"] {
            let mut seen = Vec::new();
            let mut next = Some(format!("{COLLECTION}?sort={sort}&limit=2"));
            while let Some(url) = next {
                let response = app.get(&url).await;
                assert_eq!(response.status(), 200, "{url}");
                let link = response.headers().get("link").map(|l| l.to_str().unwrap().to_owned());
                let page: Value = response.json().await.unwrap();
                assert_eq!(page["total"], 3);
                seen.extend(page["items"].as_array().unwrap().iter().map(id));
                next = page["next"].as_str().map(str::to_owned);
                assert_eq!(link.is_some(), next.is_some(), "{url}");
            }
            let (whole, _) = listed(&app, Some(&app.admin.access_token), &format!("sort={sort}")).await;
            assert_eq!(seen, whole, "paging through {sort} visits every output once, in order");
        }
        let first: Value = app.get(&format!("{}?limit=1&year_from=2020", outputs_of(&s.public))).await.json().await.unwrap();
        assert_eq!(first["items"][0]["id"], patent["id"]);
        let next = first["next"].as_str().unwrap();
        assert!(next.starts_with(&format!("{}?", outputs_of(&s.public))) && next.contains("year_from=2020"), "{next}");
        let second: Value = app.get(next).await.json().await.unwrap();
        assert_eq!(second["items"][0]["id"], dataset["id"]);
        assert_eq!(second["next"], Value::Null);

        let cursor = first["next_cursor"].as_str().unwrap();
        assert_problem(app.get(&format!("{COLLECTION}?sort=title&cursor={cursor}")).await, 422).await;
        let forged = |cursor: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(cursor.to_string());
        let bad_cursors = [
            forged(json!({"sort": "-year", "key": "last year", "id": id(&article)})),
            forged(json!({"sort": "-year", "id": id(&article)})),
            forged(json!({"sort": "-year", "key": "2022", "id": "nope"})),
            forged(json!({"sort": "title", "id": id(&article)})),
            "bm90LWpzb24".to_owned(), // "not-json"
        ];
        for (index, cursor) in bad_cursors.iter().enumerate() {
            let sort = if index == 3 { "title" } else { "-year" };
            let problem = assert_problem(app.get(&format!("{COLLECTION}?sort={sort}&cursor={cursor}")).await, 422).await;
            assert_eq!(error_fields(&problem), ["cursor"], "{cursor}");
        }
        let good = forged(json!({"sort": "-year", "key": "2022", "id": id(&dataset)}));
        let (after, _) = listed(&app, Some(&app.admin.access_token), &format!("cursor={good}")).await;
        assert_eq!(after, ids(&[&article]));
        for bad in ["limit=0", "limit=101", "kind=poem", "year_from=1800", "year_to=abc", "year_from=2023&year_to=2021", "project_id=nope", "funding_id=nope", "doi=nonsense", "ru_cn=maybe", "sort=size", "colour=red"] {
            assert_problem(app.get(&format!("{COLLECTION}?{bad}")).await, 422).await;
        }
    }

    async fn csv_exports_every_match_with_a_bom_a_header_and_defused_formulas(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let funding = insert_funding(&app, &s.joint);
        create_output(&app, &with(output_body("=HYPERLINK(\"http://evil.example\")", &[&s.joint]), json!({"year": 2021, "venue": "-2+3", "funding_ids": [funding]}))).await;
        create_output(&app, &with(output_body("炎症的系统病理学：数据集", &[&s.joint, &s.public]), json!({"kind": "dataset", "doi": DOI}))).await;
        create_output(&app, &with(output_body("Other project's report", &[&s.steppe]), json!({"kind": "report"}))).await;

        let csv = csv_at(&app, Some(&app.admin.access_token), &format!("{COLLECTION}?sort=year")).await;
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "id,kind,title,doi,year,venue,url,author_countries,ru_cn,project_ids,project_titles,funding_ids,version,created_at,updated_at");
        assert_eq!(lines.len(), 4);
        assert!(lines[1].contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"") && lines[1].contains(",'-2+3,"), "{}", lines[1]);
        assert!(lines[1].contains(&funding) && lines[1].contains("CN; RU,true"), "{}", lines[1]);
        assert!(lines[2].contains("炎症的系统病理学：数据集") && lines[2].contains(DOI), "{}", lines[2]);
        let mut both = [id(&s.joint), id(&s.public)];
        both.sort();
        assert!(lines[2].contains(&both.join("; ")), "{}", lines[2]);

        let filtered = csv_at(&app, Some(&app.admin.access_token), &format!("{COLLECTION}?kind=report")).await;
        assert_eq!(filtered.lines().count(), 2);
        let of_project = csv_at(&app, Some(&app.admin.access_token), &outputs_of(&s.public)).await;
        assert_eq!(of_project.lines().count(), 2, "{of_project}");
        let anonymous = csv_at(&app, None, COLLECTION).await;
        assert_eq!(anonymous.lines().count(), 2, "anonymous readers export public projects' outputs: {anonymous}");
    }

    async fn a_list_page_costs_the_same_number_of_queries_whatever_its_size(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let funding = insert_funding(&app, &s.joint);
        for n in 0..12 {
            let body = with(output_body(&format!("Output {n:02}"), &[&s.joint, &s.public]), json!({"funding_ids": [funding]}));
            create_output(&app, &body).await;
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
            let scope = ReadScope::Member { institution_id: Some(s.world.outsider_institution.clone()), user_id: None };
            let (views, total) = page_of_outputs(&mut conn, &scope, &ListFilter::default(), OutputSort::YearDescending, None, limit).unwrap();
            assert_eq!(total, 12);
            assert_eq!(views.len(), (limit as usize + 1).min(12));
            assert!(views.iter().all(|v| v.project_ids.len() == 2 && v.funding_ids == [funding.clone()]));
            counter.load(Ordering::SeqCst)
        };
        let small = queries(1);
        let large = queries(100);
        assert_eq!(small, large, "queries for a page of 2 and a page of 12");
        assert_eq!(large, 4, "count, page, project ids, funding ids");
    }

    async fn a_retried_create_with_the_same_key_makes_one_output(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let body = with(output_body("Retried article", &[&s.joint]), json!({"doi": DOI}));
        let send = || app.client.post(app.url(COLLECTION)).header("Idempotency-Key", "output-retried-1").json(&body).send();
        let first = send().await.unwrap();
        assert_eq!(first.status(), 201);
        let first: Value = first.json().await.unwrap();
        let again = send().await.unwrap();
        assert_eq!(again.status(), 201, "the first answer again, not a DOI conflict");
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        let again: Value = again.json().await.unwrap();
        assert_eq!(first["id"], again["id"]);
        let other_body = with(body.clone(), json!({"title": "Another body"}));
        let reused = app.client.post(app.url(COLLECTION)).header("Idempotency-Key", "output-retried-1").json(&other_body).send().await.unwrap();
        assert_problem(reused, 422).await;
        let (_, total) = listed(&app, Some(&app.admin.access_token), "").await;
        assert_eq!(total, 1);
    }

    async fn only_administrators_delete_an_output_and_its_history_stays(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let w = &s.world;
        let funding = insert_funding(&app, &s.joint);
        let output = create_output(&app, &with(output_body("Deletable article", &[&s.joint]), json!({"funding_ids": [funding]}))).await;
        let hidden = create_output(&app, &output_body("Restricted article", &[&s.restricted])).await;
        let path = path_of(&output);
        let delete_as = |token: &str, path: &str| app.request_as(token, Method::DELETE, path).send();

        assert_problem(delete_as(&w.ru_head.access_token, &path).await.unwrap(), 403).await;
        let coordinator = app.session(Role::Coordinator).await;
        assert_problem(delete_as(&coordinator.access_token, &path).await.unwrap(), 403).await;
        let token = World::partner_token(&app, &w.wuhan).await;
        assert_problem(delete_as(&token, &path).await.unwrap(), 403).await;
        assert_problem(delete_as(&w.other_head.access_token, &path_of(&hidden)).await.unwrap(), 404).await;
        assert_problem(app.anonymous.delete(app.url(&path)).send().await.unwrap(), 401).await;
        let stale = app.client.delete(app.url(&path)).header("If-Match", "\"2\"").send().await.unwrap();
        assert_problem(stale, 412).await;

        let deleted = app.client.delete(app.url(&path)).header("If-Match", "\"1\"").send().await.unwrap();
        assert_eq!(deleted.status(), 204);
        assert_problem(app.get(&path).await, 404).await;
        assert_problem(app.client.delete(app.url(&path)).send().await.unwrap(), 404).await;
        let history: Value = app.get(&format!("{path}/history")).await.json().await.unwrap();
        let actions: Vec<&str> = history["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["delete", "create"], "staff still read a deleted output's history");
        assert_eq!(history["items"][0]["changes"]["funding_ids"], json!({"before": [funding], "after": null}));
        let gone = app.request_as(&w.ru_head.access_token, Method::GET, &format!("{path}/history")).send().await.unwrap();
        assert_problem(gone, 404).await;
        let (_, total) = listed(&app, Some(&app.admin.access_token), "").await;
        assert_eq!(total, 1);

        let unreferenced = app.client.delete(app.url(&format!("/api/v1/projects/{}", id(&s.steppe)))).send().await.unwrap();
        assert_eq!(unreferenced.status(), 204);
        let referenced = app.client.delete(app.url(&format!("/api/v1/projects/{}", id(&s.restricted)))).send().await.unwrap();
        let problem = assert_problem(referenced, 409).await;
        assert_eq!(error_fields(&problem), ["outputs"], "a project keeps its outputs");
    }
}
