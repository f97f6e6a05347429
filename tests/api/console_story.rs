//! The demo centre's story, told entirely in the console from a registry that holds nothing but
//! the administrator `create-admin` made: institutions, a joint centre with its two hosts,
//! invited lab heads, laboratories, mirror links, a joint project with RSF and NSFC funding
//! recorded by each side's head, an output, and a laboratory pair that closes.

use std::io::Write;
use std::process::Stdio;

use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::browser::{Browser, assert_accessible};
use crate::helpers::{PASSWORD, TestApp, mailed_token};
use crate::lifecycle::{database_env, jointreg};

const FOUNDER: &str = "founder@example.org";
const HEAD_PASSWORD: &str = "Chelyabinsk-Wuhan-samovar-7";

/// `jointreg create-admin`, as the README's set-up runs it, on the test's database.
fn create_admin(app: &TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = jointreg(dir.path())
        .args(["create-admin", "--email", FOUNDER, "--password-stdin"])
        .env("JOINTREG_DATABASE_URL", database_env(&app.database.url))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
}

async fn signed_in(app: &TestApp, email: &str, password: &str) -> Browser {
    let browser = Browser::start().await;
    browser.goto(&app.url("/console/sign-in")).await;
    browser.fill("#email", email).await;
    browser.fill("#password", password).await;
    browser.submit("form[action='/console/sign-in']").await;
    browser.wait_for("main h1").await;
    browser
}

/// Presses the form's own Save button (not a Find or More rows) and waits for the next page;
/// returns the id at the end of its address (`/console/labs/{id}`).
async fn save(browser: &Browser, form: &str) -> String {
    let page = browser.find(":root").await;
    browser.click(&format!("{form} p.actions button[type=submit]:not([name])")).await;
    browser.wait_until_gone(&page, &format!("{form} after Save")).await;
    browser.wait_for("main h1").await;
    assert!(browser.count("#form-problems").await == 0, "{form} was refused: {}", browser.text("main").await);
    let url = browser.current_url().await;
    url.path().rsplit('/').next().unwrap().to_owned()
}

/// Sets a date input (typing into one follows the browser's locale; what it sends does not).
async fn date(browser: &Browser, css: &str, day: &str) {
    let script = "document.querySelector(arguments[0]).value = arguments[1];";
    browser.client().execute(script, vec![json!(css), json!(day)]).await.expect("setting a date");
}

/// Chooses a record in picker `id` by typing `typed` into its search box, as htmx offers it.
async fn pick(browser: &Browser, id: &str, typed: &str, value: &str) {
    browser.fill(&format!("[id='{id}-q']"), typed).await;
    browser.wait_for(&format!("[id='{id}'] option[value='{value}']")).await;
    browser.select(&format!("[id='{id}']"), value).await;
}

/// The value of the option of select `css` whose label starts with `label`.
async fn option_starting(browser: &Browser, css: &str, label: &str) -> String {
    let script = "return [...document.querySelectorAll(arguments[0] + ' option')].find(o => o.text.startsWith(arguments[1])).value;";
    let value = browser.client().execute(script, vec![json!(css), json!(label)]).await.expect("an option");
    value.as_str().unwrap().to_owned()
}

async fn register_institution(
    browser: &Browser,
    app: &TestApp,
    names: [(&str, &str); 2],
    country: &str,
    city: &str,
) -> String {
    browser.goto(&app.url("/console/institutions/new")).await;
    browser.wait_for("form#institution-form").await;
    for (field, name) in names {
        browser.fill(field, name).await;
    }
    browser.fill("#country", country).await;
    browser.fill("#city", city).await;
    browser.select("#kind", "university").await;
    save(browser, "form#institution-form").await
}

/// Invites a lab head of `institution`, who sets a password from the mailed link.
async fn lab_head(browser: &Browser, app: &TestApp, email: &str, name: &str, typed: &str, institution: &str) -> String {
    browser.goto(&app.url("/console/people/new")).await;
    browser.wait_for("form#invite-form").await;
    browser.fill("#email", email).await;
    browser.fill("#display_name", name).await;
    browser.select("#role", "lab_head").await;
    pick(browser, "institution_id", typed, institution).await;
    save(browser, "form#invite-form").await;

    let mail = app.wait_for_mail(email, 1).await;
    let invited = Browser::start().await;
    invited.goto(&app.url(&format!("/console/invitation?token={}", mailed_token(&mail[0].body)))).await;
    invited.fill("#new-password", HEAD_PASSWORD).await;
    invited.fill("#repeat-password", HEAD_PASSWORD).await;
    invited.submit("form[action='/console/invitation']").await;
    invited.wait_for("main h1").await;
    let page: Value = app.get(&format!("/api/v1/users?q={email}")).await.json().await.unwrap();
    let account = &page["items"][0];
    assert_eq!(account["status"], "active", "{email} accepted the invitation");
    account["id"].as_str().unwrap().to_owned()
}

struct NewLab<'a> {
    name: &'a str,
    typed: &'a str,
    institution: &'a str,
    head: Option<&'a str>,
}

async fn register_lab(browser: &Browser, app: &TestApp, centre: &str, lab: NewLab<'_>) -> String {
    browser.goto(&app.url("/console/labs/new")).await;
    browser.wait_for("form#lab-form").await;
    browser.fill("#names-en", lab.name).await;
    pick(browser, "institution_id", lab.typed, lab.institution).await;
    browser.select("#centre_id", centre).await;
    if let Some(head) = lab.head {
        browser.select("#head_user_id", head).await;
    }
    browser.select("[id='status-status']", "active").await;
    date(browser, "[id='status-effective_on']", "2020-09-01").await;
    browser.fill("[id='status-reason']", "Opened with the centre").await;
    save(browser, "form#lab-form").await
}

async fn link(browser: &Browser, app: &TestApp, from: &str, typed: &str, to: &str) {
    browser.goto(&app.url(&format!("/console/labs/{from}/mirror-links/new"))).await;
    browser.wait_for("form#mirror-link-form").await;
    pick(browser, "lab_b_id", typed, to).await;
    browser.select("#kind", "mirror").await;
    date(browser, "#starts_on", "2020-09-01").await;
    save(browser, "form#mirror-link-form").await;
}

struct Award<'a> {
    funder: &'a str,
    lab: &'a str,
    number: &'a str,
    amount: &'a str,
}

async fn record_funding(browser: &Browser, app: &TestApp, project: &str, award: Award<'_>) {
    browser.goto(&app.url(&format!("/console/projects/{project}/funding/new"))).await;
    browser.wait_for("form#funding-form").await;
    let funder = option_starting(browser, "#funder_id", award.funder).await;
    browser.select("#funder_id", &funder).await;
    browser.select("#lab_id", award.lab).await;
    browser.fill("#award_number", award.number).await;
    browser.fill("#amount", award.amount).await;
    date(browser, "#starts_on", "2021-03-01").await;
    date(browser, "#ends_on", "2023-12-31").await;
    browser.select("#status", "active").await;
    save(browser, "form#funding-form").await;
}

async fn api(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

both_backends! {
    #[requires(Browser)]
    async fn from_an_empty_registry_to_the_demo_centres_story_entirely_in_the_console(backend) {
        let app = TestApp::spawn(backend).await;
        create_admin(&app);
        let admin = signed_in(&app, FOUNDER, PASSWORD).await;

        let susu = register_institution(&admin, &app, [("#names-en", "South Ural State University"), ("#names-ru", "Южно-Уральский государственный университет")], "RU", "Chelyabinsk").await;
        let whu = register_institution(&admin, &app, [("#names-en", "Wuhan University"), ("#names-zh", "武汉大学")], "CN", "Wuhan").await;

        // The centre and its two hosts, found by their names in Russian and Chinese.
        admin.goto(&app.url("/console/centres/new")).await;
        admin.wait_for("form#centre-form").await;
        admin.fill("#names-en", "Joint Russian–Chinese Center for Systemic Pathology").await;
        pick(&admin, "host_institution_ids-0", "Южно-Уральский", &susu).await;
        pick(&admin, "host_institution_ids-1", "武汉", &whu).await;
        date(&admin, "#founded_on", "2020-09-01").await;
        admin.select("#status", "active").await;
        let centre = save(&admin, "form#centre-form").await;

        let ivan = lab_head(&admin, &app, "ivan.petrov@susu.ru", "Иван Петров", "Южно-Уральский", &susu).await;
        let li = lab_head(&admin, &app, "li.wei@whu.edu.cn", "李伟", "武汉", &whu).await;
        let ru_lab = register_lab(&admin, &app, &centre, NewLab { name: "Laboratory of Immunopathology", typed: "South Ural", institution: &susu, head: Some(&ivan) }).await;
        let cn_lab = register_lab(&admin, &app, &centre, NewLab { name: "Laboratory of Systemic Pathology", typed: "Wuhan", institution: &whu, head: Some(&li) }).await;
        let ru_pharma = register_lab(&admin, &app, &centre, NewLab { name: "Laboratory of Experimental Pharmacology", typed: "Южно-Уральский государственный", institution: &susu, head: None }).await;
        let cn_pharma = register_lab(&admin, &app, &centre, NewLab { name: "Laboratory of Molecular Pharmacology", typed: "武汉大学", institution: &whu, head: None }).await;
        link(&admin, &app, &ru_lab, "Systemic", &cn_lab).await;
        link(&admin, &app, &ru_pharma, "Molecular", &cn_pharma).await;

        // The Russian head registers the joint project and records the RSF award; the Chinese
        // head records NSFC's, each for their own side.
        let ivan_browser = signed_in(&app, "ivan.petrov@susu.ru", HEAD_PASSWORD).await;
        ivan_browser.goto(&app.url("/console/projects/new")).await;
        ivan_browser.wait_for("form#project-form").await;
        ivan_browser.fill("#titles-en", "Systemic pathology of inflammation").await;
        ivan_browser.fill("#titles-ru", "Системная патология воспаления").await;
        date(&ivan_browser, "#starts_on", "2021-03-01").await;
        ivan_browser.select("#status", "active").await;
        ivan_browser.click("#visibility-public").await;
        pick(&ivan_browser, "labs-1-lab_id", "Systemic", &cn_lab).await;
        ivan_browser.fill("#subject_areas-0", "2734").await;
        ivan_browser.fill("#participants-0-name", "Иван Петров").await;
        ivan_browser.fill("#participants-0-orcid", "0000-0002-1825-0097").await;
        ivan_browser.select("#participants-0-role", "principal_investigator").await;
        ivan_browser.select("#participants-0-lab_id", &ru_lab).await;
        let project = save(&ivan_browser, "form#project-form").await;
        record_funding(&ivan_browser, &app, &project, Award { funder: "RSF", lab: &ru_lab, number: "21-45-00012", amount: "18 000 000,00 ₽" }).await;
        let li_browser = signed_in(&app, "li.wei@whu.edu.cn", HEAD_PASSWORD).await;
        record_funding(&li_browser, &app, &project, Award { funder: "NSFC", lab: &cn_lab, number: "82061148011", amount: "¥2 000 000" }).await;
        // He reads the project but does not lead it: changing it is refused, as the API's 403.
        li_browser.goto(&app.url(&format!("/console/projects/{project}/edit"))).await;
        assert_eq!(li_browser.text("main h1").await, "Not allowed");
        assert_eq!(li_browser.count("form#project-form").await, 0);

        // Its output, with the DOI as it was pasted.
        ivan_browser.goto(&app.url(&format!("/console/projects/{project}/outputs/new"))).await;
        ivan_browser.wait_for("form#output-form").await;
        ivan_browser.select("#kind", "journal_article").await;
        ivan_browser.fill("#title", "Mirror laboratories in systemic pathology").await;
        ivan_browser.fill("#doi", "https://doi.org/10.1000/SYSPATH.2022").await;
        ivan_browser.fill("#year", "2022").await;
        ivan_browser.fill("#author_countries", "RU, CN").await;
        save(&ivan_browser, "form#output-form").await;

        // The pharmacology pair closes when its targeted funding ends.
        admin.goto(&app.url(&format!("/console/labs/{ru_pharma}"))).await;
        admin.wait_for("form#lab-status-form").await;
        admin.select("#status", "closed").await;
        date(&admin, "#effective_on", "2022-12-31").await;
        admin.fill("#reason", "Targeted funding ended").await;
        save(&admin, "form#lab-status-form").await;
        admin.click("a[href*='/end?from=']").await;
        admin.wait_for("form#mirror-link-end-form").await;
        date(&admin, "#ends_on", "2022-12-31").await;
        admin.fill("#end_reason", "Targeted funding ended").await;
        save(&admin, "form#mirror-link-end-form").await;

        // The registry now tells the story, to the API as to the console.
        let hosts = api(&app, &format!("/api/v1/centres/{centre}")).await["hosts"].as_array().unwrap().len();
        assert_eq!(hosts, 2);
        let labs = api(&app, &format!("/api/v1/labs?centre_id={centre}")).await;
        assert_eq!(labs["items"].as_array().unwrap().len(), 4);
        let links = api(&app, "/api/v1/mirror-links").await;
        let ended: Vec<bool> = links["items"].as_array().unwrap().iter().map(|l| !l["ends_on"].is_null()).collect();
        assert_eq!((ended.len(), ended.iter().filter(|e| **e).count()), (2, 1), "{links}");
        let stored = api(&app, &format!("/api/v1/projects/{project}")).await;
        assert_eq!(stored["labs"].as_array().unwrap().len(), 2);
        assert_eq!(stored["participants"][0]["orcid"], "0000-0002-1825-0097");
        let funding = api(&app, &format!("/api/v1/funding?project_id={project}")).await;
        let mut amounts: Vec<Value> = funding["items"].as_array().unwrap().iter().map(|f| f["amount"].clone()).collect();
        amounts.sort_by_key(|a| a["currency"].as_str().unwrap().to_owned());
        assert_eq!(amounts, [json!({"amount_minor": 200000000, "currency": "CNY"}), json!({"amount_minor": 1800000000, "currency": "RUB"})]);
        let outputs = api(&app, &format!("/api/v1/outputs?project_id={project}")).await;
        assert_eq!(outputs["items"][0]["doi"], "10.1000/syspath.2022");
        let closed = api(&app, &format!("/api/v1/labs/{ru_pharma}")).await;
        assert_eq!(closed["status"], "closed", "{closed}");

        admin.goto(&app.url(&format!("/console/centres/{centre}"))).await;
        admin.wait_for("main svg").await;
        assert_accessible(&admin.axe().await);
    }
}
