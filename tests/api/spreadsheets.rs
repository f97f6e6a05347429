//! Lists and findings as spreadsheets: XLSX with typed cells (dates as dates, amounts as numbers
//! in their currency), a frozen header and filters, the same columns as CSV; CSV that Excel and
//! LibreOffice open right (byte-order mark, CRLF); names beside ids in Russian and Chinese; and
//! visibility, which no export gets around.

use std::io::{Cursor, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use diesel::connection::{Connection, InstrumentationEvent};
use jointreg::db::models::funding::{FundingRecord, ListFilter, Order};
use jointreg::db::models::project_access::ReadScope;
use jointreg::http::spreadsheet::{Format, Spreadsheet};
use jointreg::i18n::Lang;
use jointreg::routes::funding::export;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::TestApp;
use crate::helpers::world::World;
use crate::labs::{create_lab, insert_centre, lab_body};
use crate::outputs::output_body;
use crate::projects::{create, project_body};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";
const SECRET_TITLES: [&str; 3] = ["Closed liver study", "Закрытое исследование печени", "保密肝脏研究"];

/// A public and a restricted project (the restricted one only of the Russian laboratory), an
/// award on each, an output of both, a mirror link and a centre; the laboratories named in
/// Russian and Chinese too.
struct Scene {
    world: World,
    public: String,
    restricted: String,
    centre: String,
}

async fn scene(app: &TestApp) -> Scene {
    let world = World::build(app).await;
    let token = app.admin.access_token.clone();
    let centre = insert_centre(app, "Systemic Pathology Centre");
    let names = [
        (&world.ru_lab, "Лаборатория иммунопатологии", "免疫病理学实验室", json!(centre)),
        (&world.cn_lab, "Лаборатория системной патологии", "系统病理学实验室", Value::Null),
    ];
    for (lab, ru, zh, centre) in names {
        let body = json!({"names": {"ru": ru, "zh": zh}, "centre_id": centre});
        let response = app.patch_current(&token, &format!("/api/v1/labs/{lab}"), &body).await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    }
    let mut public = project_body(&world, "Systemic pathology of inflammation");
    public["visibility"] = json!("public");
    let public = create(app, &public).await;
    let mut restricted = project_body(&world, SECRET_TITLES[0]);
    restricted["titles"] = json!({"en": SECRET_TITLES[0], "ru": SECRET_TITLES[1], "zh": SECRET_TITLES[2]});
    restricted["visibility"] = json!("restricted");
    restricted["labs"] = json!([{"lab_id": world.ru_lab, "role": "lead"}]);
    restricted["participants"] = json!([]);
    let restricted = create(app, &restricted).await;
    for (project, award_number, call) in
        [(&public, "21-45-00012", "=HYPERLINK(\"http://evil.example\")"), (&restricted, "SECRET-1", "Closed call")]
    {
        let award = json!({
            "project_id": project["id"], "funder_id": RSF, "call_name": call, "award_number": award_number,
            "amount": {"amount_minor": 600000005, "currency": "RUB"},
            "starts_on": "2021-07-01", "ends_on": "2024-06-30", "status": "active", "lab_id": world.ru_lab
        });
        let response = app.post_json("/api/v1/funding", &award).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    }
    let response = app.post_json("/api/v1/outputs", &output_body("A shared article", &[&public, &restricted])).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let link = json!({"lab_a_id": world.ru_lab, "lab_b_id": world.cn_lab, "kind": "mirror", "starts_on": "2020-09-01"});
    assert_eq!(app.post_json("/api/v1/mirror-links", &link).await.status(), 201);
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    Scene { public: id(&public), restricted: id(&restricted), world, centre }
}

/// A GET with `accept` and `language`, as `token` or anonymously.
async fn fetch(app: &TestApp, token: Option<&str>, path: &str, accept: &str, language: &str) -> reqwest::Response {
    let request = app.anonymous.get(app.url(path)).header("Accept", accept).header("Accept-Language", language);
    let request = match token {
        Some(token) => request.bearer_auth(token),
        None => request,
    };
    request.send().await.unwrap()
}

/// A workbook as a spreadsheet program reads it.
struct Sheet {
    headers: Vec<String>,
    rows: Vec<Vec<Data>>,
    formulas: usize,
    /// The worksheet's XML and the styles' XML, for what calamine does not expose.
    worksheet_xml: String,
    styles_xml: String,
}

impl Sheet {
    fn column(&self, name: &str) -> Vec<&Data> {
        let index = self
            .headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.headers));
        self.rows.iter().map(|row| &row[index]).collect()
    }

    /// The row whose `column` is `value`.
    fn row_where(&self, column: &str, value: &str) -> &[Data] {
        let index = self.headers.iter().position(|h| h == column).unwrap();
        self.rows
            .iter()
            .find(|row| row[index] == Data::String(value.to_owned()))
            .unwrap_or_else(|| panic!("no row with {column} = {value}"))
    }

    fn cell<'a>(&self, row: &'a [Data], name: &str) -> &'a Data {
        &row[self.headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))]
    }

    fn text(&self) -> String {
        self.rows.iter().flatten().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
    }
}

async fn xlsx(app: &TestApp, token: Option<&str>, path: &str, language: &str) -> Sheet {
    let response = fetch(app, token, path, XLSX, language).await;
    assert_eq!(response.status(), 200, "XLSX of {path}");
    assert_eq!(response.headers()["content-type"], XLSX, "{path}");
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"") && disposition.ends_with(".xlsx\""), "{disposition}");
    assert!(response.headers()["vary"].to_str().unwrap().contains("Accept-Language"));
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let name = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&name).unwrap();
    let mut rows = range.rows().map(<[Data]>::to_vec);
    let headers = rows.next().unwrap().iter().map(ToString::to_string).collect();
    let formulas = workbook.worksheet_formula(&name).unwrap().used_cells().filter(|(_, _, f)| !f.is_empty()).count();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut read = |file: &str| {
        let mut xml = String::new();
        archive.by_name(file).unwrap().read_to_string(&mut xml).unwrap();
        xml
    };
    Sheet {
        headers,
        rows: rows.collect(),
        formulas,
        worksheet_xml: read("xl/worksheets/sheet1.xml"),
        styles_xml: read("xl/styles.xml"),
    }
}

/// The raw CSV body, checked for a byte-order mark and CRLF line ends, and its records.
async fn csv(
    app: &TestApp,
    token: Option<&str>,
    path: &str,
    language: &str,
) -> (Vec<String>, Vec<csv::StringRecord>, String) {
    let response = fetch(app, token, path, "text/csv", language).await;
    assert_eq!(response.status(), 200, "CSV of {path}");
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = response.bytes().await.unwrap().to_vec();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a UTF-8 byte-order mark: {path}");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF line ends: {path}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let records = reader.records().map(Result::unwrap).collect();
    (headers, records, text)
}

fn date(cell: &Data) -> NaiveDate {
    match cell {
        Data::DateTime(value) => value.as_datetime().unwrap().date(),
        other => panic!("{other:?} is not a date"),
    }
}

fn every_list(s: &Scene) -> Vec<String> {
    vec![
        "/api/v1/projects".into(),
        "/api/v1/funding".into(),
        format!("/api/v1/projects/{}/funding", s.public),
        "/api/v1/outputs".into(),
        format!("/api/v1/projects/{}/outputs", s.public),
        "/api/v1/labs".into(),
        "/api/v1/institutions".into(),
        "/api/v1/funders".into(),
        "/api/v1/centres".into(),
        "/api/v1/mirror-links".into(),
        "/api/v1/funding-gaps".into(),
    ]
}

both_backends! {
    async fn every_list_answers_xlsx_with_the_csv_columns_a_frozen_filtered_header_and_typed_cells(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        crate::findings::scenario(&app, &s.world).await;
        let token = Some(app.admin.access_token.as_str());
        for path in every_list(&s) {
            let sheet = xlsx(&app, token, &path, "en").await;
            let (csv_headers, records, _) = csv(&app, token, &path, "en").await;

            assert_eq!(sheet.headers, csv_headers, "one column table for both formats: {path}");
            assert_eq!(sheet.rows.len(), records.len(), "{path}");
            assert!(!sheet.rows.is_empty(), "{path} has rows to check");
            assert!(sheet.worksheet_xml.contains("ySplit=\"1\"") && sheet.worksheet_xml.contains("state=\"frozen\""), "frozen header: {path}");
            let last = sheet.rows.len() + 1;
            assert!(sheet.worksheet_xml.contains("<autoFilter ref=\"A1:") && sheet.worksheet_xml.contains(&format!("{last}\"/>")), "filters over every row: {path}");
            assert_eq!(sheet.formulas, 0, "{path}");
            for (index, header) in sheet.headers.iter().enumerate() {
                for row in &sheet.rows {
                    let cell = &row[index];
                    let expected = if *cell == Data::Empty {
                        continue;
                    } else if header.ends_with("_on") || header.ends_with("_at") || header == "status_since" {
                        matches!(cell, Data::DateTime(_))
                    } else if ["version", "year", "days_until", "participants", "amount", "amount_minor"].contains(&header.as_str()) {
                        matches!(cell, Data::Float(_))
                    } else if ["ru_cn", "active"].contains(&header.as_str()) {
                        matches!(cell, Data::Bool(_))
                    } else {
                        matches!(cell, Data::String(_))
                    };
                    assert!(expected, "{path}: {header} holds {cell:?}");
                }
            }
        }
    }

    async fn xlsx_puts_names_beside_ids_in_russian_and_chinese_and_amounts_in_their_currency(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let token = Some(app.admin.access_token.as_str());

        let funding = xlsx(&app, token, "/api/v1/funding", "ru-RU,ru;q=0.9").await;
        let award = funding.row_where("award_number", "21-45-00012");
        assert_eq!(funding.cell(award, "project_id"), &Data::String(s.public.clone()));
        assert_eq!(funding.cell(award, "project_title"), &Data::String("Системная патология воспаления".into()));
        assert_eq!(funding.cell(award, "funder_short_code"), &Data::String("RSF".into()));
        assert_eq!(funding.cell(award, "lab_name"), &Data::String("Лаборатория иммунопатологии".into()));
        assert_eq!(funding.cell(award, "amount"), &Data::Float(6_000_000.05), "exact from minor units");
        assert_eq!(funding.cell(award, "amount_minor"), &Data::Float(600_000_005.0));
        assert_eq!(funding.cell(award, "currency"), &Data::String("RUB".into()));
        assert!(funding.styles_xml.contains("#,##0.00 &quot;RUB&quot;"), "the amount's format names its currency");
        assert_eq!(date(funding.cell(award, "starts_on")), NaiveDate::from_ymd_opt(2021, 7, 1).unwrap());
        assert_eq!(date(funding.cell(award, "ends_on")), NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
        assert_eq!(funding.cell(award, "version"), &Data::Float(1.0));
        assert_eq!(funding.cell(award, "call_name"), &Data::String("=HYPERLINK(\"http://evil.example\")".into()), "text stays text, unchanged");

        let funding = xlsx(&app, token, "/api/v1/funding", "zh-CN").await;
        let award = funding.row_where("award_number", "21-45-00012");
        assert_eq!(funding.cell(award, "project_title"), &Data::String("炎症的系统病理学".into()));
        assert_eq!(funding.cell(award, "lab_name"), &Data::String("免疫病理学实验室".into()));

        let labs = xlsx(&app, token, "/api/v1/labs", "zh").await;
        let lab = labs.row_where("id", &s.world.ru_lab);
        assert_eq!(labs.cell(lab, "institution_name"), &Data::String("南乌拉尔国立大学".into()));
        assert_eq!(labs.cell(lab, "centre_id"), &Data::String(s.centre.clone()));
        assert_eq!(labs.cell(lab, "centre_name"), &Data::String("Systemic Pathology Centre".into()), "English when the centre has no Chinese name");

        let projects = xlsx(&app, token, "/api/v1/projects", "ru").await;
        let project = projects.row_where("id", &s.public);
        assert_eq!(projects.cell(project, "lead_lab_name"), &Data::String("Лаборатория иммунопатологии".into()));
        assert_eq!(projects.cell(project, "partner_lab_names"), &Data::String("Лаборатория системной патологии".into()));
        assert_eq!(projects.cell(project, "institutions"), &Data::String("Южно-Уральский государственный университет; Уханьский университет".into()));
        assert_eq!(date(projects.cell(project, "starts_on")), NaiveDate::from_ymd_opt(2021, 1, 1).unwrap());
        assert_eq!(projects.cell(project, "participants"), &Data::Float(3.0));

        let outputs = xlsx(&app, token, "/api/v1/outputs", "zh").await;
        let output = outputs.row_where("title", "A shared article");
        assert_eq!(outputs.cell(output, "year"), &Data::Float(2022.0));
        let titles = outputs.cell(output, "project_titles").to_string();
        assert!(titles.contains("炎症的系统病理学") && titles.contains(SECRET_TITLES[2]), "{titles}");

        let links = xlsx(&app, token, "/api/v1/mirror-links", "ru").await;
        let link = links.row_where("lab_a_id", &s.world.ru_lab);
        assert_eq!(links.cell(link, "lab_b_name"), &Data::String("Лаборатория системной патологии".into()));
        assert_eq!(links.cell(link, "active"), &Data::Bool(true));
    }

    async fn csv_has_a_bom_crlf_and_names_beside_ids_that_round_trip_in_cyrillic_and_chinese(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let token = Some(app.admin.access_token.as_str());

        let (headers, records, _) = csv(&app, token, "/api/v1/funding", "ru").await;
        assert_eq!(headers[..6], ["id", "project_id", "project_title", "funder_id", "funder_short_code", "call_name"]);
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let award = records.iter().find(|r| &r[column("award_number")] == "21-45-00012").unwrap();
        assert_eq!(&award[column("project_title")], "Системная патология воспаления");
        assert_eq!(&award[column("lab_name")], "Лаборатория иммунопатологии");
        assert_eq!(&award[column("amount")], "6000000.05");
        assert_eq!(&award[column("currency")], "RUB");
        assert_eq!(&award[column("call_name")], "'=HYPERLINK(\"http://evil.example\")", "formulas defused");

        let (headers, records, _) = csv(&app, token, "/api/v1/funding", "zh").await;
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let award = records.iter().find(|r| &r[column("award_number")] == "21-45-00012").unwrap();
        assert_eq!(&award[column("project_title")], "炎症的系统病理学");
        assert_eq!(&award[column("lab_name")], "免疫病理学实验室");

        let (headers, records, _) = csv(&app, token, "/api/v1/labs", "zh").await;
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let lab = records.iter().find(|r| r[column("id")] == s.world.cn_lab).unwrap();
        assert_eq!(&lab[column("name_zh")], "系统病理学实验室");
        assert_eq!(&lab[column("institution_name")], "武汉大学");

        let (headers, records, _) = csv(&app, token, "/api/v1/projects", "ru").await;
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let project = records.iter().find(|r| r[column("id")] == s.public).unwrap();
        assert_eq!(&project[column("title_zh")], "炎症的系统病理学");
        assert_eq!(&project[column("lead_lab_name")], "Лаборатория иммунопатологии");

        let (headers, records, _) = csv(&app, token, "/api/v1/mirror-links", "zh").await;
        assert_eq!(headers[..5], ["id", "lab_a_id", "lab_a_name", "lab_b_id", "lab_b_name"]);
        assert_eq!(&records[0][2], "免疫病理学实验室");
    }

    async fn a_restricted_projects_rows_and_title_reach_no_export_of_a_caller_who_may_not_read_it(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        crate::findings::scenario(&app, &s.world).await;
        let admin = app.admin.access_token.clone();
        let outsider = s.world.cn_head.access_token.clone();
        let secrets = [s.restricted.as_str(), "SECRET-1", "Closed call", SECRET_TITLES[0], SECRET_TITLES[1], SECRET_TITLES[2]];

        let seen = xlsx(&app, Some(&admin), "/api/v1/funding", "zh").await.text();
        assert!([secrets[0], secrets[1], secrets[2], secrets[5]].iter().all(|secret| seen.contains(secret)), "the administrator reads it: {seen}");
        for path in every_list(&s) {
            for (caller, language) in [(Some(outsider.as_str()), "ru"), (Some(outsider.as_str()), "zh"), (None, "en")] {
                let anonymous_may_list = ["/api/v1/projects", "/api/v1/funding", "/api/v1/outputs"].contains(&path.as_str()) || path.starts_with("/api/v1/projects/");
                if caller.is_none() && !anonymous_may_list {
                    continue;
                }
                let sheet = xlsx(&app, caller, &path, language).await.text();
                let (_, _, text) = csv(&app, caller, &path, language).await;
                for secret in secrets {
                    assert!(!sheet.contains(secret), "{secret} in the XLSX of {path} as {caller:?}: {sheet}");
                    assert!(!text.contains(secret), "{secret} in the CSV of {path} as {caller:?}: {text}");
                }
            }
        }
        let outputs = xlsx(&app, Some(&outsider), "/api/v1/outputs", "zh").await;
        let shared = outputs.row_where("title", "A shared article");
        assert_eq!(outputs.cell(shared, "project_ids"), &Data::String(s.public.clone()), "only the project it may read");
        assert_eq!(outputs.cell(shared, "project_titles"), &Data::String("炎症的系统病理学".into()));
    }

    async fn findings_as_xlsx_carry_dates_counts_and_the_names_of_what_they_are_about(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let (joint, _, _) = crate::findings::scenario(&app, &world).await;
        let centre = insert_centre(&app, "Systemic Pathology Centre");
        let mut unfunded = lab_body("Laboratory of Fibrosis", &json!({"id": world.susu}));
        unfunded["names"] = json!({"en": "Laboratory of Fibrosis", "ru": "Лаборатория фиброза", "zh": "纤维化实验室"});
        unfunded["centre_id"] = json!(centre);
        unfunded["status"] = json!({"status": "active", "effective_on": "2020-09-01", "reason": "Opened with the centre"});
        let unfunded = create_lab(&app, &unfunded).await;

        let findings = xlsx(&app, Some(&app.admin.access_token), "/api/v1/funding-gaps", "zh").await;

        assert_eq!(findings.headers[..4], ["key", "kind", "bites_on", "days_until"]);
        let of_joint: Vec<&Vec<Data>> =
            findings.rows.iter().filter(|row| findings.cell(row, "project_id") == &Data::String(joint["id"].as_str().unwrap().to_owned())).collect();
        assert!(!of_joint.is_empty());
        for row in of_joint {
            assert_eq!(findings.cell(row, "project_title"), &Data::String("炎症的系统病理学".into()));
            assert!(matches!(findings.cell(row, "days_until"), Data::Float(_)));
            date(findings.cell(row, "bites_on"));
        }
        let codes: Vec<String> = findings.column("funder_short_codes").iter().map(|d| d.to_string()).collect();
        assert!(codes.iter().any(|c| c.contains("RSF") || c.contains("NSFC")), "{codes:?}");
        let at_risk = findings.row_where("lab_id", unfunded["id"].as_str().unwrap());
        assert_eq!(findings.cell(at_risk, "kind"), &Data::String("lab_at_risk".into()));
        assert_eq!(findings.cell(at_risk, "lab_name"), &Data::String("纤维化实验室".into()));
        assert_eq!(findings.cell(at_risk, "centre_id"), &Data::String(centre.clone()));
        assert_eq!(findings.cell(at_risk, "centre_name"), &Data::String("Systemic Pathology Centre".into()), "English when the centre has no Chinese name");
        assert_eq!(findings.cell(at_risk, "project_title"), &Data::Empty);
    }

    async fn names_beside_ids_cost_one_query_per_kind_of_record_whatever_the_rows(backend) {
        let app = TestApp::spawn(backend).await;
        let s = scene(&app).await;
        let queries = |extra: usize| {
            let mut conn = app.database.connect();
            let records = FundingRecord::page(&mut conn, &ReadScope::Everything, &ListFilter::default(), Order::Created, None, 1000).unwrap();
            let views = FundingRecord::views(&mut conn, records).unwrap();
            assert_eq!(views.len(), 2 + extra);
            let counter = Arc::new(AtomicUsize::new(0));
            let seen = counter.clone();
            conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                    seen.fetch_add(1, Ordering::SeqCst);
                }
            });
            let sheet = Spreadsheet { format: Format::Xlsx, lang: Lang::Ru };
            export::rows(&mut conn, &ReadScope::Everything, sheet, views).unwrap();
            counter.load(Ordering::SeqCst)
        };
        let few = queries(0);
        for n in 0..10 {
            let award = json!({
                "project_id": s.public, "funder_id": RSF, "award_number": format!("N-{n}"),
                "starts_on": "2021-07-01", "ends_on": "2024-06-30", "status": "active", "lab_id": if n % 2 == 0 { &s.world.ru_lab } else { &s.world.cn_lab }
            });
            let response = app.post_json("/api/v1/funding", &award).await;
            assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        }
        assert_eq!((few, queries(10)), (2, 2), "projects' titles and laboratories' names, for 2 rows and for 12");
    }
}
