//! `jointreg seed-demo`: the centre of the article, loaded twice, read back through the API.

use std::process::Command;

use chrono::{Datelike, Months};
use jointreg::config::DatabaseUrl;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, TestDatabase};
use crate::outputs::output_body;
use crate::projects::{create, project_body};

/// The last day of the month `months` after this one, as the demo dates running funding.
fn month_end(months: u32) -> String {
    let today = crate::helpers::today();
    let first = today.with_day(1).unwrap().checked_add_months(Months::new(months + 1)).unwrap();
    first.pred_opt().unwrap().to_string()
}

const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";

fn seed_demo(database: &DatabaseUrl) -> std::process::Output {
    let url = match database {
        DatabaseUrl::Sqlite { path } => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres { url } => url.clone(),
    };
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_jointreg"))
        .arg("seed-demo")
        .env_clear()
        .env("JOINTREG_DATABASE_URL", url)
        .current_dir(dir.path())
        .output()
        .unwrap()
}

both_backends! {
    async fn seed_demo_loads_the_centre_once_and_shows_progress(backend) {
        let database = TestDatabase::new(backend);

        let first = seed_demo(&database.url);
        assert!(first.status.success(), "{first:?}");
        assert!(String::from_utf8_lossy(&first.stderr).contains("loading laboratories"), "progress is shown");
        assert!(String::from_utf8_lossy(&first.stdout).contains("demo data loaded"));
        let second = seed_demo(&database.url);
        assert!(second.status.success(), "{second:?}");
        assert!(String::from_utf8_lossy(&second.stdout).contains("already loaded"));
    }

    async fn seed_demo_loads_beside_what_the_readme_tour_recorded(backend) {
        let app = TestApp::spawn(backend).await;
        // The tour's records: Wuhan University by its ROR id (under a name of its own here), the
        // article's centre, and an RSF award number and a DOI that the demo uses as well.
        let world = World::build(&app).await;
        let renamed = app.patch_json(&format!("/api/v1/institutions/{}", world.wuhan), Some("\"1\""), &json!({"names": {"en": "WHU"}})).await;
        assert_eq!(renamed.status(), 200);
        let hosts = json!({"names": {"en": jointreg::demo::CENTRE_NAME}, "host_institution_ids": [world.susu, world.wuhan], "status": "active"});
        assert_eq!(app.post_json("/api/v1/centres", &hosts).await.status(), 201);
        let project = create(&app, &project_body(&world, "Systemic pathology of chronic inflammation")).await;
        let award = json!({"project_id": project["id"], "funder_id": RSF, "award_number": "24-45-00012",
            "starts_on": "2024-01-01", "ends_on": "2026-12-31", "status": "active", "lab_id": world.ru_lab});
        assert_eq!(app.post_json("/api/v1/funding", &award).await.status(), 201);
        let mut article = output_body("Hepatic lipid metabolism", &[&project]);
        article["doi"] = json!("10.3390/ijms22115871");
        assert_eq!(app.post_json("/api/v1/outputs", &article).await.status(), 201);

        let seeded = seed_demo(&app.database.url);

        assert!(seeded.status.success(), "{seeded:?}");
        assert!(String::from_utf8_lossy(&seeded.stdout).contains("demo data loaded"), "{seeded:?}");
        let institutions: Value = app.get("/api/v1/institutions").await.json().await.unwrap();
        assert_eq!(institutions["total"], 3, "the demo's three are the tour's (WHU found by its ROR id): {institutions}");
        let centres: Value = app.get("/api/v1/centres?q=systemic").await.json().await.unwrap();
        assert_eq!(centres["total"], 2, "the tour's centre and the demo's: {centres}");
        let rsf: Value = app.get(&format!("/api/v1/funding?funder_id={RSF}&limit=100")).await.json().await.unwrap();
        let numbered = rsf["items"].as_array().unwrap().iter().filter(|f| f["award_number"] == "24-45-00012").count();
        assert_eq!(numbered, 1, "the demo's copy does not claim the tour's award: {rsf}");
        let doi: Value = app.get("/api/v1/outputs?doi=10.3390/ijms22115871").await.json().await.unwrap();
        assert_eq!(doi["total"], 1, "{doi}");
        let again = seed_demo(&app.database.url);
        assert!(String::from_utf8_lossy(&again.stdout).contains("already loaded"), "{again:?}");
    }

    async fn the_demo_centres_timeline_tells_three_pairs_then_one_and_a_third_country_site(backend) {
        let app = TestApp::spawn(backend).await;
        let outcome = jointreg::demo::load(&mut app.database.connect(), crate::helpers::today(), &mut |_| {}).unwrap();
        let jointreg::demo::Outcome::Loaded { centre_id } = outcome else { panic!("a fresh database") };

        let timeline: Value = app.get(&format!("/api/v1/centres/{centre_id}/timeline")).await.json().await.unwrap();

        let points: Vec<(String, i64, i64, i64)> = timeline["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["date"].as_str().unwrap().to_owned(),
                    p["active_labs"].as_i64().unwrap(),
                    p["active_mirror_pairs"].as_i64().unwrap(),
                    p["active_third_country_links"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            points,
            [
                ("2020-09-01".into(), 6, 3, 0),
                ("2023-01-01".into(), 2, 1, 0),
                ("2023-03-01".into(), 3, 1, 1),
            ]
        );
        let centre: Value = app.get(&format!("/api/v1/centres/{centre_id}")).await.json().await.unwrap();
        assert_eq!(centre["status"], "reduced");
        let funders: Value = app.get("/api/v1/funders?q=rfbr").await.json().await.unwrap();
        assert_eq!(funders["items"][0]["status"], "closed");
    }

    async fn the_demo_centres_projects_funding_and_outputs(backend) {
        let app = TestApp::spawn(backend).await;
        let outcome = jointreg::demo::load(&mut app.database.connect(), crate::helpers::today(), &mut |_| {}).unwrap();
        let jointreg::demo::Outcome::Loaded { centre_id } = outcome else { panic!("a fresh database") };

        let projects: Value = app.get(&format!("/api/v1/projects?centre_id={centre_id}&sort=starts_on")).await.json().await.unwrap();
        assert_eq!(projects["total"], 5, "{projects}");
        let joint = projects["items"].as_array().unwrap().iter().find(|p| p["acronym"] == "SYSPATH").unwrap();
        assert_eq!(joint["countries"], serde_json::json!(["CN", "RU"]));
        let funding: Value = app.get(&format!("/api/v1/projects/{}/funding?sort=ends_on", joint["id"].as_str().unwrap())).await.json().await.unwrap();
        let sides: Vec<(&str, &str, &str)> = funding["items"].as_array().unwrap().iter()
            .map(|f| (f["side"].as_str().unwrap(), f["funder_short_code"].as_str().unwrap(), f["ends_on"].as_str().unwrap()))
            .collect();
        assert_eq!(sides, [("RU", "RSF", month_end(1).as_str()), ("CN", "NSFC", month_end(13).as_str())], "the Russian side ends a year early");
        let rfbr: Value = app.get("/api/v1/projects?funder_id=01a21f73-9c00-7000-8000-000000000003").await.json().await.unwrap();
        assert_eq!(rfbr["total"], 2, "the finished liver study and the cohort study");
        let unfunded: Value = app.get("/api/v1/projects?status=planned").await.json().await.unwrap();
        let unfunded_id = unfunded["items"][0]["id"].as_str().unwrap();
        let none: Value = app.get(&format!("/api/v1/projects/{unfunded_id}/funding")).await.json().await.unwrap();
        assert_eq!(none["total"], 0);

        let articles: Value = app.get("/api/v1/outputs?kind=journal_article&limit=1").await.json().await.unwrap();
        assert_eq!(articles["total"], 15);
        let co_authored: Value = app.get("/api/v1/outputs?ru_cn=true&limit=1").await.json().await.unwrap();
        assert_eq!(co_authored["total"], 14, "13 articles and the agreement");
        let agreement: Value = app.get("/api/v1/outputs?kind=agreement").await.json().await.unwrap();
        assert!(agreement["items"][0]["title"].as_str().unwrap().contains("Wuhan University and South Ural State University"));

        let open: Value = app.anonymous.get(app.url("/api/v1/projects")).send().await.unwrap().json().await.unwrap();
        assert_eq!(open["total"], 1, "only the public RFBR-funded study is open data");
    }

    async fn the_demo_shows_every_kind_of_funding_finding(backend) {
        let app = TestApp::spawn(backend).await;
        jointreg::demo::load(&mut app.database.connect(), crate::helpers::today(), &mut |_| {}).unwrap();

        let page: Value = app.get("/api/v1/funding-gaps?limit=100").await.json().await.unwrap();

        let items = page["items"].as_array().unwrap();
        let mut kinds: Vec<&str> = items.iter().map(|f| f["kind"].as_str().unwrap()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds, ["centre_at_risk", "expiring", "funder_lapsed", "gap", "lab_at_risk", "one_sided"], "{page}");
        let find = |kind: &str, text: &str| {
            items
                .iter()
                .find(|f| f["kind"] == kind && f["explanation"].as_str().unwrap().contains(text))
                .unwrap_or_else(|| panic!("no {kind} finding about {text}: {page}"))
        };
        let one_sided = find("one_sided", "Systemic pathology of chronic inflammation");
        assert_eq!(one_sided["side"], "RU");
        assert_eq!(one_sided["ends_on"].as_str(), Some(month_end(13).as_str()), "a year after the Russian award ends");
        let lapsed = find("funder_lapsed", "Chelyabinsk cohort");
        assert!(lapsed["explanation"].as_str().unwrap().contains("RFBR, which has closed; its role passed to RSF"));
        assert_eq!(find("expiring", "Chelyabinsk cohort")["ends_on"].as_str(), Some(month_end(3).as_str()));
        find("gap", "Heat-resistant polymer composites");
        find("lab_at_risk", "(Almaty)");
        find("centre_at_risk", "Ural–Wuhan Centre for Composite Materials");
    }
}
