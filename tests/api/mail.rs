//! The mail outbox at library level: messages queued in transactions, delivered by the worker to
//! memory, files or a real SMTP listener on loopback, exactly once, surviving an SMTP outage.
//!
//! The worker is started here rather than through `TestApp`, so no server's own worker competes
//! with the one under test for the same messages.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use diesel::prelude::*;
use jointreg::config::{MailBackend, MailSettings, MemoryMailbox, SentMail};
use jointreg::db::models::outbox::OutboxMessage;
use jointreg::db::schema::outbox;
use jointreg::db::{Db, DbConn, pool, transaction};
use jointreg::email::{self, Backoff, Outbox, OutgoingMessage, Timing, Worker, WorkerHandle};
use jointreg::error::ApiError;

use crate::helpers::smtp::{Received, SmtpServer, smtp_url, unused_port};
use crate::helpers::{Backend, TestDatabase};
use crate::{api_test, both_backends};

struct Fixture {
    db: Db,
    // Declared last: dropped after the pool.
    database: TestDatabase,
}

impl Fixture {
    fn new(backend: Backend) -> Fixture {
        let database = TestDatabase::new(backend);
        let db = Self::pool(&database);
        Fixture { db, database }
    }

    /// A pool of its own, as a second server on the same database would have.
    fn pool(database: &TestDatabase) -> Db {
        let pool = pool::build(&database.url, 4, Duration::from_secs(3), Duration::from_secs(5)).expect("pool");
        Db::new(pool)
    }

    fn conn(&self) -> r2d2::PooledConnection<pool::Manager> {
        self.db.pool().get().expect("pooled connection")
    }

    /// Queues `messages` in one committed transaction.
    fn queue(&self, messages: &[OutgoingMessage]) {
        transaction::write(&mut self.conn(), |conn: &mut DbConn| {
            messages.iter().try_for_each(|message| email::enqueue(conn, message))
        })
        .expect("queue mail");
    }

    fn rows(&self) -> Vec<OutboxMessage> {
        outbox::table.order(outbox::id).load(&mut *self.conn()).expect("outbox rows")
    }

    fn all_sent(&self, count: usize) -> bool {
        let rows = self.rows();
        rows.len() == count && rows.iter().all(|row| row.sent_at.is_some())
    }

    fn start(&self, backend: MailBackend, outbox: &Outbox, timing: Timing) -> WorkerHandle {
        Worker::start_with(self.db.clone(), &settings(backend), outbox.clone(), timing).expect("start the worker")
    }
}

fn settings(backend: MailBackend) -> MailSettings {
    MailSettings { backend, from: "jointreg <jointreg@localhost>".into(), public_url: "http://127.0.0.1:8080".into() }
}

/// Retries within a test's patience: quick polls, short backoff.
fn quick() -> Timing {
    Timing {
        poll: Duration::from_millis(100),
        backoff: Backoff { first: Duration::from_millis(50), max: Duration::from_millis(200) },
        ..Timing::default()
    }
}

fn message(n: usize) -> OutgoingMessage {
    OutgoingMessage {
        kind: "test",
        to: format!("person{n}@example.org"),
        subject: format!("Message {n}"),
        body: format!("Your one-time link: http://127.0.0.1:8080/activate/secret-token-{n}"),
    }
}

/// Cyrillic and Chinese, as the account mail has: mostly (sent as base64) or a little (sent as
/// quoted-printable); either must arrive intact.
fn multilingual_messages() -> [OutgoingMessage; 2] {
    let mostly = OutgoingMessage {
        kind: "test",
        to: "ivan@example.org".into(),
        subject: "Приглашение / 邀请".into(),
        body: "Здравствуйте!\nСсылка: http://127.0.0.1:8080/activate/secret-token-ru\n您好！\n".into(),
    };
    let a_little = OutgoingMessage {
        kind: "test",
        to: "li@example.org".into(),
        subject: "Invitation to jointreg / 邀请".into(),
        body: "Dear Li Wei,\n\nyou are invited to jointreg, the registry of joint research. To accept, \
               choose a password within 72 hours: http://127.0.0.1:8080/activate/secret-token-zh\n\n\
               您被邀请加入 jointreg。\n"
            .into(),
    };
    [mostly, a_little]
}

fn messages(range: std::ops::Range<usize>) -> Vec<OutgoingMessage> {
    range.map(message).collect()
}

/// Polls `done` every 20 ms; fails the test after 10 s.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "waited 10 s, still not true: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// How many times each outbox id was handed over.
fn counts<'a>(ids: impl IntoIterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for id in ids {
        *counts.entry(id.to_owned()).or_insert(0) += 1;
    }
    counts
}

/// Asserts that every row was sent exactly once (by `ids` handed over) and forgot its body.
fn assert_each_sent_once(rows: &[OutboxMessage], ids: &HashMap<String, usize>) {
    let row_ids: BTreeSet<&str> = rows.iter().map(|row| row.id.as_str()).collect();
    let sent_ids: BTreeSet<&str> = ids.keys().map(String::as_str).collect();
    assert_eq!(sent_ids, row_ids, "delivered ids differ from queued ids");
    for row in rows {
        assert_eq!(ids[&row.id], 1, "message {} was delivered {} times", row.id, ids[&row.id]);
        assert!(row.sent_at.is_some(), "{row:?}");
        assert_eq!(row.body_text, "", "a sent message keeps no body: {row:?}");
        assert_eq!(row.locked_until, None, "{row:?}");
    }
}

fn smtp_ids(received: &[Received]) -> HashMap<String, usize> {
    let message_ids: Vec<&str> = received.iter().map(|m| m.message_id().expect("Message-ID")).collect();
    let ids = message_ids.iter().map(|id| id.trim_start_matches('<').trim_end_matches("@jointreg>"));
    counts(ids)
}

both_backends! {
    async fn memory_backend_delivers_each_message_once_and_forgets_its_body(backend) {
        let fixture = Fixture::new(backend);
        let mailbox = MemoryMailbox::default();
        let outbox = Outbox::default();
        let worker = fixture.start(MailBackend::Memory(mailbox.clone()), &outbox, Timing::default());

        let queued = messages(0..3);
        fixture.queue(&queued);
        outbox.wake();
        wait_until("three messages are recorded as sent", || fixture.all_sent(3));
        worker.stop();

        let rows = fixture.rows();
        let sent = mailbox.messages();
        assert_each_sent_once(&rows, &counts(sent.iter().map(|m| m.outbox_id.as_str())));
        for original in &queued {
            let row = rows.iter().find(|row| row.subject == original.subject).expect("row kept");
            assert_eq!((row.kind.as_str(), row.recipient.as_str()), ("test", original.to.as_str()));
            assert_eq!((row.attempts, row.last_error.as_deref()), (1, None));
            let expected = SentMail {
                outbox_id: row.id.clone(),
                to: original.to.clone(),
                subject: original.subject.clone(),
                body: original.body.clone(),
            };
            assert!(sent.contains(&expected), "{expected:?} not in {sent:?}");
        }
    }

    async fn mail_queued_in_a_rolled_back_transaction_is_never_sent(backend) {
        let fixture = Fixture::new(backend);
        let mailbox = MemoryMailbox::default();
        let outbox = Outbox::default();
        let worker = fixture.start(MailBackend::Memory(mailbox.clone()), &outbox, quick());

        let rolled_back = transaction::write(&mut fixture.conn(), |conn: &mut DbConn| {
            email::enqueue(conn, &message(1))?;
            Err::<(), _>(ApiError::BadRequest("the change that caused the mail failed".into()))
        });
        assert!(rolled_back.is_err());
        outbox.wake();
        fixture.queue(&[message(2)]);
        outbox.wake();
        wait_until("the committed message is sent", || fixture.all_sent(1));
        worker.stop();

        let subjects: Vec<String> = mailbox.messages().into_iter().map(|m| m.subject).collect();
        assert_eq!(subjects, ["Message 2"]);
        assert_eq!(fixture.rows().len(), 1);
    }

    async fn a_wake_starts_delivery_without_waiting_for_the_poll(backend) {
        let fixture = Fixture::new(backend);
        let mailbox = MemoryMailbox::default();
        let outbox = Outbox::default();
        let hourly = Timing { poll: Duration::from_secs(3600), ..Timing::default() };
        let worker = fixture.start(MailBackend::Memory(mailbox.clone()), &outbox, hourly);
        // The first look happens at start; after it, only a wake (or an hour) brings another.
        fixture.queue(&[message(1)]);
        outbox.wake();
        wait_until("the first message is sent", || fixture.all_sent(1));

        fixture.queue(&[message(2)]);
        outbox.wake();
        wait_until("the second message is sent", || fixture.all_sent(2));

        let stopping = Instant::now();
        worker.stop();
        assert!(stopping.elapsed() < Duration::from_secs(2), "stop took {:?}", stopping.elapsed());
        assert_eq!(mailbox.messages().len(), 2);
    }

    async fn smtp_delivers_each_message_once_under_its_outbox_message_id(backend) {
        let fixture = Fixture::new(backend);
        let server = SmtpServer::start();
        let outbox = Outbox::default();
        let worker = fixture.start(MailBackend::Smtp { url: server.url() }, &outbox, Timing::default());

        let mut queued = messages(0..1);
        queued.extend(multilingual_messages());
        fixture.queue(&queued);
        outbox.wake();
        wait_until("three messages are recorded as sent", || fixture.all_sent(3));
        worker.stop();

        let rows = fixture.rows();
        let received = server.received();
        assert_each_sent_once(&rows, &smtp_ids(&received));
        for row in &rows {
            let mail = received.iter().find(|m| m.message_id() == Some(email::message_id(&row.id).as_str())).expect("received");
            let original = queued.iter().find(|m| m.subject == row.subject).expect("queued");
            assert_eq!(mail.mail_from, "jointreg@localhost");
            assert_eq!(mail.rcpt_to, [original.to.as_str()]);
            assert_eq!(mail.header("Content-Type"), Some("text/plain; charset=utf-8"));
            assert_eq!(mail.text_body().trim_end(), original.body.trim_end(), "the body as written");
            if original.subject.is_ascii() {
                assert_eq!(mail.header("Subject"), Some(original.subject.as_str()));
            }
        }
    }

    async fn smtp_down_loses_nothing_and_sends_each_message_once_when_it_returns(backend) {
        let fixture = Fixture::new(backend);
        let port = unused_port();
        let outbox = Outbox::default();
        let worker = fixture.start(MailBackend::Smtp { url: smtp_url(port) }, &outbox, quick());

        let queued = messages(0..3);
        fixture.queue(&queued);
        outbox.wake();
        wait_until("every message has failed twice", || {
            let rows = fixture.rows();
            rows.len() == 3 && rows.iter().all(|row| row.attempts >= 2)
        });
        for row in fixture.rows() {
            assert_eq!(row.sent_at, None, "{row:?}");
            let error = row.last_error.as_deref().expect("the failure is recorded");
            assert!(!error.contains("secret-token"), "no body text in errors: {error}");
            let original = queued.iter().find(|m| m.subject == row.subject).expect("queued");
            assert_eq!(row.body_text, original.body, "an unsent message keeps its body");
        }

        let server = SmtpServer::start_on(port);
        wait_until("three messages are recorded as sent", || fixture.all_sent(3));
        worker.stop();

        let rows = fixture.rows();
        assert_each_sent_once(&rows, &smtp_ids(&server.received()));
        assert!(rows.iter().all(|row| row.attempts >= 3), "{rows:?}");
    }

    async fn file_backend_writes_one_eml_file_per_message(backend) {
        let fixture = Fixture::new(backend);
        let folder = tempfile::tempdir().expect("folder");
        let dir = folder.path().join("outgoing").join("mail");
        let outbox = Outbox::default();
        let worker = fixture.start(MailBackend::File { dir: dir.clone() }, &outbox, Timing::default());

        let queued = messages(0..2);
        fixture.queue(&queued);
        outbox.wake();
        wait_until("two messages are recorded as sent", || fixture.all_sent(2));
        worker.stop();

        let names: BTreeSet<String> = std::fs::read_dir(&dir)
            .expect("mail folder")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        let rows = fixture.rows();
        let expected: BTreeSet<String> = rows.iter().map(|row| format!("{}.eml", row.id)).collect();
        assert_eq!(names, expected);
        for row in &rows {
            let text = std::fs::read_to_string(dir.join(format!("{}.eml", row.id))).expect("eml");
            let original = queued.iter().find(|m| m.subject == row.subject).expect("queued");
            assert!(text.contains(&format!("Message-ID: {}", email::message_id(&row.id))), "{text}");
            assert!(text.contains(&format!("To: {}", original.to)), "{text}");
            assert!(text.contains(&original.body), "{text}");
        }
    }

    async fn two_workers_on_one_database_never_deliver_a_message_twice(backend) {
        let fixture = Fixture::new(backend);
        let other_server_db = Fixture::pool(&fixture.database);
        let (first_mailbox, second_mailbox) = (MemoryMailbox::default(), MemoryMailbox::default());
        let (first_outbox, second_outbox) = (Outbox::default(), Outbox::default());
        let first = fixture.start(MailBackend::Memory(first_mailbox.clone()), &first_outbox, quick());
        let second = Worker::start_with(
            other_server_db,
            &settings(MailBackend::Memory(second_mailbox.clone())),
            second_outbox.clone(),
            quick(),
        )
        .expect("second worker");

        for batch in 0..8 {
            fixture.queue(&messages(batch * 5..batch * 5 + 5));
            first_outbox.wake();
            second_outbox.wake();
        }
        wait_until("forty messages are recorded as sent", || fixture.all_sent(40));
        first.stop();
        second.stop();

        let (first_sent, second_sent) = (first_mailbox.messages(), second_mailbox.messages());
        eprintln!("delivered by the first worker: {}, by the second: {}", first_sent.len(), second_sent.len());
        let ids = counts(first_sent.iter().chain(&second_sent).map(|m| m.outbox_id.as_str()));
        assert_each_sent_once(&fixture.rows(), &ids);
    }

    async fn a_claimed_message_is_not_claimed_again_until_released_or_lapsed(backend) {
        let fixture = Fixture::new(backend);
        fixture.queue(&[message(1)]);
        let lease = TimeDelta::seconds(60);
        let (mut first, mut second) = (fixture.conn(), fixture.conn());

        let claimed = OutboxMessage::claim_next(&mut first, lease).expect("claim").expect("a due message");
        assert!(claimed.locked_until.is_some());
        assert_eq!(OutboxMessage::claim_next(&mut second, lease).expect("claim"), None);

        // A failure releases the claim; the retry is due at once here.
        let retry_at = jointreg::db::models::now();
        assert!(OutboxMessage::mark_failed(&mut first, &claimed.id, "refused", retry_at).expect("record"));
        let again = OutboxMessage::claim_next(&mut second, TimeDelta::seconds(-1)).expect("claim").expect("due");
        assert_eq!((again.id.as_str(), again.attempts), (claimed.id.as_str(), 1));

        // That claim ended a second before it began, as if its worker had died: it can be taken over.
        let taken_over = OutboxMessage::claim_next(&mut first, lease).expect("claim").expect("lapsed claim");
        assert_eq!(taken_over.id, claimed.id);
        assert!(OutboxMessage::mark_sent(&mut first, &claimed.id).expect("record"));
        assert!(!OutboxMessage::mark_sent(&mut second, &claimed.id).expect("record"), "recorded once only");
        assert_eq!(OutboxMessage::claim_next(&mut second, lease).expect("claim"), None);
    }

    async fn a_recipient_that_is_not_a_mailbox_is_refused_when_queued(backend) {
        let fixture = Fixture::new(backend);
        let bad = OutgoingMessage { to: "not an address".into(), ..message(1) };
        let result = transaction::write(&mut fixture.conn(), |conn: &mut DbConn| email::enqueue(conn, &bad));
        assert!(matches!(result, Err(ApiError::Internal(_))), "{result:?}");
        assert!(fixture.rows().is_empty());
    }
}

api_test! {
    fn a_mail_folder_that_cannot_be_created_is_refused_at_start() {
        let fixture = Fixture::new(Backend::Sqlite);
        let folder = tempfile::tempdir().expect("folder");
        let file = folder.path().join("occupied");
        std::fs::write(&file, "a file, not a folder").expect("file");
        let dir = file.join("mail");

        let error = Worker::start(fixture.db.clone(), &settings(MailBackend::File { dir: dir.clone() }), Outbox::default())
            .expect_err("an unusable folder");
        assert!(error.starts_with("cannot use the mail folder"), "{error}");
        assert!(error.contains(&dir.display().to_string()), "{error}");
        assert!(!error.contains('\n'), "one line: {error}");
    }
}

api_test! {
    fn a_from_address_that_is_not_a_mailbox_is_refused_at_start() {
        let fixture = Fixture::new(Backend::Sqlite);
        let mail = MailSettings { from: "nobody".into(), ..settings(MailBackend::Memory(MemoryMailbox::default())) };
        let error = Worker::start(fixture.db.clone(), &mail, Outbox::default()).expect_err("a bad From");
        assert!(error.contains("From address"), "{error}");
    }
}
