//! Funders on the wire: what clients send and receive, and the checks at the edge.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use crate::db::models::funder::{FunderChanges, FunderFields, FunderStatus, FunderView};
use crate::domain::sort::NameSort;
use crate::domain::text::query_text;
use crate::domain::{country, doi, ror};
use crate::error::ApiError;
use crate::http::list_query::ListQuery;
use crate::http::patch::{nullable, required_value};
use crate::routes::page::Page;
// Funders are named like institutions: one shape for names across the API.
use crate::routes::institutions::wire::{Names, NamesInput, NamesPatch};

pub use crate::domain::schemas::SHORT_CODE_MAX;
const DATE_FORMAT: &str = "%Y-%m-%d";

/// The funder that took over from a closed one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuccessorResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(example = "RSF")]
    pub short_code: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01a21f73-9c00-7000-8000-000000000103",
    "short_code": "RFBR",
    "names": {
        "en": "Russian Foundation for Basic Research",
        "ru": "Российский фонд фундаментальных исследований",
        "zh": "俄罗斯基础研究基金会"
    },
    "country": "RU",
    "funder_doi": "10.13039/501100002261",
    "ror_id": null,
    "status": "closed",
    "closed_on": "2022-12-31",
    "successor": {"id": "01a21f73-9c00-7000-8000-000000000101", "short_code": "RSF"},
    "version": 3,
    "created_at": "2025-03-12T09:41:27Z",
    "updated_at": "2026-02-03T14:05:09Z"
}))]
pub struct FunderResponse {
    #[schema(format = Uuid)]
    pub id: String,
    /// Unique ignoring case.
    #[schema(example = "RFBR")]
    pub short_code: String,
    pub names: Names,
    /// ISO 3166-1 alpha-2, upper case.
    #[schema(example = "RU")]
    pub country: String,
    /// Crossref Funder DOI, bare (`10.13039/…`).
    #[schema(example = "10.13039/501100002261")]
    pub funder_doi: Option<String>,
    /// Canonical ROR URL.
    #[schema(example = "https://ror.org/02mh1ke95")]
    pub ror_id: Option<String>,
    pub status: FunderStatus,
    /// Since when a closed funder has issued no new grants (null while active).
    #[schema(example = "2022-12-31")]
    pub closed_on: Option<NaiveDate>,
    /// Who took over, if anyone.
    pub successor: Option<SuccessorResponse>,
    /// Increases by one with every change; the `ETag` is this number in quotes.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl FunderResponse {
    pub fn new(view: FunderView) -> Result<Self, ApiError> {
        let FunderView { funder, successor } = view;
        Ok(FunderResponse {
            status: funder.status()?,
            id: funder.id,
            short_code: funder.short_code,
            names: Names { en: funder.name_en, ru: funder.name_ru, zh: funder.name_zh },
            country: funder.country,
            funder_doi: funder.funder_doi,
            ror_id: funder.ror_id,
            closed_on: funder.closed_on,
            successor: successor.map(|s| SuccessorResponse { id: s.id, short_code: s.short_code }),
            version: funder.version,
            created_at: funder.created_at.and_utc(),
            updated_at: funder.updated_at.and_utc(),
        })
    }
}

/// A new funder.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "names": {
        "en": "National Natural Science Foundation of China",
        "ru": "Государственный фонд естественных наук Китая",
        "zh": "国家自然科学基金委员会"
    },
    "short_code": "NSFC",
    "country": "CN",
    "funder_doi": "10.13039/501100001809",
    "ror_id": "https://ror.org/01h0zpd94",
    "status": "active"
}))]
pub struct CreateFunder {
    #[validate(nested)]
    pub names: NamesInput,
    /// 1–20 letters (any script), digits or `-`; unique ignoring case.
    #[validate(custom(function = "short_code_check"))]
    #[schema(value_type = crate::domain::schemas::ShortCode, example = "RSF")]
    pub short_code: String,
    /// ISO 3166-1 alpha-2 (any case; stored upper case).
    #[validate(custom(function = "country::check"))]
    #[schema(value_type = crate::domain::country::CountryCode)]
    pub country: String,
    /// Crossref Funder DOI as `10.13039/…`, `doi:10.13039/…` or `https://doi.org/10.13039/…`
    /// (any case); stored bare (at most 255 characters). Unique.
    #[validate(custom(function = "doi::check_funder"))]
    #[schema(value_type = Option<crate::domain::schemas::FunderDoi>, example = "10.13039/501100006769")]
    pub funder_doi: Option<String>,
    /// ROR id as `0abcde123`, `ror.org/…` or `https://ror.org/…`; checksum verified.
    #[validate(custom(function = "ror::check"))]
    #[schema(value_type = Option<crate::domain::schemas::RorId>, example = "https://ror.org/01h0zpd94")]
    pub ror_id: Option<String>,
    /// `active` (default) or `closed`; `closed` requires `closed_on`.
    pub status: Option<FunderStatus>,
    /// `YYYY-MM-DD`; only with status `closed`.
    #[validate(custom(function = "date_check"))]
    #[schema(format = Date, example = "2022-12-31")]
    pub closed_on: Option<String>,
    /// Id of the funder that took over; must exist and must not lead back to this one.
    #[validate(custom(function = "id_check"))]
    #[schema(format = Uuid)]
    pub successor_id: Option<String>,
}

impl From<CreateFunder> for FunderFields {
    fn from(input: CreateFunder) -> Self {
        let (name_en, name_ru, name_zh) = input.names.tidied();
        FunderFields {
            name_en,
            name_ru,
            name_zh,
            short_code: input.short_code,
            country: country::normalise(&input.country),
            funder_doi: input.funder_doi.and_then(|d| doi::parse_funder(&d).ok()).map(doi::Doi::into_string),
            ror_id: input.ror_id.and_then(|r| ror::parse(&r).ok()),
            status: input.status.unwrap_or(FunderStatus::Active),
            closed_on: input.closed_on.as_deref().and_then(parse_date),
            successor_id: input.successor_id.as_deref().and_then(parse_id),
        }
    }
}

/// A JSON merge patch (RFC 7396): omitted fields are kept, `null` clears an optional field.
/// Closing a funder is `{"status": "closed", "closed_on": "…"}`; reopening it clears `closed_on`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "status": "closed",
    "closed_on": "2022-12-31",
    "successor_id": "01a21f73-9c00-7000-8000-000000000101"
}))]
pub struct UpdateFunder {
    #[serde(default, deserialize_with = "required_value")]
    #[validate(nested)]
    #[schema(value_type = NamesPatch)]
    pub names: Option<NamesPatch>,
    /// 1–20 letters (any script), digits or `-`; unique ignoring case. (No `pattern`: the
    /// `\p{Alphabetic}` class it needs is not in every JSON Schema regex dialect.)
    #[serde(default, deserialize_with = "required_value")]
    #[validate(custom(function = "short_code_check"))]
    #[schema(value_type = crate::domain::schemas::ShortCode)]
    pub short_code: Option<String>,
    #[serde(default, deserialize_with = "required_value")]
    #[validate(custom(function = "country::check"))]
    #[schema(value_type = crate::domain::country::CountryCode)]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(custom(function = "doi::check_funder"))]
    #[schema(value_type = Option<crate::domain::schemas::FunderDoi>)]
    pub funder_doi: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(custom(function = "ror::check"))]
    #[schema(value_type = Option<crate::domain::schemas::RorId>)]
    pub ror_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = FunderStatus)]
    pub status: Option<FunderStatus>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(custom(function = "date_check"))]
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(custom(function = "id_check"))]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub successor_id: Option<Option<String>>,
}

impl From<UpdateFunder> for FunderChanges {
    fn from(input: UpdateFunder) -> Self {
        let (name_en, name_ru, name_zh) = NamesPatch::tidied(input.names);
        FunderChanges {
            name_en,
            name_ru,
            name_zh,
            short_code: input.short_code,
            country: input.country.as_deref().map(country::normalise),
            funder_doi: input.funder_doi.map(|v| v.and_then(|d| doi::parse_funder(&d).ok()).map(doi::Doi::into_string)),
            ror_id: input.ror_id.map(|v| v.and_then(|r| ror::parse(&r).ok())),
            status: input.status,
            closed_on: input.closed_on.map(|v| v.as_deref().and_then(parse_date)),
            successor_id: input.successor_id.map(|v| v.as_deref().and_then(parse_id)),
        }
    }
}

fn invalid(code: &'static str, message: &'static str) -> ValidationError {
    ValidationError::new(code).with_message(Cow::Borrowed(message))
}

/// Letters of any script (so `РНФ` is a code too), ASCII digits and `-`: no spaces or
/// punctuation, so a code reads the same in a URL, a CSV cell and a sentence.
fn short_code_check(code: &str) -> Result<(), ValidationError> {
    let length = code.chars().count();
    if !(1..=SHORT_CODE_MAX).contains(&length) {
        return Err(invalid("length", "must be 1–20 characters"));
    }
    if code.chars().all(|c| c.is_alphabetic() || c.is_ascii_digit() || c == '-') {
        Ok(())
    } else {
        Err(invalid("invalid_short_code", "may contain only letters, digits and `-`, e.g. RSF or NSFC"))
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    // Exactly ten characters: chrono alone would also take `2022-1-5` or a five-digit year.
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, DATE_FORMAT).ok()).flatten()
}

fn date_check(text: &str) -> Result<(), ValidationError> {
    match parse_date(text) {
        Some(_) => Ok(()),
        None => Err(invalid("invalid_date", "must be a calendar date as YYYY-MM-DD")),
    }
}

fn parse_id(text: &str) -> Option<String> {
    uuid::Uuid::parse_str(text).ok().map(|id| id.hyphenated().to_string())
}

fn id_check(text: &str) -> Result<(), ValidationError> {
    match parse_id(text) {
        Some(_) => Ok(()),
        None => Err(invalid("invalid_id", "must be a funder id (a UUID)")),
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FunderFilters {
    /// Matches the short code or any of the names, ignoring case, in Latin, Cyrillic and Chinese.
    #[validate(length(max = 200), custom(function = "query_text"))]
    #[param(max_length = 200, example = "science foundation")]
    pub q: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[validate(custom(function = "country::check"))]
    #[param(value_type = Option<crate::domain::country::CountryCode>)]
    pub country: Option<String>,
    pub status: Option<FunderStatus>,
    /// The funder with this ROR id, in any spelling (`01h0zpd94`, `https://ror.org/01H0ZPD94`).
    #[validate(custom(function = "crate::domain::ror::check"))]
    #[param(value_type = Option<crate::domain::schemas::RorId>, example = "https://ror.org/01h0zpd94")]
    pub ror: Option<String>,
    /// The funder with this Crossref Funder DOI, in any spelling (`10.13039/…`, `https://doi.org/10.13039/…`).
    #[validate(custom(function = "crate::domain::doi::check_funder"))]
    #[param(value_type = Option<crate::domain::schemas::FunderDoi>, example = "10.13039/501100001809")]
    pub funder_doi: Option<String>,
}

/// The query of the list: its filters and [`Paging`](crate::http::list_query::Paging).
pub type ListFundersQuery = ListQuery<FunderFilters, NameSort>;

/// One page of funders.
pub type FunderPage = Page<FunderResponse>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_codes_are_letters_digits_and_hyphens() {
        for good in ["RSF", "rfbr", "РНФ", "NSFC-2", "X", "A1234567890123456789"] {
            assert!(short_code_check(good).is_ok(), "{good}");
        }
        for bad in ["", "R S F", "RSF!", "RSF_1", " RSF", "A12345678901234567890", "R\0F"] {
            assert!(short_code_check(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn dates_are_exactly_iso_calendar_dates() {
        assert_eq!(parse_date("2022-12-31"), NaiveDate::from_ymd_opt(2022, 12, 31));
        for bad in ["2022-02-30", "2022-1-05", "31.12.2022", "12022-01-01", ""] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
