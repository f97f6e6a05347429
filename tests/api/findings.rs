//! `/api/v1/funding-gaps`: findings from hand-built scenarios with exact intervals, what each
//! role sees, filters and CSV, and coordinators' reviews. Dates are relative to today, so the
//! scenarios hold whenever the tests run.

use chrono::{Days, NaiveDate};
use diesel::connection::SimpleConnection;
use jointreg::domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, error_fields};
use crate::labs::insert_centre;
use crate::projects::{create, project_body};

const COLLECTION: &str = "/api/v1/funding-gaps";
const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";
const RFBR: &str = "01a21f73-9c00-7000-8000-000000000003";

fn today() -> NaiveDate {
    crate::helpers::today()
}

fn plus(days: i64) -> String {
    let day = if days >= 0 {
        today().checked_add_days(Days::new(days as u64))
    } else {
        today().checked_sub_days(Days::new(days.unsigned_abs()))
    };
    day.unwrap().to_string()
}

async fn award(app: &TestApp, project: &Value, funder: &str, lab: &str, from: i64, to: i64) -> Value {
    award_with_status(app, project, funder, lab, (from, to), "active").await
}

async fn award_with_status(
    app: &TestApp,
    project: &Value,
    funder: &str,
    lab: &str,
    (from, to): (i64, i64),
    status: &str,
) -> Value {
    let body = json!({"project_id": project["id"], "funder_id": funder, "starts_on": plus(from), "ends_on": plus(to), "status": status, "lab_id": lab});
    let response = app.post_json("/api/v1/funding", &body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// The scenario: a joint project whose Russian award ends 300 days before the Chinese one, and a
/// Russian-only project whose only award expires in 50 days.
pub async fn scenario(app: &TestApp, world: &World) -> (Value, Value, Value) {
    let mut joint = project_body(world, "Joint inflammation programme");
    joint["starts_on"] = json!(plus(-365));
    joint["ends_on"] = json!(plus(400));
    let joint = create(app, &joint).await;
    award(app, &joint, RSF, &world.ru_lab, -365, 100).await;
    let nsfc = award(app, &joint, NSFC, &world.cn_lab, -365, 400).await;
    let mut russian = project_body(world, "Russian liver study");
    russian["labs"] = json!([{"lab_id": world.ru_lab, "role": "lead"}]);
    russian["participants"] = json!([]);
    russian["starts_on"] = json!(plus(-100));
    russian["ends_on"] = json!(plus(300));
    let russian = create(app, &russian).await;
    award(app, &russian, RSF, &world.ru_lab, -100, 50).await;
    (joint, russian, nsfc)
}

async fn page_as(app: &TestApp, token: &str, query: &str) -> Value {
    let response = app.request_as(token, Method::GET, &format!("{COLLECTION}?{query}")).send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{query}: {text}");
    serde_json::from_str(&text).unwrap()
}

fn summary(page: &Value) -> Vec<(String, String, String, String)> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["starts_on"].as_str().unwrap().to_owned(),
                f["ends_on"].as_str().unwrap().to_owned(),
                f["project_id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

both_backends! {
    async fn each_finding_kind_comes_from_its_scenario_with_exact_intervals(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let (joint, russian, nsfc) = scenario(&app, &world).await;
        let id = |p: &Value| p["id"].as_str().unwrap().to_owned();

        let page = page_as(&app, &app.admin.access_token, "").await;

        assert_eq!(page["as_of"], json!(today().to_string()));
        assert_eq!(
            summary(&page),
            [
                ("expiring".to_owned(), plus(50), plus(50), id(&russian)),
                ("gap".to_owned(), plus(51), plus(300), id(&russian)),
                ("one_sided".to_owned(), plus(101), plus(400), id(&joint)),
            ],
            "most urgent first"
        );
        let one_sided = &page["items"][2];
        assert_eq!(one_sided["side"], "RU", "the Russian side is the uncovered one");
        assert_eq!(one_sided["funding_ids"], json!([nsfc["id"]]));
        assert_eq!(one_sided["days_until"], 101);
        assert!(one_sided["explanation"].as_str().unwrap().contains("Chinese side is funded"));
        assert_eq!(page["total"], 3);

        let near = page_as(&app, &app.admin.access_token, "horizon_days=30").await;
        assert_eq!(near["total"], 0, "nothing bites within 30 days");
        let gaps = page_as(&app, &app.admin.access_token, "kind=gap").await;
        assert_eq!(summary(&gaps).len(), 1);
        let chinese = page_as(&app, &app.admin.access_token, "country=CN").await;
        assert_eq!(summary(&chinese).iter().map(|s| s.0.as_str()).collect::<Vec<_>>(), ["one_sided"]);
        let by_lab = page_as(&app, &app.admin.access_token, &format!("lab_id={}", world.cn_lab)).await;
        assert_eq!(by_lab["total"], 1);
        let by_funder = page_as(&app, &app.admin.access_token, &format!("funder_id={NSFC}")).await;
        assert_eq!(by_funder["total"], 1);
        let later = page_as(&app, &app.admin.access_token, &format!("from={}", plus(51))).await;
        assert_eq!(later["total"], 2);
        let first = page_as(&app, &app.admin.access_token, "limit=2").await;
        let next = app.request_as(&app.admin.access_token, Method::GET, first["next"].as_str().unwrap()).send().await.unwrap();
        let next: Value = next.json().await.unwrap();
        assert_eq!(summary(&next)[0].0, "one_sided", "the cursor continues after the second");
        for bad in ["kind=drought", "horizon_days=0", "country=XX", "lab_id=nope", "from=soon", "cursor=garbage"] {
            assert_problem(app.get(&format!("{COLLECTION}?{bad}")).await, 422).await;
        }

        let csv = app.client.get(app.url(COLLECTION)).header("Accept", "text/csv").send().await.unwrap().text().await.unwrap();
        assert_eq!(csv.lines().count(), 4, "{csv}");
        assert!(csv.lines().next().unwrap().contains("key,kind,bites_on"));
    }

    async fn each_role_sees_the_findings_of_its_own_labs(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        scenario(&app, &world).await;
        let total = |page: Value| page["total"].as_i64().unwrap();

        assert_eq!(total(page_as(&app, &world.ru_head.access_token, "").await), 3, "heads both projects' Russian lab");
        assert_eq!(total(page_as(&app, &world.cn_head.access_token, "").await), 1, "only the joint project has the Chinese lab");
        assert_eq!(total(page_as(&app, &world.other_head.access_token, "").await), 0);
        let wuhan = World::partner_token(&app, &world.wuhan).await;
        assert_eq!(total(page_as(&app, &wuhan, "").await), 1);
        let outsider = World::partner_token(&app, &world.outsider_institution).await;
        assert_eq!(total(page_as(&app, &outsider, "").await), 0);
        let csv = app.request_as(&outsider, Method::GET, COLLECTION).header("Accept", "text/csv").send().await.unwrap().text().await.unwrap();
        assert_eq!(csv.lines().count(), 1, "a header only");
        assert_problem(app.anonymous.get(app.url(COLLECTION)).send().await.unwrap(), 401).await;
    }

    async fn a_reviewed_finding_stays_listed_with_its_latest_review(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        scenario(&app, &world).await;
        let page = page_as(&app, &app.admin.access_token, "kind=one_sided").await;
        let key = page["items"][0]["key"].as_str().unwrap().to_owned();
        let reviews = format!("{COLLECTION}/{key}/reviews");
        let coordinator = app.session(Role::Coordinator).await;

        let first = app.request_as(&coordinator.access_token, Method::POST, &reviews)
            .json(&json!({"state": "acknowledged", "note": "Seen at the November meeting"})).send().await.unwrap();
        assert_eq!(first.status(), 201);
        let second = app.request_as(&coordinator.access_token, Method::POST, &reviews)
            .json(&json!({"state": "action_planned", "note": "RSF renewal filed", "owner_user_id": world.ru_head.user.id})).send().await.unwrap();
        assert_eq!(second.status(), 201);
        let second: Value = second.json().await.unwrap();
        assert_eq!(second["reviewed_by"], json!(coordinator.user.id));

        let listed = page_as(&app, &world.ru_head.access_token, "kind=one_sided").await;
        assert_eq!(listed["total"], 1, "a review does not close a finding");
        assert_eq!(listed["items"][0]["latest_review"]["state"], "action_planned");
        assert_eq!(listed["items"][0]["latest_review"]["owner_user_id"], json!(world.ru_head.user.id));
        let all: Value = app.request_as(&world.ru_head.access_token, Method::GET, &reviews).send().await.unwrap().json().await.unwrap();
        assert_eq!(all["items"].as_array().unwrap().len(), 2);
        assert_eq!(all["items"][0]["state"], "acknowledged", "oldest first");

        let head = app.request_as(&world.ru_head.access_token, Method::POST, &reviews)
            .json(&json!({"state": "acknowledged", "note": "x"})).send().await.unwrap();
        assert_problem(head, 403).await;
        let outsider = World::partner_token(&app, &world.outsider_institution).await;
        assert_problem(app.request_as(&outsider, Method::GET, &reviews).send().await.unwrap(), 404).await;
        let unknown = app.post_json(&format!("{COLLECTION}/gap:nothing:2020-01-01/reviews"), &json!({"state": "acknowledged", "note": "x"})).await;
        assert_problem(unknown, 404).await;
        let invalid = app.post_json(&reviews, &json!({"state": "closed", "note": "", "owner_user_id": "x"})).await;
        let problem = assert_problem(invalid, 422).await;
        assert!(!error_fields(&problem).is_empty());
        let ghost = app.post_json(&reviews, &json!({"state": "acknowledged", "note": "x", "owner_user_id": uuid::Uuid::now_v7().to_string()})).await;
        assert_eq!(error_fields(&assert_problem(ghost, 422).await), ["owner_user_id"]);
    }

    async fn ended_funding_covers_the_days_it_ran_and_nothing_from_today_on(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let mut body = project_body(&world, "Russian cohort study");
        body["labs"] = json!([{"lab_id": world.ru_lab, "role": "lead"}]);
        body["participants"] = json!([]);
        body["starts_on"] = json!(plus(-400));
        body["ends_on"] = json!(plus(100));
        let project = create(&app, &body).await;
        award_with_status(&app, &project, RSF, &world.ru_lab, (-400, -201), "ended").await;
        // Terminated early: its period runs on, but it covers nothing from today.
        award_with_status(&app, &project, RSF, &world.ru_lab, (-200, 100), "ended").await;
        award_with_status(&app, &project, NSFC, &world.ru_lab, (-400, 100), "applied").await;

        let page = page_as(&app, &app.admin.access_token, "kind=gap").await;

        let id = project["id"].as_str().unwrap().to_owned();
        assert_eq!(summary(&page), [("gap".to_owned(), plus(0), plus(100), id)], "the past is covered; from today nothing is");
    }

    async fn a_lapsed_funder_and_labs_and_a_centre_at_risk_come_with_exact_intervals(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        // A centre of the Russian and Chinese labs; every lab active (they are registered `planned`).
        let centre = insert_centre(&app, "Ural-Wuhan Centre");
        app.database
            .connect()
            .batch_execute(&format!("UPDATE labs SET centre_id = '{centre}' WHERE id IN ('{}', '{}')", world.ru_lab, world.cn_lab))
            .unwrap();
        for lab in [&world.ru_lab, &world.cn_lab, &world.other_lab] {
            let opened = json!({"status": "active", "effective_on": plus(0), "reason": "Opened"});
            assert_eq!(app.post_json(&format!("/api/v1/labs/{lab}/status"), &opened).await.status(), 201);
        }
        let mut body = project_body(&world, "Chelyabinsk cohort");
        body["labs"] = json!([{"lab_id": world.ru_lab, "role": "lead"}]);
        body["participants"] = json!([]);
        body["starts_on"] = json!(plus(-400));
        body["ends_on"] = json!(plus(200));
        let project = create(&app, &body).await;
        let rfbr = award(&app, &project, RFBR, &world.ru_lab, -400, 60).await;

        let lapsed = page_as(&app, &app.admin.access_token, "kind=funder_lapsed").await;
        let id = project["id"].as_str().unwrap().to_owned();
        assert_eq!(summary(&lapsed), [("funder_lapsed".to_owned(), plus(0), plus(60), id.clone())]);
        let finding = &lapsed["items"][0];
        assert_eq!((&finding["bites_on"], &finding["funding_ids"], &finding["funder_ids"]), (&json!(plus(60)), &json!([rfbr["id"]]), &json!([RFBR])));
        assert!(finding["explanation"].as_str().unwrap().contains("RFBR, which has closed; its role passed to RSF"), "{finding}");

        let labs = page_as(&app, &app.admin.access_token, "kind=lab_at_risk").await;
        let mut at_risk: Vec<(String, String, String)> = labs["items"].as_array().unwrap().iter()
            .map(|f| (f["lab_id"].as_str().unwrap().to_owned(), f["starts_on"].as_str().unwrap().to_owned(), f["ends_on"].as_str().unwrap().to_owned()))
            .collect();
        at_risk.sort();
        let mut expected: Vec<(String, String, String)> = [&world.ru_lab, &world.cn_lab, &world.other_lab].iter()
            .map(|lab| ((*lab).clone(), plus(0), plus(90)))
            .collect();
        expected.sort();
        assert_eq!(at_risk, expected, "the cohort study is not funded on every one of the next 90 days; the others have no project");
        let centres = page_as(&app, &app.admin.access_token, "kind=centre_at_risk").await;
        assert_eq!(centres["total"], 1);
        assert_eq!((&centres["items"][0]["centre_id"], &centres["items"][0]["starts_on"], &centres["items"][0]["ends_on"]), (&json!(centre), &json!(plus(0)), &json!(plus(90))));

        // Funding lined up for the rest of the project secures the Russian lab and so the centre.
        award(&app, &project, RSF, &world.ru_lab, 61, 200).await;
        let labs = page_as(&app, &app.admin.access_token, "kind=lab_at_risk").await;
        assert_eq!(labs["total"], 2);
        assert!(labs["items"].as_array().unwrap().iter().all(|f| f["lab_id"] != json!(world.ru_lab)));
        assert_eq!(page_as(&app, &app.admin.access_token, "kind=centre_at_risk").await["total"], 0);
        assert_eq!(page_as(&app, &app.admin.access_token, "kind=funder_lapsed").await["total"], 1, "RFBR still pays until then");
    }
}
