//! The seed article's indicators as SQL aggregates: each figure is one `GROUP BY` (or `COUNT`)
//! query whatever the size of the registry, and every figure about projects, their funding and
//! their outputs is filtered by the caller's [`ReadScope`] inside the database.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

use crate::db::DbConn;
use crate::db::models::lab::Lab;
use crate::db::models::lab_status::LabStatusEntry;
use crate::db::models::project_access::ReadScope;
use crate::db::schema::{
    centres, funders, funding_records, institutions, lab_status_entries, labs, mirror_links, outputs, project_subjects,
    projects,
};
use crate::domain::country::{CHINA, RUSSIA};
use crate::domain::lab::MirrorKind;
use crate::domain::project::FundingStatus;
use crate::error::ApiError;

/// Funding statuses whose money counts in the totals: granted money, whether it is still to be
/// paid (`awarded`), being spent (`active`) or spent (`ended`). Applications, rejections and
/// withdrawals never were money.
pub const COUNTED_FUNDING: [FundingStatus; 3] = [FundingStatus::Awarded, FundingStatus::Active, FundingStatus::Ended];

/// `(status, projects)` for every status that has a readable project.
pub fn projects_by_status(conn: &mut DbConn, scope: &ReadScope) -> Result<Vec<(String, i64)>, ApiError> {
    Ok(projects::table
        .filter(scope.condition::<projects::table>())
        .group_by(projects::status)
        .select((projects::status, count_star()))
        .load(conn)?)
}

/// `(area code, projects)`: readable projects per ASJC area (`code / 100 * 100`), each project
/// counted once per area however many of the area's codes it carries. Ordered by area.
pub fn projects_by_area(conn: &mut DbConn, scope: &ReadScope) -> Result<Vec<(i32, i64)>, ApiError> {
    // Integer division on an integer column truncates on both backends.
    let area = || sql::<Integer>("(project_subjects.asjc_code / 100) * 100");
    Ok(project_subjects::table
        .filter(scope.includes::<project_subjects::table>("project_subjects.project_id"))
        .group_by(area())
        .select((area(), sql::<BigInt>("COUNT(DISTINCT project_subjects.project_id)")))
        .order(area())
        .load(conn)?)
}

/// `(year, outputs)`: readable co-authored Russian–Chinese outputs (`ru_cn`) per year, oldest
/// first; years without any are absent.
pub fn co_authored_outputs_by_year(conn: &mut DbConn, scope: &ReadScope) -> Result<Vec<(i32, i64)>, ApiError> {
    Ok(outputs::table
        .filter(outputs::ru_cn.eq(true))
        .filter(scope.includes_outputs::<outputs::table>())
        .group_by(outputs::year)
        .select((outputs::year, count_star()))
        .order(outputs::year.asc())
        .load(conn)?)
}

/// One funder's money in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingTotal {
    pub funder_id: String,
    pub funder_short_code: String,
    pub currency: String,
    /// Exact, however many records and however large: see [`funding_totals`].
    pub amount_minor: i128,
    pub records: i64,
}

/// Amounts are summed in two parts, whole billions of minor units and the rest, each of which
/// stays far inside a 64-bit sum for any number of records (SQLite has no wider integer, and
/// PostgreSQL's exact NUMERIC sum does not fit back into a BIGINT); Rust adds them as `i128`.
const SPLIT: i64 = 1_000_000_000;

/// Readable funding with an amount and a [`COUNTED_FUNDING`] status, summed per funder and
/// currency (never across currencies), ordered by funder code and currency.
pub fn funding_totals(conn: &mut DbConn, scope: &ReadScope) -> Result<Vec<FundingTotal>, ApiError> {
    let statuses: Vec<&str> = COUNTED_FUNDING.iter().map(|s| s.as_str()).collect();
    // Grouped on SQL text: the query builder cannot check a GROUP BY spanning two tables.
    let funder_id = || sql::<Text>("funding_records.funder_id");
    let short_code = || sql::<Text>("funders.short_code");
    let currency = || sql::<Text>("funding_records.currency");
    let rows: Vec<(String, String, String, i64, i64, i64)> = funding_records::table
        .inner_join(funders::table)
        .filter(funding_records::status.eq_any(statuses))
        .filter(funding_records::amount_minor.is_not_null())
        .filter(funding_records::currency.is_not_null())
        .filter(scope.includes("funding_records.project_id"))
        .group_by((funder_id(), short_code(), currency()))
        .select((
            funder_id(),
            short_code(),
            currency(),
            sql::<BigInt>(&format!("CAST(SUM(funding_records.amount_minor / {SPLIT}) AS BIGINT)")),
            sql::<BigInt>(&format!("CAST(SUM(funding_records.amount_minor % {SPLIT}) AS BIGINT)")),
            count_star(),
        ))
        .order((short_code().asc(), currency().asc()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(funder_id, funder_short_code, currency, billions, rest, records)| FundingTotal {
            funder_id,
            funder_short_code,
            currency,
            amount_minor: i128::from(billions) * i128::from(SPLIT) + i128::from(rest),
            records,
        })
        .collect())
}

/// One counted funding record's money, for totals in another currency.
#[derive(Debug, Clone)]
pub struct FundingAmount {
    pub funder_id: String,
    pub funder_short_code: String,
    pub currency: String,
    pub amount_minor: i64,
    pub starts_on: NaiveDate,
}

type AmountRow = (String, String, Option<String>, Option<i64>, NaiveDate);

/// Every counted, readable funding record with an amount, one by one: each is converted at its
/// own start date's rate.
pub fn funding_amounts(conn: &mut DbConn, scope: &ReadScope) -> Result<Vec<FundingAmount>, ApiError> {
    let statuses: Vec<&str> = COUNTED_FUNDING.iter().map(|s| s.as_str()).collect();
    let rows: Vec<AmountRow> = funding_records::table
        .inner_join(funders::table)
        .filter(funding_records::status.eq_any(statuses))
        .filter(funding_records::amount_minor.is_not_null())
        .filter(funding_records::currency.is_not_null())
        .filter(scope.includes("funding_records.project_id"))
        .select((
            funding_records::funder_id,
            funders::short_code,
            funding_records::currency,
            funding_records::amount_minor,
            funding_records::starts_on,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(funder_id, funder_short_code, currency, amount, starts_on)| {
            Some(FundingAmount { funder_id, funder_short_code, currency: currency?, amount_minor: amount?, starts_on })
        })
        .collect())
}

/// Links in force on `day` (its start on or before it, its end, the last day in force, on or
/// after it), by kind.
pub fn links_in_force(conn: &mut DbConn, day: NaiveDate) -> Result<Vec<(MirrorKind, i64)>, ApiError> {
    let rows: Vec<(String, i64)> = mirror_links::table
        .filter(mirror_links::starts_on.le(day))
        .filter(mirror_links::ends_on.is_null().or(mirror_links::ends_on.ge(day)))
        .group_by(mirror_links::kind)
        .select((mirror_links::kind, count_star()))
        .load(conn)?;
    rows.into_iter().map(|(kind, n)| Ok((MirrorKind::stored(&kind, "mirror_links (a kind count)")?, n))).collect()
}

/// Laboratories outside Russia and China on a side of a `third_country` link in force on `day`:
/// the third-country sites, each counted once however many links it has.
pub fn third_country_sites(conn: &mut DbConn, day: NaiveDate) -> Result<i64, ApiError> {
    let in_force = || {
        mirror_links::table
            .filter(mirror_links::kind.eq(MirrorKind::ThirdCountry.as_str()))
            .filter(mirror_links::starts_on.le(day))
            .filter(mirror_links::ends_on.is_null().or(mirror_links::ends_on.ge(day)))
    };
    Ok(labs::table
        .inner_join(institutions::table)
        .filter(institutions::country.ne(RUSSIA))
        .filter(institutions::country.ne(CHINA))
        .filter(
            labs::id
                .eq_any(in_force().select(mirror_links::lab_a_id))
                .or(labs::id.eq_any(in_force().select(mirror_links::lab_b_id))),
        )
        .count()
        .get_result(conn)?)
}

/// A centre with its laboratories and each laboratory's status history.
pub struct CentreLabs {
    pub centre_id: String,
    pub name: String,
    pub labs: Vec<(Lab, Vec<LabStatusEntry>)>,
}

/// Every centre (by name) with its laboratories and their statuses, in three queries.
pub fn centres_with_labs(conn: &mut DbConn) -> Result<Vec<CentreLabs>, ApiError> {
    let centre_rows: Vec<(String, String)> =
        centres::table.select((centres::id, centres::name_en)).order((centres::sort_key, centres::id)).load(conn)?;
    let member_labs = || labs::table.filter(labs::centre_id.is_not_null());
    let lab_rows: Vec<Lab> = member_labs().order((labs::sort_key, labs::id)).load(conn)?;
    let entries: Vec<LabStatusEntry> = lab_status_entries::table
        .filter(lab_status_entries::lab_id.eq_any(member_labs().select(labs::id)))
        .order((lab_status_entries::lab_id, lab_status_entries::effective_on, lab_status_entries::id))
        .load(conn)?;
    let mut statuses: HashMap<String, Vec<LabStatusEntry>> = HashMap::new();
    for entry in entries {
        statuses.entry(entry.lab_id.clone()).or_default().push(entry);
    }
    let mut by_centre: HashMap<String, Vec<(Lab, Vec<LabStatusEntry>)>> = HashMap::new();
    for lab in lab_rows {
        let Some(centre) = lab.centre_id.clone() else { continue };
        let history = statuses.remove(&lab.id).unwrap_or_default();
        by_centre.entry(centre).or_default().push((lab, history));
    }
    Ok(centre_rows
        .into_iter()
        .map(|(centre_id, name)| CentreLabs { labs: by_centre.remove(&centre_id).unwrap_or_default(), centre_id, name })
        .collect())
}
