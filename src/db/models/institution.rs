//! Institutions as stored: reads, keyset-paged lists, and versioned writes.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::models::history::{self, Actor};
use crate::db::schema::institutions::{self, dsl};
use crate::db::{DbConn, MultiBackend, transaction};
use crate::domain::institution::InstitutionKind;
use crate::domain::search_key;
use crate::domain::sort::NameSort;
use crate::error::{ApiError, FieldError};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = institutions)]
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
}

/// Where the previous page ended: the sort key (name sorts only) and the id.
#[derive(Debug, Clone)]
pub struct After {
    pub key: Option<String>,
    pub id: String,
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
        let names = [Some(&self.name_en), self.name_ru.as_ref(), self.name_zh.as_ref()];
        self.search_key = search_key::for_names(names.into_iter().flatten().map(String::as_str));
        self.sort_key = search_key::normalise(&self.name_en);
    }

    pub fn insert(conn: &mut DbConn, fields: InstitutionFields, actor: &Actor) -> Result<Self, ApiError> {
        let record = Self::from_fields(fields);
        transaction::write(conn, |conn| {
            ensure_ror_free(conn, record.ror_id.as_deref(), None)?;
            diesel::insert_into(institutions::table).values(&record).execute(conn).map_err(ror_conflict)?;
            let changes = history::diff(&serde_json::json!({}), &record.audit_view());
            history::record(conn, actor, "institution", &record.id, "create", changes)?;
            Ok(record)
        })
    }

    pub fn find(conn: &mut DbConn, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::institutions.find(id).first(conn)?)
    }

    /// Applies `changes` if the stored version is one `accept` allows (the `If-Match` check).
    pub fn update(
        conn: &mut DbConn,
        id: &str,
        accept: impl Fn(i64) -> bool,
        changes: InstitutionChanges,
        actor: &Actor,
    ) -> Result<Self, ApiError> {
        transaction::write(conn, |conn| {
            let mut record = Self::find(conn, id)?;
            if !accept(record.version) {
                return Err(ApiError::PreconditionFailed);
            }
            let before = record.audit_view();
            let read_version = record.version;
            record.apply(changes);
            ensure_ror_free(conn, record.ror_id.as_deref(), Some(id))?;
            record.version += 1;
            record.updated_at = super::now();
            let updated =
                diesel::update(dsl::institutions.filter(dsl::id.eq(id)).filter(dsl::version.eq(read_version)))
                    .set((
                        dsl::name_en.eq(&record.name_en),
                        dsl::name_ru.eq(&record.name_ru),
                        dsl::name_zh.eq(&record.name_zh),
                        dsl::country.eq(&record.country),
                        dsl::city.eq(&record.city),
                        dsl::ror_id.eq(&record.ror_id),
                        dsl::kind.eq(&record.kind),
                        dsl::website.eq(&record.website),
                        dsl::search_key.eq(&record.search_key),
                        dsl::sort_key.eq(&record.sort_key),
                        dsl::version.eq(record.version),
                        dsl::updated_at.eq(record.updated_at),
                    ))
                    .execute(conn)
                    .map_err(ror_conflict)?;
            // Zero rows: another writer got in between our read and write (PostgreSQL only).
            if updated == 0 {
                return Err(ApiError::PreconditionFailed);
            }
            history::record(conn, actor, "institution", id, "update", history::diff(&before, &record.audit_view()))?;
            Ok(record)
        })
    }

    fn apply(&mut self, changes: InstitutionChanges) {
        if let Some(v) = changes.name_en {
            self.name_en = v;
        }
        if let Some(v) = changes.name_ru {
            self.name_ru = v;
        }
        if let Some(v) = changes.name_zh {
            self.name_zh = v;
        }
        if let Some(v) = changes.country {
            self.country = v;
        }
        if let Some(v) = changes.city {
            self.city = v;
        }
        if let Some(v) = changes.ror_id {
            self.ror_id = v;
        }
        if let Some(v) = changes.kind {
            self.kind = v.as_str().to_owned();
        }
        if let Some(v) = changes.website {
            self.website = v;
        }
        self.refresh_keys();
    }

    /// Deletes the record if the stored version is one `accept` allows.
    pub fn delete(conn: &mut DbConn, id: &str, accept: impl Fn(i64) -> bool, actor: &Actor) -> Result<(), ApiError> {
        transaction::write(conn, |conn| {
            let record = Self::find(conn, id)?;
            if !accept(record.version) {
                return Err(ApiError::PreconditionFailed);
            }
            ensure_unreferenced(conn, id)?;
            let deleted =
                diesel::delete(dsl::institutions.filter(dsl::id.eq(id)).filter(dsl::version.eq(record.version)))
                    .execute(conn)
                    .map_err(|e| match e {
                        // A reference added by a concurrent writer after the check above.
                        DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => referenced(vec![]),
                        other => other.into(),
                    })?;
            if deleted == 0 {
                return Err(ApiError::PreconditionFailed);
            }
            history::record(
                conn,
                actor,
                "institution",
                id,
                "delete",
                history::diff(&record.audit_view(), &serde_json::json!({})),
            )
        })
    }

    /// One page in `sort` order after `after`, and the total matching `filter`.
    pub fn list(
        conn: &mut DbConn,
        filter: &ListFilter,
        sort: NameSort,
        after: Option<&After>,
        limit: i64,
    ) -> Result<(Vec<Self>, i64), ApiError> {
        let total: i64 = filtered(filter).count().get_result(conn)?;
        let mut query = filtered(filter);
        if let Some(after) = after {
            let key = after.key.clone().unwrap_or_default();
            let id = after.id.clone();
            query = match sort {
                NameSort::Name => query.filter(keyset_after!(dsl::sort_key, key, dsl::id, id)),
                NameSort::NameDescending => query.filter(keyset_before!(dsl::sort_key, key, dsl::id, id)),
                NameSort::Created => query.filter(dsl::id.gt(id)),
                NameSort::CreatedDescending => query.filter(dsl::id.lt(id)),
            };
        }
        query = match sort {
            NameSort::Name => query.order((dsl::sort_key.asc(), dsl::id.asc())),
            NameSort::NameDescending => query.order((dsl::sort_key.desc(), dsl::id.desc())),
            NameSort::Created => query.order(dsl::id.asc()),
            NameSort::CreatedDescending => query.order(dsl::id.desc()),
        };
        let page = query.limit(limit).load(conn)?;
        Ok((page, total))
    }
}

fn filtered(filter: &ListFilter) -> institutions::BoxedQuery<'static, MultiBackend> {
    let mut query = dsl::institutions.into_boxed();
    if let Some(text) = &filter.query {
        query = query.filter(dsl::search_key.like(search_key::contains_pattern(text)).escape('\\'));
    }
    if let Some(country) = &filter.country {
        query = query.filter(dsl::country.eq(country.clone()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(dsl::kind.eq(kind.as_str()));
    }
    query
}

/// What refers to an institution, so it can be named when a delete is refused.
fn ensure_unreferenced(conn: &mut DbConn, id: &str) -> Result<(), ApiError> {
    use crate::db::schema::{centre_hosts, labs, partner_tokens, users};
    let counts = [
        (
            "users",
            "accounts belong to it",
            users::table.filter(users::institution_id.eq(id)).count().get_result::<i64>(conn)?,
        ),
        (
            "partner_tokens",
            "partner API tokens were issued for it",
            partner_tokens::table.filter(partner_tokens::institution_id.eq(id)).count().get_result::<i64>(conn)?,
        ),
        (
            "centres",
            "joint centres are hosted by it",
            centre_hosts::table.filter(centre_hosts::institution_id.eq(id)).count().get_result::<i64>(conn)?,
        ),
        (
            "labs",
            "laboratories belong to it",
            labs::table.filter(labs::institution_id.eq(id)).count().get_result::<i64>(conn)?,
        ),
    ];
    let errors: Vec<FieldError> = counts
        .into_iter()
        .filter(|(_, _, count)| *count > 0)
        .map(|(what, message, count)| FieldError::new(what, "referenced", format!("{count} {message}")))
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(referenced(errors)) }
}

fn referenced(errors: Vec<FieldError>) -> ApiError {
    ApiError::Conflict {
        detail: "Other records refer to this institution, so it cannot be deleted; `errors` lists them.".into(),
        errors,
    }
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
