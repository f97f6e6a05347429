//! Funding records ("awards"): which funder pays for which side of a joint project, for which
//! period, how much, and where the award stands.
//!
//! Every read goes through the caller's `ReadScope` on the record's project, so an award of a
//! project the caller may not read does not exist for them (404, absent from lists and counts).
//! Writes are versioned, checked as a whole (`rules`) and recorded in the history as `funding`.

mod list;
mod rules;

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::db::models::history::{self, Actor};
use crate::db::models::project_access::ReadScope;
use crate::db::schema::funding_records::{self, dsl};
use crate::db::schema::{funders, output_funding};
use crate::db::{DbConn, transaction};
use crate::domain::money::{Currency, Money};
use crate::domain::project::FundingStatus;
use crate::error::{ApiError, FieldError};

pub use list::{After, ListFilter, Order};

/// The name of funding records in the history.
pub const RESOURCE: &str = "funding";

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = funding_records)]
pub struct FundingRecord {
    pub id: String,
    pub project_id: String,
    pub funder_id: String,
    pub call_name: Option<String>,
    pub award_number: Option<String>,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: String,
    pub side: String,
    pub lab_id: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Everything a funding record is described by, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingFields {
    pub project_id: String,
    pub funder_id: String,
    pub call_name: Option<String>,
    pub award_number: Option<String>,
    pub amount: Option<Money>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: FundingStatus,
    /// The country whose side it funds; `None` leaves it to the country of `lab_id`.
    pub side: Option<String>,
    pub lab_id: Option<String>,
}

/// A merge patch: `None` keeps a field, `Some(None)` clears an optional one. The project is not
/// among them: an award moves to another project only by being recorded there anew.
#[derive(Debug, Clone, Default)]
pub struct FundingChanges {
    pub funder_id: Option<String>,
    pub call_name: Option<Option<String>>,
    pub award_number: Option<Option<String>>,
    pub amount: Option<Option<Money>>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub status: Option<FundingStatus>,
    pub side: Option<String>,
    pub lab_id: Option<Option<String>>,
}

impl FundingChanges {
    /// Whether the change could turn the record into a new application (to a closed funder).
    fn touches_application(&self) -> bool {
        self.funder_id.is_some() || self.status.is_some()
    }

    fn apply(self, mut fields: FundingFields) -> FundingFields {
        // A laboratory named without a side: the side follows the laboratory's country, as on create.
        if matches!(self.lab_id, Some(Some(_))) && self.side.is_none() {
            fields.side = None;
        }
        if let Some(v) = self.funder_id {
            fields.funder_id = v;
        }
        if let Some(v) = self.call_name {
            fields.call_name = v;
        }
        if let Some(v) = self.award_number {
            fields.award_number = v;
        }
        if let Some(v) = self.amount {
            fields.amount = v;
        }
        if let Some(v) = self.starts_on {
            fields.starts_on = v;
        }
        if let Some(v) = self.ends_on {
            fields.ends_on = v;
        }
        if let Some(v) = self.status {
            fields.status = v;
        }
        if let Some(v) = self.side {
            fields.side = Some(v);
        }
        if let Some(v) = self.lab_id {
            fields.lab_id = v;
        }
        fields
    }
}

/// A funding record with its funder's short code, as readers see it.
#[derive(Debug, Clone)]
pub struct FundingView {
    pub record: FundingRecord,
    pub funder_short_code: String,
}

impl FundingRecord {
    pub fn status(&self) -> FundingStatus {
        FundingStatus::parse(&self.status).unwrap_or(FundingStatus::Applied)
    }

    /// The amount, when one is on record (the database keeps amount and currency both or neither).
    pub fn amount(&self) -> Option<Money> {
        let currency = Currency::parse(self.currency.as_deref()?)?;
        Money::new(self.amount_minor?, currency)
    }

    pub fn fields(&self) -> FundingFields {
        FundingFields {
            project_id: self.project_id.clone(),
            funder_id: self.funder_id.clone(),
            call_name: self.call_name.clone(),
            award_number: self.award_number.clone(),
            amount: self.amount(),
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            status: self.status(),
            side: Some(self.side.clone()),
            lab_id: self.lab_id.clone(),
        }
    }

    /// The audited view of the record (what its history compares).
    pub fn audit_view(&self) -> serde_json::Value {
        json!({
            "project_id": self.project_id,
            "funder_id": self.funder_id,
            "call_name": self.call_name,
            "award_number": self.award_number,
            "amount_minor": self.amount_minor,
            "currency": self.currency,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "status": self.status,
            "side": self.side,
            "lab_id": self.lab_id,
        })
    }

    pub fn find(conn: &mut DbConn, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::funding_records.find(id).first(conn)?)
    }

    /// The record, if `scope` may read its project; otherwise "not found", exactly as if it did
    /// not exist.
    pub fn find_visible(conn: &mut DbConn, scope: &ReadScope, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::funding_records
            .into_boxed()
            .filter(dsl::id.eq(id.to_owned()))
            .filter(scope.includes("funding_records.project_id"))
            .first(conn)?)
    }

    pub fn view(conn: &mut DbConn, record: FundingRecord) -> Result<FundingView, ApiError> {
        Self::views(conn, vec![record])?.pop().ok_or(ApiError::NotFound)
    }

    /// Many records with their funders' short codes: one query, whatever their number.
    pub fn views(conn: &mut DbConn, records: Vec<FundingRecord>) -> Result<Vec<FundingView>, ApiError> {
        let mut ids: Vec<&str> = records.iter().map(|r| r.funder_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let codes: HashMap<String, String> = if ids.is_empty() {
            HashMap::new()
        } else {
            funders::table
                .filter(funders::id.eq_any(&ids))
                .select((funders::id, funders::short_code))
                .load::<(String, String)>(conn)?
                .into_iter()
                .collect()
        };
        Ok(records
            .into_iter()
            .map(|record| FundingView {
                funder_short_code: codes.get(&record.funder_id).cloned().unwrap_or_default(),
                record,
            })
            .collect())
    }

    /// Records an award. `allow` decides, after the project was found readable, whether the
    /// caller may keep funding of the side claimed (`None` when the body names none yet).
    pub fn insert(
        conn: &mut DbConn,
        scope: &ReadScope,
        fields: FundingFields,
        allow: impl FnOnce(&mut DbConn, Option<&str>) -> Result<(), ApiError>,
        actor: &Actor,
    ) -> Result<Self, ApiError> {
        transaction::write(conn, |conn| {
            rules::readable_project(conn, scope, &fields.project_id)?;
            let claimed = rules::claimed_side(conn, &fields)?;
            allow(conn, claimed.as_deref())?;
            let side = rules::check(conn, &fields, true)?;
            let now = super::now();
            let record = row(super::new_id(), &fields, side, 1, now, now);
            rules::ensure_unique(conn, scope, &record)?;
            diesel::insert_into(funding_records::table).values(&record).execute(conn).map_err(rules::write_error)?;
            let changes = history::diff(&json!({}), &record.audit_view());
            history::record(conn, actor, RESOURCE, &record.id, "create", changes)?;
            Ok(record)
        })
    }

    /// Applies `changes` to a record `scope` may read, if its version is one `accept` allows
    /// (the `If-Match` check) and `allow` approves the record as it is and the side it would have.
    pub fn update(
        conn: &mut DbConn,
        scope: &ReadScope,
        id: &str,
        accept: impl Fn(i64) -> bool,
        changes: FundingChanges,
        allow: impl FnOnce(&mut DbConn, &FundingRecord, Option<&str>) -> Result<(), ApiError>,
        actor: &Actor,
    ) -> Result<Self, ApiError> {
        transaction::write(conn, |conn| {
            let current = Self::find_visible(conn, scope, id)?;
            if !accept(current.version) {
                return Err(ApiError::PreconditionFailed);
            }
            let new_application = changes.touches_application();
            let after = changes.apply(current.fields());
            let claimed = rules::claimed_side(conn, &after)?;
            allow(conn, &current, claimed.as_deref())?;
            let side = rules::check(conn, &after, new_application)?;
            let record = row(id.to_owned(), &after, side, current.version + 1, current.created_at, super::now());
            rules::ensure_unique(conn, scope, &record)?;
            let updated =
                diesel::update(dsl::funding_records.filter(dsl::id.eq(id)).filter(dsl::version.eq(current.version)))
                    .set((
                        dsl::funder_id.eq(&record.funder_id),
                        dsl::call_name.eq(&record.call_name),
                        dsl::award_number.eq(&record.award_number),
                        dsl::amount_minor.eq(record.amount_minor),
                        dsl::currency.eq(&record.currency),
                        dsl::starts_on.eq(record.starts_on),
                        dsl::ends_on.eq(record.ends_on),
                        dsl::status.eq(&record.status),
                        dsl::side.eq(&record.side),
                        dsl::lab_id.eq(&record.lab_id),
                        dsl::version.eq(record.version),
                        dsl::updated_at.eq(record.updated_at),
                    ))
                    .execute(conn)
                    .map_err(rules::write_error)?;
            // Zero rows: another writer got in between our read and write (PostgreSQL only).
            if updated == 0 {
                return Err(ApiError::PreconditionFailed);
            }
            let changes = history::diff(&current.audit_view(), &record.audit_view());
            history::record(conn, actor, RESOURCE, id, "update", changes)?;
            Ok(record)
        })
    }

    /// Deletes a record no output names; one that outputs acknowledge is withdrawn instead, so
    /// what those outputs cite stays on record. Its history stays either way.
    pub fn delete(conn: &mut DbConn, id: &str, accept: impl Fn(i64) -> bool, actor: &Actor) -> Result<(), ApiError> {
        transaction::write(conn, |conn| {
            let record = Self::find(conn, id)?;
            if !accept(record.version) {
                return Err(ApiError::PreconditionFailed);
            }
            let outputs: i64 =
                output_funding::table.filter(output_funding::funding_id.eq(id)).count().get_result(conn)?;
            if outputs > 0 {
                return Err(referenced(outputs));
            }
            let deleted =
                diesel::delete(dsl::funding_records.filter(dsl::id.eq(id)).filter(dsl::version.eq(record.version)))
                    .execute(conn)
                    .map_err(|e| match e {
                        // An output that named it after the count above.
                        diesel::result::Error::DatabaseError(
                            diesel::result::DatabaseErrorKind::ForeignKeyViolation,
                            _,
                        ) => referenced(1),
                        other => other.into(),
                    })?;
            if deleted == 0 {
                return Err(ApiError::PreconditionFailed);
            }
            let changes = history::diff(&record.audit_view(), &json!({}));
            history::record(conn, actor, RESOURCE, id, "delete", changes)
        })
    }
}

fn referenced(outputs: i64) -> ApiError {
    ApiError::Conflict {
        detail: "Outputs acknowledge this funding, so it cannot be deleted; set its status to `withdrawn` instead."
            .into(),
        errors: vec![FieldError::new("outputs", "referenced", format!("{outputs} outputs name it"))],
    }
}

/// The stored row for `fields` on `side` (the side the rules resolved).
fn row(
    id: String,
    fields: &FundingFields,
    side: String,
    version: i64,
    created_at: NaiveDateTime,
    now: NaiveDateTime,
) -> FundingRecord {
    FundingRecord {
        id,
        project_id: fields.project_id.clone(),
        funder_id: fields.funder_id.clone(),
        call_name: fields.call_name.clone(),
        award_number: fields.award_number.clone(),
        amount_minor: fields.amount.map(|m| m.amount_minor),
        currency: fields.amount.map(|m| m.currency.code().to_owned()),
        starts_on: fields.starts_on,
        ends_on: fields.ends_on,
        status: fields.status.as_str().to_owned(),
        side,
        lab_id: fields.lab_id.clone(),
        version,
        created_at,
        updated_at: now,
    }
}
