//! The console in real Chromium, on both databases: the flows people depend on, with JavaScript
//! (htmx swaps a reviewed row in place) and without it (the same forms post and come back), each
//! page checked with axe-core. The README's screenshots are taken here from the demo data
//! (`JOINTREG_SCREENSHOTS=docs/screenshots` writes them there too).

use jointreg::domain::role::{Role, UserStatus};

use crate::both_backends;
use crate::helpers::browser::{Browser, assert_accessible, screenshot_path};
use crate::helpers::{PASSWORD, TestApp, TestUser, today};

/// Loads the demo centre (the article's story) and returns its id.
fn demo(app: &TestApp) -> String {
    let outcome = jointreg::demo::load(&mut app.database.connect(), today(), &mut |_| {}).expect("the demo loads");
    let jointreg::demo::Outcome::Loaded { centre_id } = outcome else { panic!("the demo on a fresh database") };
    centre_id
}

/// Writes a screenshot under `target/`, and where `JOINTREG_SCREENSHOTS` says (the README's).
async fn screenshot(browser: &Browser, name: &str) {
    let shot = browser.screenshot(screenshot_path(name)).await;
    if let Some(folder) = std::env::var_os("JOINTREG_SCREENSHOTS") {
        let target = std::path::Path::new(&folder).join(format!("{name}.png"));
        std::fs::create_dir_all(&folder).expect("the screenshots' folder");
        std::fs::copy(&shot, &target).unwrap_or_else(|e| panic!("copying to {}: {e}", target.display()));
    }
}

/// Signs `user` in through the page the console sends an anonymous visitor to. (axe-core needs
/// the page's timers, which run only with JavaScript: the tests with it check the pages.)
async fn sign_in(browser: &Browser, app: &TestApp, user: &TestUser, check_accessibility: bool) {
    browser.goto(&app.url("/console/")).await;
    assert_eq!(browser.current_url().await.path(), "/console/sign-in");
    if check_accessibility {
        assert_accessible(&browser.axe().await);
    }
    browser.fill("#email", &user.email).await;
    browser.fill("#password", PASSWORD).await;
    browser.submit("form[action='/console/sign-in']").await;
    browser.wait_for("main h1").await;
    assert_eq!(browser.current_url().await.path(), "/console/");
}

both_backends! {
    #[requires(Browser)]
    async fn a_coordinator_reviews_a_finding_in_place_switches_language_and_signs_out(backend) {
        let app = TestApp::spawn(backend).await;
        demo(&app);
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        let browser = Browser::start().await;
        sign_in(&browser, &app, &coordinator, true).await;
        browser.wait_for("table.findings tbody tr").await;
        assert_accessible(&browser.axe().await);
        if backend == crate::helpers::Backend::Sqlite {
            screenshot(&browser, "console-findings").await;
        }

        // Open the first row's review, fill it in, save: htmx swaps the row, the page stays.
        let first = browser.find("table.findings tbody tr").await;
        let row_id = first.attr("id").await.expect("an id").expect("rows have ids");
        browser.click(&format!("#{row_id} summary")).await;
        browser.select(&format!("#state-{row_id}"), "action_planned").await;
        browser.fill(&format!("#note-{row_id}"), "Заявка в РНФ подана").await;
        let page = browser.find(":root").await;
        browser.click(&format!("#{row_id} button[type=submit]")).await;
        browser.wait_for(&format!("tr#{row_id}[data-state=action_planned]")).await;
        assert!(page.tag_name().await.is_ok(), "the page was not left: the row was swapped in place");
        assert!(browser.text(&format!("tr#{row_id}")).await.contains("Заявка в РНФ подана"));

        // After a reload it is still reviewed: the review was stored.
        browser.goto(&app.url("/console/")).await;
        browser.wait_for(&format!("tr#{row_id}[data-state=action_planned]")).await;

        // Russian, then Chinese, from the switcher; the choice is kept on the next page.
        browser.click(".languages a[hreflang=ru]").await;
        browser.wait_for("html[lang=ru]").await;
        assert_eq!(browser.text("main h1").await, "Открытые проблемы финансирования");
        assert_accessible(&browser.axe().await);
        browser.click(".languages a[hreflang=zh-Hans]").await;
        browser.wait_for("html[lang=zh-Hans]").await;
        assert_eq!(browser.text("main h1").await, "未解决的资助问题");
        browser.goto(&app.url("/console/")).await;
        browser.wait_for("html[lang=zh-Hans]").await;

        browser.click("form[action='/console/sign-out'] button").await;
        browser.wait_for("form[action='/console/sign-in']").await;
        browser.goto(&app.url("/console/")).await;
        assert_eq!(browser.current_url().await.path(), "/console/sign-in", "signed out");
    }

    #[requires(Browser)]
    async fn without_javascript_signing_in_reviewing_and_signing_out_still_work(backend) {
        let app = TestApp::spawn(backend).await;
        demo(&app);
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        let browser = Browser::start_without_javascript().await;
        sign_in(&browser, &app, &coordinator, false).await;
        let first = browser.wait_for("table.findings tbody tr").await;
        let row_id = first.attr("id").await.expect("an id").expect("rows have ids");
        browser.click(&format!("#{row_id} summary")).await;
        browser.select(&format!("#state-{row_id}"), "acknowledged").await;
        browser.fill(&format!("#note-{row_id}"), "seen without scripts").await;
        browser.submit(&format!("#{row_id} form")).await;
        browser.wait_for(&format!("tr#{row_id}[data-state=acknowledged]")).await;
        assert_eq!(browser.current_url().await.fragment(), Some(row_id.as_str()), "back at the row");

        browser.submit("form[action='/console/sign-out']").await;
        browser.wait_for("form[action='/console/sign-in']").await;
    }
}
