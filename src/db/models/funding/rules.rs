//! The rules of a funding record that no single field can check: they need the project, its
//! laboratories, the funder or the other awards. Every broken rule is reported at once.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::{FundingFields, FundingRecord};
use crate::db::DbConn;
use crate::db::models::funder::FunderStatus;
use crate::db::models::project_access::ReadScope;
use crate::db::schema::funding_records::dsl;
use crate::db::schema::{funders, institutions, labs, project_labs};
use crate::domain::project::FundingStatus;
use crate::error::{ApiError, FieldError};

/// One answer for a project that does not exist and one the caller may not read, so project ids
/// cannot be probed through funding.
pub fn readable_project(conn: &mut DbConn, scope: &ReadScope, project_id: &str) -> Result<(), ApiError> {
    match scope.check(conn, project_id) {
        Err(ApiError::NotFound) => {
            Err(ApiError::field("project_id", "unknown_project", "names no project you may read"))
        }
        other => other,
    }
}

/// The country of `lab_id` when it is one of the project's laboratories.
fn lab_country(conn: &mut DbConn, project_id: &str, lab_id: &str) -> Result<Option<String>, ApiError> {
    Ok(project_labs::table
        .inner_join(labs::table.inner_join(institutions::table))
        .filter(project_labs::project_id.eq(project_id.to_owned()))
        .filter(project_labs::lab_id.eq(lab_id.to_owned()))
        .select(institutions::country)
        .first(conn)
        .optional()?)
}

/// The side the record claims to fund, for deciding who may write it: the side as written, else
/// the country of its laboratory (when that is one of the project's). `None` when neither says.
pub fn claimed_side(conn: &mut DbConn, fields: &FundingFields) -> Result<Option<String>, ApiError> {
    if let Some(side) = &fields.side {
        return Ok(Some(side.clone()));
    }
    match &fields.lab_id {
        Some(lab) => lab_country(conn, &fields.project_id, lab),
        None => Ok(None),
    }
}

/// What the funder rules need to know about a funder.
struct FunderFacts {
    short_code: String,
    status: String,
    closed_on: Option<NaiveDate>,
    successor_id: Option<String>,
}

fn funder(conn: &mut DbConn, id: &str) -> Result<Option<FunderFacts>, ApiError> {
    let row: Option<(String, String, Option<NaiveDate>, Option<String>)> = funders::table
        .find(id)
        .select((funders::short_code, funders::status, funders::closed_on, funders::successor_id))
        .first(conn)
        .optional()?;
    Ok(row.map(|(short_code, status, closed_on, successor_id)| FunderFacts {
        short_code,
        status,
        closed_on,
        successor_id,
    }))
}

/// A closed funder takes no new applications: the message names who took over, if anyone did.
fn closed_funder(conn: &mut DbConn, funder: &FunderFacts) -> Result<FieldError, ApiError> {
    let since = funder.closed_on.map(|d| format!(" on {d}")).unwrap_or_default();
    let successor: Option<String> = match &funder.successor_id {
        Some(id) => funders::table.find(id).select(funders::short_code).first(conn).optional()?,
        None => None,
    };
    let advice = match successor {
        Some(code) => format!("apply to its successor {code} instead"),
        None => "no successor is on record".to_owned(),
    };
    Ok(FieldError::new(
        "funder_id",
        "funder_closed",
        format!("{} closed{since} and takes no new applications; {advice}", funder.short_code),
    ))
}

/// Checks `fields` as a whole and returns the side the record funds. `new_application` says
/// whether the record is new, or its funder or status changes: only then does a closed funder
/// refuse an `applied` record (older applications stay editable after their funder closed).
pub(super) fn check(conn: &mut DbConn, fields: &FundingFields, new_application: bool) -> Result<String, ApiError> {
    let mut errors = Vec::new();
    if fields.ends_on < fields.starts_on {
        errors.push(FieldError::new("ends_on", "before_start", "must not be before starts_on"));
    }
    let lab_country = match &fields.lab_id {
        Some(lab) => {
            let country = lab_country(conn, &fields.project_id, lab)?;
            if country.is_none() {
                errors.push(FieldError::new("lab_id", "not_in_project", "must be one of the project's laboratories"));
            }
            country
        }
        None => None,
    };
    let side = match (&fields.side, lab_country) {
        (Some(side), Some(country)) if *side != country => {
            errors.push(FieldError::new(
                "side",
                "disagrees_with_lab",
                format!("is {side}, but lab_id is a laboratory in {country}; give its country or leave side out"),
            ));
            None
        }
        (Some(side), _) => Some(side.clone()),
        (None, Some(country)) => Some(country),
        (None, None) => {
            // A laboratory that is not the project's is reported above; the side waits for it.
            if fields.lab_id.is_none() {
                errors.push(FieldError::new(
                    "side",
                    "required",
                    "is required without lab_id: the ISO 3166-1 code of the country whose side it funds",
                ));
            }
            None
        }
    };
    match funder(conn, &fields.funder_id)? {
        None => errors.push(FieldError::new("funder_id", "unknown_funder", "names no funder")),
        Some(funder)
            if new_application
                && fields.status == FundingStatus::Applied
                && FunderStatus::stored(&funder.status, &fields.funder_id)? == FunderStatus::Closed =>
        {
            errors.push(closed_funder(conn, &funder)?)
        }
        Some(_) => {}
    }
    errors.sort_by(|a, b| a.field.cmp(&b.field));
    match side {
        Some(side) if errors.is_empty() => Ok(side),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// A funder's award number names one award: a second is a 409 naming the first, when the caller
/// may read it (the number itself is the funder's, not a secret of the project).
pub(super) fn ensure_unique(conn: &mut DbConn, scope: &ReadScope, record: &FundingRecord) -> Result<(), ApiError> {
    let Some(number) = &record.award_number else { return Ok(()) };
    let holders = || {
        dsl::funding_records
            .into_boxed()
            .filter(dsl::funder_id.eq(record.funder_id.clone()))
            .filter(dsl::award_number.eq(number.clone()))
            .filter(dsl::id.ne(record.id.clone()))
            .select(dsl::id)
    };
    let readable: Option<String> =
        holders().filter(scope.includes("funding_records.project_id")).first(conn).optional()?;
    let message = match readable {
        Some(id) => format!("is already recorded for this funder, in funding record {id}"),
        None if holders().first::<String>(conn).optional()?.is_some() => {
            "is already recorded for this funder".to_owned()
        }
        None => return Ok(()),
    };
    Err(duplicate(message))
}

fn duplicate(message: String) -> ApiError {
    ApiError::Conflict {
        detail: "This funder's award number is already on record; `errors` names where.".into(),
        errors: vec![FieldError::new("award_number", "already_registered", message)],
    }
}

/// Constraint failures that slip past the checks above when a concurrent writer got in first.
pub(crate) fn write_error(err: DieselError) -> ApiError {
    match err {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            duplicate("is already recorded for this funder".to_owned())
        }
        DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => ApiError::Conflict {
            detail: "The project, funder or laboratory it names was deleted meanwhile; read them again and retry."
                .into(),
            errors: vec![],
        },
        other => other.into(),
    }
}
