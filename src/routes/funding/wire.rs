//! Funding records on the wire: what clients send and receive, and the checks at the edge.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::db::models::funding::{FundingChanges, FundingFields, FundingView, ListFilter};
use crate::domain::country;
use crate::domain::money::{Currency, MAX_AMOUNT_MINOR, Money};
use crate::domain::project::FundingStatus;
use crate::domain::text::{single_line, tidy};
use crate::error::ApiError;
use crate::http::list_query::{ListQuery, SortOrder};
use crate::http::patch::{nullable, required_value};
use crate::routes::page::Page;

/// An amount of money: whole minor units (kopecks, fen, cents) and a currency, never a float.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount_minor": 600000000, "currency": "RUB"}))]
pub struct AmountInput {
    /// Integer minor units, 0 to 10^14 (one trillion in major units, beyond any real award):
    /// 6 000 000.00 RUB is `600000000`. Fractions are refused.
    #[validate(range(min = 0, max = MAX_AMOUNT_MINOR, message = "must be between 0 and 100000000000000 (one trillion in major units)"))]
    #[schema(minimum = 0, maximum = 100_000_000_000_000_i64)]
    pub amount_minor: i64,
    pub currency: Currency,
}

impl AmountInput {
    fn into_money(self) -> Option<Money> {
        Money::new(self.amount_minor, self.currency)
    }
}

/// A record id in its stored form (lower case, hyphenated): a UUID typed in capitals names the
/// same record.
fn stored_id(text: String) -> String {
    uuid::Uuid::parse_str(&text).map(|id| id.hyphenated().to_string()).unwrap_or(text)
}

/// A new funding record. Give `lab_id` (its country is the side) or `side`, or both if they agree.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "project_id": "0193a5c2-7f40-7c1e-9a61-3d2f5b8e4a10",
    "funder_id": "01a21f73-9c00-7000-8000-000000000002",
    "call_name": "Russian Science Foundation – NSFC joint call 2021",
    "award_number": "21-45-00012",
    "amount": {"amount_minor": 600000000, "currency": "RUB"},
    "starts_on": "2021-07-01",
    "ends_on": "2024-06-30",
    "status": "active",
    "side": "RU",
    "lab_id": "0193a5b9-2c11-7d0a-8e3f-6b1c9d2a7e55"
}))]
pub struct CreateFunding {
    /// The project it funds: one you may read (and keep funding of).
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[schema(format = Uuid)]
    pub project_id: String,
    /// The funder (`GET /api/v1/funders`). A closed funder takes no new `applied` records.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[schema(format = Uuid)]
    pub funder_id: String,
    /// The call or programme, e.g. a bilateral joint call.
    #[validate(length(max = 300), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 300)]
    pub call_name: Option<String>,
    /// The funder's number for the award: one award per number and funder.
    #[validate(length(max = 100), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 100)]
    pub award_number: Option<String>,
    #[validate(nested)]
    pub amount: Option<AmountInput>,
    /// First day of the planned period.
    pub starts_on: NaiveDate,
    /// Last day of the planned period; not before `starts_on`.
    pub ends_on: NaiveDate,
    /// Only `awarded` and `active` funding covers a project's days.
    pub status: FundingStatus,
    /// The country whose side of the project it funds (ISO 3166-1 alpha-2). Required without
    /// `lab_id`; with it, must be the laboratory's country.
    #[validate(custom(function = "country::check"))]
    #[schema(value_type = Option<crate::domain::country::CountryCode>)]
    pub side: Option<String>,
    /// The laboratory it funds: one of the project's laboratories.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[schema(format = Uuid)]
    pub lab_id: Option<String>,
}

impl From<CreateFunding> for FundingFields {
    fn from(input: CreateFunding) -> Self {
        FundingFields {
            project_id: stored_id(input.project_id),
            funder_id: stored_id(input.funder_id),
            call_name: input.call_name.map(tidy),
            award_number: input.award_number.map(tidy),
            amount: input.amount.and_then(AmountInput::into_money),
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            status: input.status,
            side: input.side.as_deref().map(country::normalise),
            lab_id: input.lab_id.map(stored_id),
        }
    }
}

/// A JSON merge patch (RFC 7396): omitted fields are kept, `null` clears an optional one. The
/// project cannot change (`project_id` is refused): record the award on the other project instead.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "ended", "ends_on": "2024-06-30", "amount": {"amount_minor": 600000000, "currency": "RUB"}}))]
pub struct UpdateFunding {
    #[serde(default, deserialize_with = "required_value")]
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[schema(value_type = String, format = Uuid)]
    pub funder_id: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(length(max = 300), custom(function = "single_line"))]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 300)]
    pub call_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(length(max = 100), custom(function = "single_line"))]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 100)]
    pub award_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(nested)]
    #[schema(value_type = Option<AmountInput>)]
    pub amount: Option<Option<AmountInput>>,
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = NaiveDate)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = NaiveDate)]
    pub ends_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = FundingStatus)]
    pub status: Option<FundingStatus>,
    /// A new side; must agree with the laboratory's country while `lab_id` is set.
    #[serde(default, deserialize_with = "required_value")]
    #[validate(custom(function = "country::check"))]
    #[schema(value_type = crate::domain::country::CountryCode)]
    pub side: Option<String>,
    /// A new laboratory (its country becomes the side unless `side` is given too), or `null`.
    #[serde(default, deserialize_with = "nullable")]
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub lab_id: Option<Option<String>>,
}

impl From<UpdateFunding> for FundingChanges {
    fn from(input: UpdateFunding) -> Self {
        FundingChanges {
            funder_id: input.funder_id.map(stored_id),
            call_name: input.call_name.map(|v| v.map(tidy)),
            award_number: input.award_number.map(|v| v.map(tidy)),
            amount: input.amount.map(|v| v.and_then(AmountInput::into_money)),
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            status: input.status,
            side: input.side.as_deref().map(country::normalise),
            lab_id: input.lab_id.map(|v| v.map(stored_id)),
        }
    }
}

/// The example of [`FundingResponse`], and the first item of [`FundingPage`]'s.
fn funding_example() -> serde_json::Value {
    serde_json::json!({
        "id": "0193a5c8-1e2d-7a4b-9c3e-5f6a7b8c9d01",
        "project_id": "0193a5c2-7f40-7c1e-9a61-3d2f5b8e4a10",
        "funder_id": "01a21f73-9c00-7000-8000-000000000002",
        "funder_short_code": "RSF",
        "call_name": "Russian Science Foundation – NSFC joint call 2021",
        "award_number": "21-45-00012",
        "amount": {"amount_minor": 600000000, "currency": "RUB"},
        "starts_on": "2021-07-01",
        "ends_on": "2024-06-30",
        "status": "active",
        "side": "RU",
        "lab_id": "0193a5b9-2c11-7d0a-8e3f-6b1c9d2a7e55",
        "version": 1,
        "created_at": "2021-07-05T09:30:00Z",
        "updated_at": "2021-07-05T09:30:00Z"
    })
}

/// A funding record as readers see it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = funding_example)]
pub struct FundingResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub project_id: String,
    #[schema(format = Uuid)]
    pub funder_id: String,
    /// The funder's short code, e.g. `RSF` or `NSFC`.
    pub funder_short_code: String,
    pub call_name: Option<String>,
    pub award_number: Option<String>,
    pub amount: Option<Money>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: FundingStatus,
    /// ISO 3166-1 alpha-2 code of the side it funds, upper case.
    pub side: String,
    #[schema(format = Uuid)]
    pub lab_id: Option<String>,
    /// Increases by one with every change; the `ETag` is this number in quotes.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl FundingResponse {
    pub fn new(view: FundingView) -> Result<Self, ApiError> {
        let FundingView { record, funder_short_code } = view;
        Ok(FundingResponse {
            amount: record.amount()?,
            status: record.status()?,
            id: record.id,
            project_id: record.project_id,
            funder_id: record.funder_id,
            funder_short_code,
            call_name: record.call_name,
            award_number: record.award_number,
            starts_on: record.starts_on,
            ends_on: record.ends_on,
            side: record.side,
            lab_id: record.lab_id,
            version: record.version,
            created_at: record.created_at.and_utc(),
            updated_at: record.updated_at.and_utc(),
        })
    }
}

/// The orders a funding list can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
pub enum FundingSort {
    /// By start of the period, earliest first.
    #[default]
    #[serde(rename = "starts_on")]
    StartsOn,
    #[serde(rename = "-starts_on")]
    StartsOnDescending,
    /// By end of the period, earliest first: what lapses next.
    #[serde(rename = "ends_on")]
    EndsOn,
    #[serde(rename = "-ends_on")]
    EndsOnDescending,
    #[serde(rename = "created")]
    Created,
    #[serde(rename = "-created")]
    CreatedDescending,
}

impl SortOrder for FundingSort {
    const EXAMPLE_KEY: &'static str = "2024-01-01";

    fn as_param(self) -> &'static str {
        self.as_str()
    }
}

impl FundingSort {
    pub fn as_str(self) -> &'static str {
        match self {
            FundingSort::StartsOn => "starts_on",
            FundingSort::StartsOnDescending => "-starts_on",
            FundingSort::EndsOn => "ends_on",
            FundingSort::EndsOnDescending => "-ends_on",
            FundingSort::Created => "created",
            FundingSort::CreatedDescending => "-created",
        }
    }
}

/// `GET /api/v1/funding`: every filter.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FundingFilters {
    /// Funding of this project.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000701")]
    pub project_id: Option<String>,
    /// Funding from this funder.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000002")]
    pub funder_id: Option<String>,
    pub status: Option<FundingStatus>,
    pub currency: Option<Currency>,
    /// Funding of this country's side (ISO 3166-1 alpha-2).
    #[validate(custom(function = "country::check"))]
    #[param(value_type = Option<crate::domain::country::CountryCode>)]
    pub side: Option<String>,
    /// Funding of this laboratory.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000601")]
    pub lab_id: Option<String>,
    /// Funding whose period contains this day (`starts_on` ≤ day ≤ `ends_on`).
    #[param(example = "2026-06-01")]
    pub active_on: Option<NaiveDate>,
    /// The award with this number, as the funder writes it (with `funder_id`, at most one).
    #[validate(length(min = 1, max = 100))]
    #[param(min_length = 1, max_length = 100, example = "21-45-00012")]
    pub award_number: Option<String>,
}

/// The query of the list: its filters and [`Paging`](crate::http::list_query::Paging).
pub type ListFundingQuery = ListQuery<FundingFilters, FundingSort>;

/// `GET /api/v1/projects/{id}/funding`: the same filters, the project given by the path.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProjectFundingQuery {
    /// Funding from this funder.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000002")]
    pub funder_id: Option<String>,
    pub status: Option<FundingStatus>,
    pub currency: Option<Currency>,
    /// Funding of this country's side (ISO 3166-1 alpha-2).
    #[validate(custom(function = "country::check"))]
    #[param(value_type = Option<crate::domain::country::CountryCode>)]
    pub side: Option<String>,
    /// Funding of this laboratory.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000601")]
    pub lab_id: Option<String>,
    /// Funding whose period contains this day (`starts_on` ≤ day ≤ `ends_on`).
    #[param(example = "2026-06-01")]
    pub active_on: Option<NaiveDate>,
    /// `starts_on` (default), `-starts_on`, `ends_on`, `-ends_on`, `created`, `-created`.
    pub sort: Option<FundingSort>,
    /// Items per page, 1–100 (default 25).
    #[validate(range(min = 1, max = 100))]
    #[param(minimum = 1, maximum = 100, example = 25)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[param(
        example = "eyJzb3J0Ijoic3RhcnRzX29uIiwia2V5IjoiMjAyNC0wMS0wMSIsImlkIjoiMDFhMjFmNzMtOWMwMC03MDAwLTgwMDAtMDAwMDAwMDAwODAxIn0"
    )]
    pub cursor: Option<String>,
}

/// One list request, whichever route it came by: the filters, the order and the page wanted.
#[derive(Debug, Clone)]
pub struct Listing {
    pub filter: ListFilter,
    pub sort: FundingSort,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

impl From<ListFundingQuery> for Listing {
    fn from(ListQuery { filter: q, page }: ListFundingQuery) -> Self {
        let filter = ListFilter {
            project_id: q.project_id.map(stored_id),
            funder_id: q.funder_id.map(stored_id),
            status: q.status,
            currency: q.currency,
            side: q.side.as_deref().map(country::normalise),
            lab_id: q.lab_id.map(stored_id),
            active_on: q.active_on,
            award_number: q.award_number.map(tidy),
            updated_since: page.updated_since.map(|t| t.naive_utc()),
        };
        Listing { filter, sort: page.sort.unwrap_or_default(), limit: page.limit, cursor: page.cursor }
    }
}

impl ProjectFundingQuery {
    pub fn for_project(self, project_id: String) -> Listing {
        let filter = ListFilter {
            project_id: Some(project_id),
            funder_id: self.funder_id.map(stored_id),
            status: self.status,
            currency: self.currency,
            side: self.side.as_deref().map(country::normalise),
            lab_id: self.lab_id.map(stored_id),
            active_on: self.active_on,
            award_number: None,
            updated_since: None,
        };
        Listing { filter, sort: self.sort.unwrap_or_default(), limit: self.limit, cursor: self.cursor }
    }
}

/// One page of funding records.
pub type FundingPage = Page<FundingResponse>;
