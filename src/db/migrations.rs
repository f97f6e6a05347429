//! Embedded migrations, one folder per backend with identical names.

use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbConn;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Serialises concurrent `migrate` runs of several servers on one PostgreSQL.
const POSTGRES_LOCK_KEY: i64 = 0x6a6f_696e_7472_6567; // "jointreg"

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Applies pending migrations; returns the names of those applied (none on a current database).
pub fn run(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    let applied = match conn {
        DbConn::Sqlite(sqlite) => sqlite.run_pending_migrations(SQLITE)?.iter().map(ToString::to_string).collect(),
        DbConn::Pg(pg) => {
            pg.batch_execute(&format!("SELECT pg_advisory_lock({POSTGRES_LOCK_KEY})"))?;
            let result =
                pg.run_pending_migrations(POSTGRES).map(|versions| versions.iter().map(ToString::to_string).collect());
            pg.batch_execute(&format!("SELECT pg_advisory_unlock({POSTGRES_LOCK_KEY})"))?;
            result?
        }
    };
    Ok(applied)
}
