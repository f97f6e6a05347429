//! Keeping records in the console: the forms call the API's own operations, so they accept what
//! the API accepts, refuse what it refuses (with the API's reasons next to the fields, in the
//! person's language), make one record per rendered form, and never overwrite a change saved
//! meanwhile.

use jointreg::domain::role::{Role, UserStatus};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::browser::{Browser, KEY_ENTER, KEY_TAB, assert_accessible, screenshot_path};
use crate::helpers::console::{Visitor, text};
use crate::helpers::world::World;
use crate::helpers::{PASSWORD, TestApp, south_ural_university, wuhan_university};

/// A browser in `language`, signed in as a new account with `role` (of `institution`).
async fn visitor(app: &TestApp, role: Role, institution: Option<String>, language: &str) -> Visitor {
    let user = app.user(role, institution, UserStatus::Active);
    let visitor = Visitor::new(app, language);
    let answer = visitor.sign_in(&user.email, PASSWORD).await;
    assert_eq!(answer.status, 303, "signing in: {}", answer.body);
    visitor
}

/// Every institution the API lists whose name matches `q`.
async fn institutions_named(app: &TestApp, q: &str) -> Vec<Value> {
    let response = app.get(&format!("/api/v1/institutions?q={q}")).await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    page["items"].as_array().unwrap().clone()
}

const FORM: &str = "form#institution-form";

fn zhejiang() -> [(&'static str, &'static str); 7] {
    [
        ("names.en", "Zhejiang University"),
        ("names.zh", "浙江大学"),
        ("country", "cn"),
        ("city", "Hangzhou"),
        ("kind", "university"),
        ("ror_id", "00a2xv884"),
        ("website", "https://www.zju.edu.cn/english/"),
    ]
}

both_backends! {
    async fn a_coordinator_registers_an_institution_as_the_api_would_and_sees_its_page(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = visitor(&app, Role::Coordinator, None, "en").await;
        let home = coordinator.get("/console/").await;
        assert!(home.links().contains(&"/console/institutions/new".to_owned()), "{}", home.body);

        let form = coordinator.get("/console/institutions/new").await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert_eq!(form.text_of("h1"), "Register an institution");
        assert_eq!(form.one("label[for=names-en]").text().collect::<String>().split_whitespace().next(), Some("Name"));
        let saved = coordinator.submit(&form, FORM, &zhejiang()).await;

        assert_eq!(saved.status, 303, "{}", saved.body);
        let location = saved.location().unwrap();
        let found = institutions_named(&app, "zhejiang").await;
        assert_eq!(found.len(), 1);
        let record = &found[0];
        assert_eq!(location, format!("/console/institutions/{}", record["id"].as_str().unwrap()));
        // Stored as the API stores it: the country upper case, the ROR id canonical, no Russian name.
        assert_eq!(record["country"], "CN");
        assert_eq!(record["ror_id"], "https://ror.org/00a2xv884");
        assert_eq!(record["names"], json!({"en": "Zhejiang University", "ru": null, "zh": "浙江大学"}));
        assert_eq!(record["kind"], "university");

        let page = coordinator.follow(&saved).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.text_of("h1"), "Zhejiang University");
        assert!(page.body.contains("https://ror.org/00a2xv884"));
        assert_eq!(page.all("table.history tbody tr").len(), 1, "its creation, in its history");
        assert!(page.links().contains(&format!("{location}/edit")));
    }

    async fn a_resubmitted_registration_makes_one_institution_and_leads_to_it(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = visitor(&app, Role::Coordinator, None, "en").await;
        let form = coordinator.get("/console/institutions/new").await;

        let first = coordinator.submit(&form, FORM, &zhejiang()).await;
        let again = coordinator.submit(&form, FORM, &zhejiang()).await;

        assert_eq!(first.status, 303, "{}", first.body);
        assert_eq!(again.status, 303, "{}", again.body);
        assert_eq!(first.location(), again.location(), "the same record both times");
        assert_eq!(institutions_named(&app, "zhejiang").await.len(), 1);
        // A fresh form is a new registration: the API's own refusal of a second ROR id follows.
        let fresh = coordinator.get("/console/institutions/new").await;
        let duplicate = coordinator.submit(&fresh, FORM, &zhejiang()).await;
        assert_eq!(duplicate.status, 409, "{}", duplicate.body);
        assert_eq!(duplicate.text_of("#ror_id-problem"), "Another institution is already registered with this ROR id.");
        assert_eq!(institutions_named(&app, "zhejiang").await.len(), 1);
    }

    async fn refused_fields_are_named_next_to_themselves_in_the_persons_language_and_nothing_is_written(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = visitor(&app, Role::Coordinator, None, "ru").await;
        let form = coordinator.get("/console/institutions/new").await;
        assert_eq!(form.text_of("h1"), "Зарегистрировать организацию");

        let mut fields = zhejiang().to_vec();
        fields.retain(|(name, _)| !["names.en", "country", "ror_id", "kind"].contains(name));
        fields.extend([("names.en", "   "), ("country", "ZZ"), ("ror_id", "00a2xv885"), ("kind", "")]);
        let refused = coordinator.submit(&form, FORM, &fields).await;

        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.text_of("#names-en-problem"), "Заполните это поле: одни пробелы не считаются значением.");
        assert_eq!(refused.text_of("#country-problem"), "Это не код страны: укажите две буквы, например RU, CN или KZ.");
        assert!(refused.text_of("#ror_id-problem").starts_with("Неверный идентификатор ROR"));
        assert_eq!(refused.text_of("#kind-problem"), "Заполните это поле.");
        assert_eq!(refused.one("#country").value().attr("aria-invalid"), Some("true"));
        assert_eq!(refused.one("#country").value().attr("aria-describedby"), Some("country-problem country-hint"));
        // What was typed is kept, and the summary links to each field.
        assert_eq!(refused.one("#city").value().attr("value"), Some("Hangzhou"));
        let summary: Vec<String> = refused.all("#form-problems a").iter().filter_map(|a| a.value().attr("href")).map(str::to_owned).collect();
        assert_eq!(summary.len(), 4, "{summary:?}");
        assert!(summary.contains(&"#names-en".to_owned()) && summary.contains(&"#kind".to_owned()));
        assert!(institutions_named(&app, "hangzhou").await.is_empty());
        assert!(institutions_named(&app, "zhejiang").await.is_empty());
    }

    async fn the_institution_forms_allow_whom_the_api_allows_and_refuse_the_rest(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await;
        let wuhan_id = wuhan["id"].as_str().unwrap().to_owned();
        let mut body = south_ural_university();
        for (role, institution) in [
            (Role::Admin, None),
            (Role::Coordinator, None),
            (Role::LabHead, Some(wuhan_id.clone())),
            (Role::Partner, Some(wuhan_id.clone())),
        ] {
            let user = app.user(role, institution.clone(), UserStatus::Active);
            let session = app.sign_in(user.clone()).await;
            body["names"]["en"] = json!(format!("Institute of {}", role.as_str()));
            let api = app.request_as(&session.access_token, Method::POST, "/api/v1/institutions").json(&body).send().await.unwrap();
            let allowed = api.status() == 201;
            assert!(allowed || api.status() == 403, "{role:?}: {}", api.status());

            let browser = Visitor::new(&app, "en");
            assert_eq!(browser.sign_in(&user.email, PASSWORD).await.status, 303);
            let form = browser.get("/console/institutions/new").await;
            let edit = browser.get(&format!("/console/institutions/{wuhan_id}/edit")).await;
            let page = browser.get(&format!("/console/institutions/{wuhan_id}")).await;
            let csrf = page.one("form[action='/console/sign-out'] input[name=csrf]").value().attr("value").unwrap().to_owned();
            let posted = browser
                .post_form("/console/institutions", &[("csrf", &csrf), ("names.en", "Posted directly"), ("country", "RU"), ("kind", "other")])
                .await;
            let saved = browser
                .post_form(&format!("/console/institutions/{wuhan_id}"), &[("csrf", &csrf), ("version", "1"), ("names.en", "Wuhan University"), ("country", "CN"), ("kind", "university")])
                .await;
            if allowed {
                assert_eq!((form.status.as_u16(), edit.status.as_u16(), posted.status.as_u16()), (200, 200, 303), "{role:?}");
                assert!(page.links().contains(&format!("/console/institutions/{wuhan_id}/edit")), "{role:?}");
            } else {
                assert_eq!((form.status.as_u16(), edit.status.as_u16()), (403, 403), "{role:?}");
                assert_eq!((posted.status.as_u16(), saved.status.as_u16()), (403, 403), "{role:?}: {}", posted.body);
                assert!(!page.links().iter().any(|l| l.ends_with("/edit")), "{role:?} is offered no change");
            }
        }
        let names: Vec<String> = institutions_named(&app, "posted").await.iter().map(|i| i["names"]["en"].as_str().unwrap().to_owned()).collect();
        assert_eq!(names.len(), 2, "the administrator's and the coordinator's: {names:?}");
    }

    async fn a_change_saved_meanwhile_is_not_overwritten_and_the_page_says_who_changed_what(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await;
        let path = format!("/console/institutions/{}", wuhan["id"].as_str().unwrap());
        let coordinator = visitor(&app, Role::Coordinator, None, "en").await;
        let form = coordinator.get(&format!("{path}/edit")).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert_eq!(form.one("#names-ru").value().attr("value"), Some("Уханьский университет"));

        // Meanwhile the administrator moves the city.
        let api_path = format!("/api/v1/institutions/{}", wuhan["id"].as_str().unwrap());
        let moved = app.patch_json(&api_path, Some("\"1\""), &json!({"city": "Wuchang"})).await;
        assert_eq!(moved.status(), 200);

        let refused = coordinator.submit(&form, FORM, &[("website", "https://www.whu.edu.cn/")]).await;

        assert_eq!(refused.status, 412, "{}", refused.body);
        let meanwhile = refused.text_of("#changed-meanwhile");
        assert!(meanwhile.contains("city Wuhan → Wuchang"), "{meanwhile}");
        assert_eq!(refused.one("#website").value().attr("value"), Some("https://www.whu.edu.cn/"), "the person's values are kept");
        assert_eq!(refused.one("input[name=version]").value().attr("value"), Some("2"));
        let unchanged: Value = app.get(&api_path).await.json().await.unwrap();
        assert_eq!((unchanged["city"].as_str(), unchanged["website"].as_str()), (Some("Wuchang"), Some("https://en.whu.edu.cn/")));

        // Sent again, knowingly: the person's values are applied over the current version.
        let saved = coordinator.submit(&refused, FORM, &[]).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let now: Value = app.get(&api_path).await.json().await.unwrap();
        assert_eq!((now["city"].as_str(), now["website"].as_str(), now["version"].as_i64()), (Some("Wuhan"), Some("https://www.whu.edu.cn/"), Some(3)));
        let page = coordinator.get(&path).await;
        assert_eq!(page.all("table.history tbody tr").len(), 3);
    }

    async fn a_blank_optional_field_clears_it_as_null_does_in_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await;
        let id = wuhan["id"].as_str().unwrap();
        let coordinator = visitor(&app, Role::Coordinator, None, "zh-CN").await;
        let form = coordinator.get(&format!("/console/institutions/{id}/edit")).await;
        assert_eq!(form.text_of("h1"), "修改：武汉大学");

        let saved = coordinator.submit(&form, FORM, &[("names.ru", ""), ("ror_id", " ")]).await;

        assert_eq!(saved.status, 303, "{}", saved.body);
        let now: Value = app.get(&format!("/api/v1/institutions/{id}")).await.json().await.unwrap();
        assert_eq!((now["names"]["ru"].clone(), now["ror_id"].clone()), (Value::Null, Value::Null));
        let page = coordinator.follow(&saved).await;
        let labels: Vec<String> = page.all("dl.facts dt").into_iter().map(text).collect();
        assert!(labels.contains(&"ROR 标识符".to_owned()), "{labels:?}");
    }
}

both_backends! {
    #[requires(Browser)]
    async fn a_coordinator_registers_an_institution_by_keyboard_alone(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        let browser = Browser::start().await;
        browser.goto(&app.url("/console/sign-in")).await;
        browser.fill("#email", &coordinator.email).await;
        browser.fill("#password", PASSWORD).await;
        browser.submit("form[action='/console/sign-in']").await;
        browser.wait_for("main h1").await;
        browser.goto(&app.url("/console/institutions/new")).await;
        browser.wait_for("form#institution-form").await;
        assert_accessible(&browser.axe().await);

        // From the top of the page, Tab reaches the first field, and each Tab the next one.
        browser.tab_to("names-en").await;
        let typed = [
            "Zhejiang University", KEY_TAB, KEY_TAB, "浙江大学", KEY_TAB, "cn", KEY_TAB, "Hangzhou", KEY_TAB,
            "u", KEY_TAB, "00a2xv884", KEY_TAB, "https://www.zju.edu.cn/english/",
        ];
        browser.keys(&typed.concat()).await;
        assert_eq!(browser.focused_id().await, "website");
        let form = browser.find(":root").await;
        browser.keys(KEY_ENTER).await;
        browser.wait_until_gone(&form, "the form after Enter").await;
        browser.wait_for("table.history").await;

        assert_eq!(browser.text("main h1").await, "Zhejiang University");
        assert_accessible(&browser.axe().await);
        let found = institutions_named(&app, "zhejiang").await;
        assert_eq!(found.len(), 1);
        assert_eq!((found[0]["kind"].as_str(), found[0]["country"].as_str()), (Some("university"), Some("CN")));
        assert_eq!(browser.current_url().await.path(), format!("/console/institutions/{}", found[0]["id"].as_str().unwrap()));

        // A refusal, by keyboard too: the summary's link takes the focus to the field.
        browser.goto(&app.url("/console/institutions/new")).await;
        browser.wait_for("form#institution-form").await;
        browser.fill("#names-en", "Hangzhou Institute").await;
        browser.fill("#country", "ZZ").await;
        browser.select("#kind", "other").await;
        browser.submit("form#institution-form").await;
        browser.wait_for("#form-problems").await;
        assert_accessible(&browser.axe().await);
        assert_eq!(browser.text("#country-problem").await, "Not a country code: use two letters, such as RU, CN or KZ.");
        if backend == crate::helpers::Backend::Sqlite {
            browser.screenshot(screenshot_path("console-institution-refused")).await;
        }
    }
}

/// The status entries of laboratory `id` as the API gives them, newest last.
async fn statuses_of(app: &TestApp, id: &str) -> Vec<Value> {
    let lab: Value = app.get(&format!("/api/v1/labs/{id}")).await.json().await.unwrap();
    lab["status_history"].as_array().unwrap_or_else(|| panic!("a status history: {lab}")).clone()
}

both_backends! {
    async fn a_lab_head_records_their_labs_status_once_per_form_and_sees_it_on_the_page(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let head = Visitor::signed_in(&app, &world.ru_head.user.email).await;
        let page = head.get(&format!("/console/labs/{}", world.ru_lab)).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let before = statuses_of(&app, &world.ru_lab).await.len();

        let fields = [("status", "suspended"), ("effective_on", "2026-01-01"), ("reason", "Targeted funding ended")];
        let recorded = head.submit(&page, "form#lab-status-form", &fields).await;
        let again = head.submit(&page, "form#lab-status-form", &fields).await;

        assert_eq!(recorded.status, 303, "{}", recorded.body);
        assert_eq!(recorded.location().unwrap(), format!("/console/labs/{}#status-heading", world.ru_lab));
        assert_eq!(again.status, 303, "a resubmitted form: {}", again.body);
        let statuses = statuses_of(&app, &world.ru_lab).await;
        assert_eq!(statuses.len(), before + 1, "one entry for one form: {statuses:?}");
        let entry = statuses.iter().find(|s| s["effective_on"] == "2026-01-01").expect("the entry");
        assert_eq!((entry["status"].as_str(), entry["reason"].as_str()), (Some("suspended"), Some("Targeted funding ended")));
        let shown = head.follow(&recorded).await;
        let rows: Vec<String> = shown.all("table.statuses tbody tr").into_iter().map(text).collect();
        assert!(rows.contains(&"1 Jan 2026 Suspended Targeted funding ended".to_owned()), "{rows:?}");
    }

    async fn the_lab_status_form_is_offered_and_accepted_exactly_where_the_api_allows_it(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let coordinator = app.session(Role::Coordinator).await;
        let partner = app.sign_in(app.user(Role::Partner, Some(world.susu.clone()), UserStatus::Active)).await;
        let path = format!("/console/labs/{}", world.ru_lab);
        for (who, session) in [("its head", &world.ru_head), ("another lab's head", &world.other_head), ("a coordinator", &coordinator), ("a partner", &partner)] {
            let body = json!({"status": "active", "effective_on": "2026-02-01", "reason": format!("Checked for {who}")});
            let api = app.request_as(&session.access_token, Method::POST, &format!("/api/v1/labs/{}/status", world.ru_lab)).json(&body).send().await.unwrap();
            let allowed = api.status() == 201;

            let browser = Visitor::signed_in(&app, &session.user.email).await;
            let page = browser.get(&path).await;
            assert_eq!(page.status, 200, "{who} reads the lab: {}", page.body);
            assert_eq!(page.all("form#lab-status-form").len(), usize::from(allowed), "{who}: the form is offered only where the API allows");
            let csrf = page.one("form[action='/console/sign-out'] input[name=csrf]").value().attr("value").unwrap().to_owned();
            let reason = format!("Console for {who}");
            let posted = browser
                .post_form(&format!("{path}/status"), &[("csrf", &csrf), ("status", "active"), ("effective_on", "2026-03-01"), ("reason", &reason)])
                .await;
            assert_eq!(posted.status.as_u16(), if allowed { 303 } else { 403 }, "{who} (the API answered {})", api.status());
        }
        let reasons: Vec<String> = statuses_of(&app, &world.ru_lab).await.iter().map(|s| s["reason"].as_str().unwrap().to_owned()).collect();
        assert!(reasons.contains(&"Console for its head".to_owned()) && reasons.contains(&"Console for a coordinator".to_owned()), "{reasons:?}");
        assert!(!reasons.iter().any(|r| r.contains("another lab's head") || r.contains("partner")), "{reasons:?}");
    }

    async fn a_refused_status_keeps_what_was_typed_and_says_why_in_the_persons_language(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let head = Visitor::new(&app, "zh-CN");
        assert_eq!(head.sign_in(&world.cn_head.user.email, PASSWORD).await.status, 303);
        let page = head.get(&format!("/console/labs/{}", world.cn_lab)).await;
        let before = statuses_of(&app, &world.cn_lab).await.len();

        let refused = head.submit(&page, "form#lab-status-form", &[("status", "closed"), ("effective_on", "2026-13-01"), ("reason", " ")]).await;

        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.text_of("#effective_on-problem"), "请按 YYYY-MM-DD 格式填写日期。");
        assert_eq!(refused.text_of("#reason-problem"), "请填写此项：仅有空格不算填写。");
        assert_eq!(refused.one("#status option[selected]").value().attr("value"), Some("closed"));
        assert_eq!(refused.one("#effective_on").value().attr("type"), Some("date"));
        assert_eq!(statuses_of(&app, &world.cn_lab).await.len(), before, "nothing recorded");
        // Corrected and sent again from the page that came back: recorded once.
        let recorded = head.submit(&refused, "form#lab-status-form", &[("effective_on", "2026-12-01"), ("reason", "实验室迁址")]).await;
        assert_eq!(recorded.status, 303, "{}", recorded.body);
        assert_eq!(statuses_of(&app, &world.cn_lab).await.len(), before + 1);
    }
}

/// The value of the option labelled starting with `label` in the select `css` of `page`.
fn option_value(page: &crate::helpers::console::Page, css: &str, label: &str) -> String {
    page.all(&format!("{css} option"))
        .into_iter()
        .find(|o| text(*o).starts_with(label))
        .and_then(|o| o.value().attr("value").map(str::to_owned))
        .unwrap_or_else(|| panic!("no option {label:?} in {css}:\n{}", page.body))
}

both_backends! {
    async fn a_coordinator_registers_a_laboratory_choosing_its_institution_by_a_name_in_any_script(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await;
        app.create_institution(&south_ural_university()).await;
        let head = app.user(Role::LabHead, Some(wuhan["id"].as_str().unwrap().to_owned()), UserStatus::Active);
        let coordinator = visitor(&app, Role::Coordinator, None, "en").await;
        let form = coordinator.get("/console/labs/new").await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert_eq!(form.all("#institution_id option").len(), 1, "nothing offered before a search");

        // Without JavaScript: type a Russian name, press Find; the form comes back with it.
        let name = [("names.en", "Laboratory of Immunopathology"), ("names.zh", "免疫病理学实验室")];
        let mut typed = name.to_vec();
        typed.extend([("institution_id_q", "Уханьский"), ("find", "institution_id")]);
        let found = coordinator.submit(&form, "form#lab-form", &typed).await;
        assert_eq!(found.status, 200, "{}", found.body);
        assert_eq!(found.one("#names-en").value().attr("value"), Some("Laboratory of Immunopathology"), "what was typed is kept");
        let institution = option_value(&found, "#institution_id", "Wuhan University");
        assert_eq!(institution, wuhan["id"].as_str().unwrap());
        assert!(!found.body.contains("South Ural"), "only what matches");
        let head_option = option_value(&found, "#head_user_id", "Test lab_head");
        assert_eq!(head_option, head.id);

        let saved = coordinator.submit(&found, "form#lab-form", &[("institution_id", &institution), ("head_user_id", &head.id), ("research_line", "Inflammation models")]).await;

        assert_eq!(saved.status, 303, "{}", saved.body);
        let id = saved.location().unwrap().trim_start_matches("/console/labs/").to_owned();
        let lab: Value = app.get(&format!("/api/v1/labs/{id}")).await.json().await.unwrap();
        assert_eq!(lab["institution_id"], wuhan["id"]);
        assert_eq!(lab["head_user_id"].as_str(), Some(head.id.as_str()));
        assert_eq!(lab["names"]["zh"], "免疫病理学实验室");
        assert_eq!((lab["status"].as_str(), lab["research_line"].as_str()), (Some("planned"), Some("Inflammation models")));
        let page = coordinator.follow(&saved).await;
        assert_eq!(page.text_of("h1"), "Laboratory of Immunopathology");
    }

    async fn the_institution_picker_offers_matches_as_options_for_htmx(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await;
        app.create_institution(&south_ural_university()).await;
        let coordinator = visitor(&app, Role::Coordinator, None, "ru").await;

        let one = coordinator.get("/console/pick/institutions?institution_id_q=%E6%AD%A6%E6%B1%89").await;
        let none = coordinator.get("/console/pick/institutions?institution_id_q=Tsinghua").await;

        assert_eq!(one.status, 200, "{}", one.body);
        let options: Vec<(String, bool)> = one.all("option").into_iter().map(|o| (o.value().attr("value").unwrap().to_owned(), o.value().attr("selected").is_some())).collect();
        assert_eq!(options, [(String::new(), false), (wuhan["id"].as_str().unwrap().to_owned(), true)], "the one match, chosen");
        assert!(one.body.contains("Уханьский университет (Wuhan, CN)"), "named in the page's language: {}", one.body);
        assert_eq!(none.all("option").len(), 1, "{}", none.body);
        let anonymous = Visitor::new(&app, "en").get("/console/pick/institutions?institution_id_q=wuhan").await;
        assert_eq!(anonymous.status, 303, "sign in first");
    }

    async fn a_lab_head_changes_their_lab_but_neither_moves_it_nor_hands_it_on(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let head = Visitor::signed_in(&app, &world.ru_head.user.email).await;
        let page = head.get(&format!("/console/labs/{}", world.ru_lab)).await;
        let edit_link = format!("/console/labs/{}/edit", world.ru_lab);
        assert!(page.links().contains(&edit_link), "its head may change it");
        let form = head.get(&edit_link).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(form.all("#institution_id").is_empty() && form.all("#head_user_id").is_empty(), "neither institution nor head on their form");

        let saved = head.submit(&form, "form#lab-form", &[("research_line", "Chronic inflammation")]).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let lab: Value = app.get(&format!("/api/v1/labs/{}", world.ru_lab)).await.json().await.unwrap();
        assert_eq!(lab["research_line"], "Chronic inflammation");

        // A move sent anyway is refused as the API refuses it.
        let again = head.get(&edit_link).await;
        let moved = head.submit(&again, "form#lab-form", &[("institution_id", &world.wuhan)]).await;
        assert_eq!(moved.status, 403, "{}", moved.body);
        let api = app.request_as(&world.ru_head.access_token, Method::PATCH, &format!("/api/v1/labs/{}", world.ru_lab))
            .header("If-Match", format!("\"{}\"", lab["version"]))
            .json(&json!({"institution_id": world.wuhan})).send().await.unwrap();
        assert_eq!(api.status(), 403);
        let unchanged: Value = app.get(&format!("/api/v1/labs/{}", world.ru_lab)).await.json().await.unwrap();
        assert_eq!(unchanged["institution_id"], lab["institution_id"]);

        // Another lab's head is refused the form and the save, as by the API.
        let other = Visitor::signed_in(&app, &world.other_head.user.email).await;
        assert_eq!(other.get(&edit_link).await.status, 403);
        assert!(!other.get(&format!("/console/labs/{}", world.ru_lab)).await.links().contains(&edit_link));
        assert_eq!(other.get("/console/labs/new").await.status, 403, "registering labs is for coordinators");
    }
}

/// The mirror links of laboratory `id` as the API lists them.
async fn links_of(app: &TestApp, id: &str) -> Vec<Value> {
    let page: Value = app.get(&format!("/api/v1/mirror-links?lab_id={id}")).await.json().await.unwrap();
    page["items"].as_array().unwrap_or_else(|| panic!("a page: {page}")).clone()
}

both_backends! {
    async fn a_coordinator_links_mirror_laboratories_and_ends_the_link_with_a_reason(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let coordinator = visitor(&app, Role::Coordinator, None, "en").await;
        let lab_page = coordinator.get(&format!("/console/labs/{}", world.ru_lab)).await;
        let new_link = format!("/console/labs/{}/mirror-links/new", world.ru_lab);
        assert!(lab_page.links().contains(&new_link), "{}", lab_page.body);
        let form = coordinator.get(&new_link).await;
        assert_eq!(form.status, 200, "{}", form.body);

        // The partner found by its name, without JavaScript.
        let found = coordinator.submit(&form, "form#mirror-link-form", &[("lab_b_id_q", "Systemic"), ("find", "lab_b_id")]).await;
        assert_eq!(found.status, 200, "{}", found.body);
        let partner = option_value(&found, "#lab_b_id", "Laboratory of Systemic Pathology");
        assert_eq!(partner, world.cn_lab);
        let fields = [("lab_b_id", partner.as_str()), ("kind", "mirror"), ("starts_on", "2021-03-01")];
        let linked = coordinator.submit(&found, "form#mirror-link-form", &fields).await;
        let again = coordinator.submit(&found, "form#mirror-link-form", &fields).await;

        assert_eq!(linked.status, 303, "{}", linked.body);
        assert_eq!(linked.location().unwrap(), format!("/console/labs/{}#links-heading", world.ru_lab));
        assert_eq!(again.location(), linked.location(), "a resubmitted form: {}", again.body);
        let links = links_of(&app, &world.ru_lab).await;
        assert_eq!(links.len(), 1, "{links:?}");
        assert_eq!((links[0]["kind"].as_str(), links[0]["starts_on"].as_str()), (Some("mirror"), Some("2021-03-01")));

        // Ending it from the lab page's table.
        let lab_page = coordinator.follow(&linked).await;
        let end = lab_page.links().into_iter().find(|l| l.ends_with(&format!("/end?from={}", world.ru_lab))).expect("an end link");
        let end_form = coordinator.get(&end).await;
        assert_eq!(end_form.status, 200, "{}", end_form.body);
        assert_eq!(end_form.text_of("h1"), "End the link Laboratory of Immunopathology ↔ Laboratory of Systemic Pathology");
        let refused = coordinator.submit(&end_form, "form#mirror-link-end-form", &[("ends_on", "2020-12-31")]).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.text_of("#ends_on-problem"), "The end cannot be before the start.");
        let ended = coordinator.submit(&refused, "form#mirror-link-end-form", &[("ends_on", "2022-12-31"), ("end_reason", "Targeted funding ended")]).await;
        assert_eq!(ended.status, 303, "{}", ended.body);
        let link: Value = app.get(&format!("/api/v1/mirror-links/{}", links[0]["id"].as_str().unwrap())).await.json().await.unwrap();
        assert_eq!((link["ends_on"].as_str(), link["end_reason"].as_str()), (Some("2022-12-31"), Some("Targeted funding ended")));
        let shown = coordinator.follow(&ended).await;
        let row = text(shown.one("table.mirror-links tbody tr"));
        assert!(row.contains("Targeted funding ended") && !row.contains("End this link"), "{row}");
    }

    async fn mirror_link_forms_are_for_whom_the_api_lets_write_links(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let link = json!({"lab_a_id": world.ru_lab, "lab_b_id": world.cn_lab, "kind": "mirror", "starts_on": "2021-03-01"});
        let created: Value = app.post_json("/api/v1/mirror-links", &link).await.json().await.unwrap();
        let link_id = created["id"].as_str().unwrap();
        let head = Visitor::signed_in(&app, &world.ru_head.user.email).await;
        let page = head.get(&format!("/console/labs/{}", world.ru_lab)).await;
        assert!(!page.links().iter().any(|l| l.contains("mirror-links")), "a lab head is offered no link forms");
        assert_eq!(head.get(&format!("/console/labs/{}/mirror-links/new", world.ru_lab)).await.status, 403);
        assert_eq!(head.get(&format!("/console/mirror-links/{link_id}/end")).await.status, 403);
        let csrf = page.one("form[action='/console/sign-out'] input[name=csrf]").value().attr("value").unwrap().to_owned();
        let ended = head.post_form(&format!("/console/mirror-links/{link_id}/end"), &[("csrf", &csrf), ("version", "1"), ("ends_on", "2022-12-31")]).await;
        assert_eq!(ended.status, 403);
        let api = app.request_as(&world.ru_head.access_token, Method::PATCH, &format!("/api/v1/mirror-links/{link_id}"))
            .header("If-Match", "\"1\"").json(&json!({"ends_on": "2022-12-31"})).send().await.unwrap();
        assert_eq!(api.status(), 403, "as the API answers");
        let unchanged: Value = app.get(&format!("/api/v1/mirror-links/{link_id}")).await.json().await.unwrap();
        assert_eq!(unchanged["ends_on"], Value::Null);
    }
}

/// The funding records of project `id` as the API lists them.
async fn funding_of(app: &TestApp, id: &str) -> Vec<Value> {
    let page: Value = app.get(&format!("/api/v1/projects/{id}/funding")).await.json().await.unwrap();
    page["items"].as_array().unwrap_or_else(|| panic!("a page: {page}")).clone()
}

/// A public project of the test world (Russian lead, Chinese partner); its id.
async fn joint_project(app: &TestApp, world: &World) -> String {
    let mut body = crate::projects::project_body(world, "Systemic pathology of chronic inflammation");
    body["visibility"] = json!("public");
    crate::projects::create(app, &body).await["id"].as_str().unwrap().to_owned()
}

both_backends! {
    async fn a_lab_head_records_an_award_typed_as_people_write_amounts_once_per_form(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = joint_project(&app, &world).await;
        let head = Visitor::signed_in(&app, &world.ru_head.user.email).await;
        let page = head.get(&format!("/console/projects/{project}")).await;
        let new = format!("/console/projects/{project}/funding/new");
        assert!(page.links().contains(&new), "{}", page.body);
        let form = head.get(&new).await;
        assert_eq!(form.status, 200, "{}", form.body);
        let rsf = option_value(&form, "#funder_id", "RSF");
        let rfbr = form.all("#funder_id option").into_iter().map(text).find(|o| o.starts_with("RFBR")).expect("RFBR offered");
        assert!(rfbr.contains("closed on") && rfbr.ends_with("→ RSF"), "a closed funder names its successor: {rfbr}");

        let fields = [
            ("funder_id", rsf.as_str()), ("lab_id", world.ru_lab.as_str()), ("call_name", "RSF–NSFC joint call 2021"),
            ("award_number", "21-45-00012"), ("amount", "6 000 000,00 ₽"), ("currency", ""),
            ("starts_on", "2021-07-01"), ("ends_on", "2024-06-30"), ("status", "active"),
        ];
        let recorded = head.submit(&form, "form#funding-form", &fields).await;
        let again = head.submit(&form, "form#funding-form", &fields).await;

        assert_eq!(recorded.status, 303, "{}", recorded.body);
        assert_eq!(recorded.location().unwrap(), format!("/console/projects/{project}#funding-heading"));
        assert_eq!(again.location(), recorded.location(), "{}", again.body);
        let records = funding_of(&app, &project).await;
        assert_eq!(records.len(), 1, "{records:?}");
        assert_eq!(records[0]["amount"], json!({"amount_minor": 600000000, "currency": "RUB"}));
        assert_eq!((records[0]["side"].as_str(), records[0]["award_number"].as_str()), (Some("RU"), Some("21-45-00012")));
    }

    async fn a_refused_award_says_why_in_the_persons_language_and_records_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = joint_project(&app, &world).await;
        let head = Visitor::new(&app, "ru");
        assert_eq!(head.sign_in(&world.cn_head.user.email, PASSWORD).await.status, 303);
        let form = head.get(&format!("/console/projects/{project}/funding/new")).await;
        let nsfc = option_value(&form, "#funder_id", "NSFC");

        let refused = head
            .submit(&form, "form#funding-form", &[
                ("funder_id", &nsfc), ("lab_id", &world.cn_lab), ("amount", "$2,000,000.00"), ("currency", "CNY"),
                ("starts_on", "2022-01-01"), ("ends_on", "2021-12-31"), ("status", "active"),
            ])
            .await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.text_of("#amount-problem"), "В сумме указана другая валюта, чем выбранная.");
        assert_eq!(refused.one("#amount").value().attr("value"), Some("$2,000,000.00"));
        let precise = head.submit(&refused, "form#funding-form", &[("amount", "2 000 000,005")]).await;
        assert_eq!(precise.text_of("#amount-problem"), "Слишком много знаков после запятой: не более двух (копейки, фыни, центы).");
        assert!(funding_of(&app, &project).await.is_empty());

        // The period is checked with the records, as in the API, once the fields are well formed.
        let period = head.submit(&precise, "form#funding-form", &[("amount", "¥2 000 000"), ("currency", "")]).await;
        assert_eq!(period.status, 422, "{}", period.body);
        assert_eq!(period.text_of("#ends_on-problem"), "Окончание не может быть раньше начала.");
        assert!(funding_of(&app, &project).await.is_empty());
        let fixed = head.submit(&period, "form#funding-form", &[("ends_on", "2024-12-31")]).await;
        assert_eq!(fixed.status, 303, "{}", fixed.body);
        let records = funding_of(&app, &project).await;
        assert_eq!(records[0]["amount"], json!({"amount_minor": 200000000, "currency": "CNY"}));
    }

    async fn funding_forms_are_for_whom_the_api_lets_keep_the_projects_funding(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = joint_project(&app, &world).await;
        let coordinator = app.session(Role::Coordinator).await;
        let partner = app.sign_in(app.user(Role::Partner, Some(world.susu.clone()), UserStatus::Active)).await;
        let new = format!("/console/projects/{project}/funding/new");
        for (who, session, allowed) in [("the lead lab's head", &world.ru_head, true), ("the partner lab's head", &world.cn_head, true), ("a coordinator", &coordinator, true), ("another lab's head", &world.other_head, false), ("a partner", &partner, false)] {
            let browser = Visitor::signed_in(&app, &session.user.email).await;
            let page = browser.get(&format!("/console/projects/{project}")).await;
            assert_eq!(page.status, 200, "{who}");
            assert_eq!(page.links().contains(&new), allowed, "{who}");
            assert_eq!(browser.get(&new).await.status.as_u16(), if allowed { 200 } else { 403 }, "{who}");
            // The Russian side's award: the Chinese lab's head keeps only theirs.
            let body = json!({"project_id": project, "funder_id": "01a21f73-9c00-7000-8000-000000000002", "starts_on": "2021-07-01", "ends_on": "2024-06-30", "status": "applied", "lab_id": world.ru_lab});
            let api = app.request_as(&session.access_token, Method::POST, "/api/v1/funding").json(&body).send().await.unwrap();
            let csrf = page.one("form[action='/console/sign-out'] input[name=csrf]").value().attr("value").unwrap().to_owned();
            let posted = browser
                .post_form("/console/funding", &[("csrf", &csrf), ("project_id", &project), ("funder_id", "01a21f73-9c00-7000-8000-000000000002"), ("lab_id", &world.ru_lab), ("starts_on", "2021-07-01"), ("ends_on", "2024-06-30"), ("status", "applied")])
                .await;
            assert_eq!(posted.status == 403, api.status() == 403, "{who}: the API answered {}; the console {}", api.status(), posted.status);
            assert!(allowed || posted.status == 403, "{who}");
        }
    }
}

both_backends! {
    #[requires(Browser)]
    async fn every_form_page_is_accessible_and_its_fields_are_reached_by_keyboard(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = joint_project(&app, &world).await;
        let link = json!({"lab_a_id": world.ru_lab, "lab_b_id": world.cn_lab, "kind": "mirror", "starts_on": "2021-03-01"});
        let link: Value = app.post_json("/api/v1/mirror-links", &link).await.json().await.unwrap();
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        let browser = Browser::start().await;
        browser.goto(&app.url("/console/sign-in")).await;
        browser.fill("#email", &coordinator.email).await;
        browser.fill("#password", PASSWORD).await;
        browser.submit("form[action='/console/sign-in']").await;
        browser.wait_for("main h1").await;

        let pages = [
            (format!("/console/institutions/{}/edit", world.wuhan), "form#institution-form", "names-en"),
            ("/console/labs/new".to_owned(), "form#lab-form", "names-en"),
            (format!("/console/labs/{}/edit", world.ru_lab), "form#lab-form", "names-en"),
            (format!("/console/labs/{}", world.ru_lab), "form#lab-status-form", "status"),
            (format!("/console/labs/{}/mirror-links/new", world.ru_lab), "form#mirror-link-form", "lab_b_id-q"),
            (format!("/console/mirror-links/{}/end", link["id"].as_str().unwrap()), "form#mirror-link-end-form", "ends_on"),
            (format!("/console/projects/{project}/funding/new"), "form#funding-form", "funder_id"),
            ("/console/projects/new".to_owned(), "form#project-form", "titles-en"),
            (format!("/console/projects/{project}/edit"), "form#project-form", "titles-en"),
        ];
        for (path, form, first_field) in pages {
            browser.goto(&app.url(&path)).await;
            browser.wait_for(form).await;
            let violations = browser.axe().await;
            assert!(violations.is_empty(), "{path}: {}", crate::helpers::browser::report(&violations));
            browser.tab_to(first_field).await;
        }

        // htmx fills the laboratory picker as one types.
        browser.goto(&app.url(&format!("/console/labs/{}/mirror-links/new", world.ru_lab))).await;
        browser.wait_for("form#mirror-link-form").await;
        browser.fill("#lab_b_id-q", "Systemic").await;
        browser.wait_for(&format!("#lab_b_id option[value='{}']", world.cn_lab)).await;

        // A refused award in Russian and Chinese, for people to look at (target/browser-screenshots).
        for language in ["ru", "zh-CN"] {
            let browser = Browser::start_in(language).await;
            browser.goto(&app.url("/console/sign-in")).await;
            browser.fill("#email", &coordinator.email).await;
            browser.fill("#password", PASSWORD).await;
            browser.submit("form[action='/console/sign-in']").await;
            browser.wait_for("main h1").await;
            browser.goto(&app.url(&format!("/console/projects/{project}/funding/new"))).await;
            browser.wait_for("form#funding-form").await;
            browser.select("#funder_id", "01a21f73-9c00-7000-8000-000000000001").await;
            browser.select("#lab_id", &world.cn_lab).await;
            browser.fill("#amount", "$2,000,000.00").await;
            browser.select("#currency", "CNY").await;
            browser.select("#status", "active").await;
            // A date input's typing follows the browser's locale; the value it sends does not.
            let dates = "document.querySelector('#starts_on').value = '2022-01-01'; \
                         document.querySelector('#ends_on').value = '2024-12-31';";
            browser.client().execute(dates, vec![]).await.expect("setting the dates");
            browser.submit("form#funding-form").await;
            browser.wait_for("#amount-problem").await;
            let violations = browser.axe().await;
            assert!(violations.is_empty(), "{language}: {}", crate::helpers::browser::report(&violations));
            if backend == crate::helpers::Backend::Sqlite {
                browser.screenshot(screenshot_path(&format!("console-funding-refused-{language}"))).await;
            }
        }
    }
}

both_backends! {
    async fn every_console_form_is_offered_to_exactly_the_roles_its_api_operation_allows(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = joint_project(&app, &world).await;
        let link = json!({"lab_a_id": world.ru_lab, "lab_b_id": world.cn_lab, "kind": "mirror", "starts_on": "2021-03-01"});
        let link: Value = app.post_json("/api/v1/mirror-links", &link).await.json().await.unwrap();
        let link_id = link["id"].as_str().unwrap().to_owned();
        let coordinator = app.session(Role::Coordinator).await;
        let admin = app.session(Role::Admin).await;
        let partner = app.sign_in(app.user(Role::Partner, Some(world.susu.clone()), UserStatus::Active)).await;
        let callers = [("an administrator", &admin), ("a coordinator", &coordinator), ("the lab's head", &world.ru_head), ("another lab's head", &world.other_head), ("a partner", &partner)];
        for (turn, (who, session)) in callers.into_iter().enumerate() {
            let day = format!("2024-01-{:02}", turn + 1);
            // Each form page, and the API operation it stands for, with a body the API accepts
            // from whoever may send it (written afresh for each caller, so nothing collides).
            let n = session.user.id.clone();
            let lead = if session.user.id == world.other_head.user.id { &world.other_lab } else { &world.ru_lab };
            let forms: [(String, Method, String, Value); 10] = [
                ("/console/institutions/new".into(), Method::POST, "/api/v1/institutions".into(),
                    json!({"names": {"en": format!("Institute {n}")}, "country": "RU", "kind": "other"})),
                (format!("/console/institutions/{}/edit", world.wuhan), Method::PATCH, format!("/api/v1/institutions/{}", world.wuhan),
                    json!({"city": "Wuhan"})),
                ("/console/labs/new".into(), Method::POST, "/api/v1/labs".into(),
                    json!({"names": {"en": format!("Lab {n}")}, "institution_id": world.susu})),
                (format!("/console/labs/{}/edit", world.ru_lab), Method::PATCH, format!("/api/v1/labs/{}", world.ru_lab),
                    json!({"research_line": "Systemic pathology"})),
                (format!("/console/labs/{}", world.ru_lab), Method::POST, format!("/api/v1/labs/{}/status", world.ru_lab),
                    json!({"status": "active", "effective_on": "2021-01-01", "reason": format!("Checked for {n}")})),
                (format!("/console/labs/{}/mirror-links/new", world.ru_lab), Method::POST, "/api/v1/mirror-links".into(),
                    json!({"lab_a_id": world.cn_lab, "lab_b_id": world.other_lab, "kind": "third_country", "starts_on": day, "ends_on": day})),
                (format!("/console/mirror-links/{link_id}/end"), Method::PATCH, format!("/api/v1/mirror-links/{link_id}"),
                    json!({"end_reason": null})),
                (format!("/console/projects/{project}/funding/new"), Method::POST, "/api/v1/funding".into(),
                    json!({"project_id": project, "funder_id": "01a21f73-9c00-7000-8000-000000000002", "starts_on": "2021-07-01", "ends_on": "2024-06-30", "status": "applied", "lab_id": world.ru_lab, "award_number": n})),
                ("/console/projects/new".into(), Method::POST, "/api/v1/projects".into(),
                    json!({"titles": {"en": format!("Project {n}")}, "starts_on": day, "labs": [{"lab_id": lead, "role": "lead"}]})),
                (format!("/console/projects/{project}/edit"), Method::PATCH, format!("/api/v1/projects/{project}"),
                    json!({"keywords": [n]})),
            ];
            let browser = Visitor::signed_in(&app, &session.user.email).await;
            for (page, method, api_path, body) in forms {
                let mut request = app.request_as(&session.access_token, method.clone(), &api_path).json(&body);
                if method == Method::PATCH {
                    request = request.header("If-Match", app.etag_of(&api_path).await);
                }
                let api = request.send().await.unwrap();
                assert!(api.status() != 422 && api.status() != 409, "{who} {method} {api_path}: the body must be acceptable: {}", api.text().await.unwrap());
                let api_allows = api.status().is_success();
                let shown = browser.get(&page).await;
                let console_allows = if page.ends_with(&world.ru_lab) {
                    !shown.all("form#lab-status-form").is_empty()
                } else {
                    assert!(shown.status == 200 || shown.status == 403, "{who} {page}: {}", shown.status);
                    shown.status == 200
                };
                assert_eq!(console_allows, api_allows, "{who}: {page} against {method} {api_path} ({})", api.status());
            }
        }
    }
}

both_backends! {
    async fn a_laboratory_with_a_past_is_registered_with_its_first_status_as_the_api_takes_it(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await["id"].as_str().unwrap().to_owned();
        let coordinator = visitor(&app, Role::Coordinator, None, "en").await;
        let form = coordinator.get("/console/labs/new").await;
        let lab = [("names.en", "Laboratory of Systemic Pathology"), ("institution_id", wuhan.as_str())];

        let mut refused = lab.to_vec();
        refused.extend([("status.status", "active"), ("status.reason", "Opened with the centre")]);
        let refused = coordinator.submit(&form, "form#lab-form", &refused).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.text_of("#status-effective_on-problem"), "Fill this in.");
        let listed: Value = app.get("/api/v1/labs").await.json().await.unwrap();
        assert!(listed["items"].as_array().unwrap().is_empty(), "nothing written");

        let saved = coordinator.submit(&refused, "form#lab-form", &[("status.effective_on", "2020-09-01")]).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let id = saved.location().unwrap().trim_start_matches("/console/labs/").to_owned();
        let stored: Value = app.get(&format!("/api/v1/labs/{id}")).await.json().await.unwrap();
        assert_eq!((stored["status"].as_str(), stored["status_since"].as_str()), (Some("active"), Some("2020-09-01")));
        assert_eq!(stored["status_history"][0]["reason"], "Opened with the centre");

        let edit = coordinator.get(&format!("/console/labs/{id}/edit")).await;
        assert!(edit.all("[id='status-status']").is_empty(), "later changes go through the status form");
    }
}
