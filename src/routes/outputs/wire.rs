//! Outputs on the wire: what clients send and receive, and the checks at the edge.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use crate::db::models::output::{OutputChanges, OutputFields, OutputView};
use crate::domain::doi::{self, Doi};
use crate::domain::project::OutputKind;
use crate::domain::text::{query_text, single_line, tidy};
use crate::domain::{country, website};
use crate::error::ApiError;
use crate::http::list_query::{ListQuery, SortOrder};
use crate::http::patch::{nullable, required_value};
use crate::routes::page::Page;

/// The first year an output may carry; the last is next year (accepted papers are dated ahead).
pub const FIRST_YEAR: i32 = 1900;

fn invalid(code: &'static str, message: impl Into<Cow<'static, str>>) -> ValidationError {
    ValidationError::new(code).with_message(message.into())
}

fn year_check(year: i32) -> Result<(), ValidationError> {
    let last = Utc::now().year() + 1;
    if (FIRST_YEAR..=last).contains(&year) {
        Ok(())
    } else {
        Err(invalid("range", format!("must be between {FIRST_YEAR} and {last} (next year)")))
    }
}

fn country_list(codes: &[String]) -> Result<(), ValidationError> {
    match codes.iter().find(|code| country::check(code).is_err()) {
        Some(code) => Err(invalid(
            "invalid_country",
            format!("{code:?} is not an ISO 3166-1 alpha-2 country code (e.g. RU, CN, KZ; upper or lower case)"),
        )),
        None => Ok(()),
    }
}

/// Upper case, each country once, sorted: the stored form, whatever order authors were listed in.
fn countries(codes: Vec<String>) -> Vec<String> {
    let mut codes: Vec<String> = codes.iter().map(|c| country::normalise(c)).collect();
    codes.sort();
    codes.dedup();
    codes
}

/// A record id in its canonical spelling; anything else is kept as sent, to be reported (with
/// its index) as naming no record.
fn record_ids(ids: Vec<String>) -> Vec<String> {
    ids.into_iter().map(|id| uuid::Uuid::parse_str(&id).map(|u| u.hyphenated().to_string()).unwrap_or(id)).collect()
}

/// The stored form of a DOI that passed [`doi::check`].
fn bare_doi(input: String) -> Option<String> {
    Doi::parse(&input).ok().map(Doi::into_string)
}

/// A new output of one or more projects.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "journal_article",
    "title": "Curcumin attenuates systemic inflammation in a rat model of sepsis",
    "doi": "https://doi.org/10.1016/j.biopha.2021.111234",
    "year": 2022,
    "venue": "Biomedicine & Pharmacotherapy",
    "url": "https://doi.org/10.1016/j.biopha.2021.111234",
    "author_countries": ["ru", "CN"],
    "project_ids": ["01935d2e-7b7a-7c3e-9a41-2f4f6c1d8e01"],
    "funding_ids": ["01935d2f-0c11-7d52-8b0e-5e9a3f2c4b17"]
}))]
pub struct CreateOutput {
    pub kind: OutputKind,
    /// One line, 1–1000 characters.
    #[validate(length(max = 1000), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 1000)]
    pub title: String,
    /// `10.1016/…`, `doi:10.1016/…` or `https://doi.org/10.1016/…` (any case); stored bare and
    /// lower case (at most 255 characters). One output per DOI.
    #[validate(custom(function = "doi::check"))]
    #[schema(value_type = Option<crate::domain::schemas::Doi>)]
    pub doi: Option<String>,
    /// From 1900 to next year (the bound of 9999 is the format's; next year is the rule).
    #[validate(custom(function = "year_check"))]
    #[schema(minimum = 1900, maximum = 9999)]
    pub year: i32,
    /// The journal, conference, patent office or repository.
    #[validate(length(max = 500), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 500)]
    pub venue: Option<String>,
    /// An absolute http(s) address of the output.
    #[validate(custom(function = "website::check"))]
    #[schema(format = "uri", max_length = 2048)]
    pub url: Option<String>,
    /// The countries of its authors (ISO 3166-1 alpha-2, upper or lower case; stored upper case,
    /// each once, sorted). Both `RU` and `CN` make it a co-authored RU–CN output (`ru_cn`).
    #[validate(length(min = 1, max = 50), custom(function = "country_list"))]
    #[schema(min_items = 1, max_items = 50, value_type = Vec<crate::domain::country::CountryCode>)]
    pub author_countries: Vec<String>,
    /// The projects that produced it: each one you may read and record outputs for.
    #[validate(length(min = 1, max = 20))]
    #[schema(min_items = 1, max_items = 20, value_type = Vec<uuid::Uuid>)]
    pub project_ids: Vec<String>,
    /// The funding records it acknowledges: each must fund one of `project_ids`.
    #[validate(length(max = 20))]
    #[serde(default)]
    #[schema(max_items = 20, value_type = Vec<uuid::Uuid>)]
    pub funding_ids: Vec<String>,
}

impl From<CreateOutput> for OutputFields {
    fn from(input: CreateOutput) -> Self {
        OutputFields {
            kind: input.kind,
            title: tidy(input.title),
            doi: input.doi.and_then(bare_doi),
            year: input.year,
            venue: input.venue.map(tidy),
            url: input.url,
            author_countries: countries(input.author_countries),
            project_ids: record_ids(input.project_ids),
            funding_ids: record_ids(input.funding_ids),
        }
    }
}

/// A JSON merge patch (RFC 7396): omitted fields are kept, `null` clears an optional one, and a
/// list given replaces the whole list.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "venue": "Biomedicine & Pharmacotherapy",
    "author_countries": ["CN", "KZ", "RU"],
    "funding_ids": []
}))]
pub struct UpdateOutput {
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = OutputKind)]
    pub kind: Option<OutputKind>,
    #[serde(default, deserialize_with = "required_value")]
    #[validate(length(max = 1000), custom(function = "single_line"))]
    #[schema(value_type = String, min_length = 1, max_length = 1000)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(custom(function = "doi::check"))]
    #[schema(value_type = Option<crate::domain::schemas::Doi>)]
    pub doi: Option<Option<String>>,
    #[serde(default, deserialize_with = "required_value")]
    #[validate(custom(function = "year_check"))]
    #[schema(value_type = i32, minimum = 1900, maximum = 9999)]
    pub year: Option<i32>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(length(max = 500), custom(function = "single_line"))]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 500)]
    pub venue: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(custom(function = "website::check"))]
    #[schema(value_type = Option<String>, format = "uri", max_length = 2048)]
    pub url: Option<Option<String>>,
    #[serde(default, deserialize_with = "required_value")]
    #[validate(length(min = 1, max = 50), custom(function = "country_list"))]
    #[schema(value_type = Vec<crate::domain::country::CountryCode>, min_items = 1, max_items = 50)]
    pub author_countries: Option<Vec<String>>,
    /// Replaces the projects: you need the right to record outputs for every project the output
    /// belongs to, before and after the change.
    #[serde(default, deserialize_with = "required_value")]
    #[validate(length(min = 1, max = 20))]
    #[schema(value_type = Vec<uuid::Uuid>, min_items = 1, max_items = 20)]
    pub project_ids: Option<Vec<String>>,
    /// Replaces the funding records; `null` or `[]` clears them.
    #[serde(default, deserialize_with = "nullable")]
    #[validate(length(max = 20))]
    #[schema(value_type = Option<Vec<uuid::Uuid>>, max_items = 20)]
    pub funding_ids: Option<Option<Vec<String>>>,
}

impl From<UpdateOutput> for OutputChanges {
    fn from(input: UpdateOutput) -> Self {
        OutputChanges {
            kind: input.kind,
            title: input.title.map(tidy),
            doi: input.doi.map(|d| d.and_then(bare_doi)),
            year: input.year,
            venue: input.venue.map(|v| v.map(tidy)),
            url: input.url,
            author_countries: input.author_countries.map(countries),
            project_ids: input.project_ids.map(record_ids),
            funding_ids: input.funding_ids.map(|ids| record_ids(ids.unwrap_or_default())),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01935d31-4a2b-7e10-a3c5-7d2e9b0f6a42",
    "kind": "journal_article",
    "title": "Curcumin attenuates systemic inflammation in a rat model of sepsis",
    "doi": "10.1016/j.biopha.2021.111234",
    "doi_url": "https://doi.org/10.1016/j.biopha.2021.111234",
    "year": 2022,
    "venue": "Biomedicine & Pharmacotherapy",
    "url": "https://doi.org/10.1016/j.biopha.2021.111234",
    "author_countries": ["CN", "RU"],
    "ru_cn": true,
    "project_ids": ["01935d2e-7b7a-7c3e-9a41-2f4f6c1d8e01"],
    "funding_ids": ["01935d2f-0c11-7d52-8b0e-5e9a3f2c4b17"],
    "version": 1,
    "created_at": "2026-11-28T09:30:00Z",
    "updated_at": "2026-11-28T09:30:00Z"
}))]
pub struct OutputResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub kind: OutputKind,
    pub title: String,
    /// Bare and lower case (`10.…`).
    pub doi: Option<String>,
    /// Where the DOI resolves: `https://doi.org/` + `doi`.
    #[schema(format = "uri")]
    pub doi_url: Option<String>,
    pub year: i32,
    pub venue: Option<String>,
    #[schema(format = "uri")]
    pub url: Option<String>,
    /// ISO 3166-1 alpha-2, upper case, sorted.
    pub author_countries: Vec<String>,
    /// Authors in both Russia and China: a co-authored RU–CN output.
    pub ru_cn: bool,
    /// Its projects that you may read, sorted.
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub project_ids: Vec<String>,
    /// Its funding records that you may read, sorted.
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub funding_ids: Vec<String>,
    /// Increases by one with every change; the `ETag` is this number in quotes.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl OutputResponse {
    pub fn new(view: OutputView) -> Result<Self, ApiError> {
        let output = view.output;
        Ok(OutputResponse {
            kind: output.kind()?,
            author_countries: output.countries(),
            doi_url: output.doi.as_deref().map(|d| format!("https://doi.org/{d}")),
            id: output.id,
            title: output.title,
            doi: output.doi,
            year: output.year,
            venue: output.venue,
            url: output.url,
            ru_cn: output.ru_cn,
            project_ids: view.project_ids,
            funding_ids: view.funding_ids,
            version: output.version,
            created_at: output.created_at.and_utc(),
            updated_at: output.updated_at.and_utc(),
        })
    }
}

/// The orders an output list can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
pub enum OutputSort {
    /// By year, newest first (within a year, the latest recorded first).
    #[default]
    #[serde(rename = "-year")]
    YearDescending,
    #[serde(rename = "year")]
    Year,
    /// By title, A→Z (ignoring case, in every script).
    #[serde(rename = "title")]
    Title,
    #[serde(rename = "-title")]
    TitleDescending,
    /// By when it was recorded.
    #[serde(rename = "created")]
    Created,
    #[serde(rename = "-created")]
    CreatedDescending,
}

impl SortOrder for OutputSort {
    const EXAMPLE_KEY: &'static str = "2024";

    fn as_param(self) -> &'static str {
        self.as_str()
    }
}

impl OutputSort {
    pub fn as_str(self) -> &'static str {
        match self {
            OutputSort::YearDescending => "-year",
            OutputSort::Year => "year",
            OutputSort::Title => "title",
            OutputSort::TitleDescending => "-title",
            OutputSort::Created => "created",
            OutputSort::CreatedDescending => "-created",
        }
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OutputFilters {
    /// Matches the title, ignoring case, in Latin, Cyrillic and Chinese alike.
    #[validate(length(max = 200), custom(function = "query_text"))]
    #[param(max_length = 200, example = "воспаление")]
    pub q: Option<String>,
    pub kind: Option<OutputKind>,
    /// Outputs of this year or later.
    #[validate(range(min = 1900, max = 9999))]
    #[param(minimum = 1900, maximum = 9999, example = 2020)]
    pub year_from: Option<i32>,
    /// Outputs of this year or earlier.
    #[validate(range(min = 1900, max = 9999))]
    #[param(minimum = 1900, maximum = 9999, example = 2024)]
    pub year_to: Option<i32>,
    /// Outputs of this project (on `/projects/{id}/outputs` it narrows that project's list further).
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000701")]
    pub project_id: Option<String>,
    /// Outputs that acknowledge this funding record.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000801")]
    pub funding_id: Option<String>,
    /// The output with this DOI, in any spelling (`10.…`, `doi:…`, `https://doi.org/…`, any case).
    #[validate(custom(function = "doi::check"))]
    #[param(value_type = Option<crate::domain::schemas::Doi>, example = "10.1016/j.biopha.2021.111234")]
    pub doi: Option<String>,
    /// `true`: only outputs co-authored from Russia and China (`total` counts them); `false`: the others.
    pub ru_cn: Option<bool>,
}

/// The query of the list: its filters and [`Paging`](crate::http::list_query::Paging).
pub type ListOutputsQuery = ListQuery<OutputFilters, OutputSort>;

/// One page of outputs.
pub type OutputPage = Page<OutputResponse>;
