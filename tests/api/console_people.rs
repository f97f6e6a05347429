//! People and partner tokens in the console: inviting, re-inviting and revoking invitations,
//! changing accounts, and issuing and revoking partner API tokens — each through the API's own
//! operation, so the console allows exactly what the API allows, and the API sees what it did.

use jointreg::domain::role::{Role, UserStatus};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::browser::{Browser, KEY_ENTER, KEY_TAB, assert_accessible, report};
use crate::helpers::console::{Page, Visitor, text};
use crate::helpers::{PASSWORD, Session, TestApp, mailed_token, wuhan_university};

const INVITE: &str = "form#invite-form";
const PERSON: &str = "form#person-form";
const ISSUE: &str = "form#partner-token-form";
/// The arrow key down (WebDriver's code point).
const KEY_DOWN: &str = "\u{E015}";
const NEW_PASSWORD: &str = "Chelyabinsk-Wuhan-samovar-7";

/// A browser signed in as a new administrator (not the test's own, which the API calls use).
async fn administrator(app: &TestApp) -> (Visitor, String) {
    let admin = app.user(Role::Admin, None, UserStatus::Active);
    (Visitor::signed_in(app, &admin.email).await, admin.id)
}

/// The account with address `email`, as the API lists it.
async fn account(app: &TestApp, email: &str) -> Value {
    let page: Value = app.get(&format!("/api/v1/users?q={email}")).await.json().await.unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == email)
        .cloned()
        .unwrap_or_else(|| panic!("no {email}: {page}"))
}

/// The answer of the API to accepting an invitation with `token`.
async fn accept(app: &TestApp, token: &str) -> u16 {
    let body = json!({"token": token, "password": NEW_PASSWORD});
    app.anonymous.post(app.url("/api/v1/auth/invitations/accept")).json(&body).send().await.unwrap().status().as_u16()
}

/// The row of the account `email` on the people page.
fn row_of(page: &Page, email: &str) -> String {
    let rows = page.all("table.people tbody tr");
    let row =
        rows.iter().find(|r| text(**r).contains(email)).unwrap_or_else(|| panic!("no row of {email}:\n{}", page.body));
    format!("tr#{}", row.value().attr("id").unwrap())
}

/// The form token a page carries.
fn csrf_of(page: &Page) -> String {
    page.one("form[action='/console/sign-out'] input[name=csrf]").value().attr("value").unwrap().to_owned()
}

/// The partner tokens of institution `id`, as the API lists them.
async fn tokens_of(app: &TestApp, id: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/institutions/{id}/partner-tokens")).await.json().await.unwrap()
}

async fn invite_li_wei(app: &TestApp, browser: &Visitor, wuhan: &str) -> Page {
    let form = browser.get("/console/people/new").await;
    assert_eq!(form.status, 200, "{}", form.body);
    let fields = [
        ("email", "li.wei@whu.edu.cn"),
        ("display_name", "Li Wei"),
        ("role", "lab_head"),
        ("institution_id", wuhan),
        ("language", "zh"),
    ];
    let sent = browser.submit(&form, INVITE, &fields).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let _ = app;
    sent
}

both_backends! {
    async fn an_administrator_invites_a_person_who_gets_the_mail_and_shows_as_invited(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await["id"].as_str().unwrap().to_owned();
        let (admin, _) = administrator(&app).await;
        let home = admin.get("/console/").await;
        assert!(home.links().contains(&"/console/people".to_owned()), "the navigation leads to people");
        let people = admin.get("/console/people").await;
        assert!(people.links().contains(&"/console/people/new".to_owned()), "{}", people.body);

        let form = admin.get("/console/people/new").await;
        // The institution is found by name, without JavaScript too.
        let found = admin.submit(&form, INVITE, &[("institution_id_q", "武汉"), ("find", "institution_id")]).await;
        assert_eq!(found.status, 200, "{}", found.body);
        assert!(found.one(&format!("#institution_id option[value='{wuhan}']")).value().attr("value").is_some());
        let fields = [("email", "li.wei@whu.edu.cn"), ("display_name", "Li Wei"), ("role", "lab_head"), ("institution_id", wuhan.as_str()), ("language", "zh")];
        let sent = admin.submit(&found, INVITE, &fields).await;
        let again = admin.submit(&found, INVITE, &fields).await;

        assert_eq!(sent.status, 303, "{}", sent.body);
        assert_eq!(again.location(), sent.location(), "a resubmitted form invites once");
        let invited = account(&app, "li.wei@whu.edu.cn").await;
        assert_eq!(sent.location().unwrap(), format!("/console/people?done=invited&who={}", invited["id"].as_str().unwrap()));
        assert_eq!((invited["status"].as_str(), invited["role"].as_str(), invited["language"].as_str()), (Some("invited"), Some("lab_head"), Some("zh")));
        assert_eq!(invited["institution_id"].as_str(), Some(wuhan.as_str()));
        let mail = app.wait_for_mail("li.wei@whu.edu.cn", 1).await;
        assert_eq!(mail[0].subject, "jointreg 邀请", "in the language chosen");
        assert!(mail[0].body.contains("/console/invitation?token=jro_"), "{}", mail[0].body);
        assert_eq!(app.sent_mail().iter().filter(|m| m.to == "li.wei@whu.edu.cn").count(), 1, "one mail for one form");

        let shown = admin.follow(&sent).await;
        assert_eq!(shown.text_of("p.notice"), "An invitation is on its way to Li Wei (li.wei@whu.edu.cn).");
        let row = shown.text_of(&row_of(&shown, "li.wei@whu.edu.cn"));
        for part in ["Li Wei", "Laboratory head", "Invited, not yet accepted", "Wuhan University", "中文"] {
            assert!(row.contains(part), "{part} in {row}");
        }
        // The mailed link works.
        assert_eq!(accept(&app, &mailed_token(&mail[0].body)).await, 204);
        let people = admin.get("/console/people").await;
        assert!(people.text_of(&row_of(&people, "li.wei@whu.edu.cn")).contains("Active"));
    }

    async fn an_invitation_sent_again_has_a_fresh_token_and_the_old_one_no_longer_works(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await["id"].as_str().unwrap().to_owned();
        let (admin, _) = administrator(&app).await;
        invite_li_wei(&app, &admin, &wuhan).await;
        let first = mailed_token(&app.wait_for_mail("li.wei@whu.edu.cn", 1).await[0].body);

        let people = admin.get("/console/people").await;
        let row = row_of(&people, "li.wei@whu.edu.cn");
        let resent = admin.submit(&people, &format!("{row} form[action='/console/people']"), &[]).await;

        assert_eq!(resent.status, 303, "{}", resent.body);
        assert!(resent.location().unwrap().starts_with("/console/people?done=resent&who="));
        let mail = app.wait_for_mail("li.wei@whu.edu.cn", 2).await;
        let second = mailed_token(&mail[1].body);
        assert_ne!(first, second);
        assert_eq!(mail[1].subject, "jointreg 邀请", "still in the person's language");
        assert_eq!(accept(&app, &first).await, 422, "the earlier invitation no longer works");
        assert_eq!(accept(&app, &second).await, 204);
        let shown = admin.follow(&resent).await;
        assert!(shown.text_of("p.notice").contains("the earlier link no longer works"));
    }

    async fn a_revoked_invitation_no_longer_activates_the_account(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await["id"].as_str().unwrap().to_owned();
        let (admin, _) = administrator(&app).await;
        invite_li_wei(&app, &admin, &wuhan).await;
        let token = mailed_token(&app.wait_for_mail("li.wei@whu.edu.cn", 1).await[0].body);

        let people = admin.get("/console/people").await;
        let row = row_of(&people, "li.wei@whu.edu.cn");
        let revoked = admin.submit(&people, &format!("{row} form[action$='/revoke']"), &[]).await;

        assert_eq!(revoked.status, 303, "{}", revoked.body);
        assert_eq!(account(&app, "li.wei@whu.edu.cn").await["status"], "disabled");
        assert_eq!(accept(&app, &token).await, 422, "the link no longer works");
        let link = Visitor::new(&app, "en").get(&format!("/console/invitation?token={token}")).await;
        assert!(link.body.contains("This invitation link has expired or has already been used."), "{}", link.body);
        let shown = admin.follow(&revoked).await;
        assert!(shown.text_of("p.notice").contains("is revoked"));
        assert!(shown.all(&format!("{row} form[action$='/revoke']")).is_empty(), "nothing left to revoke");
        // A list that went stale meanwhile revokes nothing: the version it showed is gone.
        let stale = admin.submit(&people, &format!("{row} form[action$='/revoke']"), &[]).await;
        assert_eq!(stale.status, 412, "{}", stale.body);
    }

    async fn an_administrator_changes_role_status_and_institution_as_the_api_shows(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await["id"].as_str().unwrap().to_owned();
        let head = app.user(Role::LabHead, Some(wuhan.clone()), UserStatus::Active);
        let (admin, _) = administrator(&app).await;
        let path = format!("/console/people/{}/edit", head.id);
        let form = admin.get(&path).await;
        assert_eq!(form.status, 200, "{}", form.body);

        let saved = admin.submit(&form, PERSON, &[("role", "coordinator"), ("status", "disabled"), ("institution_id", ""), ("display_name", "Wang Fang")]).await;

        assert_eq!(saved.status, 303, "{}", saved.body);
        let now: Value = app.get(&format!("/api/v1/users/{}", head.id)).await.json().await.unwrap();
        assert_eq!((now["role"].as_str(), now["status"].as_str(), now["display_name"].as_str()), (Some("coordinator"), Some("disabled"), Some("Wang Fang")));
        assert_eq!(now["institution_id"], Value::Null);
        let shown = admin.follow(&saved).await;
        assert_eq!(shown.text_of("p.notice"), format!("The account of Wang Fang ({}) is changed.", head.email));

        // The API's refusals, next to their fields: a lab head needs an institution.
        let form = admin.get(&path).await;
        let refused = admin.submit(&form, PERSON, &[("role", "lab_head")]).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.text_of("#institution_id-problem"), "Fill this in.");
        let invited = admin.submit(&form, PERSON, &[("status", "invited")]).await;
        assert_eq!(invited.status, 422, "{}", invited.body);
        assert!(invited.text_of("#status-problem").starts_with("An account becomes invited only by an invitation"));

        // Changed meanwhile through the API: not overwritten; the page says what changed.
        let api_path = format!("/api/v1/users/{}", head.id);
        let moved = app.patch_json(&api_path, Some(&app.etag_of(&api_path).await), &json!({"institution_id": wuhan})).await;
        assert_eq!(moved.status(), 200);
        let stale = admin.submit(&form, PERSON, &[("status", "active")]).await;
        assert_eq!(stale.status, 412, "{}", stale.body);
        assert!(stale.text_of("#changed-meanwhile").contains("institution_id"), "{}", stale.text_of("#changed-meanwhile"));
        let unchanged: Value = app.get(&api_path).await.json().await.unwrap();
        assert_eq!(unchanged["status"], "disabled");
        let applied = admin.submit(&stale, PERSON, &[]).await;
        assert_eq!(applied.status, 303, "{}", applied.body);
        let now: Value = app.get(&api_path).await.json().await.unwrap();
        assert_eq!(now["status"], "active");
    }

    async fn no_one_changes_their_own_access_in_the_console_as_in_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let (admin, own_id) = administrator(&app).await;
        let path = format!("/console/people/{own_id}/edit");
        let form = admin.get(&path).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(form.all("select#role").is_empty() && form.all("select#status").is_empty(), "their own access is not offered");
        assert!(form.text_of("#own-access").contains("only by another administrator"));

        // Their name and language they change, as through the API.
        let renamed = admin.submit(&form, PERSON, &[("display_name", "Ivan Petrov"), ("language", "ru")]).await;
        assert_eq!(renamed.status, 303, "{}", renamed.body);
        let api_path = format!("/api/v1/users/{own_id}");
        let now: Value = app.get(&api_path).await.json().await.unwrap();
        assert_eq!((now["display_name"].as_str(), now["language"].as_str(), now["role"].as_str()), (Some("Ivan Petrov"), Some("ru"), Some("admin")));

        // Their access: the console refuses what the API refuses the same person.
        let session = app.sign_in(crate::helpers::TestUser { id: own_id.clone(), email: now["email"].as_str().unwrap().to_owned(), institution_id: None }).await;
        let csrf = csrf_of(&admin.get("/console/people").await);
        let version = now["version"].as_i64().unwrap().to_string();
        for (field, value) in [("role", "coordinator"), ("status", "disabled")] {
            let api = app.patch_current(&session.access_token, &api_path, &json!({field: value})).await;
            assert_eq!(api.status(), 403, "the API refuses {field}");
            let mut fields = vec![("csrf", csrf.as_str()), ("version", version.as_str()), ("display_name", "Ivan Petrov"), ("role", "admin"), ("status", "active"), ("language", "ru")];
            fields.retain(|(name, _)| *name != field);
            fields.push((field, value));
            let posted = admin.post_form(&format!("/console/people/{own_id}"), &fields).await;
            assert_eq!(posted.status, 403, "{field}: {}", posted.body);
        }
        let now: Value = app.get(&api_path).await.json().await.unwrap();
        assert_eq!((now["role"].as_str(), now["status"].as_str()), (Some("admin"), Some("active")));
    }
}

both_backends! {
    async fn the_people_and_token_forms_allow_exactly_whom_the_api_allows(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await["id"].as_str().unwrap().to_owned();
        let admin = app.session(Role::Admin).await;
        let coordinator = app.session(Role::Coordinator).await;
        let head = app.sign_in(app.user(Role::LabHead, Some(wuhan.clone()), UserStatus::Active)).await;
        let partner = app.sign_in(app.user(Role::Partner, Some(wuhan.clone()), UserStatus::Active)).await;
        let callers: [(&str, &Session); 4] = [("an administrator", &admin), ("a coordinator", &coordinator), ("a lab head", &head), ("a partner", &partner)];
        for (turn, (who, session)) in callers.into_iter().enumerate() {
            let api = |method: Method, path: &str| app.request_as(&session.access_token, method, path);
            let browser = Visitor::signed_in(&app, &session.user.email).await;
            let csrf = csrf_of(&browser.get(&format!("/console/institutions/{wuhan}")).await);
            let ok = |status: reqwest::StatusCode| status.is_success();

            // Listing accounts.
            let listed = ok(api(Method::GET, "/api/v1/users").send().await.unwrap().status());
            assert_eq!(browser.get("/console/people").await.status == 200, listed, "{who}: people");

            // Inviting, role by role: the form is offered to whoever may invite someone, and a
            // role the API refuses them is refused by the console.
            let form = browser.get("/console/people/new").await;
            let mut invites_any = false;
            for role in Role::ALL {
                let email = |via: &str| format!("{via}.{turn}.{}@example.org", role.as_str());
                let body = json!({"email": email("api"), "display_name": "Someone", "role": role.as_str(), "institution_id": wuhan});
                let by_api = ok(api(Method::POST, "/api/v1/invitations").json(&body).send().await.unwrap().status());
                invites_any |= by_api;
                let by_console = browser
                    .post_form("/console/people", &[("csrf", &csrf), ("email", &email("console")), ("display_name", "Someone"), ("role", role.as_str()), ("institution_id", &wuhan), ("language", "en")])
                    .await;
                assert_eq!(by_console.status == 303, by_api, "{who} invites a {role:?}: {}", by_console.status);
                assert!(by_api || by_console.status == 403, "{who}: {}", by_console.status);
                if form.status == 200 {
                    let offered = form.all(&format!("#role option[value={}]", role.as_str())).len() == 1;
                    assert_eq!(offered, by_api, "{who}: the form offers {role:?}");
                }
            }
            assert_eq!(form.status == 200, invites_any, "{who}: the invitation form");

            // Changing an account, and revoking an invitation (that same change).
            let target = app.user(Role::LabHead, Some(wuhan.clone()), UserStatus::Active);
            let target_path = format!("/api/v1/users/{}", target.id);
            let patch = api(Method::PATCH, &target_path).header("If-Match", "\"1\"").json(&json!({"display_name": "Changed by API"}));
            let changes = ok(patch.send().await.unwrap().status());
            let edit = browser.get(&format!("/console/people/{}/edit", target.id)).await;
            assert_eq!(edit.status == 200, changes, "{who}: the account form");
            let version = if changes { "2" } else { "1" };
            let saved = browser
                .post_form(&format!("/console/people/{}", target.id), &[("csrf", &csrf), ("version", version), ("display_name", "Changed by console"), ("role", "lab_head"), ("status", "active"), ("institution_id", &wuhan), ("language", "en")])
                .await;
            assert_eq!(saved.status == 303, changes, "{who}: saving an account: {}", saved.status);
            let (pending, by_api) = (app.user(Role::Partner, Some(wuhan.clone()), UserStatus::Invited), app.user(Role::Partner, Some(wuhan.clone()), UserStatus::Invited));
            let revokes = api(Method::PATCH, &format!("/api/v1/users/{}", by_api.id)).header("If-Match", "\"1\"").json(&json!({"status": "disabled"}));
            let revokes = ok(revokes.send().await.unwrap().status());
            let revoked = browser.post_form(&format!("/console/people/{}/revoke", pending.id), &[("csrf", &csrf), ("version", "1")]).await;
            assert_eq!(revoked.status == 303, revokes, "{who}: revoking an invitation: {}", revoked.status);
            assert!(revokes || revoked.status == 403, "{who}: {}", revoked.status);
            let people = browser.get("/console/people").await;
            if people.status == 200 {
                let row = row_of(&people, &by_api.email);
                assert_eq!(people.all(&format!("{row} a[href$='/edit']")).len() == 1, changes, "{who}: offered a change");
            }

            // Partner tokens of an institution.
            let tokens = ok(api(Method::GET, &format!("/api/v1/institutions/{wuhan}/partner-tokens")).send().await.unwrap().status());
            let page = browser.get(&format!("/console/institutions/{wuhan}")).await;
            assert_eq!(page.status, 200, "{who} reads the institution");
            assert_eq!(page.all(ISSUE).len() == 1, tokens, "{who}: the token form");
            let issued = browser
                .post_form(&format!("/console/institutions/{wuhan}/partner-tokens"), &[("csrf", &csrf), ("name", &format!("Sync {turn}"))])
                .await;
            assert_eq!(issued.status == 200, tokens, "{who}: issuing a token: {}", issued.status);
            assert!(tokens || issued.status == 403, "{who}: {}", issued.status);
            let by_api = api(Method::POST, &format!("/api/v1/institutions/{wuhan}/partner-tokens")).json(&json!({"name": "API sync"})).send().await.unwrap();
            assert_eq!(ok(by_api.status()), tokens, "{who}");
            if tokens {
                let issued: Value = by_api.json().await.unwrap();
                let revoked = browser.post_form(&format!("/console/partner-tokens/{}/revoke", issued["id"].as_str().unwrap()), &[("csrf", &csrf)]).await;
                assert_eq!(revoked.status, 303, "{who}: {}", revoked.body);
            }
        }
        // What was refused wrote nothing: only the administrator's and the coordinator's invitations.
        let listed: Value = app.get("/api/v1/users?q=console.&limit=100").await.json().await.unwrap();
        let mut emails: Vec<String> = listed["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap().to_owned()).collect();
        emails.sort();
        assert_eq!(emails, ["console.0.admin@example.org", "console.0.coordinator@example.org", "console.0.lab_head@example.org", "console.0.partner@example.org", "console.1.lab_head@example.org", "console.1.partner@example.org"]);
    }
}

both_backends! {
    async fn a_partner_token_issued_in_the_console_is_shown_once_works_and_stops_when_revoked(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await["id"].as_str().unwrap().to_owned();
        let (admin, _) = administrator(&app).await;
        let path = format!("/console/institutions/{wuhan}");
        let page = admin.get(&path).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.text_of("#partner-tokens"), "Partner API tokens");

        // A day already over is refused, as the API refuses it, and nothing is issued.
        let past = admin.submit(&page, ISSUE, &[("name", "WHU nightly sync"), ("expires_at", "2020-01-01")]).await;
        assert_eq!(past.status, 422, "{}", past.body);
        assert_eq!(past.text_of("#expires_at-problem"), "Choose a day that has not ended yet.");
        assert!(tokens_of(&app, &wuhan).await.is_empty());

        let issued = admin.submit(&past, ISSUE, &[("expires_at", "2099-12-31")]).await;
        assert_eq!(issued.status, 200, "{}", issued.body);
        assert_eq!(issued.headers.get("cache-control").unwrap(), "no-store");
        assert!(issued.text_of("#partner-token-warning").contains("shown only this once"));
        assert_eq!(issued.one("button[data-copy=partner-token]").value().attr("type"), Some("button"));
        let secret = issued.one("input#partner-token").value().attr("value").unwrap().to_owned();
        assert!(secret.starts_with("jrp_"), "{secret}");
        let tokens = tokens_of(&app, &wuhan).await;
        assert_eq!(tokens.len(), 1);
        assert_eq!((tokens[0]["name"].as_str(), tokens[0]["expires_at"].as_str()), (Some("WHU nightly sync"), Some("2099-12-31T23:59:59Z")));
        assert!(tokens[0].get("token").is_none());

        // Sent again, the same form issues nothing more, and the secret is not shown again.
        let again = admin.submit(&past, ISSUE, &[("expires_at", "2099-12-31")]).await;
        assert_eq!(again.status, 200, "{}", again.body);
        assert!(again.all("input#partner-token").is_empty() && !again.body.contains(&secret));
        assert!(again.body.contains("its token was shown then"));
        assert_eq!(tokens_of(&app, &wuhan).await.len(), 1);

        // The token is a partner's bearer credential; its use shows on the page.
        let page = admin.get(&path).await;
        let row = format!("tr#partner-token-{}", tokens[0]["id"].as_str().unwrap());
        assert_eq!(page.text_of(&format!("{row} td.last-used")), "Never used");
        let read = app.request_as(&secret, Method::GET, &format!("/api/v1/institutions/{wuhan}")).send().await.unwrap();
        assert_eq!(read.status(), 200);
        let write = app.request_as(&secret, Method::POST, "/api/v1/institutions").json(&wuhan_university()).send().await.unwrap();
        assert_eq!(write.status(), 403, "read-only");
        let page = admin.get(&path).await;
        let last_used = page.text_of(&format!("{row} td.last-used"));
        assert!(last_used.ends_with("UTC") && last_used != "Never used", "{last_used}");
        assert!(!page.body.contains(&secret), "the page never shows the secret");

        let revoked = admin.submit(&page, &format!("{row} form"), &[]).await;
        assert_eq!(revoked.status, 303, "{}", revoked.body);
        assert_eq!(revoked.location().unwrap(), format!("{path}#partner-tokens"));
        let refused = app.request_as(&secret, Method::GET, &format!("/api/v1/institutions/{wuhan}")).send().await.unwrap();
        assert_eq!(refused.status(), 401);
        assert!(tokens_of(&app, &wuhan).await[0]["revoked_at"].is_string());
        let page = admin.follow(&revoked).await;
        assert!(page.text_of(&row).contains("Revoked"));
        assert!(page.all(&format!("{row} form")).is_empty());
    }
}

both_backends! {
    #[requires(Browser)]
    async fn an_administrator_invites_and_issues_a_token_by_keyboard_on_accessible_pages(backend) {
        let app = TestApp::spawn(backend).await;
        let wuhan = app.create_institution(&wuhan_university()).await["id"].as_str().unwrap().to_owned();
        let someone = app.user(Role::LabHead, Some(wuhan.clone()), UserStatus::Active);
        let admin = app.user(Role::Admin, None, UserStatus::Active);
        let browser = Browser::start().await;
        browser.goto(&app.url("/console/sign-in")).await;
        browser.fill("#email", &admin.email).await;
        browser.fill("#password", PASSWORD).await;
        browser.submit("form[action='/console/sign-in']").await;
        browser.wait_for("main h1").await;

        // Every page of these forms: axe clean, and Tab reaches the first field.
        let pages = [
            ("/console/people".to_owned(), "table.people", "people-q"),
            ("/console/people/new".to_owned(), INVITE, "email"),
            (format!("/console/people/{}/edit", someone.id), PERSON, "display_name"),
            (format!("/console/people/{}/edit", admin.id), PERSON, "display_name"),
            (format!("/console/institutions/{wuhan}"), ISSUE, "name"),
        ];
        for (path, form, first_field) in pages {
            browser.goto(&app.url(&path)).await;
            browser.wait_for(form).await;
            let violations = browser.axe().await;
            assert!(violations.is_empty(), "{path}: {}", report(&violations));
            browser.tab_to(first_field).await;
        }

        // Invite by keyboard: the institution found by typing its name (htmx fills the select).
        browser.goto(&app.url("/console/people/new")).await;
        browser.wait_for(INVITE).await;
        browser.tab_to("email").await;
        browser.keys(&["li.wei@whu.edu.cn", KEY_TAB, "Li Wei", KEY_TAB].concat()).await;
        assert_eq!(browser.focused_id().await, "role");
        browser.keys("l").await;
        browser.tab_to("institution_id-q").await;
        browser.keys("武汉").await;
        browser.wait_for(&format!("#institution_id option[value='{wuhan}'][selected]")).await;
        browser.tab_to("language").await;
        browser.keys(&[KEY_DOWN, KEY_DOWN, KEY_TAB].concat()).await;
        let form = browser.find(":root").await;
        browser.keys(KEY_ENTER).await;
        browser.wait_until_gone(&form, "the invitation form after Enter").await;
        browser.wait_for("p.notice").await;
        assert_accessible(&browser.axe().await);
        let invited = account(&app, "li.wei@whu.edu.cn").await;
        assert_eq!((invited["role"].as_str(), invited["language"].as_str()), (Some("lab_head"), Some("zh")));
        assert_eq!(invited["institution_id"].as_str(), Some(wuhan.as_str()));
        app.wait_for_mail("li.wei@whu.edu.cn", 1).await;

        // Issue a token by keyboard; the copy button is there once the script runs.
        browser.goto(&app.url(&format!("/console/institutions/{wuhan}"))).await;
        browser.wait_for(ISSUE).await;
        browser.tab_to("name").await;
        let form = browser.find(":root").await;
        browser.keys(&["WHU nightly sync", KEY_ENTER].concat()).await;
        browser.wait_until_gone(&form, "the token form after Enter").await;
        browser.wait_for("button[data-copy]:not([hidden])").await;
        assert_accessible(&browser.axe().await);
        let secret = browser.find("#partner-token").await.prop("value").await.unwrap().unwrap_or_default();
        assert!(secret.starts_with("jrp_"), "{secret}");
        browser.tab_to("partner-token").await;
        browser.keys(&[KEY_TAB, KEY_ENTER].concat()).await;
        let mut said = String::new();
        for _ in 0..100 {
            said = browser.text("#partner-token-copy-status").await;
            if !said.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(said, "Copied.");
        let read = app.request_as(&secret, Method::GET, "/api/v1/institutions").send().await.unwrap();
        assert_eq!(read.status(), 200);
    }
}
