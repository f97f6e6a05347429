//! `POST /api/v1/imports` and `jointreg import`: records from CSV, XLSX and JSON files, checked as
//! their POST checks them, all or nothing, idempotent by natural keys, with history.

use jointreg::domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, error_fields, run_jointreg};
use crate::outputs::output_body;
use crate::projects::{create, project_body};

const IMPORTS: &str = "/api/v1/imports";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";

/// Posts `body` as a file of `content_type`, as the administrator.
async fn upload(app: &TestApp, query: &str, content_type: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
    upload_as(app, &app.admin.access_token, query, content_type, body).await
}

async fn upload_as(
    app: &TestApp,
    token: &str,
    query: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    app.request_as(token, Method::POST, &format!("{IMPORTS}{query}"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The report of an import that must succeed.
async fn imported(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

fn counts(report: &Value, kind: &str) -> (u64, u64, u64) {
    let c = &report[kind];
    (c["created"].as_u64().unwrap(), c["updated"].as_u64().unwrap(), c["unchanged"].as_u64().unwrap())
}

async fn total(app: &TestApp, path: &str) -> i64 {
    let page: Value = app.get(path).await.json().await.unwrap();
    page["total"].as_i64().unwrap_or_else(|| panic!("{path}: {page}"))
}

const INSTITUTIONS_CSV: &str = "\u{feff}id,name_en,name_ru,name_zh,country,city,ror_id,kind,website,version\n\
,Wuhan University,Уханьский университет,武汉大学,CN,Wuhan,https://ror.org/033vjfk17,university,https://en.whu.edu.cn/,\n\
,South Ural State University,Южно-Уральский государственный университет,,RU,Chelyabinsk,,university,,\n";

/// A JSON file of every kind around `world`: a new institution, a laboratory at SUSU, a project
/// led by the Russian lab, and an award and an article of `project`.
fn every_kind(world: &World, project: &Value) -> Value {
    let mut article = output_body("Hepatic lipid metabolism in chronic inflammation", &[project]);
    article["doi"] = json!("https://doi.org/10.3390/IJMS22115871");
    json!({
        "outputs": [article],
        "institutions": [{"names": {"en": "Novosibirsk State University"}, "country": "RU", "kind": "university", "ror_id": "https://ror.org/04t2ss102"}],
        "labs": [{"names": {"en": "Laboratory of Fibrosis"}, "institution_id": world.susu, "research_line": "Fibrosis models",
                  "status": {"status": "active", "effective_on": "2022-02-01", "reason": "opened"}}],
        "projects": [project_body(world, "Fibrosis in mirror laboratories")],
        "funding": [{"project_id": project["id"], "funder_id": RSF, "award_number": "24-45-00012", "call_name": "RSF–NSFC 2024",
                     "amount": {"amount_minor": 1_500_000_000, "currency": "RUB"},
                     "starts_on": "2024-01-01", "ends_on": "2026-12-31", "status": "active", "lab_id": world.ru_lab}]
    })
}

both_backends! {
    async fn a_dry_run_reports_every_bad_rows_fields_and_writes_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let bad = "name_en,country,kind,ror_id\n\
            Wuhan University,XX,university,https://ror.org/033vjfk17\n\
            South Ural State University,RU,university,\n\
            ,RU,college,033vjfk18\n";

        let problem = assert_problem(upload(&app, "?dry_run=true", "text/csv", bad).await, 422).await;

        let fields = error_fields(&problem);
        assert!(fields.contains(&"institutions[0].country".to_owned()), "{problem}");
        assert!(fields.iter().any(|f| f.starts_with("institutions[2].")), "the third row's problems: {problem}");
        assert!(!fields.iter().any(|f| f.starts_with("institutions[1]")), "the good row has none: {problem}");
        let messages: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap()).collect();
        assert!(messages.iter().any(|m| m.ends_with("(line 2)")), "the file's line is named: {messages:?}");
        assert_eq!(total(&app, "/api/v1/institutions").await, 0, "nothing written");

        let good = imported(upload(&app, "?dry_run=true", "text/csv", INSTITUTIONS_CSV).await).await;
        assert_eq!(good["dry_run"], true);
        assert_eq!(counts(&good, "institutions"), (2, 0, 0), "{good}");
        assert_eq!(total(&app, "/api/v1/institutions").await, 0, "a dry run writes nothing");
    }

    async fn a_json_file_of_every_kind_is_written_and_importing_it_again_changes_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = create(&app, &project_body(&world, "Systemic pathology of inflammation")).await;
        let file = every_kind(&world, &project).to_string();

        let first = imported(upload(&app, "", "application/json", file.clone()).await).await;

        assert_eq!(first["dry_run"], false);
        for kind in ["institutions", "labs", "projects", "funding", "outputs"] {
            assert_eq!(counts(&first, kind), (1, 0, 0), "{kind}: {first}");
        }
        assert_eq!(first["rows"], 5);
        assert_eq!(total(&app, "/api/v1/institutions?ror=04t2ss102").await, 1);
        assert_eq!(total(&app, "/api/v1/labs?q=fibrosis").await, 1);
        assert_eq!(total(&app, "/api/v1/projects?q=fibrosis").await, 1);
        assert_eq!(total(&app, &format!("/api/v1/funding?funder_id={RSF}&award_number=24-45-00012")).await, 1);
        let outputs: Value = app.get("/api/v1/outputs?doi=10.3390/ijms22115871").await.json().await.unwrap();
        assert_eq!(outputs["total"], 1, "{outputs}");
        let lab: Value = app.get("/api/v1/labs?q=fibrosis").await.json().await.unwrap();
        assert_eq!(lab["items"][0]["status"], "active", "the lab's first status is the file's: {lab}");
        let new_project: Value = app.get("/api/v1/projects?q=fibrosis").await.json().await.unwrap();
        let new_project_path = format!("/api/v1/projects/{}", new_project["items"][0]["id"].as_str().unwrap());

        let second = imported(upload(&app, "", "application/json", file).await).await;

        for kind in ["institutions", "labs", "projects", "funding", "outputs"] {
            assert_eq!(counts(&second, kind), (0, 0, 1), "{kind}: {second}");
        }
        let read: Value = app.get(&new_project_path).await.json().await.unwrap();
        assert_eq!(read["version"], 1, "an unchanged record keeps its version: {read}");
        assert_eq!(read["participants"].as_array().unwrap().len(), 3);
        let article: Value = app.get(&format!("/api/v1/outputs/{}", outputs["items"][0]["id"].as_str().unwrap())).await.json().await.unwrap();
        assert_eq!(article["version"], 1);
        let history: Value = app.get(&format!("{new_project_path}/history")).await.json().await.unwrap();
        assert_eq!(history["items"].as_array().unwrap().len(), 1, "one entry, the create: {history}");
        assert_eq!(history["items"][0]["actor_kind"], "user");
        assert_eq!(history["items"][0]["actor_id"], app.admin.user.id.as_str(), "the importer is named");
        assert_eq!(history["items"][0]["request_id"], first["import_id"], "and the import: {history}");
    }

    async fn one_bad_row_and_nothing_is_written(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = create(&app, &project_body(&world, "Systemic pathology of inflammation")).await;
        let mut file = every_kind(&world, &project);
        file["funding"][0]["project_id"] = json!("01a21f73-9c00-7000-8000-0000000000ff");
        file["outputs"][0]["year"] = json!(1066);

        let problem = assert_problem(upload(&app, "", "application/json", file.to_string()).await, 422).await;

        let fields = error_fields(&problem);
        assert!(fields.contains(&"funding[0].project_id".to_owned()), "{problem}");
        assert!(fields.contains(&"outputs[0].year".to_owned()), "every row's problems at once: {problem}");
        assert_eq!(total(&app, "/api/v1/institutions?ror=04t2ss102").await, 0, "the good rows are not written either");
        assert_eq!(total(&app, "/api/v1/labs?q=fibrosis").await, 0);
        assert_eq!(total(&app, "/api/v1/projects?q=fibrosis").await, 0);
    }

    async fn a_csv_export_reimports_unchanged_and_an_edited_cell_updates_with_history(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = create(&app, &project_body(&world, "Systemic pathology of inflammation")).await;
        let file = every_kind(&world, &project);
        let award = app.post_json("/api/v1/funding", &file["funding"][0]).await;
        assert_eq!(award.status(), 201);
        let award: Value = award.json().await.unwrap();
        let exported = app.client.get(app.url("/api/v1/funding")).header("accept", "text/csv").send().await.unwrap();
        assert_eq!(exported.status(), 200);
        let csv = exported.text().await.unwrap();

        let again = imported(upload(&app, "", "text/csv; charset=utf-8", csv.clone()).await).await;
        assert_eq!(counts(&again, "funding"), (0, 0, 1), "the export re-imports as it is: {again}");

        let edited = csv.replace("RSF–NSFC 2024", "RSF–NSFC 2024 (extended)");
        let changed = imported(upload(&app, "?kind=funding", "text/csv", edited).await).await;

        assert_eq!(counts(&changed, "funding"), (0, 1, 0), "{changed}");
        let path = format!("/api/v1/funding/{}", award["id"].as_str().unwrap());
        let read: Value = app.get(&path).await.json().await.unwrap();
        assert_eq!((read["call_name"].as_str(), read["version"].as_i64()), (Some("RSF–NSFC 2024 (extended)"), Some(2)));
        let history: Value = app.get(&format!("{path}/history")).await.json().await.unwrap();
        let latest = &history["items"][0];
        assert_eq!(latest["actor_id"], app.admin.user.id.as_str());
        assert_eq!(latest["request_id"], changed["import_id"]);
        assert_eq!(latest["changes"]["call_name"]["after"], "RSF–NSFC 2024 (extended)", "{history}");
    }

    async fn an_xlsx_workbook_imports_a_sheet_per_kind(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("institutions").unwrap();
        for (col, text) in ["name_en", "name_zh", "country", "kind", "ror_id"].iter().enumerate() {
            sheet.write_string(0, col as u16, *text).unwrap();
        }
        for (col, text) in ["Wuhan University of Technology", "武汉理工大学", "CN", "university", ""].iter().enumerate() {
            sheet.write_string(1, col as u16, *text).unwrap();
        }
        let sheet = workbook.add_worksheet();
        sheet.set_name("labs").unwrap();
        for (col, text) in ["name_en", "institution_id", "status", "status_since"].iter().enumerate() {
            sheet.write_string(0, col as u16, *text).unwrap();
        }
        sheet.write_string(1, 0, "Laboratory of Materials").unwrap();
        sheet.write_string(1, 1, world.wuhan.as_str()).unwrap();
        sheet.write_string(1, 2, "active").unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 3, 1).unwrap();
        let day = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        sheet.write_date_with_format(1, 3, &date, &day).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();

        let first = imported(upload(&app, "", XLSX, bytes.clone()).await).await;
        // Generated clients send files as bytes: the workbook is known by its first bytes.
        let second = imported(upload(&app, "", "application/octet-stream", bytes).await).await;

        assert_eq!((counts(&first, "institutions"), counts(&first, "labs")), ((1, 0, 0), (1, 0, 0)), "{first}");
        assert_eq!((counts(&second, "institutions"), counts(&second, "labs")), ((0, 0, 1), (0, 0, 1)), "{second}");
        let labs: Value = app.get("/api/v1/labs?q=materials").await.json().await.unwrap();
        assert_eq!(labs["items"][0]["status_since"], "2021-03-01", "a date cell is a day: {labs}");
        let institutions: Value = app.get("/api/v1/institutions?q=理工").await.json().await.unwrap();
        assert_eq!(institutions["total"], 1, "{institutions}");
    }

    async fn only_coordinators_and_administrators_import(backend) {
        let app = TestApp::spawn(backend).await;
        let lab_head = app.session(Role::LabHead).await;
        let coordinator = app.session(Role::Coordinator).await;

        let refused = upload_as(&app, &lab_head.access_token, "", "text/csv", INSTITUTIONS_CSV).await;
        assert_problem(refused, 403).await;
        let anonymous = app.anonymous.post(app.url(IMPORTS)).header("content-type", "text/csv").body(INSTITUTIONS_CSV).send().await.unwrap();
        assert_problem(anonymous, 401).await;
        assert_eq!(total(&app, "/api/v1/institutions?country=CN").await, 1, "only the lab head's own institution");

        let report = imported(upload_as(&app, &coordinator.access_token, "", "text/csv", INSTITUTIONS_CSV).await).await;
        assert_eq!(counts(&report, "institutions"), (2, 0, 0));
    }

    async fn a_file_of_another_type_or_too_large_is_refused(backend) {
        let app = TestApp::spawn_with(backend, |s| s.max_body_bytes = 2048).await;

        assert_problem(upload(&app, "", "text/plain", INSTITUTIONS_CSV).await, 415).await;
        // 32 times the JSON body limit: 64 KiB here.
        let huge = vec![b'a'; 2048 * jointreg::routes::imports::IMPORT_BODY_FACTOR + 1];
        let problem = assert_problem(upload(&app, "", "text/csv", huge).await, 413).await;
        assert!(problem["detail"].as_str().unwrap().contains("65536"), "{problem}");
        assert_problem(upload(&app, "", "application/json", "{not json").await, 400).await;
        let sniffed = assert_problem(upload(&app, "", "application/octet-stream", b"\x89PNG\r\n\x1a\n\xff\xfe".to_vec()).await, 422).await;
        assert_eq!(error_fields(&sniffed), ["file"], "bytes of no format the file could be in: {sniffed}");
        let unknown = assert_problem(upload(&app, "", "text/csv", "name_en,colour\nX,red\n").await, 422).await;
        assert!(error_fields(&unknown).contains(&"kind".to_owned()), "a header of no known kind: {unknown}");
        let columns = assert_problem(upload(&app, "?kind=labs", "text/csv", "name_en,colour\nX,red\n").await, 422).await;
        assert_eq!(error_fields(&columns), ["colour"], "{columns}");
    }

    async fn jointreg_import_on_the_command_line(backend) {
        let app = TestApp::spawn(backend).await;
        let database = &app.database;
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("institutions.csv");
        std::fs::write(&good, INSTITUTIONS_CSV).unwrap();
        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, "name_en,country,kind,ror_id\nX,XX,university,\n").unwrap();

        let dry = run_jointreg(&database.url, &["import", good.to_str().unwrap(), "--dry-run"], &[]);
        let first = run_jointreg(&database.url, &["import", good.to_str().unwrap()], &[]);
        let second = run_jointreg(&database.url, &["import", good.to_str().unwrap()], &[]);
        let invalid = run_jointreg(&database.url, &["import", bad.to_str().unwrap()], &[]);
        let missing = run_jointreg(&database.url, &["import", dir.path().join("nowhere.csv").to_str().unwrap()], &[]);

        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        assert_eq!(dry.status.code(), Some(0), "{dry:?}");
        assert!(text(&dry.stdout).contains("dry run: 2 rows checked, nothing written"), "{dry:?}");
        assert!(text(&dry.stderr).contains("institutions: 2/2 rows"), "progress is shown: {dry:?}");
        assert_eq!(first.status.code(), Some(0), "{first:?}");
        assert!(text(&first.stdout).contains("institutions  2 created, 0 updated, 0 unchanged"), "{first:?}");
        assert_eq!(second.status.code(), Some(0));
        assert!(text(&second.stdout).contains("institutions  0 created, 0 updated, 2 unchanged"), "{second:?}");
        assert_eq!(invalid.status.code(), Some(65), "invalid input: {invalid:?}");
        assert!(text(&invalid.stderr).contains("institutions[0].country"), "{invalid:?}");
        assert_eq!(missing.status.code(), Some(66), "no such file: {missing:?}");

        let wuhan: Value = app.get("/api/v1/institutions?ror=033vjfk17").await.json().await.unwrap();
        assert_eq!(wuhan["total"], 1, "written once: {wuhan}");
        let path = format!("/api/v1/institutions/{}/history", wuhan["items"][0]["id"].as_str().unwrap());
        let history: Value = app.get(&path).await.json().await.unwrap();
        assert_eq!(history["items"].as_array().unwrap().len(), 1, "{history}");
        assert_eq!(history["items"][0]["actor_kind"], "system", "the operator's import: {history}");
        let import_id = text(&first.stdout).rsplit("(import ").next().unwrap().trim().trim_end_matches(')').to_owned();
        assert_eq!(history["items"][0]["request_id"], import_id.as_str());
    }
}

both_backends! {
    async fn every_kinds_csv_export_reimports_unchanged(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = create(&app, &project_body(&world, "Systemic pathology of inflammation")).await;
        let file = every_kind(&world, &project);
        assert_eq!(app.post_json("/api/v1/funding", &file["funding"][0]).await.status(), 201);
        assert_eq!(app.post_json("/api/v1/outputs", &file["outputs"][0]).await.status(), 201);

        for (kind, path) in [
            ("institutions", "/api/v1/institutions"),
            ("labs", "/api/v1/labs"),
            ("projects", "/api/v1/projects"),
            ("funding", "/api/v1/funding"),
            ("outputs", "/api/v1/outputs"),
        ] {
            let exported = app.client.get(app.url(path)).header("accept", "text/csv").send().await.unwrap();
            assert_eq!(exported.status(), 200, "{path}");
            let csv = exported.text().await.unwrap();
            let rows = csv.lines().count() as u64 - 1;

            let report = imported(upload(&app, "", "text/csv", csv).await).await;

            assert_eq!(counts(&report, kind), (0, 0, rows), "{kind}: {report}");
        }
        let read: Value = app.get(&format!("/api/v1/projects/{}", project["id"].as_str().unwrap())).await.json().await.unwrap();
        assert_eq!(read["version"], 1);
        assert_eq!(read["summaries"], project["summaries"], "what the export leaves out is kept");
    }
}
