//! The read half of the authorization matrix, by content: for each of eight callers, the ids that
//! lists, their counts, CSV exports, search, findings, coverage and stats return are exactly the
//! set the policy table (`cooperation.rs`) lets that caller see — not just the status.

use std::collections::BTreeSet;

use serde_json::Value;

use super::cooperation::{ANONYMOUS, CALLERS, CENTRE_FINDINGS, Cooperation, LAB_FINDINGS, Lab, PROJECTS};
use crate::both_backends;
use crate::helpers::TestApp;

type Ids = BTreeSet<String>;

fn ids<'a>(values: impl IntoIterator<Item = &'a str>) -> Ids {
    values.into_iter().map(str::to_owned).collect()
}

/// One JSON page of everything (the cooperation is far smaller than a page); its `total` must
/// count exactly its items.
async fn page(cooperation: &Cooperation, app: &TestApp, caller: usize, path: &str) -> Vec<Value> {
    let response = cooperation.get(app, caller, path, "application/json").await;
    assert_eq!(response.status(), 200, "GET {path} as {}", CALLERS[caller]);
    let page: Value = response.json().await.unwrap();
    let items = page["items"].as_array().unwrap().clone();
    assert_eq!(page["total"], items.len(), "GET {path} as {}: total", CALLERS[caller]);
    items
}

fn field(items: &[Value], name: &str) -> Ids {
    items.iter().filter_map(|item| item[name].as_str()).map(str::to_owned).collect()
}

/// The values of `column` in the CSV export of `path`.
async fn export(cooperation: &Cooperation, app: &TestApp, caller: usize, path: &str, column: &str) -> Ids {
    let response = cooperation.get(app, caller, path, "text/csv").await;
    assert_eq!(response.status(), 200, "CSV of {path} as {}", CALLERS[caller]);
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let index = reader.headers().unwrap().iter().position(|h| h == column).unwrap();
    reader.records().map(|record| record.unwrap()[index].to_owned()).collect()
}

/// What replaying the change feed gives `caller`: the ids of each kind that end up present.
async fn replayed(cooperation: &Cooperation, app: &TestApp, caller: usize) -> std::collections::BTreeMap<String, Ids> {
    let mut present: std::collections::BTreeMap<String, Ids> = Default::default();
    let mut after = String::new();
    loop {
        let path = format!("/api/v1/changes?types=project,funding,output&limit=1000&after={after}");
        let response = cooperation.get(app, caller, &path, "application/json").await;
        assert_eq!(response.status(), 200, "GET {path} as {}", CALLERS[caller]);
        let page: Value = response.json().await.unwrap();
        for change in page["items"].as_array().unwrap() {
            let ids = present.entry(change["type"].as_str().unwrap().to_owned()).or_default();
            let id = change["id"].as_str().unwrap().to_owned();
            if change["action"] == "delete" {
                ids.remove(&id);
            } else {
                ids.insert(id);
            }
        }
        after = page["next_cursor"].as_str().unwrap().to_owned();
        if page["more"] != true {
            return present;
        }
    }
}

both_backends! {
    async fn lists_counts_exports_and_search_return_exactly_what_each_caller_may_read(backend) {
        let app = TestApp::spawn(backend).await;
        let cooperation = Cooperation::build(&app).await;
        for (caller, name) in CALLERS.iter().enumerate() {
            let readable = ids(cooperation.readable(caller));
            let built = PROJECTS.iter().zip(&cooperation.projects).filter(|(row, _)| row.reads[caller]).map(|(_, b)| b);
            let funding: Ids = built.clone().map(|b| b.funding.clone()).collect();
            let mut outputs: Ids = built.map(|b| b.output.clone()).collect();
            if cooperation.reads_shared_output(caller) {
                outputs.insert(cooperation.shared_output.clone());
            }

            let projects = page(&cooperation, &app, caller, "/api/v1/projects?limit=100").await;
            assert_eq!(field(&projects, "id"), readable, "projects as {name}");
            // On PostgreSQL the feed holds back the latest writes while older transactions run;
            // once the administrator's shows every project, so does everyone's.
            let everything = ids(cooperation.projects.iter().map(|b| b.id.as_str()));
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
            while replayed(&cooperation, &app, CALLERS.len() - 1).await.get("project") != Some(&everything) {
                assert!(std::time::Instant::now() < deadline, "the feed never showed every project: {:?} vs {everything:?}", replayed(&cooperation, &app, CALLERS.len() - 1).await);
                tokio::task::yield_now().await;
            }
            let feed = replayed(&cooperation, &app, caller).await;
            assert_eq!(feed.get("project").cloned().unwrap_or_default(), readable, "the change feed's projects as {name}");
            assert_eq!(feed.get("funding").cloned().unwrap_or_default(), funding, "the change feed's funding as {name}");
            assert_eq!(feed.get("output").cloned().unwrap_or_default(), outputs, "the change feed's outputs as {name}");
            assert_eq!(export(&cooperation, &app, caller, "/api/v1/projects", "id").await, readable, "project CSV as {name}");

            let records = page(&cooperation, &app, caller, "/api/v1/funding?limit=100").await;
            assert_eq!(field(&records, "id"), funding, "funding as {name}");
            assert_eq!(field(&records, "project_id"), readable, "funding's projects as {name}");
            assert_eq!(export(&cooperation, &app, caller, "/api/v1/funding", "id").await, funding, "funding CSV as {name}");

            let listed = page(&cooperation, &app, caller, "/api/v1/outputs?limit=100").await;
            assert_eq!(field(&listed, "id"), outputs, "outputs as {name}");
            assert_eq!(export(&cooperation, &app, caller, "/api/v1/outputs", "id").await, outputs, "output CSV as {name}");
            let found = page(&cooperation, &app, caller, "/api/v1/outputs?q=article&limit=100").await;
            assert_eq!(field(&found, "id"), outputs, "output search as {name}");
            // The shared output names only the projects this caller may read.
            if let Some(shared) = listed.iter().find(|o| o["id"] == cooperation.shared_output.as_str()) {
                let shown: Ids = shared["project_ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
                let expected: Ids = [0, 2].iter().filter(|&&i| PROJECTS[i].reads[caller]).map(|&i| cooperation.projects[i].id.clone()).collect();
                assert_eq!(shown, expected, "the shared output's projects as {name}");
            }
            let searched = page(&cooperation, &app, caller, "/api/v1/projects?q=restricted&limit=100").await;
            let restricted: Ids = PROJECTS.iter().zip(&cooperation.projects).filter(|(row, _)| row.reads[caller] && row.visibility == "restricted").map(|(_, b)| b.id.clone()).collect();
            assert_eq!(field(&searched, "id"), restricted, "project search as {name}");

            let stats: Value = cooperation.get(&app, caller, "/api/v1/stats", "application/json").await.json().await.unwrap();
            let by_status: i64 = stats["projects_by_status"].as_object().unwrap().values().map(|v| v.as_i64().unwrap()).sum();
            assert_eq!(by_status, readable.len() as i64, "projects counted in stats as {name}");
            let records: i64 = stats["funding_totals"].as_array().unwrap().iter().map(|t| t["records"].as_i64().unwrap()).sum();
            assert_eq!(records, funding.len() as i64, "funding counted in stats as {name}");
            let co_authored: i64 = stats["co_authored_outputs_by_year"].as_array().unwrap().iter().map(|y| y["outputs"].as_i64().unwrap()).sum();
            assert_eq!(co_authored, outputs.len() as i64, "outputs counted in stats as {name}");
        }
    }

    async fn findings_and_coverage_show_each_caller_exactly_its_part(backend) {
        let app = TestApp::spawn(backend).await;
        let cooperation = Cooperation::build(&app).await;
        let ru_lab = cooperation.lab_id(Lab::Russian);
        let centre_labs = [Lab::Russian, Lab::Chinese];
        for (caller, name) in CALLERS.iter().enumerate().filter(|(caller, _)| *caller != ANONYMOUS) {
            let findings = page(&cooperation, &app, caller, "/api/v1/funding-gaps?limit=100").await;
            let about_projects = field(&findings, "project_id");
            let expected: Ids = PROJECTS.iter().zip(&cooperation.projects).filter(|(row, _)| row.findings[caller]).map(|(_, b)| b.id.clone()).collect();
            assert_eq!(about_projects, expected, "findings about projects as {name}");
            let about_labs = field(&findings.iter().filter(|f| f["project_id"].is_null()).cloned().collect::<Vec<_>>(), "lab_id");
            let expected = ids(LAB_FINDINGS.iter().filter(|(_, who)| who[caller]).map(|(lab, _)| cooperation.lab_id(*lab)));
            assert_eq!(about_labs, expected, "findings about laboratories as {name}");
            let about_centres = field(&findings.iter().filter(|f| f["project_id"].is_null() && f["lab_id"].is_null()).cloned().collect::<Vec<_>>(), "centre_id");
            assert_eq!(about_centres, ids(CENTRE_FINDINGS[caller].then_some(cooperation.centre.as_str())), "findings about the centre as {name}");
            assert_eq!(export(&cooperation, &app, caller, "/api/v1/funding-gaps", "key").await, field(&findings, "key"), "findings CSV as {name}");

            let readable_where = |labs: &[Lab]| -> Ids {
                PROJECTS.iter().zip(&cooperation.projects).filter(|(row, _)| row.reads[caller] && row.labs.iter().any(|l| labs.contains(l))).map(|(_, b)| b.id.clone()).collect()
            };
            for (path, expected) in [
                (format!("/api/v1/labs/{ru_lab}/coverage"), readable_where(&[Lab::Russian])),
                (format!("/api/v1/centres/{}/coverage", cooperation.centre), readable_where(&centre_labs)),
            ] {
                let response = cooperation.get(&app, caller, &path, "application/json").await;
                assert_eq!(response.status(), 200, "{path} as {name}");
                let coverage: Value = response.json().await.unwrap();
                let shown: Ids = coverage["project_ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
                assert_eq!(shown, expected, "{path}: projects as {name}");
                assert_eq!(field(coverage["funding"].as_array().unwrap(), "project_id"), expected, "{path}: funding as {name}");
            }
        }
    }
}
