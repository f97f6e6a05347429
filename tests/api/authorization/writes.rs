//! The write half of the authorization matrix: every signed-in write operation of the OpenAPI
//! document × a partner token, the head of an unrelated laboratory, a coordinator and an
//! administrator → refused (403) or let through to the operation itself (any answer but 401/403).
//! The objects are real (an institution, a funder, a centre, labs, a mirror link, a project with
//! its funding and output, an account, a partner token), so a refusal is the policy's, not a 404.
//! The test fails when an operation has no row. Anonymous callers are `access.rs`'s.

use reqwest::Method;
use serde_json::{Value, json};

use super::cooperation::post;
use crate::both_backends;
use crate::helpers::TestApp;
use crate::helpers::world::World;
use crate::labs::insert_centre;
use crate::openapi::request_example;
use crate::projects::{create, project_body};

/// What each caller gets: `D` refused with 403; `U` 401, a credential this operation does not take
/// (a partner token where a person must act); `A` let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    D,
    U,
    A,
}
use Expect::{A, D, U};

/// (method, path as documented, [partner token, unrelated lab head, coordinator, administrator]).
const MATRIX: &[(&str, &str, [Expect; 4])] = &[
    ("POST", "/api/v1/institutions", [D, D, A, A]),
    ("PATCH", "/api/v1/institutions/{id}", [D, D, A, A]),
    ("DELETE", "/api/v1/institutions/{id}", [D, D, D, A]),
    ("POST", "/api/v1/institutions/{id}/partner-tokens", [D, D, D, A]),
    ("DELETE", "/api/v1/partner-tokens/{id}", [D, D, D, A]),
    ("POST", "/api/v1/funders", [D, D, A, A]),
    ("PATCH", "/api/v1/funders/{id}", [D, D, A, A]),
    ("DELETE", "/api/v1/funders/{id}", [D, D, D, A]),
    ("POST", "/api/v1/centres", [D, D, A, A]),
    ("PATCH", "/api/v1/centres/{id}", [D, D, A, A]),
    ("DELETE", "/api/v1/centres/{id}", [D, D, D, A]),
    ("POST", "/api/v1/labs", [D, D, A, A]),
    ("PATCH", "/api/v1/labs/{id}", [D, D, A, A]),
    ("POST", "/api/v1/labs/{id}/status", [D, D, A, A]),
    ("DELETE", "/api/v1/labs/{id}", [D, D, D, A]),
    ("POST", "/api/v1/mirror-links", [D, D, A, A]),
    ("PATCH", "/api/v1/mirror-links/{id}", [D, D, A, A]),
    ("POST", "/api/v1/projects", [D, D, A, A]),
    ("PATCH", "/api/v1/projects/{id}", [D, D, A, A]),
    ("DELETE", "/api/v1/projects/{id}", [D, D, D, A]),
    ("POST", "/api/v1/funding", [D, D, A, A]),
    ("PATCH", "/api/v1/funding/{id}", [D, D, A, A]),
    ("DELETE", "/api/v1/funding/{id}", [D, D, D, A]),
    ("POST", "/api/v1/outputs", [D, D, A, A]),
    ("PATCH", "/api/v1/outputs/{id}", [D, D, A, A]),
    ("DELETE", "/api/v1/outputs/{id}", [D, D, D, A]),
    ("POST", "/api/v1/funding-gaps/{key}/reviews", [D, D, A, A]),
    ("POST", "/api/v1/imports", [D, D, A, A]),
    ("POST", "/api/v1/fx-rates/imports", [D, D, D, A]),
    ("POST", "/api/v1/invitations", [D, D, A, A]),
    ("PATCH", "/api/v1/users/{id}", [D, D, D, A]),
    ("POST", "/api/v1/me/password", [U, A, A, A]),
    // Last of all (deletes run last, in this order): it ends the callers' own sessions.
    ("DELETE", "/api/v1/me/sessions", [U, A, A, A]),
];

/// The real objects the paths and bodies name.
struct Objects {
    world: World,
    project: Value,
    funding: String,
    output: String,
    centre: String,
    link: String,
    partner_token_id: String,
}

/// Every write leaves a row in the audit history.
fn history_rows(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    jointreg::db::schema::history::table.count().get_result(&mut app.database.connect()).unwrap()
}

async fn objects(app: &TestApp) -> Objects {
    let world = World::build(app).await;
    let project = create(app, &project_body(&world, "Matrix project")).await;
    let funding = post(app, "/api/v1/funding", &json!({"project_id": project["id"], "funder_id": "01a21f73-9c00-7000-8000-000000000002", "starts_on": "2024-01-01", "ends_on": "2026-12-31", "status": "active", "lab_id": world.ru_lab})).await;
    let output = post(app, "/api/v1/outputs", &crate::outputs::output_body("Matrix article", &[&project])).await;
    let centre = insert_centre(app, "Matrix Centre");
    let link = post(
        app,
        "/api/v1/mirror-links",
        &json!({"lab_a_id": world.ru_lab, "lab_b_id": world.cn_lab, "kind": "mirror", "starts_on": "2020-09-01"}),
    )
    .await;
    let token =
        post(app, &format!("/api/v1/institutions/{}/partner-tokens", world.wuhan), &json!({"name": "matrix"})).await;
    Objects {
        funding: funding["id"].as_str().unwrap().to_owned(),
        output: output["id"].as_str().unwrap().to_owned(),
        link: link["id"].as_str().unwrap().to_owned(),
        partner_token_id: token["id"].as_str().unwrap().to_owned(),
        centre,
        project,
        world,
    }
}

/// The concrete path and a body for one row: the documented example, pointed at real objects.
fn request(objects: &Objects, document: &Value, method: &str, path: &str) -> (String, Value) {
    let world = &objects.world;
    let project = objects.project["id"].as_str().unwrap();
    let id = match path {
        p if p.starts_with("/api/v1/institutions/") => world.outsider_institution.clone(),
        p if p.starts_with("/api/v1/partner-tokens/") => objects.partner_token_id.clone(),
        p if p.starts_with("/api/v1/funders/") => "01a21f73-9c00-7000-8000-000000000001".to_owned(),
        p if p.starts_with("/api/v1/centres/") => objects.centre.clone(),
        p if p.starts_with("/api/v1/labs/") => world.ru_lab.clone(),
        p if p.starts_with("/api/v1/mirror-links/") => objects.link.clone(),
        p if p.starts_with("/api/v1/projects/") => project.to_owned(),
        p if p.starts_with("/api/v1/funding/") => objects.funding.clone(),
        p if p.starts_with("/api/v1/outputs/") => objects.output.clone(),
        p if p.starts_with("/api/v1/users/") => world.ru_head.user.id.clone(),
        _ => String::new(),
    };
    let concrete = path.replace("{id}", &id).replace("{key}", &format!("gap:{project}:2027-01-01"));
    let operation = &document["paths"][path][method.to_lowercase()];
    let mut body = request_example(document, operation);
    match (method, path) {
        ("POST", "/api/v1/projects") => body = project_body(world, "Another matrix project"),
        ("POST", "/api/v1/funding") => {
            body = json!({"project_id": project, "funder_id": "01a21f73-9c00-7000-8000-000000000001", "starts_on": "2024-01-01", "ends_on": "2027-12-31", "status": "active", "lab_id": world.cn_lab})
        }
        ("POST", "/api/v1/outputs") => {
            body = crate::outputs::output_body("Another matrix article", &[&objects.project])
        }
        ("POST", "/api/v1/labs") => body["institution_id"] = json!(world.susu),
        _ => {}
    }
    (concrete, body)
}

both_backends! {
    async fn every_write_operation_refuses_exactly_the_callers_its_policy_names(backend) {
        let app = TestApp::spawn(backend).await;
        let objects = objects(&app).await;
        let document: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
        let partner = World::partner_token(&app, &objects.world.wuhan).await;
        let coordinator = app.session(jointreg::domain::role::Role::Coordinator).await;
        let callers = [partner, objects.world.other_head.access_token.clone(), coordinator.access_token, app.admin.access_token.clone()];
        let names = ["partner token", "unrelated lab head", "coordinator", "administrator"];

        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let method = method.to_uppercase();
                let writes = matches!(method.as_str(), "POST" | "PATCH" | "PUT" | "DELETE");
                if writes && operation.get("security").is_some() {
                    assert!(MATRIX.iter().any(|(m, p, _)| *m == method && p == path), "{method} {path} has no row in the matrix");
                }
            }
        }
        // Deletes last, so every other row still finds its objects.
        let (deletes, others): (Vec<_>, Vec<_>) = MATRIX.iter().partition(|(method, _, _)| *method == "DELETE");
        for (method, path, expected) in others.into_iter().chain(deletes) {
            assert!(document["paths"][path][method.to_lowercase()].is_object(), "{method} {path} is not in the document");
            let (concrete, body) = request(&objects, &document, method, path);
            // Refusals first (they change nothing), the administrator's attempt last.
            for (caller, (token, expect)) in callers.iter().zip(expected).enumerate() {
                let mut request = app.request_as(token, Method::from_bytes(method.as_bytes()).unwrap(), &concrete).header("If-Match", "\"1\"");
                if !body.is_null() {
                    request = request.json(&body);
                }
                let before = history_rows(&app);
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let text = response.text().await.unwrap();
                match expect {
                    D => assert_eq!(status, 403, "{method} {path} as {}: {text}", names[caller]),
                    U => assert_eq!(status, 401, "{method} {path} as {}: {text}", names[caller]),
                    A => assert!(status != 401 && status != 403, "{method} {path} as {}: {status} {text}", names[caller]),
                }
                if expect != A {
                    assert_eq!(history_rows(&app), before, "{method} {path} as {}: refused, and nothing written", names[caller]);
                }
            }
        }
    }
}
