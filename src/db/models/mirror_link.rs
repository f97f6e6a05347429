//! Mirror links between laboratories: dated, never deleted, ended by an end date.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::db::models::history::Actor;
use crate::db::models::merge::set;
use crate::db::models::paging;
use crate::db::models::versioned;
use crate::db::schema::mirror_links::{self, dsl};
use crate::db::schema::{institutions, labs};
use crate::db::{DbConn, MultiBackend, transaction};
use crate::domain::lab::MirrorKind;
use crate::error::{ApiError, FieldError};

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = mirror_links, treat_none_as_null = true)]
pub struct MirrorLink {
    pub id: String,
    pub lab_a_id: String,
    pub lab_b_id: String,
    pub kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewMirrorLink {
    pub lab_a_id: String,
    pub lab_b_id: String,
    pub kind: MirrorKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
}

/// A merge patch of the dates: ending a link is setting `ends_on`.
#[derive(Debug, Clone, Default)]
pub struct MirrorLinkChanges {
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<Option<NaiveDate>>,
    pub end_reason: Option<Option<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Either side.
    pub lab_id: Option<String>,
    /// Either side belongs to the centre.
    pub centre_id: Option<String>,
    pub kind: Option<MirrorKind>,
    pub active_on: Option<NaiveDate>,
    /// Records created or changed at or after this instant (UTC).
    pub updated_since: Option<NaiveDateTime>,
}

// A link that gets an end date has ended: its history says so.
versioned_row!(MirrorLink, mirror_links, "mirror_link", ApiError::from, |before, after| {
    if before["ends_on"].is_null() && !after["ends_on"].is_null() { "end" } else { "update" }
});

impl MirrorLinkChanges {
    /// Applies the patch to `link`; the period must still hold together and overlap no other
    /// link between the same two labs.
    pub fn apply(self, conn: &mut DbConn, link: &mut MirrorLink) -> Result<(), ApiError> {
        set(&mut link.starts_on, self.starts_on);
        set(&mut link.ends_on, self.ends_on);
        set(&mut link.end_reason, self.end_reason);
        check_period(link)?;
        check_no_overlap(conn, link)
    }
}

impl MirrorLink {
    pub fn kind(&self) -> Result<MirrorKind, ApiError> {
        MirrorKind::stored(&self.kind, &self.id)
    }

    /// Whether the link is in force on `day`. Its end date is its last day in force: the one
    /// rule for lists (`active_on`), answers (`active`) and centre timelines.
    pub fn active_on(&self, day: NaiveDate) -> bool {
        in_force(self.starts_on, self.ends_on, day)
    }

    pub fn audit_view(&self) -> serde_json::Value {
        json!({
            "lab_a_id": self.lab_a_id,
            "lab_b_id": self.lab_b_id,
            "kind": self.kind,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "end_reason": self.end_reason,
        })
    }

    pub fn find(conn: &mut DbConn, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::mirror_links.find(id).first(conn)?)
    }

    pub fn insert(conn: &mut DbConn, new: NewMirrorLink, actor: &Actor) -> Result<Self, ApiError> {
        transaction::write(conn, |conn| {
            check_pair(conn, &new.lab_a_id, &new.lab_b_id, new.kind)?;
            let now = super::now();
            let link = MirrorLink {
                id: super::new_id(),
                lab_a_id: new.lab_a_id,
                lab_b_id: new.lab_b_id,
                kind: new.kind.as_str().into(),
                starts_on: new.starts_on,
                ends_on: new.ends_on,
                end_reason: new.end_reason,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            check_period(&link)?;
            check_no_overlap(conn, &link)?;
            versioned::create(conn, actor, link)
        })
    }

    /// A page in creation order after `after`, and the total matching.
    pub fn list(
        conn: &mut DbConn,
        filter: &ListFilter,
        after: Option<&str>,
        limit: i64,
    ) -> Result<(Vec<Self>, i64), ApiError> {
        paging::in_creation_order(conn, || filtered(filter), dsl::id, after, limit)
    }

    /// Every link with at least one side among `lab_ids`, oldest first, in one query.
    pub fn touching(conn: &mut DbConn, lab_ids: &[String]) -> Result<Vec<Self>, ApiError> {
        Ok(dsl::mirror_links
            .filter(dsl::lab_a_id.eq_any(lab_ids).or(dsl::lab_b_id.eq_any(lab_ids)))
            .order(dsl::id.asc())
            .load(conn)?)
    }
}

fn filtered(filter: &ListFilter) -> mirror_links::BoxedQuery<'static, MultiBackend> {
    let mut query = dsl::mirror_links.into_boxed();
    if let Some(lab) = &filter.lab_id {
        query = query.filter(dsl::lab_a_id.eq(lab.clone()).or(dsl::lab_b_id.eq(lab.clone())));
    }
    if let Some(centre) = &filter.centre_id {
        let members = || labs::table.select(labs::id).filter(labs::centre_id.eq(centre.clone()));
        query = query.filter(dsl::lab_a_id.eq_any(members()).or(dsl::lab_b_id.eq_any(members())));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(dsl::kind.eq(kind.as_str()));
    }
    if let Some(day) = filter.active_on {
        query = query.filter(dsl::starts_on.le(day)).filter(dsl::ends_on.is_null().or(dsl::ends_on.ge(day)));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(dsl::updated_at.ge(since));
    }
    query
}

/// Two different, existing labs, in countries the kind allows.
fn check_pair(conn: &mut DbConn, a: &str, b: &str, kind: MirrorKind) -> Result<(), ApiError> {
    if a == b {
        return Err(ApiError::field(
            "lab_b_id",
            "same_lab",
            "is the same laboratory as lab_a_id; a lab cannot mirror itself",
        ));
    }
    let mut country_of = |field: &str, id: &str| -> Result<Option<String>, ApiError> {
        let country: Option<String> = labs::table
            .inner_join(institutions::table)
            .filter(labs::id.eq(id))
            .select(institutions::country)
            .first(conn)
            .optional()?;
        if country.is_none() {
            return Err(ApiError::field(field, "unknown_lab", "names no laboratory"));
        }
        Ok(country)
    };
    let (Some(a_country), Some(b_country)) = (country_of("lab_a_id", a)?, country_of("lab_b_id", b)?) else {
        return Err(ApiError::field("lab_b_id", "unknown_lab", "names no laboratory"));
    };
    kind.check_countries(&a_country, &b_country).map_err(|why| ApiError::field("kind", "countries_do_not_fit", why))
}

fn check_period(link: &MirrorLink) -> Result<(), ApiError> {
    match link.ends_on {
        Some(end) if end < link.starts_on => Err(ApiError::field("ends_on", "before_start", "is before starts_on")),
        _ => Ok(()),
    }
}

/// The same two labs may be linked again later, but never twice at once.
fn check_no_overlap(conn: &mut DbConn, link: &MirrorLink) -> Result<(), ApiError> {
    let same_pair: Vec<MirrorLink> = dsl::mirror_links
        .filter(
            (dsl::lab_a_id.eq(&link.lab_a_id).and(dsl::lab_b_id.eq(&link.lab_b_id)))
                .or(dsl::lab_a_id.eq(&link.lab_b_id).and(dsl::lab_b_id.eq(&link.lab_a_id))),
        )
        .filter(dsl::id.ne(&link.id))
        .load(conn)?;
    let overlaps = |other: &MirrorLink| {
        let ends_after_start = other.ends_on.is_none_or(|end| end >= link.starts_on);
        let starts_before_end = link.ends_on.is_none_or(|end| other.starts_on <= end);
        ends_after_start && starts_before_end
    };
    match same_pair.iter().find(|other| overlaps(other)) {
        Some(other) => Err(ApiError::Conflict {
            detail: format!("These two laboratories are already linked for an overlapping period (link {}).", other.id),
            errors: vec![FieldError::new("starts_on", "overlapping_link", format!("overlaps link {}", other.id))],
        }),
        None => Ok(()),
    }
}

/// Whether a period from `starts_on` to `ends_on` (inclusive; open when `None`) covers `day`.
pub fn in_force(starts_on: NaiveDate, ends_on: Option<NaiveDate>, day: NaiveDate) -> bool {
    starts_on <= day && ends_on.is_none_or(|end| day <= end)
}
