//! The database: one connection type over SQLite and PostgreSQL, a pool, migrations, and the
//! bridge that keeps blocking database work off the async workers.

pub mod explain;
pub mod migrations;
pub mod models;
pub mod pool;
pub mod schema;
pub mod transaction;

use std::time::Duration;

use actix_web::web;

use crate::error::ApiError;

/// A connection to whichever backend the URL names.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub type Pool = r2d2::Pool<pool::Manager>;

/// Shared handle to the pool, given to handlers as app data.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
}

impl Db {
    pub fn new(pool: Pool) -> Self {
        Db { pool }
    }

    /// Runs `work` with a pooled connection on the blocking thread pool, inside the caller's
    /// tracing span. An exhausted or unreachable pool is a 503.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        web::block(move || {
            let _entered = span.enter();
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
    }

    /// Whether the database answers a trivial query within `limit`.
    pub async fn ping(&self, limit: Duration) -> Result<(), ApiError> {
        let pool = self.pool.clone();
        let check = web::block(move || -> Result<(), ApiError> {
            use diesel::connection::SimpleConnection;
            let mut conn = pool.get_timeout(limit)?;
            conn.batch_execute("SELECT 1")?;
            Ok(())
        });
        match tokio::time::timeout(limit, check).await {
            Ok(result) => result?,
            Err(_) => Err(ApiError::Unavailable(format!("no answer within {} ms", limit.as_millis()))),
        }
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }
}
