//! Joint centres as stored: a centre row, the institutions hosting it (`centre_hosts`), keyset-paged
//! lists, and versioned writes whose history includes the hosts.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::models::history::Actor;
use crate::db::models::merge::set;
use crate::db::models::names;
use crate::db::models::search_terms;
use crate::db::models::versioned::{self, Row, Versioned};
use crate::db::schema::centres::{self, dsl};
use crate::db::schema::{centre_hosts, institutions, labs};
use crate::db::{DbConn, MultiBackend, transaction};
use crate::domain::names::fold_query;
use crate::domain::search_key;
use crate::domain::sort::NameSort;
use crate::error::{ApiError, FieldError};
use crate::text_enum;

/// The name of the host list in requests, and so in every error about it.
pub const HOSTS_FIELD: &str = "host_institution_ids";

text_enum! {
    /// Where a centre stands. Deleting is for mistakes; a centre that ends is `closed`.
    CentreStatus {
        /// Agreed on, not yet working.
        Planned => "planned",
        Active => "active",
        /// Working with fewer laboratories or lines than planned (e.g. after funding ended).
        Reduced => "reduced",
        /// Work paused.
        Suspended => "suspended",
        Closed => "closed",
    }
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = centres, treat_none_as_null = true)]
pub struct Centre {
    pub id: String,
    pub name_en: String,
    pub name_ru: Option<String>,
    pub name_zh: Option<String>,
    pub founded_on: Option<NaiveDate>,
    pub status: String,
    pub description: Option<String>,
    pub search_key: String,
    pub sort_key: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = centre_hosts)]
struct HostRow<'a> {
    centre_id: &'a str,
    institution_id: &'a str,
}

/// A host institution as a centre shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    pub id: String,
    pub name_en: String,
    pub country: String,
}

/// A centre with its hosts, ordered by English name.
#[derive(Debug, Clone)]
pub struct CentreWithHosts {
    pub centre: Centre,
    pub hosts: Vec<Host>,
}

/// Validated values of every editable field. Host ids are canonical UUIDs without duplicates;
/// whether they exist and span two countries is checked against the database on write.
#[derive(Debug, Clone)]
pub struct CentreFields {
    pub name_en: String,
    pub name_ru: Option<String>,
    pub name_zh: Option<String>,
    pub founded_on: Option<NaiveDate>,
    pub status: CentreStatus,
    pub description: Option<String>,
    pub host_ids: Vec<String>,
}

/// A merge patch: `None` leaves a field alone; `Some(None)` clears an optional one; hosts, when
/// given, replace the whole set.
#[derive(Debug, Clone, Default)]
pub struct CentreChanges {
    pub name_en: Option<String>,
    pub name_ru: Option<Option<String>>,
    pub name_zh: Option<Option<String>>,
    pub founded_on: Option<Option<NaiveDate>>,
    pub status: Option<CentreStatus>,
    pub description: Option<Option<String>>,
    pub host_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Already folded with [`search_key::normalise`].
    pub query: Option<String>,
    /// Centres with at least one host in this country.
    pub country: Option<String>,
    pub status: Option<CentreStatus>,
    /// Centres this institution hosts.
    pub institution_id: Option<String>,
    /// Records created or changed at or after this instant (UTC).
    pub updated_since: Option<NaiveDateTime>,
}

impl Centre {
    /// The centre with `id`; 404 when there is none.
    pub fn find(conn: &mut DbConn, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::centres.find(id).first(conn)?)
    }

    /// The centre with `id` and its hosts; 404 when there is none.
    pub fn find_with_hosts(conn: &mut DbConn, id: &str) -> Result<CentreWithHosts, ApiError> {
        let centre = Self::find(conn, id)?;
        let hosts = Self::hosts(conn, id)?;
        Ok(CentreWithHosts { centre, hosts })
    }

    /// The institutions hosting centre `id`, by English name.
    pub fn hosts(conn: &mut DbConn, id: &str) -> Result<Vec<Host>, ApiError> {
        let mut by_centre = hosts_of(conn, &[id.to_owned()])?;
        Ok(by_centre.remove(id).unwrap_or_default())
    }

    fn from_fields(fields: &CentreFields) -> Self {
        let now = super::now();
        let mut record = Centre {
            id: super::new_id(),
            name_en: fields.name_en.clone(),
            name_ru: fields.name_ru.clone(),
            name_zh: fields.name_zh.clone(),
            founded_on: fields.founded_on,
            status: fields.status.as_str().to_owned(),
            description: fields.description.clone(),
            search_key: String::new(),
            sort_key: String::new(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        record.refresh_keys();
        record
    }

    fn refresh_keys(&mut self) {
        let (name_ru, name_zh) = (self.name_ru.as_deref(), self.name_zh.as_deref());
        (self.search_key, self.sort_key) = names::keys(None, &self.name_en, name_ru, name_zh);
    }

    pub fn status(&self) -> Result<CentreStatus, ApiError> {
        CentreStatus::stored(&self.status, &self.id)
    }

    pub fn insert(conn: &mut DbConn, fields: CentreFields, actor: &Actor) -> Result<CentreWithHosts, ApiError> {
        let record = Self::from_fields(&fields);
        transaction::write(conn, |conn| {
            let hosts = resolve_hosts(conn, &fields.host_ids)?;
            versioned::create(conn, actor, CentreWithHosts { centre: record, hosts })
        })
    }

    /// One page in `sort` order after `after`, with hosts, and the total matching `filter`.
    pub fn list(
        conn: &mut DbConn,
        filter: &ListFilter,
        sort: NameSort,
        after: Option<(String, String)>,
        limit: i64,
    ) -> Result<(Vec<CentreWithHosts>, i64), ApiError> {
        let total: i64 = filtered(filter).count().get_result(conn)?;
        let query = in_name_order!(filtered(filter), dsl, sort, after);
        let page: Vec<Centre> = query.limit(limit).load(conn)?;
        let ids: Vec<String> = page.iter().map(|c| c.id.clone()).collect();
        let mut hosts = hosts_of(conn, &ids)?;
        let page = page
            .into_iter()
            .map(|centre| {
                let hosts = hosts.remove(&centre.id).unwrap_or_default();
                CentreWithHosts { centre, hosts }
            })
            .collect();
        Ok((page, total))
    }
}

impl CentreChanges {
    /// Applies the patch to `record`; new hosts must exist and span two countries.
    pub fn apply(self, conn: &mut DbConn, record: &mut CentreWithHosts) -> Result<(), ApiError> {
        let CentreChanges { name_en, name_ru, name_zh, founded_on, status, description, host_ids } = self;
        let centre = &mut record.centre;
        set(&mut centre.name_en, name_en);
        set(&mut centre.name_ru, name_ru);
        set(&mut centre.name_zh, name_zh);
        set(&mut centre.founded_on, founded_on);
        set(&mut centre.status, status.map(|status| status.as_str().to_owned()));
        set(&mut centre.description, description);
        centre.refresh_keys();
        if let Some(ids) = host_ids {
            record.hosts = resolve_hosts(conn, &ids)?;
        }
        Ok(())
    }
}

/// The refusal of a delete that [`CentreWithHosts::references`] explains.
pub const STILL_REFERENCED: &str = "Other records refer to this centre, so it cannot be deleted; close it instead \
                                    (status \"closed\"). `errors` lists what refers to it.";

stored_row!(Centre, centres);

impl Versioned for CentreWithHosts {
    const RESOURCE: &'static str = "centre";
    type Row = Centre;

    fn row(&self) -> &Centre {
        &self.centre
    }

    fn row_mut(&mut self) -> &mut Centre {
        &mut self.centre
    }

    fn audit_view(&self) -> Result<serde_json::Value, ApiError> {
        Ok(CentreWithHosts::audit_view(self))
    }

    fn search_names(&self) -> Option<Vec<String>> {
        let centre = &self.centre;
        Some(names::searched(None, &centre.name_en, centre.name_ru.as_deref(), centre.name_zh.as_deref()))
    }

    fn insert(&self, conn: &mut DbConn) -> Result<(), ApiError> {
        self.centre.insert(conn)?;
        insert_hosts(conn, &self.centre.id, &self.hosts)
    }

    /// The centre row, and its hosts replaced as a set.
    fn store(&self, conn: &mut DbConn, read_version: i64) -> Result<usize, ApiError> {
        let id = self.centre.id.as_str();
        let stored = self.centre.store(conn, read_version)?;
        if stored > 0 {
            diesel::delete(centre_hosts::table.filter(centre_hosts::centre_id.eq(id))).execute(conn)?;
            insert_hosts(conn, id, &self.hosts)?;
        }
        Ok(stored)
    }

    /// The centre row is locked first (in the order `store` takes them), so a concurrent host
    /// change waits instead of deadlocking on PostgreSQL.
    fn erase(&self, conn: &mut DbConn, read_version: i64) -> Result<usize, ApiError> {
        let id = self.centre.id.as_str();
        let row = dsl::centres.filter(dsl::id.eq(id)).filter(dsl::version.eq(read_version));
        if diesel::update(row).set(dsl::version.eq(read_version)).execute(conn)? == 0 {
            return Ok(0);
        }
        diesel::delete(centre_hosts::table.filter(centre_hosts::centre_id.eq(id))).execute(conn)?;
        Ok(diesel::delete(dsl::centres.filter(dsl::id.eq(id))).execute(conn)?)
    }
}

impl CentreWithHosts {
    /// What refers to the centre and so keeps it from being deleted.
    pub fn references(&self, conn: &mut DbConn) -> Result<Vec<FieldError>, ApiError> {
        let labs: i64 = labs::table.filter(labs::centre_id.eq(&self.centre.id)).count().get_result(conn)?;
        Ok(versioned::referenced_by([("labs", labs, "laboratories belong to it")]))
    }

    /// The audited view of the record (what its history compares). Hosts appear as a sorted list
    /// of ids, so a changed set shows as one before/after pair and a reordering as none.
    pub fn audit_view(&self) -> serde_json::Value {
        let host_ids: BTreeSet<&str> = self.hosts.iter().map(|h| h.id.as_str()).collect();
        let c = &self.centre;
        serde_json::json!({
            "name_en": c.name_en,
            "name_ru": c.name_ru,
            "name_zh": c.name_zh,
            "founded_on": c.founded_on,
            "status": c.status,
            "description": c.description,
            "host_institution_ids": host_ids,
        })
    }
}

fn filtered(filter: &ListFilter) -> centres::BoxedQuery<'static, MultiBackend> {
    let mut query = dsl::centres.into_boxed();
    if let Some(text) = &filter.query {
        // The native fold anywhere, or a cross-script reading as an indexed term prefix.
        let native = dsl::search_key.like(search_key::contains_pattern(text)).escape('\\');
        query = match search_terms::matching("centres", "centre", &fold_query(text)) {
            Some(terms) => query.filter(native.or(terms)),
            None => query.filter(native),
        };
    }
    if let Some(status) = filter.status {
        query = query.filter(dsl::status.eq(status.as_str()));
    }
    if let Some(country) = &filter.country {
        let hosted_there = centre_hosts::table
            .inner_join(institutions::table)
            .filter(institutions::country.eq(country.clone()))
            .select(centre_hosts::centre_id);
        query = query.filter(dsl::id.eq_any(hosted_there));
    }
    if let Some(institution) = &filter.institution_id {
        let hosted_by = centre_hosts::table
            .filter(centre_hosts::institution_id.eq(institution.clone()))
            .select(centre_hosts::centre_id);
        query = query.filter(dsl::id.eq_any(hosted_by));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(dsl::updated_at.ge(since));
    }
    query
}

/// The hosts of each of `centre_ids`, by English name, in one query.
fn hosts_of(conn: &mut DbConn, centre_ids: &[String]) -> Result<BTreeMap<String, Vec<Host>>, ApiError> {
    if centre_ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let rows: Vec<(String, String, String, String)> = centre_hosts::table
        .inner_join(institutions::table)
        .filter(centre_hosts::centre_id.eq_any(centre_ids))
        .select((centre_hosts::centre_id, institutions::id, institutions::name_en, institutions::country))
        .order((institutions::sort_key.asc(), institutions::id.asc()))
        .load(conn)?;
    let mut by_centre: BTreeMap<String, Vec<Host>> = BTreeMap::new();
    for (centre_id, id, name_en, country) in rows {
        by_centre.entry(centre_id).or_default().push(Host { id, name_en, country });
    }
    Ok(by_centre)
}

/// The institutions `ids` name, by English name: 422 naming every id that is not an
/// institution, or when they do not span two countries (a joint centre has both sides).
fn resolve_hosts(conn: &mut DbConn, ids: &[String]) -> Result<Vec<Host>, ApiError> {
    let found: Vec<(String, String, String)> = institutions::table
        .filter(institutions::id.eq_any(ids))
        .select((institutions::id, institutions::name_en, institutions::country))
        .order((institutions::sort_key.asc(), institutions::id.asc()))
        .load(conn)?;
    let known: BTreeSet<&str> = found.iter().map(|(id, _, _)| id.as_str()).collect();
    let unknown: Vec<FieldError> = ids
        .iter()
        .filter(|id| !known.contains(id.as_str()))
        .map(|id| FieldError::new(HOSTS_FIELD, "unknown_institution", format!("no institution has id {id}")))
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::Validation(unknown));
    }
    let countries: BTreeSet<&str> = found.iter().map(|(_, _, country)| country.as_str()).collect();
    if countries.len() < 2 {
        let only = countries.into_iter().collect::<Vec<_>>().join(", ");
        return Err(ApiError::field(
            HOSTS_FIELD,
            "single_country",
            format!("must include institutions in at least two countries (one on each side); all are in {only}"),
        ));
    }
    Ok(found.into_iter().map(|(id, name_en, country)| Host { id, name_en, country }).collect())
}

/// One row per host: batch insert does not compile through the MultiConnection.
fn insert_hosts(conn: &mut DbConn, centre_id: &str, hosts: &[Host]) -> Result<(), ApiError> {
    for host in hosts {
        diesel::insert_into(centre_hosts::table)
            .values(&HostRow { centre_id, institution_id: &host.id })
            .execute(conn)
            .map_err(|e| match e {
                // The institution was deleted by a concurrent writer after it was looked up.
                DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                    ApiError::field(HOSTS_FIELD, "unknown_institution", format!("no institution has id {}", host.id))
                }
                other => other.into(),
            })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_through_its_stored_text() {
        for status in CentreStatus::ALL {
            assert_eq!(CentreStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        assert_eq!(CentreStatus::parse("open"), None);
    }
}
