//! `GET /api/v1/stats`: every figure against a small registry built by hand, whose numbers are
//! worked out below; what a partner token of an outside institution and an anonymous caller
//! see; `as_of` moves the dated figures and is validated.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::connection::{Connection, InstrumentationEvent};
use jointreg::auth::caller::{Caller, Principal};
use jointreg::db::models::project_access::ReadScope;
use jointreg::domain::role::Role;
use jointreg::routes::stats::build;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, error_fields, south_ural_university, wuhan_university};
use crate::labs::{create_lab, insert_centre, lab_body};
use crate::projects::{create, project_body};

const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";
const AS_OF: &str = "2024-06-30";

/// The registry, as the administrator records it:
///
/// | project | status    | visibility | ASJC codes        | labs        |
/// |---------|-----------|------------|-------------------|-------------|
/// | A       | active    | partners   | 2734, 2700        | RU + CN     |
/// | B       | planned   | public     | 3106              | RU + CN     |
/// | C       | completed | public     | 2208, 2200, 1600  | RU + CN     |
/// | D       | active    | restricted | 2734              | RU + CN     |
/// | E       | suspended | partners   | 3100              | RU + CN     |
///
/// RU–CN co-authored outputs: 2021 two of A (and one RU–KZ, not counted); 2022 two of A and one
/// of D; 2023 three of B, two of D, one of A and D together, one of C.
///
/// Funding: A has RSF 6,000,000.00 RUB (active) and NSFC 2,000,000.00 CNY (active, covering
/// 2022–2024); B NSFC 700,000.00 CNY (awarded); C RSF 1,000,000.00 RUB (ended) and NSFC
/// 500,000.00 CNY (applied: not counted); D RSF 3,000,000.00 RUB (awarded).
///
/// Mirror links: RU–CN (2020-09-01, open); the centre's RU 2–CN 2 (2020-09-01 to 2022-12-31);
/// third-country CN–KZ (2021-01-01, open) and RU–KZ (2021-06-01, open) to the same Kazakh lab;
/// CN 2–KZ 2 (2021-03-01 to 2023-01-01).
///
/// A centre with three labs: RU 2 and CN 2 active and RU 3 planned from 2020-09-01; RU 3 closed on
/// 2022-01-01; CN 2 suspended on 2023-01-01; RU 2 to close on 2030-01-01. The World's RU lab is
/// active from 2020-01-01 (secured by A's funding); its other labs stay planned.
struct Registry {
    world: World,
}

async fn record(app: &TestApp, path: &str, body: &Value) -> Value {
    let response = app.post_json(path, body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "{path} {body}: {text}");
    serde_json::from_str(&text).unwrap()
}

async fn project(app: &TestApp, world: &World, title: &str, status: &str, visibility: &str, codes: &[i32]) -> Value {
    let mut body = project_body(world, title);
    body["status"] = json!(status);
    body["visibility"] = json!(visibility);
    body["subject_areas"] = json!(codes);
    create(app, &body).await
}

async fn outputs(app: &TestApp, projects: &[&Value], year: i32, countries: &[&str], count: usize) {
    let ids: Vec<Value> = projects.iter().map(|p| p["id"].clone()).collect();
    for n in 0..count {
        let title = format!("Output {n} of {year} by {ids:?} from {countries:?}");
        let body = json!({"kind": "journal_article", "title": title, "year": year, "author_countries": countries, "project_ids": ids});
        record(app, "/api/v1/outputs", &body).await;
    }
}

#[allow(clippy::too_many_arguments)]
async fn funding(
    app: &TestApp,
    project: &Value,
    funder: &str,
    lab: &str,
    amount: i64,
    currency: &str,
    period: (&str, &str),
    status: &str,
) {
    let body = json!({
        "project_id": project["id"], "funder_id": funder, "lab_id": lab,
        "amount": {"amount_minor": amount, "currency": currency},
        "starts_on": period.0, "ends_on": period.1, "status": status
    });
    record(app, "/api/v1/funding", &body).await;
}

async fn lab(app: &TestApp, name: &str, institution: &Value, centre: Option<&str>, status: Option<&str>) -> String {
    let mut body = lab_body(name, institution);
    if let Some(centre) = centre {
        body["centre_id"] = json!(centre);
    }
    if let Some(status) = status {
        body["status"] = json!({"status": status, "effective_on": "2020-09-01", "reason": "Opened with the centre"});
    }
    create_lab(app, &body).await["id"].as_str().unwrap().to_owned()
}

async fn status(app: &TestApp, lab: &str, status: &str, on: &str) {
    let body = json!({"status": status, "effective_on": on, "reason": "Recorded for the statistics"});
    record(app, &format!("/api/v1/labs/{lab}/status"), &body).await;
}

async fn link(app: &TestApp, a: &str, b: &str, kind: &str, starts_on: &str, ends_on: Option<&str>) {
    let body = json!({"lab_a_id": a, "lab_b_id": b, "kind": kind, "starts_on": starts_on, "ends_on": ends_on});
    record(app, "/api/v1/mirror-links", &body).await;
}

async fn registry(app: &TestApp) -> Registry {
    let world = World::build(app).await;
    let a = project(app, &world, "A: systemic pathology", "active", "partners", &[2734, 2700]).await;
    let b = project(app, &world, "B: neutrino detectors", "planned", "public", &[3106]).await;
    let c = project(app, &world, "C: power electronics", "completed", "public", &[2208, 2200, 1600]).await;
    let d = project(app, &world, "D: restricted sepsis trial", "active", "restricted", &[2734]).await;
    project(app, &world, "E: plasma physics", "suspended", "partners", &[3100]).await;

    outputs(app, &[&a], 2021, &["RU", "CN"], 2).await;
    outputs(app, &[&a], 2021, &["RU", "KZ"], 1).await;
    outputs(app, &[&a], 2022, &["CN", "RU"], 2).await;
    outputs(app, &[&d], 2022, &["RU", "CN"], 1).await;
    outputs(app, &[&b], 2023, &["RU", "CN", "KZ"], 3).await;
    outputs(app, &[&d], 2023, &["RU", "CN"], 2).await;
    outputs(app, &[&a, &d], 2023, &["RU", "CN"], 1).await;
    outputs(app, &[&c], 2023, &["RU", "CN"], 1).await;

    let (ru, cn) = (world.ru_lab.as_str(), world.cn_lab.as_str());
    funding(app, &a, RSF, ru, 600_000_000, "RUB", ("2021-07-01", "2024-06-30"), "active").await;
    funding(app, &a, NSFC, cn, 200_000_000, "CNY", ("2022-01-01", "2024-12-31"), "active").await;
    funding(app, &b, NSFC, cn, 70_000_000, "CNY", ("2021-01-01", "2025-12-31"), "awarded").await;
    funding(app, &c, RSF, ru, 100_000_000, "RUB", ("2021-01-01", "2023-12-31"), "ended").await;
    funding(app, &c, NSFC, cn, 50_000_000, "CNY", ("2021-01-01", "2023-12-31"), "applied").await;
    funding(app, &d, RSF, ru, 300_000_000, "RUB", ("2025-01-01", "2025-12-31"), "awarded").await;

    let susu = json!({"id": world.susu});
    let wuhan = json!({"id": world.wuhan});
    let kz = json!({"id": world.outsider_institution});
    let centre = insert_centre(app, "Joint Russian-Chinese Center for Systemic Pathology");
    let ru2 = lab(app, "RU 2", &susu, Some(&centre), Some("active")).await;
    let cn2 = lab(app, "CN 2", &wuhan, Some(&centre), Some("active")).await;
    let ru3 = lab(app, "RU 3", &susu, Some(&centre), Some("planned")).await;
    let kz2 = lab(app, "KZ 2", &kz, None, None).await;
    status(app, &ru3, "closed", "2022-01-01").await;
    status(app, &cn2, "suspended", "2023-01-01").await;
    status(app, &ru2, "closed", "2030-01-01").await;
    status(app, ru, "active", "2020-01-01").await;

    link(app, ru, cn, "mirror", "2020-09-01", None).await;
    link(app, &ru2, &cn2, "mirror", "2020-09-01", Some("2022-12-31")).await;
    link(app, cn, &world.other_lab, "third_country", "2021-01-01", None).await;
    link(app, ru, &world.other_lab, "third_country", "2021-06-01", None).await;
    link(app, &cn2, &kz2, "third_country", "2021-03-01", Some("2023-01-01")).await;
    Registry { world }
}

/// The statistics as `token` (anonymously with `None`); panics unless the answer is 200.
async fn stats(app: &TestApp, token: Option<&str>, query: &str) -> Value {
    let path = format!("/api/v1/stats{query}");
    let request = match token {
        Some(token) => app.request_as(token, Method::GET, &path),
        None => app.anonymous.get(app.url(&path)),
    };
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{path}: {text}");
    serde_json::from_str(&text).unwrap()
}

/// The queries `build` runs for `scope` (signed in or not) on `as_of`.
fn queries(app: &TestApp, scope: &ReadScope, signed_in: bool) -> usize {
    let mut conn = app.database.connect();
    let counter = Arc::new(AtomicUsize::new(0));
    let seen = counter.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if matches!(event, InstrumentationEvent::StartQuery { .. }) {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    build(&mut conn, scope, signed_in, AS_OF.parse().unwrap()).unwrap();
    counter.load(Ordering::SeqCst)
}

fn area(code: i32, name: &str, projects: i64) -> Value {
    json!({"code": code, "name": name, "projects": projects})
}

fn year(year: i32, outputs: i64, growth: Option<f64>) -> Value {
    json!({"year": year, "outputs": outputs, "growth_percent": growth})
}

fn total(funder: &str, code: &str, currency: &str, amount: i64, records: i64) -> Value {
    json!({"funder_id": funder, "funder_short_code": code, "currency": currency, "amount_minor": amount, "records": records})
}

both_backends! {
    async fn stats_match_hand_computed_values_for_the_administrator(backend) {
        let app = TestApp::spawn(backend).await;
        registry(&app).await;
        let admin = app.admin.access_token.clone();

        let body = stats(&app, Some(&admin), &format!("?as_of={AS_OF}")).await;

        assert_eq!(body["as_of"], AS_OF);
        assert_eq!(
            body["projects_by_status"],
            json!({"planned": 1, "active": 2, "suspended": 1, "completed": 1, "cancelled": 0})
        );
        assert_eq!(
            body["projects_by_area"],
            json!([
                area(1600, "General Chemistry", 1),
                area(2200, "General Engineering", 1),
                area(2700, "General Medicine", 2),
                area(3100, "General Physics and Astronomy", 2),
            ])
        );
        assert_eq!(
            body["co_authored_outputs_by_year"],
            json!([year(2021, 2, None), year(2022, 3, Some(50.0)), year(2023, 7, Some(133.3))])
        );
        assert_eq!(
            body["funding_totals"],
            json!([total(NSFC, "NSFC", "CNY", 270_000_000, 2), total(RSF, "RSF", "RUB", 1_000_000_000, 3)])
        );
        assert_eq!(body["mirror_links"], json!({"active_mirror_pairs": 1, "active_third_country_sites": 1}));
        assert_eq!(body["at_risk"], json!({"labs": 1, "centres": 1}), "RU 2 and its centre; A's funding secures the RU lab");
        let centres = body["centres"].as_array().unwrap();
        assert_eq!(centres.len(), 1);
        assert_eq!(centres[0]["name"], "Joint Russian-Chinese Center for Systemic Pathology");
        assert_eq!(
            centres[0]["lab_counts"],
            json!([
                {"date": "2020-09-01", "labs": 3, "active_labs": 2},
                {"date": "2022-01-01", "labs": 2, "active_labs": 2},
                {"date": "2023-01-01", "labs": 2, "active_labs": 1},
            ])
        );

        // Two years earlier: both mirror pairs and both Kazakh sites in force; the centre's
        // counts stop at the day.
        let earlier = stats(&app, Some(&admin), "?as_of=2022-06-30").await;
        assert_eq!(earlier["mirror_links"], json!({"active_mirror_pairs": 2, "active_third_country_sites": 2}));
        assert_eq!(earlier["centres"][0]["lab_counts"].as_array().unwrap().len(), 2);
        assert_eq!(earlier["projects_by_status"], body["projects_by_status"], "records are counted as they stand");

        // Without as_of: today.
        let today = stats(&app, Some(&admin), "").await;
        assert_eq!(today["as_of"], crate::helpers::today().to_string());
        assert_eq!(today["centres"][0]["lab_counts"].as_array().unwrap().len(), 3);
    }

    async fn a_partner_token_of_an_outside_institution_counts_no_restricted_project(backend) {
        let app = TestApp::spawn(backend).await;
        let registry = registry(&app).await;
        let token = World::partner_token(&app, &registry.world.outsider_institution).await;

        let body = stats(&app, Some(&token), &format!("?as_of={AS_OF}")).await;

        assert_eq!(
            body["projects_by_status"],
            json!({"planned": 1, "active": 1, "suspended": 1, "completed": 1, "cancelled": 0})
        );
        assert_eq!(
            body["projects_by_area"],
            json!([
                area(1600, "General Chemistry", 1),
                area(2200, "General Engineering", 1),
                area(2700, "General Medicine", 1),
                area(3100, "General Physics and Astronomy", 2),
            ])
        );
        // The output of A and D together is A's, so it counts.
        assert_eq!(
            body["co_authored_outputs_by_year"],
            json!([year(2021, 2, None), year(2022, 2, Some(0.0)), year(2023, 5, Some(150.0))])
        );
        assert_eq!(
            body["funding_totals"],
            json!([total(NSFC, "NSFC", "CNY", 270_000_000, 2), total(RSF, "RSF", "RUB", 700_000_000, 2)])
        );
        // Reference figures are everyone's.
        assert_eq!(body["mirror_links"], json!({"active_mirror_pairs": 1, "active_third_country_sites": 1}));
        assert_eq!(body["at_risk"], json!({"labs": 1, "centres": 1}));
        assert_eq!(body["centres"][0]["lab_counts"].as_array().unwrap().len(), 3);

        // The Chinese lab's head takes part in D, so counts it.
        let head = stats(&app, Some(&registry.world.cn_head.access_token), &format!("?as_of={AS_OF}")).await;
        assert_eq!(head["projects_by_status"]["active"], 2);
        assert_eq!(head["co_authored_outputs_by_year"][2], year(2023, 7, Some(133.3)));
    }

    async fn anonymous_callers_count_public_projects_and_see_no_lab_or_centre_figures(backend) {
        let app = TestApp::spawn(backend).await;
        registry(&app).await;

        let body = stats(&app, None, &format!("?as_of={AS_OF}")).await;

        assert_eq!(
            body["projects_by_status"],
            json!({"planned": 1, "active": 0, "suspended": 0, "completed": 1, "cancelled": 0})
        );
        assert_eq!(
            body["projects_by_area"],
            json!([
                area(1600, "General Chemistry", 1),
                area(2200, "General Engineering", 1),
                area(3100, "General Physics and Astronomy", 1),
            ])
        );
        assert_eq!(body["co_authored_outputs_by_year"], json!([year(2023, 4, None)]));
        assert_eq!(
            body["funding_totals"],
            json!([total(NSFC, "NSFC", "CNY", 70_000_000, 1), total(RSF, "RSF", "RUB", 100_000_000, 1)])
        );
        assert_eq!(body["mirror_links"], Value::Null);
        assert_eq!(body["at_risk"], Value::Null);
        assert_eq!(body["centres"], Value::Null);
    }

    async fn an_empty_registry_has_zeros_and_as_of_must_be_a_date(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_institution(&south_ural_university()).await;
        app.create_institution(&wuhan_university()).await;

        let body = stats(&app, Some(&app.admin.access_token), "?as_of=2024-01-01").await;
        assert_eq!(
            body["projects_by_status"],
            json!({"planned": 0, "active": 0, "suspended": 0, "completed": 0, "cancelled": 0})
        );
        assert_eq!(body["projects_by_area"], json!([]));
        assert_eq!(body["co_authored_outputs_by_year"], json!([]));
        assert_eq!(body["funding_totals"], json!([]));
        assert_eq!(body["mirror_links"], json!({"active_mirror_pairs": 0, "active_third_country_sites": 0}));
        assert_eq!(body["at_risk"], json!({"labs": 0, "centres": 0}));
        assert_eq!(body["centres"], json!([]));

        for bad in ["2024-02-30", "yesterday", "30.06.2024", ""] {
            let problem = assert_problem(app.get(&format!("/api/v1/stats?as_of={bad}")).await, 422).await;
            assert_eq!(error_fields(&problem), ["as_of"], "{bad}");
        }
        let problem = assert_problem(app.get("/api/v1/stats?year=2024").await, 422).await;
        assert!(!problem["errors"].as_array().unwrap().is_empty());
        let response = app.anonymous.get(app.url("/api/v1/stats")).bearer_auth("not-a-token").send().await.unwrap();
        assert_problem(response, 401).await;
    }

    async fn stats_cost_a_fixed_number_of_queries_whatever_the_registry(backend) {
        let app = TestApp::spawn(backend).await;
        let admin = Caller { principal: Principal::User { id: app.admin.user.id.clone(), role: Role::Admin, institution_id: None }, request_id: None };
        let everything = ReadScope::of(Some(&admin));
        let empty = (queries(&app, &everything, true), queries(&app, &ReadScope::Public, false));
        assert_eq!(empty, (16, 4));
        registry(&app).await;
        assert_eq!((queries(&app, &everything, true), queries(&app, &ReadScope::Public, false)), empty);
    }
}
