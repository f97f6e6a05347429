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

/// The text of the one message the file mail backend wrote into `dir`, decoded as a mail client
/// decodes it; waits (at most 10 s) for the delivery worker to write it.
async fn the_mail_in(dir: &std::path::Path) -> String {
    let started = std::time::Instant::now();
    loop {
        // Only finished messages: the mailer writes `.<id>.eml.partial`, then renames it.
        let files: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "eml")).collect())
            .unwrap_or_default();
        if let [file] = files.as_slice() {
            let raw = std::fs::read(file).expect("the .eml file");
            let mail = mailparse::parse_mail(&raw).expect("a well-formed message");
            let text = mail.subparts.iter().find(|p| p.ctype.mimetype == "text/plain").unwrap_or(&mail);
            return text.get_body().expect("a readable body");
        }
        assert!(files.len() <= 1, "one message expected, found {files:?}");
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "no mail written into {}", dir.display());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

both_backends! {
    #[requires(Browser)]
    async fn an_invited_person_follows_the_mailed_link_chooses_a_password_and_signs_in(backend) {
        let mailbox = tempfile::tempdir().expect("a mail folder");
        let dir = mailbox.path().to_owned();
        let app = TestApp::spawn_with(backend, |settings| {
            settings.mail.backend = jointreg::config::MailBackend::File { dir: dir.clone() };
        })
        .await;
        let email = "elena.sokolova@susu.example.ru";
        let invitation = serde_json::json!({"email": email, "display_name": "Елена Соколова", "role": "coordinator", "language": "ru"});
        assert_eq!(app.post_json("/api/v1/invitations", &invitation).await.status(), 201);

        // The mail, as its recipient reads it: in Russian, with a link to the console.
        let text = the_mail_in(mailbox.path()).await;
        let link = text
            .split_whitespace()
            .find(|word| word.contains("/console/invitation?token="))
            .unwrap_or_else(|| panic!("a console link in:\n{text}"));
        assert!(link.starts_with(&app.settings.mail.public_url), "{link}");
        assert!(text.contains("Елена Соколова"), "{text}");

        let browser = Browser::start_in("ru").await;
        browser.goto(&app.url(&link[app.settings.mail.public_url.len()..])).await;
        browser.wait_for("html[lang=ru]").await;
        assert_accessible(&browser.axe().await);
        browser.fill("#new-password", "зеркальные лаборатории в трёх странах").await;
        browser.fill("#repeat-password", "зеркальные лаборатории в трёх странах").await;
        browser.submit("form[action='/console/invitation']").await;
        browser.wait_for(".notice").await;
        assert_eq!(browser.current_url().await.path(), "/console/sign-in");

        browser.fill("#email", email).await;
        browser.fill("#password", "зеркальные лаборатории в трёх странах").await;
        browser.submit("form[action='/console/sign-in']").await;
        browser.wait_for("main h1").await;
        assert_eq!(browser.current_url().await.path(), "/console/");
        assert_eq!(browser.text("main h1").await, "Открытые проблемы финансирования");
    }

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
        if backend == crate::helpers::Backend::Sqlite {
            browser.screenshot(screenshot_path("console-findings-ru")).await;
        }
        browser.click(".languages a[hreflang=zh-Hans]").await;
        browser.wait_for("html[lang=zh-Hans]").await;
        assert_eq!(browser.text("main h1").await, "未解决的资助问题");
        browser.goto(&app.url("/console/")).await;
        browser.wait_for("html[lang=zh-Hans]").await;
        if backend == crate::helpers::Backend::Sqlite {
            browser.screenshot(screenshot_path("console-findings-zh")).await;
        }

        browser.click("form[action='/console/sign-out'] button").await;
        browser.wait_for("form[action='/console/sign-in']").await;
        browser.goto(&app.url("/console/")).await;
        assert_eq!(browser.current_url().await.path(), "/console/sign-in", "signed out");
    }

    #[requires(Browser)]
    async fn the_demo_centre_shows_three_mirror_pairs_then_one_as_a_picture_and_a_table(backend) {
        let app = TestApp::spawn(backend).await;
        let centre = demo(&app);
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        let browser = Browser::start().await;
        sign_in(&browser, &app, &coordinator, true).await;
        browser.goto(&app.url(&format!("/console/centres/{centre}"))).await;
        browser.wait_for("figure svg").await;
        assert_eq!(browser.count("figure svg .link-mirror").await, 3, "three mirror links drawn");
        assert_eq!(
            browser.text("figure figcaption").await,
            "3 mirror pairs in force from 1 Sep 2020; 1 since 1 Jan 2023."
        );
        let counts = browser.text("table.counts").await;
        assert!(counts.contains("1 Sep 2020 6 0 6 0 0 3 0"), "{counts}");
        assert!(counts.contains("1 Jan 2023 2 0 2 0 4 1 0"), "{counts}");
        assert_accessible(&browser.axe().await);
        if backend == crate::helpers::Backend::Sqlite {
            let heading = "document.getElementById('timeline-heading').scrollIntoView()";
            browser.client().execute(heading, vec![]).await.expect("scrolling to the timeline");
            screenshot(&browser, "console-centre").await;
        }
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
