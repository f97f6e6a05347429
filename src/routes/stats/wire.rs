//! Statistics on the wire: the query and the answer of `GET /api/v1/stats`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::domain::money::Currency;
use crate::rates::Source;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// The day the dated figures (mirror links in force, labs and centres at risk, the end of
    /// each centre's lab counts) are computed for, `YYYY-MM-DD`; default today (UTC).
    #[param(example = "2025-06-30")]
    pub as_of: Option<NaiveDate>,
    /// Also total the funding in this currency (`funding_converted`, signed-in callers): each
    /// record converted at the reference rate of its start date (`GET /api/v1/fx-rates` says which).
    #[param(value_type = Option<Currency>, example = "EUR")]
    pub currency: Option<Currency>,
}

/// Readable projects in each status; every status is present, with 0 when there is none.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProjectsByStatus {
    pub planned: i64,
    pub active: i64,
    pub suspended: i64,
    pub completed: i64,
    pub cancelled: i64,
}

/// Readable projects classified under one ASJC area.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaCount {
    /// The area's general ASJC code (`XX00`): a project's codes count under `code / 100 * 100`.
    pub code: i32,
    /// The English name of the general code.
    pub name: String,
    /// Projects with at least one code in the area, each counted once per area.
    pub projects: i64,
}

/// Co-authored Russian–Chinese outputs of one year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct YearCount {
    pub year: i32,
    /// Readable outputs of the year with authors from both Russia and China (`ru_cn`).
    pub outputs: i64,
    /// Change against the previous year in per cent, rounded to one decimal (`69.5`, `-12.0`);
    /// `null` for the first year listed and after a year with no outputs.
    pub growth_percent: Option<f64>,
}

/// One funder's money in one currency.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FundingTotal {
    #[schema(format = Uuid)]
    pub funder_id: String,
    pub funder_short_code: String,
    /// ISO 4217; amounts in different currencies are never added together.
    pub currency: String,
    /// The sum of the amounts, in minor units of `currency` (kopecks, fen, cents); exact, and
    /// so possibly beyond 64 bits.
    pub amount_minor: i128,
    /// How many funding records the sum is made of.
    pub records: i64,
}

/// Mirror links in force on `as_of`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MirrorLinkCounts {
    /// `mirror` links (a Russian and a Chinese laboratory on the same research line).
    pub active_mirror_pairs: i64,
    /// Laboratories outside Russia and China on a side of a `third_country` link, each counted
    /// once however many links it has.
    pub active_third_country_sites: i64,
}

/// Laboratories and centres at risk on `as_of`, as the findings engine defines it: active, and
/// none of their active projects funded on every day of the next 90.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AtRisk {
    pub labs: i64,
    pub centres: i64,
}

/// A centre's laboratories at the end of a day on which one of them changed status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LabCount {
    pub date: NaiveDate,
    /// Laboratories with a status in effect that is not `closed`.
    pub labs: usize,
    /// Laboratories whose status in effect is `active`.
    pub active_labs: usize,
}

/// One centre's laboratory count over time.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CentreLabCounts {
    #[schema(format = Uuid)]
    pub centre_id: String,
    pub name: String,
    /// Oldest first, one point per day a laboratory's status changed, up to `as_of`.
    pub lab_counts: Vec<LabCount>,
}

/// The seed article's indicators computed from the registry. Figures about projects, funding and
/// outputs count only what the caller may read (anonymous callers: public projects). Figures
/// about laboratories, centres and mirror links are reference data for signed-in callers and are
/// `null` for anonymous ones.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "as_of": "2025-06-30",
    "projects_by_status": {"planned": 1, "active": 3, "suspended": 0, "completed": 1, "cancelled": 0},
    "projects_by_area": [
        {"code": 2700, "name": "General Medicine", "projects": 3},
        {"code": 3100, "name": "General Physics and Astronomy", "projects": 1}
    ],
    "co_authored_outputs_by_year": [
        {"year": 2022, "outputs": 4, "growth_percent": null},
        {"year": 2023, "outputs": 6, "growth_percent": 50.0},
        {"year": 2024, "outputs": 5, "growth_percent": -16.7}
    ],
    "funding_totals": [
        {"funder_id": "01a21f73-9c00-7000-8000-000000000001", "funder_short_code": "NSFC", "currency": "CNY", "amount_minor": 200000000, "records": 1},
        {"funder_id": "01a21f73-9c00-7000-8000-000000000002", "funder_short_code": "RSF", "currency": "RUB", "amount_minor": 1200000000, "records": 2}
    ],
    "mirror_links": {"active_mirror_pairs": 1, "active_third_country_sites": 1},
    "at_risk": {"labs": 1, "centres": 0},
    "centres": [
        {
            "centre_id": "01a21f73-9c00-7000-8000-000000000201",
            "name": "Joint Russian–Chinese Center for Systemic Pathology",
            "lab_counts": [
                {"date": "2020-09-01", "labs": 3, "active_labs": 3},
                {"date": "2023-01-01", "labs": 1, "active_labs": 1}
            ]
        }
    ]
}))]
pub struct Stats {
    /// The day the dated figures are computed for.
    pub as_of: NaiveDate,
    pub projects_by_status: ProjectsByStatus,
    /// By area code; areas without a readable project are absent.
    pub projects_by_area: Vec<AreaCount>,
    /// From the first to the last year with a readable co-authored output, every year in between
    /// included (with 0 when it has none).
    pub co_authored_outputs_by_year: Vec<YearCount>,
    /// Readable funding with an amount and status `awarded`, `active` or `ended` (money granted,
    /// whether still to come, being spent or spent; never applications, rejections or
    /// withdrawals), per funder and currency, by funder code then currency.
    pub funding_totals: Vec<FundingTotal>,
    /// `null` for anonymous callers.
    pub mirror_links: Option<MirrorLinkCounts>,
    /// `null` for anonymous callers.
    pub at_risk: Option<AtRisk>,
    /// Every centre by name; `null` for anonymous callers.
    pub centres: Option<Vec<CentreLabCounts>>,
    /// The funding of `funding_totals` in the one currency asked for with `currency`; `null`
    /// when none was, and for anonymous callers.
    pub funding_converted: Option<ConvertedFunding>,
}

/// Counted funding in one currency: each record converted at the reference rate in effect on its
/// start date (published that day or up to 7 days before), rounded half-to-even once per record
/// (so the total is within half a minor unit per record of the exact sum), with the native sums
/// beside it and the records no rate was found for left out and listed, never guessed.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "currency": "RUB",
    "basis": "start_date",
    "amount_minor": 1315950000,
    "records": 2,
    "by_funder": [
        {"funder_id": "01a21f73-9c00-7000-8000-000000000001", "funder_short_code": "NSFC", "amount_minor": 1265950000, "records": 1},
        {"funder_id": "01a21f73-9c00-7000-8000-000000000002", "funder_short_code": "RSF", "amount_minor": 50000000, "records": 1}
    ],
    "native": [
        {"currency": "CNY", "amount_minor": 100000000, "records": 1},
        {"currency": "RUB", "amount_minor": 50000000, "records": 1},
        {"currency": "USD", "amount_minor": 10000, "records": 1}
    ],
    "unconverted": [{"currency": "USD", "amount_minor": 10000, "records": 1}],
    "rates": [{"source": "CBR", "rate_date": "2024-03-02", "base": "CNY", "quote": "RUB", "rate": "12.6595"}]
}))]
pub struct ConvertedFunding {
    pub currency: Currency,
    /// Which day's rate each record is converted at: its start date.
    #[schema(example = "start_date")]
    pub basis: String,
    /// The converted records' sum, in minor units of `currency`; exact beyond 64 bits.
    pub amount_minor: i128,
    /// How many records were converted (those already in `currency` included).
    pub records: i64,
    /// The converted sum per funder, by funder code.
    pub by_funder: Vec<ConvertedFunderTotal>,
    /// Every counted record's money in its own currency, converted or not, by currency.
    pub native: Vec<CurrencyTotal>,
    /// The records with no rate on or up to 7 days before their start date, by currency: not in
    /// `amount_minor`.
    pub unconverted: Vec<CurrencyTotal>,
    /// Every published rate a conversion used, by pair and date.
    pub rates: Vec<RateUsed>,
}

/// One funder's converted money.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConvertedFunderTotal {
    #[schema(format = Uuid)]
    pub funder_id: String,
    pub funder_short_code: String,
    pub amount_minor: i128,
    pub records: i64,
}

/// Money in one currency: a sum in its minor units and the records it is made of.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CurrencyTotal {
    pub currency: Currency,
    pub amount_minor: i128,
    pub records: i64,
}

/// A published rate a conversion used: 1 `base` = `rate` `quote` from `rate_date`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RateUsed {
    pub source: Source,
    pub rate_date: NaiveDate,
    pub base: Currency,
    pub quote: Currency,
    /// An exact decimal, as text.
    pub rate: String,
}
