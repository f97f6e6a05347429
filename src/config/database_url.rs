//! The database URL: its scheme alone picks the backend.

use std::path::PathBuf;

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
