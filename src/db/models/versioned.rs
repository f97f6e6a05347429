//! Creating, changing and deleting versioned records, once for all of them: the version the
//! client read (`If-Match`), the write that only lands on that version, and the history entry
//! beside it.
//!
//! Call inside the write transaction that loaded the record and decided the rule on it
//! (`http::exchange`).

use chrono::NaiveDateTime;
use serde_json::{Value, json};

use crate::db::DbConn;
use crate::db::models::history::{self, Actor};
use crate::db::models::search_terms;
use crate::error::{ApiError, FieldError};

/// A table row with an id and a version that moves on with every change: what every versioned
/// record is stored in (alone, or beside rows of its own in other tables).
pub trait Row {
    fn id(&self) -> &str;
    fn version(&self) -> i64;
    /// Moves the row to `version`, changed at `at`.
    fn stamp(&mut self, version: i64, at: NaiveDateTime);
    fn insert(&self, conn: &mut DbConn) -> Result<(), ApiError>;
    /// Writes the row over the stored one if that is still at `read_version`; how many rows
    /// were written (0: another writer got there first).
    fn store(&self, conn: &mut DbConn, read_version: i64) -> Result<usize, ApiError>;
    /// Deletes the stored row if it is still at `read_version`; how many rows were deleted.
    fn erase(&self, conn: &mut DbConn, read_version: i64) -> Result<usize, ApiError>;
}

/// A record with a version and a history: its [`Row`], and what history compares.
pub trait Versioned {
    /// Its name in the history.
    const RESOURCE: &'static str;
    /// The row that carries the record's id and version.
    type Row: Row;

    fn row(&self) -> &Self::Row;
    fn row_mut(&mut self) -> &mut Self::Row;
    /// What history compares: every field a person can change, never a secret.
    fn audit_view(&self) -> Result<Value, ApiError>;
    /// Writes a new record: its row, and whatever rows of its own a record keeps beside it.
    fn insert(&self, conn: &mut DbConn) -> Result<(), ApiError> {
        self.row().insert(conn)
    }
    /// Writes the record over the stored one if that is still at `read_version` (see
    /// [`Row::store`]).
    fn store(&self, conn: &mut DbConn, read_version: i64) -> Result<usize, ApiError> {
        self.row().store(conn, read_version)
    }
    /// Deletes the record if it is still at `read_version` (see [`Row::erase`]).
    fn erase(&self, conn: &mut DbConn, read_version: i64) -> Result<usize, ApiError> {
        self.row().erase(conn, read_version)
    }
    /// The names the record is found by across scripts (`search_terms`); `None` for records
    /// not searched by name.
    fn search_names(&self) -> Option<Vec<String>> {
        None
    }
    /// The names of the people in a record searched by name, read as people's names.
    fn search_people(&self) -> Vec<String> {
        Vec::new()
    }
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

/// Writes a new record and records its creation: every audited field, from nothing.
pub fn create<R: Versioned>(conn: &mut DbConn, actor: &Actor, record: R) -> Result<R, ApiError> {
    record.insert(conn)?;
    refresh_terms(conn, &record)?;
    let changes = history::diff(&json!({}), &record.audit_view()?);
    history::record(conn, actor, R::RESOURCE, record.row().id(), "create", changes)?;
    Ok(record)
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
    let read_version = record.row().version();
    if !expected.accepts(read_version) {
        return Err(ApiError::PreconditionFailed);
    }
    let before = record.audit_view()?;
    change(conn, &mut record)?;
    record.row_mut().stamp(read_version + 1, super::now());
    if record.store(conn, read_version)? == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    refresh_terms(conn, &record)?;
    let after = record.audit_view()?;
    let id = record.row().id();
    history::record(conn, actor, R::RESOURCE, id, R::action(&before, &after), history::diff(&before, &after))?;
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
    let version = record.row().version();
    if expected.is_some_and(|e| !e.accepts(version)) {
        return Err(ApiError::PreconditionFailed);
    }
    if !references.is_empty() {
        return Err(ApiError::Conflict { detail: refused.to_owned(), errors: references });
    }
    if record.erase(conn, version)? == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    if record.search_names().is_some() {
        search_terms::remove(conn, R::RESOURCE, record.row().id())?;
    }
    history::record(
        conn,
        actor,
        R::RESOURCE,
        record.row().id(),
        "delete",
        history::diff(&record.audit_view()?, &json!({})),
    )
}

/// Rewrites the search terms of a record searched by name, in the write's transaction.
fn refresh_terms<R: Versioned>(conn: &mut DbConn, record: &R) -> Result<(), ApiError> {
    if let Some(names) = record.search_names() {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let people = record.search_people();
        let people: Vec<&str> = people.iter().map(String::as_str).collect();
        search_terms::replace(conn, R::RESOURCE, record.row().id(), &names, &people)?;
    }
    Ok(())
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
