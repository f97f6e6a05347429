//! `GET /api/v1/{projects,labs,centres}/{id}/coverage`: exact stretches, gaps, sides and funders
//! from a hand-built registry, and who may see which funding through them. Dates are fixed and
//! every window is closed (`to` is given where an end would follow today), so the expected
//! intervals hold whenever the tests run.

use diesel::connection::SimpleConnection;
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, error_fields};
use crate::labs::insert_centre;
use crate::projects::{create, project_body};

const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";

async fn funding(app: &TestApp, project: &str, funder: &str, lab: &str, from: &str, to: &str, status: &str) -> String {
    let body = json!({"project_id": project, "funder_id": funder, "lab_id": lab, "starts_on": from, "ends_on": to, "status": status});
    let response = app.post_json("/api/v1/funding", &body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "{text}");
    serde_json::from_str::<Value>(&text).unwrap()["id"].as_str().unwrap().to_owned()
}

async fn project(
    app: &TestApp,
    world: &World,
    title: &str,
    from: &str,
    to: &str,
    visibility: &str,
    labs: Value,
) -> String {
    let mut body = project_body(world, title);
    body["starts_on"] = json!(from);
    body["ends_on"] = json!(to);
    body["visibility"] = json!(visibility);
    body["labs"] = labs;
    body["participants"] = json!([]);
    create(app, &body).await["id"].as_str().unwrap().to_owned()
}

/// The registry: joint project P (2025–2027) with a Russian RSF award in two adjacent parts (the
/// first has ended) and
/// a Chinese NSFC award ending a month before P; an `applied` record, which covers nothing;
/// a Chinese-only project Q in 2028 with no funding; a restricted joint project R in 2028.
struct Registry {
    p: String,
    q: String,
    r: String,
    ru1: String,
    ru2: String,
    cn: String,
    r_cn: String,
}

async fn registry(app: &TestApp, world: &World) -> Registry {
    let joint = json!([{"lab_id": world.ru_lab, "role": "lead"}, {"lab_id": world.cn_lab, "role": "partner"}]);
    let p = project(app, world, "Joint inflammation programme", "2025-01-01", "2027-12-31", "partners", joint.clone())
        .await;
    // Ended: it covered the days it ran.
    let ru1 = funding(app, &p, RSF, &world.ru_lab, "2025-01-01", "2026-06-30", "ended").await;
    let ru2 = funding(app, &p, RSF, &world.ru_lab, "2026-07-01", "2026-12-31", "awarded").await;
    let cn = funding(app, &p, NSFC, &world.cn_lab, "2025-06-01", "2027-11-30", "active").await;
    funding(app, &p, RSF, &world.ru_lab, "2027-01-01", "2027-12-31", "applied").await;
    let chinese = json!([{"lab_id": world.cn_lab, "role": "lead"}]);
    let q = project(app, world, "Wuhan cohort", "2028-01-01", "2028-12-31", "partners", chinese).await;
    let r = project(app, world, "Restricted follow-up", "2028-01-01", "2028-06-30", "restricted", joint).await;
    let r_cn = funding(app, &r, NSFC, &world.cn_lab, "2028-01-01", "2028-06-30", "active").await;
    Registry { p, q, r, ru1, ru2, cn, r_cn }
}

/// (start, end, covered, funding ids sorted) per stretch.
fn stretches(coverage: &Value) -> Vec<(String, String, bool, Vec<String>)> {
    coverage["stretches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut ids: Vec<String> =
                s["funding_ids"].as_array().unwrap().iter().map(|i| i.as_str().unwrap().to_owned()).collect();
            ids.sort();
            (
                s["starts_on"].as_str().unwrap().to_owned(),
                s["ends_on"].as_str().unwrap().to_owned(),
                s["covered"].as_bool().unwrap(),
                ids,
            )
        })
        .collect()
}

fn covered(from: &str, to: &str, ids: &[&String]) -> (String, String, bool, Vec<String>) {
    let mut ids: Vec<String> = ids.iter().map(|i| (*i).clone()).collect();
    ids.sort();
    (from.to_owned(), to.to_owned(), true, ids)
}

fn gap(from: &str, to: &str) -> (String, String, bool, Vec<String>) {
    (from.to_owned(), to.to_owned(), false, Vec::new())
}

fn part<'a>(response: &'a Value, list: &str, field: &str, value: &str) -> &'a Value {
    let found = response[list].as_array().unwrap().iter().find(|entry| entry[field] == value);
    &found.unwrap_or_else(|| panic!("no {list} entry with {field} = {value}: {response}"))["coverage"]
}

async fn coverage_as(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.request_as(token, Method::GET, path).send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{path}: {text}");
    serde_json::from_str(&text).unwrap()
}

fn ids(list: &Value) -> Vec<String> {
    let mut ids: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_else(|| v["id"].as_str().unwrap()).to_owned())
        .collect();
    ids.sort();
    ids
}

fn sorted(items: &[&String]) -> Vec<String> {
    let mut items: Vec<String> = items.iter().map(|i| (*i).clone()).collect();
    items.sort();
    items
}

both_backends! {
    async fn a_project_timeline_names_the_funding_behind_each_stretch_and_its_gaps(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let reg = registry(&app, &world).await;

        let body = coverage_as(&app, &app.admin.access_token, &format!("/api/v1/projects/{}/coverage", reg.p)).await;

        assert_eq!(body["subject"], json!({"kind": "project", "id": reg.p, "name": "Joint inflammation programme"}));
        assert_eq!((body["starts_on"].as_str(), body["ends_on"].as_str(), &body["open_ended"]), (Some("2025-01-01"), Some("2027-12-31"), &json!(false)));
        assert_eq!(
            stretches(&body["coverage"]),
            [
                covered("2025-01-01", "2025-05-31", &[&reg.ru1]),
                covered("2025-06-01", "2026-06-30", &[&reg.ru1, &reg.cn]),
                covered("2026-07-01", "2026-12-31", &[&reg.cn, &reg.ru2]),
                covered("2027-01-01", "2027-11-30", &[&reg.cn]),
                gap("2027-12-01", "2027-12-31"),
            ],
            "split wherever the covering funding changes; the adjacent RSF awards leave no gap; `applied` covers nothing"
        );
        assert_eq!(body["coverage"]["gaps"], json!([{"starts_on": "2027-12-01", "ends_on": "2027-12-31", "days": 31}]));
        assert_eq!((&body["coverage"]["covered_days"], &body["coverage"]["gap_days"]), (&json!(1064), &json!(31)));

        assert_eq!(
            stretches(part(&body, "by_side", "side", "RU")),
            [covered("2025-01-01", "2026-06-30", &[&reg.ru1]), covered("2026-07-01", "2026-12-31", &[&reg.ru2]), gap("2027-01-01", "2027-12-31")]
        );
        assert_eq!(
            stretches(part(&body, "by_side", "side", "CN")),
            [gap("2025-01-01", "2025-05-31"), covered("2025-06-01", "2027-11-30", &[&reg.cn]), gap("2027-12-01", "2027-12-31")]
        );
        assert_eq!(body["by_side"].as_array().unwrap().len(), 2);
        let rsf = part(&body, "by_funder", "funder_code", "RSF");
        assert_eq!(rsf["gaps"], json!([{"starts_on": "2027-01-01", "ends_on": "2027-12-31", "days": 365}]));
        assert_eq!(part(&body, "by_funder", "funder_code", "NSFC")["covered_days"], 913);
        assert_eq!(ids(&body["funding"]), sorted(&[&reg.ru1, &reg.ru2, &reg.cn]), "only covering records");
        assert_eq!(body["project_ids"], json!([reg.p]));

        let narrowed = coverage_as(&app, &app.admin.access_token, &format!("/api/v1/projects/{}/coverage?from=2027-01-01&to=2027-12-31", reg.p)).await;
        assert_eq!(stretches(&narrowed["coverage"]), [covered("2027-01-01", "2027-11-30", &[&reg.cn]), gap("2027-12-01", "2027-12-31")]);
        assert_eq!(ids(&narrowed["funding"]), sorted(&[&reg.cn]), "records outside the window are left out");

        let reversed = assert_problem(app.get(&format!("/api/v1/projects/{}/coverage?from=2028-01-01&to=2027-01-01", reg.p)).await, 422).await;
        assert_eq!(error_fields(&reversed), ["to"]);
        for bad in ["horizon_days=0", "from=soon", "colour=red"] {
            assert_problem(app.get(&format!("/api/v1/projects/{}/coverage?{bad}", reg.p)).await, 422).await;
        }
    }

    async fn an_open_ended_project_is_covered_up_to_the_horizon(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let mut body = project_body(&world, "Open-ended monitoring");
        body["starts_on"] = json!("2025-01-01");
        body["ends_on"] = json!(null);
        body["participants"] = json!([]);
        let id = create(&app, &body).await["id"].as_str().unwrap().to_owned();
        let horizon = (crate::helpers::today() + chrono::Days::new(30)).to_string();

        let body = coverage_as(&app, &app.admin.access_token, &format!("/api/v1/projects/{id}/coverage?horizon_days=30")).await;

        assert_eq!(body["open_ended"], true);
        assert_eq!(body["horizon_days"], 30);
        assert_eq!(stretches(&body["coverage"]), [gap("2025-01-01", &horizon)], "no funding: the whole window is a gap");
        let sides: Vec<&str> = body["by_side"].as_array().unwrap().iter().map(|s| s["side"].as_str().unwrap()).collect();
        assert_eq!(sides, ["RU", "CN"], "both labs' sides are shown, unfunded");
        assert_eq!(body["by_funder"], json!([]));
    }

    async fn a_side_that_joins_a_centre_later_has_no_gap_before_its_first_project(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let reg = registry(&app, &world).await;
        let third = json!([{"lab_id": world.other_lab, "role": "lead"}]);
        project(&app, &world, "Replication in Almaty", "2027-03-01", "2027-12-31", "partners", third).await;
        let centre = insert_centre(&app, "Ural-Wuhan Centre");
        app.database
            .connect()
            .batch_execute(&format!(
                "UPDATE labs SET centre_id = '{centre}' WHERE id IN ('{}', '{}', '{}')",
                world.ru_lab, world.cn_lab, world.other_lab
            ))
            .unwrap();

        let body = coverage_as(&app, &app.admin.access_token, &format!("/api/v1/centres/{centre}/coverage?to=2028-12-31")).await;
        assert_eq!(body["starts_on"], "2025-01-01");
        let other = part(&body, "by_side", "side", "other");
        assert_eq!(stretches(other), [gap("2027-03-01", "2028-12-31")], "from its first project, not the centre's");
        assert_eq!(other["gap_days"], 672);
        assert_eq!(stretches(part(&body, "by_side", "side", "RU"))[0], covered("2025-01-01", "2026-06-30", &[&reg.ru1]), "the sides there from the start keep the whole window");

        let later = coverage_as(&app, &app.admin.access_token, &format!("/api/v1/centres/{centre}/coverage?from=2027-06-01&to=2027-06-30")).await;
        assert_eq!(stretches(part(&later, "by_side", "side", "other")), [gap("2027-06-01", "2027-06-30")], "a window inside the side's time is cut as asked");
        let before = coverage_as(&app, &app.admin.access_token, &format!("/api/v1/centres/{centre}/coverage?from=2025-01-01&to=2026-12-31")).await;
        let sides: Vec<&str> = before["by_side"].as_array().unwrap().iter().map(|s| s["side"].as_str().unwrap()).collect();
        assert_eq!(sides, ["RU", "CN"], "a side that joins after the window is not in it");
    }

    async fn a_lab_and_a_centre_are_covered_by_the_funding_of_their_projects_that_the_caller_may_read(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let reg = registry(&app, &world).await;
        let centre = insert_centre(&app, "Ural-Wuhan Centre");
        app.database
            .connect()
            .batch_execute(&format!("UPDATE labs SET centre_id = '{centre}' WHERE id IN ('{}', '{}')", world.ru_lab, world.cn_lab))
            .unwrap();
        let lab_path = format!("/api/v1/labs/{}/coverage?to=2028-12-31", world.cn_lab);
        let full = [
            covered("2025-01-01", "2025-05-31", &[&reg.ru1]),
            covered("2025-06-01", "2026-06-30", &[&reg.ru1, &reg.cn]),
            covered("2026-07-01", "2026-12-31", &[&reg.cn, &reg.ru2]),
            covered("2027-01-01", "2027-11-30", &[&reg.cn]),
            gap("2027-12-01", "2027-12-31"),
            covered("2028-01-01", "2028-06-30", &[&reg.r_cn]),
            gap("2028-07-01", "2028-12-31"),
        ];

        let own = coverage_as(&app, &world.cn_head.access_token, &lab_path).await;
        assert_eq!(own["subject"]["kind"], "lab");
        assert_eq!((own["starts_on"].as_str(), own["ends_on"].as_str()), (Some("2025-01-01"), Some("2028-12-31")));
        assert_eq!(stretches(&own["coverage"]), full, "the restricted project of the lab counts for its head");
        assert_eq!(ids(&own["project_ids"]), sorted(&[&reg.p, &reg.q, &reg.r]));

        let outsider = coverage_as(&app, &world.other_head.access_token, &lab_path).await;
        assert_eq!(
            stretches(&outsider["coverage"]),
            [full[0].clone(), full[1].clone(), full[2].clone(), full[3].clone(), gap("2027-12-01", "2028-12-31")],
            "another institution's lab head does not see the restricted project's funding"
        );
        assert!(!outsider.to_string().contains(&reg.r_cn) && !outsider.to_string().contains(&reg.r));

        let centre_body = coverage_as(&app, &app.admin.access_token, &format!("/api/v1/centres/{centre}/coverage?to=2028-12-31")).await;
        assert_eq!(centre_body["subject"], json!({"kind": "centre", "id": centre, "name": "Ural-Wuhan Centre"}));
        assert_eq!(stretches(&centre_body["coverage"]), full);
        assert_eq!(
            stretches(part(&centre_body, "by_side", "side", "RU")),
            [covered("2025-01-01", "2026-06-30", &[&reg.ru1]), covered("2026-07-01", "2026-12-31", &[&reg.ru2]), gap("2027-01-01", "2028-12-31")]
        );

        let partner = World::partner_token(&app, &world.outsider_institution).await;
        let via_partner = coverage_as(&app, &partner, &format!("/api/v1/centres/{centre}/coverage?to=2028-12-31")).await;
        assert_eq!(stretches(&via_partner["coverage"]), stretches(&outsider["coverage"]));
    }

    async fn coverage_is_read_as_the_subject_is(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let reg = registry(&app, &world).await;
        let anonymous = app.anonymous.get(app.url(&format!("/api/v1/projects/{}/coverage", reg.p))).send().await.unwrap();
        assert_problem(anonymous, 404).await;
        app.database.connect().batch_execute(&format!("UPDATE projects SET visibility = 'public' WHERE id = '{}'", reg.p)).unwrap();
        let anonymous = app.anonymous.get(app.url(&format!("/api/v1/projects/{}/coverage", reg.p))).send().await.unwrap();
        assert_eq!(anonymous.status(), 200, "a public project's coverage is open data");

        let restricted = app.request_as(&world.other_head.access_token, Method::GET, &format!("/api/v1/projects/{}/coverage", reg.r)).send().await.unwrap();
        assert_problem(restricted, 404).await;
        for path in [format!("/api/v1/labs/{}/coverage", world.cn_lab), "/api/v1/centres/01a21f73-9c00-7000-8000-000000000201/coverage".to_owned()] {
            let anonymous = app.anonymous.get(app.url(&path)).send().await.unwrap();
            assert_problem(anonymous, 401).await;
        }
        for path in ["/api/v1/labs/01a21f73-9c00-7000-8000-000000000601/coverage", "/api/v1/centres/nope/coverage", "/api/v1/projects/01a21f73-9c00-7000-8000-000000000701/coverage"] {
            assert_problem(app.get(path).await, 404).await;
        }
    }
}
