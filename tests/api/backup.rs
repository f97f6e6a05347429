//! `jointreg backup` and `jointreg restore`, as an operator runs them: a backup taken while a write
//! load goes on, restored into a fresh database, holds every create acknowledged before it began,
//! passes the integrity and foreign key checks, and serves; and the refusals, with their exit codes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use jointreg::config::DatabaseUrl;
use jointreg::db::schema::institutions;
use serde_json::{Value, json};

use crate::helpers::accounts::insert_institution;
use crate::helpers::{Backend, PASSWORD, TestDatabase};
use crate::lifecycle::{admin_token, database_env, jointreg, serve};
use crate::{api_test, both_backends};

const WRITERS: usize = 3;
const DRILL_NAME: &str = "Drill institute";

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Integrity {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

fn count(database: &TestDatabase, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<Count>(&mut database.connect()).unwrap().n
}

/// What a `jointreg` run printed and how it ended.
#[derive(Debug)]
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `jointreg` on `database`, with the test's PATH so it finds pg_dump as an operator's shell would.
fn command(dir: &Path, database: &DatabaseUrl) -> Command {
    let mut command = jointreg(dir);
    command.env("JOINTREG_DATABASE_URL", database_env(database));
    if let Some(path) = std::env::var_os("PATH") {
        command.env("PATH", path);
    }
    command
}

fn run(command: &mut Command) -> Outcome {
    let output = command.stdout(Stdio::piped()).stderr(Stdio::piped()).output().expect("run jointreg");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    Outcome { code: output.status.code().unwrap_or(-1), stdout: text(&output.stdout), stderr: text(&output.stderr) }
}

fn backup(dir: &Path, database: &DatabaseUrl, to: &Path, extra: &[&str]) -> Outcome {
    run(command(dir, database).arg("backup").arg("--to").arg(to).args(extra))
}

fn restore(dir: &Path, database: &DatabaseUrl, from: &Path) -> Outcome {
    run(command(dir, database).arg("restore").arg("--from").arg(from))
}

fn file_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

/// One create answered 201: which writer made it, its place in that writer's sequence, and when
/// the answer arrived.
#[derive(Debug, Clone)]
struct Acknowledged {
    writer: usize,
    seq: usize,
    id: String,
    at: Instant,
}

/// Writers creating institutions through the API, one request after another each, until stopped.
struct WriteLoad {
    stop: Arc<AtomicBool>,
    acknowledged: Arc<Mutex<Vec<Acknowledged>>>,
    /// Each writer returns what went wrong (nothing, when every create was answered 201).
    writers: Vec<tokio::task::JoinHandle<Vec<String>>>,
}

impl WriteLoad {
    fn start(port: u16, token: &str) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let acknowledged = Arc::new(Mutex::new(Vec::new()));
        let writers = (0..WRITERS)
            .map(|writer| {
                let (stop, acknowledged, token) = (stop.clone(), acknowledged.clone(), token.to_owned());
                tokio::spawn(async move {
                    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
                    let mut problems = Vec::new();
                    let mut seq = 0;
                    while !stop.load(Ordering::SeqCst) {
                        let body = json!({
                            "names": {"en": format!("{DRILL_NAME} {writer}-{seq:05}")},
                            "country": "KZ",
                            "kind": "university"
                        });
                        let sent = client
                            .post(format!("http://127.0.0.1:{port}/api/v1/institutions"))
                            .bearer_auth(&token)
                            .json(&body)
                            .send()
                            .await;
                        let at = Instant::now();
                        let response = match sent {
                            Ok(response) if response.status() == 201 => response,
                            Ok(response) => {
                                problems.push(format!("writer {writer} create {seq}: {}", response.status()));
                                break;
                            }
                            Err(e) => {
                                problems.push(format!("writer {writer} create {seq}: {e}"));
                                break;
                            }
                        };
                        let created: Value = response.json().await.unwrap_or(Value::Null);
                        let Some(id) = created["id"].as_str() else {
                            problems.push(format!("writer {writer} create {seq}: no id in {created}"));
                            break;
                        };
                        acknowledged.lock().unwrap().push(Acknowledged { writer, seq, id: id.to_owned(), at });
                        seq += 1;
                    }
                    problems
                })
            })
            .collect();
        WriteLoad { stop, acknowledged, writers }
    }

    fn acknowledged_count(&self) -> usize {
        self.acknowledged.lock().unwrap().len()
    }

    /// Waits until `n` creates have been acknowledged (at most 60 s).
    async fn wait_for(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.acknowledged_count() < n {
            assert!(Instant::now() < deadline, "the write load made only {} creates", self.acknowledged_count());
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    /// Stops the writers after their current request; every create they made is acknowledged.
    async fn stop(self) -> Vec<Acknowledged> {
        self.stop.store(true, Ordering::SeqCst);
        let mut problems = Vec::new();
        for writer in self.writers {
            problems.extend(writer.await.unwrap());
        }
        assert!(problems.is_empty(), "every create under load is answered 201: {problems:?}");
        self.acknowledged.lock().unwrap().clone()
    }
}

/// The restored database's integrity: SQLite's own checks; on PostgreSQL, every foreign key of the
/// original is there and validated (pg_restore adds them after the data, checking every row).
fn assert_integrity(original: &TestDatabase, restored: &TestDatabase) {
    match restored.url {
        DatabaseUrl::Sqlite { .. } => {
            let check: Vec<Integrity> =
                diesel::sql_query("PRAGMA integrity_check").load(&mut restored.connect()).unwrap();
            assert_eq!(check.iter().map(|c| c.integrity_check.as_str()).collect::<Vec<_>>(), ["ok"]);
            assert_eq!(
                count(restored, "SELECT COUNT(*) AS n FROM pragma_foreign_key_check"),
                0,
                "no dangling references"
            );
            assert_eq!(
                count(restored, "SELECT COUNT(*) AS n FROM sqlite_master WHERE sql LIKE '%REFERENCES%'"),
                count(original, "SELECT COUNT(*) AS n FROM sqlite_master WHERE sql LIKE '%REFERENCES%'"),
            );
        }
        DatabaseUrl::Postgres { .. } => {
            let foreign_keys = "SELECT COUNT(*) AS n FROM pg_constraint WHERE contype = 'f' AND convalidated \
                                AND connamespace = 'public'::regnamespace";
            assert!(count(original, foreign_keys) > 10);
            assert_eq!(count(restored, foreign_keys), count(original, foreign_keys), "every foreign key, validated");
            assert_eq!(
                count(restored, "SELECT COUNT(*) AS n FROM pg_trigger WHERE tgenabled = 'D'"),
                0,
                "no trigger left off"
            );
        }
    }
}

/// Signs in as the administrator `admin_token` made, over plain HTTP.
async fn sign_in(port: u16) -> String {
    let response = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/auth/login"))
        .json(&json!({"email": "root@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
}

both_backends! {
    async fn a_backup_taken_under_write_load_restores_everything_acknowledged_before_it(backend) {
        let original = TestDatabase::new(backend);
        let dir = tempfile::tempdir().unwrap();
        // A registry of some size, so that the copy takes long enough for writes to land during it.
        let seeded = run(command(dir.path(), &original.url).args(["seed-synthetic", "--projects", "400"]));
        assert_eq!(seeded.code, 0, "{seeded:?}");
        let url = database_env(&original.url);
        let (mut server, port, _) = serve(dir.path(), &url);
        let token = admin_token(dir.path(), &url, port);

        let load = WriteLoad::start(port, &token);
        load.wait_for(30).await;
        let file = dir.path().join("drill.backup");
        let started = Instant::now();
        let outcome = {
            let (dir, database, file) = (dir.path().to_owned(), original.url.clone(), file.clone());
            tokio::task::spawn_blocking(move || backup(&dir, &database, &file, &[])).await.unwrap()
        };
        let ended = Instant::now();
        // A few more after the backup, so the writers are seen to go on past it.
        let after = load.acknowledged_count() + 5;
        load.wait_for(after).await;
        let acknowledged = load.stop().await;
        server.kill().unwrap();
        server.wait().unwrap();
        assert_eq!(outcome.code, 0, "{outcome:?}");
        assert!(outcome.stdout.contains("backup written to"), "{}", outcome.stdout);
        assert!(outcome.stderr.contains(" in ") && outcome.stderr.contains("B"), "progress with size and time: {}", outcome.stderr);
        assert_eq!(file_names(dir.path()).iter().filter(|n| n.contains("partial")).count(), 0, "no temporary file left");

        let before: Vec<&Acknowledged> = acknowledged.iter().filter(|a| a.at < started).collect();
        let during = acknowledged.iter().filter(|a| a.at > started && a.at < ended).count();
        assert!(during > 0, "creates were acknowledged while the backup ran ({} before, {} in all, backup {:?})", before.len(), acknowledged.len(), ended - started);

        let restored = TestDatabase::new(backend);
        let outcome = restore(dir.path(), &restored.url, &file);
        assert_eq!(outcome.code, 0, "{outcome:?}");
        assert!(outcome.stdout.contains("restored a"), "{}", outcome.stdout);
        assert_integrity(&original, &restored);

        let rows: Vec<(String, String)> = institutions::table
            .select((institutions::id, institutions::name_en))
            .load(&mut restored.connect())
            .unwrap();
        let restored_ids: BTreeSet<&str> = rows.iter().map(|(id, _)| id.as_str()).collect();
        let missing: Vec<&str> = before.iter().map(|a| a.id.as_str()).filter(|id| !restored_ids.contains(id)).collect();
        assert!(missing.is_empty(), "{} of {} creates acknowledged before the backup are missing: {missing:?}", missing.len(), before.len());
        // One snapshot: each writer's creates in it are the first k it made, none skipped.
        let by_id: BTreeMap<&str, &Acknowledged> = acknowledged.iter().map(|a| (a.id.as_str(), a)).collect();
        let mut per_writer: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (id, name) in rows.iter().filter(|(_, name)| name.starts_with(DRILL_NAME)) {
            let made = by_id.get(id.as_str()).unwrap_or_else(|| panic!("{name} ({id}) was never acknowledged"));
            per_writer.entry(made.writer).or_default().push(made.seq);
        }
        for (writer, mut seqs) in per_writer {
            seqs.sort_unstable();
            assert_eq!(seqs, (0..seqs.len()).collect::<Vec<_>>(), "writer {writer}'s creates form a prefix");
        }
        assert_eq!(
            count(&restored, "SELECT COUNT(*) AS n FROM projects"),
            count(&original, "SELECT COUNT(*) AS n FROM projects"),
            "the seeded registry came along"
        );
        eprintln!(
            "backup drill ({backend:?}): {} creates before the backup, {during} during its {:?}, {} in all; {} drill institutions restored",
            before.len(),
            ended - started,
            acknowledged.len(),
            rows.iter().filter(|(_, name)| name.starts_with(DRILL_NAME)).count()
        );

        // The restored database serves: the administrator signs in and reads what was saved.
        let url = database_env(&restored.url);
        let (mut server, port, _) = serve(dir.path(), &url);
        let token = sign_in(port).await;
        let read = reqwest::Client::new()
            .get(format!("http://127.0.0.1:{port}/api/v1/institutions/{}", before[0].id))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(read.status(), 200);
        server.kill().unwrap();
        server.wait().unwrap();
    }

    async fn backup_refuses_an_existing_file_unless_forced(backend) {
        let database = TestDatabase::new(backend);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("nightly.backup");
        std::fs::write(&file, "an older backup, to keep").unwrap();

        let refused = backup(dir.path(), &database.url, &file, &[]);
        assert_eq!(refused.code, 65, "{refused:?}");
        assert!(refused.stderr.contains("already exists") && refused.stderr.contains("--force"), "{}", refused.stderr);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "an older backup, to keep");

        let forced = backup(dir.path(), &database.url, &file, &["--force"]);
        assert_eq!(forced.code, 0, "{forced:?}");
        let header = std::fs::read(&file).unwrap();
        let expected: &[u8] = if backend == Backend::Sqlite { b"SQLite format 3\0" } else { b"PGDMP" };
        assert!(header.starts_with(expected), "a {backend:?} backup replaced the old file");
        assert_eq!(file_names(dir.path()), BTreeSet::from(["nightly.backup".to_owned()]), "nothing else left behind");
    }

    async fn a_backup_from_an_older_version_gets_the_migrations_it_lacks(backend) {
        // The source is taken back one migration, as a database of the previous release would be.
        let source = TestDatabase::new(backend);
        let (version, down) = latest_migration(backend);
        let mut conn = source.connect();
        diesel::connection::SimpleConnection::batch_execute(&mut conn, &down).unwrap();
        let removed = diesel::sql_query(format!("DELETE FROM __diesel_schema_migrations WHERE version = '{version}'"))
            .execute(&mut conn)
            .unwrap();
        assert_eq!(removed, 1);
        drop(conn);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("previous-release.backup");
        let written = backup(dir.path(), &source.url, &file, &[]);
        assert_eq!(written.code, 0, "{written:?}");

        let target = TestDatabase::new(backend);
        let restored = restore(dir.path(), &target.url, &file);
        assert_eq!(restored.code, 0, "{restored:?}");
        assert!(restored.stdout.contains("applied 1 migrations it was missing"), "{}", restored.stdout);
        let sql = format!("SELECT COUNT(*) AS n FROM __diesel_schema_migrations WHERE version = '{version}'");
        assert_eq!(count(&target, &sql), 1, "the restored database is current");
    }

    async fn restore_refuses_a_target_that_holds_data(backend) {
        let source = TestDatabase::new(backend);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("empty-registry.backup");
        let written = backup(dir.path(), &source.url, &file, &[]);
        assert_eq!(written.code, 0, "{written:?}");

        let target = TestDatabase::new(backend);
        let kept = insert_institution(&mut target.connect(), "Institute already registered here", "RU");
        let refused = restore(dir.path(), &target.url, &file);
        assert_eq!(refused.code, 65, "{refused:?}");
        assert!(refused.stderr.contains("is not empty") && refused.stderr.contains("institutions: 1"), "{}", refused.stderr);
        assert!(refused.stderr.contains("fresh database"), "{}", refused.stderr);
        let ids: Vec<String> = institutions::table.select(institutions::id).load(&mut target.connect()).unwrap();
        assert_eq!(ids, [kept], "the target is untouched");
    }

    async fn restore_refuses_what_is_not_a_jointreg_backup(backend) {
        let target = TestDatabase::new(backend);
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, "SELECT 'this is not a backup';").unwrap();
        let refused = restore(dir.path(), &target.url, &notes);
        assert_eq!(refused.code, 65, "{refused:?}");
        assert!(refused.stderr.contains("is not a jointreg backup"), "{}", refused.stderr);

        let missing = restore(dir.path(), &target.url, &dir.path().join("no-such.backup"));
        assert_eq!(missing.code, 65, "{missing:?}");
        assert!(missing.stderr.contains("cannot read"), "{}", missing.stderr);

        // Of the right kind, but not jointreg's (or not whole).
        let impostor = dir.path().join("impostor.backup");
        let expected = match backend {
            Backend::Sqlite => {
                let mut other = diesel::SqliteConnection::establish(&impostor.to_string_lossy()).unwrap();
                diesel::connection::SimpleConnection::batch_execute(&mut other, "CREATE TABLE recipes (name TEXT)").unwrap();
                "not a jointreg backup"
            }
            Backend::Postgres => {
                std::fs::write(&impostor, b"PGDMP\x01\x0f\x00\x04\x08\x01\x01 truncated").unwrap();
                "not a readable pg_dump archive"
            }
        };
        let refused = restore(dir.path(), &target.url, &impostor);
        assert_eq!(refused.code, 65, "{refused:?}");
        assert!(refused.stderr.contains(expected), "{}", refused.stderr);
        assert_eq!(count(&target, "SELECT COUNT(*) AS n FROM institutions"), 0);
    }
}

api_test! {
    fn a_postgres_archive_is_refused_by_a_sqlite_database() {
        let target = TestDatabase::new(Backend::Sqlite);
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("from-postgres.dump");
        std::fs::write(&archive, b"PGDMP\x01\x0f\x00\x04\x08\x01\x01").unwrap();
        let refused = restore(dir.path(), &target.url, &archive);
        assert_eq!(refused.code, 65, "{refused:?}");
        assert!(
            refused.stderr.contains("is a pg_dump custom-format archive")
                && refused.stderr.contains("the configured database is SQLite"),
            "{}",
            refused.stderr
        );
    }
}

api_test! {
    #[requires(Postgres)]
    fn real_backups_are_refused_by_the_other_backend() {
        let (sqlite, postgres) = (TestDatabase::new(Backend::Sqlite), TestDatabase::new(Backend::Postgres));
        let dir = tempfile::tempdir().unwrap();
        let (sqlite_file, postgres_file) = (dir.path().join("sqlite.backup"), dir.path().join("postgres.backup"));
        assert_eq!(backup(dir.path(), &sqlite.url, &sqlite_file, &[]).code, 0);
        assert_eq!(backup(dir.path(), &postgres.url, &postgres_file, &[]).code, 0);

        let refused = restore(dir.path(), &postgres.url, &sqlite_file);
        assert_eq!(refused.code, 65, "{refused:?}");
        assert!(
            refused.stderr.contains("is a SQLite database file, but the configured database is PostgreSQL"),
            "{}",
            refused.stderr
        );
        let refused = restore(dir.path(), &sqlite.url, &postgres_file);
        assert_eq!(refused.code, 65, "{refused:?}");
        assert!(refused.stderr.contains("but the configured database is SQLite"), "{}", refused.stderr);
    }
}

/// The newest migration of `backend`: its version as diesel records it, and its down.sql.
fn latest_migration(backend: Backend) -> (String, String) {
    let folder = if backend == Backend::Sqlite { "sqlite" } else { "postgres" };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(folder);
    let latest = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).max().unwrap();
    let name = latest.file_name().unwrap().to_string_lossy().into_owned();
    let version = name.split('_').next().unwrap().replace('-', "");
    (version, std::fs::read_to_string(latest.join("down.sql")).unwrap())
}

/// A folder holding `pg_dump` as the given shell script, and the real `pg_restore`.
fn fake_tools(script: &str) -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let tools = tempfile::tempdir().unwrap();
    let pg_dump = tools.path().join("pg_dump");
    std::fs::write(&pg_dump, script).unwrap();
    std::fs::set_permissions(&pg_dump, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink(real_tool("pg_restore"), tools.path().join("pg_restore")).unwrap();
    tools
}

fn real_tool(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| panic!("the PostgreSQL tests need {name} on PATH"))
}

api_test! {
    #[requires(Postgres)]
    fn a_missing_or_outdated_pg_dump_is_unavailable() {
        let database = TestDatabase::new(Backend::Postgres);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("never.backup");
        let nothing = tempfile::tempdir().unwrap();
        let missing =
            run(command(dir.path(), &database.url).env("PATH", nothing.path()).arg("backup").arg("--to").arg(&file));
        assert_eq!(missing.code, 69, "{missing:?}");
        assert!(missing.stderr.contains("pg_dump is not on PATH"), "{}", missing.stderr);

        let old = fake_tools("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n");
        let outdated = run(command(dir.path(), &database.url).env("PATH", old.path()).arg("backup").arg("--to").arg(&file));
        assert_eq!(outdated.code, 69, "{outdated:?}");
        assert!(outdated.stderr.contains("pg_dump 9 cannot dump a PostgreSQL"), "{}", outdated.stderr);
        assert!(!file.exists());
    }
}

api_test! {
    #[requires(Postgres)]
    fn the_database_password_stays_off_command_lines_and_out_of_messages() {
        const SECRET: &str = "drill-s3cret-word";
        let database = TestDatabase::new(Backend::Postgres);
        let DatabaseUrl::Postgres { url } = &database.url else { unreachable!() };
        let mut with_password = url::Url::parse(url).unwrap();
        with_password.set_password(Some(SECRET)).unwrap();
        let with_password = DatabaseUrl::Postgres { url: with_password.to_string() };

        let dir = tempfile::tempdir().unwrap();
        let seen = dir.path().join("seen-by-pg_dump");
        // Records its arguments and its PGPASSWORD, then does the real work.
        let tools = fake_tools(&format!(
            "#!/bin/sh\n[ \"$1\" = --version ] || {{ echo \"$@\" > '{args}'; echo \"$PGPASSWORD\" > '{env}'; }}\nexec '{real}' \"$@\"\n",
            args = seen.with_extension("args").display(),
            env = seen.with_extension("env").display(),
            real = real_tool("pg_dump").display(),
        ));
        let file = dir.path().join("with-password.backup");
        let outcome =
            run(command(dir.path(), &with_password).env("PATH", tools.path()).arg("backup").arg("--to").arg(&file));
        assert_eq!(outcome.code, 0, "{outcome:?}");
        let args = std::fs::read_to_string(seen.with_extension("args")).unwrap();
        assert!(args.contains("--format=custom") && !args.contains(SECRET), "pg_dump's command line: {args}");
        assert_eq!(std::fs::read_to_string(seen.with_extension("env")).unwrap().trim(), SECRET, "given in PGPASSWORD");
        assert!(!outcome.stdout.contains(SECRET) && !outcome.stderr.contains(SECRET), "{outcome:?}");
    }
}
