//! Embedded migrations, one folder per backend with identical names.

use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbConn;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Serialises concurrent `migrate` runs of several servers on one PostgreSQL.
const POSTGRES_LOCK_KEY: i64 = 0x6a6f_696e_7472_6567; // "jointreg"

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Applies pending migrations and brings the search terms up to date; returns the names of the
/// migrations applied (none on a current database).
pub fn run(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    let applied = match conn {
        // When something is pending: inside one IMMEDIATE transaction, which takes the write lock
        // before the harness reads which migrations are applied, so a second process starting
        // at once waits (busy timeout), then finds them applied, instead of applying them again
        // and failing. Each migration still runs in its own savepoint. A current database is
        // only read: a starting server does not queue behind writers.
        DbConn::Sqlite(sqlite) => {
            if sqlite.has_pending_migration(SQLITE)? {
                sqlite.immediate_transaction(|conn| {
                    conn.run_pending_migrations(SQLITE)
                        .map(|versions| versions.iter().map(ToString::to_string).collect())
                })?
            } else {
                Vec::new()
            }
        }
        DbConn::Pg(pg) => {
            pg.batch_execute(&format!("SELECT pg_advisory_lock({POSTGRES_LOCK_KEY})"))?;
            let result =
                pg.run_pending_migrations(POSTGRES).map(|versions| versions.iter().map(ToString::to_string).collect());
            pg.batch_execute(&format!("SELECT pg_advisory_unlock({POSTGRES_LOCK_KEY})"))?;
            result?
        }
    };
    // The search terms follow rules in code, which SQL cannot apply: built here after the
    // migration that adds them, and again whenever the rules change.
    crate::db::models::search_terms::rebuild(conn, false, &mut |_, _| {})?;
    Ok(applied)
}
