//! A laboratory's status over time. Entries are only ever added (the database refuses changes);
//! the current status is the latest entry already in effect.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::lab_status_entries::{self, dsl};
use crate::domain::lab::LabStatus;
use crate::error::ApiError;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = lab_status_entries)]
pub struct LabStatusEntry {
    pub id: String,
    pub lab_id: String,
    pub status: String,
    pub effective_on: NaiveDate,
    pub reason: String,
    pub recorded_by: Option<String>,
    pub recorded_at: NaiveDateTime,
}

impl LabStatusEntry {
    pub fn status(&self) -> Result<LabStatus, ApiError> {
        LabStatus::stored(&self.status, &self.id)
    }
}

/// Appends an entry.
pub fn add(
    conn: &mut DbConn,
    lab_id: &str,
    status: LabStatus,
    effective_on: NaiveDate,
    reason: &str,
    recorded_by: Option<&str>,
) -> Result<LabStatusEntry, ApiError> {
    let entry = LabStatusEntry {
        id: super::new_id(),
        lab_id: lab_id.into(),
        status: status.as_str().into(),
        effective_on,
        reason: reason.into(),
        recorded_by: recorded_by.map(str::to_owned),
        recorded_at: super::now(),
    };
    diesel::insert_into(lab_status_entries::table).values(&entry).execute(conn)?;
    Ok(entry)
}

/// Every entry of one lab, in the order they take effect.
pub fn for_lab(conn: &mut DbConn, lab_id: &str) -> Result<Vec<LabStatusEntry>, ApiError> {
    Ok(dsl::lab_status_entries
        .filter(dsl::lab_id.eq(lab_id))
        .order((dsl::effective_on.asc(), dsl::id.asc()))
        .load(conn)?)
}

/// Every entry of several labs, each lab's in the order they take effect.
pub fn for_labs(conn: &mut DbConn, lab_ids: &[&str]) -> Result<Vec<LabStatusEntry>, ApiError> {
    Ok(dsl::lab_status_entries
        .filter(dsl::lab_id.eq_any(lab_ids))
        .order((dsl::lab_id.asc(), dsl::effective_on.asc(), dsl::id.asc()))
        .load(conn)?)
}

/// The entry in effect on `day`: the latest one that took effect on or before it.
pub fn in_effect(entries: &[LabStatusEntry], day: NaiveDate) -> Option<&LabStatusEntry> {
    entries
        .iter()
        .filter(|e| e.effective_on <= day)
        .max_by(|a, b| (a.effective_on, &a.id).cmp(&(b.effective_on, &b.id)))
}

/// SQL for "the lab's status on `day` is `status`", for list filters.
pub fn status_on_sql(day: NaiveDate, status: LabStatus) -> diesel::expression::SqlLiteral<diesel::sql_types::Bool> {
    // Dates and statuses are formatted here, not typed by callers: both are safe literals.
    diesel::dsl::sql(&format!(
        "(SELECT e.status FROM lab_status_entries e WHERE e.lab_id = labs.id AND e.effective_on <= '{}' \
         ORDER BY e.effective_on DESC, e.id DESC LIMIT 1) = '{}'",
        day.format("%Y-%m-%d"),
        status.as_str()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, status: &str, day: &str) -> LabStatusEntry {
        LabStatusEntry {
            id: id.into(),
            lab_id: "lab".into(),
            status: status.into(),
            effective_on: day.parse().unwrap(),
            reason: String::new(),
            recorded_by: None,
            recorded_at: NaiveDateTime::default(),
        }
    }

    #[test]
    fn the_latest_entry_in_effect_wins_and_future_ones_wait() {
        let entries = [
            entry("1", "planned", "2020-01-01"),
            entry("2", "active", "2020-09-01"),
            entry("3", "closed", "2030-01-01"),
        ];
        let on = |d: &str| in_effect(&entries, d.parse().unwrap()).map(|e| e.status.clone());
        assert_eq!(on("2019-12-31"), None);
        assert_eq!(on("2020-01-01").as_deref(), Some("planned"));
        assert_eq!(on("2025-01-01").as_deref(), Some("active"));
        assert_eq!(on("2030-01-01").as_deref(), Some("closed"));
    }

    #[test]
    fn two_entries_on_one_day_resolve_to_the_later_recorded() {
        let entries = [entry("1", "active", "2021-01-01"), entry("2", "suspended", "2021-01-01")];
        assert_eq!(in_effect(&entries, "2021-06-01".parse().unwrap()).unwrap().status, "suspended");
    }
}
