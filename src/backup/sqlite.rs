//! SQLite: `VACUUM INTO` copies one read snapshot while writers in WAL mode carry on; a restore
//! checks the copy, brings its schema up to date, and renames it over the (empty) database.

use std::path::Path;
use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::files::{self, PartialFile, SQLITE_COMPANIONS};
use super::progress::{GrowthReport, human_size};
use super::target::{self, MIGRATIONS_TABLE};
use super::{BackupError, connect, size_of};
use crate::config::Settings;
use crate::db::{DbConn, migrations};

#[derive(QueryableByName)]
struct IntegrityLine {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Copies the live database at `database` to `to`.
pub fn backup(settings: &Settings, database: &Path, to: &Path) -> Result<(), BackupError> {
    // Opening a missing file would create an empty database and back that up.
    if !database.is_file() {
        return Err(BackupError::Unavailable(format!(
            "there is no SQLite database at {} to back up",
            database.display()
        )));
    }
    if files::same_file(database, to) {
        return Err(BackupError::Input(format!("{} is the database itself", to.display())));
    }
    let partial = PartialFile::beside(to)?;
    let into = sql_string(partial.path())?;
    let mut live = connect(settings)?;
    let started = Instant::now();
    eprintln!("copying one consistent snapshot (VACUUM INTO); writes carry on meanwhile");
    {
        let _report = GrowthReport::start(partial.path().to_owned(), started);
        live.batch_execute(&format!("VACUUM INTO {into}"))
            .map_err(|e| BackupError::Failed(format!("the copy failed: {e}")))?;
    }
    drop(live);
    eprintln!("copied {} in {:.1} s", human_size(size_of(partial.path())), started.elapsed().as_secs_f64());

    let checking = Instant::now();
    let mut copy =
        open_file(partial.path()).map_err(|e| BackupError::Failed(format!("cannot open the copy to check it: {e}")))?;
    if let Some(problems) =
        integrity_problems(&mut copy).map_err(|e| BackupError::Failed(format!("cannot check the copy: {e}")))?
    {
        return Err(BackupError::Failed(format!(
            "the copy fails SQLite's integrity check, so the database itself may be damaged \
             (run PRAGMA integrity_check on it): {problems}"
        )));
    }
    // One self-contained file: no write-ahead log is needed beside it.
    copy.batch_execute("PRAGMA journal_mode = DELETE")
        .map_err(|e| BackupError::Failed(format!("cannot finish the copy: {e}")))?;
    drop(copy);
    eprintln!("integrity check of the copy: ok ({:.1} s)", checking.elapsed().as_secs_f64());
    partial.persist()
}

/// Restores the backup at `from` as the database at `database`; returns the migrations applied.
pub fn restore(settings: &Settings, database: &Path, from: &Path) -> Result<Vec<String>, BackupError> {
    if files::same_file(database, from) {
        return Err(BackupError::Input(format!("{} is the configured database itself", from.display())));
    }
    if database.exists() {
        let mut existing = connect(settings)?;
        target::refuse_data(&mut existing, &settings.database.redacted())?;
        // Closing the last connection checkpoints and removes its write-ahead log.
    } else if !files::folder_of(database).is_dir() {
        return Err(BackupError::Unavailable(format!(
            "the folder of the database {} does not exist",
            database.display()
        )));
    }

    let partial = PartialFile::beside(database)?;
    let started = Instant::now();
    eprintln!("copying {} ({}) beside the database", from.display(), human_size(size_of(from)));
    std::fs::copy(from, partial.path())
        .map_err(|e| BackupError::Failed(format!("cannot copy {} beside the database: {e}", from.display())))?;

    let mut copy = open_file(partial.path()).map_err(|e| not_readable(from, &e))?;
    check_backup(&mut copy, from)?;
    eprintln!("integrity and foreign keys of the backup: ok ({:.1} s)", started.elapsed().as_secs_f64());

    // Migrated before it takes the database's name: the database is either the old empty one or
    // the whole restored one, never a half-migrated one.
    copy.batch_execute(&format!(
        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {};",
        settings.db_busy_timeout.as_millis()
    ))
    .map_err(|e| BackupError::Failed(format!("cannot prepare the restored copy: {e}")))?;
    let applied = migrations::run(&mut copy)
        .map_err(|e| BackupError::Failed(format!("cannot apply migrations to the restored copy: {e}")))?;
    copy.batch_execute("PRAGMA journal_mode = DELETE")
        .map_err(|e| BackupError::Failed(format!("cannot finish the restored copy: {e}")))?;
    drop(copy);

    // The target holds nothing (checked above), so its leftover journals hold nothing worth
    // keeping, and left beside the new file they would be replayed into it.
    for suffix in SQLITE_COMPANIONS {
        let stale = files::with_suffix(database, suffix);
        if stale.exists() {
            std::fs::remove_file(&stale)
                .map_err(|e| BackupError::Failed(format!("cannot remove {}: {e}", stale.display())))?;
        }
    }
    partial.persist()?;
    Ok(applied)
}

/// A backup must be whole, consistent and jointreg's.
fn check_backup(copy: &mut DbConn, from: &Path) -> Result<(), BackupError> {
    if let Some(problems) = integrity_problems(copy).map_err(|e| not_readable(from, &e))? {
        return Err(BackupError::Input(format!("{} fails SQLite's integrity check: {problems}", from.display())));
    }
    if !target::has_table(copy, MIGRATIONS_TABLE)? {
        return Err(BackupError::Input(format!(
            "{} is a SQLite database but not a jointreg backup (it has no {MIGRATIONS_TABLE} table)",
            from.display()
        )));
    }
    let violations = diesel::sql_query("SELECT COUNT(*) AS n FROM pragma_foreign_key_check")
        .get_result::<Count>(copy)
        .map_err(|e| not_readable(from, &e))?
        .n;
    if violations > 0 {
        return Err(BackupError::Input(format!(
            "{} has {violations} rows whose foreign keys point at nothing",
            from.display()
        )));
    }
    Ok(())
}

/// `None` when the check says "ok", else its first findings.
fn integrity_problems(conn: &mut DbConn) -> Result<Option<String>, diesel::result::Error> {
    let lines: Vec<IntegrityLine> = diesel::sql_query("PRAGMA integrity_check").load(conn)?;
    if lines.len() == 1 && lines[0].integrity_check == "ok" {
        return Ok(None);
    }
    Ok(Some(lines.iter().take(5).map(|line| line.integrity_check.as_str()).collect::<Vec<_>>().join("; ")))
}

/// A plain connection to a file being checked: no WAL switch, nothing beyond what the check needs.
fn open_file(path: &Path) -> Result<DbConn, diesel::ConnectionError> {
    SqliteConnection::establish(&path.to_string_lossy()).map(DbConn::Sqlite)
}

fn not_readable(from: &Path, e: &dyn std::fmt::Display) -> BackupError {
    BackupError::Input(format!("{} is not a readable SQLite database: {e}", from.display()))
}

/// `path` as an SQL string literal, for `VACUUM INTO`.
fn sql_string(path: &Path) -> Result<String, BackupError> {
    let text =
        path.to_str().ok_or_else(|| BackupError::Input(format!("{} is not a UTF-8 file name", path.display())))?;
    Ok(format!("'{}'", text.replace('\'', "''")))
}
