//! A project in the formats other systems read, made only from what the caller may read:
//! `GET /api/v1/projects/{id}/raid`, a RAiD create request that the RAiD service's own strict JSON
//! Schema accepts (and a clear 422 for a project that cannot make one), and schema.org JSON-LD
//! with `Accept: application/ld+json` on the project.

use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::funding::award;
use crate::harness::shared_file;
use crate::helpers::world::World;
use crate::helpers::{TestApp, assert_problem, error_fields};
use crate::labs::{create_lab, lab_body};
use crate::outputs::output_body;
use crate::projects::{create, project_body};

/// The RAiD v2 service's strict schema (raid-au, commit fd80d56), kept outside the repository.
const SCHEMA: &str = "../shared/schemas/raid-strict-jsonschema.json";
const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
/// Has no ROR id in the seed, so it can be named only by its award number.
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";

fn raid_path(project: &Value) -> String {
    format!("/api/v1/projects/{}/raid", project["id"].as_str().unwrap())
}

/// The schema's errors for `document` as a `RaidCreateRequest`; empty when it is one.
fn schema_errors(document: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(shared_file(SCHEMA)).expect("the RAiD schema");
    let schema: Value = serde_json::from_str(&text).expect("schema JSON");
    let wrapped = json!({
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$ref": "#/$defs/RaidCreateRequest",
        "$defs": schema["$defs"],
    });
    let validator = jsonschema::draft201909::new(&wrapped).expect("a valid schema");
    validator.iter_errors(document).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// A public project led by the Chinese laboratory (Wuhan University has a ROR id), with an
/// RSF and an NSFC award, a refused application and an output with a DOI.
async fn exportable(app: &TestApp, world: &World) -> Value {
    let mut body = project_body(world, "Systemic pathology of inflammation");
    body["visibility"] = json!("public");
    body["labs"] = json!([{"lab_id": world.cn_lab, "role": "lead"}, {"lab_id": world.ru_lab, "role": "partner"}]);
    let project = create(app, &body).await;
    for recorded in [
        (RSF, "21-45-00012", "active", "RU", Some(600_000_000_i64)),
        (NSFC, "82161138003", "active", "CN", None),
        (NSFC, "82100000001", "rejected", "CN", None),
    ] {
        award(app, &project, recorded).await;
    }
    let mut output = output_body("Inflammation atlas", &[&project]);
    output["doi"] = json!("https://doi.org/10.1016/J.BIOPHA.2021.111234");
    let response = app.post_json("/api/v1/outputs", &output).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    project
}

both_backends! {
    #[requires(SharedFile("../shared/schemas/raid-strict-jsonschema.json"))]
    async fn the_demo_projects_are_raids_the_service_accepts_or_say_what_they_lack(backend) {
        let app = TestApp::spawn(backend).await;
        jointreg::demo::load(&mut app.database.connect(), crate::helpers::today(), &mut |_| {}).unwrap();
        let projects: Value = app.get("/api/v1/projects?limit=100").await.json().await.unwrap();
        let mut valid = 0;
        for project in projects["items"].as_array().unwrap() {
            let response = app.get(&raid_path(project)).await;
            let status = response.status();
            let body: Value = response.json().await.unwrap();
            match status.as_u16() {
                200 => {
                    assert_eq!(schema_errors(&body), Vec::<String>::new(), "{body:#}");
                    valid += 1;
                }
                422 => assert!(!error_fields(&body).is_empty(), "{body}"),
                other => panic!("{other}: {body}"),
            }
        }
        assert!(valid >= 1, "the demo led from Wuhan University, with an ORCID iD, is a RAiD");
    }

    #[requires(SharedFile("../shared/schemas/raid-strict-jsonschema.json"))]
    async fn a_public_project_is_a_raid_the_service_accepts(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = exportable(&app, &world).await;

        let response = app.anonymous.get(app.url(&raid_path(&project))).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/json");
        let raid: Value = response.json().await.unwrap();
        assert_eq!(schema_errors(&raid), Vec::<String>::new(), "{raid:#}");
        // The check itself can fail: a term outside RAiD's vocabulary is caught.
        let mut broken = raid.clone();
        broken["organisation"][0]["role"][0]["id"] = json!("https://vocabulary.raid.org/organisation.role.schema/1");
        assert_eq!(schema_errors(&broken).len(), 1);

        let primary = "https://vocabulary.raid.org/title.type.schema/5";
        assert_eq!(raid["title"][0]["text"], "Systemic pathology of inflammation");
        assert_eq!(raid["title"][0]["type"]["id"], primary);
        assert_eq!(raid["title"][1]["language"]["id"], "rus");
        assert_eq!(raid["title"][2]["language"]["id"], "zho");
        assert_eq!(raid["title"][3]["text"], "SYSPATH");
        assert_eq!(raid["title"].as_array().unwrap().iter().filter(|t| t["type"]["id"] == primary).count(), 1);
        assert_eq!(raid["date"], json!({"startDate": "2021-01-01", "endDate": "2025-12-31"}));
        assert_eq!(raid["access"]["type"]["id"], "https://vocabularies.coar-repositories.org/access_rights/c_abf2/");

        // The principal investigator (with an ORCID iD) leads; participants without one are not named.
        assert_eq!(raid["contributor"].as_array().unwrap().len(), 1);
        assert_eq!(raid["contributor"][0]["id"], "https://orcid.org/0000-0002-1825-0097");
        assert_eq!(raid["contributor"][0]["leader"], true);
        assert_eq!(raid["contributor"][0]["contact"], true);

        // Wuhan University leads; SUSU has no ROR id; NSFC funds (RSF has no ROR id either).
        let organisations: Vec<(&str, &str)> = raid["organisation"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| (o["id"].as_str().unwrap(), o["role"][0]["id"].as_str().unwrap()))
            .collect();
        assert_eq!(organisations, [
            ("https://ror.org/033vjfk17", "https://vocabulary.raid.org/organisation.role.schema/182"),
            ("https://ror.org/01h0zpd94", "https://vocabulary.raid.org/organisation.role.schema/186"),
        ]);
        // Awards by number, the refused application not among them.
        assert_eq!(raid["alternateIdentifier"], json!([
            {"id": "21-45-00012", "type": "RSF grant number"},
            {"id": "82161138003", "type": "NSFC grant number"},
        ]));
        assert_eq!(raid["relatedObject"][0]["id"], "https://doi.org/10.1016/j.biopha.2021.111234");
        assert_eq!(raid["relatedObject"][0]["type"]["id"], "https://vocabulary.raid.org/relatedObject.type.schema/250");
        let url = raid["alternateUrl"][0]["url"].as_str().unwrap();
        assert!(url.ends_with(&format!("/api/v1/projects/{}", project["id"].as_str().unwrap())), "{url}");
        let keywords: Vec<&str> =
            raid["subject"][0]["keyword"].as_array().unwrap().iter().map(|k| k["text"].as_str().unwrap()).collect();
        assert_eq!(keywords, ["ASJC 1300 General Biochemistry, Genetics and Molecular Biology", "ASJC 2734 Pathology and Forensic Medicine", "inflammation", "воспаление", "炎症"]);
    }

    #[requires(SharedFile("../shared/schemas/raid-strict-jsonschema.json"))]
    async fn a_raid_is_read_as_its_project_is(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = exportable(&app, &world).await;
        let path = format!("/api/v1/projects/{}", project["id"].as_str().unwrap());
        let response = app.patch_current(&app.admin.access_token, &path, &json!({"visibility": "restricted"})).await;
        assert_eq!(response.status(), 200);

        let anonymous = app.anonymous.get(app.url(&raid_path(&project))).send().await.unwrap();
        assert_problem(anonymous, 404).await;
        let outsider = app.request_as(&world.other_head.access_token, Method::GET, &raid_path(&project)).send().await.unwrap();
        assert_problem(outsider, 404).await;

        let head = app.request_as(&world.ru_head.access_token, Method::GET, &raid_path(&project)).send().await.unwrap();
        assert_eq!(head.status(), 200);
        let raid: Value = head.json().await.unwrap();
        assert_eq!(schema_errors(&raid), Vec::<String>::new(), "{raid:#}");
        assert_eq!(raid["access"]["type"]["id"], "https://vocabularies.coar-repositories.org/access_rights/c_f1cf/");
        assert!(raid["access"]["statement"]["text"].as_str().unwrap().contains("restricted"));
    }

    async fn a_project_that_cannot_be_a_raid_is_refused_naming_each_gap(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        // SUSU (the lead's institution) has no ROR id, and no one with an ORCID iD leads.
        let mut body = project_body(&world, &"Very long title ".repeat(7));
        body["participants"] = json!([{"name": "Ирина Петрова", "role": "co_investigator", "orcid": "0000-0002-1825-0097"}]);
        let project = create(&app, &body).await;

        let response = app.get(&raid_path(&project)).await;
        let problem = assert_problem(response, 422).await;
        let mut fields = error_fields(&problem);
        fields.sort();
        assert_eq!(fields, ["labs", "participants", "titles.en"]);
        let codes: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
        assert!(codes.contains(&"raid_no_lead_organisation") && codes.contains(&"raid_no_leader"), "{codes:?}");

        let missing = app.get("/api/v1/projects/01a21f73-0000-7000-8000-000000000999/raid").await;
        assert_problem(missing, 404).await;
    }

    async fn a_project_reads_as_schema_org_json_ld(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = exportable(&app, &world).await;
        let path = format!("/api/v1/projects/{}", project["id"].as_str().unwrap());
        // A second partner laboratory at SUSU: the institution is still one member.
        let second = create_lab(&app, &lab_body("Laboratory of Cell Biology", &json!({"id": world.susu}))).await;
        let labs = json!({"labs": [
            {"lab_id": world.cn_lab, "role": "lead"}, {"lab_id": world.ru_lab, "role": "partner"}, {"lab_id": second["id"], "role": "partner"},
        ]});
        assert_eq!(app.patch_current(&app.admin.access_token, &path, &labs).await.status(), 200);

        let response = app.anonymous.get(app.url(&path)).header("Accept", "application/ld+json").send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/ld+json");
        assert_eq!(response.headers()["vary"], "Accept");
        assert!(response.headers().get("etag").is_none(), "it draws on other records than the project");
        let document: Value = response.json().await.unwrap();
        assert_eq!(document["@context"], "https://schema.org");
        assert_eq!(document["@type"], "ResearchProject");
        assert!(document["@id"].as_str().unwrap().ends_with(&path), "{document:#}");
        assert_eq!(document["name"], "Systemic pathology of inflammation");
        assert_eq!(document["alternateName"], json!([
            {"@value": "Системная патология воспаления", "@language": "ru"},
            {"@value": "炎症的系统病理学", "@language": "zh"},
            "SYSPATH",
        ]));
        assert_eq!((document["foundingDate"].as_str(), document["dissolutionDate"].as_str()), (Some("2021-01-01"), Some("2025-12-31")));
        let organisations: Vec<(&str, &str)> = document["member"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["member"]["@type"] == "Organization")
            .map(|m| (m["roleName"].as_str().unwrap(), m["member"]["name"].as_str().unwrap()))
            .collect();
        assert_eq!(organisations, [("Lead Research Organisation", "Wuhan University"), ("Partner Organisation", "South Ural State University")]);
        let lead = document["member"].as_array().unwrap().iter().find(|m| m["roleName"] == "Lead Research Organisation").unwrap();
        assert_eq!(lead["member"]["@id"], "https://ror.org/033vjfk17");
        let investigator = &document["member"][0];
        assert_eq!(investigator["roleName"], "Principal or Chief Investigator");
        assert_eq!(investigator["member"]["@id"], "https://orcid.org/0000-0002-1825-0097");
        assert_eq!(investigator["member"]["name"], "Ирина Петрова");

        // Awarded funding only, the amount an exact decimal of its minor units.
        let grants = document["funding"].as_array().unwrap();
        assert_eq!(grants.len(), 2, "{grants:#?}");
        assert_eq!(grants[0]["@type"], "MonetaryGrant");
        assert_eq!(grants[0]["identifier"], "21-45-00012");
        assert_eq!(grants[0]["amount"], json!({"@type": "MonetaryAmount", "currency": "RUB", "value": "6000000.00", "validFrom": "2021-07-01", "validThrough": "2024-06-30"}));
        assert_eq!(grants[1]["funder"]["@id"], "https://ror.org/01h0zpd94");
        assert_eq!(grants[1]["funder"]["identifier"]["value"], "https://doi.org/10.13039/501100001809");
        assert_eq!(document["citation"][0]["@type"], "ScholarlyArticle");
        assert_eq!(document["citation"][0]["@id"], "https://doi.org/10.1016/j.biopha.2021.111234");
        assert_eq!(document["knowsAbout"][0]["termCode"], "1300");

        // JSON stays the default, with its ETag.
        let json = app.anonymous.get(app.url(&path)).send().await.unwrap();
        assert_eq!(json.headers()["content-type"], "application/json");
        assert_eq!(json.headers()["vary"], "Accept");
        assert!(json.headers().get("etag").is_some());

        // A project the caller may not read is not found in JSON-LD either.
        let response = app.patch_current(&app.admin.access_token, &path, &json!({"visibility": "restricted"})).await;
        assert_eq!(response.status(), 200);
        let hidden = app.anonymous.get(app.url(&path)).header("Accept", "application/ld+json").send().await.unwrap();
        assert_problem(hidden, 404).await;
    }
}
