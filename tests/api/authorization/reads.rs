//! The read half of the authorization matrix, by status: every GET operation of the OpenAPI
//! document × eight callers → 200, 401, 403, or, for what has a visibility, 200 when the policy
//! table (`cooperation::PROJECTS`) lets the caller read the object and 404 when not — run on
//! every object of the table. The test fails when an operation has no row. What lists, counts,
//! exports, findings and stats contain is `visibility.rs`'s.

use serde_json::Value;

use super::cooperation::{CALLERS, Cooperation, PROJECTS};
use jointreg::config::Secret;

use crate::access::METRICS_TOKEN;
use crate::both_backends;
use crate::helpers::TestApp;

/// `O` 200; `U` 401; `D` 403; `N` 404, let through to find nothing (no rate on record); `V` 200 or 404 by the project's `reads`; `F` 200 or 404 by its
/// `findings`; `X` an export of the project, as `V` but 422 where the project, though readable,
/// cannot be written in the format (the export's own tests cover which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    O,
    U,
    D,
    N,
    V,
    F,
    X,
}
use Expect::{D, F, N, O, U, V, X};

/// (path as documented, one cell per caller of `CALLERS`).
const MATRIX: &[(&str, [Expect; 8])] = &[
    ("/health/live", [O, O, O, O, O, O, O, O]),
    ("/health/ready", [O, O, O, O, O, O, O, O]),
    ("/api/v1/openapi.json", [O, O, O, O, O, O, O, O]),
    // OAI-PMH: public records for everyone (a request without a verb is a badVerb, answered 200).
    ("/oai", [O, O, O, O, O, O, O, O]),
    // Only the operators' metrics token opens it: no account or partner token does.
    ("/metrics", [U, U, U, U, U, U, U, U]),
    ("/api/v1/subject-areas", [O, O, O, O, O, O, O, O]),
    ("/api/v1/institutions", [U, O, O, O, O, O, O, O]),
    ("/api/v1/institutions/{id}", [U, O, O, O, O, O, O, O]),
    ("/api/v1/institutions/{id}/history", [U, O, O, O, O, O, O, O]),
    ("/api/v1/institutions/{id}/partner-tokens", [U, D, D, D, D, D, D, O]),
    ("/api/v1/funders", [U, O, O, O, O, O, O, O]),
    ("/api/v1/funders/{id}", [U, O, O, O, O, O, O, O]),
    ("/api/v1/funders/{id}/history", [U, O, O, O, O, O, O, O]),
    ("/api/v1/centres", [U, O, O, O, O, O, O, O]),
    ("/api/v1/centres/{id}", [U, O, O, O, O, O, O, O]),
    ("/api/v1/centres/{id}/history", [U, O, O, O, O, O, O, O]),
    ("/api/v1/centres/{id}/timeline", [U, O, O, O, O, O, O, O]),
    ("/api/v1/centres/{id}/coverage", [U, O, O, O, O, O, O, O]),
    ("/api/v1/labs", [U, O, O, O, O, O, O, O]),
    ("/api/v1/labs/{id}", [U, O, O, O, O, O, O, O]),
    ("/api/v1/labs/{id}/history", [U, O, O, O, O, O, O, O]),
    ("/api/v1/labs/{id}/coverage", [U, O, O, O, O, O, O, O]),
    ("/api/v1/mirror-links", [U, O, O, O, O, O, O, O]),
    ("/api/v1/mirror-links/{id}", [U, O, O, O, O, O, O, O]),
    ("/api/v1/mirror-links/{id}/history", [U, O, O, O, O, O, O, O]),
    ("/api/v1/projects", [O, O, O, O, O, O, O, O]),
    ("/api/v1/changes", [O, O, O, O, O, O, O, O]),
    ("/api/v1/projects/{id}", [V, V, V, V, V, V, V, V]),
    ("/api/v1/projects/{id}/history", [U, V, V, V, V, V, V, V]),
    ("/api/v1/projects/{id}/funding", [V, V, V, V, V, V, V, V]),
    ("/api/v1/projects/{id}/outputs", [V, V, V, V, V, V, V, V]),
    ("/api/v1/projects/{id}/coverage", [V, V, V, V, V, V, V, V]),
    ("/api/v1/projects/{id}/raid", [X, X, X, X, X, X, X, X]),
    ("/api/v1/funding", [O, O, O, O, O, O, O, O]),
    ("/api/v1/funding/{id}", [V, V, V, V, V, V, V, V]),
    ("/api/v1/funding/{id}/history", [U, V, V, V, V, V, V, V]),
    ("/api/v1/outputs", [O, O, O, O, O, O, O, O]),
    ("/api/v1/outputs/{id}", [V, V, V, V, V, V, V, V]),
    ("/api/v1/outputs/{id}/history", [U, V, V, V, V, V, V, V]),
    ("/api/v1/funding-gaps", [U, O, O, O, O, O, O, O]),
    ("/api/v1/funding-gaps/{key}/reviews", [U, F, F, F, F, F, F, F]),
    ("/api/v1/stats", [O, O, O, O, O, O, O, O]),
    // Reference data for every signed-in caller; the world has no rates, so the lookup finds none.
    ("/api/v1/fx-rates", [U, N, N, N, N, N, N, N]),
    ("/api/v1/fx-rates/published", [U, O, O, O, O, O, O, O]),
    ("/api/v1/me", [U, U, O, O, O, U, O, O]),
    ("/api/v1/users", [U, D, D, D, D, D, O, O]),
    ("/api/v1/users/{id}", [U, D, D, D, D, D, O, O]),
    ("/api/v1/users/{id}/history", [U, D, D, D, D, D, O, O]),
];

/// The concrete paths of one row, each with who may read its object (`None`: no visibility of
/// its own, the row's cells say it all).
fn objects(cooperation: &Cooperation, path: &str) -> Vec<(String, Option<[bool; 8]>)> {
    let world = &cooperation.world;
    let project_scoped = |id_of: &dyn Fn(usize) -> String, findings: bool| {
        PROJECTS
            .iter()
            .enumerate()
            .map(|(i, row)| (path.replace("{id}", &id_of(i)), Some(if findings { row.findings } else { row.reads })))
            .collect::<Vec<_>>()
    };
    let projects = &cooperation.projects;
    let fixed = |id: &str| vec![(path.replace("{id}", id), None)];
    match path {
        p if p.starts_with("/api/v1/projects/") => project_scoped(&|i| projects[i].id.clone(), false),
        p if p.starts_with("/api/v1/funding/") => project_scoped(&|i| projects[i].funding.clone(), false),
        p if p.starts_with("/api/v1/outputs/") => {
            let mut all = project_scoped(&|i| projects[i].output.clone(), false);
            // Its history too: what in it names a project the caller may not read is redacted.
            let shared = std::array::from_fn(|caller| cooperation.reads_shared_output(caller));
            all.push((path.replace("{id}", &cooperation.shared_output), Some(shared)));
            all
        }
        p if p.starts_with("/api/v1/funding-gaps/") => PROJECTS
            .iter()
            .zip(projects)
            .map(|(row, built)| (path.replace("{key}", &built.gap), Some(row.findings)))
            .collect(),
        p if p.starts_with("/api/v1/institutions/") => fixed(&world.wuhan),
        p if p.starts_with("/api/v1/funders/") => fixed("01a21f73-9c00-7000-8000-000000000002"),
        p if p.starts_with("/api/v1/centres/") => fixed(&cooperation.centre),
        p if p.starts_with("/api/v1/labs/") => fixed(&world.ru_lab),
        p if p.starts_with("/api/v1/mirror-links/") => fixed(&cooperation.link),
        p if p.starts_with("/api/v1/users/") => fixed(&world.ru_head.user.id),
        "/api/v1/fx-rates" => vec![(format!("{path}?base=CNY&quote=RUB&on=2024-03-04"), None)],
        "/api/v1/fx-rates/published" => {
            vec![(format!("{path}?base=CNY&quote=RUB&from=2024-03-01&to=2024-03-31"), None)]
        }
        _ => fixed(""),
    }
}

both_backends! {
    async fn every_read_operation_answers_each_caller_as_the_policy_says(backend) {
        let app = TestApp::spawn_with(backend, |s| s.metrics.token = Some(Secret(METRICS_TOKEN.as_bytes().to_vec()))).await;
        let cooperation = Cooperation::build(&app).await;
        let document: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
        for (path, item) in document["paths"].as_object().unwrap() {
            if item.get("get").is_some() {
                assert!(MATRIX.iter().any(|(p, _)| p == path), "GET {path} has no row in the matrix");
            }
        }
        let mut checked = 0;
        for (path, cells) in MATRIX {
            assert!(document["paths"][path]["get"].is_object(), "GET {path} is not in the document");
            for (concrete, reads) in objects(&cooperation, path) {
                for (caller, cell) in cells.iter().enumerate() {
                    let expected: &[u16] = match (cell, reads) {
                        (O, _) => &[200],
                        (U, _) => &[401],
                        (D, _) => &[403],
                        (N, _) => &[404],
                        (V | F, Some(reads)) => if reads[caller] { &[200] } else { &[404] },
                        (X, Some(reads)) => if reads[caller] { &[200, 422] } else { &[404] },
                        (V | F | X, None) => panic!("GET {path}: no visibility for its objects"),
                    };
                    // OAI-PMH speaks XML only.
                    let accept = if *path == "/oai" { "text/xml" } else { "application/json" };
                    let response = cooperation.get(&app, caller, &concrete, accept).await;
                    let status = response.status().as_u16();
                    let text = response.text().await.unwrap();
                    assert!(expected.contains(&status), "GET {concrete} as {}: {status}, not {expected:?}: {text}", CALLERS[caller]);
                    checked += 1;
                }
            }
        }
        assert!(checked > 500, "{checked} requests");
    }
}
