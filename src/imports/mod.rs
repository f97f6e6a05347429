//! Importing institutions, laboratories, projects, funding and outputs from a file (CSV, XLSX or
//! JSON), for `jointreg import` and `POST /api/v1/imports` alike.
//!
//! - Every row is read as the body of its kind's `POST` (the same types, the same validation) and
//!   written through the same model functions as `POST` and `PATCH`, with history.
//! - All or nothing: the whole file is one write transaction; any bad row and nothing is written,
//!   and every row's problems are reported at once (`labs[3].institution_id`).
//! - Idempotent: a row names an existing record by `id`, or else by a natural key (see
//!   [`records`]); a row that matches its record changes nothing (no new version, no history), so
//!   importing the same file twice changes nothing the second time.
//! - A dry run does all of it and rolls back: what it reports is what a real run would do.

pub mod columns;
pub mod command;
pub mod kind;
pub mod records;
pub mod report;
pub mod source;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::db::models::history::Actor;
use crate::db::{DbConn, transaction};
use crate::error::{ApiError, FieldError};
pub use kind::Kind;
use records::Outcome;
pub use report::{Counts, ImportReport};
pub use source::{Format, Record, Section};

/// How an import runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Check and count everything, write nothing.
    pub dry_run: bool,
    /// The day a new laboratory's default status (`planned`, "registered") starts.
    pub today: NaiveDate,
    /// Names the import in the report and in every history entry it writes (their `request_id`).
    pub import_id: String,
}

/// Why an import did not complete.
#[derive(Debug)]
enum Stop {
    /// Rows with problems (nothing written).
    Rows(Vec<FieldError>),
    /// A dry run, rolled back as planned.
    DryRun(Box<ImportReport>),
    Failed(ApiError),
}

impl From<diesel::result::Error> for Stop {
    fn from(err: diesel::result::Error) -> Self {
        Stop::Failed(err.into())
    }
}

/// Imports `sections` as `actor`, in one transaction. Rows with problems: 422 with every row's
/// field errors, nothing written. `progress(kind, done, total)` is called as rows are done.
pub fn run(
    conn: &mut DbConn,
    actor: &Actor,
    sections: Vec<Section>,
    options: &Options,
    progress: &mut dyn FnMut(Kind, usize, usize),
) -> Result<ImportReport, ApiError> {
    let mut actor = actor.clone();
    actor.request_id = Some(options.import_id.clone());
    let result = transaction::write(conn, |conn| {
        let report = import(conn, &actor, sections, options, progress)?;
        if options.dry_run { Err(Stop::DryRun(Box::new(report))) } else { Ok(report) }
    });
    match result {
        Ok(report) => Ok(report),
        Err(Stop::DryRun(report)) => Ok(*report),
        Err(Stop::Rows(errors)) => Err(ApiError::Validation(errors)),
        Err(Stop::Failed(err)) => Err(err),
    }
}

fn import(
    conn: &mut DbConn,
    actor: &Actor,
    mut sections: Vec<Section>,
    options: &Options,
    progress: &mut dyn FnMut(Kind, usize, usize),
) -> Result<ImportReport, Stop> {
    // What others refer to comes first, whatever the order in the file.
    sections.sort_by_key(|s| s.kind);
    let mut report = ImportReport::new(&options.import_id, options.dry_run);
    let mut errors = Vec::new();
    for section in sections {
        let kind = section.kind;
        let total = section.records.len();
        // The record each row came to, so two rows about one record are caught.
        let mut claimed: HashMap<String, usize> = HashMap::new();
        for (done, record) in section.records.into_iter().enumerate() {
            let (position, line) = (record.position, record.line);
            // A table's row is named by its columns (`name_en`), a JSON record by its fields.
            let renames = record.columns.unwrap_or(&[]);
            let within = |e: FieldError| {
                let field = columns::column_of(renames, &e.field);
                within(kind, position, line, FieldError { field, ..e })
            };
            let at = |field: &str| row_field(kind, position, field);
            // A savepoint per row: a failed row leaves the transaction usable (PostgreSQL aborts
            // it on any error otherwise), so the rows after it are still checked.
            let outcome = transaction::write(conn, |conn| records::upsert(conn, actor, kind, record, options.today));
            match outcome {
                Ok(outcome) => match claimed.insert(outcome.id().to_owned(), position) {
                    Some(first) => errors.push(FieldError::new(
                        at(""),
                        "duplicate",
                        located(format!("names the same record as {}[{first}]", kind.as_str()), line),
                    )),
                    None => report.count(kind, &outcome),
                },
                Err(ApiError::Validation(found)) => errors.extend(found.into_iter().map(within)),
                Err(ApiError::Conflict { detail, errors: found }) if found.is_empty() => {
                    errors.push(FieldError::new(at(""), "conflict", located(detail, line)))
                }
                Err(ApiError::Conflict { errors: found, .. }) => errors.extend(found.into_iter().map(within)),
                Err(ApiError::NotFound) => errors.push(FieldError::new(
                    at("id"),
                    "not_found",
                    located(format!("names no {}", kind.singular()), line),
                )),
                Err(other) => return Err(Stop::Failed(other)),
            }
            if (done + 1) % PROGRESS_EVERY == 0 || done + 1 == total {
                progress(kind, done + 1, total);
            }
        }
    }
    if errors.is_empty() { Ok(report) } else { Err(Stop::Rows(errors)) }
}

/// How often (in rows) progress is reported.
const PROGRESS_EVERY: usize = 500;

/// The field `field` of row `position` of a kind, as errors name it: `funding[12].award_number`.
fn row_field(kind: Kind, position: usize, field: &str) -> String {
    match field {
        "" => format!("{}[{position}]", kind.as_str()),
        field => format!("{}[{position}].{field}", kind.as_str()),
    }
}

/// A message with the line of the file it is about, when the file has lines (CSV, XLSX).
fn located(message: String, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{message} (line {line})"),
        None => message,
    }
}

/// A record's field error as one of the file's.
fn within(kind: Kind, position: usize, line: Option<usize>, error: FieldError) -> FieldError {
    FieldError {
        field: row_field(kind, position, &error.field),
        code: error.code,
        message: located(error.message, line),
    }
}

impl Outcome {
    fn id(&self) -> &str {
        match self {
            Outcome::Created(id) | Outcome::Updated(id) | Outcome::Unchanged(id) => id,
        }
    }
}
