//! Laboratories as stored: versioned writes with history, reference checks, keyset-paged lists.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::db::models::history::{self, Actor};
use crate::db::models::lab_status::{self, LabStatusEntry};
use crate::db::models::merge::set;
use crate::db::models::names;
use crate::db::models::search_terms;
use crate::db::models::versioned::{self, Row};
use crate::db::schema::labs::{self, dsl};
use crate::db::schema::{
    centres, funding_records, institutions, mirror_links, project_labs, project_participants, users,
};
use crate::db::{DbConn, MultiBackend, transaction};
use crate::domain::lab::LabStatus;
use crate::domain::names::fold_query;
use crate::domain::role::Role;
use crate::domain::search_key;
use crate::domain::sort::NameSort;
use crate::error::{ApiError, FieldError};

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = labs, treat_none_as_null = true)]
pub struct Lab {
    pub id: String,
    pub name_en: String,
    pub name_ru: Option<String>,
    pub name_zh: Option<String>,
    pub institution_id: String,
    pub centre_id: Option<String>,
    pub head_user_id: Option<String>,
    pub research_line: Option<String>,
    pub search_key: String,
    pub sort_key: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct LabFields {
    pub name_en: String,
    pub name_ru: Option<String>,
    pub name_zh: Option<String>,
    pub institution_id: String,
    pub centre_id: Option<String>,
    pub head_user_id: Option<String>,
    pub research_line: Option<String>,
}

/// The first status entry of a new lab.
#[derive(Debug, Clone)]
pub struct InitialStatus {
    pub status: LabStatus,
    pub effective_on: NaiveDate,
    pub reason: String,
}

/// A merge patch: `None` leaves a field alone; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct LabChanges {
    pub name_en: Option<String>,
    pub name_ru: Option<Option<String>>,
    pub name_zh: Option<Option<String>>,
    pub institution_id: Option<String>,
    pub centre_id: Option<Option<String>>,
    pub head_user_id: Option<Option<String>>,
    pub research_line: Option<Option<String>>,
}

impl LabChanges {
    /// Whether the change would move the lab to another institution or give it another head:
    /// who may read its restricted projects, and who keeps it, follow from these two.
    pub fn reassigns(&self, lab: &Lab) -> bool {
        let moves = self.institution_id.as_ref().is_some_and(|id| *id != lab.institution_id);
        let new_head = self.head_user_id.as_ref().is_some_and(|head| *head != lab.head_user_id);
        moves || new_head
    }

    /// Applies the patch to `lab` and checks what it now refers to.
    pub fn apply(self, conn: &mut DbConn, lab: &mut Lab) -> Result<(), ApiError> {
        let LabChanges { name_en, name_ru, name_zh, institution_id, centre_id, head_user_id, research_line } = self;
        set(&mut lab.name_en, name_en);
        set(&mut lab.name_ru, name_ru);
        set(&mut lab.name_zh, name_zh);
        set(&mut lab.institution_id, institution_id);
        set(&mut lab.centre_id, centre_id);
        set(&mut lab.head_user_id, head_user_id);
        set(&mut lab.research_line, research_line);
        lab.refresh_keys();
        check_references(conn, &lab.institution_id, lab.centre_id.as_deref(), lab.head_user_id.as_deref())
    }
}

versioned_row!(Lab, labs, "lab", ApiError::from, |_, _| "update", search = Lab::searched_names);

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub query: Option<String>,
    pub centre_id: Option<String>,
    pub institution_id: Option<String>,
    pub country: Option<String>,
    pub head_user_id: Option<String>,
    /// The status in effect on `today`.
    pub status: Option<LabStatus>,
    pub today: Option<NaiveDate>,
    /// Records created or changed at or after this instant (UTC).
    pub updated_since: Option<NaiveDateTime>,
}

/// A lab with what a reader needs beside it: its country and its status history.
#[derive(Debug, Clone)]
pub struct LabView {
    pub lab: Lab,
    pub country: String,
    pub statuses: Vec<LabStatusEntry>,
}

impl Lab {
    pub fn audit_view(&self) -> serde_json::Value {
        json!({
            "name_en": self.name_en,
            "name_ru": self.name_ru,
            "name_zh": self.name_zh,
            "institution_id": self.institution_id,
            "centre_id": self.centre_id,
            "head_user_id": self.head_user_id,
            "research_line": self.research_line,
        })
    }

    fn refresh_keys(&mut self) {
        let (name_ru, name_zh) = (self.name_ru.as_deref(), self.name_zh.as_deref());
        (self.search_key, self.sort_key) = names::keys(None, &self.name_en, name_ru, name_zh);
    }

    fn searched_names(&self) -> Vec<String> {
        names::searched(None, &self.name_en, self.name_ru.as_deref(), self.name_zh.as_deref())
    }

    pub fn find(conn: &mut DbConn, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::labs.find(id).first(conn)?)
    }

    /// The lab with its country and statuses.
    pub fn view(conn: &mut DbConn, lab: Lab) -> Result<LabView, ApiError> {
        let country = institutions::table.find(&lab.institution_id).select(institutions::country).first(conn)?;
        let statuses = lab_status::for_lab(conn, &lab.id)?;
        Ok(LabView { lab, country, statuses })
    }

    /// Many labs with their countries and statuses, in two queries whatever their number.
    pub fn views(conn: &mut DbConn, labs: Vec<Lab>) -> Result<Vec<LabView>, ApiError> {
        let institution_ids: Vec<&str> = labs.iter().map(|l| l.institution_id.as_str()).collect();
        let countries: HashMap<String, String> = institutions::table
            .filter(institutions::id.eq_any(&institution_ids))
            .select((institutions::id, institutions::country))
            .load::<(String, String)>(conn)?
            .into_iter()
            .collect();
        let lab_ids: Vec<&str> = labs.iter().map(|l| l.id.as_str()).collect();
        let mut statuses: HashMap<String, Vec<LabStatusEntry>> = HashMap::new();
        for entry in lab_status::for_labs(conn, &lab_ids)? {
            statuses.entry(entry.lab_id.clone()).or_default().push(entry);
        }
        Ok(labs
            .into_iter()
            .map(|lab| LabView {
                country: countries.get(&lab.institution_id).cloned().unwrap_or_default(),
                statuses: statuses.remove(&lab.id).unwrap_or_default(),
                lab,
            })
            .collect())
    }

    pub fn insert(
        conn: &mut DbConn,
        fields: LabFields,
        initial: InitialStatus,
        actor: &Actor,
    ) -> Result<Self, ApiError> {
        transaction::write(conn, |conn| {
            check_references(
                conn,
                &fields.institution_id,
                fields.centre_id.as_deref(),
                fields.head_user_id.as_deref(),
            )?;
            let now = super::now();
            let mut lab = Lab {
                id: super::new_id(),
                name_en: fields.name_en,
                name_ru: fields.name_ru,
                name_zh: fields.name_zh,
                institution_id: fields.institution_id,
                centre_id: fields.centre_id,
                head_user_id: fields.head_user_id,
                research_line: fields.research_line,
                search_key: String::new(),
                sort_key: String::new(),
                version: 1,
                created_at: now,
                updated_at: now,
            };
            lab.refresh_keys();
            lab.insert(conn)?;
            lab_status::add(conn, &lab.id, initial.status, initial.effective_on, &initial.reason, actor.id.as_deref())?;
            let mut created = lab.audit_view();
            created["status"] = json!(initial.status.as_str());
            created["status_effective_on"] = json!(initial.effective_on);
            created["status_reason"] = json!(initial.reason);
            history::record(conn, actor, "lab", &lab.id, "create", history::diff(&json!({}), &created))?;
            Ok(lab)
        })
    }

    /// Records a status change; the lab's version moves on, so cached copies are refreshed.
    pub fn record_status(
        &self,
        conn: &mut DbConn,
        status: LabStatus,
        effective_on: NaiveDate,
        reason: &str,
        actor: &Actor,
    ) -> Result<LabStatusEntry, ApiError> {
        let entry = lab_status::add(conn, &self.id, status, effective_on, reason, actor.id.as_deref())?;
        diesel::update(dsl::labs.find(&self.id))
            .set((dsl::version.eq(dsl::version + 1), dsl::updated_at.eq(super::now())))
            .execute(conn)?;
        let changes = json!({"status": {"before": null, "after": status.as_str()}, "effective_on": {"before": null, "after": effective_on}, "reason": {"before": null, "after": reason}});
        history::record(conn, actor, "lab", &self.id, "status", changes)?;
        Ok(entry)
    }

    /// What refers to the lab and so keeps it from being deleted (its status entries go with it).
    pub fn references(&self, conn: &mut DbConn) -> Result<Vec<FieldError>, ApiError> {
        let id = self.id.as_str();
        let links: i64 = mirror_links::table
            .filter(mirror_links::lab_a_id.eq(id).or(mirror_links::lab_b_id.eq(id)))
            .count()
            .get_result(conn)?;
        let projects: i64 = project_labs::table.filter(project_labs::lab_id.eq(id)).count().get_result(conn)?;
        let awards: i64 = funding_records::table.filter(funding_records::lab_id.eq(id)).count().get_result(conn)?;
        let people: i64 =
            project_participants::table.filter(project_participants::lab_id.eq(id)).count().get_result(conn)?;
        Ok(versioned::referenced_by([
            ("mirror_links", links, "mirror links name it"),
            ("projects", projects, "projects name it"),
            ("funding", awards, "funding records pay it"),
            ("participants", people, "project participants work in it"),
        ]))
    }

    /// One page in `sort` order after (`after_key`, `after_id`), and the total matching `filter`.
    pub fn list(
        conn: &mut DbConn,
        filter: &ListFilter,
        sort: NameSort,
        after: Option<(String, String)>,
        limit: i64,
    ) -> Result<(Vec<Self>, i64), ApiError> {
        let total: i64 = filtered(filter).count().get_result(conn)?;
        let query = in_name_order!(filtered(filter), dsl, sort, after);
        Ok((query.limit(limit).load(conn)?, total))
    }

    /// The labs among `ids` that exist, by English name: one query.
    pub fn find_many(conn: &mut DbConn, ids: &[String]) -> Result<Vec<Self>, ApiError> {
        Ok(dsl::labs.filter(dsl::id.eq_any(ids)).order((dsl::sort_key.asc(), dsl::id.asc())).load(conn)?)
    }

    /// Every lab of a centre.
    pub fn of_centre(conn: &mut DbConn, centre_id: &str) -> Result<Vec<Self>, ApiError> {
        Ok(dsl::labs.filter(dsl::centre_id.eq(centre_id)).order(dsl::sort_key.asc()).load(conn)?)
    }
}

/// The records matching `filter`, in no order (the list and the query-plan tests use it).
pub fn filtered(filter: &ListFilter) -> labs::BoxedQuery<'static, MultiBackend> {
    let mut query = dsl::labs.into_boxed();
    if let Some(text) = &filter.query {
        // The native fold anywhere, or a cross-script reading as an indexed term prefix.
        let native = dsl::search_key.like(search_key::contains_pattern(text)).escape('\\');
        query = match search_terms::matching("labs", "lab", &fold_query(text)) {
            Some(terms) => query.filter(native.or(terms)),
            None => query.filter(native),
        };
    }
    if let Some(centre) = &filter.centre_id {
        query = query.filter(dsl::centre_id.eq(centre.clone()));
    }
    if let Some(institution) = &filter.institution_id {
        query = query.filter(dsl::institution_id.eq(institution.clone()));
    }
    if let Some(country) = &filter.country {
        let in_country = institutions::table.select(institutions::id).filter(institutions::country.eq(country.clone()));
        query = query.filter(dsl::institution_id.eq_any(in_country));
    }
    if let Some(head) = &filter.head_user_id {
        query = query.filter(dsl::head_user_id.eq(head.clone()));
    }
    if let (Some(status), Some(today)) = (filter.status, filter.today) {
        query = query.filter(lab_status::status_on_sql(today, status));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(dsl::updated_at.ge(since));
    }
    query
}

/// The institution and centre must exist; the head must be a lab head.
fn check_references(
    conn: &mut DbConn,
    institution_id: &str,
    centre_id: Option<&str>,
    head: Option<&str>,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let institution: i64 = institutions::table.filter(institutions::id.eq(institution_id)).count().get_result(conn)?;
    if institution == 0 {
        errors.push(FieldError::new("institution_id", "unknown_institution", "names no institution"));
    }
    if let Some(centre) = centre_id {
        let found: i64 = centres::table.filter(centres::id.eq(centre)).count().get_result(conn)?;
        if found == 0 {
            errors.push(FieldError::new("centre_id", "unknown_centre", "names no joint centre"));
        }
    }
    if let Some(head) = head {
        let role: Option<String> = users::table.find(head).select(users::role).first(conn).optional()?;
        match role.as_deref().map(|role| Role::stored(role, head)).transpose()? {
            Some(Role::LabHead) => {}
            Some(_) => errors.push(FieldError::new(
                "head_user_id",
                "not_a_lab_head",
                "names an account whose role is not lab_head",
            )),
            None => errors.push(FieldError::new("head_user_id", "unknown_user", "names no account")),
        }
    }
    errors.sort_by(|a, b| a.field.cmp(&b.field));
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}
