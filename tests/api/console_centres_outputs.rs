//! Joint centres and outputs kept in the console: the forms call the API's own operations, so
//! they accept and refuse what the API does, make one record per rendered form, put a refused
//! host on its own row, never overwrite a change saved meanwhile, and name the output that
//! already has a DOI only to someone who may read it.

use jointreg::domain::role::{Role, UserStatus};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::browser::{Browser, report};
use crate::helpers::console::{Page, Visitor, text};
use crate::helpers::world::World;
use crate::helpers::{PASSWORD, TestApp, south_ural_university, wuhan_university};

const CENTRE_FORM: &str = "form#centre-form";
const OUTPUT_FORM: &str = "form#output-form";

/// A browser in `language`, signed in as a new account with `role`.
async fn visitor(app: &TestApp, role: Role, language: &str) -> Visitor {
    let user = app.user(role, None, UserStatus::Active);
    let visitor = Visitor::new(app, language);
    assert_eq!(visitor.sign_in(&user.email, PASSWORD).await.status, 303);
    visitor
}

/// The value of the option labelled starting with `label` in the select `css` of `page`.
fn option_value(page: &Page, css: &str, label: &str) -> String {
    page.all(&format!("{css} option"))
        .into_iter()
        .find(|o| text(*o).starts_with(label))
        .and_then(|o| o.value().attr("value").map(str::to_owned))
        .unwrap_or_else(|| panic!("no option {label:?} in {css}:\n{}", page.body))
}

/// The centres the API lists whose names match `q`.
async fn centres_named(app: &TestApp, q: &str) -> Vec<Value> {
    let page: Value = app.get(&format!("/api/v1/centres?q={q}")).await.json().await.unwrap();
    page["items"].as_array().unwrap_or_else(|| panic!("a page: {page}")).clone()
}

/// The two institutions of a joint centre, registered through the API: (Wuhan, SUSU).
async fn two_sides(app: &TestApp) -> (String, String) {
    let wuhan = app.create_institution(&wuhan_university()).await["id"].as_str().unwrap().to_owned();
    let susu = app.create_institution(&south_ural_university()).await["id"].as_str().unwrap().to_owned();
    (wuhan, susu)
}

fn centre_body(name: &str, hosts: &[&str]) -> Value {
    json!({"names": {"en": name}, "host_institution_ids": hosts, "status": "active"})
}

both_backends! {
    async fn a_coordinator_registers_a_centre_with_hosts_found_by_names_in_other_scripts_once_per_form(backend) {
        let app = TestApp::spawn(backend).await;
        let (wuhan, susu) = two_sides(&app).await;
        let coordinator = visitor(&app, Role::Coordinator, "en").await;
        assert!(coordinator.get("/console/").await.links().contains(&"/console/centres/new".to_owned()));
        let form = coordinator.get("/console/centres/new").await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert_eq!(form.text_of("h1"), "Register a joint centre");
        assert_eq!(form.all("select[name^='host_institution_ids[']").len(), 2, "a row for each side");

        // Without JavaScript: a Chinese and a Russian name typed, Find pressed.
        let names = [("names.en", "Joint Russian–Chinese Center for Systemic Pathology"), ("names.zh", "中俄系统病理学联合中心")];
        let mut typed = names.to_vec();
        typed.extend([("host_institution_ids[0]_q", "武汉"), ("host_institution_ids[1]_q", "Южно-Уральский"), ("find", "host_institution_ids[0]")]);
        let found = coordinator.submit(&form, CENTRE_FORM, &typed).await;
        assert_eq!(found.status, 200, "{}", found.body);
        assert_eq!(found.one("#names-zh").value().attr("value"), Some("中俄系统病理学联合中心"), "what was typed is kept");
        assert_eq!(option_value(&found, "#host_institution_ids-0", "Wuhan University"), wuhan);
        assert_eq!(option_value(&found, "#host_institution_ids-1", "South Ural State University"), susu);
        assert!(centres_named(&app, "pathology").await.is_empty(), "Find writes nothing");

        let fields = [("host_institution_ids[0]", wuhan.as_str()), ("host_institution_ids[1]", susu.as_str()), ("founded_on", "2020-10-15"), ("status", "active"), ("description", "Mirror laboratories\nin Chelyabinsk and Wuhan")];
        let saved = coordinator.submit(&found, CENTRE_FORM, &fields).await;
        let again = coordinator.submit(&found, CENTRE_FORM, &fields).await;

        assert_eq!(saved.status, 303, "{}", saved.body);
        assert_eq!(again.location(), saved.location(), "a resubmitted form: {}", again.body);
        let centres = centres_named(&app, "pathology").await;
        assert_eq!(centres.len(), 1, "one centre for one form: {centres:?}");
        let centre = &centres[0];
        assert_eq!(saved.location().unwrap(), format!("/console/centres/{}", centre["id"].as_str().unwrap()));
        let mut hosts: Vec<&str> = centre["hosts"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
        hosts.sort();
        let mut expected = [wuhan.as_str(), susu.as_str()];
        expected.sort();
        assert_eq!(hosts, expected);
        assert_eq!((centre["founded_on"].as_str(), centre["names"]["zh"].as_str()), (Some("2020-10-15"), Some("中俄系统病理学联合中心")));
        assert_eq!(centre["description"].as_str().map(|d| d.replace("\r\n", "\n")).as_deref(), Some("Mirror laboratories\nin Chelyabinsk and Wuhan"));
        let page = coordinator.follow(&saved).await;
        assert_eq!(page.text_of("h1"), "Joint Russian–Chinese Center for Systemic Pathology");
        assert!(page.links().contains(&format!("{}/edit", saved.location().unwrap())), "a coordinator is offered the change");
    }

    async fn refused_hosts_are_named_on_their_own_rows_and_nothing_is_written(backend) {
        let app = TestApp::spawn(backend).await;
        let (wuhan, susu) = two_sides(&app).await;
        let coordinator = visitor(&app, Role::Coordinator, "ru").await;
        let form = coordinator.get("/console/centres/new").await;

        // Another row, without a save.
        let more = coordinator.submit(&form, CENTRE_FORM, &[("names.en", "Centre"), ("more", "1")]).await;
        assert_eq!(more.status, 200, "{}", more.body);
        assert_eq!(more.all("select[name^='host_institution_ids[']").len(), 3);
        assert_eq!(more.one("#names-en").value().attr("value"), Some("Centre"));

        // An empty row is left out, so the repeat is the third host sent: shown on the third row.
        let rows = [
            ("host_institution_ids[0]", wuhan.as_str()), ("host_institution_ids[1]", ""), ("host_institution_ids[2]", susu.as_str()),
            ("host_institution_ids[3]", wuhan.as_str()), ("names.en", " "), ("status", "active"),
        ];
        let refused = coordinator.submit(&more, CENTRE_FORM, &rows).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.text_of("#names-en-problem"), "Заполните это поле: одни пробелы не считаются значением.");
        assert_eq!(refused.text_of("#host_institution_ids-2-problem"), "Эта организация уже указана в одной из строк выше.");
        assert_eq!(refused.all("select[name^='host_institution_ids[']").len(), 3, "the rows as sent, without the empty one");
        let third = refused.one("#host_institution_ids-2 option[selected]");
        assert_eq!(third.value().attr("value"), Some(wuhan.as_str()));
        assert!(refused.all("#host_institution_ids-1-problem").is_empty() && refused.all("#host_institution_ids-0-problem").is_empty());
        assert_eq!(refused.one("#host_institution_ids-2").value().attr("aria-invalid"), Some("true"));
        let summary: Vec<&str> = refused.all("#form-problems a").iter().filter_map(|a| a.value().attr("href")).collect();
        assert!(summary.contains(&"#host_institution_ids-2"), "{summary:?}");

        // Hosts on one side only: a refusal of the list as a whole.
        let one_side = coordinator.submit(&refused, CENTRE_FORM, &[("names.en", "Centre"), ("host_institution_ids[1]", ""), ("host_institution_ids[2]", "")]).await;
        assert_eq!(one_side.status, 422, "{}", one_side.body);
        assert_eq!(one_side.text_of("#host_institution_ids-problem"), "У совместного центра базовые организации не меньше чем в двух странах: добавьте организацию другой стороны.");
        let api: Value = app.get("/api/v1/centres").await.json().await.unwrap();
        assert_eq!(api["total"], 0, "nothing written: {api}");
    }

    async fn a_centre_changed_meanwhile_is_not_overwritten_and_the_form_says_who_changed_what(backend) {
        let app = TestApp::spawn(backend).await;
        let (wuhan, susu) = two_sides(&app).await;
        let created: Value = app.post_json("/api/v1/centres", &centre_body("Joint Centre of Pathology", &[&wuhan, &susu])).await.json().await.unwrap();
        let id = created["id"].as_str().unwrap();
        let coordinator = visitor(&app, Role::Coordinator, "en").await;
        let page = coordinator.get(&format!("/console/centres/{id}")).await;
        let edit = format!("/console/centres/{id}/edit");
        assert!(page.links().contains(&edit), "{}", page.body);
        let form = coordinator.get(&edit).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert_eq!(form.text_of("h1"), "Change Joint Centre of Pathology");
        assert_eq!(form.all("select[name^='host_institution_ids['] option[selected][value]").iter().filter(|o| o.value().attr("value") != Some("")).count(), 2, "its hosts, chosen");

        // Meanwhile the administrator reduces it.
        let api_path = format!("/api/v1/centres/{id}");
        let reduced = app.patch_json(&api_path, Some("\"1\""), &json!({"status": "reduced"})).await;
        assert_eq!(reduced.status(), 200);

        let refused = coordinator.submit(&form, CENTRE_FORM, &[("description", "Two mirror laboratories")]).await;
        assert_eq!(refused.status, 412, "{}", refused.body);
        let meanwhile = refused.text_of("#changed-meanwhile");
        assert!(meanwhile.contains("Test admin") && meanwhile.contains("status active → reduced"), "{meanwhile}");
        assert_eq!(refused.text_of("#description"), "Two mirror laboratories", "the person's values are kept");
        assert_eq!(refused.one("input[name=version]").value().attr("value"), Some("2"));
        let unchanged: Value = app.get(&api_path).await.json().await.unwrap();
        assert_eq!((unchanged["status"].as_str(), unchanged["description"].clone()), (Some("reduced"), Value::Null));

        // Sent again, knowingly: the person's values over the current version.
        let saved = coordinator.submit(&refused, CENTRE_FORM, &[]).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        let now: Value = app.get(&api_path).await.json().await.unwrap();
        assert_eq!((now["status"].as_str(), now["description"].as_str(), now["version"].as_i64()), (Some("active"), Some("Two mirror laboratories"), Some(3)));
        assert_eq!(now["hosts"].as_array().unwrap().len(), 2);
    }
}

/// A project of the test world with `labs` (the first leads) and `visibility`; its id.
async fn project_of(app: &TestApp, world: &World, labs: &[&str], visibility: &str) -> String {
    let mut body = crate::projects::project_body(world, "Systemic pathology of chronic inflammation");
    let roles =
        labs.iter().enumerate().map(|(i, lab)| json!({"lab_id": lab, "role": if i == 0 { "lead" } else { "partner" }}));
    body["labs"] = Value::Array(roles.collect());
    body["participants"] = json!([]);
    body["visibility"] = json!(visibility);
    crate::projects::create(app, &body).await["id"].as_str().unwrap().to_owned()
}

/// An RSF award of project `id` on the Russian side; its id.
async fn award_of(app: &TestApp, world: &World, project: &str) -> String {
    let body = json!({"project_id": project, "funder_id": "01a21f73-9c00-7000-8000-000000000002", "award_number": "21-45-00012", "starts_on": "2021-07-01", "ends_on": "2024-06-30", "status": "active", "lab_id": world.ru_lab});
    let response = app.post_json("/api/v1/funding", &body).await;
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

/// The outputs with `doi` in any spelling, as the administrator lists them.
async fn outputs_with_doi(app: &TestApp, doi: &str) -> Vec<Value> {
    let page: Value = app.get(&format!("/api/v1/outputs?doi={doi}")).await.json().await.unwrap();
    page["items"].as_array().unwrap_or_else(|| panic!("a page: {page}")).clone()
}

fn output_fields<'a>(title: &'a str, doi: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "journal_article"),
        ("title", title),
        ("doi", doi),
        ("year", "2024"),
        ("venue", "Biomedicine & Pharmacotherapy"),
        ("author_countries", "ru, CN"),
    ]
}

both_backends! {
    async fn a_lab_head_records_an_output_with_a_doi_as_a_link_and_the_api_has_it_normalised(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = project_of(&app, &world, &[&world.ru_lab, &world.cn_lab], "public").await;
        let award = award_of(&app, &world, &project).await;
        let head = Visitor::signed_in(&app, &world.ru_head.user.email).await;
        let new = format!("/console/projects/{project}/outputs/new");
        assert!(head.get(&format!("/console/projects/{project}")).await.links().contains(&new));
        let form = head.get(&new).await;
        assert_eq!(form.status, 200, "{}", form.body);
        let funding = form.one("input[type=checkbox][name^='funding_ids[']");
        assert_eq!(funding.value().attr("value"), Some(award.as_str()));
        let funding_name = funding.value().attr("name").unwrap().to_owned();

        let mut fields = output_fields("Curcumin attenuates systemic inflammation", "https://doi.org/10.1000/ABC");
        fields.push((&funding_name, &award));
        let recorded = head.submit(&form, OUTPUT_FORM, &fields).await;
        let again = head.submit(&form, OUTPUT_FORM, &fields).await;

        assert_eq!(recorded.status, 303, "{}", recorded.body);
        assert_eq!(again.location(), recorded.location(), "a resubmitted form: {}", again.body);
        let found = outputs_with_doi(&app, "10.1000/abc").await;
        assert_eq!(found.len(), 1, "{found:?}");
        let id = found[0]["id"].as_str().unwrap();
        assert_eq!(recorded.location().unwrap(), format!("/console/outputs/{id}"));
        let output: Value = app.get(&format!("/api/v1/outputs/{id}")).await.json().await.unwrap();
        assert_eq!((output["doi"].as_str(), output["doi_url"].as_str()), (Some("10.1000/abc"), Some("https://doi.org/10.1000/abc")));
        assert_eq!(output["project_ids"], json!([project]));
        assert_eq!(output["funding_ids"], json!([award]));
        assert_eq!((output["author_countries"].clone(), output["ru_cn"].clone(), output["year"].clone()), (json!(["CN", "RU"]), json!(true), json!(2024)));
        let page = head.follow(&recorded).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.text_of("h1"), "Curcumin attenuates systemic inflammation");
        assert_eq!(page.text_of("#doi"), "10.1000/abc");
        assert!(page.links().contains(&format!("/console/projects/{project}")));
    }

    async fn a_refused_output_keeps_what_was_typed_says_why_and_records_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = project_of(&app, &world, &[&world.ru_lab, &world.cn_lab], "public").await;
        let other = project_of(&app, &world, &[&world.cn_lab, &world.ru_lab], "public").await;
        let award = award_of(&app, &world, &other).await;
        let head = Visitor::new(&app, "zh-CN");
        assert_eq!(head.sign_in(&world.cn_head.user.email, PASSWORD).await.status, 303);
        let form = head.get(&format!("/console/projects/{project}/outputs/new")).await;
        assert!(form.all("input[type=checkbox]").is_empty(), "no funding of this project");

        // Another project, in a row of its own; then its funding offered.
        let more = head.submit(&form, OUTPUT_FORM, &[("title", "Fibrosis"), ("more", "1")]).await;
        assert_eq!(more.status, 200, "{}", more.body);
        let funding = head.submit(&more, OUTPUT_FORM, &[("project_ids[1]", &other), ("find", "funding_ids")]).await;
        assert_eq!(funding.status, 200, "{}", funding.body);
        assert_eq!(funding.one("#project_ids-1 option[selected]").value().attr("value"), Some(other.as_str()));
        let offered = funding.one("input[type=checkbox][name^='funding_ids[']");
        assert_eq!(offered.value().attr("value"), Some(award.as_str()));
        let funding_name = offered.value().attr("name").unwrap().to_owned();

        // Fields the API refuses as they are, each named next to itself in the person's language.
        let fields = [("kind", "journal_article"), ("title", "Fibrosis"), ("doi", "10.1000/"), ("year", "1850"), ("author_countries", "RU, XX")];
        let refused = head.submit(&funding, OUTPUT_FORM, &fields).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(refused.text_of("#doi-problem").starts_with("这不是 DOI"), "{}", refused.text_of("#doi-problem"));
        assert_eq!(refused.text_of("#year-problem"), "请填写 1900 年至明年之间的年份。");
        assert_eq!(refused.text_of("#author_countries-problem"), "不是国家代码：请填写两个字母，例如 RU、CN 或 KZ。");
        assert_eq!(refused.one("#author_countries").value().attr("value"), Some("RU, XX"));
        assert_eq!(refused.one("#project_ids-1 option[selected]").value().attr("value"), Some(other.as_str()), "the row is kept");

        // The award acknowledged, but the project it funds taken away again: refused on the award.
        let fields = [("doi", "10.1000/fibrosis"), ("year", "2024"), ("author_countries", "RU"), ("project_ids[1]", ""), (funding_name.as_str(), award.as_str())];
        let refused = head.submit(&refused, OUTPUT_FORM, &fields).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(refused.all("#project_ids-1").is_empty(), "the empty row is left out");
        let award_box = refused.one(&format!("input[type=checkbox][value='{award}']"));
        let box_id = award_box.value().attr("id").unwrap().to_owned();
        assert_eq!(refused.text_of(&format!("#{box_id}-problem")), "该资助不属于成果的任何项目。");
        assert!(award_box.value().attr("checked").is_some(), "still ticked");
        let api: Value = app.get(&format!("/api/v1/projects/{project}/outputs")).await.json().await.unwrap();
        assert_eq!(api["total"], 0, "nothing recorded: {api}");
    }

    async fn a_duplicate_doi_links_to_the_existing_output_only_for_someone_who_may_read_it(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        // The DOI is already recorded for an output of a restricted project of the two labs.
        let hidden = project_of(&app, &world, &[&world.ru_lab, &world.cn_lab], "restricted").await;
        let existing = json!({"kind": "journal_article", "title": "Sepsis models", "doi": "10.1000/xyz", "year": 2023, "author_countries": ["RU"], "project_ids": [hidden]});
        let existing: Value = app.post_json("/api/v1/outputs", &existing).await.json().await.unwrap();
        let existing_id = existing["id"].as_str().unwrap().to_owned();

        // Its lab's head may read it: the refusal links to it.
        let ours = project_of(&app, &world, &[&world.ru_lab, &world.cn_lab], "public").await;
        let head = Visitor::signed_in(&app, &world.ru_head.user.email).await;
        let form = head.get(&format!("/console/projects/{ours}/outputs/new")).await;
        let refused = head.submit(&form, OUTPUT_FORM, &output_fields("Sepsis models, again", "DOI:10.1000/XYZ")).await;
        assert_eq!(refused.status, 409, "{}", refused.body);
        assert_eq!(refused.text_of("#doi-problem"), "This DOI is already recorded for another output: one DOI names one output.");
        let link = format!("/console/outputs/{existing_id}");
        assert_eq!(refused.one("#doi-holder a").value().attr("href"), Some(link.as_str()));
        assert_eq!(refused.one("#doi").value().attr("value"), Some("DOI:10.1000/XYZ"));
        assert_eq!(head.get(&link).await.status, 200, "the link leads to it");

        // Another lab's head may not: the same refusal, without a link or its id.
        let theirs = project_of(&app, &world, &[&world.other_lab, &world.cn_lab], "public").await;
        let other = Visitor::signed_in(&app, &world.other_head.user.email).await;
        let form = other.get(&format!("/console/projects/{theirs}/outputs/new")).await;
        assert_eq!(form.status, 200, "{}", form.body);
        let refused = other.submit(&form, OUTPUT_FORM, &output_fields("Sepsis models, again", "https://doi.org/10.1000/xyz")).await;
        assert_eq!(refused.status, 409, "{}", refused.body);
        assert_eq!(refused.text_of("#doi-problem"), "This DOI is already recorded for another output: one DOI names one output.");
        assert!(refused.all("#doi-holder").is_empty() && !refused.body.contains(&existing_id), "{}", refused.body);
        assert_eq!(other.get(&link).await.status, 404, "as the API answers them");
        assert_eq!(outputs_with_doi(&app, "10.1000/xyz").await.len(), 1, "nothing recorded");
    }
}

both_backends! {
    async fn the_centre_and_output_forms_are_offered_to_exactly_the_roles_their_api_operations_allow(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = project_of(&app, &world, &[&world.ru_lab, &world.cn_lab], "public").await;
        let centre: Value = app.post_json("/api/v1/centres", &centre_body("Joint Centre", &[&world.susu, &world.wuhan])).await.json().await.unwrap();
        let centre_id = centre["id"].as_str().unwrap().to_owned();
        let coordinator = app.session(Role::Coordinator).await;
        let admin = app.session(Role::Admin).await;
        let partner = app.sign_in(app.user(Role::Partner, Some(world.susu.clone()), UserStatus::Active)).await;
        let callers = [("an administrator", &admin), ("a coordinator", &coordinator), ("a head of one of the project's labs", &world.ru_head), ("another lab's head", &world.other_head), ("a partner", &partner)];
        for (who, session) in callers {
            let n = session.user.id.clone();
            let forms: [(String, Method, String, Value); 3] = [
                ("/console/centres/new".into(), Method::POST, "/api/v1/centres".into(), centre_body(&format!("Centre {n}"), &[&world.susu, &world.wuhan])),
                (format!("/console/centres/{centre_id}/edit"), Method::PATCH, format!("/api/v1/centres/{centre_id}"), json!({"description": format!("Checked by {n}")})),
                (format!("/console/projects/{project}/outputs/new"), Method::POST, "/api/v1/outputs".into(),
                    json!({"kind": "report", "title": format!("Report {n}"), "year": 2024, "author_countries": ["RU"], "project_ids": [project]})),
            ];
            let browser = Visitor::signed_in(&app, &session.user.email).await;
            let csrf = {
                let home = browser.get("/console/").await;
                home.one("form[action='/console/sign-out'] input[name=csrf]").value().attr("value").unwrap().to_owned()
            };
            for (page, method, api_path, body) in forms {
                let mut request = app.request_as(&session.access_token, method.clone(), &api_path).json(&body);
                if method == Method::PATCH {
                    request = request.header("If-Match", app.etag_of(&api_path).await);
                }
                let api = request.send().await.unwrap();
                assert!(api.status() != 422 && api.status() != 409, "{who} {method} {api_path}: the body must be acceptable: {}", api.text().await.unwrap());
                let api_allows = api.status().is_success();
                let shown = browser.get(&page).await;
                assert!(shown.status == 200 || shown.status == 403, "{who} {page}: {}", shown.status);
                assert_eq!(shown.status == 200, api_allows, "{who}: {page} against {method} {api_path} ({})", api.status());
                if !api_allows {
                    // Posted anyway, without the form: refused as the API refuses it.
                    let action = if page.ends_with("/edit") { page.trim_end_matches("/edit").to_owned() } else if page.contains("/centres/") { "/console/centres".into() } else { "/console/outputs".into() };
                    let posted = browser
                        .post_form(&action, &[("csrf", &csrf), ("version", "1"), ("names.en", "Posted"), ("host_institution_ids[0]", &world.susu), ("host_institution_ids[1]", &world.wuhan), ("status", "active"),
                            ("kind", "report"), ("title", "Posted"), ("year", "2024"), ("author_countries", "RU"), ("project_ids[0]", &project)])
                        .await;
                    assert_eq!(posted.status, 403, "{who} POST {action}: {}", posted.body);
                }
            }
        }
        assert!(centres_named(&app, "posted").await.is_empty());
        let outputs: Value = app.get(&format!("/api/v1/projects/{project}/outputs?q=posted")).await.json().await.unwrap();
        assert_eq!(outputs["total"], 0, "{outputs}");
    }
}

both_backends! {
    #[requires(Browser)]
    async fn the_centre_and_output_forms_are_accessible_reached_by_keyboard_and_pick_hosts_as_one_types(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = project_of(&app, &world, &[&world.ru_lab, &world.cn_lab], "public").await;
        award_of(&app, &world, &project).await;
        let centre: Value = app.post_json("/api/v1/centres", &centre_body("Joint Centre", &[&world.susu, &world.wuhan])).await.json().await.unwrap();
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);
        let browser = Browser::start().await;
        browser.goto(&app.url("/console/sign-in")).await;
        browser.fill("#email", &coordinator.email).await;
        browser.fill("#password", PASSWORD).await;
        browser.submit("form[action='/console/sign-in']").await;
        browser.wait_for("main h1").await;

        let pages = [
            ("/console/centres/new".to_owned(), CENTRE_FORM, "names-en"),
            (format!("/console/centres/{}/edit", centre["id"].as_str().unwrap()), CENTRE_FORM, "names-en"),
            (format!("/console/projects/{project}/outputs/new"), OUTPUT_FORM, "kind"),
        ];
        for (path, form, first_field) in pages {
            browser.goto(&app.url(&path)).await;
            browser.wait_for(form).await;
            let violations = browser.axe().await;
            assert!(violations.is_empty(), "{path}: {}", report(&violations));
            browser.tab_to(first_field).await;
        }

        // htmx fills a host row's picker as one types, in any script.
        browser.goto(&app.url("/console/centres/new")).await;
        browser.wait_for(CENTRE_FORM).await;
        browser.fill("#host_institution_ids-1-q", "武汉").await;
        browser.wait_for(&format!("#host_institution_ids-1 option[value='{}'][selected]", world.wuhan)).await;
        assert_eq!(browser.count(&format!("#host_institution_ids-0 option[value='{}']", world.wuhan)).await, 0, "only its own row");

        // A refused duplicate DOI, with its link, is accessible too.
        let doi = json!({"kind": "report", "title": "Recorded", "doi": "10.1000/dup", "year": 2024, "author_countries": ["RU"], "project_ids": [project]});
        assert_eq!(app.post_json("/api/v1/outputs", &doi).await.status(), 201);
        browser.goto(&app.url(&format!("/console/projects/{project}/outputs/new"))).await;
        browser.wait_for(OUTPUT_FORM).await;
        browser.select("#kind", "report").await;
        browser.fill("#title", "Recorded again").await;
        browser.fill("#doi", "https://doi.org/10.1000/DUP").await;
        browser.fill("#year", "2024").await;
        browser.fill("#author_countries", "RU").await;
        // The form's own Save (its first submit button adds a project row).
        browser.click("form#output-form p.actions button[type=submit]").await;
        browser.wait_for("#doi-holder a").await;
        let violations = browser.axe().await;
        assert!(violations.is_empty(), "the refused output: {}", report(&violations));
    }
}
