//! The console's account pages as a person's browser uses them: accepting an invitation and
//! resetting a password from the links in the mail (in the person's language), my account with
//! its password change and "sign out everywhere", forms refused without their CSRF token, and the
//! language switcher that also chooses the language of one's mail.

use jointreg::domain::role::{Role, UserStatus};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::browser::{Browser, assert_accessible};
use crate::helpers::console::{Page, Visitor};
use crate::helpers::{Backend, PASSWORD, TestApp, assert_problem, error_fields};
use crate::{api_test, both_backends};

const NEW_PASSWORD: &str = "a brand new passphrase for jointreg";
const SESSION: &str = "jointreg_session";

/// The console path of the link in `body` that starts with `prefix` (after the public URL).
fn link_in(app: &TestApp, body: &str, prefix: &str) -> String {
    let start = format!("{}{prefix}", app.settings.mail.public_url);
    let line = body
        .lines()
        .find(|line| line.starts_with(&start))
        .unwrap_or_else(|| panic!("no line starting {start} in the message:\n{body}"));
    line[app.settings.mail.public_url.len()..].to_owned()
}

async fn invite(app: &TestApp, body: &Value) -> reqwest::Response {
    app.post_json("/api/v1/invitations", body).await
}

async fn api_login(app: &TestApp, email: &str, password: &str) -> StatusCode {
    app.anonymous
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

async fn api_refresh(app: &TestApp, refresh_token: &str) -> StatusCode {
    app.anonymous
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({"refresh_token": refresh_token}))
        .send()
        .await
        .unwrap()
        .status()
}

async fn user_json(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/api/v1/users/{id}")).await.json().await.unwrap()
}

async fn history(app: &TestApp, id: &str) -> Vec<Value> {
    let page: Value = app.get(&format!("/api/v1/users/{id}/history")).await.json().await.unwrap();
    page["items"].as_array().unwrap().clone()
}

/// `page` is a 303 to the sign-in page (what a console page answers without a live session).
fn asks_to_sign_in(page: &Page) -> bool {
    page.status == StatusCode::SEE_OTHER && page.location().is_some_and(|l| l.starts_with("/console/sign-in?next="))
}

/// A visitor reading `accept_language`, signed in through the console's form.
async fn signed_in_as(app: &TestApp, accept_language: &str, email: &str) -> Visitor {
    let visitor = Visitor::new(app, accept_language);
    let answer = visitor.sign_in(email, PASSWORD).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    visitor
}

both_backends! {
    async fn an_invitation_in_russian_is_accepted_on_the_console_page_it_links_to(backend) {
        let app = TestApp::spawn(backend).await;
        let email = "i.sokolova@susu.example.ru";
        let body = json!({"email": email, "display_name": "Ирина Соколова", "role": "coordinator", "language": "ru"});
        let response = invite(&app, &body).await;
        assert_eq!(response.status(), 201);
        let user: Value = response.json().await.unwrap();
        assert_eq!(user["language"], "ru");
        let id = user["id"].as_str().unwrap().to_owned();

        let mail = app.wait_for_mail(email, 1).await;
        assert_eq!(mail[0].subject, "Приглашение в jointreg");
        assert!(mail[0].body.starts_with("Здравствуйте, Ирина Соколова!"), "{}", mail[0].body);
        assert!(mail[0].body.contains("Ваша роль: Координатор."), "{}", mail[0].body);
        assert!(!mail[0].body.contains("/api/"), "nobody is asked to call the API: {}", mail[0].body);
        let link = link_in(&app, &mail[0].body, "/console/invitation?token=jro_");

        let visitor = Visitor::new(&app, "ru");
        let form = visitor.get(&link).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        assert_eq!(form.lang(), "ru");
        assert_eq!(form.text_of("h1"), "Принятие приглашения");
        assert_eq!(form.one("input#email").value().attr("value"), Some(email));
        assert_eq!(form.headers["referrer-policy"], "no-referrer", "the token in the URL goes nowhere else");
        let form_selector = "form[action='/console/invitation']";
        // The same page in a second tab, sent after the first has accepted.
        let second_tab = Visitor::new(&app, "ru");
        let late_form = second_tab.get(&link).await;

        // Too short: the message is at the field, and nothing changes.
        let short = visitor.submit(&form, form_selector, &[("new_password", "короткий"), ("repeat_password", "короткий")]).await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(short.text_of("#new-password-problem"), "Пароль должен содержать не менее 12 символов.");
        let field = short.one("input#new-password");
        assert_eq!(field.value().attr("aria-invalid"), Some("true"));
        assert_eq!(field.value().attr("aria-describedby"), Some("new-password-hint new-password-problem"));
        assert_eq!(short.one("#form-problems a").value().attr("href"), Some("#new-password"));
        assert_eq!(user_json(&app, &id).await["status"], "invited", "nothing changed");
        assert_eq!(history(&app, &id).await.len(), 2, "create and invite only");

        let mismatch = visitor.submit(&short, form_selector, &[("new_password", NEW_PASSWORD), ("repeat_password", "something else entirely")]).await;
        assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(mismatch.text_of("#repeat-password-problem"), "Пароли не совпадают.");

        let accepted = visitor.submit(&form, form_selector, &[("new_password", NEW_PASSWORD), ("repeat_password", NEW_PASSWORD)]).await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
        assert_eq!(accepted.location().as_deref(), Some("/console/sign-in?done=invitation"));
        let sign_in = visitor.follow(&accepted).await;
        assert_eq!(sign_in.text_of(".notice"), "Учётная запись активирована. Теперь вы можете войти.");
        assert_eq!(visitor.sign_in(email, NEW_PASSWORD).await.status, StatusCode::SEE_OTHER);
        assert_eq!(user_json(&app, &id).await["status"], "active");

        // The same link again: a clear message, no form, and never a 500.
        let again = Visitor::new(&app, "ru").get(&link).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.text_of(".problem").starts_with("Срок действия приглашения истёк"), "{}", again.body);
        assert!(again.all(form_selector).is_empty());
        let resent = second_tab.submit(&late_form, form_selector, &[("new_password", NEW_PASSWORD), ("repeat_password", NEW_PASSWORD)]).await;
        assert_eq!(resent.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(resent.text_of(".problem").starts_with("Срок действия приглашения истёк"));
    }

    async fn the_invitation_api_takes_a_valid_language_and_administrators_change_it(backend) {
        let app = TestApp::spawn(backend).await;
        let wrong = invite(&app, &json!({"email": "x@example.org", "display_name": "X", "role": "coordinator", "language": "de"})).await;
        assert_eq!(error_fields(&assert_problem(wrong, 422).await), ["language"]);

        let default = invite(&app, &json!({"email": "x@example.org", "display_name": "X", "role": "coordinator"})).await;
        let user: Value = default.json().await.unwrap();
        assert_eq!(user["language"], "en", "English unless told otherwise");
        assert_eq!(app.wait_for_mail("x@example.org", 1).await[0].subject, "Your invitation to jointreg");

        // Invited again in Chinese: the account's language, and this mail's, from now on.
        let again = invite(&app, &json!({"email": "x@example.org", "display_name": "X", "role": "coordinator", "language": "zh"})).await;
        assert_eq!(again.status(), 200);
        assert_eq!(again.json::<Value>().await.unwrap()["language"], "zh");
        assert_eq!(app.wait_for_mail("x@example.org", 2).await[1].subject, "jointreg 邀请");

        let path = format!("/api/v1/users/{}", user["id"].as_str().unwrap());
        let bad = app.patch_current(&app.admin.access_token, &path, &json!({"language": "fr"})).await;
        assert_eq!(error_fields(&assert_problem(bad, 422).await), ["language"]);
        let changed = app.patch_current(&app.admin.access_token, &path, &json!({"language": "ru"})).await;
        assert_eq!(changed.status(), 200);
        assert_eq!(changed.json::<Value>().await.unwrap()["language"], "ru");
        let entries = history(&app, user["id"].as_str().unwrap()).await;
        assert_eq!(entries[0]["changes"], json!({"language": {"before": "zh", "after": "ru"}}));
    }

    async fn a_forgotten_password_is_reset_through_the_console(backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.session(Role::Coordinator).await;
        let email = session.user.email.clone();
        let visitor = Visitor::new(&app, "en");

        let page = visitor.get("/console/password-reset").await;
        assert_eq!(page.status, StatusCode::OK);
        let selector = "form[action='/console/password-reset']";
        let unknown = visitor.submit(&page, selector, &[("email", "nobody@example.org")]).await;
        let known = visitor.submit(&page, selector, &[("email", &email)]).await;
        let malformed = visitor.submit(&page, selector, &[("email", "not\u{0}an address")]).await;
        for answer in [&unknown, &known, &malformed] {
            assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
            assert_eq!(answer.location().as_deref(), Some("/console/password-reset?sent"), "one answer for all");
        }
        let sent = visitor.follow(&known).await;
        assert!(sent.text_of(".notice").starts_with("If an account with this address exists"), "{}", sent.body);

        let mail = app.wait_for_mail(&email, 1).await;
        assert_eq!(mail[0].subject, "Reset your jointreg password");
        assert!(app.sent_mail().iter().all(|m| m.to != "nobody@example.org"));
        let link = link_in(&app, &mail[0].body, "/console/password-reset/confirm?token=jro_");

        let form = visitor.get(&link).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        assert_eq!(form.one("input#email").value().attr("value"), Some(email.as_str()));
        let selector = "form[action='/console/password-reset/confirm']";
        let done = visitor.submit(&form, selector, &[("new_password", NEW_PASSWORD), ("repeat_password", NEW_PASSWORD)]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(done.location().as_deref(), Some("/console/sign-in?done=password-reset"));
        assert!(visitor.follow(&done).await.text_of(".notice").starts_with("Your password has been changed."));

        assert_eq!(api_refresh(&app, &session.refresh_token).await, StatusCode::UNAUTHORIZED, "old sessions ended");
        assert_eq!(api_login(&app, &email, PASSWORD).await, StatusCode::UNAUTHORIZED);
        assert_eq!(visitor.sign_in(&email, NEW_PASSWORD).await.status, StatusCode::SEE_OTHER);

        let again = visitor.get(&link).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.text_of(".problem").starts_with("This link has expired"), "{}", again.body);
        assert!(again.links().contains(&"/console/password-reset".to_owned()), "a way to ask for a new one");
    }

    async fn my_account_shows_who_i_am_and_a_password_change_ends_every_session(backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.session(Role::LabHead).await;
        let email = session.user.email.clone();
        let visitor = Visitor::signed_in(&app, &email).await;
        let other_browser = Visitor::signed_in(&app, &email).await;

        let page = visitor.get("/console/account").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let details = page.text_of("dl.details");
        for shown in ["Test lab_head", email.as_str(), "Laboratory head", "Institution of a lab_head", "English"] {
            assert!(details.contains(shown), "{shown} in {details}");
        }
        let cookie = visitor.cookie(SESSION).expect("a session cookie");
        let other_page = other_browser.get("/console/account").await;

        let selector = "form[action='/console/account/password']";
        let wrong = visitor
            .submit(&page, selector, &[("current_password", "not my password at all"), ("new_password", NEW_PASSWORD), ("repeat_password", NEW_PASSWORD)])
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(wrong.text_of("#current-password-problem"), "The current password is wrong.");
        assert_eq!(wrong.one("input#current-password").value().attr("aria-invalid"), Some("true"));
        assert_eq!(api_login(&app, &email, PASSWORD).await, StatusCode::OK, "unchanged");

        let changed = visitor
            .submit(&page, selector, &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD), ("repeat_password", NEW_PASSWORD)])
            .await;
        assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
        assert_eq!(changed.location().as_deref(), Some("/console/sign-in?done=password-change"));
        assert_eq!(visitor.cookie(SESSION), None, "the cookie is cleared");
        assert!(visitor.follow(&changed).await.text_of(".notice").contains("signed out everywhere"));

        let copied = Visitor::with_cookie(&app, "en", SESSION, &cookie);
        assert!(asks_to_sign_in(&copied.get("/console/account").await), "the old cookie opens nothing");
        assert!(asks_to_sign_in(&other_browser.get("/console/account").await), "nor another browser's session");
        let late = other_browser.submit(&other_page, "form[action='/console/account/sign-out-everywhere']", &[]).await;
        assert_eq!(late.location().as_deref(), Some("/console/sign-in?next=%2Fconsole%2Faccount"), "back to the page, not the form");
        assert_eq!(api_refresh(&app, &session.refresh_token).await, StatusCode::UNAUTHORIZED, "nor the API's");
        assert_eq!(api_login(&app, &email, NEW_PASSWORD).await, StatusCode::OK);
    }

    async fn the_account_page_stops_password_guesses_as_the_sign_in_page_does(backend) {
        let app = TestApp::spawn_with(backend, |s| s.auth.login_failures_per_identifier = 2).await;
        let session = app.session(Role::Coordinator).await;
        let visitor = Visitor::signed_in(&app, &session.user.email).await;
        let page = visitor.get("/console/account").await;
        let selector = "form[action='/console/account/password']";
        let fields = |current| [("current_password", current), ("new_password", NEW_PASSWORD), ("repeat_password", NEW_PASSWORD)];
        for _ in 0..2 {
            assert_eq!(visitor.submit(&page, selector, &fields("not my password at all")).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let blocked = visitor.submit(&page, selector, &fields(PASSWORD)).await;
        assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS, "{}", blocked.body);
        assert!(blocked.body.contains("Too many failed attempts. Try again in 15 minutes."), "{}", blocked.body);
        assert_eq!(api_login(&app, &session.user.email, NEW_PASSWORD).await, StatusCode::TOO_MANY_REQUESTS, "unchanged, and waiting");
        assert_eq!(visitor.get("/console/account").await.status, StatusCode::OK, "still signed in");
    }

    async fn signing_out_everywhere_ends_the_api_sessions_and_other_browsers_too(backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.session(Role::Coordinator).await;
        let visitor = Visitor::signed_in(&app, &session.user.email).await;
        let other_browser = Visitor::signed_in(&app, &session.user.email).await;

        let page = visitor.get("/console/account").await;
        let out = visitor.submit(&page, "form[action='/console/account/sign-out-everywhere']", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", out.body);
        assert_eq!(out.location().as_deref(), Some("/console/sign-in?done=signed-out-everywhere"));
        assert_eq!(visitor.cookie(SESSION), None);
        assert!(visitor.follow(&out).await.text_of(".notice").starts_with("You have been signed out everywhere."));

        assert!(asks_to_sign_in(&other_browser.get("/console/account").await));
        assert_eq!(api_refresh(&app, &session.refresh_token).await, StatusCode::UNAUTHORIZED);
        let me = app.request_as(&session.access_token, Method::GET, "/api/v1/me").send().await.unwrap();
        assert_problem(me, 401).await;
        let actions: Vec<String> = history(&app, &session.user.id).await.iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect();
        assert_eq!(actions.first().map(String::as_str), Some("sign_out_everywhere"));
    }

    async fn account_forms_without_their_csrf_token_are_refused_and_change_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.user(Role::Coordinator, None, UserStatus::Active);
        let visitor = Visitor::signed_in(&app, &user.email).await;
        let stranger = Visitor::signed_in(&app, &app.user(Role::Coordinator, None, UserStatus::Active).email).await;
        let strangers_token = stranger.get("/console/account").await.one("input[name=csrf]").value().attr("value").unwrap().to_owned();

        let fields = [("current_password", PASSWORD), ("new_password", NEW_PASSWORD), ("repeat_password", NEW_PASSWORD)];
        for csrf in [None, Some(""), Some("0123abcd"), Some(strangers_token.as_str())] {
            let mut sent = fields.to_vec();
            sent.extend(csrf.map(|token| ("csrf", token)));
            let refused = visitor.post_form("/console/account/password", &sent).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "csrf {csrf:?}: {}", refused.body);
            assert_eq!(refused.text_of("h1"), "Page expired");
            let out = visitor.post_form("/console/account/sign-out-everywhere", &csrf.map(|t| vec![("csrf", t)]).unwrap_or_default()).await;
            assert_eq!(out.status, StatusCode::FORBIDDEN, "csrf {csrf:?}");
        }
        assert_eq!(api_login(&app, &user.email, PASSWORD).await, StatusCode::OK, "the password is unchanged");
        assert_eq!(visitor.get("/console/account").await.status, StatusCode::OK, "still signed in");
        assert!(history(&app, &user.id).await.iter().all(|e| e["action"] == "create"), "nothing recorded");

        // Before signing in, the forms are bound to the browser's own form cookie.
        let invited = invite(&app, &json!({"email": "new@example.org", "display_name": "New", "role": "coordinator"})).await;
        let invited: Value = invited.json().await.unwrap();
        let link = link_in(&app, &app.wait_for_mail("new@example.org", 1).await[0].body, "/console/invitation?token=");
        let token = link.split("token=").nth(1).unwrap().to_owned();
        let anonymous = Visitor::new(&app, "en");
        anonymous.get(&link).await;
        let refused = anonymous
            .post_form("/console/invitation", &[("token", &token), ("new_password", NEW_PASSWORD), ("repeat_password", NEW_PASSWORD)])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(user_json(&app, invited["id"].as_str().unwrap()).await["status"], "invited");
    }

    async fn the_language_switcher_stores_the_language_that_later_mail_is_written_in(backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.user(Role::Coordinator, None, UserStatus::Active);
        let visitor = Visitor::signed_in(&app, &user.email).await;

        let switched = visitor.get("/console/language/zh?back=%2Fconsole%2Faccount").await;
        assert_eq!(switched.status, StatusCode::SEE_OTHER);
        assert_eq!(switched.location().as_deref(), Some("/console/account"));
        let page = visitor.follow(&switched).await;
        assert_eq!(page.lang(), "zh-Hans");
        assert!(page.text_of("dl.details").contains("中文"), "{}", page.body);
        assert_eq!(user_json(&app, &user.id).await["language"], "zh");
        let entries = history(&app, &user.id).await;
        assert_eq!(entries[0]["action"], "update");
        assert_eq!(entries[0]["actor_id"], json!(user.id), "the person's own change");
        assert_eq!(entries[0]["changes"], json!({"language": {"before": "en", "after": "zh"}}));

        // The same choice again writes nothing; a visitor without a session only gets the cookie.
        visitor.get("/console/language/zh").await;
        assert_eq!(history(&app, &user.id).await.len(), entries.len());
        let anonymous = Visitor::new(&app, "en").get("/console/language/ru").await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);

        let reset = app.anonymous.post(app.url("/api/v1/auth/password-reset")).json(&json!({"email": user.email})).send().await.unwrap();
        assert_eq!(reset.status(), 202);
        let mail = app.wait_for_mail(&user.email, 1).await;
        assert_eq!(mail[0].subject, "重置 jointreg 密码");
        assert!(mail[0].body.contains("1小时内有效"), "{}", mail[0].body);
    }

    async fn the_account_pages_speak_english_russian_and_chinese(backend) {
        let app = TestApp::spawn(backend).await;
        let invited = invite(&app, &json!({"email": "new@example.org", "display_name": "New", "role": "coordinator"})).await;
        assert_eq!(invited.status(), 201);
        let link = link_in(&app, &app.wait_for_mail("new@example.org", 1).await[0].body, "/console/invitation?token=");
        let user = app.user(Role::Coordinator, None, UserStatus::Active);

        let languages = [
            ("en", "en", ["Accept your invitation", "Reset your password", "Choose a new password", "My account", "Your account is active. You can now sign in."]),
            ("ru-RU,ru;q=0.9", "ru", ["Принятие приглашения", "Сброс пароля", "Выберите новый пароль", "Личный кабинет", "Учётная запись активирована. Теперь вы можете войти."]),
            ("zh-CN,zh;q=0.9", "zh-Hans", ["接受邀请", "重置密码", "设置新密码", "我的账户", "您的账户已激活，现在可以登录。"]),
        ];
        for (accept, html_lang, [invitation, reset, choose, account, accepted]) in languages {
            let visitor = Visitor::new(&app, accept);
            let pages = [
                ("invitation", visitor.get(&link).await, StatusCode::OK, invitation),
                ("reset request", visitor.get("/console/password-reset").await, StatusCode::OK, reset),
                ("reset with a bad link", visitor.get("/console/password-reset/confirm?token=jro_nonsense").await, StatusCode::UNPROCESSABLE_ENTITY, choose),
                ("invitation without a token", visitor.get("/console/invitation").await, StatusCode::UNPROCESSABLE_ENTITY, invitation),
            ];
            for (what, page, status, title) in pages {
                assert_eq!(page.status, status, "{what} in {accept}: {}", page.body);
                assert_eq!(page.lang(), html_lang, "{what}");
                assert_eq!(page.all("h1").len(), 1, "{what}");
                assert_eq!(page.text_of("h1"), title, "{what} in {accept}");
                for input in page.all("input:not([type=hidden])") {
                    let id = input.value().attr("id").unwrap_or_else(|| panic!("{what}: an input without an id"));
                    let hidden = input.value().attr("hidden").is_some();
                    assert!(hidden || !page.all(&format!("label[for='{id}']")).is_empty(), "{what}: {id} has no label");
                }
            }
            let notice = visitor.get("/console/sign-in?done=invitation").await;
            assert_eq!(notice.text_of(".notice"), accepted);
            assert!(visitor.get("/console/sign-in?done=%3Cscript%3E").await.all(".notice").is_empty(), "only known notices");

            let member = signed_in_as(&app, accept, &user.email).await;
            let page = member.get("/console/account").await;
            assert_eq!((page.status, page.lang()), (StatusCode::OK, html_lang.to_owned()));
            assert_eq!(page.text_of("h1"), account);
            assert_eq!(page.all("h1").len(), 1);
            for (field, autocomplete) in [("current-password", "current-password"), ("new-password", "new-password"), ("repeat-password", "new-password")] {
                assert_eq!(page.one(&format!("input#{field}")).value().attr("autocomplete"), Some(autocomplete));
                assert!(!page.all(&format!("label[for='{field}']")).is_empty());
            }
        }
        // Anyone else is asked to sign in, and comes back here.
        let anonymous = Visitor::new(&app, "en").get("/console/account").await;
        assert_eq!(anonymous.location().as_deref(), Some("/console/sign-in?next=%2Fconsole%2Faccount"));
    }
}

api_test! {
    /// In Chromium with JavaScript off, a person accepts an invitation, signs in and changes
    /// their password: plain forms and 303s all the way. Then axe (a script, so in a browser
    /// with JavaScript) finds nothing serious on the pages, with their problems shown.
    #[requires(Browser)]
    async fn in_chromium_the_account_pages_work_without_javascript_and_pass_axe() {
        let app = TestApp::spawn(Backend::Sqlite).await;
        let email = "anna.volkova@registry.example.org";
        let invited = invite(&app, &json!({"email": email, "display_name": "Anna Volkova", "role": "coordinator"})).await;
        assert_eq!(invited.status(), 201);
        let link = link_in(&app, &app.wait_for_mail(email, 1).await[0].body, "/console/invitation?token=");

        let browser = Browser::start_without_javascript().await;
        browser.goto(&app.url(&link)).await;
        // Long enough for the browser's own check, refused by the server's.
        browser.fill("#new-password", "password1234").await;
        browser.fill("#repeat-password", "password1234").await;
        browser.submit("form[action='/console/invitation']").await;
        assert_eq!(browser.text("#new-password-problem").await, "This password is too common. Choose another one.");
        browser.fill("#new-password", NEW_PASSWORD).await;
        browser.fill("#repeat-password", NEW_PASSWORD).await;
        browser.submit("form[action='/console/invitation']").await;
        assert_eq!(browser.current_url().await.path(), "/console/sign-in");
        assert_eq!(browser.text(".notice").await, "Your account is active. You can now sign in.");

        browser.fill("#email", email).await;
        browser.fill("#password", NEW_PASSWORD).await;
        browser.submit("form[action='/console/sign-in']").await;
        browser.goto(&app.url("/console/account")).await;
        assert_eq!(browser.text("h1").await, "My account");
        browser.fill("#current-password", NEW_PASSWORD).await;
        browser.fill("#new-password", "yet another long passphrase").await;
        browser.fill("#repeat-password", "yet another long passphrase").await;
        browser.submit("form[action='/console/account/password']").await;
        assert_eq!(browser.current_url().await.path(), "/console/sign-in");
        assert!(browser.text(".notice").await.contains("signed out everywhere"));
        assert_eq!(api_login(&app, email, "yet another long passphrase").await, StatusCode::OK);

        let checker = Browser::start_in("ru").await;
        let second = "li.wei@whu.example.cn";
        let invited = invite(&app, &json!({"email": second, "display_name": "Li Wei", "role": "coordinator"})).await;
        assert_eq!(invited.status(), 201);
        let link = link_in(&app, &app.wait_for_mail(second, 1).await[0].body, "/console/invitation?token=");
        checker.goto(&app.url(&link)).await;
        checker.fill("#new-password", NEW_PASSWORD).await;
        checker.fill("#repeat-password", "не тот же самый пароль").await;
        checker.submit("form[action='/console/invitation']").await;
        assert_eq!(checker.text("#repeat-password-problem").await, "Пароли не совпадают.");
        assert_accessible(&checker.axe().await);
        for path in ["/console/password-reset", "/console/password-reset/confirm?token=jro_expired", "/console/sign-in?done=password-change"] {
            checker.goto(&app.url(path)).await;
            assert_accessible(&checker.axe().await);
        }
        checker.goto(&app.url("/console/sign-in")).await;
        checker.fill("#email", email).await;
        checker.fill("#password", "yet another long passphrase").await;
        checker.submit("form[action='/console/sign-in']").await;
        checker.goto(&app.url("/console/account")).await;
        checker.fill("#current-password", "not the current one").await;
        checker.fill("#new-password", NEW_PASSWORD).await;
        checker.fill("#repeat-password", NEW_PASSWORD).await;
        checker.submit("form[action='/console/account/password']").await;
        assert_eq!(checker.text("#current-password-problem").await, "Текущий пароль указан неверно.");
        assert_accessible(&checker.axe().await);
    }
}
