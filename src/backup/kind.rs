//! What a backup file is, told by its first bytes: a SQLite database or a pg_dump archive.

use std::fmt;
use std::io::Read;
use std::path::Path;

use super::BackupError;
use crate::config::DatabaseUrl;

const SQLITE_HEADER: &[u8] = b"SQLite format 3\0";
const PG_DUMP_HEADER: &[u8] = b"PGDMP";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// A SQLite database file, as `VACUUM INTO` writes it.
    Sqlite,
    /// A pg_dump archive in its custom format.
    PgDump,
}

impl BackupKind {
    /// The kind of backup the configured database makes and accepts.
    pub fn of_database(database: &DatabaseUrl) -> Self {
        match database {
            DatabaseUrl::Sqlite { .. } => BackupKind::Sqlite,
            DatabaseUrl::Postgres { .. } => BackupKind::PgDump,
        }
    }

    /// The kind whose header `bytes` begin with, if any.
    pub fn of_header(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(SQLITE_HEADER) {
            Some(BackupKind::Sqlite)
        } else if bytes.starts_with(PG_DUMP_HEADER) {
            Some(BackupKind::PgDump)
        } else {
            None
        }
    }

    /// The database this kind of backup belongs to.
    pub fn database_name(self) -> &'static str {
        match self {
            BackupKind::Sqlite => "SQLite",
            BackupKind::PgDump => "PostgreSQL",
        }
    }
}

impl fmt::Display for BackupKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BackupKind::Sqlite => "SQLite database file",
            BackupKind::PgDump => "pg_dump custom-format archive",
        })
    }
}

/// Reads the header of `path`; a file of neither kind is bad input.
pub fn detect(path: &Path) -> Result<BackupKind, BackupError> {
    let unreadable = |e: std::io::Error| BackupError::Input(format!("cannot read {}: {e}", path.display()));
    let mut header = Vec::with_capacity(SQLITE_HEADER.len());
    std::fs::File::open(path)
        .map_err(unreadable)?
        .take(SQLITE_HEADER.len() as u64)
        .read_to_end(&mut header)
        .map_err(unreadable)?;
    BackupKind::of_header(&header).ok_or_else(|| {
        BackupError::Input(format!(
            "{} is not a jointreg backup (neither a SQLite database nor a pg_dump custom-format archive)",
            path.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_tell_the_kind() {
        assert_eq!(BackupKind::of_header(b"SQLite format 3\0\x10\x00"), Some(BackupKind::Sqlite));
        assert_eq!(BackupKind::of_header(b"PGDMP\x01\x0f\x00"), Some(BackupKind::PgDump));
        assert_eq!(BackupKind::of_header(b"SQLite format 3"), None, "the header ends with a NUL");
        assert_eq!(BackupKind::of_header(b"-- PostgreSQL database dump"), None, "plain SQL dumps are not accepted");
        assert_eq!(BackupKind::of_header(b""), None);
    }
}
