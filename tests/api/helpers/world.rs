//! A small cooperation to test projects, funding and outputs in: South Ural State University
//! (RU) and Wuhan University (CN), one laboratory each with its own head, and a third
//! institution (KZ) that takes part in nothing.

use jointreg::domain::role::{Role, UserStatus};
use serde_json::{Value, json};

use crate::helpers::accounts::Session;
use crate::helpers::{TestApp, south_ural_university, wuhan_university};
use crate::labs::{create_lab, lab_body};

pub struct World {
    pub susu: String,
    pub wuhan: String,
    pub outsider_institution: String,
    /// A Russian laboratory at SUSU, headed by `ru_head`.
    pub ru_lab: String,
    /// A Chinese laboratory at Wuhan University, headed by `cn_head`.
    pub cn_lab: String,
    pub ru_head: Session,
    pub cn_head: Session,
    /// A lab head of a laboratory at the outsider institution.
    pub other_head: Session,
    pub other_lab: String,
}

impl World {
    pub async fn build(app: &TestApp) -> World {
        let susu = app.create_institution(&south_ural_university()).await["id"].as_str().unwrap().to_owned();
        let wuhan = app.create_institution(&wuhan_university()).await["id"].as_str().unwrap().to_owned();
        let outsider = app
            .create_institution(&json!({"names": {"en": "Al-Farabi Kazakh National University"}, "country": "KZ", "kind": "university"}))
            .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let ru_head = app.sign_in(app.user(Role::LabHead, Some(susu.clone()), UserStatus::Active)).await;
        let cn_head = app.sign_in(app.user(Role::LabHead, Some(wuhan.clone()), UserStatus::Active)).await;
        let other_head = app.sign_in(app.user(Role::LabHead, Some(outsider.clone()), UserStatus::Active)).await;
        let lab = |name: &str, institution: &str, head: &Session| {
            let mut body = lab_body(name, &json!({"id": institution}));
            body["head_user_id"] = json!(head.user.id);
            body
        };
        let ru_lab = create_lab(app, &lab("Laboratory of Immunopathology", &susu, &ru_head)).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let cn_lab = create_lab(app, &lab("Laboratory of Systemic Pathology", &wuhan, &cn_head)).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let other_lab = create_lab(app, &lab("Steppe Ecology Laboratory", &outsider, &other_head)).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        World { susu, wuhan, outsider_institution: outsider, ru_lab, cn_lab, ru_head, cn_head, other_head, other_lab }
    }

    /// A read-only partner API token of `institution_id`, issued by the administrator.
    pub async fn partner_token(app: &TestApp, institution_id: &str) -> String {
        let response = app
            .post_json(&format!("/api/v1/institutions/{institution_id}/partner-tokens"), &json!({"name": "sync"}))
            .await;
        assert_eq!(response.status(), 201);
        let issued: Value = response.json().await.unwrap();
        issued["token"].as_str().unwrap().to_owned()
    }
}
