//! Settings from the environment (`JOINTREG_*`, optionally from a `.env` file) or command-line
//! flags. Defaults make a bare `jointreg` serve on 127.0.0.1:8080 over a local SQLite file; every
//! problem with a setting is reported at once, one line each, before anything starts.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Where the data lives; the URL scheme alone decides the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://relative/path.db` or `sqlite:///absolute/path.db`.
    Sqlite { path: PathBuf },
    /// `postgres://…` or `postgresql://…`, passed to libpq as given.
    Postgres { url: String },
}

impl DatabaseUrl {
    pub fn parse(text: &str) -> Result<Self, String> {
        if let Some(rest) = text.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() || path == ":memory:" {
                return Err("names no SQLite file (use e.g. sqlite://jointreg.db; in-memory databases are not supported, each pooled connection would see its own)".into());
            }
            return Ok(DatabaseUrl::Sqlite { path: PathBuf::from(path) });
        }
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return url::Url::parse(text)
                .map(|_| DatabaseUrl::Postgres { url: text.to_owned() })
                .map_err(|e| format!("is not a valid PostgreSQL URL ({e})"));
        }
        let scheme = text.split_once(':').map(|(s, _)| s).unwrap_or(text);
        Err(format!("has unknown scheme {scheme:?} (expected sqlite://, postgres:// or postgresql://)"))
    }

    pub fn backend(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite { .. } => "sqlite",
            DatabaseUrl::Postgres { .. } => "postgres",
        }
    }

    /// The URL without its password, for logs and `check-config`.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite { path } => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres { url } => match url::Url::parse(url) {
                Ok(mut parsed) if parsed.password().is_some() => {
                    let _ = parsed.set_password(Some("********"));
                    parsed.to_string()
                }
                _ => url.clone(),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Validated settings: everything inside the service trusts these.
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database: DatabaseUrl,
    pub db_pool_size: u32,
    /// How long opening a database connection, or waiting for a pooled one, may take.
    pub db_connect_timeout: Duration,
    /// How long a SQLite writer waits for another writer before giving up.
    pub db_busy_timeout: Duration,
    pub workers: usize,
    pub max_body_bytes: usize,
    pub shutdown_timeout: Duration,
    pub log_filter: String,
    pub log_format: LogFormat,
    /// Whether the server itself reacts to SIGTERM/SIGINT (off for servers embedded in tests).
    pub handle_signals: bool,
}

impl Settings {
    /// Defaults around a given database, for embedding (tests, tools).
    pub fn with_database(database: DatabaseUrl) -> Self {
        Settings {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            database,
            db_pool_size: 8,
            db_connect_timeout: Duration::from_secs(3),
            db_busy_timeout: Duration::from_secs(5),
            workers: 2,
            max_body_bytes: 1 << 20,
            shutdown_timeout: Duration::from_secs(30),
            log_filter: "warn".into(),
            log_format: LogFormat::Pretty,
            handle_signals: false,
        }
    }
}

/// The raw settings as typed by the operator; [`SettingsArgs::validate`] turns them into
/// [`Settings`] or into the full list of problems.
#[derive(Debug, Clone, clap::Args)]
pub struct SettingsArgs {
    /// Address to listen on. Keep it on loopback unless a TLS-terminating proxy is in front.
    #[arg(long, env = "JOINTREG_BIND", default_value = "127.0.0.1:8080", global = true)]
    pub bind: String,
    /// sqlite://FILE (the default, created if missing) or postgres://USER:PASSWORD@HOST/DB.
    #[arg(
        long,
        env = "JOINTREG_DATABASE_URL",
        default_value = "sqlite://jointreg.db",
        global = true,
        hide_env_values = true
    )]
    pub database_url: String,
    /// Largest number of open database connections.
    #[arg(long, env = "JOINTREG_DB_POOL_SIZE", default_value = "10", global = true)]
    pub db_pool_size: String,
    /// Seconds to wait when opening or borrowing a database connection.
    #[arg(long, env = "JOINTREG_DB_CONNECT_TIMEOUT_SECS", default_value = "3", global = true)]
    pub db_connect_timeout_secs: String,
    /// Milliseconds a SQLite writer waits for another writer (writes queue, they do not fail).
    #[arg(long, env = "JOINTREG_DB_BUSY_TIMEOUT_MS", default_value = "5000", global = true)]
    pub db_busy_timeout_ms: String,
    /// HTTP worker threads; 0 means one per CPU core.
    #[arg(long, env = "JOINTREG_WORKERS", default_value = "0", global = true)]
    pub workers: String,
    /// Largest accepted request body, in bytes.
    #[arg(long, env = "JOINTREG_MAX_BODY_BYTES", default_value = "1048576", global = true)]
    pub max_body_bytes: String,
    /// Seconds in-flight requests get to finish after SIGTERM.
    #[arg(long, env = "JOINTREG_SHUTDOWN_TIMEOUT_SECS", default_value = "30", global = true)]
    pub shutdown_timeout_secs: String,
    /// Log filter in tracing's syntax, e.g. `info` or `jointreg=debug,actix_web=info`.
    #[arg(long, env = "JOINTREG_LOG", default_value = "info", global = true)]
    pub log: String,
    /// `pretty` for people, `json` for log collectors.
    #[arg(long, env = "JOINTREG_LOG_FORMAT", default_value = "pretty", global = true)]
    pub log_format: String,
}

/// Every `JOINTREG_*` variable the binary reads (test-only ones aside).
pub const KNOWN_VARIABLES: [&str; 10] = [
    "JOINTREG_BIND",
    "JOINTREG_DATABASE_URL",
    "JOINTREG_DB_POOL_SIZE",
    "JOINTREG_DB_CONNECT_TIMEOUT_SECS",
    "JOINTREG_DB_BUSY_TIMEOUT_MS",
    "JOINTREG_WORKERS",
    "JOINTREG_MAX_BODY_BYTES",
    "JOINTREG_SHUTDOWN_TIMEOUT_SECS",
    "JOINTREG_LOG",
    "JOINTREG_LOG_FORMAT",
];

/// `JOINTREG_*` variables that are set but mean nothing to this binary: usually a typo.
pub fn unknown_variables() -> Vec<String> {
    std::env::vars_os()
        .filter_map(|(name, _)| name.into_string().ok())
        .filter(|name| name.starts_with("JOINTREG_") && !name.starts_with("JOINTREG_TEST_"))
        .filter(|name| !KNOWN_VARIABLES.contains(&name.as_str()))
        .collect()
}

fn number<T: std::str::FromStr>(
    problems: &mut Vec<String>,
    variable: &str,
    text: &str,
    valid: impl Fn(&T) -> bool,
    expectation: &str,
) -> Option<T> {
    match text.trim().parse::<T>() {
        Ok(value) if valid(&value) => Some(value),
        _ => {
            problems.push(format!("{variable}: {text:?} is not {expectation}"));
            None
        }
    }
}

impl SettingsArgs {
    pub fn validate(&self) -> Result<Settings, Vec<String>> {
        let mut problems = Vec::new();
        let bind = self
            .bind
            .parse::<SocketAddr>()
            .map_err(|_| {
                problems.push(format!(
                    "JOINTREG_BIND: {:?} is not an address to listen on (expected IP:PORT, e.g. 127.0.0.1:8080)",
                    self.bind
                ))
            })
            .ok();
        let database = DatabaseUrl::parse(&self.database_url)
            .map_err(|why| problems.push(format!("JOINTREG_DATABASE_URL: the URL {why}")))
            .ok();
        let pool = number::<u32>(
            &mut problems,
            "JOINTREG_DB_POOL_SIZE",
            &self.db_pool_size,
            |n| (1..=1000).contains(n),
            "a whole number from 1 to 1000",
        );
        let connect = number::<u64>(
            &mut problems,
            "JOINTREG_DB_CONNECT_TIMEOUT_SECS",
            &self.db_connect_timeout_secs,
            |n| (1..=60).contains(n),
            "a whole number of seconds from 1 to 60",
        );
        let busy = number::<u64>(
            &mut problems,
            "JOINTREG_DB_BUSY_TIMEOUT_MS",
            &self.db_busy_timeout_ms,
            |n| (1..=600_000).contains(n),
            "a whole number of milliseconds from 1 to 600000",
        );
        let workers = number::<usize>(
            &mut problems,
            "JOINTREG_WORKERS",
            &self.workers,
            |n| *n <= 1024,
            "a whole number from 0 (one per core) to 1024",
        );
        let body = number::<usize>(
            &mut problems,
            "JOINTREG_MAX_BODY_BYTES",
            &self.max_body_bytes,
            |n| (1024..=(256 << 20)).contains(n),
            "a number of bytes from 1024 to 268435456",
        );
        let shutdown = number::<u64>(
            &mut problems,
            "JOINTREG_SHUTDOWN_TIMEOUT_SECS",
            &self.shutdown_timeout_secs,
            |n| *n <= 3600,
            "a whole number of seconds up to 3600",
        );
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&self.log) {
            problems.push(format!("JOINTREG_LOG: {:?} is not a log filter ({e})", self.log));
        }
        let log_format = match self.log_format.as_str() {
            "pretty" => Some(LogFormat::Pretty),
            "json" => Some(LogFormat::Json),
            other => {
                problems.push(format!("JOINTREG_LOG_FORMAT: {other:?} is not a log format (expected pretty or json)"));
                None
            }
        };
        match (bind, database, pool, connect, busy, workers, body, shutdown, log_format) {
            (
                Some(bind),
                Some(database),
                Some(pool),
                Some(connect),
                Some(busy),
                Some(workers),
                Some(body),
                Some(shutdown),
                Some(log_format),
            ) if problems.is_empty() => Ok(Settings {
                bind,
                database,
                db_pool_size: pool,
                db_connect_timeout: Duration::from_secs(connect),
                db_busy_timeout: Duration::from_millis(busy),
                workers: if workers == 0 {
                    std::thread::available_parallelism().map_or(2, usize::from)
                } else {
                    workers
                },
                max_body_bytes: body,
                shutdown_timeout: Duration::from_secs(shutdown),
                log_filter: self.log.clone(),
                log_format,
                handle_signals: true,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_a_file() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://jointreg.db").unwrap(),
            DatabaseUrl::Sqlite { path: "jointreg.db".into() }
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/j.db").unwrap(),
            DatabaseUrl::Sqlite { path: "/var/lib/j.db".into() }
        );
        assert!(DatabaseUrl::parse("sqlite://:memory:").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn unknown_schemes_are_named() {
        let err = DatabaseUrl::parse("mysql://x/y").unwrap_err();
        assert!(err.contains("\"mysql\""), "{err}");
    }

    #[test]
    fn passwords_are_redacted() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db.example/jointreg").unwrap();
        assert!(!url.redacted().contains("s3cret"));
    }
}
