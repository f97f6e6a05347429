//! Funding alerts: lab heads at 90 and 30 days, the coordinators' weekly digest, sent exactly once
//! however often and however concurrently they run; the scheduler's off switch; `alerts run`.

use std::process::Command;
use std::sync::Barrier;

use chrono::NaiveDate;
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use jointreg::alerts::{self, AlertReport};
use jointreg::config::{DatabaseUrl, Settings};
use jointreg::domain::role::{Role, UserStatus};
use jointreg::i18n::Catalogue;
use jointreg::startup::Application;
use serde_json::json;

use crate::helpers::world::World;
use crate::helpers::{TestApp, TestDatabase};
use crate::projects::{create, project_body};
use crate::{api_test, both_backends};

const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";
const URL: &str = "http://registry.example.org";

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A joint project running to 2027, funded on both sides until 2026-12-31 and not after: it
/// loses coverage on 2027-01-01.
async fn expiring_project(app: &TestApp, world: &World) -> String {
    let mut body = project_body(world, "Systemic pathology of chronic inflammation");
    body["starts_on"] = json!("2024-01-01");
    body["ends_on"] = json!("2027-12-31");
    let project = create(app, &body).await;
    let id = project["id"].as_str().unwrap().to_owned();
    for (funder, number, lab) in [(RSF, "24-45-00012", &world.ru_lab), (NSFC, "82461138003", &world.cn_lab)] {
        let award = json!({
            "project_id": id,
            "funder_id": funder,
            "award_number": number,
            "amount": {"amount_minor": 100000000, "currency": "RUB"},
            "starts_on": "2024-01-01",
            "ends_on": "2026-12-31",
            "status": "active",
            "lab_id": lab
        });
        let response = app.post_json("/api/v1/funding", &award).await;
        let status = response.status();
        assert_eq!(status, 201, "{}", response.text().await.unwrap());
    }
    id
}

fn catalogue() -> Catalogue {
    Catalogue::load().unwrap()
}

fn run(app: &TestApp, today: &str) -> AlertReport {
    alerts::run(&mut app.database.connect(), day(today), URL, &catalogue()).unwrap()
}

#[derive(diesel::QueryableByName)]
struct Queued {
    #[diesel(sql_type = diesel::sql_types::Text)]
    recipient: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    subject: String,
}

/// The alert mail in the outbox (sent or not), oldest first.
fn queued(app: &TestApp, kind: &str) -> Vec<(String, String)> {
    let rows: Vec<Queued> = diesel::sql_query(format!(
        "SELECT recipient, subject FROM outbox WHERE kind = '{kind}' ORDER BY created_at, id"
    ))
    .load(&mut app.database.connect())
    .unwrap();
    rows.into_iter().map(|r| (r.recipient, r.subject)).collect()
}

fn url_of(database: &DatabaseUrl) -> String {
    match database {
        DatabaseUrl::Sqlite { path } => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres { url } => url.clone(),
    }
}

fn alerts_run(database: &DatabaseUrl, today: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_jointreg"))
        .args(["alerts", "run", "--today", today])
        .env_clear()
        .env("JOINTREG_DATABASE_URL", url_of(database))
        .env("JOINTREG_MAIL_BACKEND", "memory")
        .current_dir(dir.path())
        .output()
        .unwrap()
}

/// Builds a server with `settings`, reads whether it scheduled the alerts, then stops it.
fn scheduled_in_server(settings: Settings) -> bool {
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let app = Application::build(&settings).expect("the server starts");
            let scheduled = app.alerts_scheduled();
            let handle = app.handle();
            let server = actix_web::rt::spawn(app.run_until_stopped());
            handle.stop(true).await;
            server.await.expect("the server task").expect("the server stops cleanly");
            scheduled
        })
    })
    .join()
    .expect("server thread")
}

both_backends! {
    async fn a_lab_head_is_mailed_at_90_days_and_again_at_30_never_twice_for_one_threshold(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = expiring_project(&app, &world).await;
        // The Russian head reads Russian; the Chinese head's account keeps the default, English.
        let path = format!("/api/v1/users/{}", world.ru_head.user.id);
        let changed = app.patch_current(&app.admin.access_token, &path, &json!({"language": "ru"})).await;
        assert_eq!(changed.status(), 200);

        let first = run(&app, "2026-10-10");
        assert_eq!((first.sent, first.already_sent, first.messages), (1, 0, 2), "{first:?}");
        let again = run(&app, "2026-10-10");
        assert_eq!((again.sent, again.already_sent, again.messages), (0, 1, 0), "{again:?}");
        let later_same_threshold = run(&app, "2026-11-20");
        assert_eq!((later_same_threshold.sent, later_same_threshold.already_sent), (0, 1));
        let thirty = run(&app, "2026-12-05");
        assert_eq!((thirty.sent, thirty.already_sent, thirty.messages), (1, 0, 2), "{thirty:?}");
        let thirty_again = run(&app, "2026-12-20");
        assert_eq!((thirty_again.sent, thirty_again.already_sent), (0, 1));

        let link = format!("\n{URL}/console/projects/{project}\n");
        let mail = app.wait_for_mail(&world.cn_head.user.email, 2).await;
        assert_eq!(mail.len(), 2, "two alerts, one per threshold: {mail:?}");
        assert!(mail[0].subject.contains("ends in 83 days"), "{}", mail[0].subject);
        assert!(mail[1].subject.contains("ends in 27 days"), "{}", mail[1].subject);
        let body = &mail[0].body;
        assert!(body.contains("Systemic pathology of chronic inflammation"), "{body}");
        assert!(body.contains("funded until 31 Dec 2026. From 1 Jan 2027"), "{body}");
        assert!(body.contains(&link), "the project's page in the console: {body}");
        assert!(!body.contains("/api/"), "nobody is asked to call the API: {body}");

        let mail = app.wait_for_mail(&world.ru_head.user.email, 2).await;
        assert_eq!(mail.len(), 2, "{mail:?}");
        assert!(mail[0].subject.ends_with("заканчивается через 83 дня"), "{}", mail[0].subject);
        assert!(mail[1].subject.ends_with("заканчивается через 27 дней"), "{}", mail[1].subject);
        let body = &mail[0].body;
        assert!(body.contains("финансируется до 31 дек. 2026 г. включительно. С 1 янв. 2027 г."), "{body}");
        assert!(body.contains(&link), "{body}");
        assert!(app.sent_mail().iter().all(|m| m.to != world.other_head.user.email), "not the other lab's head");
        assert_eq!(queued(&app, "coverage_alert").len(), 4, "five runs, two thresholds, two heads");
    }

    async fn a_loss_first_found_at_20_days_gets_only_the_30_day_alert(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        expiring_project(&app, &world).await;

        let report = run(&app, "2026-12-12");
        assert_eq!((report.sent, report.messages), (1, 2));
        let later = run(&app, "2026-12-30");
        assert_eq!((later.sent, later.already_sent), (0, 1));
        let mail = queued(&app, "coverage_alert");
        assert_eq!(mail.len(), 2);
        assert!(mail.iter().all(|(_, subject)| subject.contains("ends in 20 days")), "{mail:?}");
    }

    async fn concurrent_runs_send_each_alert_exactly_once(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        expiring_project(&app, &world).await;
        let coordinator = app.user(Role::Coordinator, None, UserStatus::Active);

        const RUNS: usize = 4;
        for (today, threshold) in [("2026-10-10", "90"), ("2026-12-05", "30")] {
            let barrier = Barrier::new(RUNS);
            let reports: Vec<AlertReport> = std::thread::scope(|scope| {
                let threads: Vec<_> = (0..RUNS)
                    .map(|_| {
                        let mut conn = app.database.connect();
                        let barrier = &barrier;
                        scope.spawn(move || {
                            let catalogue = catalogue();
                            barrier.wait();
                            alerts::run(&mut conn, day(today), URL, &catalogue)
                        })
                    })
                    .collect();
                threads.into_iter().map(|t| t.join().expect("no panic").expect("no error")).collect()
            });
            // The coverage alert at this threshold, and this week's digest.
            let due = 2;
            let sent: usize = reports.iter().map(|r| r.sent).sum();
            let already: usize = reports.iter().map(|r| r.already_sent).sum();
            let failed: usize = reports.iter().map(|r| r.failed).sum();
            assert_eq!(failed, 0, "{reports:?}");
            assert_eq!(sent, due, "each alert claimed once ({threshold} days): {reports:?}");
            assert_eq!(already, RUNS * due - due, "{reports:?}");
        }

        for head in [&world.ru_head.user.email, &world.cn_head.user.email] {
            let mail = app.wait_for_mail(head, 2).await;
            assert_eq!(mail.len(), 2, "{mail:?}");
        }
        assert_eq!(app.wait_for_mail(&coordinator.email, 2).await.len(), 2, "weeks 2026-W41 and W49");
        assert_eq!(queued(&app, "coverage_alert").len(), 4);
        assert_eq!(queued(&app, "findings_digest").len(), 2);
        let claims: Vec<Queued> = diesel::sql_query(
            "SELECT threshold AS recipient, subject FROM alert_deliveries ORDER BY subject, threshold",
        )
        .load(&mut app.database.connect())
        .unwrap();
        assert_eq!(claims.len(), 4, "90, 30 and two weekly digests");
    }

    async fn the_weekly_digest_reaches_coordinators_once_a_week_and_lists_unreviewed_findings_only(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        let project = expiring_project(&app, &world).await;
        let first = app.user(Role::Coordinator, None, UserStatus::Active);
        let second = app.user(Role::Coordinator, None, UserStatus::Active);
        let disabled = app.user(Role::Coordinator, None, UserStatus::Disabled);
        let expiring_key = format!("expiring:{project}:2026-12-31");
        app.database
            .connect()
            .batch_execute(&format!(
                "INSERT INTO finding_reviews (id, finding_key, state, note, reviewed_at)
                 VALUES ('review-1', '{expiring_key}', 'acknowledged', 'RSF renewal applied for', CURRENT_TIMESTAMP)"
            ))
            .unwrap();

        // Monday and Friday of ISO week 2026-W48, then Monday of W49.
        assert_eq!(run(&app, "2026-11-23").sent, 2, "the 90-day alert and the digest");
        let friday = run(&app, "2026-11-27");
        assert_eq!((friday.sent, friday.already_sent), (0, 2), "{friday:?}");
        let next_week = run(&app, "2026-11-30");
        assert_eq!((next_week.sent, next_week.already_sent), (1, 1), "{next_week:?}");

        for coordinator in [&first, &second] {
            let mail = app.wait_for_mail(&coordinator.email, 2).await;
            assert_eq!(mail.len(), 2, "one digest a week: {mail:?}");
            assert!(mail[0].subject.contains("2026-W48") && mail[1].subject.contains("2026-W49"));
            let body = &mail[0].body;
            let gap = "- No funding covers project “Systemic pathology of chronic inflammation” from 1 Jan 2027";
            assert!(body.contains(gap), "the unreviewed gap is listed, in words: {body}");
            assert!(body.contains(&format!("\n{URL}/console/\n")), "a link to the findings in the console: {body}");
            assert!(!body.contains("ends on 31 Dec 2026"), "the reviewed finding is not: {body}");
            assert!(!body.contains("/api/"), "{body}");
        }
        let digests = queued(&app, "findings_digest");
        assert_eq!(digests.len(), 4, "{digests:?}");
        assert!(digests.iter().all(|(to, _)| *to != disabled.email), "not to a disabled account");
        assert!(queued(&app, "findings_digest").iter().all(|(to, _)| *to != world.ru_head.user.email));
    }

    async fn the_off_switch_starts_no_scheduler(backend) {
        let database = TestDatabase::new(backend);
        let mut settings = Settings::with_database(database.url.clone());
        settings.workers = 1;
        settings.alerts_enabled = false;
        assert!(!scheduled_in_server(settings.clone()), "switched off");
        settings.alerts_enabled = true;
        assert!(scheduled_in_server(settings), "switched on, and stopped with the server");
    }

    async fn the_alerts_run_command_sends_what_is_due_on_the_given_day(backend) {
        let app = TestApp::spawn(backend).await;
        let world = World::build(&app).await;
        expiring_project(&app, &world).await;

        let first = alerts_run(&app.database.url, "2026-10-10");
        assert!(first.status.success(), "{first:?}");
        let stdout = String::from_utf8_lossy(&first.stdout);
        assert!(stdout.contains("sent 1 alerts (0 already sent)"), "{stdout}");
        let second = alerts_run(&app.database.url, "2026-10-10");
        assert!(second.status.success(), "{second:?}");
        assert!(String::from_utf8_lossy(&second.stdout).contains("sent 0 alerts (1 already sent)"));
        let nothing_due = alerts_run(&app.database.url, "2026-06-01");
        assert!(String::from_utf8_lossy(&nothing_due.stdout).contains("sent 0 alerts (0 already sent)"));

        // Queued by the command, delivered by the running server.
        let mail = app.wait_for_mail(&world.ru_head.user.email, 1).await;
        assert!(mail[0].subject.contains("ends in 83 days"), "{}", mail[0].subject);

        let bad_day = alerts_run(&app.database.url, "2026-13-01");
        assert_eq!(bad_day.status.code(), Some(2), "a wrong --today is a usage error");
        let help = Command::new(env!("CARGO_BIN_EXE_jointreg")).args(["alerts", "run", "--help"]).output().unwrap();
        let help = String::from_utf8_lossy(&help.stdout);
        assert!(help.contains("--today") && help.contains("YYYY-MM-DD"), "{help}");
    }
}

api_test! {
    fn bad_alert_settings_stop_check_config_with_78() {
        let dir = tempfile::tempdir().unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_jointreg"))
            .arg("check-config")
            .env_clear()
            .env("JOINTREG_ALERTS_ENABLED", "sometimes")
            .env("JOINTREG_ALERTS_AT", "25:00")
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(78), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.lines().any(|l| l.starts_with("error: JOINTREG_ALERTS_ENABLED: ")), "{stderr}");
        assert!(stderr.lines().any(|l| l.starts_with("error: JOINTREG_ALERTS_AT: ")), "{stderr}");
    }
}

api_test! {
    fn check_config_shows_the_alert_schedule() {
        let dir = tempfile::tempdir().unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_jointreg"))
            .arg("check-config")
            .env_clear()
            .env("JOINTREG_ALERTS_AT", "21:30")
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("daily at 21:30 UTC"));
    }
}
