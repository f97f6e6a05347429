//! Two `jointreg serve` processes on one database, as two servers behind a load balancer run them:
//! each outbox message and each funding alert is mailed exactly once, and each server reads and
//! writes the registry the other one does.
//!
//! The real binary, twice, with SMTP mail to one recording server: every delivery is counted by
//! its Message-ID (`<outbox id>@jointreg>`), so a message sent twice shows as twice. (The file
//! backend overwrites `<outbox id>.eml` and would hide a duplicate.)
//!
//! The alerts are queued by `jointreg alerts run`, two processes per day at once (on PostgreSQL
//! held at their first claim until all are there, see [`ClaimGate`]), while both servers'
//! delivery workers are busy with invitations made through both servers. The servers' own
//! schedulers are switched on but set twelve hours away: their run is at a fixed minute of the day
//! (`HH:MM`) with no catch-up at start, so firing both would mean waiting on the wall clock. They
//! claim alerts through the same `alerts::run` and `AlertDelivery::claim` as the command does.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Child;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use jointreg::db::DbConn;
use jointreg::db::models::outbox::OutboxMessage;
use jointreg::db::schema::{alert_deliveries, outbox};
use jointreg::domain::role::{Role, UserStatus};
use reqwest::Method;
use serde_json::{Value, json};

use crate::both_backends;
use crate::helpers::accounts::{TestUser, insert_user};
use crate::helpers::smtp::SmtpServer;
use crate::helpers::{Backend, TestDatabase, south_ural_university, wuhan_university};
use crate::lifecycle::{admin_token, database_env, jointreg, serve_with, wait_for_exit};

const NSFC: &str = "01a21f73-9c00-7000-8000-000000000001";
const RSF: &str = "01a21f73-9c00-7000-8000-000000000002";

/// Invitations made through the two servers at once (half through each).
const INVITATIONS: usize = 40;
/// Joint projects losing coverage on 2027-01-01: one alert each per threshold.
const PROJECTS: usize = 3;
/// Active coordinators: each gets the weekly digest.
const COORDINATORS: usize = 2;
/// `jointreg alerts run` processes started at once for each day.
const ALERT_RUNS: usize = 2;
/// The two days the alerts are run for, and what each finds: the 90-day alert (83 days left) in
/// ISO week 2026-W41, the 30-day alert (27 days left) in week 2026-W49.
const ALERT_DAYS: [(&str, u32, &str); 2] = [("2026-10-10", 83, "2026-W41"), ("2026-12-05", 27, "2026-W49")];

/// One `jointreg serve` process.
struct Instance {
    child: Option<Child>,
    port: u16,
    events: mpsc::Receiver<Value>,
}

impl Instance {
    /// SIGTERM, then its exit status (0: it drained and stopped its worker) and every later log event.
    fn stop(&mut self) -> Vec<Value> {
        let child = self.child.take().expect("a running server");
        let pid = nix::unistd::Pid::from_raw(child.id() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
        assert_eq!(wait_for_exit(child, Duration::from_secs(30)).code(), Some(0), "server on port {}", self.port);
        // The log reader ends at the closed stderr, so this ends too.
        self.events.iter().collect()
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        // Only when a test failed before stopping it.
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Two servers on one fresh database, mailing through one recording SMTP server.
struct Pair {
    // Dropped first (killed, if a failed test left them running), the database last.
    instances: [Instance; 2],
    client: reqwest::Client,
    token: String,
    url: String,
    smtp: SmtpServer,
    dir: tempfile::TempDir,
    database: TestDatabase,
}

impl Pair {
    fn start(backend: Backend) -> Pair {
        let database = TestDatabase::new(backend);
        let url = database_env(&database.url);
        let smtp = SmtpServer::start();
        let dir = tempfile::tempdir().unwrap();
        let smtp_url = smtp.url();
        let alerts_at = (chrono::Utc::now() + chrono::TimeDelta::hours(12)).format("%H:%M").to_string();
        let settings = [
            ("JOINTREG_MAIL_BACKEND", "smtp"),
            ("JOINTREG_SMTP_URL", smtp_url.as_str()),
            ("JOINTREG_ALERTS_ENABLED", "true"),
            ("JOINTREG_ALERTS_AT", alerts_at.as_str()),
            ("JOINTREG_PUBLIC_URL", "http://registry.example.org"),
        ];
        // Started at once, as a deployment starts its servers.
        let (a, b) = std::thread::scope(|scope| {
            let start = || scope.spawn(|| serve_with(dir.path(), &url, &settings));
            let (a, b) = (start(), start());
            (a.join().expect("server A"), b.join().expect("server B"))
        });
        let instances = [a, b].map(|(child, port, events)| Instance { child: Some(child), port, events });
        // One administrator, signed in through A; the token is good on B (one JWT secret).
        let token = admin_token(dir.path(), &url, instances[0].port);
        let client =
            reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().expect("HTTP client");
        Pair { instances, client, token, url, smtp, dir, database }
    }

    /// A request to instance `n % 2` as the administrator.
    fn request(&self, n: usize, method: Method, path: &str) -> reqwest::RequestBuilder {
        let port = self.instances[n % 2].port;
        self.client.request(method, format!("http://127.0.0.1:{port}{path}")).bearer_auth(&self.token)
    }

    /// POSTs through instance `n % 2`; the created record, or a failure unless 201.
    async fn create(&self, n: usize, path: &str, body: &Value) -> Value {
        let response = self.request(n, Method::POST, path).json(body).send().await.expect("POST");
        let status = response.status();
        let text = response.text().await.expect("body");
        assert_eq!(status, 201, "POST {path} through instance {}: {body} -> {text}", n % 2);
        serde_json::from_str(&text).expect("JSON")
    }

    /// GETs through instance `n % 2`: the status, the ETag (if any) and the body.
    async fn get(&self, n: usize, path: &str) -> (u16, Option<String>, Value) {
        let response = self.request(n, Method::GET, path).send().await.expect("GET");
        let status = response.status().as_u16();
        let etag = response.headers().get("etag").map(|v| v.to_str().unwrap().to_owned());
        (status, etag, response.json().await.unwrap_or(Value::Null))
    }

    fn user(&self, role: Role, institution: Option<&str>) -> TestUser {
        insert_user(&mut self.database.connect(), role, institution.map(str::to_owned), UserStatus::Active)
    }

    fn outbox(&self) -> Vec<OutboxMessage> {
        outbox::table.order(outbox::id).load(&mut self.database.connect()).expect("outbox rows")
    }

    /// Starts `jointreg alerts run --today <today>`; its output is collected by [`finish_alerts`].
    fn alerts_run(&self, today: &str) -> Child {
        jointreg(self.dir.path())
            .args(["alerts", "run", "--today", today])
            .env("JOINTREG_DATABASE_URL", &self.url)
            .env("JOINTREG_MAIL_BACKEND", "memory")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start jointreg alerts run")
    }
}

/// On PostgreSQL, holds every alert claim back until all the `alerts run` processes are at their
/// first one, then lets them go together: without it, one process may be done before the other
/// has started, and the test would prove nothing about concurrent claims. SQLite needs no gate:
/// its write transactions (`BEGIN IMMEDIATE`) run one at a time whatever the timing.
struct ClaimGate {
    /// A PostgreSQL connection in a transaction holding `alert_deliveries` in EXCLUSIVE mode,
    /// which lets readers through and makes every INSERT wait.
    holder: Option<DbConn>,
}

#[derive(QueryableByName)]
struct Waiting {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    waiting: i64,
}

impl ClaimGate {
    fn close(pair: &Pair) -> ClaimGate {
        let mut conn = pair.database.connect();
        if !matches!(conn, DbConn::Pg(_)) {
            return ClaimGate { holder: None };
        }
        conn.batch_execute("BEGIN; LOCK TABLE alert_deliveries IN EXCLUSIVE MODE;").expect("lock alert_deliveries");
        ClaimGate { holder: Some(conn) }
    }

    /// Waits until `processes` sessions wait for the lock, then commits (releasing it).
    async fn open_when_waited_on_by(self, processes: usize) {
        let Some(mut holder) = self.holder else { return };
        // Databases copied from one template share table OIDs: count waiters in this one only.
        let waiting = |conn: &mut DbConn| -> usize {
            let row: Waiting = diesel::sql_query(
                "SELECT count(*) AS waiting FROM pg_locks \
                 WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
                 AND relation = 'alert_deliveries'::regclass AND NOT granted",
            )
            .get_result(conn)
            .expect("pg_locks");
            row.waiting as usize
        };
        wait_until("every alerts run waits at its first claim", Duration::from_secs(30), || {
            waiting(&mut holder) == processes
        })
        .await;
        holder.batch_execute("COMMIT").expect("release alert_deliveries");
    }
}

/// What one `alerts run` printed: (alerts sent, already sent, messages queued).
fn finish_alerts(child: Child) -> (usize, usize, usize) {
    let output = child.wait_with_output().expect("alerts run");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let number_after = |prefix: &str| -> usize {
        let rest = stdout.split_once(prefix).unwrap_or_else(|| panic!("{prefix:?} in {stdout}")).1;
        rest.split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
    };
    let queued = stdout.lines().find_map(|l| l.strip_suffix(" messages queued for delivery")).expect("queued line");
    (number_after("sent "), number_after("alerts ("), queued.trim().parse().unwrap())
}

/// Polls `done` every 20 ms; fails the test after `limit`.
async fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "waited {limit:?}, still not true: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn count<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeMap<T, usize> {
    let mut counts = BTreeMap::new();
    for item in items {
        *counts.entry(item).or_insert(0) += 1;
    }
    counts
}

/// The outbox ids an instance's log says it delivered ("mail sent", in the span of the message).
fn delivered_by(events: &[Value]) -> BTreeSet<String> {
    events
        .iter()
        .filter(|e| e["message"] == "mail sent")
        .map(|e| e["span"]["outbox_id"].as_str().expect("outbox_id in the mail span").to_owned())
        .collect()
}

/// Two laboratories (RU through A, CN through B) with their heads, and `PROJECTS` joint projects
/// of both, funded on both sides until 2026-12-31 and running to 2027-12-31, made alternately
/// through A and B. Returns the heads and the project titles.
async fn expiring_projects(pair: &Pair) -> ([TestUser; 2], Vec<String>) {
    let susu =
        pair.create(0, "/api/v1/institutions", &south_ural_university()).await["id"].as_str().unwrap().to_owned();
    let wuhan = pair.create(1, "/api/v1/institutions", &wuhan_university()).await["id"].as_str().unwrap().to_owned();
    let heads = [pair.user(Role::LabHead, Some(&susu)), pair.user(Role::LabHead, Some(&wuhan))];
    let mut labs = Vec::new();
    for (n, (name, institution)) in
        [("Laboratory of Immunopathology", &susu), ("Laboratory of Systemic Pathology", &wuhan)].into_iter().enumerate()
    {
        let body = json!({
            "names": {"en": name},
            "institution_id": institution,
            "research_line": "Systemic pathology",
            "head_user_id": heads[n].id
        });
        labs.push(pair.create(n, "/api/v1/labs", &body).await["id"].as_str().unwrap().to_owned());
    }
    let mut titles = Vec::new();
    for p in 0..PROJECTS {
        let title = format!("Systemic pathology of chronic inflammation, part {}", p + 1);
        let body = json!({
            "titles": {"en": title},
            "starts_on": "2024-01-01",
            "ends_on": "2027-12-31",
            "status": "active",
            "labs": [{"lab_id": labs[0], "role": "lead"}, {"lab_id": labs[1], "role": "partner"}],
            "visibility": "partners"
        });
        let project = pair.create(p, "/api/v1/projects", &body).await["id"].as_str().unwrap().to_owned();
        for (side, (funder, lab)) in [(RSF, &labs[0]), (NSFC, &labs[1])].into_iter().enumerate() {
            let award = json!({
                "project_id": project,
                "funder_id": funder,
                "award_number": format!("24-45-{p:03}{side}"),
                "amount": {"amount_minor": 100000000, "currency": "RUB"},
                "starts_on": "2024-01-01",
                "ends_on": "2026-12-31",
                "status": "active",
                "lab_id": lab
            });
            pair.create(p + side, "/api/v1/funding", &award).await;
        }
        titles.push(title);
    }
    (heads, titles)
}

both_backends! {
    async fn two_servers_mail_each_message_and_each_alert_exactly_once(backend) {
        mail_each_message_and_each_alert_exactly_once(backend).await;
    }

    async fn two_servers_read_and_write_the_same_registry(backend) {
        read_and_write_the_same_registry(backend).await;
    }
}

async fn mail_each_message_and_each_alert_exactly_once(backend: Backend) {
    let mut pair = Pair::start(backend);
    let (heads, titles) = expiring_projects(&pair).await;
    let coordinators: Vec<TestUser> = (0..COORDINATORS).map(|_| pair.user(Role::Coordinator, None)).collect();

    // All at once: the alerts of two days, each day run by two processes, while invitations
    // go in through both servers (each wakes its own server's worker; mail queued by the
    // `alerts run` processes is found by both workers' polls).
    let gate = ClaimGate::close(&pair);
    let runs: Vec<(usize, Child)> = (0..ALERT_RUNS)
        .flat_map(|_| ALERT_DAYS.iter().enumerate().map(|(d, (today, ..))| (d, pair.alerts_run(today))))
        .collect();
    gate.open_when_waited_on_by(runs.len()).await;
    let invited: Vec<String> = (0..INVITATIONS).map(|n| format!("invitee.{n:02}@example.org")).collect();
    let invitations = invited.iter().enumerate().map(|(n, email)| {
        let body = json!({"email": email, "display_name": format!("Invitee {n}"), "role": "coordinator"});
        pair.request(n, Method::POST, "/api/v1/invitations").json(&body).send()
    });
    let answers = futures_util::future::join_all(invitations).await;
    for (n, answer) in answers.into_iter().enumerate() {
        let answer = answer.expect("POST /invitations");
        assert_eq!(answer.status(), 201, "invitation {n} through instance {}: {:?}", n % 2, answer.text().await);
    }
    let mut per_day = [(0, 0, 0); ALERT_DAYS.len()];
    for (day, run) in runs {
        let (sent, already, messages) = finish_alerts(run);
        per_day[day] = (per_day[day].0 + sent, per_day[day].1 + already, per_day[day].2 + messages);
    }
    // Due each day: one coverage alert per project, one digest. Each claimed by one run.
    let due = PROJECTS + 1;
    let messages_per_day = PROJECTS * heads.len() + COORDINATORS;
    for (day, totals) in per_day.iter().enumerate() {
        assert_eq!(
            *totals,
            (due, due * (ALERT_RUNS - 1), messages_per_day),
            "{}: (sent, already sent, queued) summed over the runs",
            ALERT_DAYS[day].0
        );
    }

    let expected = INVITATIONS + ALERT_DAYS.len() * messages_per_day;
    wait_until("every outbox message is delivered", Duration::from_secs(60), || {
        let rows = pair.outbox();
        rows.len() == expected && rows.iter().all(|row| row.sent_at.is_some())
    })
    .await;
    // Stopped, so nothing can be delivered after the count below; each finishes the message in
    // hand first.
    let logs = [pair.instances[0].stop(), pair.instances[1].stop()];

    let rows = pair.outbox();
    assert_eq!(rows.len(), expected);
    for row in &rows {
        assert!(row.sent_at.is_some() && row.locked_until.is_none() && row.body_text.is_empty(), "{row:?}");
        assert_eq!((row.attempts, row.last_error.as_deref()), (1, None), "one attempt, no failure: {row:?}");
    }
    // Every message received, each exactly once, nothing else.
    let received = pair.smtp.received();
    let by_message_id = count(received.iter().map(|m| m.message_id().expect("a Message-ID").to_owned()));
    let duplicates: Vec<_> = by_message_id.iter().filter(|(_, n)| **n > 1).collect();
    assert!(duplicates.is_empty(), "delivered more than once: {duplicates:?}");
    let queued_ids: BTreeSet<String> = rows.iter().map(|row| jointreg::email::message_id(&row.id)).collect();
    assert_eq!(by_message_id.keys().cloned().collect::<BTreeSet<_>>(), queued_ids, "received = queued");
    assert_eq!(received.len(), expected);
    for message in &received {
        let row = rows
            .iter()
            .find(|row| Some(jointreg::email::message_id(&row.id).as_str()) == message.message_id())
            .unwrap();
        assert_eq!(message.rcpt_to, std::slice::from_ref(&row.recipient), "delivered to its recipient");
    }

    // Each invitation once.
    let invitation_rows = count(rows.iter().filter(|r| r.kind == "invitation").map(|r| r.recipient.as_str()));
    assert_eq!(invitation_rows, invited.iter().map(|e| (e.as_str(), 1)).collect(), "one invitation each");
    // Each alert's mail once: per project, per threshold, per head; per week, per coordinator.
    let alert_mail = count(
        rows.iter()
            .filter(|r| r.kind == "coverage_alert" || r.kind == "findings_digest")
            .map(|r| (r.recipient.clone(), r.subject.clone())),
    );
    assert!(alert_mail.values().all(|n| *n == 1), "{alert_mail:#?}");
    let mut wanted = BTreeSet::new();
    for (_, days_left, week) in ALERT_DAYS {
        for title in &titles {
            for head in &heads {
                wanted.insert((head.email.clone(), format!("“{title}” ends in {days_left} days")));
            }
        }
        for coordinator in &coordinators {
            wanted.insert((coordinator.email.clone(), format!("digest {week}:")));
        }
    }
    let found: BTreeSet<(String, String)> = alert_mail
        .keys()
        .map(|(to, subject)| {
            let wanted_one = wanted.iter().find(|(email, part)| email == to && subject.contains(part.as_str()));
            wanted_one.unwrap_or_else(|| panic!("unexpected alert mail to {to}: {subject}")).clone()
        })
        .collect();
    assert_eq!(found, wanted);
    assert_eq!(alert_mail.len(), wanted.len());
    let claims: i64 = alert_deliveries::table.count().get_result(&mut pair.database.connect()).unwrap();
    assert_eq!(claims as usize, ALERT_DAYS.len() * due, "one claim per (subject, threshold)");

    // Both workers delivered, and between them every message once: no claim was shared.
    let [a, b] = [delivered_by(&logs[0]), delivered_by(&logs[1])];
    assert!(a.is_disjoint(&b), "delivered by both servers: {:?}", a.intersection(&b).collect::<Vec<_>>());
    assert_eq!(a.union(&b).cloned().collect::<BTreeSet<_>>(), rows.iter().map(|r| r.id.clone()).collect());
    assert!(!a.is_empty() && !b.is_empty(), "both workers took part: {} and {}", a.len(), b.len());
    let suspicious: Vec<&Value> = logs
        .iter()
        .flatten()
        .filter(|e| {
            let message = e["message"].as_str().unwrap_or_default();
            message.contains("another worker") || message.contains("claim lapsed") || e["level"] == "ERROR"
        })
        .collect();
    assert!(suspicious.is_empty(), "{suspicious:#?}");
    eprintln!("{expected} messages, each received once: {} delivered by instance A, {} by B", a.len(), b.len());
}

async fn read_and_write_the_same_registry(backend: Backend) {
    let mut pair = Pair::start(backend);

    // Written through one, read through the other, either way round.
    let mut made = BTreeSet::new();
    for (writer, body) in [(0, wuhan_university()), (1, south_ural_university())] {
        let created = pair.create(writer, "/api/v1/institutions", &body).await;
        made.insert(created["id"].as_str().unwrap().to_owned());
        let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());
        assert_eq!(pair.get(writer + 1, &path).await, (200, Some("\"1\"".into()), created), "{path} through the other");
    }

    // Ten changes at once with one ETag, through both: exactly one wins, the rest are told
    // the record changed (412), and both then read the winner's version.
    let created = pair
        .create(
            0,
            "/api/v1/institutions",
            &json!({"names": {"en": "Contested Institute"}, "country": "KZ", "kind": "academy_institute"}),
        )
        .await;
    let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());
    let patches = (0..10).map(|n| {
        pair.request(n, Method::PATCH, &path)
            .header("If-Match", "\"1\"")
            .header("Content-Type", "application/merge-patch+json")
            .body(json!({"city": format!("City {n}")}).to_string())
            .send()
    });
    let statuses: Vec<u16> = futures_util::future::join_all(patches)
        .await
        .into_iter()
        .map(|r| r.expect("PATCH").status().as_u16())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 412).count(), 9, "{statuses:?}");
    let winner = statuses.iter().position(|s| *s == 200).unwrap();
    let (a, b) = (pair.get(0, &path).await, pair.get(1, &path).await);
    assert_eq!(a, b, "one record, whichever server answers");
    assert_eq!(
        (a.1.as_deref(), &a.2["version"], &a.2["city"]),
        (Some("\"2\""), &json!(2), &json!(format!("City {winner}")))
    );
    let history = pair.get(1, &format!("{path}/history")).await;
    assert_eq!(history.0, 200);
    assert_eq!(history.2["items"].as_array().map(Vec::len), Some(2), "create and one update: {}", history.2);

    // Twenty more created at once through both: both list the same ids, all of them.
    let pair_ref = &pair;
    let creates = (0..20).map(|n| async move {
        let name = format!("Parallel Institute {n:02}");
        let body = json!({"names": {"en": name}, "country": "KZ", "kind": "academy_institute"});
        pair_ref.create(n, "/api/v1/institutions", &body).await
    });
    made.extend(futures_util::future::join_all(creates).await.iter().map(|c| c["id"].as_str().unwrap().to_owned()));
    made.insert(created["id"].as_str().unwrap().to_owned());
    let listed = |page: &Value| -> Vec<String> {
        page["items"].as_array().expect("items").iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
    };
    let query = "/api/v1/institutions?limit=100&sort=created";
    let (from_a, from_b) = (pair.get(0, query).await, pair.get(1, query).await);
    assert_eq!((from_a.0, from_b.0), (200, 200));
    assert_eq!(listed(&from_a.2), listed(&from_b.2), "the same ids in the same order");
    assert_eq!(from_a.2["total"], json!(made.len()));
    assert_eq!(listed(&from_a.2).into_iter().collect::<BTreeSet<_>>(), made, "every create, listed once");
    for instance in &mut pair.instances {
        instance.stop();
    }
}
