//! The binary as operators run it: settings, start-up failures, migrations, restarts, SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use jointreg::config::DatabaseUrl;
use serde_json::Value;

use crate::helpers::{TestApp, TestDatabase, south_ural_university, wuhan_university};
use crate::{api_test, both_backends};

/// The `jointreg` binary with a clean environment (no stray JOINTREG_* settings), run in `dir`.
pub(crate) fn jointreg(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jointreg"));
    command.env_clear().current_dir(dir).stdin(Stdio::null());
    command
}

pub(crate) fn database_env(database: &DatabaseUrl) -> String {
    match database {
        DatabaseUrl::Sqlite { path } => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres { url } => url.clone(),
    }
}

pub(crate) const JWT_SECRET: &str = "a test secret that is long enough for HS256 signing";

/// Creates an administrator with `jointreg create-admin` and signs in; returns the access token.
pub(crate) fn admin_token(dir: &std::path::Path, database: &str, port: u16) -> String {
    let mut child = jointreg(dir)
        .args(["create-admin", "--email", "root@example.org", "--password-stdin"])
        .env("JOINTREG_DATABASE_URL", database)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{}\n", crate::helpers::PASSWORD).as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("created administrator root@example.org"));

    let body = serde_json::json!({"email": "root@example.org", "password": crate::helpers::PASSWORD}).to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let response = http_response(&mut stream);
    let json = response.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or_default();
    let token: Value = serde_json::from_str(json).unwrap_or_else(|_| panic!("{response}"));
    token["access_token"].as_str().unwrap().to_owned()
}

/// Starts `jointreg serve` on a free port; returns the child, its port (read from its log) and
/// the stream of its later log events.
pub(crate) fn serve(dir: &std::path::Path, database: &str) -> (Child, u16, mpsc::Receiver<Value>) {
    serve_with(dir, database, &[])
}

/// [`serve`] with more settings, which override the defaults above (e.g. SMTP mail).
pub(crate) fn serve_with(
    dir: &std::path::Path,
    database: &str,
    settings: &[(&str, &str)],
) -> (Child, u16, mpsc::Receiver<Value>) {
    let mut child = jointreg(dir)
        .args(["serve"])
        .env("JOINTREG_BIND", "127.0.0.1:0")
        .env("JOINTREG_DATABASE_URL", database)
        .env("JOINTREG_LOG_FORMAT", "json")
        .env("JOINTREG_LOG", "info,jointreg=debug")
        .env("JOINTREG_JWT_SECRET", JWT_SECRET)
        .env("JOINTREG_MAIL_BACKEND", "memory")
        .env("JOINTREG_WORKERS", "1")
        .envs(settings.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start jointreg");
    let stderr = child.stderr.take().expect("stderr");
    let (events_tx, events) = mpsc::channel();
    std::thread::spawn(move || {
        // Lines that are not log events (a start-up error) come as `{"raw": line}`, so a test
        // that waits in vain can say what the process printed.
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let event = serde_json::from_str::<Value>(&line).unwrap_or_else(|_| serde_json::json!({ "raw": line }));
            let _ = events_tx.send(event);
        }
    });
    let port = wait_for_event(&events, |e| e["message"] == "listening")["port"].as_u64().unwrap() as u16;
    (child, port, events)
}

fn wait_for_event(events: &mpsc::Receiver<Value>, wanted: impl Fn(&Value) -> bool) -> Value {
    let mut printed = Vec::new();
    loop {
        let event = events
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|why| panic!("the expected log event ({why}); the process printed: {printed:#?}"));
        if wanted(&event) {
            return event;
        }
        printed.push(event);
    }
}

/// Waits for the process to end, failing the test after `limit`.
pub(crate) fn wait_for_exit(child: Child, limit: Duration) -> std::process::ExitStatus {
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut child = child;
        let _ = done_tx.send(child.wait());
    });
    done_rx.recv_timeout(limit).expect("the process ends in time").expect("wait")
}

fn http_response(stream: &mut TcpStream) -> String {
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).expect("read the response");
    text
}

both_backends! {
    async fn migrations_started_at_once_on_a_new_database_take_turns(backend) {
        // Three `migrate` at once, as servers of one deployment start: on SQLite the write lock,
        // on PostgreSQL an advisory lock, makes them take turns. Five new databases in a row.
        let migrations = std::fs::read_dir(format!("{}/migrations/{}", env!("CARGO_MANIFEST_DIR"), match backend {
            crate::helpers::Backend::Sqlite => "sqlite",
            crate::helpers::Backend::Postgres => "postgres",
        }))
        .unwrap()
        .count() as i64;
        for round in 0..5 {
            let database = TestDatabase::empty(backend);
            let url = database_env(&database.url);
            let dir = tempfile::tempdir().unwrap();
            let runs: Vec<Child> = (0..3)
                .map(|_| {
                    jointreg(dir.path())
                        .arg("migrate")
                        .env("JOINTREG_DATABASE_URL", &url)
                        .stdout(Stdio::piped())
                        .stderr(Stdio::piped())
                        .spawn()
                        .unwrap()
                })
                .collect();
            for run in runs {
                let output = run.wait_with_output().unwrap();
                assert!(output.status.success(), "round {round}: {}", String::from_utf8_lossy(&output.stderr));
            }
            #[derive(diesel::QueryableByName)]
            struct Count {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            let applied: Count = diesel::RunQueryDsl::get_result(
                diesel::sql_query("SELECT COUNT(*) AS n FROM __diesel_schema_migrations"),
                &mut database.connect(),
            )
            .unwrap();
            assert_eq!(applied.n, migrations, "round {round}: each migration recorded once");
        }
    }

    async fn data_survives_a_restart_and_migrations_are_not_reapplied(backend) {
        let app = TestApp::spawn(backend).await;
        let created = app.create_institution(&wuhan_university()).await;

        let app = app.restart();

        let path = format!("/api/v1/institutions/{}", created["id"].as_str().unwrap());
        assert_eq!(app.get(&path).await.json::<Value>().await.unwrap(), created);
        let dir = tempfile::tempdir().unwrap();
        let output = jointreg(dir.path())
            .arg("migrate")
            .env("JOINTREG_DATABASE_URL", database_env(&app.database.url))
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("up to date"), "{output:?}");
    }

    async fn sigterm_lets_an_in_flight_request_finish_refuses_new_ones_and_exits_0(backend) {
        let database = TestDatabase::new(backend);
        let dir = tempfile::tempdir().unwrap();
        let (child, port, events) = serve(dir.path(), &database_env(&database.url));
        let token = admin_token(dir.path(), &database_env(&database.url), port);

        // A request whose body is still arriving when SIGTERM comes.
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let body = south_ural_university().to_string();
        let (first_half, second_half) = body.as_bytes().split_at(body.len() / 2);
        write!(
            stream,
            "POST /api/v1/institutions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .unwrap();
        stream.write_all(first_half).unwrap();
        stream.flush().unwrap();
        wait_for_event(&events, |e| e["message"] == "request started" && e["span"]["method"] == "POST" && e["span"]["path"] == "/api/v1/institutions");
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), nix::sys::signal::Signal::SIGTERM).unwrap();

        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_ok() {
            assert!(started.elapsed() < Duration::from_secs(10), "new connections still accepted");
            std::thread::sleep(Duration::from_millis(20));
        }
        stream.write_all(second_half).unwrap();
        let response = http_response(&mut stream);

        assert!(response.starts_with("HTTP/1.1 201"), "{response}");
        let status = wait_for_exit(child, Duration::from_secs(20));
        assert_eq!(status.code(), Some(0));
        // Not one log line carries the token or the password.
        let logged: Vec<String> = events.iter().map(|e| e.to_string()).collect();
        assert!(!logged.is_empty());
        assert!(logged.iter().all(|line| !line.contains(&token) && !line.contains(crate::helpers::PASSWORD)));

        // What was acknowledged is there after the restart.
        let (child, port, _) = serve(dir.path(), &database_env(&database.url));
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET /api/v1/institutions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n").unwrap();
        let listing = http_response(&mut stream);
        assert!(listing.contains("South Ural State University"), "{listing}");
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), nix::sys::signal::Signal::SIGTERM).unwrap();
        assert_eq!(wait_for_exit(child, Duration::from_secs(20)).code(), Some(0));
    }

    async fn a_typo_is_reported_with_the_other_problems(backend) {
        let database = TestDatabase::new(backend);
        let dir = tempfile::tempdir().unwrap();

        // The misspelt variable is why the pool size is wrong: both must be on screen.
        let output = jointreg(dir.path())
            .arg("serve")
            .env("JOINTREG_DATABASE_URL", database_env(&database.url))
            .env("JOINTREG_DB_POOL_SIZ", "4")
            .env("JOINTREG_DB_POOL_SIZE", "0")
            .output()
            .unwrap();

        assert_eq!(output.status.code(), Some(78), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 2, "one line per problem: {stderr}");
        assert!(lines.iter().any(|l| l.starts_with("error: JOINTREG_DB_POOL_SIZE: ")), "{stderr}");
        assert!(lines.iter().any(|l| l.starts_with("error: JOINTREG_DB_POOL_SIZ: ") && l.contains("typo")), "{stderr}");
    }
}

api_test! {
    fn bad_settings_stop_start_up_with_one_line_per_problem() {
        let dir = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let output = jointreg(dir.path())
            .env("JOINTREG_BIND", "localhost-ish")
            .env("JOINTREG_DATABASE_URL", "mysql://db/jointreg")
            .env("JOINTREG_DB_POOL_SIZE", "0")
            .env("JOINTREG_LOG_FORMAT", "xml")
            .output()
            .unwrap();

        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(output.status.code(), Some(78));
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 4, "{stderr}");
        for variable in ["JOINTREG_BIND", "JOINTREG_DATABASE_URL", "JOINTREG_DB_POOL_SIZE", "JOINTREG_LOG_FORMAT"] {
            assert!(lines.iter().any(|l| l.starts_with(&format!("error: {variable}: "))), "{variable} in {stderr}");
        }
        assert!(stderr.contains("\"mysql\""), "{stderr}");
        assert!(!dir.path().join("jointreg.db").exists(), "nothing was created");
    }
}

api_test! {
    fn unreachable_postgres_stops_start_up_within_5_seconds() {
        let dir = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let output = jointreg(dir.path())
            .env("JOINTREG_BIND", "127.0.0.1:0")
            .env("JOINTREG_DATABASE_URL", "postgres://jointreg:secret-password@127.0.0.1:1/jointreg")
            .output()
            .unwrap();

        assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
        assert_eq!(output.status.code(), Some(69));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("cannot connect to PostgreSQL"), "{stderr}");
        assert!(!stderr.contains("secret-password"), "the password is never printed");
    }
}

api_test! {
    fn with_no_configuration_it_serves_on_localhost_8080_over_a_local_sqlite_file() {
        let dir = tempfile::tempdir().unwrap();
        let output = jointreg(dir.path()).arg("check-config").output().unwrap();

        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("127.0.0.1:8080"), "{stdout}");
        assert!(stdout.contains("sqlite://jointreg.db"), "{stdout}");
        assert!(stdout.contains("database connection ok"), "{stdout}");

        // Serving (on a free port instead of 8080) creates the database file in the working folder.
        let (child, port, _) = serve(dir.path(), "sqlite://jointreg.db");
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(stream, "GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
        assert!(http_response(&mut stream).starts_with("HTTP/1.1 200"));
        assert!(dir.path().join("jointreg.db").exists());
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), nix::sys::signal::Signal::SIGTERM).unwrap();
        assert_eq!(wait_for_exit(child, Duration::from_secs(20)).code(), Some(0));
    }
}

api_test! {
    fn openapi_subcommand_prints_the_document_and_help_lists_commands_and_exit_codes() {
        let dir = tempfile::tempdir().unwrap();
        let output = jointreg(dir.path()).arg("openapi").output().unwrap();
        assert!(output.status.success());
        let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(printed, serde_json::to_value(jointreg::openapi::document()).unwrap());

        let help = jointreg(dir.path()).arg("--help").output().unwrap();
        assert!(help.status.success());
        let text = String::from_utf8_lossy(&help.stdout);
        for word in ["serve", "migrate", "openapi", "check-config", "JOINTREG_DATABASE_URL", "78"] {
            assert!(text.contains(word), "{word} in {text}");
        }
        let wrong = jointreg(dir.path()).arg("serve-everything").output().unwrap();
        assert_eq!(wrong.status.code(), Some(2));
    }
}

api_test! {
    #[requires(PostgresTls)]
    fn postgres_connections_can_require_tls() {
        let mut url = crate::helpers::Backend::postgres_server().expect("required");
        // libpq refuses sslmode=require outright when it was built without TLS.
        url.query_pairs_mut().append_pair("sslmode", "require");
        let dir = tempfile::tempdir().unwrap();

        let output = jointreg(dir.path()).arg("check-config").env("JOINTREG_DATABASE_URL", url.as_str()).output().unwrap();

        assert!(output.status.success(), "{output:?}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("database connection ok"));
    }
}

api_test! {
    fn settings_are_read_from_a_dotenv_file_and_typos_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(".env"),
            "JOINTREG_BIND=127.0.0.1:9099\nJOINTREG_DATABASE_URL=sqlite://from-dotenv.db\n",
        )
        .unwrap();

        let output =
            jointreg(dir.path()).arg("check-config").env("JOINTREG_DATABSE_URL", "sqlite://typo.db").output().unwrap();

        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("127.0.0.1:9099") && stdout.contains("sqlite://from-dotenv.db"), "{stdout}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("JOINTREG_DATABSE_URL") && stderr.contains("typo"), "{stderr}");
    }
}

api_test! {
    fn unsafe_auth_and_mail_settings_stop_start_up() {
        let dir = tempfile::tempdir().unwrap();
        let output = jointreg(dir.path())
            .arg("check-config")
            .env("JOINTREG_ENV", "production")
            .env("JOINTREG_ARGON2_MEMORY_KIB", "4096")
            .env("JOINTREG_ACCESS_TOKEN_TTL_SECS", "3600")
            .env("JOINTREG_MAIL_BACKEND", "smtp")
            .output()
            .unwrap();

        assert_eq!(output.status.code(), Some(78));
        let stderr = String::from_utf8_lossy(&output.stderr);
        for variable in
            ["JOINTREG_JWT_SECRET", "JOINTREG_ARGON2_MEMORY_KIB", "JOINTREG_ACCESS_TOKEN_TTL_SECS", "JOINTREG_SMTP_URL"]
        {
            assert!(stderr.lines().any(|l| l.starts_with(&format!("error: {variable}: "))), "{variable} in {stderr}");
        }

        let short_secret = jointreg(dir.path()).arg("check-config").env("JOINTREG_JWT_SECRET", "short").output().unwrap();
        assert_eq!(short_secret.status.code(), Some(78));
        assert!(!String::from_utf8_lossy(&short_secret.stderr).contains("\"short\""), "the secret is never echoed");
        let bad_smtp = jointreg(dir.path())
            .arg("check-config")
            .env("JOINTREG_MAIL_BACKEND", "smtp")
            .env("JOINTREG_SMTP_URL", "imap://mail.example.org")
            .output()
            .unwrap();
        assert_eq!(bad_smtp.status.code(), Some(78));
        assert!(String::from_utf8_lossy(&bad_smtp.stderr).contains("JOINTREG_SMTP_URL"));
    }
}

api_test! {
    fn create_admin_generates_a_password_once_and_refuses_bad_input() {
        let dir = tempfile::tempdir().unwrap();
        let database = "sqlite://admin.db";
        let generated = jointreg(dir.path())
            .args(["create-admin", "--email", "first@example.org"])
            .env("JOINTREG_DATABASE_URL", database)
            .output()
            .unwrap();
        assert!(generated.status.success(), "{generated:?}");
        let stdout = String::from_utf8_lossy(&generated.stdout);
        let password = stdout
            .lines()
            .find_map(|l| l.split_once("password (shown once; change it after signing in): "))
            .map(|(_, p)| p.to_owned())
            .unwrap();
        assert!(password.len() >= 20, "{password}");

        let again = jointreg(dir.path())
            .args(["create-admin", "--email", "FIRST@example.org"])
            .env("JOINTREG_DATABASE_URL", database)
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(65), "{again:?}");
        let not_email = jointreg(dir.path())
            .args(["create-admin", "--email", "not-an-address"])
            .env("JOINTREG_DATABASE_URL", database)
            .output()
            .unwrap();
        assert_eq!(not_email.status.code(), Some(65));
        let mut child = jointreg(dir.path())
            .args(["create-admin", "--email", "second@example.org", "--password-stdin"])
            .env("JOINTREG_DATABASE_URL", database)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"password1234\n").unwrap();
        let common = child.wait_with_output().unwrap();
        assert_eq!(common.status.code(), Some(65));
        assert!(String::from_utf8_lossy(&common.stderr).contains("common"), "{common:?}");
    }
}
