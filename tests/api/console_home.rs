//! The console's sign-in and home pages: the session cookie, the form tokens, and each role's
//! home showing what the same person gets from the API — the coordinators' findings with their
//! counts, filters, inline reviews and CSV; a lab head's labs, projects and findings.

use jointreg::domain::role::{Role, UserStatus};
use reqwest::Method;
use reqwest::StatusCode;
use serde_json::Value;

use crate::both_backends;
use crate::findings::scenario;
use crate::helpers::console::{Visitor, text};
use crate::helpers::world::World;
use crate::helpers::{PASSWORD, TestApp};

async fn api(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.request_as(token, Method::GET, path).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// The finding keys of the rows of a page's findings table, in order.
fn row_keys(page: &crate::helpers::console::Page) -> Vec<String> {
    page.all("table.findings tbody tr input[name=key]")
        .iter()
        .map(|input| input.value().attr("value").unwrap_or_default().to_owned())
        .collect()
}

both_backends! {
    async fn signing_in_sets_a_strict_session_cookie_and_leads_back(backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.user(Role::Coordinator, None, UserStatus::Active);
        let visitor = Visitor::new(&app, "en");

        let home = visitor.get("/console/").await;
        assert_eq!(home.status, StatusCode::SEE_OTHER);
        assert_eq!(home.location().as_deref(), Some("/console/sign-in?next=%2Fconsole%2F"));

        let wrong = visitor.sign_in(&user.email, "not the password at all").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(wrong.text_of("[role=alert]"), "Wrong email address or password.");
        assert_eq!(wrong.one("input[name=email]").value().attr("value"), Some(user.email.as_str()));

        let signed_in = visitor.sign_in(&user.email, PASSWORD).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
        assert_eq!(signed_in.location().as_deref(), Some("/console/"));
        let cookie = signed_in
            .headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("jointreg_session="))
            .expect("a session cookie")
            .to_owned();
        for flag in ["HttpOnly", "SameSite=Strict", "Path=/console"] {
            assert!(cookie.contains(flag), "{flag} missing from {cookie}");
        }
        assert!(!cookie.contains("Secure"), "plain http gets no Secure cookie: {cookie}");

        let home = visitor.follow(&signed_in).await;
        assert_eq!(home.status, StatusCode::OK);
        assert_eq!(home.text_of("h1"), "Open funding findings");
    }

    async fn a_form_without_its_token_is_refused_and_changes_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        scenario(&app, &world).await;
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        let visitor = Visitor::signed_in(&app, &coordinator.email).await;
        let home = visitor.get("/console/").await;
        let key = row_keys(&home)[0].clone();
        let forged = visitor
            .submit(&home, "table.findings tbody tr form", &[("csrf", "0000"), ("state", "acknowledged"), ("note", "forged")])
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert_eq!(forged.text_of("h1"), "Page expired");
        let reviews = api(&app, &app.admin.access_token, &format!("/api/v1/funding-gaps/{key}/reviews")).await;
        assert_eq!(reviews["items"].as_array().unwrap().len(), 0);

        let elsewhere = Visitor::new(&app, "en");
        let sign_in = visitor.get("/console/sign-in").await;
        let token_of_another_browser = elsewhere
            .submit(&sign_in, "form[action='/console/sign-in']", &[("email", &coordinator.email), ("password", PASSWORD)])
            .await;
        assert_eq!(token_of_another_browser.status, StatusCode::FORBIDDEN);
    }

    async fn the_coordinators_home_lists_what_the_api_lists_with_counts_and_filters(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        scenario(&app, &world).await;
        let coordinator = app.sign_in(app.user(Role::Coordinator, None, UserStatus::Active)).await;
        let visitor = Visitor::signed_in(&app, &coordinator.user.email).await;

        let home = visitor.get("/console/").await;
        assert_eq!(home.status, StatusCode::OK);
        let listed = api(&app, &coordinator.access_token, "/api/v1/funding-gaps").await;
        let api_keys: Vec<String> =
            listed["items"].as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap().to_owned()).collect();
        assert_eq!(row_keys(&home), api_keys, "the same findings in the same order");

        for count in home.all("ul.counts a") {
            let kind = count.value().attr("data-kind").unwrap();
            let shown: u64 = text(count.select(&crate::helpers::console::selector_of(".count")).next().unwrap()).parse().unwrap();
            let of_kind = api(&app, &coordinator.access_token, &format!("/api/v1/funding-gaps?kind={kind}")).await;
            assert_eq!(shown, of_kind["total"].as_u64().unwrap(), "the count of {kind}");
        }

        // The filter form sends the API's parameters; empty selects mean "any".
        let gaps = visitor.submit(&home, "form.filters", &[("kind", "gap"), ("country", "")]).await;
        assert_eq!(gaps.status, StatusCode::OK);
        let kinds: Vec<&str> =
            gaps.all("table.findings tbody tr").iter().map(|r| r.value().attr("data-kind").unwrap()).collect();
        assert!(!kinds.is_empty() && kinds.iter().all(|k| *k == "gap"), "{kinds:?}");
        let of_lab = visitor.get(&format!("/console/?lab_id={}", world.cn_lab)).await;
        let api_of_lab = api(&app, &coordinator.access_token, &format!("/api/v1/funding-gaps?lab_id={}", world.cn_lab)).await;
        assert_eq!(row_keys(&of_lab).len() as u64, api_of_lab["total"].as_u64().unwrap());
        assert!(of_lab.text_of("form.filters .chip").contains("Laboratory of Systemic Pathology"));

        // The CSV link gives the API's CSV of the same selection.
        let csv_href = gaps.one("a[download]").value().attr("href").unwrap().to_owned();
        let csv = visitor.get(&csv_href).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
        let api_csv = app
            .request_as(&coordinator.access_token, Method::GET, "/api/v1/funding-gaps?kind=gap")
            .header("Accept", "text/csv")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(csv.body, api_csv);

        let invalid = visitor.get("/console/?kind=nonsense").await;
        assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn a_review_updates_its_row_in_place_and_stays_after_a_reload(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        scenario(&app, &world).await;
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        let visitor = Visitor::signed_in(&app, &coordinator.email).await;
        let home = visitor.get("/console/").await;
        let key = row_keys(&home)[0].clone();

        // With htmx: the answer is the row, reviewed.
        let row = visitor
            .submit_fragment(
                &home,
                "table.findings tbody tr form",
                &[("state", "action_planned"), ("note", "RSF renewal filed"), ("owner_user_id", &coordinator.id)],
            )
            .await;
        assert_eq!(row.status, StatusCode::OK);
        assert!(row.body.trim_start().starts_with("<tr"), "a row, not a page: {}", row.body);
        // A parser keeps a row only inside a table, as the browser's htmx swap does.
        let table = scraper::Html::parse_document(&format!("<table><tbody>{}</tbody></table>", row.body));
        let tr = table.select(&crate::helpers::console::selector_of("tr")).next().expect("the row");
        assert_eq!(tr.value().attr("data-state"), Some("action_planned"));
        assert!(text(tr).contains("RSF renewal filed"));

        // The API sees the same review, by the same person.
        let reviews = api(&app, &app.admin.access_token, &format!("/api/v1/funding-gaps/{key}/reviews")).await;
        assert_eq!(reviews["items"][0]["state"], "action_planned");
        assert_eq!(reviews["items"][0]["reviewed_by"], coordinator.id.as_str());
        assert_eq!(reviews["items"][0]["owner_user_id"], coordinator.id.as_str());

        // Without JavaScript: 303 back to the row; the reloaded page shows the new state.
        let plain = visitor.submit(&home, "table.findings tbody tr form", &[("state", "acknowledged"), ("note", "seen")]).await;
        assert_eq!(plain.status, StatusCode::SEE_OTHER);
        assert!(plain.location().unwrap().starts_with("/console/#finding-"));
        let reloaded = visitor.get("/console/").await;
        let first = reloaded.one("table.findings tbody tr");
        assert_eq!(first.value().attr("data-state"), Some("acknowledged"));
    }

    async fn a_lab_head_sees_their_labs_projects_and_what_loses_funding_but_cannot_review(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        scenario(&app, &world).await;
        let visitor = Visitor::signed_in(&app, &world.ru_head.user.email).await;
        let home = visitor.get("/console/").await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(text(home.one("table.labs")).contains("Laboratory of Immunopathology"));
        assert!(!home.body.contains("Steppe Ecology Laboratory"), "another head's lab");
        let projects: Vec<String> = home.all("table.projects a").iter().map(|a| text(*a)).collect();
        assert!(projects.contains(&"Joint inflammation programme".to_owned()), "{projects:?}");
        assert!(projects.contains(&"Russian liver study".to_owned()), "{projects:?}");

        // The Russian study's only award ends in 50 days: it loses funding within 90.
        let losing = text(home.one("table.findings"));
        assert!(losing.contains("Russian liver study"), "{losing}");
        let api_findings = api(&app, &world.ru_head.access_token, "/api/v1/funding-gaps?limit=100").await;
        let rows = home.all("table.findings tbody tr").len() as u64;
        assert_eq!(rows, api_findings["total"].as_u64().unwrap(), "every finding of theirs, no other");
        assert!(home.all("table.findings form").is_empty(), "no review form for a lab head");

        // A coordinator's review form, sent with the lab head's own token, is refused by the
        // API's rule.
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        let staff = Visitor::signed_in(&app, &coordinator.email).await;
        let staff_home = staff.get("/console/").await;
        let csrf = home.one("form[action='/console/sign-out'] input[name=csrf]").value().attr("value").unwrap().to_owned();
        let key = row_keys(&staff_home)[0].clone();
        let refused = visitor
            .submit(&staff_home, "table.findings tbody tr form", &[("csrf", &csrf), ("key", &key), ("state", "acknowledged"), ("note", "mine")])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(refused.text_of("h1"), "Not allowed");
    }

    async fn a_partner_sees_its_institutions_labs_and_projects(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        scenario(&app, &world).await;
        let partner = app.user(Role::Partner, Some(world.wuhan.clone()), UserStatus::Active);
        let visitor = Visitor::signed_in(&app, &partner.email).await;
        let home = visitor.get("/console/").await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(home.text_of("p.lead").contains("Wuhan University"));
        assert!(text(home.one("table.labs")).contains("Laboratory of Systemic Pathology"));
        let projects: Vec<String> = home.all("table.projects a").iter().map(|a| text(*a)).collect();
        assert_eq!(projects, ["Joint inflammation programme"], "the Russian-only study is not Wuhan's");
    }

    async fn the_home_page_speaks_the_browsers_language_and_the_chosen_one(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        let visitor = Visitor::new(&app, "zh-CN,zh;q=0.9,en;q=0.5");
        let signed_in = visitor.sign_in(&coordinator.email, PASSWORD).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
        let home = visitor.follow(&signed_in).await;
        assert_eq!(home.lang(), "zh-Hans");
        assert_eq!(home.text_of("h1"), "未解决的资助问题");

        let switched = visitor.get("/console/language/ru?back=%2Fconsole%2F").await;
        assert_eq!(switched.status, StatusCode::SEE_OTHER);
        let home = visitor.follow(&switched).await;
        assert_eq!(home.lang(), "ru");
        assert_eq!(home.text_of("h1"), "Открытые проблемы финансирования");
        assert_eq!(home.text_of(".languages [aria-current]"), "Русский");
    }

    async fn signing_out_ends_the_session(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        let visitor = Visitor::signed_in(&app, &coordinator.email).await;
        let session = visitor.cookie("jointreg_session").expect("a session cookie");
        let home = visitor.get("/console/").await;
        let out = visitor.submit(&home, "form[action='/console/sign-out']", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert_eq!(out.location().as_deref(), Some("/console/sign-in"));
        assert_eq!(visitor.cookie("jointreg_session"), None, "the cookie is removed");

        // The old cookie, replayed from elsewhere, opens nothing: the session itself has ended.
        let replay = Visitor::new(&app, "en");
        replay.set_cookie("jointreg_session", &session);
        let refused = replay.get("/console/").await;
        assert_eq!(refused.status, StatusCode::SEE_OTHER);
        assert!(refused.location().unwrap().starts_with("/console/sign-in"));
    }
}
