//! The console's record pages (a centre with its timeline, a laboratory, a project) and search:
//! what the same caller reads through the API, for people, in three languages.

use jointreg::domain::role::{Role, UserStatus};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::browser::{Browser, assert_accessible, screenshot_path};
use crate::helpers::console::{Page, Visitor, text};
use crate::helpers::world::World;
use crate::helpers::{PASSWORD, TestApp};
use crate::projects::{create, project_body};

const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";
const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";

/// Loads the demo world; the demo centre's id.
fn demo(app: &TestApp) -> String {
    let outcome = jointreg::demo::load(&mut app.database.connect(), crate::helpers::today(), &mut |_| {}).unwrap();
    let jointreg::demo::Outcome::Loaded { centre_id } = outcome else { panic!("a fresh database") };
    centre_id
}

/// A browser in `language`, signed in as a new account with `role` (of `institution`).
async fn visitor(app: &TestApp, role: Role, institution: Option<String>, language: &str) -> Visitor {
    let user = app.user(role, institution, UserStatus::Active);
    let visitor = Visitor::new(app, language);
    let answer = visitor.sign_in(&user.email, PASSWORD).await;
    assert_eq!(answer.status, 303, "signing in: {}", answer.body);
    visitor
}

/// What every record page has: one `main` and one `h1`, tables with captions and column
/// headers, pictures in figures with a caption and a title of their own.
fn assert_accessible_shape(page: &Page) {
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.all("main").len(), 1);
    assert_eq!(page.all("h1").len(), 1);
    for table in page.all("table") {
        let html = table.html();
        assert!(html.contains("<caption>"), "a table without a caption: {html}");
        assert!(html.contains("<th scope=\"col\">"), "a table without column headers: {html}");
    }
    for figure in page.all("figure") {
        let html = figure.html();
        assert!(html.contains("<figcaption>") && html.contains("role=\"img\"") && html.contains("<title"), "{html}");
    }
    assert!(!page.body.contains(" style=") && !page.body.contains("<style"), "no inline styles under the CSP");
    assert!(!page.body.contains("<script>"), "no inline scripts under the CSP");
}

/// The cells of the row of `table` whose header cell reads `header`.
fn row(page: &Page, table: &str, header: &str) -> Vec<String> {
    page.all(&format!("{table} tbody tr"))
        .into_iter()
        .find(|tr| tr.select(&crate::helpers::console::selector_of("th")).next().map(text).as_deref() == Some(header))
        .map(|tr| tr.select(&crate::helpers::console::selector_of("td")).map(text).collect())
        .unwrap_or_else(|| panic!("no row {header:?} in {table}:\n{}", page.body))
}

/// The texts of the links of `selector`.
fn link_texts(page: &Page, selector: &str) -> Vec<String> {
    page.all(selector).into_iter().map(text).collect()
}

/// A project of the test world with its Russian (RSF) and Chinese (NSFC) awards; its id.
async fn funded_project(app: &TestApp, world: &World, visibility: &str) -> String {
    let mut body = project_body(world, "Systemic pathology of chronic inflammation");
    body["visibility"] = json!(visibility);
    let project = create(app, &body).await;
    let id = project["id"].as_str().unwrap().to_owned();
    let awards = [
        json!({"project_id": id, "funder_id": RSF, "call_name": "RSF–NSFC joint call 2021", "award_number": "21-45-00012",
            "amount": {"amount_minor": 600000000, "currency": "RUB"}, "starts_on": "2021-07-01", "ends_on": "2024-06-30",
            "status": "active", "lab_id": world.ru_lab}),
        json!({"project_id": id, "funder_id": NSFC, "call_name": "RSF–NSFC joint call 2021", "award_number": "82161138003",
            "amount": {"amount_minor": 200000000, "currency": "CNY"}, "starts_on": "2022-01-01", "ends_on": "2024-12-31",
            "status": "active", "lab_id": world.cn_lab}),
    ];
    for award in awards {
        let response = app.post_json("/api/v1/funding", &award).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    }
    id
}

both_backends! {
    async fn the_demo_centre_page_tells_three_pairs_then_one_with_the_reasons(backend) {
        let app = TestApp::spawn(backend).await;
        let centre = demo(&app);
        let coordinator = visitor(&app, Role::Coordinator, None, "en").await;

        let page = coordinator.get(&format!("/console/centres/{centre}")).await;

        assert_accessible_shape(&page);
        assert_eq!(page.lang(), "en");
        assert_eq!(page.text_of("h1"), jointreg::demo::CENTRE_NAME);
        assert_eq!(page.text_of("dl.facts dd:nth-of-type(2)"), "Reduced");
        let svg = page.one("figure svg.picture-timeline");
        assert_eq!(svg.value().attr("role"), Some("img"));
        assert!(text(page.one("figure svg.picture-timeline > title")).starts_with("Timeline of Joint Russian–Chinese Center"));
        assert_eq!(page.all("svg .lab-row").len(), 7, "six labs of three pairs and the Almaty site");
        assert_eq!(page.all("svg .link-mirror").len(), 3);
        assert_eq!(page.all("svg .link-third-country").len(), 1);
        assert!(!page.all("svg .gap-bar").is_empty(), "gaps in the funding by side are drawn");
        assert_eq!(
            page.text_of("figure figcaption"),
            "3 mirror pairs in force from 1 Sep 2020; 1 since 1 Jan 2023."
        );

        // The same story as a table: counts after each day with events.
        let columns: Vec<String> = page.all("table.counts thead th").into_iter().map(text).collect();
        assert_eq!(columns, ["Date", "Laboratories (not closed)", "Planned", "Active", "Suspended", "Closed", "Mirror pairs in force", "Third-country links in force"]);
        assert_eq!(row(&page, "table.counts", "1 Sep 2020"), ["6", "0", "6", "0", "0", "3", "0"]);
        assert_eq!(row(&page, "table.counts", "1 Jan 2023"), ["2", "0", "2", "0", "4", "1", "0"]);
        assert_eq!(row(&page, "table.counts", "1 Mar 2023"), ["3", "0", "3", "0", "4", "1", "1"]);
        // Events with their reasons.
        let events: Vec<Vec<String>> = page
            .all("table.events tbody tr")
            .into_iter()
            .map(|tr| tr.select(&crate::helpers::console::selector_of("th, td")).map(text).collect())
            .collect();
        assert_eq!(events.len(), 17, "six labs opened, three links, four closed, two ended, the Almaty site and its link: {events:?}");
        let reason = "Targeted funding ended; the laboratory's staff joined the remaining pair";
        assert!(events.contains(&vec![
            "1 Jan 2023".to_owned(),
            "Laboratory of Metabolic pathology (Chelyabinsk): Closed".to_owned(),
            reason.to_owned(),
        ]), "{events:?}");
        assert!(events.contains(&vec![
            "1 Jan 2023".to_owned(),
            "Link ended (Mirror (Russia–China)): Laboratory of Oncopathology (Chelyabinsk) ↔ Laboratory of Oncopathology (Wuhan); its last day was 31 Dec 2022".to_owned(),
            reason.to_owned(),
        ]), "{events:?}");
        assert!(events.iter().any(|e| e[1].starts_with("Link established (Third country)")), "{events:?}");
        // The labs, linked to their pages; the hosts; funding by side.
        let labs = page.all("table.labs tbody a");
        assert_eq!(labs.len(), 7);
        assert!(labs.iter().all(|a| a.value().attr("href").unwrap().starts_with("/console/labs/")));
        assert_eq!(link_texts(&page, "dl.facts dd:nth-of-type(4) li"), ["South Ural State University (RU)", "Wuhan University (CN)"]);
        assert!(!row(&page, "table.coverage-table", "Russian side")[0].is_empty());
        assert!(page.body.contains("The registry (system)"), "the history names who created the centre");

        // The API says the same.
        let timeline: Value = app.get(&format!("/api/v1/centres/{centre}/timeline")).await.json().await.unwrap();
        let pairs: Vec<i64> = timeline["points"].as_array().unwrap().iter().map(|p| p["active_mirror_pairs"].as_i64().unwrap()).collect();
        assert_eq!(pairs, [3, 1, 1]);
    }

    async fn the_centre_page_speaks_russian_and_chinese_with_the_records_own_names(backend) {
        let app = TestApp::spawn(backend).await;
        let centre = demo(&app);
        let path = format!("/console/centres/{centre}");

        let ru = visitor(&app, Role::Coordinator, None, "ru").await.get(&path).await;
        assert_accessible_shape(&ru);
        assert_eq!(ru.lang(), "ru");
        assert_eq!(ru.text_of("h1"), "Российско-китайский центр системной патологии");
        assert_eq!(ru.text_of("dl.facts dd:nth-of-type(2)"), "Работает в сокращённом составе", "{}", ru.text_of("dl.facts"));
        let labs = link_texts(&ru, "table.labs tbody a");
        assert!(labs.contains(&"Лаборатория метаболической патологии".to_owned()), "Russian labs by their Russian names: {labs:?}");
        assert!(labs.contains(&"Laboratory of Metabolic pathology (Wuhan)".to_owned()), "a lab without a Russian name keeps its English one: {labs:?}");
        let english: Vec<String> = ru.all("table.labs tbody a span[lang='en']").into_iter().map(text).collect();
        assert!(english.contains(&"Laboratory of Metabolic pathology (Wuhan)".to_owned()), "an English name is marked as English: {english:?}");
        assert!(ru.text_of("table.counts thead").contains("Действующие зеркальные пары"));
        assert_eq!(row(&ru, "table.counts", "1 сент. 2020 г.")[5], "3");
        assert_eq!(row(&ru, "table.counts", "1 янв. 2023 г.")[5], "1");
        assert_eq!(ru.text_of("figure figcaption"), "3 зеркальные пары действовали с 1 сент. 2020 г.; с 1 янв. 2023 г. — 1.");
        assert!(text(ru.one("figure svg > title")).starts_with("Хронология: Российско-китайский центр"));

        let zh = visitor(&app, Role::Coordinator, None, "zh-CN").await.get(&path).await;
        assert_accessible_shape(&zh);
        assert_eq!(zh.lang(), "zh-Hans");
        assert_eq!(zh.text_of("h1"), "中俄系统病理学联合中心");
        let labs = link_texts(&zh, "table.labs tbody a");
        assert!(labs.contains(&"代谢病理实验室".to_owned()), "Chinese labs by their Chinese names: {labs:?}");
        assert!(zh.text_of("table.counts thead").contains("有效镜像实验室对"));
        assert_eq!(row(&zh, "table.counts", "2020年9月1日")[5], "3");
        assert_eq!(row(&zh, "table.counts", "2023年1月1日")[5], "1");
        assert!(zh.text_of("table.events").contains("关系终止"), "{}", zh.text_of("table.events"));
    }

    async fn record_pages_ask_strangers_to_sign_in_and_answer_not_found_for_what_is_not_there(backend) {
        let app = TestApp::spawn(backend).await;
        let centre = demo(&app);
        let anonymous = Visitor::new(&app, "en");
        for path in [format!("/console/centres/{centre}"), "/console/labs/nope".into(), "/console/projects/x".into(), "/console/search?q=lab".into()] {
            let page = anonymous.get(&path).await;
            assert_eq!(page.status, 303, "{path}");
            assert!(page.location().unwrap().starts_with("/console/sign-in?next="), "{path}");
        }

        let coordinator = visitor(&app, Role::Coordinator, None, "ru").await;
        let missing = uuid::Uuid::now_v7();
        for path in [
            "/console/centres/not-an-id".to_owned(),
            format!("/console/centres/{missing}"),
            format!("/console/labs/{missing}"),
            "/console/labs/%00".to_owned(),
            format!("/console/projects/{missing}"),
            format!("/console/projects/{centre}"),
        ] {
            let page = coordinator.get(&path).await;
            assert_eq!(page.status, 404, "{path}: {}", page.body);
            assert_eq!(page.lang(), "ru", "{path}");
            assert_eq!(page.text_of("h1"), "Страница не найдена", "{path}");
        }
    }

    async fn the_project_page_shows_its_coverage_funding_and_history(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = funded_project(&app, &world, "partners").await;
        let path = format!("/api/v1/projects/{project}");
        let etag = app.etag_of(&path).await;
        let changed = app.patch_json(&path, Some(&etag), &json!({"acronym": "SYSPATH-2"})).await;
        assert_eq!(changed.status(), 200);
        let coordinator = visitor(&app, Role::Coordinator, None, "en").await;

        let page = coordinator.get(&format!("/console/projects/{project}")).await;

        assert_accessible_shape(&page);
        assert_eq!(page.text_of("h1"), "Systemic pathology of chronic inflammation");
        assert_eq!(page.text_of("title"), "Systemic pathology of chronic inflammation — jointreg");
        // Coverage: the picture and the same data as a table.
        assert!(text(page.one("figure svg.picture-coverage > title")).starts_with("Funding coverage of Systemic pathology"));
        assert_eq!(page.all("svg .row-funder").len(), 2, "RSF and NSFC");
        assert_eq!(
            row(&page, "table.coverage-table", "Overall"),
            ["1,280", "1 Jul 2021 – 31 Dec 2024", "1 Jan 2021 – 30 Jun 2021 (181 days) 1 Jan 2025 – 31 Dec 2025 (365 days)"]
        );
        assert_eq!(row(&page, "table.coverage-table", "Russian side")[1], "1 Jul 2021 – 30 Jun 2024");
        assert_eq!(row(&page, "table.coverage-table", "Chinese side")[1], "1 Jan 2022 – 31 Dec 2024");
        let coverage: Value = app.get(&format!("{path}/coverage")).await.json().await.unwrap();
        assert_eq!(coverage["coverage"]["covered_days"], 1280, "the table's numbers are the API's");
        // Funding records: amounts in their currencies, periods, award numbers.
        assert_eq!(
            row(&page, "table.funding", "21-45-00012"),
            ["RSF", "RSF–NSFC joint call 2021", "Russian side", "Laboratory of Immunopathology", "Active", "1 Jul 2021 – 30 Jun 2024", "6,000,000.00 RUB"]
        );
        assert_eq!(row(&page, "table.funding", "82161138003")[6], "2,000,000.00 CNY");
        assert_eq!(row(&page, "table.funding", "82161138003")[5], "1 Jan 2022 – 31 Dec 2024");
        // Laboratories with their roles, linked; people.
        let labs: Vec<(String, String)> = page
            .all("table.project-labs tbody tr")
            .into_iter()
            .map(|tr| {
                let a = tr.select(&crate::helpers::console::selector_of("a")).next().unwrap();
                (a.value().attr("href").unwrap().to_owned(), text(tr.select(&crate::helpers::console::selector_of("td")).next().unwrap()))
            })
            .collect();
        assert_eq!(labs, [(format!("/console/labs/{}", world.ru_lab), "Lead laboratory".to_owned()), (format!("/console/labs/{}", world.cn_lab), "Partner laboratory".to_owned())]);
        assert_eq!(row(&page, "table.people", "李明")[0], "Co-investigator");
        // History: the change made through the API, with who made it.
        let first = page.all("table.history tbody tr")[0];
        let cells: Vec<String> = first.select(&crate::helpers::console::selector_of("td")).map(text).collect();
        assert_eq!(cells[..2], ["Test admin".to_owned(), "Changed".to_owned()]);
        assert_eq!(cells[2], "acronym SYSPATH → SYSPATH-2");
        let history: Value = app.get(&format!("{path}/history")).await.json().await.unwrap();
        assert_eq!(page.all("table.history tbody tr").len(), history["items"].as_array().unwrap().len());

        // In Russian: money and dates as Russian readers write them.
        let ru = visitor(&app, Role::Coordinator, None, "ru").await.get(&format!("/console/projects/{project}")).await;
        assert_eq!(ru.text_of("h1"), "Системная патология воспаления");
        // Grouped with narrow no-break spaces (which the text helper would fold into spaces).
        assert!(ru.body.contains("<td class=\"number\">6\u{202F}000\u{202F}000,00 RUB</td>"), "{}", ru.text_of("table.funding"));
        assert_eq!(row(&ru, "table.funding", "21-45-00012")[5], "1 июл. 2021 г. – 30 июн. 2024 г.");
    }

    async fn a_restricted_project_is_not_found_exactly_where_the_api_says_so(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = funded_project(&app, &world, "restricted").await;
        let console_path = format!("/console/projects/{project}");
        let api_path = format!("/api/v1/projects/{project}");
        let cases = [
            (Role::Partner, Some(world.outsider_institution.clone()), 404),
            (Role::LabHead, Some(world.outsider_institution.clone()), 404),
            (Role::Partner, Some(world.wuhan.clone()), 200),
            (Role::Coordinator, None, 200),
        ];
        for (role, institution, status) in cases {
            let user = app.user(role, institution.clone(), UserStatus::Active);
            let session = app.sign_in(user.clone()).await;
            let api = app.request_as(&session.access_token, Method::GET, &api_path).send().await.unwrap();
            assert_eq!(api.status(), status, "the API, as {role:?} of {institution:?}");
            let browser = Visitor::new(&app, "en");
            assert_eq!(browser.sign_in(&user.email, PASSWORD).await.status, 303);
            let page = browser.get(&console_path).await;
            assert_eq!(page.status, status, "the console, as {role:?} of {institution:?}");
            if status == 404 {
                assert_eq!(page.text_of("h1"), "Page not found");
                assert!(!page.body.contains("Systemic pathology"), "nothing of the project shows");
            }
        }
    }

    async fn the_lab_page_lists_its_projects_and_coverage_as_the_caller_may_read_them(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let open = funded_project(&app, &world, "partners").await;
        let mut hidden = project_body(&world, "Closed cohort of the Chelyabinsk laboratory");
        hidden["visibility"] = json!("restricted");
        hidden["labs"] = json!([{"lab_id": world.ru_lab, "role": "lead"}]);
        hidden["participants"] = json!([]);
        let hidden = create(&app, &hidden).await["id"].as_str().unwrap().to_owned();
        let path = format!("/console/labs/{}", world.ru_lab);

        let coordinator = visitor(&app, Role::Coordinator, None, "en").await.get(&path).await;
        assert_accessible_shape(&coordinator);
        assert_eq!(coordinator.text_of("h1"), "Laboratory of Immunopathology");
        let projects: Vec<String> = coordinator.all("table.projects tbody a").iter().map(|a| a.value().attr("href").unwrap().to_owned()).collect();
        assert_eq!(projects.len(), 2);
        assert!(projects.contains(&format!("/console/projects/{open}")) && projects.contains(&format!("/console/projects/{hidden}")));
        assert_eq!(row(&coordinator, "table.projects", "Systemic pathology of chronic inflammation")[0], "Lead laboratory");
        assert!(text(coordinator.one("figure svg.picture-coverage > title")).starts_with("Funding coverage of Laboratory of Immunopathology"));
        assert_eq!(row(&coordinator, "table.coverage-table", "Russian side")[1], "1 Jul 2021 – 30 Jun 2024");
        assert_eq!(row(&coordinator, "table.coverage-table", "RSF")[1], "1 Jul 2021 – 30 Jun 2024");
        assert!(coordinator.links().contains(&format!("/console/projects/{hidden}")));
        let institution = coordinator.text_of("dl.facts dd:nth-of-type(2)");
        assert_eq!(institution, "South Ural State University (RU)");

        // A lab head of another institution reads the lab (shared registry) but not the restricted project.
        let stranger = Visitor::signed_in(&app, &world.other_head.user.email).await.get(&path).await;
        assert_accessible_shape(&stranger);
        let projects: Vec<String> = stranger.all("table.projects tbody a").iter().map(|a| a.value().attr("href").unwrap().to_owned()).collect();
        assert_eq!(projects, [format!("/console/projects/{open}")]);
        assert!(!stranger.body.contains("Closed cohort"));
        // Accounts are the staff's to read (GET /api/v1/users is theirs): others see that a member
        // made the change, not who.
        let who = |page: &Page| text(page.one("table.history tbody tr td"));
        assert_eq!(who(&coordinator), "Test admin");
        assert_eq!(who(&stranger), "A registry member");
        let api: Value = app
            .request_as(&world.other_head.access_token, Method::GET, &format!("/api/v1/projects?lab_id={}", world.ru_lab))
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(api["total"], 1, "the same as the API's list");
    }

    async fn search_finds_records_by_any_name_in_any_script_and_nothing_hidden(backend) {
        let app = TestApp::spawn(backend).await;
        demo(&app);
        let coordinator = visitor(&app, Role::Coordinator, None, "en").await;
        let search = |q: &str| format!("/console/search?q={}", form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>());

        let empty = coordinator.get("/console/search").await;
        assert_accessible_shape(&empty);
        assert_eq!(empty.all("form[method='get'][action='/console/search'] input[name='q']").len(), 1);
        assert!(empty.all("section.results").is_empty(), "no query, no results");

        let chinese = coordinator.get(&search("炎症与免疫病理实验室")).await;
        assert_accessible_shape(&chinese);
        assert_eq!(link_texts(&chinese, "#labs a"), ["Laboratory of Inflammation and immunopathology (Wuhan)"]);
        assert_eq!(chinese.one("input[name='q']").value().attr("value"), Some("炎症与免疫病理实验室"));

        let russian = coordinator.get(&search("ЛАБОРАТОРИЯ ВОСПАЛЕНИЯ")).await;
        assert_eq!(
            link_texts(&russian, "#labs a"),
            ["Laboratory of Inflammation and immunopathology (Almaty)", "Laboratory of Inflammation and immunopathology (Chelyabinsk)"]
        );
        assert!(russian.all("#labs a").iter().all(|a| a.value().attr("href").unwrap().starts_with("/console/labs/")));

        let project = coordinator.get(&search("microenvironment")).await;
        assert_eq!(link_texts(&project, "#projects a"), ["Tumour microenvironment in chronic inflammation"]);
        assert!(project.all("#labs a").is_empty());

        let centres = coordinator.get(&search("系统病理学")).await;
        assert_eq!(link_texts(&centres, "#centres a"), [jointreg::demo::CENTRE_NAME]);
        let universities = coordinator.get(&search("уханьский")).await;
        assert_eq!(universities.text_of("#institutions li"), "Wuhan University (Wuhan, CN)");

        // The restricted Almaty project: the coordinator finds it, a lab head of another institution does not.
        let almaty = coordinator.get(&search("third-country site")).await;
        assert_eq!(link_texts(&almaty, "#projects a"), ["Replicating the inflammation models at a third-country site (Almaty)"]);
        let elsewhere = crate::helpers::accounts::insert_institution(&mut app.database.connect(), "Elsewhere University", "KZ");
        let head = visitor(&app, Role::LabHead, Some(elsewhere), "en").await;
        let hidden = head.get(&search("third-country site")).await;
        assert_accessible_shape(&hidden);
        assert!(hidden.all("#projects a").is_empty(), "{}", hidden.body);
        assert!(hidden.text_of("section.results").contains("Nothing found."));
        let api: Value = app.get("/api/v1/projects?q=third-country%20site").await.json().await.unwrap();
        assert_eq!(api["total"], 1, "the administrator's API list finds it too");

        // What the API refuses as a query is no search here either: the form says why.
        for bad in ["lab\u{0}oratory", &"x".repeat(201)] {
            let page = coordinator.get(&search(bad)).await;
            assert_eq!(page.status, 200);
            assert!(page.one("p.problem[role='alert']").value().attr("id").is_some());
            assert!(page.all("section.results").is_empty());
        }
        let broken = coordinator.get("/console/search?q=%ZZ&q=2").await;
        assert_eq!(broken.status, 200, "a query string that does not parse is no error");
    }
}

both_backends! {
    #[requires(Browser)]
    async fn the_record_pages_pass_axe_in_chromium_and_search_works_without_javascript(backend) {
        let app = TestApp::spawn(backend).await;
        let centre = demo(&app);
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        for javascript in [true, false] {
            let browser = if javascript { Browser::start().await } else { Browser::start_without_javascript().await };
            browser.goto(&app.url(&format!("/console/centres/{centre}"))).await;
            assert_eq!(browser.current_url().await.path(), "/console/sign-in", "strangers sign in first");
            browser.fill("#email", &coordinator.email).await;
            browser.fill("#password", PASSWORD).await;
            browser.submit("form[action='/console/sign-in']").await;
            browser.wait_for("figure svg.picture-timeline").await;
            assert_eq!(browser.current_url().await.path(), format!("/console/centres/{centre}"), "back where they were going");
            if !javascript {
                // The search is a plain GET form.
                browser.goto(&app.url("/console/search")).await;
                browser.fill("#q", "онкопатологии").await;
                browser.submit("form.search").await;
                browser.wait_for("#labs a").await;
                assert!(browser.current_url().await.query().unwrap_or_default().starts_with("q="));
                assert_eq!(browser.count("#labs a").await, 1);
                continue;
            }
            // axe-core needs the page's scripts: these checks run with JavaScript on.
            assert_accessible(&browser.axe().await);
            if backend == crate::helpers::Backend::Sqlite {
                browser.screenshot(screenshot_path("console-centre")).await;
            }
            browser.click("table.labs tbody tr:nth-child(2) a").await;
            browser.wait_for("table.statuses").await;
            assert_accessible(&browser.axe().await);
            browser.click("table.projects tbody a").await;
            browser.wait_for("table.funding").await;
            assert_accessible(&browser.axe().await);
            browser.goto(&app.url("/console/search?q=inflammation")).await;
            browser.wait_for("#projects a").await;
            assert_accessible(&browser.axe().await);
        }
    }
}
