//! Invitations, password resets, one's own password, and account administration.

use diesel::connection::SimpleConnection;
use jointreg::domain::role::{Role, UserStatus};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::{PASSWORD, TestApp, assert_problem, error_fields, mailed_token};

const NEW_PASSWORD: &str = "a brand new passphrase for jointreg";

async fn invite(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.request_as(token, Method::POST, "/api/v1/invitations").json(body).send().await.unwrap()
}

async fn login_status(app: &TestApp, email: &str, password: &str) -> u16 {
    app.anonymous
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

both_backends! {
    async fn an_invited_lab_head_accepts_by_mail_and_signs_in(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = app.session(Role::Coordinator).await;
        let institution = app.create_institution(&crate::helpers::wuhan_university()).await;
        let body = json!({"email": "Li.Wei@whu.edu.cn", "display_name": "Li Wei", "role": "lab_head", "institution_id": institution["id"]});

        let response = invite(&app, &coordinator.access_token, &body).await;

        assert_eq!(response.status(), 201);
        let user: Value = response.json().await.unwrap();
        assert_eq!(user["status"], "invited");
        assert_eq!(login_status(&app, "li.wei@whu.edu.cn", PASSWORD).await, 401, "no password yet");
        let mail = app.wait_for_mail("Li.Wei@whu.edu.cn", 1).await;
        let token = mailed_token(&mail[0].body);

        let weak = app.anonymous.post(app.url("/api/v1/auth/invitations/accept")).json(&json!({"token": token, "password": "password1234"})).send().await.unwrap();
        assert_eq!(error_fields(&assert_problem(weak, 422).await), ["password"]);
        let accepted = app.anonymous.post(app.url("/api/v1/auth/invitations/accept")).json(&json!({"token": token, "password": NEW_PASSWORD})).send().await.unwrap();
        assert_eq!(accepted.status(), 204);
        let again = app.anonymous.post(app.url("/api/v1/auth/invitations/accept")).json(&json!({"token": token, "password": NEW_PASSWORD})).send().await.unwrap();
        assert_eq!(error_fields(&assert_problem(again, 422).await), ["token"], "single use");
        assert_eq!(login_status(&app, "li.wei@whu.edu.cn", NEW_PASSWORD).await, 200);

        let history: Value = app.get(&format!("/api/v1/users/{}/history", user["id"].as_str().unwrap())).await.json().await.unwrap();
        let actions: Vec<&str> = history["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, ["activate", "invite", "create"]);
        assert_eq!(history["items"][2]["actor_id"], json!(coordinator.user.id));
    }

    async fn who_may_invite_whom(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = app.session(Role::Coordinator).await;
        let lab_head = app.session(Role::LabHead).await;
        let staff = |role: &str| json!({"email": format!("{role}@example.org"), "display_name": "X", "role": role});

        assert_problem(invite(&app, &coordinator.access_token, &staff("admin")).await, 403).await;
        assert_problem(invite(&app, &coordinator.access_token, &staff("coordinator")).await, 403).await;
        assert_problem(invite(&app, &lab_head.access_token, &staff("partner")).await, 403).await;
        assert_eq!(invite(&app, &app.admin.access_token, &staff("coordinator")).await.status(), 201);
        let missing = invite(&app, &coordinator.access_token, &staff("partner")).await;
        assert_eq!(error_fields(&assert_problem(missing, 422).await), ["institution_id"]);
        let taken = invite(&app, &app.admin.access_token, &json!({"email": app.admin.user.email, "display_name": "X", "role": "admin"})).await;
        assert_problem(taken, 409).await;
    }

    async fn an_expired_invitation_does_not_work_and_a_new_one_replaces_it(backend) {
        let app = TestApp::spawn(backend).await;
        let body = json!({"email": "late@example.org", "display_name": "Late", "role": "coordinator"});
        assert_eq!(invite(&app, &app.admin.access_token, &body).await.status(), 201);
        let first = mailed_token(&app.wait_for_mail("late@example.org", 1).await[0].body);
        app.database.connect().batch_execute("UPDATE one_time_tokens SET expires_at = '2000-01-01 00:00:00'").unwrap();

        let expired = app.anonymous.post(app.url("/api/v1/auth/invitations/accept")).json(&json!({"token": first, "password": NEW_PASSWORD})).send().await.unwrap();
        assert_problem(expired, 422).await;

        assert_eq!(invite(&app, &app.admin.access_token, &body).await.status(), 200, "invited again");
        let second = mailed_token(&app.wait_for_mail("late@example.org", 2).await[1].body);
        assert_ne!(first, second);
        let accepted = app.anonymous.post(app.url("/api/v1/auth/invitations/accept")).json(&json!({"token": second, "password": NEW_PASSWORD})).send().await.unwrap();
        assert_eq!(accepted.status(), 204);
    }

    async fn password_reset_answers_alike_mails_only_active_accounts_and_ends_sessions(backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.session(Role::Coordinator).await;
        let disabled = app.user(Role::Coordinator, None, UserStatus::Disabled);

        let mut bodies = Vec::new();
        for email in [session.user.email.as_str(), "nobody@example.org", disabled.email.as_str()] {
            let response = app.anonymous.post(app.url("/api/v1/auth/password-reset")).json(&json!({"email": email})).send().await.unwrap();
            assert_eq!(response.status(), 202);
            bodies.push(response.text().await.unwrap());
        }
        assert!(bodies.iter().all(|b| *b == bodies[0]));
        let token = mailed_token(&app.wait_for_mail(&session.user.email, 1).await[0].body);

        let confirmed = app.anonymous.post(app.url("/api/v1/auth/password-reset/confirm")).json(&json!({"token": token, "new_password": NEW_PASSWORD})).send().await.unwrap();
        assert_eq!(confirmed.status(), 204);
        assert_eq!(login_status(&app, &session.user.email, PASSWORD).await, 401);
        assert_eq!(login_status(&app, &session.user.email, NEW_PASSWORD).await, 200);
        let refresh = app.anonymous.post(app.url("/api/v1/auth/refresh")).json(&json!({"refresh_token": session.refresh_token})).send().await.unwrap();
        assert_problem(refresh, 401).await;
        assert_problem(app.request_as(&session.access_token, Method::GET, "/api/v1/me").send().await.unwrap(), 401).await;
        let reused = app.anonymous.post(app.url("/api/v1/auth/password-reset/confirm")).json(&json!({"token": token, "new_password": NEW_PASSWORD})).send().await.unwrap();
        assert_problem(reused, 422).await;
        assert!(app.sent_mail().iter().all(|m| m.to != disabled.email && m.to != "nobody@example.org"));
    }

    async fn a_reset_mailed_before_the_account_was_disabled_no_longer_sets_its_password(backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.user(Role::Coordinator, None, UserStatus::Active);
        let requested = app.anonymous.post(app.url("/api/v1/auth/password-reset")).json(&json!({"email": user.email})).send().await.unwrap();
        assert_eq!(requested.status(), 202);
        let token = mailed_token(&app.wait_for_mail(&user.email, 1).await[0].body);
        let account = format!("/api/v1/users/{}", user.id);
        assert_eq!(app.patch_json(&account, Some("\"1\""), &json!({"status": "disabled"})).await.status(), 200);

        let confirmed = app.anonymous.post(app.url("/api/v1/auth/password-reset/confirm")).json(&json!({"token": token, "new_password": NEW_PASSWORD})).send().await.unwrap();
        assert_eq!(error_fields(&assert_problem(confirmed, 422).await), ["token"]);
        let page = app.anonymous.get(app.url(&format!("/console/password-reset/confirm?token={token}"))).send().await.unwrap();
        assert_eq!(page.status(), 422, "the console's page refuses the link too");

        assert_eq!(app.patch_json(&account, Some("\"2\""), &json!({"status": "active"})).await.status(), 200);
        assert_eq!(login_status(&app, &user.email, NEW_PASSWORD).await, 401, "the reset set nothing");
        assert_eq!(login_status(&app, &user.email, PASSWORD).await, 200);
        let history: Value = app.get(&format!("{account}/history")).await.json().await.unwrap();
        assert!(history["items"].as_array().unwrap().iter().all(|entry| entry["action"] != "password_reset"), "{history}");
    }

    async fn at_most_three_reset_mails_an_hour(backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.user(Role::Coordinator, None, UserStatus::Active);
        for _ in 0..5 {
            let response = app.anonymous.post(app.url("/api/v1/auth/password-reset")).json(&json!({"email": user.email})).send().await.unwrap();
            assert_eq!(response.status(), 202);
        }
        app.wait_for_mail(&user.email, 3).await;
        let mut conn = app.database.connect();
        #[derive(diesel::QueryableByName)]
        struct Count { #[diesel(sql_type = diesel::sql_types::BigInt)] n: i64 }
        let queued: Count = diesel::RunQueryDsl::get_result(diesel::sql_query(format!("SELECT COUNT(*) AS n FROM outbox WHERE recipient = '{}'", user.email)), &mut conn).unwrap();
        assert_eq!(queued.n, 3);
    }

    async fn wrong_current_passwords_count_as_failed_sign_ins_of_the_account(backend) {
        let app = TestApp::spawn_with(backend, |s| s.auth.login_failures_per_identifier = 3).await;
        let session = app.session(Role::Coordinator).await;
        let email = session.user.email.clone();
        let change = |current: &'static str| {
            app.request_as(&session.access_token, Method::POST, "/api/v1/me/password")
                .json(&json!({"current_password": current, "new_password": NEW_PASSWORD}))
                .send()
        };
        for _ in 0..3 {
            assert_eq!(error_fields(&assert_problem(change("not my password at all").await.unwrap(), 422).await), ["current_password"]);
        }
        let blocked = change(PASSWORD).await.unwrap();
        let retry_after: u64 = blocked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(retry_after >= 1, "{retry_after}");
        assert_problem(blocked, 429).await;
        assert_eq!(login_status(&app, &email, PASSWORD).await, 429, "the account's sign-ins wait too");
        assert_eq!(app.request_as(&session.access_token, Method::GET, "/api/v1/me").send().await.unwrap().status(), 200, "the session goes on");
        assert_eq!(login_status(&app, &email, NEW_PASSWORD).await, 429, "and the password is unchanged");
    }

    async fn a_right_current_password_clears_the_accounts_failures(backend) {
        let app = TestApp::spawn_with(backend, |s| s.auth.login_failures_per_identifier = 3).await;
        let session = app.session(Role::Coordinator).await;
        let email = session.user.email.clone();
        let change = |current: &'static str, new: &'static str| {
            app.request_as(&session.access_token, Method::POST, "/api/v1/me/password")
                .json(&json!({"current_password": current, "new_password": new}))
                .send()
        };
        for _ in 0..2 {
            assert_problem(change("not my password at all", NEW_PASSWORD).await.unwrap(), 422).await;
        }
        assert_eq!(change(PASSWORD, NEW_PASSWORD).await.unwrap().status(), 204);
        for _ in 0..2 {
            assert_eq!(login_status(&app, &email, PASSWORD).await, 401);
        }
        assert_eq!(login_status(&app, &email, NEW_PASSWORD).await, 200, "two failures since, not four");
    }

    async fn changing_ones_password_needs_the_current_one_and_ends_every_session(backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.session(Role::LabHead).await;
        let change = |current: &str, new: &str| {
            app.request_as(&session.access_token, Method::POST, "/api/v1/me/password")
                .json(&json!({"current_password": current, "new_password": new}))
                .send()
        };

        let wrong = change("not my password at all", NEW_PASSWORD).await.unwrap();
        assert_eq!(error_fields(&assert_problem(wrong, 422).await), ["current_password"]);
        let short = change(PASSWORD, "short").await.unwrap();
        assert_eq!(error_fields(&assert_problem(short, 422).await), ["new_password"]);
        assert_eq!(change(PASSWORD, NEW_PASSWORD).await.unwrap().status(), 204);

        assert_problem(app.request_as(&session.access_token, Method::GET, "/api/v1/me").send().await.unwrap(), 401).await;
        let refresh = app.anonymous.post(app.url("/api/v1/auth/refresh")).json(&json!({"refresh_token": session.refresh_token})).send().await.unwrap();
        assert_problem(refresh, 401).await;
        assert_eq!(login_status(&app, &session.user.email, NEW_PASSWORD).await, 200);
    }

    async fn me_shows_ones_own_account(backend) {
        let app = TestApp::spawn(backend).await;
        let session = app.session(Role::Partner).await;
        let me: Value = app.request_as(&session.access_token, Method::GET, "/api/v1/me").send().await.unwrap().json().await.unwrap();
        assert_eq!(me["id"], json!(session.user.id));
        assert_eq!(me["role"], "partner");
        assert_eq!(me["institution_id"], json!(session.user.institution_id));
        assert!(me.get("password_hash").is_none());
    }

    async fn only_staff_see_accounts_and_only_admins_change_them(backend) {
        let app = TestApp::spawn(backend).await;
        let coordinator = app.session(Role::Coordinator).await;
        let lab_head = app.session(Role::LabHead).await;
        let target = format!("/api/v1/users/{}", lab_head.user.id);

        assert_problem(app.request_as(&lab_head.access_token, Method::GET, "/api/v1/users").send().await.unwrap(), 403).await;
        let listed: Value = app.request_as(&coordinator.access_token, Method::GET, "/api/v1/users?role=lab_head").send().await.unwrap().json().await.unwrap();
        assert_eq!(listed["total"], 1);
        assert_eq!(listed["items"][0]["id"], json!(lab_head.user.id));
        let by_coordinator = app.request_as(&coordinator.access_token, Method::PATCH, &target).header("If-Match", "\"1\"").json(&json!({"status": "disabled"})).send().await.unwrap();
        assert_problem(by_coordinator, 403).await;

        let renamed = app.patch_json(&target, Some("\"1\""), &json!({"display_name": "Dr. Ivanova"})).await;
        assert_eq!(renamed.status(), 200);
        assert_eq!(renamed.headers()["etag"], "\"2\"");
        assert_problem(app.patch_json(&target, Some("\"1\""), &json!({"display_name": "Stale"})).await, 412).await;
        assert_problem(app.patch_json(&target, None, &json!({"display_name": "None"})).await, 428).await;
        let invited = app.patch_json(&target, Some("\"2\""), &json!({"status": "invited"})).await;
        assert_eq!(error_fields(&assert_problem(invited, 422).await), ["status"]);
        let history: Value = app.get(&format!("{target}/history")).await.json().await.unwrap();
        assert_eq!(history["items"][0]["action"], "update");
        assert_eq!(history["items"][0]["changes"], json!({"display_name": {"before": "Test lab_head", "after": "Dr. Ivanova"}}));
        assert_eq!(history["items"][0]["actor_id"], json!(app.admin.user.id));
        assert!(history["items"][0]["request_id"].is_string());
    }

    async fn administrators_do_not_change_their_own_access(backend) {
        let app = TestApp::spawn(backend).await;
        let path = format!("/api/v1/users/{}", app.admin.user.id);
        for change in [json!({"status": "disabled"}), json!({"role": "coordinator"}), json!({"institution_id": null})] {
            let problem = assert_problem(app.patch_json(&path, Some("\"1\""), &change).await, 403).await;
            assert!(problem["detail"].as_str().unwrap().contains("another administrator"), "{change}: {problem}");
        }
        assert_eq!(app.patch_json(&path, Some("\"1\""), &json!({"display_name": "Registry admin"})).await.status(), 200, "one's own name is fine");
        assert_eq!(app.get("/api/v1/me").await.status(), 200, "still signed in");

        let second = app.session(Role::Admin).await;
        let disable = app.request_as(&second.access_token, Method::PATCH, &path).header("If-Match", "\"2\"").json(&json!({"status": "disabled"})).send().await.unwrap();
        assert_eq!(disable.status(), 200, "another administrator can");
        assert_problem(app.get("/api/v1/me").await, 401).await;
    }
}

/// Waits (at most 20 s) until the SMTP listener has received `count` messages for `to`.
async fn smtp_mail_for(
    server: &crate::helpers::smtp::SmtpServer,
    to: &str,
    count: usize,
) -> Vec<crate::helpers::smtp::Received> {
    let started = std::time::Instant::now();
    loop {
        let mail: Vec<_> = server.received().into_iter().filter(|m| m.rcpt_to.iter().any(|r| r.contains(to))).collect();
        if mail.len() >= count {
            return mail;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "expected {count} messages to {to}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

both_backends! {
    async fn invitation_and_reset_arrive_over_smtp_even_when_it_was_down_at_request_time(backend) {
        use crate::helpers::smtp::{SmtpServer, smtp_url, unused_port};
        let port = unused_port();
        let app = TestApp::spawn_with(backend, |s| s.mail.backend = jointreg::config::MailBackend::Smtp { url: smtp_url(port) }).await;

        // SMTP is down: the invitation is still accepted, and waits in the outbox.
        let body = json!({"email": "smtp.user@example.org", "display_name": "Smtp User", "role": "coordinator"});
        assert_eq!(invite(&app, &app.admin.access_token, &body).await.status(), 201);
        let server = SmtpServer::start_on(port);
        let invitation = smtp_mail_for(&server, "smtp.user@example.org", 1).await;
        let token = mailed_token(&invitation[0].text_body());
        let accepted = app.anonymous.post(app.url("/api/v1/auth/invitations/accept")).json(&json!({"token": token, "password": NEW_PASSWORD})).send().await.unwrap();
        assert_eq!(accepted.status(), 204);

        let reset = app.anonymous.post(app.url("/api/v1/auth/password-reset")).json(&json!({"email": "smtp.user@example.org"})).send().await.unwrap();
        assert_eq!(reset.status(), 202);
        let mail = smtp_mail_for(&server, "smtp.user@example.org", 2).await;
        let reset_token = mailed_token(&mail[1].text_body());
        let confirmed = app.anonymous.post(app.url("/api/v1/auth/password-reset/confirm")).json(&json!({"token": reset_token, "new_password": "yet another long passphrase"})).send().await.unwrap();
        assert_eq!(confirmed.status(), 204);
        assert_eq!(login_status(&app, "smtp.user@example.org", "yet another long passphrase").await, 200);

        // Each message arrived exactly once.
        let ids: Vec<_> = server.received().iter().filter_map(|m| m.message_id().map(str::to_owned)).collect();
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!((ids.len(), unique.len()), (2, 2), "{ids:?}");
    }
}
