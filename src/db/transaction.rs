//! Write transactions that queue instead of failing.
//!
//! A plain (deferred) SQLite transaction that reads before it writes can fail at its first write
//! with "database is locked", which no busy timeout can cure; `BEGIN IMMEDIATE` takes the write
//! lock up front, so writers wait their turn under `busy_timeout`. PostgreSQL needs nothing special.

use diesel::connection::{AnsiTransactionManager, Connection, TransactionManager};
use diesel::result::Error;

use super::DbConn;

type Manager = <DbConn as Connection>::TransactionManager;

pub fn write<T, E, F>(conn: &mut DbConn, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<Error>,
{
    let DbConn::Sqlite(sqlite) = conn else {
        return conn.transaction(work);
    };
    // Inside an outer write transaction the lock is already held: a savepoint is all it takes.
    let nested = AnsiTransactionManager::transaction_manager_status_mut(sqlite).transaction_depth()?.is_some();
    if nested {
        return conn.transaction(work);
    }
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    match work(conn) {
        Ok(value) => {
            Manager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(user_error) => match Manager::rollback_transaction(conn) {
            Ok(()) | Err(Error::BrokenTransactionManager) => Err(user_error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}
