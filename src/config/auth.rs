//! Settings for accounts and tokens.

use std::time::Duration;

use ipnet::IpNet;

/// Where the service runs: production refuses the conveniences of development.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Bytes that never appear in logs or `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(********)")
    }
}

impl Secret {
    /// A fresh random secret (development only: tokens die with the process).
    pub fn random() -> Self {
        use rand::RngCore;
        let mut bytes = vec![0; 32];
        rand::rng().fill_bytes(&mut bytes);
        Secret(bytes)
    }
}

/// Argon2id cost; never below OWASP's minimum of m=19456 KiB, t=2, p=1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Settings {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Argon2Settings {
    pub const MINIMUM: Argon2Settings = Argon2Settings { memory_kib: 19456, iterations: 2, parallelism: 1 };
}

#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub jwt_secret: Secret,
    pub access_ttl: Duration,
    pub refresh_idle_ttl: Duration,
    pub refresh_absolute_ttl: Duration,
    pub argon2: Argon2Settings,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Failed logins per identifier within `login_window` before 429.
    pub login_failures_per_identifier: u32,
    /// Failed logins per client address within `login_window` before 429.
    pub login_failures_per_client: u32,
    pub login_window: Duration,
    /// Browser origins allowed to call the API (CORS); empty means none.
    pub cors_origins: Vec<String>,
}

impl AuthSettings {
    pub fn development_defaults() -> Self {
        AuthSettings {
            jwt_secret: Secret::random(),
            access_ttl: Duration::from_secs(900),
            refresh_idle_ttl: Duration::from_secs(7 * 24 * 3600),
            refresh_absolute_ttl: Duration::from_secs(30 * 24 * 3600),
            argon2: Argon2Settings::MINIMUM,
            trusted_proxies: Vec::new(),
            login_failures_per_identifier: 10,
            login_failures_per_client: 100,
            login_window: Duration::from_secs(15 * 60),
            cors_origins: Vec::new(),
        }
    }
}
