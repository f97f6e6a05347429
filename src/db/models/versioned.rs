//! Changing and deleting versioned records, once for all of them: the version the client read
//! (`If-Match`), the write that only lands on that version, and the history entry beside it.
//!
//! Call inside the write transaction that loaded the record and decided the rule on it
//! (`http::exchange`).

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use crate::db::DbConn;
use crate::db::models::history::{self, Actor};
use crate::error::{ApiError, FieldError};

/// A record with a version that moves on with every change, and a history.
pub trait Versioned {
    /// Its name in the history.
    const RESOURCE: &'static str;

    fn id(&self) -> &str;
    fn version(&self) -> i64;
    /// What history compares: every field a person can change, never a secret.
    fn audit_view(&self) -> Result<Value, ApiError>;
    /// Moves the record to `version`, changed at `at`.
    fn stamp(&mut self, version: i64, at: NaiveDateTime);
    /// Writes the record over its row if that row is still at `read_version`; how many rows
    /// were written (0: another writer got there first).
    fn store(&self, conn: &mut DbConn, read_version: i64) -> Result<usize, ApiError>;
    /// Deletes its row if that row is still at `read_version`; how many rows were deleted.
    fn erase(&self, conn: &mut DbConn, read_version: i64) -> Result<usize, ApiError>;
    /// What history calls a change from `before` to `after` (`update`, unless a record has a
    /// better word for some changes, such as `end`).
    fn action(_before: &Value, _after: &Value) -> &'static str {
        "update"
    }
}

/// Whether the client's precondition accepts a version: an `If-Match` check.
pub trait Precondition {
    fn accepts(&self, version: i64) -> bool;
}

/// The service's own changes (seeding, back-fills): whatever version is stored.
pub struct Unconditional;

impl Precondition for Unconditional {
    fn accepts(&self, _: i64) -> bool {
        true
    }
}

/// Applies `change` to `record` if the client read its current version, stores it under the
/// next version and records what changed.
pub fn update<R: Versioned>(
    conn: &mut DbConn,
    actor: &Actor,
    mut record: R,
    expected: &impl Precondition,
    change: impl FnOnce(&mut DbConn, &mut R) -> Result<(), ApiError>,
) -> Result<R, ApiError> {
    if !expected.accepts(record.version()) {
        return Err(ApiError::PreconditionFailed);
    }
    let read_version = record.version();
    let before = record.audit_view()?;
    change(conn, &mut record)?;
    record.stamp(read_version + 1, super::now());
    if record.store(conn, read_version)? == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    let after = record.audit_view()?;
    history::record(conn, actor, R::RESOURCE, record.id(), R::action(&before, &after), history::diff(&before, &after))?;
    Ok(record)
}

/// Deletes `record` if the client's precondition (when sent) accepts its version and nothing
/// refers to it (`references` names what does: a 409 with `refused` as its detail).
pub fn delete<R: Versioned>(
    conn: &mut DbConn,
    actor: &Actor,
    record: R,
    expected: Option<&impl Precondition>,
    references: Vec<FieldError>,
    refused: &str,
) -> Result<(), ApiError> {
    if expected.is_some_and(|e| !e.accepts(record.version())) {
        return Err(ApiError::PreconditionFailed);
    }
    if !references.is_empty() {
        return Err(ApiError::Conflict { detail: refused.to_owned(), errors: references });
    }
    if record.erase(conn, record.version())? == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    history::record(conn, actor, R::RESOURCE, record.id(), "delete", history::diff(&record.audit_view()?, &json!({})))
}

/// The references that keep a record from being deleted: one field error per kind that has
/// any, e.g. `("labs", 3, "laboratories belong to it")` → `labs: 3 laboratories belong to it`.
pub fn referenced_by(counts: impl IntoIterator<Item = (&'static str, i64, &'static str)>) -> Vec<FieldError> {
    counts
        .into_iter()
        .filter(|(_, count, _)| *count > 0)
        .map(|(field, count, what)| FieldError::new(field, "referenced", format!("{count} {what}")))
        .collect()
}
