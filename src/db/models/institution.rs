//! Institutions as stored: reads, keyset-paged lists, and versioned writes.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::models::history::Actor;
use crate::db::models::merge::set;
use crate::db::models::search_terms;
use crate::db::models::{names, versioned};
use crate::db::schema::institutions::{self, dsl};
use crate::db::{DbConn, MultiBackend, transaction};
use crate::domain::institution::InstitutionKind;
use crate::domain::names::fold_query;
use crate::domain::search_key;
use crate::domain::sort::NameSort;
use crate::error::{ApiError, FieldError};

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = institutions, treat_none_as_null = true)]
pub struct Institution {
    pub id: String,
    pub name_en: String,
    pub name_ru: Option<String>,
    pub name_zh: Option<String>,
    pub country: String,
    pub city: Option<String>,
    pub ror_id: Option<String>,
    pub kind: String,
    pub website: Option<String>,
    pub search_key: String,
    pub sort_key: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Validated values of every editable field.
#[derive(Debug, Clone)]
pub struct InstitutionFields {
    pub name_en: String,
    pub name_ru: Option<String>,
    pub name_zh: Option<String>,
    pub country: String,
    pub city: Option<String>,
    pub ror_id: Option<String>,
    pub kind: InstitutionKind,
    pub website: Option<String>,
}

/// A merge patch: `None` leaves a field alone; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default)]
pub struct InstitutionChanges {
    pub name_en: Option<String>,
    pub name_ru: Option<Option<String>>,
    pub name_zh: Option<Option<String>>,
    pub country: Option<String>,
    pub city: Option<Option<String>>,
    pub ror_id: Option<Option<String>>,
    pub kind: Option<InstitutionKind>,
    pub website: Option<Option<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Already folded with [`search_key::normalise`].
    pub query: Option<String>,
    pub country: Option<String>,
    pub kind: Option<InstitutionKind>,
    /// In the stored form (`https://ror.org/…`).
    pub ror_id: Option<String>,
    /// Records created or changed at or after this instant (UTC).
    pub updated_since: Option<NaiveDateTime>,
}

versioned_row!(
    Institution,
    institutions,
    "institution",
    ror_conflict,
    |_, _| "update",
    search = Institution::searched_names
);

impl InstitutionChanges {
    /// Applies the patch to `record`; a ROR id it takes must be free.
    pub fn apply(self, conn: &mut DbConn, record: &mut Institution) -> Result<(), ApiError> {
        let InstitutionChanges { name_en, name_ru, name_zh, country, city, ror_id, kind, website } = self;
        set(&mut record.name_en, name_en);
        set(&mut record.name_ru, name_ru);
        set(&mut record.name_zh, name_zh);
        set(&mut record.country, country);
        set(&mut record.city, city);
        set(&mut record.ror_id, ror_id);
        set(&mut record.kind, kind.map(|kind| kind.as_str().to_owned()));
        set(&mut record.website, website);
        record.refresh_keys();
        ensure_ror_free(conn, record.ror_id.as_deref(), Some(&record.id))
    }
}

impl Institution {
    fn from_fields(fields: InstitutionFields) -> Self {
        let now = super::now();
        let mut record = Institution {
            id: super::new_id(),
            name_en: fields.name_en,
            name_ru: fields.name_ru,
            name_zh: fields.name_zh,
            country: fields.country,
            city: fields.city,
            ror_id: fields.ror_id,
            kind: fields.kind.as_str().to_owned(),
            website: fields.website,
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
            "country": self.country,
            "city": self.city,
            "ror_id": self.ror_id,
            "kind": self.kind,
            "website": self.website,
        })
    }

    fn refresh_keys(&mut self) {
        let (name_ru, name_zh) = (self.name_ru.as_deref(), self.name_zh.as_deref());
        (self.search_key, self.sort_key) = names::keys(None, &self.name_en, name_ru, name_zh);
    }

    fn searched_names(&self) -> Vec<String> {
        names::searched(None, &self.name_en, self.name_ru.as_deref(), self.name_zh.as_deref())
    }

    pub fn insert(conn: &mut DbConn, fields: InstitutionFields, actor: &Actor) -> Result<Self, ApiError> {
        let record = Self::from_fields(fields);
        transaction::write(conn, |conn| {
            ensure_ror_free(conn, record.ror_id.as_deref(), None)?;
            versioned::create(conn, actor, record)
        })
    }

    pub fn find(conn: &mut DbConn, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::institutions.find(id).first(conn)?)
    }

    /// The institutions with these ids, in one query (those that exist).
    pub fn find_many(conn: &mut DbConn, ids: &[String]) -> Result<Vec<Self>, ApiError> {
        Ok(dsl::institutions.filter(dsl::id.eq_any(ids)).load(conn)?)
    }

    pub fn kind(&self) -> Result<InstitutionKind, ApiError> {
        InstitutionKind::stored(&self.kind, &self.id)
    }

    /// What refers to the institution and so keeps it from being deleted.
    pub fn references(&self, conn: &mut DbConn) -> Result<Vec<FieldError>, ApiError> {
        use crate::db::schema::{centre_hosts, labs, partner_tokens, users};
        let id = self.id.as_str();
        Ok(versioned::referenced_by([
            (
                "users",
                users::table.filter(users::institution_id.eq(id)).count().get_result(conn)?,
                "accounts belong to it",
            ),
            (
                "partner_tokens",
                partner_tokens::table.filter(partner_tokens::institution_id.eq(id)).count().get_result(conn)?,
                "partner API tokens were issued for it",
            ),
            (
                "centres",
                centre_hosts::table.filter(centre_hosts::institution_id.eq(id)).count().get_result(conn)?,
                "joint centres are hosted by it",
            ),
            (
                "labs",
                labs::table.filter(labs::institution_id.eq(id)).count().get_result(conn)?,
                "laboratories belong to it",
            ),
        ]))
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
        let page = query.limit(limit).load(conn)?;
        Ok((page, total))
    }
}

/// The records matching `filter`, in no order (the list and the query-plan tests use it).
pub fn filtered(filter: &ListFilter) -> institutions::BoxedQuery<'static, MultiBackend> {
    let mut query = dsl::institutions.into_boxed();
    if let Some(text) = &filter.query {
        // The native fold anywhere, or a cross-script reading as an indexed term prefix.
        let native = dsl::search_key.like(search_key::contains_pattern(text)).escape('\\');
        query = match search_terms::matching("institutions", "institution", &fold_query(text)) {
            Some(terms) => query.filter(native.or(terms)),
            None => query.filter(native),
        };
    }
    if let Some(country) = &filter.country {
        query = query.filter(dsl::country.eq(country.clone()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(dsl::kind.eq(kind.as_str()));
    }
    if let Some(ror_id) = &filter.ror_id {
        query = query.filter(dsl::ror_id.eq(ror_id.clone()));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(dsl::updated_at.ge(since));
    }
    query
}

/// A ROR id names one organisation: a second institution with it is a 409 naming the first.
fn ensure_ror_free(conn: &mut DbConn, ror_id: Option<&str>, except: Option<&str>) -> Result<(), ApiError> {
    let Some(ror_id) = ror_id else { return Ok(()) };
    let holder: Option<String> = dsl::institutions
        .select(dsl::id)
        .filter(dsl::ror_id.eq(ror_id))
        .filter(dsl::id.ne(except.unwrap_or("")))
        .first(conn)
        .optional()?;
    match holder {
        Some(id) => Err(ror_taken(&format!("is already registered for institution {id}"))),
        None => Ok(()),
    }
}

fn ror_conflict(err: DieselError) -> ApiError {
    match err {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            ror_taken("is already registered for another institution")
        }
        other => other.into(),
    }
}

fn ror_taken(message: &str) -> ApiError {
    ApiError::Conflict {
        detail: "Another institution has this ROR id.".into(),
        errors: vec![FieldError::new("ror_id", "already_registered", message)],
    }
}
