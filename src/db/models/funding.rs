//! Funding records ("awards"): which funder pays for which side of a joint project, for which
//! period, how much, and where the award stands.
//!
//! Every read goes through the caller's `ReadScope` on the record's project, so an award of a
//! project the caller may not read does not exist for them (404, absent from lists and counts).
//! Writes are versioned, checked as a whole (`rules`) and recorded in the history as `funding`.

mod list;
mod rules;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::db::DbConn;
use crate::db::models::history::Actor;
use crate::db::models::merge::set;
use crate::db::models::names;
use crate::db::models::project_access::ReadScope;
use crate::db::models::versioned;
use crate::db::schema::funding_records::{self, dsl};
use crate::db::schema::output_funding;
use crate::domain::money::{Currency, Money};
use crate::domain::project::FundingStatus;
use crate::error::{ApiError, FieldError};

pub use list::{After, ListFilter, Order};
pub use rules::{claimed_side, readable_project};

/// The name of funding records in the history.
pub const RESOURCE: &str = "funding";

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = funding_records, treat_none_as_null = true)]
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
    pub fn touches_application(&self) -> bool {
        self.funder_id.is_some() || self.status.is_some()
    }

    /// The fields as they would be after the change.
    pub fn apply(self, mut fields: FundingFields) -> FundingFields {
        // A laboratory named without a side: the side follows the laboratory's country, as on create.
        if matches!(self.lab_id, Some(Some(_))) && self.side.is_none() {
            fields.side = None;
        }
        set(&mut fields.funder_id, self.funder_id);
        set(&mut fields.call_name, self.call_name);
        set(&mut fields.award_number, self.award_number);
        set(&mut fields.amount, self.amount);
        set(&mut fields.starts_on, self.starts_on);
        set(&mut fields.ends_on, self.ends_on);
        set(&mut fields.status, self.status);
        set(&mut fields.side, self.side.map(Some));
        set(&mut fields.lab_id, self.lab_id);
        fields
    }
}

/// A funding record with its funder's short code, as readers see it.
#[derive(Debug, Clone)]
pub struct FundingView {
    pub record: FundingRecord,
    pub funder_short_code: String,
}

versioned_row!(FundingRecord, funding_records, "funding", rules::write_error);

impl FundingRecord {
    pub fn status(&self) -> Result<FundingStatus, ApiError> {
        FundingStatus::stored(&self.status, &self.id)
    }

    /// The amount, when one is on record (the database keeps amount and currency both or neither).
    pub fn amount(&self) -> Result<Option<Money>, ApiError> {
        let (Some(amount_minor), Some(code)) = (self.amount_minor, self.currency.as_deref()) else { return Ok(None) };
        let damaged =
            || ApiError::internal_message(format!("row {} holds the amount {amount_minor} {code:?}", self.id));
        let currency = Currency::parse(code).ok_or_else(damaged)?;
        // Amounts stored before awards were bounded are still read as they are.
        Ok(Some(Money { amount_minor, currency }))
    }

    pub fn fields(&self) -> Result<FundingFields, ApiError> {
        Ok(FundingFields {
            project_id: self.project_id.clone(),
            funder_id: self.funder_id.clone(),
            call_name: self.call_name.clone(),
            award_number: self.award_number.clone(),
            amount: self.amount()?,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            status: self.status()?,
            side: Some(self.side.clone()),
            lab_id: self.lab_id.clone(),
        })
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

    /// Many records with their funders' short codes: one query per thousand funders.
    pub fn views(conn: &mut DbConn, records: Vec<FundingRecord>) -> Result<Vec<FundingView>, ApiError> {
        let codes = names::funder_short_codes(conn, records.iter().map(|r| r.funder_id.as_str()))?;
        Ok(records
            .into_iter()
            .map(|record| FundingView {
                funder_short_code: codes.get(&record.funder_id).cloned().unwrap_or_default(),
                record,
            })
            .collect())
    }

    /// Records an award on a project `scope` may read; call after the rule allowed the caller
    /// to keep funding of the side it claims.
    pub fn insert(
        conn: &mut DbConn,
        scope: &ReadScope,
        fields: FundingFields,
        actor: &Actor,
    ) -> Result<Self, ApiError> {
        let side = rules::check(conn, &fields, true)?;
        let now = super::now();
        let record = row(super::new_id(), &fields, side, 1, now, now);
        rules::ensure_unique(conn, scope, &record)?;
        versioned::create(conn, actor, record)
    }

    /// Rewrites the record as `after` describes it, checked as a whole (`new_application`: the
    /// change could make it a new application, which a closed funder no longer takes).
    pub fn rewrite(
        &mut self,
        conn: &mut DbConn,
        scope: &ReadScope,
        after: &FundingFields,
        new_application: bool,
    ) -> Result<(), ApiError> {
        let side = rules::check(conn, after, new_application)?;
        *self = row(self.id.clone(), after, side, self.version, self.created_at, self.updated_at);
        rules::ensure_unique(conn, scope, self)
    }

    /// What refers to the record and so keeps it from being deleted.
    pub fn references(&self, conn: &mut DbConn) -> Result<Vec<FieldError>, ApiError> {
        let outputs: i64 =
            output_funding::table.filter(output_funding::funding_id.eq(&self.id)).count().get_result(conn)?;
        Ok(versioned::referenced_by([("outputs", outputs, "outputs name it")]))
    }
}

/// The refusal of a delete that [`FundingRecord::references`] explains.
pub const STILL_REFERENCED: &str =
    "Outputs acknowledge this funding, so it cannot be deleted; set its status to `withdrawn` instead.";

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
