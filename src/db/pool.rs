//! Opening connections: the backend is picked from the URL scheme (never by trial, which would
//! hide the real error), SQLite connections are tuned for many readers and queued writers.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::R2D2Connection;
use diesel::{Connection, PgConnection, SqliteConnection};

use super::DbConn;
use crate::config::DatabaseUrl;

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot connect to PostgreSQL: {0}")]
    Postgres(diesel::ConnectionError),
    #[error("cannot open SQLite database {path}: {source}")]
    Sqlite { path: String, source: diesel::ConnectionError },
    #[error("cannot configure SQLite database: {0}")]
    SqliteSetup(diesel::result::Error),
    #[error("database connection is not usable: {0}")]
    Query(#[from] diesel::result::Error),
}

pub struct Manager {
    database: DatabaseUrl,
    connect_timeout: Duration,
    busy_timeout: Duration,
}

impl Manager {
    pub fn new(database: DatabaseUrl, connect_timeout: Duration, busy_timeout: Duration) -> Self {
        Manager { database, connect_timeout, busy_timeout }
    }

    /// libpq's own `connect_timeout`, unless the URL already sets one.
    fn postgres_url(&self, url: &str) -> String {
        if url.contains("connect_timeout=") {
            return url.to_owned();
        }
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}connect_timeout={}", self.connect_timeout.as_secs().max(1))
    }

    fn open_sqlite(&self, path: &std::path::Path) -> Result<SqliteConnection, ConnectError> {
        let path_text = path.to_string_lossy().into_owned();
        let mut conn = SqliteConnection::establish(&path_text)
            .map_err(|source| ConnectError::Sqlite { path: path_text, source })?;
        // synchronous=FULL: a commit that was acknowledged survives a power cut, not only a crash.
        conn.batch_execute(&format!("PRAGMA busy_timeout = {};", self.busy_timeout.as_millis()))
            .and_then(|()| self.switch_to_wal(&mut conn))
            .and_then(|()| conn.batch_execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"))
            .map_err(ConnectError::SqliteSetup)?;
        Ok(conn)
    }

    /// Switching a database into WAL mode needs it to itself, and SQLite answers "locked" at once
    /// rather than calling the busy handler: two servers opening a new database together would
    /// have one fail. So the switch is retried, for as long as a writer would wait; once the file
    /// is in WAL mode (every later start), it is a no-op that always succeeds.
    fn switch_to_wal(&self, conn: &mut SqliteConnection) -> diesel::QueryResult<()> {
        let deadline = std::time::Instant::now() + self.busy_timeout;
        loop {
            match conn.batch_execute("PRAGMA journal_mode = WAL;") {
                Err(e) if e.to_string().contains("locked") && std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                result => return result,
            }
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConn, ConnectError> {
        match &self.database {
            DatabaseUrl::Postgres { url } => {
                PgConnection::establish(&self.postgres_url(url)).map(DbConn::Pg).map_err(ConnectError::Postgres)
            }
            DatabaseUrl::Sqlite { path } => self.open_sqlite(path).map(DbConn::Sqlite),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectError> {
        Ok(conn.ping()?)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// Builds the pool after one direct connection attempt, so an unreachable database is reported
/// with its real cause at once instead of after r2d2's retries.
pub fn build(
    database: &DatabaseUrl,
    size: u32,
    connect_timeout: Duration,
    busy_timeout: Duration,
) -> Result<super::Pool, ConnectError> {
    let manager = Manager::new(database.clone(), connect_timeout, busy_timeout);
    let first = r2d2::ManageConnection::connect(&manager)?;
    drop(first);
    // A PostgreSQL connection can die with its server and is checked before each use; a SQLite
    // one is a file handle in this process, and checking it cost a query per request.
    let networked = matches!(database, DatabaseUrl::Postgres { .. });
    Ok(r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .test_on_check_out(networked)
        .connection_timeout(connect_timeout)
        .build_unchecked(manager))
}
