//! The policy table of reads, and a cooperation built to exercise every relation in it: five
//! projects of each visibility and reach, each with a funding record, an output and an open gap,
//! read by eight callers.

use jointreg::domain::role::{Role, UserStatus};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::helpers::world::World;
use crate::labs::insert_centre;
use crate::projects::{create, project_body};

/// The callers, in the order of every row of the tables.
pub const CALLERS: [&str; 8] = [
    "anonymous",
    "partner token of Wuhan University",
    "partner account of Wuhan University",
    "head of the Russian laboratory",
    "head of an unrelated laboratory",
    "partner token of an unrelated institution",
    "coordinator",
    "administrator",
];
pub const ANONYMOUS: usize = 0;

/// Which laboratory of the cooperation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lab {
    /// At South Ural State University, headed by caller 3.
    Russian,
    /// At Wuhan University, the institution of callers 1 and 2.
    Chinese,
    /// At the unrelated institution of callers 4 and 5, headed by caller 4.
    Unrelated,
}

pub struct ProjectRow {
    pub name: &'static str,
    pub visibility: &'static str,
    /// The lead laboratory first.
    pub labs: &'static [Lab],
    /// Who may read the project, its funding and its outputs (anonymous callers: open data).
    pub reads: [bool; 8],
    /// Who sees its funding findings: staff, and callers whose laboratories (headed, or of their
    /// institution) take part. Anonymous callers see no findings.
    pub findings: [bool; 8],
}

const Y: bool = true;
const N: bool = false;

/// The read policy, by relation: visibility × which laboratories take part × caller.
pub const PROJECTS: [ProjectRow; 5] = [
    ProjectRow {
        name: "public, Russian and Chinese labs",
        visibility: "public",
        labs: &[Lab::Russian, Lab::Chinese],
        reads: [Y, Y, Y, Y, Y, Y, Y, Y],
        findings: [N, Y, Y, Y, N, N, Y, Y],
    },
    ProjectRow {
        name: "visible to partners, Russian lab",
        visibility: "partners",
        labs: &[Lab::Russian],
        reads: [N, Y, Y, Y, Y, Y, Y, Y],
        findings: [N, N, N, Y, N, N, Y, Y],
    },
    ProjectRow {
        name: "restricted, Russian and Chinese labs",
        visibility: "restricted",
        labs: &[Lab::Russian, Lab::Chinese],
        reads: [N, Y, Y, Y, N, N, Y, Y],
        findings: [N, Y, Y, Y, N, N, Y, Y],
    },
    ProjectRow {
        name: "restricted, Russian lab",
        visibility: "restricted",
        labs: &[Lab::Russian],
        reads: [N, N, N, Y, N, N, Y, Y],
        findings: [N, N, N, Y, N, N, Y, Y],
    },
    ProjectRow {
        name: "restricted, unrelated lab",
        visibility: "restricted",
        labs: &[Lab::Unrelated],
        reads: [N, N, N, N, Y, Y, Y, Y],
        findings: [N, N, N, N, Y, Y, Y, Y],
    },
];

/// Who sees the findings about each laboratory (a lab at risk), by the same rule.
pub const LAB_FINDINGS: [(Lab, [bool; 8]); 3] = [
    (Lab::Russian, [N, N, N, Y, N, N, Y, Y]),
    (Lab::Chinese, [N, Y, Y, N, N, N, Y, Y]),
    (Lab::Unrelated, [N, N, N, N, Y, Y, Y, Y]),
];

/// Who sees findings about the centre that hosts the Russian and the Chinese laboratories.
pub const CENTRE_FINDINGS: [bool; 8] = [N, Y, Y, Y, N, N, Y, Y];

/// Every project's funding runs out on this day; the projects run two more years.
pub const FUNDING_ENDS: &str = "2026-12-31";

/// One project of the table, as built.
pub struct Built {
    pub id: String,
    pub funding: String,
    pub output: String,
    /// The key of its open funding gap.
    pub gap: String,
}

pub struct Cooperation {
    pub world: World,
    pub centre: String,
    pub link: String,
    pub projects: Vec<Built>,
    /// An output of the first and the third project.
    pub shared_output: String,
    /// One credential per caller (`None`: anonymous).
    pub tokens: Vec<Option<String>>,
}

impl Cooperation {
    pub async fn build(app: &TestApp) -> Cooperation {
        let world = World::build(app).await;
        let centre = insert_centre(app, "Ural–Wuhan Joint Centre");
        for lab in [&world.ru_lab, &world.cn_lab] {
            let path = format!("/api/v1/labs/{lab}");
            let response = app.patch_current(&app.admin.access_token, &path, &json!({"centre_id": centre})).await;
            assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        }
        // Labs are registered `planned`; active ones can be at risk.
        let today = crate::helpers::today();
        for lab in [&world.ru_lab, &world.cn_lab, &world.other_lab] {
            post(
                app,
                &format!("/api/v1/labs/{lab}/status"),
                &json!({"status": "active", "effective_on": today, "reason": "Opened"}),
            )
            .await;
        }
        let link = post(
            app,
            "/api/v1/mirror-links",
            &json!({"lab_a_id": world.ru_lab, "lab_b_id": world.cn_lab, "kind": "mirror", "starts_on": "2020-09-01"}),
        )
        .await;
        let mut projects = Vec::new();
        for row in &PROJECTS {
            projects.push(build_project(app, &world, row).await);
        }
        let shared = json!({"kind": "journal_article", "title": "Shared article", "year": 2023, "author_countries": ["RU", "CN"], "project_ids": [projects[0].id, projects[2].id]});
        let shared_output = id_of(&post(app, "/api/v1/outputs", &shared).await);

        let partner_account = app.sign_in(app.user(Role::Partner, Some(world.wuhan.clone()), UserStatus::Active)).await;
        let tokens = vec![
            None,
            Some(World::partner_token(app, &world.wuhan).await),
            Some(partner_account.access_token),
            Some(world.ru_head.access_token.clone()),
            Some(world.other_head.access_token.clone()),
            Some(World::partner_token(app, &world.outsider_institution).await),
            Some(app.session(Role::Coordinator).await.access_token),
            Some(app.admin.access_token.clone()),
        ];
        Cooperation { centre, link: id_of(&link), projects, shared_output, tokens, world }
    }

    pub fn lab_id(&self, lab: Lab) -> &str {
        lab_of(&self.world, lab)
    }

    /// The ids of the projects `caller` may read.
    pub fn readable(&self, caller: usize) -> Vec<&str> {
        PROJECTS.iter().zip(&self.projects).filter(|(row, _)| row.reads[caller]).map(|(_, p)| p.id.as_str()).collect()
    }

    /// Whether `caller` may read the shared output: through either of its projects.
    pub fn reads_shared_output(&self, caller: usize) -> bool {
        PROJECTS[0].reads[caller] || PROJECTS[2].reads[caller]
    }

    /// A GET as `caller`.
    pub async fn get(&self, app: &TestApp, caller: usize, path: &str, accept: &str) -> reqwest::Response {
        let request = match &self.tokens[caller] {
            Some(token) => app.request_as(token, Method::GET, path),
            None => app.anonymous.get(app.url(path)),
        };
        request.header("Accept", accept).send().await.unwrap()
    }
}

fn lab_of(world: &World, lab: Lab) -> &str {
    match lab {
        Lab::Russian => &world.ru_lab,
        Lab::Chinese => &world.cn_lab,
        Lab::Unrelated => &world.other_lab,
    }
}

async fn build_project(app: &TestApp, world: &World, row: &ProjectRow) -> Built {
    let lab = |lab: &Lab| lab_of(world, *lab);
    let mut body = project_body(world, row.name);
    body["titles"] = json!({"en": row.name});
    body["identifiers"] = json!([]);
    body["participants"] = json!([]);
    body["visibility"] = json!(row.visibility);
    body["starts_on"] = json!("2024-01-01");
    body["ends_on"] = json!("2028-12-31");
    body["labs"] = row
        .labs
        .iter()
        .enumerate()
        .map(|(i, l)| json!({"lab_id": lab(l), "role": if i == 0 { "lead" } else { "partner" }}))
        .collect();
    let id = id_of(&create(app, &body).await);
    let funding = post(app, "/api/v1/funding", &json!({"project_id": id, "funder_id": "01a21f73-9c00-7000-8000-000000000002", "starts_on": "2024-01-01", "ends_on": FUNDING_ENDS, "status": "active", "amount": {"amount_minor": 100000000, "currency": "RUB"}, "lab_id": lab(&row.labs[0])})).await;
    let output = post(app, "/api/v1/outputs", &json!({"kind": "journal_article", "title": format!("Article of {}", row.name), "year": 2022, "author_countries": ["RU", "CN"], "project_ids": [id]})).await;
    Built { gap: format!("gap:{id}:2027-01-01"), funding: id_of(&funding), output: id_of(&output), id }
}

/// A create as the administrator that must succeed; its body.
pub(super) async fn post(app: &TestApp, path: &str, body: &Value) -> Value {
    let response = app.post_json(path, body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 201, "{path}: {text}");
    serde_json::from_str(&text).unwrap()
}

fn id_of(record: &Value) -> String {
    record["id"].as_str().unwrap().to_owned()
}
