//! The raw settings as typed by the operator, and their validation into [`Settings`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::{
    Argon2Settings, AuthSettings, DatabaseUrl, Environment, LogFormat, MailBackend, MailSettings, MemoryMailbox,
    MetricsSettings, Secret, Settings,
};

#[derive(Debug, Clone, clap::Args)]
pub struct SettingsArgs {
    /// `development` or `production` (which requires a JWT secret and SMTP mail).
    #[arg(long, env = "JOINTREG_ENV", default_value = "development", global = true)]
    pub env: String,
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
    #[arg(long, env = "JOINTREG_DB_CONNECT_TIMEOUT_SECS", default_value = "1", global = true)]
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
    /// Key for signing access tokens, at least 32 bytes. Required in production; in development a
    /// random one is made at each start (everyone is logged out on restart).
    #[arg(long, env = "JOINTREG_JWT_SECRET", global = true, hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Lifetime of an access token in seconds (at most 900).
    #[arg(long, env = "JOINTREG_ACCESS_TOKEN_TTL_SECS", default_value = "900", global = true)]
    pub access_token_ttl_secs: String,
    /// A login's refresh token dies when unused for this many seconds.
    #[arg(long, env = "JOINTREG_REFRESH_IDLE_TTL_SECS", default_value = "604800", global = true)]
    pub refresh_idle_ttl_secs: String,
    /// A login ends after this many seconds whatever happens.
    #[arg(long, env = "JOINTREG_REFRESH_ABSOLUTE_TTL_SECS", default_value = "2592000", global = true)]
    pub refresh_absolute_ttl_secs: String,
    /// Argon2id memory in KiB (at least 19456).
    #[arg(long, env = "JOINTREG_ARGON2_MEMORY_KIB", default_value = "19456", global = true)]
    pub argon2_memory_kib: String,
    /// Argon2id passes (at least 2).
    #[arg(long, env = "JOINTREG_ARGON2_ITERATIONS", default_value = "2", global = true)]
    pub argon2_iterations: String,
    /// Argon2id lanes (at least 1).
    #[arg(long, env = "JOINTREG_ARGON2_PARALLELISM", default_value = "1", global = true)]
    pub argon2_parallelism: String,
    /// Comma-separated proxy addresses or networks whose X-Forwarded-For is believed.
    #[arg(long, env = "JOINTREG_TRUSTED_PROXIES", default_value = "", global = true)]
    pub trusted_proxies: String,
    /// Comma-separated browser origins allowed to call the API, e.g. https://registry.example.org.
    #[arg(long, env = "JOINTREG_CORS_ORIGINS", default_value = "", global = true)]
    pub cors_origins: String,
    /// `smtp`, `file` (writes .eml files to JOINTREG_MAIL_DIR) or `memory` (discarded; tests).
    #[arg(long, env = "JOINTREG_MAIL_BACKEND", default_value = "file", global = true)]
    pub mail_backend: String,
    /// SMTP server: smtp://USER:PASSWORD@HOST:587?tls=required, smtps://HOST:465, smtp://HOST:25.
    #[arg(long, env = "JOINTREG_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Folder for the file mail backend.
    #[arg(long, env = "JOINTREG_MAIL_DIR", default_value = "mail", global = true)]
    pub mail_dir: String,
    /// The From address of every message.
    #[arg(long, env = "JOINTREG_MAIL_FROM", default_value = "jointreg <jointreg@localhost>", global = true)]
    pub mail_from: String,
    /// The service's address as users reach it, for links in mail.
    #[arg(long, env = "JOINTREG_PUBLIC_URL", default_value = "http://127.0.0.1:8080", global = true)]
    pub public_url: String,
    /// `true` runs the funding alerts (lab heads 90 and 30 days before coverage is lost,
    /// coordinators' weekly digest) daily inside `serve`; `false` leaves them to
    /// `jointreg alerts run` from cron.
    #[arg(long, env = "JOINTREG_ALERTS_ENABLED", default_value = "true", global = true)]
    pub alerts_enabled: String,
    /// Time of day (UTC, HH:MM) of the daily alert run inside `serve`.
    #[arg(long, env = "JOINTREG_ALERTS_AT", default_value = "06:00", global = true)]
    pub alerts_at: String,
    /// Serve `GET /metrics` (Prometheus) on this separate address, without a token, e.g.
    /// `127.0.0.1:9464`. Unset: not served on an address of its own.
    #[arg(long, env = "JOINTREG_METRICS_BIND", global = true)]
    pub metrics_bind: Option<String>,
    /// Serve `GET /metrics` on the main address to callers presenting this bearer token (at least
    /// 32 bytes). With neither metrics setting, /metrics is not served.
    #[arg(long, env = "JOINTREG_METRICS_TOKEN", global = true, hide_env_values = true)]
    pub metrics_token: Option<String>,
}

/// Every `JOINTREG_*` variable the binary reads (test-only ones aside).
pub const KNOWN_VARIABLES: [&str; 29] = [
    "JOINTREG_ENV",
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
    "JOINTREG_JWT_SECRET",
    "JOINTREG_ACCESS_TOKEN_TTL_SECS",
    "JOINTREG_REFRESH_IDLE_TTL_SECS",
    "JOINTREG_REFRESH_ABSOLUTE_TTL_SECS",
    "JOINTREG_ARGON2_MEMORY_KIB",
    "JOINTREG_ARGON2_ITERATIONS",
    "JOINTREG_ARGON2_PARALLELISM",
    "JOINTREG_TRUSTED_PROXIES",
    "JOINTREG_CORS_ORIGINS",
    "JOINTREG_MAIL_BACKEND",
    "JOINTREG_SMTP_URL",
    "JOINTREG_MAIL_DIR",
    "JOINTREG_MAIL_FROM",
    "JOINTREG_PUBLIC_URL",
    "JOINTREG_ALERTS_ENABLED",
    "JOINTREG_ALERTS_AT",
    "JOINTREG_METRICS_BIND",
    "JOINTREG_METRICS_TOKEN",
];

/// `JOINTREG_*` variables that are set but mean nothing to this binary: usually a typo.
pub fn unknown_variables() -> Vec<String> {
    std::env::vars_os()
        .filter_map(|(name, _)| name.into_string().ok())
        .filter(|name| name.starts_with("JOINTREG_") && !name.starts_with("JOINTREG_TEST_"))
        .filter(|name| !KNOWN_VARIABLES.contains(&name.as_str()))
        .collect()
}

/// How start-up reports a variable from [`unknown_variables`].
pub fn probable_typo(name: &str) -> String {
    format!("{name}: is set but is not a jointreg setting (a typo?); it is ignored")
}

/// `HH:MM`, 00:00 to 23:59, two digits each.
fn parse_time_of_day(text: &str) -> Option<chrono::NaiveTime> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(hours) || !two_digits(minutes) {
        return None;
    }
    chrono::NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.parse().ok()?, 0)
}

/// Collects problems while parsing, so all of them are reported together.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn number<T: std::str::FromStr>(
        &mut self,
        variable: &str,
        text: &str,
        valid: impl Fn(&T) -> bool,
        expectation: &str,
    ) -> Option<T> {
        match text.trim().parse::<T>() {
            Ok(value) if valid(&value) => Some(value),
            _ => {
                self.0.push(format!("{variable}: {text:?} is not {expectation}"));
                None
            }
        }
    }

    fn seconds(&mut self, variable: &str, text: &str, range: std::ops::RangeInclusive<u64>) -> Option<Duration> {
        let expectation = format!("a whole number of seconds from {} to {}", range.start(), range.end());
        self.number::<u64>(variable, text, |n| range.contains(n), &expectation).map(Duration::from_secs)
    }

    fn push(&mut self, problem: String) {
        self.0.push(problem);
    }
}

impl SettingsArgs {
    pub fn validate(&self) -> Result<Settings, Vec<String>> {
        let mut p = Problems::default();
        let environment = match self.env.as_str() {
            "development" => Some(Environment::Development),
            "production" => Some(Environment::Production),
            other => {
                p.push(format!("JOINTREG_ENV: {other:?} is not an environment (expected development or production)"));
                None
            }
        };
        let bind = self.bind.parse::<SocketAddr>().ok();
        if bind.is_none() {
            p.push(format!(
                "JOINTREG_BIND: {:?} is not an address to listen on (expected IP:PORT, e.g. 127.0.0.1:8080)",
                self.bind
            ));
        }
        let database = DatabaseUrl::parse(&self.database_url)
            .map_err(|why| p.push(format!("JOINTREG_DATABASE_URL: the URL {why}")))
            .ok();
        let pool = p.number::<u32>(
            "JOINTREG_DB_POOL_SIZE",
            &self.db_pool_size,
            |n| (1..=1000).contains(n),
            "a whole number from 1 to 1000",
        );
        let connect = p.seconds("JOINTREG_DB_CONNECT_TIMEOUT_SECS", &self.db_connect_timeout_secs, 1..=60);
        let busy = p.number::<u64>(
            "JOINTREG_DB_BUSY_TIMEOUT_MS",
            &self.db_busy_timeout_ms,
            |n| (1..=600_000).contains(n),
            "a whole number of milliseconds from 1 to 600000",
        );
        let workers = p.number::<usize>(
            "JOINTREG_WORKERS",
            &self.workers,
            |n| *n <= 1024,
            "a whole number from 0 (one per core) to 1024",
        );
        let body = p.number::<usize>(
            "JOINTREG_MAX_BODY_BYTES",
            &self.max_body_bytes,
            |n| (1024..=(256 << 20)).contains(n),
            "a number of bytes from 1024 to 268435456",
        );
        let shutdown = p.seconds("JOINTREG_SHUTDOWN_TIMEOUT_SECS", &self.shutdown_timeout_secs, 0..=3600);
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&self.log) {
            p.push(format!("JOINTREG_LOG: {:?} is not a log filter ({e})", self.log));
        }
        let log_format = match self.log_format.as_str() {
            "pretty" => Some(LogFormat::Pretty),
            "json" => Some(LogFormat::Json),
            other => {
                p.push(format!("JOINTREG_LOG_FORMAT: {other:?} is not a log format (expected pretty or json)"));
                None
            }
        };
        let auth = self.auth(&mut p, environment);
        let mail = self.mail(&mut p, environment);
        let alerts_enabled = match self.alerts_enabled.trim() {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                p.push(format!("JOINTREG_ALERTS_ENABLED: {other:?} is not a switch (expected true or false)"));
                None
            }
        };
        let metrics = self.metrics(&mut p);
        let alerts_at = parse_time_of_day(&self.alerts_at);
        if alerts_at.is_none() {
            p.push(format!(
                "JOINTREG_ALERTS_AT: {:?} is not a time of day (expected HH:MM in UTC, e.g. 06:00)",
                self.alerts_at
            ));
        }

        match (environment, bind, database, pool, connect, busy, workers, body, shutdown, log_format, auth, mail) {
            (
                Some(environment),
                Some(bind),
                Some(database),
                Some(pool),
                Some(connect),
                Some(busy),
                Some(workers),
                Some(body),
                Some(shutdown),
                Some(log_format),
                Some(auth),
                Some(mail),
            ) if p.0.is_empty() => Ok(Settings {
                environment,
                bind,
                database,
                db_pool_size: pool,
                db_connect_timeout: connect,
                db_busy_timeout: Duration::from_millis(busy),
                workers: if workers == 0 {
                    std::thread::available_parallelism().map_or(2, usize::from)
                } else {
                    workers
                },
                max_body_bytes: body,
                shutdown_timeout: shutdown,
                log_filter: self.log.clone(),
                log_format,
                handle_signals: true,
                auth,
                mail,
                alerts_enabled: alerts_enabled.unwrap_or(true),
                alerts_at: alerts_at.unwrap_or_default(),
                metrics,
                clock: crate::clock::Clock::system(),
            }),
            _ => Err(p.0),
        }
    }

    fn metrics(&self, p: &mut Problems) -> MetricsSettings {
        let bind = self.metrics_bind.as_deref().filter(|b| !b.trim().is_empty()).and_then(|b| {
            let parsed = b.parse::<SocketAddr>().ok();
            if parsed.is_none() {
                p.push(format!("JOINTREG_METRICS_BIND: {b:?} is not an address to listen on (expected IP:PORT)"));
            }
            parsed
        });
        let token = match self.metrics_token.as_deref().filter(|t| !t.is_empty()) {
            Some(token) if token.len() >= 32 => Some(Secret(token.as_bytes().to_vec())),
            Some(_) => {
                p.push(
                    "JOINTREG_METRICS_TOKEN: is shorter than 32 bytes (make one with: openssl rand -base64 48)".into(),
                );
                None
            }
            None => None,
        };
        MetricsSettings { bind, token }
    }

    fn auth(&self, p: &mut Problems, environment: Option<Environment>) -> Option<AuthSettings> {
        let jwt_secret = match (&self.jwt_secret, environment) {
            (Some(secret), _) if secret.len() >= 32 => Some(Secret(secret.as_bytes().to_vec())),
            (Some(_), _) => {
                p.push("JOINTREG_JWT_SECRET: is shorter than 32 bytes (make one with: openssl rand -base64 48)".into());
                None
            }
            (None, Some(Environment::Production)) => {
                p.push(
                    "JOINTREG_JWT_SECRET: is required in production (make one with: openssl rand -base64 48)".into(),
                );
                None
            }
            (None, _) => Some(Secret::random()),
        };
        let access_ttl = p.seconds("JOINTREG_ACCESS_TOKEN_TTL_SECS", &self.access_token_ttl_secs, 30..=900);
        let refresh_idle_ttl =
            p.seconds("JOINTREG_REFRESH_IDLE_TTL_SECS", &self.refresh_idle_ttl_secs, 60..=90 * 86_400);
        let refresh_absolute_ttl =
            p.seconds("JOINTREG_REFRESH_ABSOLUTE_TTL_SECS", &self.refresh_absolute_ttl_secs, 60..=365 * 86_400);
        let min = Argon2Settings::MINIMUM;
        let memory_kib = p.number::<u32>(
            "JOINTREG_ARGON2_MEMORY_KIB",
            &self.argon2_memory_kib,
            |n| (min.memory_kib..=4 << 20).contains(n),
            "a number of KiB from 19456 (OWASP's minimum) to 4194304",
        );
        let iterations = p.number::<u32>(
            "JOINTREG_ARGON2_ITERATIONS",
            &self.argon2_iterations,
            |n| (min.iterations..=100).contains(n),
            "a whole number from 2 (OWASP's minimum) to 100",
        );
        let parallelism = p.number::<u32>(
            "JOINTREG_ARGON2_PARALLELISM",
            &self.argon2_parallelism,
            |n| (min.parallelism..=64).contains(n),
            "a whole number from 1 to 64",
        );
        let mut trusted_proxies = Vec::new();
        for entry in self.trusted_proxies.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match entry.parse::<ipnet::IpNet>().or_else(|_| entry.parse::<std::net::IpAddr>().map(ipnet::IpNet::from)) {
                Ok(net) => trusted_proxies.push(net),
                Err(_) => p.push(format!(
                    "JOINTREG_TRUSTED_PROXIES: {entry:?} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)"
                )),
            }
        }
        let mut cors_origins = Vec::new();
        for origin in self.cors_origins.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match url::Url::parse(origin) {
                Ok(url) if matches!(url.scheme(), "http" | "https") && url.path() == "/" && url.query().is_none() => {
                    cors_origins.push(origin.trim_end_matches('/').to_owned())
                }
                _ => p.push(format!(
                    "JOINTREG_CORS_ORIGINS: {origin:?} is not an origin (e.g. https://registry.example.org)"
                )),
            }
        }
        Some(AuthSettings {
            jwt_secret: jwt_secret?,
            access_ttl: access_ttl?,
            refresh_idle_ttl: refresh_idle_ttl?,
            refresh_absolute_ttl: refresh_absolute_ttl?,
            argon2: Argon2Settings { memory_kib: memory_kib?, iterations: iterations?, parallelism: parallelism? },
            trusted_proxies,
            cors_origins,
            ..AuthSettings::development_defaults()
        })
    }

    fn mail(&self, p: &mut Problems, environment: Option<Environment>) -> Option<MailSettings> {
        let backend = match (self.mail_backend.as_str(), &self.smtp_url) {
            ("smtp", Some(url)) => match crate::email::check_smtp_url(url) {
                Ok(()) => Some(MailBackend::Smtp { url: url.clone() }),
                Err(why) => {
                    p.push(format!("JOINTREG_SMTP_URL: {why}"));
                    None
                }
            },
            ("smtp", None) => {
                p.push("JOINTREG_SMTP_URL: is required with JOINTREG_MAIL_BACKEND=smtp".into());
                None
            }
            ("file", _) => Some(MailBackend::File { dir: PathBuf::from(&self.mail_dir) }),
            ("memory", _) => Some(MailBackend::Memory(MemoryMailbox::default())),
            (other, _) => {
                p.push(format!(
                    "JOINTREG_MAIL_BACKEND: {other:?} is not a mail backend (expected smtp, file or memory)"
                ));
                None
            }
        };
        if environment == Some(Environment::Production) && !matches!(backend, Some(MailBackend::Smtp { .. }) | None) {
            p.push(
                "JOINTREG_MAIL_BACKEND: must be smtp in production (invitations and resets must reach people)".into(),
            );
        }
        if self.mail_from.parse::<lettre::message::Mailbox>().is_err() {
            p.push(format!(
                "JOINTREG_MAIL_FROM: {:?} is not a mailbox (e.g. jointreg <registry@example.org>)",
                self.mail_from
            ));
        }
        let public_url = match url::Url::parse(&self.public_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {
                Some(self.public_url.trim_end_matches('/').to_owned())
            }
            _ => {
                p.push(format!("JOINTREG_PUBLIC_URL: {:?} is not an http(s) URL", self.public_url));
                None
            }
        };
        Some(MailSettings { backend: backend?, from: self.mail_from.clone(), public_url: public_url? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_are_hh_mm() {
        assert_eq!(parse_time_of_day("06:00"), chrono::NaiveTime::from_hms_opt(6, 0, 0));
        assert_eq!(parse_time_of_day("23:59"), chrono::NaiveTime::from_hms_opt(23, 59, 0));
        assert_eq!(parse_time_of_day("00:00"), Some(chrono::NaiveTime::MIN));
        for wrong in ["6:00", "24:00", "06:60", "06:00:00", "0600", "", "six", "-1:00", "06:0x"] {
            assert_eq!(parse_time_of_day(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn bad_alert_settings_are_reported_by_name() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            settings: SettingsArgs,
        }
        let cli = Cli::parse_from(["jointreg", "--alerts-enabled", "yes", "--alerts-at", "6am"]);
        let problems = cli.settings.validate().unwrap_err();
        assert!(problems.iter().any(|p| p.starts_with("JOINTREG_ALERTS_ENABLED: ")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("JOINTREG_ALERTS_AT: ")), "{problems:?}");
        let cli = Cli::parse_from(["jointreg", "--alerts-enabled", "false", "--alerts-at", "21:30"]);
        let settings = cli.settings.validate().unwrap();
        assert!(!settings.alerts_enabled);
        assert_eq!(settings.alerts_at, chrono::NaiveTime::from_hms_opt(21, 30, 0).unwrap());
    }
}
