//! Lists of funding records: filters, keyset pages and the total, only ever over the projects the
//! caller may read.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::FundingRecord;
use crate::db::models::project_access::ReadScope;
use crate::db::schema::funding_records::{self, dsl};
use crate::db::{DbConn, MultiBackend};
use crate::domain::money::Currency;
use crate::domain::project::FundingStatus;
use crate::error::ApiError;

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub project_id: Option<String>,
    pub funder_id: Option<String>,
    pub status: Option<FundingStatus>,
    pub currency: Option<Currency>,
    /// Upper case, as stored.
    pub side: Option<String>,
    pub lab_id: Option<String>,
    /// Records whose period contains this day.
    pub active_on: Option<NaiveDate>,
    pub award_number: Option<String>,
    /// Records created or changed at or after this instant (UTC).
    pub updated_since: Option<NaiveDateTime>,
}

/// The order of a list; `After` carries the same choice with a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    StartsOn,
    StartsOnDescending,
    EndsOn,
    EndsOnDescending,
    Created,
    CreatedDescending,
}

/// Where a page starts: after this row of the chosen order.
#[derive(Debug, Clone)]
pub enum After {
    StartsOn(NaiveDate, String),
    StartsOnDescending(NaiveDate, String),
    EndsOn(NaiveDate, String),
    EndsOnDescending(NaiveDate, String),
    Created(String),
    CreatedDescending(String),
}

impl FundingRecord {
    /// One page in `order` after `after`, and the total: two queries. Only records of projects
    /// `scope` may read are counted or returned.
    pub fn list(
        conn: &mut DbConn,
        scope: &ReadScope,
        filter: &ListFilter,
        order: Order,
        after: Option<After>,
        limit: i64,
    ) -> Result<(Vec<Self>, i64), ApiError> {
        let total: i64 = Self::count_query(scope, filter).get_result(conn)?;
        Ok((Self::page(conn, scope, filter, order, after, limit)?, total))
    }

    /// The count `list` runs.
    pub fn count_query(
        scope: &ReadScope,
        filter: &ListFilter,
    ) -> funding_records::BoxedQuery<'static, MultiBackend, diesel::sql_types::BigInt> {
        filtered(scope, filter).count()
    }

    /// One page without the total: what a CSV export reads chunk by chunk.
    pub fn page(
        conn: &mut DbConn,
        scope: &ReadScope,
        filter: &ListFilter,
        order: Order,
        after: Option<After>,
        limit: i64,
    ) -> Result<Vec<Self>, ApiError> {
        Ok(Self::page_query(scope, filter, order, after, limit).load(conn)?)
    }

    /// The page `page` runs.
    pub fn page_query(
        scope: &ReadScope,
        filter: &ListFilter,
        order: Order,
        after: Option<After>,
        limit: i64,
    ) -> funding_records::BoxedQuery<'static, MultiBackend> {
        let mut query = filtered(scope, filter);
        if let Some(after) = after {
            query = match after {
                After::StartsOn(day, id) => query.filter(keyset_after!(dsl::starts_on, day, dsl::id, id)),
                After::StartsOnDescending(day, id) => query.filter(keyset_before!(dsl::starts_on, day, dsl::id, id)),
                After::EndsOn(day, id) => query.filter(keyset_after!(dsl::ends_on, day, dsl::id, id)),
                After::EndsOnDescending(day, id) => query.filter(keyset_before!(dsl::ends_on, day, dsl::id, id)),
                After::Created(id) => query.filter(dsl::id.gt(id)),
                After::CreatedDescending(id) => query.filter(dsl::id.lt(id)),
            };
        }
        query = match order {
            Order::StartsOn => query.order((dsl::starts_on.asc(), dsl::id.asc())),
            Order::StartsOnDescending => query.order((dsl::starts_on.desc(), dsl::id.desc())),
            Order::EndsOn => query.order((dsl::ends_on.asc(), dsl::id.asc())),
            Order::EndsOnDescending => query.order((dsl::ends_on.desc(), dsl::id.desc())),
            // Ids are UUIDv7: they sort by creation time.
            Order::Created => query.order(dsl::id.asc()),
            Order::CreatedDescending => query.order(dsl::id.desc()),
        };
        query.limit(limit)
    }
}

fn filtered(scope: &ReadScope, filter: &ListFilter) -> funding_records::BoxedQuery<'static, MultiBackend> {
    let mut query = dsl::funding_records.into_boxed().filter(scope.includes("funding_records.project_id"));
    if let Some(project) = &filter.project_id {
        query = query.filter(dsl::project_id.eq(project.clone()));
    }
    if let Some(funder) = &filter.funder_id {
        query = query.filter(dsl::funder_id.eq(funder.clone()));
    }
    if let Some(status) = filter.status {
        query = query.filter(dsl::status.eq(status.as_str()));
    }
    if let Some(currency) = filter.currency {
        query = query.filter(dsl::currency.eq(currency.code()));
    }
    if let Some(side) = &filter.side {
        query = query.filter(dsl::side.eq(side.clone()));
    }
    if let Some(lab) = &filter.lab_id {
        query = query.filter(dsl::lab_id.eq(lab.clone()));
    }
    if let Some(day) = filter.active_on {
        query = query.filter(dsl::starts_on.le(day)).filter(dsl::ends_on.ge(day));
    }
    if let Some(number) = &filter.award_number {
        query = query.filter(dsl::award_number.eq(number.clone()));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(dsl::updated_at.ge(since));
    }
    query
}
