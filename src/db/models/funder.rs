//! Funders as stored: reads with their successor, keyset-paged lists, and versioned writes that
//! keep the rules no single field can check (closed needs a date, successors never loop).

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::models::history::Actor;
use crate::db::models::merge::set;
use crate::db::models::names;
use crate::db::models::search_terms;
use crate::db::models::versioned;
use crate::db::schema::funders::{self, dsl};
use crate::db::schema::funding_records;
use crate::db::{DbConn, MultiBackend, transaction};
use crate::domain::names::fold_query;
use crate::domain::search_key;
use crate::domain::sort::NameSort;
use crate::error::{ApiError, FieldError};
use crate::text_enum;

text_enum! {
    /// Whether a funder still funds. A closed funder keeps its record (and its awards) for good.
    FunderStatus {
        Active => "active",
        /// No longer issues grants; `closed_on` says since when, `successor` who took over.
        Closed => "closed",
    }
}

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = funders, treat_none_as_null = true)]
pub struct Funder {
    pub id: String,
    pub name_en: String,
    pub name_ru: Option<String>,
    pub name_zh: Option<String>,
    pub short_code: String,
    pub short_code_key: String,
    pub country: String,
    pub funder_doi: Option<String>,
    pub ror_id: Option<String>,
    pub status: String,
    pub closed_on: Option<NaiveDate>,
    pub successor_id: Option<String>,
    pub search_key: String,
    pub sort_key: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Validated values of every editable field (identifiers already in their stored form).
#[derive(Debug, Clone)]
pub struct FunderFields {
    pub name_en: String,
    pub name_ru: Option<String>,
    pub name_zh: Option<String>,
    pub short_code: String,
    pub country: String,
    pub funder_doi: Option<String>,
    pub ror_id: Option<String>,
    pub status: FunderStatus,
    pub closed_on: Option<NaiveDate>,
    pub successor_id: Option<String>,
}

/// A merge patch: `None` leaves a field alone; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct FunderChanges {
    pub name_en: Option<String>,
    pub name_ru: Option<Option<String>>,
    pub name_zh: Option<Option<String>>,
    pub short_code: Option<String>,
    pub country: Option<String>,
    pub funder_doi: Option<Option<String>>,
    pub ror_id: Option<Option<String>>,
    pub status: Option<FunderStatus>,
    pub closed_on: Option<Option<NaiveDate>>,
    pub successor_id: Option<Option<String>>,
}

/// The successor as a reader sees it beside the funder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuccessorRef {
    pub id: String,
    pub short_code: String,
}

/// A funder with its successor's short code.
#[derive(Debug, Clone)]
pub struct FunderView {
    pub funder: Funder,
    pub successor: Option<SuccessorRef>,
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Already folded with [`search_key::normalise`].
    pub query: Option<String>,
    pub country: Option<String>,
    pub status: Option<FunderStatus>,
    /// In the stored form (`https://ror.org/…`).
    pub ror_id: Option<String>,
    /// In the stored form (bare, `10.13039/…`).
    pub funder_doi: Option<String>,
    /// Records created or changed at or after this instant (UTC).
    pub updated_since: Option<NaiveDateTime>,
}

/// The folded short code that makes `RSF` and `rsf` one funder.
pub fn short_code_key(code: &str) -> String {
    search_key::normalise(code)
}

/// Serialises successor changes on PostgreSQL (SQLite's write transactions already queue), so two
/// concurrent edits A→B and B→A cannot both pass the cycle check.
const SUCCESSOR_LOCK_KEY: i64 = 0x6a72_6675_6e64_7372; // "jrfundsr"

versioned_row!(Funder, funders, "funder", write_error, |_, _| "update", search = Funder::searched_names);

impl FunderChanges {
    /// Applies the patch to `record` and checks the rules that span fields or records.
    pub fn apply(self, conn: &mut DbConn, record: &mut Funder) -> Result<(), ApiError> {
        if matches!(self.successor_id, Some(Some(_)))
            && let DbConn::Pg(pg) = conn
        {
            pg.batch_execute(&format!("SELECT pg_advisory_xact_lock({SUCCESSOR_LOCK_KEY})"))?;
        }
        let FunderChanges {
            name_en,
            name_ru,
            name_zh,
            short_code,
            country,
            funder_doi,
            ror_id,
            status,
            closed_on,
            successor_id,
        } = self;
        set(&mut record.name_en, name_en);
        set(&mut record.name_ru, name_ru);
        set(&mut record.name_zh, name_zh);
        set(&mut record.short_code, short_code);
        set(&mut record.country, country);
        set(&mut record.funder_doi, funder_doi);
        set(&mut record.ror_id, ror_id);
        set(&mut record.status, status.map(|s| s.as_str().to_owned()));
        set(&mut record.closed_on, closed_on);
        set(&mut record.successor_id, successor_id);
        record.refresh_keys();
        check_rules(conn, record)?;
        ensure_unique(conn, record)
    }
}

impl Funder {
    fn from_fields(fields: FunderFields) -> Self {
        let now = super::now();
        let mut record = Funder {
            id: super::new_id(),
            name_en: fields.name_en,
            name_ru: fields.name_ru,
            name_zh: fields.name_zh,
            short_code_key: String::new(),
            short_code: fields.short_code,
            country: fields.country,
            funder_doi: fields.funder_doi,
            ror_id: fields.ror_id,
            status: fields.status.as_str().to_owned(),
            closed_on: fields.closed_on,
            successor_id: fields.successor_id,
            search_key: String::new(),
            sort_key: String::new(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        record.refresh_keys();
        record
    }

    /// The audited view of the record (what its history compares).
    pub fn audit_view(&self) -> serde_json::Value {
        serde_json::json!({
            "name_en": self.name_en,
            "name_ru": self.name_ru,
            "name_zh": self.name_zh,
            "short_code": self.short_code,
            "country": self.country,
            "funder_doi": self.funder_doi,
            "ror_id": self.ror_id,
            "status": self.status,
            "closed_on": self.closed_on,
            "successor_id": self.successor_id,
        })
    }

    /// `(short_code_key, search_key, sort_key)` as this code folds them. The short code is
    /// searchable (`q=rsf`) beside the names in all three languages.
    pub fn computed_keys(&self) -> (String, String, String) {
        let (name_ru, name_zh) = (self.name_ru.as_deref(), self.name_zh.as_deref());
        let (search, sort) = names::keys(Some(&self.short_code), &self.name_en, name_ru, name_zh);
        (short_code_key(&self.short_code), search, sort)
    }

    fn refresh_keys(&mut self) {
        (self.short_code_key, self.search_key, self.sort_key) = self.computed_keys();
    }

    fn searched_names(&self) -> Vec<String> {
        names::searched(Some(&self.short_code), &self.name_en, self.name_ru.as_deref(), self.name_zh.as_deref())
    }

    pub fn status(&self) -> Result<FunderStatus, ApiError> {
        FunderStatus::stored(&self.status, &self.id)
    }

    pub fn insert(conn: &mut DbConn, fields: FunderFields, actor: &Actor) -> Result<Self, ApiError> {
        let record = Self::from_fields(fields);
        transaction::write(conn, |conn| {
            check_rules(conn, &record)?;
            ensure_unique(conn, &record)?;
            versioned::create(conn, actor, record)
        })
    }

    pub fn find(conn: &mut DbConn, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::funders.find(id).first(conn)?)
    }

    /// The funders with these ids, in one query (those that exist).
    pub fn find_many(conn: &mut DbConn, ids: &[String]) -> Result<Vec<Self>, ApiError> {
        Ok(dsl::funders.filter(dsl::id.eq_any(ids)).load(conn)?)
    }

    /// The funder with its successor's short code.
    pub fn view(self, conn: &mut DbConn) -> Result<FunderView, ApiError> {
        Self::views(conn, vec![self])?.into_iter().next().ok_or(ApiError::NotFound)
    }

    /// Views of many funders, with one query per thousand successors for their short codes.
    pub fn views(conn: &mut DbConn, records: Vec<Self>) -> Result<Vec<FunderView>, ApiError> {
        let codes = names::funder_short_codes(conn, records.iter().filter_map(|r| r.successor_id.as_deref()))?;
        Ok(records
            .into_iter()
            .map(|funder| {
                let successor = funder
                    .successor_id
                    .as_ref()
                    .and_then(|id| codes.get(id).map(|code| SuccessorRef { id: id.clone(), short_code: code.clone() }));
                FunderView { funder, successor }
            })
            .collect())
    }

    /// One page in `sort` order after `after`, and the total matching `filter`.
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
}

fn filtered(filter: &ListFilter) -> funders::BoxedQuery<'static, MultiBackend> {
    let mut query = dsl::funders.into_boxed();
    if let Some(text) = &filter.query {
        // The native fold anywhere, or a cross-script reading as an indexed term prefix.
        let native = dsl::search_key.like(search_key::contains_pattern(text)).escape('\\');
        query = match search_terms::matching("funders", "funder", &fold_query(text)) {
            Some(terms) => query.filter(native.or(terms)),
            None => query.filter(native),
        };
    }
    if let Some(country) = &filter.country {
        query = query.filter(dsl::country.eq(country.clone()));
    }
    if let Some(status) = filter.status {
        query = query.filter(dsl::status.eq(status.as_str()));
    }
    if let Some(ror_id) = &filter.ror_id {
        query = query.filter(dsl::ror_id.eq(ror_id.clone()));
    }
    if let Some(doi) = &filter.funder_doi {
        query = query.filter(dsl::funder_doi.eq(doi.clone()));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(dsl::updated_at.ge(since));
    }
    query
}

/// The rules that span fields or need the database, each broken one a 422 field error.
fn check_rules(conn: &mut DbConn, record: &Funder) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    match (record.status()?, record.closed_on) {
        (FunderStatus::Closed, None) => {
            errors.push(FieldError::new("closed_on", "required", "is required when status is closed"))
        }
        (FunderStatus::Active, Some(_)) => errors.push(FieldError::new(
            "closed_on",
            "not_allowed",
            "must be null while status is active (set status to closed, or clear closed_on)",
        )),
        _ => {}
    }
    if let Some(successor) = &record.successor_id {
        if *successor == record.id {
            errors.push(FieldError::new("successor_id", "self_successor", "a funder cannot be its own successor"));
        } else {
            match successor_chain(conn, record, successor)? {
                Chain::Missing => errors.push(FieldError::new("successor_id", "not_found", "names no funder")),
                Chain::Cycle(codes) => errors.push(FieldError::new(
                    "successor_id",
                    "successor_cycle",
                    format!("would make a cycle of successors: {}", codes.join(" → ")),
                )),
                Chain::Ends => {}
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// Where following successors from a proposed successor leads.
enum Chain {
    /// The proposed successor does not exist.
    Missing,
    /// To a funder without a successor: no cycle.
    Ends,
    /// Back to the funder being written: the short codes along the way, first and last its own.
    Cycle(Vec<String>),
}

fn successor_chain(conn: &mut DbConn, record: &Funder, successor: &str) -> Result<Chain, ApiError> {
    let mut codes = vec![record.short_code.clone()];
    let mut seen = HashSet::new();
    let mut next = successor.to_owned();
    loop {
        if next == record.id {
            codes.push(record.short_code.clone());
            return Ok(Chain::Cycle(codes));
        }
        // A loop that does not pass through this funder is not this write's doing; stop there.
        if !seen.insert(next.clone()) {
            return Ok(Chain::Ends);
        }
        let step: Option<(String, Option<String>)> =
            dsl::funders.find(&next).select((dsl::short_code, dsl::successor_id)).first(conn).optional()?;
        match step {
            // Only the first link can be missing: the foreign key guards the stored ones.
            None => return Ok(if codes.len() == 1 { Chain::Missing } else { Chain::Ends }),
            Some((code, following)) => {
                codes.push(code);
                match following {
                    Some(following) => next = following,
                    None => return Ok(Chain::Ends),
                }
            }
        }
    }
}

/// Short codes (folded) and funder DOIs each name one funder: a second is a 409 naming the first.
fn ensure_unique(conn: &mut DbConn, record: &Funder) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let holder: Option<(String, String)> = dsl::funders
        .select((dsl::id, dsl::short_code))
        .filter(dsl::short_code_key.eq(&record.short_code_key))
        .filter(dsl::id.ne(&record.id))
        .first(conn)
        .optional()?;
    if let Some((id, code)) = holder {
        errors.push(taken("short_code", &format!("is already used by funder {code} ({id})")));
    }
    if let Some(doi) = &record.funder_doi {
        let holder: Option<(String, String)> = dsl::funders
            .select((dsl::id, dsl::short_code))
            .filter(dsl::funder_doi.eq(doi))
            .filter(dsl::id.ne(&record.id))
            .first(conn)
            .optional()?;
        if let Some((id, code)) = holder {
            errors.push(taken("funder_doi", &format!("is already registered for funder {code} ({id})")));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(conflict(errors)) }
}

fn taken(field: &str, message: &str) -> FieldError {
    FieldError::new(field, "already_registered", message)
}

fn conflict(errors: Vec<FieldError>) -> ApiError {
    ApiError::Conflict { detail: "Another funder has this short code or funder DOI; `errors` names it.".into(), errors }
}

/// Constraint failures that slip past the checks above when a concurrent writer got in first.
fn write_error(err: DieselError) -> ApiError {
    match err {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            let about_doi = info.message().contains("funder_doi")
                || info.constraint_name().is_some_and(|name| name.contains("funder_doi"));
            conflict(vec![if about_doi {
                taken("funder_doi", "is already registered for another funder")
            } else {
                taken("short_code", "is already used by another funder")
            }])
        }
        DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
            ApiError::field("successor_id", "not_found", "names no funder (it was just deleted)")
        }
        other => other.into(),
    }
}

impl Funder {
    /// What refers to the funder and so keeps it from being deleted: its predecessors by name,
    /// and its awards.
    pub fn references(&self, conn: &mut DbConn) -> Result<Vec<FieldError>, ApiError> {
        references(conn, &self.id)
    }
}

/// The refusal of a delete that [`Funder::references`] explains.
pub const STILL_REFERENCED: &str = "Other records refer to this funder, so it cannot be deleted; close it instead \
                                    (status closed with closed_on). `errors` lists what refers to it.";

fn references(conn: &mut DbConn, id: &str) -> Result<Vec<FieldError>, ApiError> {
    /// Enough to act on; the rest are counted.
    const NAMED: usize = 20;
    let predecessors: Vec<(String, String)> = dsl::funders
        .select((dsl::id, dsl::short_code))
        .filter(dsl::successor_id.eq(id))
        .order((dsl::sort_key.asc(), dsl::id.asc()))
        .load(conn)?;
    let awards: i64 = funding_records::table.filter(funding_records::funder_id.eq(id)).count().get_result(conn)?;
    let mut errors = versioned::referenced_by([("funding", awards, "funding records name it")]);
    if predecessors.is_empty() {
        return Ok(errors);
    }
    let mut message =
        predecessors.iter().take(NAMED).map(|(id, code)| format!("{code} ({id})")).collect::<Vec<_>>().join(", ");
    if predecessors.len() > NAMED {
        message.push_str(&format!(" and {} more", predecessors.len() - NAMED));
    }
    let message = format!("named as successor by {message}");
    errors.insert(0, FieldError::new("funders", "referenced", message));
    Ok(errors)
}
