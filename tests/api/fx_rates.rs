//! Reference exchange rates: `POST /api/v1/fx-rates/imports` and `jointreg rates import` read
//! the banks' files (tests/fixtures/rates), idempotently and all or nothing; `GET
//! /api/v1/fx-rates` answers the rate in effect on a day, looking back at most 7 days.

use std::path::{Path, PathBuf};

use diesel::prelude::*;
use jointreg::domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, error_fields, run_jointreg};
use crate::projects::{create, project_body};

const IMPORTS: &str = "/api/v1/fx-rates/imports";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rates").join(name)
}

fn read_fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

const ECB_HIST: &str = "eurofxref-hist.csv";
const ECB_DAILY: &str = "eurofxref-daily.xml";
const CBR_DAILY: &str = "XML_daily_2015-12-02.xml";
const CBR_DYNAMIC: &str = "XML_dynamic_CNY_2024-02-20_2024-03-16.xml";

async fn upload_as(app: &TestApp, token: &str, format: &str, body: Vec<u8>) -> reqwest::Response {
    app.request_as(token, Method::POST, &format!("{IMPORTS}?format={format}&file_name=test"))
        .header("content-type", "application/octet-stream")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The report of an import that must succeed, as the administrator.
async fn imported(app: &TestApp, format: &str, name: &str) -> Value {
    let response = upload_as(app, &app.admin.access_token, format, read_fixture(name)).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

fn counts(report: &Value) -> (u64, u64, u64) {
    (report["new"].as_u64().unwrap(), report["changed"].as_u64().unwrap(), report["unchanged"].as_u64().unwrap())
}

/// (rates, import batches) in the database.
fn stored(app: &TestApp) -> (i64, i64) {
    use jointreg::db::schema::{fx_import_batches, fx_rates};
    let mut conn = app.database.connect();
    let rates = fx_rates::table.count().get_result(&mut conn).unwrap();
    let batches = fx_import_batches::table.count().get_result(&mut conn).unwrap();
    (rates, batches)
}

async fn rate(app: &TestApp, query: &str) -> reqwest::Response {
    app.get(&format!("/api/v1/fx-rates?{query}")).await
}

async fn rate_ok(app: &TestApp, query: &str) -> Value {
    let response = rate(app, query).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{query}: {text}");
    serde_json::from_str(&text).unwrap()
}

both_backends! {
    async fn every_format_imports_once_and_a_second_import_changes_nothing(backend) {
        let app = TestApp::spawn(backend).await;

        let hist = imported(&app, "ecb-csv", ECB_HIST).await;
        // USD and CNY on 20 days, RUB until 2022-03-01 (12 days); JPY and GBP left out.
        assert_eq!(counts(&hist), (52, 0, 0), "{hist}");
        assert_eq!((hist["rows"].as_u64(), hist["skipped"].as_u64()), (Some(52), Some(40)), "{hist}");
        assert_eq!((hist["source"].as_str(), hist["format"].as_str()), (Some("ECB"), Some("ecb-csv")));
        assert_eq!((hist["first_date"].as_str(), hist["last_date"].as_str()), (Some("2022-02-14"), Some("2022-03-11")));
        assert!(hist["batch_id"].is_string(), "{hist}");
        assert_eq!(hist["sha256"].as_str().map(str::len), Some(64));
        let daily = imported(&app, "ecb-xml", ECB_DAILY).await;
        assert_eq!((counts(&daily), daily["skipped"].as_u64()), ((2, 0, 0), Some(28)), "{daily}");
        let cbr = imported(&app, "cbr-daily", CBR_DAILY).await;
        assert_eq!((counts(&cbr), cbr["skipped"].as_u64()), ((3, 0, 0), Some(19)), "{cbr}");
        let dynamic = imported(&app, "cbr-dynamic", CBR_DYNAMIC).await;
        assert_eq!(counts(&dynamic), (17, 0, 0), "{dynamic}");
        assert_eq!(stored(&app), (74, 4));

        for (format, name, rows) in [("ecb-csv", ECB_HIST, 52), ("ecb-xml", ECB_DAILY, 2), ("cbr-daily", CBR_DAILY, 3), ("cbr-dynamic", CBR_DYNAMIC, 17)] {
            let again = imported(&app, format, name).await;
            assert_eq!(counts(&again), (0, 0, rows), "{name}: {again}");
            assert!(again["batch_id"].is_null(), "nothing written, no batch: {again}");
        }
        assert_eq!(stored(&app), (74, 4), "the second imports changed nothing");

        // The CBR's ten yuan are stored as one: 105,6215 / 10.
        let cny = rate_ok(&app, "base=CNY&quote=RUB&on=2015-12-02").await;
        assert_eq!((cny["rate"].as_str(), cny["source"].as_str(), cny["derivation"].as_str()), (Some("10.56215"), Some("CBR"), Some("direct")));
        let published: Value = app.get("/api/v1/fx-rates/published?base=EUR&quote=RUB&from=2022-02-28&to=2022-03-31").await.json().await.unwrap();
        let rub: Vec<&str> = published["items"].as_array().unwrap().iter().map(|r| r["rate"].as_str().unwrap()).collect();
        assert_eq!(rub, ["117.144", "117.201"], "the ECB's RUB ends 2022-03-01: {published}");
    }

    async fn a_corrected_rate_replaces_the_stored_one_and_is_counted_as_changed(backend) {
        let app = TestApp::spawn(backend).await;
        imported(&app, "cbr-dynamic", CBR_DYNAMIC).await;
        let corrected = String::from_utf8(read_fixture(CBR_DYNAMIC)).unwrap().replace("<Value>12,6595</Value>", "<Value>12,6600</Value>");

        let response = upload_as(&app, &app.admin.access_token, "cbr-dynamic", corrected.into_bytes()).await;

        let report: Value = response.json().await.unwrap();
        assert_eq!(counts(&report), (0, 1, 16), "{report}");
        assert_eq!(stored(&app), (17, 2));
        let now = rate_ok(&app, "base=CNY&quote=RUB&on=2024-03-02").await;
        assert_eq!(now["rate"], "12.66");
    }

    async fn a_malformed_file_is_refused_whole_naming_its_line(backend) {
        let app = TestApp::spawn(backend).await;
        let hist = String::from_utf8(read_fixture(ECB_HIST)).unwrap();
        let bad = hist.replace("2022-02-21,1.1338,", "2022-02-21,1.13x8,");
        assert_ne!(bad, hist);

        let problem = assert_problem(upload_as(&app, &app.admin.access_token, "ecb-csv", bad.into_bytes()).await, 422).await;

        assert_eq!(error_fields(&problem), ["file"], "{problem}");
        let message = problem["errors"][0]["message"].as_str().unwrap();
        assert!(message.starts_with("line 16:") && message.contains("1.13x8"), "{message}");
        assert_eq!(stored(&app), (0, 0), "nothing written");

        // Wrong files for the format, and a Nominal of zero deep in a windows-1251 file.
        let wrong = assert_problem(upload_as(&app, &app.admin.access_token, "cbr-daily", read_fixture(ECB_DAILY)).await, 422).await;
        assert!(wrong["errors"][0]["message"].as_str().unwrap().contains("ValCurs"), "{wrong}");
        let cbr = encoding_rs::WINDOWS_1251.decode(&read_fixture(CBR_DAILY)).0.replace("<Nominal>100</Nominal><Name>Японских", "<Nominal>0</Nominal><Name>Японских");
        let bad = encoding_rs::WINDOWS_1251.encode(&cbr).0.into_owned();
        let problem = assert_problem(upload_as(&app, &app.admin.access_token, "cbr-daily", bad).await, 422).await;
        assert!(problem["errors"][0]["message"].as_str().unwrap().starts_with("line 24:"), "{problem}");
        let unknown = assert_problem(upload_as(&app, &app.admin.access_token, "pboc", vec![]).await, 422).await;
        assert_eq!(error_fields(&unknown), ["format"], "{unknown}");
        assert_eq!(stored(&app), (0, 0));
    }

    async fn only_administrators_import_and_every_signed_in_caller_reads(backend) {
        let app = TestApp::spawn(backend).await;
        for role in [Role::Coordinator, Role::LabHead, Role::Partner] {
            let session = app.session(role).await;
            let problem = assert_problem(upload_as(&app, &session.access_token, "ecb-xml", read_fixture(ECB_DAILY)).await, 403).await;
            assert!(problem["detail"].as_str().unwrap().contains("administrators"), "{problem}");
        }
        let anonymous = app.anonymous.post(app.url(&format!("{IMPORTS}?format=ecb-xml"))).body(read_fixture(ECB_DAILY)).send().await.unwrap();
        assert_problem(anonymous, 401).await;
        assert_eq!(stored(&app), (0, 0));

        imported(&app, "ecb-xml", ECB_DAILY).await;
        let partner = app.session(Role::Partner).await;
        let read = app.request_as(&partner.access_token, Method::GET, "/api/v1/fx-rates?base=EUR&quote=USD&on=2024-03-04").send().await.unwrap();
        assert_eq!(read.status(), 200);
        let anonymous = app.anonymous.get(app.url("/api/v1/fx-rates?base=EUR&quote=USD&on=2024-03-04")).send().await.unwrap();
        assert_problem(anonymous, 401).await;
    }

    async fn the_rate_in_effect_looks_back_seven_days_at_most(backend) {
        let app = TestApp::spawn(backend).await;
        imported(&app, "ecb-csv", ECB_HIST).await;
        imported(&app, "ecb-xml", ECB_DAILY).await;
        imported(&app, "cbr-dynamic", CBR_DYNAMIC).await;

        // Monday 2024-03-04 takes Saturday's CBR rate (none is dated Sunday or Monday).
        let monday = rate_ok(&app, "base=CNY&quote=RUB&on=2024-03-04").await;
        assert_eq!(monday["rate"], "12.6595");
        assert_eq!((monday["rate_date"].as_str(), monday["source"].as_str()), (Some("2024-03-02"), Some("CBR")));
        assert_eq!(monday["legs"].as_array().unwrap().len(), 1);
        assert_eq!(rate_ok(&app, "base=CNY&quote=RUB&on=2024-03-23").await["rate_date"], "2024-03-16");
        assert_problem(rate(&app, "base=CNY&quote=RUB&on=2024-03-24").await, 404).await;
        assert_problem(rate(&app, "base=CNY&quote=RUB&on=2024-02-19").await, 404).await;

        // The ECB's RUB: the last rate of 2022-03-01 holds 7 days, then there is none.
        assert_eq!(rate_ok(&app, "base=EUR&quote=RUB&on=2022-03-08").await["rate"], "117.201");
        assert_problem(rate(&app, "base=EUR&quote=RUB&on=2022-03-09").await, 404).await;

        // The inverse, and a cross through the euro, exactly as the conversion uses them.
        let rouble = rate_ok(&app, "base=RUB&quote=CNY&on=2024-03-04").await;
        assert_eq!((rouble["derivation"].as_str(), rouble["rate"].as_str()), (Some("inverse"), Some("0.0789920613")));
        let cross = rate_ok(&app, "base=USD&quote=CNY&on=2024-03-04").await;
        assert_eq!((cross["derivation"].as_str(), cross["via"].as_str()), (Some("cross"), Some("EUR")));
        assert_eq!(cross["rate"], "7.1983966089", "7.8117 / 1.0852");
        // Sunday takes Friday's ECB rate.
        assert_eq!(rate_ok(&app, "base=EUR&quote=USD&on=2022-03-06").await["rate_date"], "2022-03-04");

        let same = assert_problem(rate(&app, "base=EUR&quote=EUR&on=2024-03-04").await, 422).await;
        assert_eq!(error_fields(&same), ["quote"]);
        let gbp = assert_problem(rate(&app, "base=GBP&quote=EUR").await, 422).await;
        assert_eq!(error_fields(&gbp), ["base"]);
        let far = assert_problem(app.get("/api/v1/fx-rates/published?base=EUR&quote=USD&from=2020-01-01&to=2024-01-01").await, 422).await;
        assert_eq!(error_fields(&far), ["to"]);
    }

    async fn the_command_line_imports_with_the_same_checks(backend) {
        let app = TestApp::spawn(backend).await;

        let first = run_jointreg(&app.database.url, &["rates", "import", "--format", "cbr-daily", fixture(CBR_DAILY).to_str().unwrap()], &[]);
        assert!(first.status.success(), "{}", text(&first.stderr));
        assert!(text(&first.stdout).contains("CBR rates: 3 new, 0 changed, 0 unchanged"), "{}", text(&first.stdout));
        let again = run_jointreg(&app.database.url, &["rates", "import", "--format", "cbr-daily", fixture(CBR_DAILY).to_str().unwrap()], &[]);
        assert!(text(&again.stdout).contains("0 new, 0 changed, 3 unchanged"), "{}", text(&again.stdout));
        assert_eq!(stored(&app), (3, 1));

        let bad = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(bad.path(), "Date,USD,\n2024-03-04,1.0852,\n2024-03-01,N/A,\n2024-02-30,1.08,\n").unwrap();
        let refused = run_jointreg(&app.database.url, &["rates", "import", "--format", "ecb-csv", bad.path().to_str().unwrap()], &[]);
        assert_eq!(refused.status.code(), Some(65), "{}", text(&refused.stderr));
        assert!(text(&refused.stderr).contains("line 4: \"2024-02-30\" is not a date"), "{}", text(&refused.stderr));
        let missing = run_jointreg(&app.database.url, &["rates", "import", "--format", "ecb-csv", "/nonexistent/file.csv"], &[]);
        assert_eq!(missing.status.code(), Some(66));
        assert_eq!(stored(&app), (3, 1), "nothing written by the refused files");

        // The library function the command calls, as a roll-up's tooling would.
        let settings = app.settings.clone();
        let report = tokio::task::spawn_blocking(move || {
            jointreg::rates::command::import_file(&settings, &fixture(CBR_DYNAMIC), jointreg::rates::Format::CbrDynamic, &mut |_| {})
        })
        .await
        .unwrap()
        .unwrap();
        assert_eq!((report.new, report.changed, report.unchanged), (17, 0, 0));
        assert_eq!(stored(&app), (20, 2));
    }
}

const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";

both_backends! {
    async fn stats_total_the_funding_in_one_currency_at_each_records_start_date(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = create(&app, &project_body(&world, "Converted funding")).await;
        imported(&app, "ecb-xml", ECB_DAILY).await;
        imported(&app, "cbr-dynamic", CBR_DYNAMIC).await;
        let award = |funder: &str, lab: &str, number: &str, amount: i64, currency: &str| json!({
            "project_id": project["id"], "funder_id": funder, "lab_id": lab, "award_number": number,
            "amount": {"amount_minor": amount, "currency": currency},
            "starts_on": "2024-03-04", "ends_on": "2026-12-31", "status": "active"
        });
        for body in [
            award(NSFC, &world.cn_lab, "N-1", 100_000_000, "CNY"),
            award(RSF, &world.ru_lab, "R-1", 50_000_000, "RUB"),
            award(RSF, &world.ru_lab, "R-2", 10_000, "USD"),
        ] {
            assert_eq!(app.post_json("/api/v1/funding", &body).await.status(), 201, "{body}");
        }

        let stats: Value = app.get("/api/v1/stats?currency=RUB").await.json().await.unwrap();

        let rub = &stats["funding_converted"];
        // 1 000 000.00 CNY at Saturday's 12.6595 (Monday the 4th has no CBR rate) and 500 000.00
        // RUB as they are; no USD/RUB rate in March 2024, so the dollars are listed, not guessed.
        assert_eq!(rub["amount_minor"], 1_315_950_000_i64, "{rub}");
        assert_eq!(rub["records"], 2);
        assert_eq!(rub["unconverted"], json!([{"currency": "USD", "amount_minor": 10_000, "records": 1}]));
        assert_eq!(rub["native"].as_array().unwrap().len(), 3, "{rub}");
        assert_eq!(rub["rates"], json!([{"source": "CBR", "rate_date": "2024-03-02", "base": "CNY", "quote": "RUB", "rate": "12.6595"}]));
        let by_funder: Vec<(&str, i64)> = rub["by_funder"].as_array().unwrap().iter().map(|f| (f["funder_short_code"].as_str().unwrap(), f["amount_minor"].as_i64().unwrap())).collect();
        assert_eq!(by_funder, [("NSFC", 1_265_950_000), ("RSF", 50_000_000)]);

        // In dollars: the yuan cross through the euro (× 1.0852 / 7.8117), the roubles have no rate.
        let usd: Value = app.get("/api/v1/stats?currency=USD").await.json().await.unwrap();
        let usd = &usd["funding_converted"];
        assert_eq!(usd["amount_minor"], 13_891_983_i64 + 10_000, "{usd}");
        assert_eq!(usd["unconverted"][0]["currency"], "RUB");
        assert_eq!(usd["rates"].as_array().unwrap().len(), 2, "both legs named: {usd}");

        let plain: Value = app.get("/api/v1/stats").await.json().await.unwrap();
        assert!(plain["funding_converted"].is_null());
        let anonymous: Value = app.anonymous.get(app.url("/api/v1/stats?currency=RUB")).send().await.unwrap().json().await.unwrap();
        assert!(anonymous["funding_converted"].is_null(), "rates are for signed-in callers");
        assert_problem(app.get("/api/v1/stats?currency=GBP").await, 422).await;
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
