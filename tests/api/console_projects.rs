//! Registering and changing projects in the console: titles in three languages, laboratories
//! found by name in any script, subject areas by a word or a code, participants with ORCID iDs —
//! through the API's own operations, so the console accepts and refuses exactly what the API does.

use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::browser::{Browser, assert_accessible};
use crate::helpers::console::{Page, Visitor};
use crate::helpers::world::World;
use crate::helpers::{PASSWORD, TestApp};

const FORM: &str = "form#project-form";

async fn projects(app: &TestApp) -> Vec<Value> {
    let page: Value = app.get("/api/v1/projects?limit=100").await.json().await.unwrap();
    page["items"].as_array().unwrap().clone()
}

async fn project(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/api/v1/projects/{id}")).await.json().await.unwrap()
}

/// The value of the option chosen in `select`.
fn chosen(page: &Page, select: &str) -> Option<String> {
    page.all(&format!("{select} option[selected]")).first().and_then(|o| o.value().attr("value")).map(str::to_owned)
}

/// The Chinese laboratory gets a Chinese name, to be found by.
async fn name_in_chinese(app: &TestApp, world: &World) {
    let path = format!("/api/v1/labs/{}", world.cn_lab);
    let etag = app.etag_of(&path).await;
    let names = json!({"names": {"en": "Laboratory of Systemic Pathology", "zh": "系统病理学实验室"}});
    assert_eq!(app.patch_json(&path, Some(&etag), &names).await.status(), 200);
}

both_backends! {
    async fn a_lab_head_registers_a_joint_project_finding_its_partner_by_a_chinese_name_once_per_form(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        name_in_chinese(&app, &world).await;
        let head = Visitor::signed_in(&app, &world.ru_head.user.email).await;
        let home = head.get("/console/").await;
        assert!(home.links().contains(&"/console/projects/new".to_owned()), "{}", home.body);
        let form = head.get("/console/projects/new").await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert_eq!(chosen(&form, "#labs-0-lab_id").as_deref(), Some(world.ru_lab.as_str()), "their laboratory leads");
        assert_eq!(chosen(&form, "[name=visibility][checked]").as_deref(), None);
        assert_eq!(form.one("#visibility-restricted").value().attr("checked"), Some(""), "restricted unless said");
        assert!(form.all("#asjc-codes option").len() == 334, "every ASJC code is offered");

        // Without JavaScript: type a Chinese name in the partner row and press its Find.
        let found = head
            .submit(&form, FORM, &[("labs[1].lab_id_q", "系统病理"), ("find", "labs[1].lab_id"), ("titles.en", "Kept")])
            .await;
        assert_eq!(found.status, 200, "{}", found.body);
        assert_eq!(found.one("#titles-en").value().attr("value"), Some("Kept"), "what was typed stays");
        assert!(!found.all(&format!("#labs-1-lab_id option[value='{}']", world.cn_lab)).is_empty(), "{}", found.body);
        assert!(projects(&app).await.is_empty(), "finding writes nothing");

        let fields = [
            ("titles.en", "Systemic pathology of inflammation"), ("titles.ru", "Системная патология воспаления"),
            ("titles.zh", "炎症的系统病理学"), ("acronym", "SYSPATH"), ("summaries.zh", "镜像实验室研究慢性炎症。"),
            ("starts_on", "2021-03-01"), ("ends_on", "2026-12-31"), ("status", "active"), ("visibility", "partners"),
            ("labs[1].lab_id", world.cn_lab.as_str()),
            ("subject_areas[0]", "2734 Pathology and Forensic Medicine"), ("subject_areas[1]", "immunology"),
            ("keywords", "inflammation\r\nвоспаление\r\n\r\n炎症"),
            ("participants[0].name", "Ирина Петрова"), ("participants[0].orcid", "https://orcid.org/0000-0002-1825-0097"),
            ("participants[0].role", "principal_investigator"), ("participants[0].lab_id", world.ru_lab.as_str()),
            ("participants[1].name", "李明"), ("participants[1].role", "co_investigator"),
            ("participants[1].lab_id", world.cn_lab.as_str()),
        ];
        let registered = head.submit(&found, FORM, &fields).await;
        let again = head.submit(&found, FORM, &fields).await;

        assert_eq!(registered.status, 303, "{}", registered.body);
        assert_eq!(again.location(), registered.location(), "a resubmitted form leads to the same project");
        let listed = projects(&app).await;
        assert_eq!(listed.len(), 1, "one project for one form: {listed:?}");
        let id = listed[0]["id"].as_str().unwrap();
        assert_eq!(registered.location().unwrap(), format!("/console/projects/{id}"));
        let stored = project(&app, id).await;
        assert_eq!(stored["titles"], json!({"en": "Systemic pathology of inflammation", "ru": "Системная патология воспаления", "zh": "炎症的系统病理学"}));
        assert_eq!(stored["summaries"], json!({"en": null, "ru": null, "zh": "镜像实验室研究慢性炎症。"}));
        assert_eq!(stored["subject_areas"].as_array().unwrap().iter().map(|a| a["code"].clone()).collect::<Vec<_>>(), [json!(2403), json!(2734)], "kept in code order");
        assert_eq!(stored["keywords"], json!(["inflammation", "воспаление", "炎症"]));
        assert_eq!((stored["visibility"].as_str(), stored["status"].as_str()), (Some("partners"), Some("active")));
        let labs: Vec<(String, String)> = stored["labs"].as_array().unwrap().iter()
            .map(|l| (l["lab_id"].as_str().unwrap().to_owned(), l["role"].as_str().unwrap().to_owned())).collect();
        assert_eq!(labs, [(world.ru_lab.clone(), "lead".into()), (world.cn_lab.clone(), "partner".into())]);
        let people = stored["participants"].as_array().unwrap();
        assert_eq!(people.len(), 2, "empty rows are left out: {people:?}");
        assert_eq!(people[0]["orcid"], "0000-0002-1825-0097");
        assert_eq!(people[1]["lab_id"].as_str(), Some(world.cn_lab.as_str()));

        let shown = head.follow(&registered).await;
        assert_eq!(shown.text_of("main h1"), "Systemic pathology of inflammation");
        assert!(shown.links().contains(&format!("/console/projects/{id}/edit")), "its lead's head may change it");
    }

    async fn refused_fields_land_on_their_rows_in_the_persons_language_and_nothing_is_written(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let head = Visitor::new(&app, "ru");
        assert_eq!(head.sign_in(&world.ru_head.user.email, PASSWORD).await.status, 303);
        let form = head.get("/console/projects/new").await;

        let refused = head
            .submit(&form, FORM, &[
                ("starts_on", "2021-03-01"), ("subject_areas[0]", "2734"), ("subject_areas[1]", "Алхимия"),
                ("participants[0].name", "Li Wei"), ("participants[0].orcid", "0000-0002-1825-0098"),
                ("participants[0].role", "researcher"),
            ])
            .await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.text_of("#subject_areas-1-problem"), "Такой тематической области ASJC нет: выберите из списка.");
        assert!(refused.text_of("#participants-0-orcid-problem").starts_with("Это не ORCID iD"), "{}", refused.body);
        assert!(refused.links().contains(&"#titles".to_owned()), "the missing titles are named above the form");
        assert_eq!(refused.one("#participants-0-name").value().attr("value"), Some("Li Wei"));
        assert_eq!(refused.one("#subject_areas-1").value().attr("value"), Some("Алхимия"));

        // Once the fields read, the API's checks of the whole record speak, on the same rows.
        let period = head
            .submit(&refused, FORM, &[
                ("titles.ru", "Системная патология"), ("subject_areas[1]", ""), ("ends_on", "2020-01-01"),
                ("participants[0].orcid", "0000-0002-1825-0097"), ("participants[0].lab_id", world.cn_lab.as_str()),
            ])
            .await;
        assert_eq!(period.status, 422, "{}", period.body);
        assert_eq!(period.text_of("#ends_on-problem"), "Окончание не может быть раньше начала.");
        assert!(period.all("#participants-0-orcid-problem").is_empty());
        assert!(projects(&app).await.is_empty(), "nothing is written");

        // The ORCID iD is checked as it is typed, with the API's check.
        let typed = head.get("/console/check/orcid?participants%5B0%5D.orcid=0000-0002-1825-0098").await;
        assert!(typed.text_of("span.refused").starts_with("Это не ORCID iD"), "{}", typed.body);
        let typed = head.get("/console/check/orcid?participants%5B0%5D.orcid=https://orcid.org/0000-0002-1825-0097").await;
        assert_eq!(typed.text_of("span.valid"), "Верный ORCID iD: 0000-0002-1825-0097.");
    }

    async fn changing_a_project_is_for_whom_the_api_lets_change_it(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let mut body = crate::projects::project_body(&world, "Systemic pathology of inflammation");
        body["visibility"] = json!("restricted");
        let id = crate::projects::create(&app, &body).await["id"].as_str().unwrap().to_owned();
        let api_path = format!("/api/v1/projects/{id}");

        // Its partner's head reads it but may not change it; an outsider may not read it.
        for (session, expected) in [(&world.cn_head, 403), (&world.other_head, 404)] {
            let etag = app.etag_of(&api_path).await;
            let api = app.request_as(&session.access_token, Method::PATCH, &api_path)
                .header("If-Match", etag).json(&json!({"acronym": "X"})).send().await.unwrap();
            let visitor = Visitor::signed_in(&app, &session.user.email).await;
            let form = visitor.get(&format!("/console/projects/{id}/edit")).await;
            assert_eq!(api.status(), expected);
            assert_eq!(form.status, api.status(), "{}", form.body);
            let page = visitor.get(&format!("/console/projects/{id}")).await;
            assert!(!page.links().contains(&format!("/console/projects/{id}/edit")));
        }

        let head = Visitor::signed_in(&app, &world.ru_head.user.email).await;
        let form = head.get(&format!("/console/projects/{id}/edit")).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert_eq!(form.one("#participants-0-orcid").value().attr("value"), Some("0000-0002-1825-0097"));
        assert_eq!(form.one("#subject_areas-0").value().attr("value"), Some("1300 General Biochemistry, Genetics and Molecular Biology"));
        let saved = head.submit(&form, FORM, &[("keywords", "inflammation\nfibrosis"), ("ends_on", "")]).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let stored = project(&app, &id).await;
        assert_eq!(stored["keywords"], json!(["inflammation", "fibrosis"]));
        assert_eq!(stored["ends_on"], Value::Null, "an emptied end clears it");
        assert_eq!(stored["identifiers"].as_array().unwrap().len(), 2, "identifiers the form does not show are kept");
        assert_eq!(stored["participants"].as_array().unwrap().len(), 3);
        assert_eq!(stored["labs"].as_array().unwrap().len(), 2);
    }

    async fn a_change_saved_meanwhile_is_shown_and_not_overwritten(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let body = crate::projects::project_body(&world, "Systemic pathology of inflammation");
        let id = crate::projects::create(&app, &body).await["id"].as_str().unwrap().to_owned();
        let head = Visitor::signed_in(&app, &world.ru_head.user.email).await;
        let form = head.get(&format!("/console/projects/{id}/edit")).await;
        let api_path = format!("/api/v1/projects/{id}");
        let etag = app.etag_of(&api_path).await;
        assert_eq!(app.patch_json(&api_path, Some(&etag), &json!({"acronym": "SP-2"})).await.status(), 200);

        let refused = head.submit(&form, FORM, &[("titles.en", "Systemic pathology, renamed")]).await;
        assert_eq!(refused.status, 412, "{}", refused.body);
        assert!(refused.text_of("#changed-meanwhile").contains("SP-2"), "{}", refused.body);
        assert_eq!(project(&app, &id).await["acronym"], "SP-2", "nothing overwritten");
        let applied = head.submit(&refused, FORM, &[]).await;
        assert_eq!(applied.status, 303, "{}", applied.body);
        let stored = project(&app, &id).await;
        assert_eq!(stored["titles"]["en"], "Systemic pathology, renamed");
        assert_eq!(stored["acronym"], "SYSPATH", "sent again knowingly, the person's values apply");
    }
}

both_backends! {
    #[requires(Browser)]
    async fn the_orcid_is_checked_as_it_is_typed_and_partners_are_found_as_one_types(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        name_in_chinese(&app, &world).await;
        let browser = Browser::start_in("zh-CN").await;
        browser.goto(&app.url("/console/sign-in")).await;
        browser.fill("#email", &world.ru_head.user.email).await;
        browser.fill("#password", PASSWORD).await;
        browser.submit("form[action='/console/sign-in']").await;
        browser.wait_for("main h1").await;
        browser.goto(&app.url("/console/projects/new")).await;
        browser.wait_for(FORM).await;

        browser.fill("#participants-0-orcid", "0000-0002-1825-0098").await;
        let refused = browser.wait_for("#participants-0-orcid-check span.refused").await;
        assert!(refused.text().await.unwrap().starts_with("不是有效的 ORCID iD"));
        browser.fill("#participants-0-orcid", "0000-0002-1825-0097").await;
        browser.wait_for("#participants-0-orcid-check span.valid").await;

        browser.fill("#labs-1-lab_id-q", "系统病理").await;
        browser.wait_for(&format!("#labs-1-lab_id option[value='{}']", world.cn_lab)).await;
        assert_accessible(&browser.axe().await);
    }
}
