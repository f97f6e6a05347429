//! Settings from the environment (`JOINTREG_*`, optionally from a `.env` file) or command-line
//! flags. Defaults make a bare `jointreg` serve on 127.0.0.1:8080 over a local SQLite file; every
//! problem with a setting is reported at once, one line each, before anything starts.

mod args;
mod auth;
mod database_url;
mod mail;

use std::net::SocketAddr;
use std::time::Duration;

pub use args::{KNOWN_VARIABLES, SettingsArgs, probable_typo, unknown_variables};
pub use auth::{Argon2Settings, AuthSettings, Environment, Secret};
pub use database_url::DatabaseUrl;
pub use mail::{MailBackend, MailSettings, MemoryMailbox, SentMail};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Validated settings: everything inside the service trusts these.
#[derive(Debug, Clone)]
pub struct Settings {
    pub environment: Environment,
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
    pub auth: AuthSettings,
    pub mail: MailSettings,
    /// Whether `serve` runs the funding alerts daily (`jointreg alerts run` works either way).
    pub alerts_enabled: bool,
    /// When, in UTC, the daily alert run starts.
    pub alerts_at: chrono::NaiveTime,
    pub metrics: MetricsSettings,
    /// What day the service takes it to be (the system's, unless a test fixes it).
    pub clock: crate::clock::Clock,
}

/// Where `GET /metrics` is served: on an address of its own (`bind`), and/or on the main address
/// to holders of `token`. Neither: not at all.
#[derive(Debug, Clone, Default)]
pub struct MetricsSettings {
    pub bind: Option<SocketAddr>,
    pub token: Option<Secret>,
}

impl Settings {
    /// Defaults around a given database, for embedding (tests, tools): mail kept in memory.
    pub fn with_database(database: DatabaseUrl) -> Self {
        Settings {
            environment: Environment::Development,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            database,
            db_pool_size: 8,
            db_connect_timeout: Duration::from_secs(1),
            db_busy_timeout: Duration::from_secs(5),
            workers: 2,
            max_body_bytes: 1 << 20,
            shutdown_timeout: Duration::from_secs(30),
            log_filter: "warn".into(),
            log_format: LogFormat::Pretty,
            handle_signals: false,
            auth: AuthSettings::development_defaults(),
            mail: MailSettings {
                backend: MailBackend::Memory(MemoryMailbox::default()),
                from: "jointreg <jointreg@localhost>".into(),
                public_url: "http://127.0.0.1:8080".into(),
            },
            // Off: an embedded server must not mail on the wall clock (a test running at 06:00
            // UTC would get alerts it did not ask for); tests call `alerts::run` themselves.
            alerts_enabled: false,
            alerts_at: chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap_or_default(),
            metrics: MetricsSettings::default(),
            clock: crate::clock::Clock::system(),
        }
    }
}
