//! `GET /api/v1/stats`: the seed article's indicators computed from the registry — projects by
//! status and area, co-authored RU–CN outputs per year with their growth, funding per funder and
//! currency, mirror links and third-country sites in force, labs and centres at risk, and each
//! centre's laboratory count over time — counting only what the caller may read.
//!
//! A fixed number of queries whatever the size of the registry: four aggregates for anonymous
//! callers; for signed-in callers also two for mirror links, seven for the findings engine's
//! registry and three for the centres' laboratories (sixteen in all).

pub mod converted;
pub mod wire;

use actix_web::{HttpResponse, get};
use chrono::NaiveDate;

use crate::db::DbConn;
use crate::db::models::project_access::ReadScope;
use crate::db::models::stats::{self as queries, CentreLabs};
use crate::domain::asjc;
use crate::domain::lab::MirrorKind;
use crate::domain::project::ProjectStatus;
use crate::error::{ApiError, Problem};
use crate::findings::engine::FindingKind;
use crate::findings::{load, scan};
use crate::http::exchange::{Exchange, Public};
use crate::http::query::ApiQuery;
use crate::http::responses::Anyone;
use crate::routes::timeline;
use wire::{
    AreaCount, AtRisk, CentreLabCounts, FundingTotal, LabCount, MirrorLinkCounts, ProjectsByStatus, Stats, StatsQuery,
    YearCount,
};

/// The horizon the findings engine looks ahead with (at-risk findings use their own 90 days).
const HORIZON_DAYS: u64 = 180;

/// The seed article's indicators, computed from the registry. Projects, funding and outputs are
/// counted only when you may read them: anonymous callers count public projects only, partner
/// tokens and lab heads what their institution takes part in plus `public` and `partners`
/// projects. Laboratories, centres and mirror links are reference data for signed-in callers
/// (`mirror_links`, `at_risk` and `centres` are `null` for anonymous callers); labs and centres
/// at risk are judged on all their projects, since hiding one would make a funded lab look
/// unfunded, and the counts name no project. Sixteen queries whatever the size of the registry.
///
/// With `currency` (signed-in callers), `funding_converted` also totals the same funding in that
/// currency, each record at the reference rate of its start date (published that day or up to 7
/// days before; `GET /api/v1/fx-rates` explains the choice), rounded half-to-even once per
/// record, beside the native sums, with the records no rate was found for listed apart and every
/// rate used named (two more queries, and each counted record read one by one).
#[utoipa::path(
    tag = "stats",
    security((), ("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, description = "The indicators", body = Stats),
        (status = 422, description = "Invalid parameter (`as_of` is not a YYYY-MM-DD date, or `currency` not RUB, CNY, USD or EUR)", body = Problem, content_type = "application/problem+json"),
        Anyone,
    )
)]
#[get("/stats")]
pub async fn get_stats(exchange: Exchange<Public>, query: ApiQuery<StatsQuery>) -> Result<HttpResponse, ApiError> {
    let StatsQuery { as_of, currency } = query.into_inner();
    let stats = exchange
        .read(move |conn, context| {
            let signed_in = context.anyone().is_some();
            let mut stats = build(conn, &context.scope(), signed_in, as_of.unwrap_or(context.today))?;
            // The reference rates are signed-in callers' data, as on `GET /api/v1/fx-rates`.
            if let Some(currency) = currency.filter(|_| signed_in) {
                stats.funding_converted = Some(converted::converted(conn, &context.scope(), currency)?);
            }
            Ok(stats)
        })
        .await?;
    Ok(HttpResponse::Ok().json(stats))
}

/// Every figure for `scope`; the reference figures only when `signed_in`.
pub fn build(conn: &mut DbConn, scope: &ReadScope, signed_in: bool, as_of: NaiveDate) -> Result<Stats, ApiError> {
    let projects_by_status = by_status(queries::projects_by_status(conn, scope)?)?;
    let projects_by_area = queries::projects_by_area(conn, scope)?
        .into_iter()
        .map(|(code, projects)| AreaCount { code, name: asjc::name(code).unwrap_or_default().to_owned(), projects })
        .collect();
    let co_authored_outputs_by_year = with_growth(&queries::co_authored_outputs_by_year(conn, scope)?);
    let funding_totals = queries::funding_totals(conn, scope)?
        .into_iter()
        .map(|t| FundingTotal {
            funder_id: t.funder_id,
            funder_short_code: t.funder_short_code,
            currency: t.currency,
            amount_minor: t.amount_minor,
            records: t.records,
        })
        .collect();
    let mut stats = Stats {
        as_of,
        projects_by_status,
        projects_by_area,
        co_authored_outputs_by_year,
        funding_totals,
        mirror_links: None,
        at_risk: None,
        centres: None,
        funding_converted: None,
    };
    if !signed_in {
        return Ok(stats);
    }
    let links = queries::links_in_force(conn, as_of)?;
    stats.mirror_links = Some(MirrorLinkCounts {
        active_mirror_pairs: links.iter().filter(|(k, _)| *k == MirrorKind::Mirror).map(|(_, n)| n).sum(),
        active_third_country_sites: queries::third_country_sites(conn, as_of)?,
    });
    stats.at_risk = Some(at_risk(conn, as_of)?);
    stats.centres =
        Some(queries::centres_with_labs(conn)?.into_iter().map(|c| lab_counts(c, as_of)).collect::<Result<_, _>>()?);
    Ok(stats)
}

/// Every status, with 0 for those that have no project.
fn by_status(rows: Vec<(String, i64)>) -> Result<ProjectsByStatus, ApiError> {
    let mut counts = ProjectsByStatus::default();
    for (status, n) in rows {
        let slot = match ProjectStatus::stored(&status, "projects (a status count)")? {
            ProjectStatus::Planned => &mut counts.planned,
            ProjectStatus::Active => &mut counts.active,
            ProjectStatus::Suspended => &mut counts.suspended,
            ProjectStatus::Completed => &mut counts.completed,
            ProjectStatus::Cancelled => &mut counts.cancelled,
        };
        *slot += n;
    }
    Ok(counts)
}

/// Years from the first to the last of `rows` (sorted by year), missing ones as 0, each with its
/// growth against the year before.
fn with_growth(rows: &[(i32, i64)]) -> Vec<YearCount> {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else { return Vec::new() };
    let mut years = Vec::new();
    let mut previous: Option<i64> = None;
    for year in first.0..=last.0 {
        let outputs = rows.iter().find(|(y, _)| *y == year).map(|(_, n)| *n).unwrap_or_default();
        years.push(YearCount { year, outputs, growth_percent: previous.and_then(|p| growth(p, outputs)) });
        previous = Some(outputs);
    }
    years
}

/// `(current - previous) / previous` in per cent, to one decimal; none after a year with nothing.
fn growth(previous: i64, current: i64) -> Option<f64> {
    (previous > 0).then(|| ((current - previous) as f64 * 1000.0 / previous as f64).round() / 10.0)
}

/// Labs and centres at risk on `as_of`, from the findings engine over the whole registry.
fn at_risk(conn: &mut DbConn, as_of: NaiveDate) -> Result<AtRisk, ApiError> {
    let registry = load::registry(conn, as_of)?;
    let mut at_risk = AtRisk { labs: 0, centres: 0 };
    scan::scan(conn, &registry, as_of, HORIZON_DAYS, |finding, _, _| match finding.kind {
        FindingKind::LabAtRisk => at_risk.labs += 1,
        FindingKind::CentreAtRisk => at_risk.centres += 1,
        _ => {}
    })?;
    Ok(at_risk)
}

/// A centre's lab counts on each day a lab's status changed, up to `as_of`: the centre
/// timeline's points without its mirror links.
fn lab_counts(centre: CentreLabs, as_of: NaiveDate) -> Result<CentreLabCounts, ApiError> {
    let lab_counts = timeline::points(&centre.labs, &[])?
        .into_iter()
        .filter(|p| p.date <= as_of)
        .map(|p| LabCount { date: p.date, labs: p.labs, active_labs: p.active_labs })
        .collect();
    Ok(CentreLabCounts { centre_id: centre.centre_id, name: centre.name, lab_counts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_is_rounded_to_one_decimal_and_absent_after_nothing() {
        assert_eq!(growth(4, 6), Some(50.0));
        assert_eq!(growth(6, 5), Some(-16.7));
        assert_eq!(growth(3, 4), Some(33.3));
        assert_eq!(growth(13047, 22112), Some(69.5));
        assert_eq!(growth(0, 5), None);
    }

    #[test]
    fn missing_years_count_as_zero_and_break_the_growth() {
        let years = with_growth(&[(2021, 2), (2023, 3), (2024, 6)]);
        let shown: Vec<(i32, i64, Option<f64>)> = years.iter().map(|y| (y.year, y.outputs, y.growth_percent)).collect();
        assert_eq!(shown, [(2021, 2, None), (2022, 0, Some(-100.0)), (2023, 3, None), (2024, 6, Some(100.0))]);
        assert!(with_growth(&[]).is_empty());
    }
}
