//! The database a backup is restored into: it must hold no registry yet.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::BackupError;
use crate::db::DbConn;

/// Rows in any of these mean the registry is in use: a restore would mix two registries.
const REGISTRY_TABLES: [&str; 3] = ["institutions", "projects", "users"];

/// Diesel's record of applied migrations: every jointreg database has it.
pub const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Refuses a target holding institutions, projects or users; `database` names it in the message.
pub fn refuse_data(conn: &mut DbConn, database: &str) -> Result<(), BackupError> {
    let mut held = Vec::new();
    for table in REGISTRY_TABLES {
        if has_table(conn, table)? {
            let rows = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
                .get_result::<Count>(conn)
                .map_err(inspection_failed)?
                .n;
            if rows > 0 {
                held.push(format!("{table}: {rows}"));
            }
        }
    }
    if held.is_empty() {
        return Ok(());
    }
    Err(BackupError::Input(format!(
        "{database} is not empty (it holds {}); restore goes into a fresh database only: point \
         JOINTREG_DATABASE_URL at a new one",
        held.join(", ")
    )))
}

/// Whether the database (on PostgreSQL: its current schema) has a table of that name.
pub fn has_table(conn: &mut DbConn, table: &str) -> Result<bool, BackupError> {
    let found = match conn {
        DbConn::Sqlite(sqlite) => {
            diesel::sql_query("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?")
                .bind::<Text, _>(table)
                .get_result::<Count>(sqlite)
        }
        DbConn::Pg(pg) => diesel::sql_query(
            "SELECT COUNT(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1",
        )
        .bind::<Text, _>(table)
        .get_result::<Count>(pg),
    };
    Ok(found.map_err(inspection_failed)?.n > 0)
}

fn inspection_failed(e: diesel::result::Error) -> BackupError {
    BackupError::Failed(format!("cannot inspect the target database: {e}"))
}
