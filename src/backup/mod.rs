//! `jointreg backup` and `jointreg restore`: a consistent copy of the live database in one file,
//! and that file back into a fresh database. SQLite copies itself (`VACUUM INTO`); PostgreSQL is
//! driven through `pg_dump` and `pg_restore`, whose archive its operators already know.
//!
//! Progress goes to standard error as it happens; the caller prints the returned summary.

mod files;
mod kind;
mod postgres;
mod progress;
mod sqlite;
mod target;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use kind::BackupKind;

use crate::config::{DatabaseUrl, Settings};
use crate::db::DbConn;

/// Why a backup or restore did not happen; each kind has its own exit code.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The operator's input is wrong: an existing backup file without --force, a file that is not
    /// a backup or is of the other database's kind, a restore target that already holds data.
    #[error("{0}")]
    Input(String),
    /// The database, pg_dump or pg_restore cannot be reached or run.
    #[error("{0}")]
    Unavailable(String),
    /// Anything else that went wrong on the way; nothing was left half-written.
    #[error("{0}")]
    Failed(String),
}

/// A backup written.
#[derive(Debug)]
pub struct Written {
    pub path: PathBuf,
    pub kind: BackupKind,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl fmt::Display for Written {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "backup written to {} ({}, {}) in {:.1} s",
            self.path.display(),
            self.kind,
            progress::human_size(self.bytes),
            self.elapsed.as_secs_f64()
        )
    }
}

/// A backup restored.
#[derive(Debug)]
pub struct Restored {
    /// The target, without its password.
    pub database: String,
    pub kind: BackupKind,
    /// Migrations the backup was missing, applied after restoring it.
    pub migrations_applied: Vec<String>,
    pub elapsed: Duration,
}

impl fmt::Display for Restored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "restored a {} into {} in {:.1} s", self.kind, self.database, self.elapsed.as_secs_f64())?;
        match self.migrations_applied.len() {
            0 => write!(f, "; its schema was up to date"),
            n => write!(f, "; applied {n} migrations it was missing ({})", self.migrations_applied.join(", ")),
        }
    }
}

/// Writes a consistent backup of the configured database to `to`, which appears only when whole.
pub fn backup(settings: &Settings, to: &Path, force: bool) -> Result<Written, BackupError> {
    files::check_destination(to, force)?;
    let started = Instant::now();
    let kind = BackupKind::of_database(&settings.database);
    eprintln!("backing up {} to {}", settings.database.redacted(), to.display());
    match &settings.database {
        DatabaseUrl::Sqlite { path } => sqlite::backup(settings, path, to)?,
        DatabaseUrl::Postgres { url } => postgres::backup(settings, url, to)?,
    }
    Ok(Written { path: to.to_owned(), kind, bytes: size_of(to), elapsed: started.elapsed() })
}

/// Restores the backup at `from` into the configured database, which must hold no registry yet,
/// and brings its schema up to date.
pub fn restore(settings: &Settings, from: &Path) -> Result<Restored, BackupError> {
    let started = Instant::now();
    let kind = kind::detect(from)?;
    let wanted = BackupKind::of_database(&settings.database);
    if kind != wanted {
        return Err(BackupError::Input(format!(
            "{} is a {kind}, but the configured database is {} ({}); restore it into a {} database",
            from.display(),
            wanted.database_name(),
            settings.database.redacted(),
            kind.database_name()
        )));
    }
    eprintln!("restoring {} ({kind}) into {}", from.display(), settings.database.redacted());
    let migrations_applied = match &settings.database {
        DatabaseUrl::Sqlite { path } => sqlite::restore(settings, path, from)?,
        DatabaseUrl::Postgres { url } => postgres::restore(settings, url, from)?,
    };
    Ok(Restored { database: settings.database.redacted(), kind, migrations_applied, elapsed: started.elapsed() })
}

/// One connection through the service's own connection code (SQLite: WAL, busy timeout,
/// foreign keys), without migrating: a backup must not change the database it copies.
fn connect(settings: &Settings) -> Result<DbConn, BackupError> {
    let manager =
        crate::db::pool::Manager::new(settings.database.clone(), settings.db_connect_timeout, settings.db_busy_timeout);
    r2d2::ManageConnection::connect(&manager).map_err(|e| BackupError::Unavailable(e.to_string()))
}

/// The size of a file, for progress lines (0 when it cannot be read).
fn size_of(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}
