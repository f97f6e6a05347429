//! Laboratories on the wire.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::db::models::lab::{LabChanges, LabFields, LabView};
use crate::db::models::lab_status::{self, LabStatusEntry};
use crate::domain::lab::LabStatus;
use crate::domain::sort::NameSort;
use crate::domain::text::{query_text, single_line, tidy};
use crate::error::ApiError;
use crate::http::list_query::ListQuery;
use crate::http::patch::{nullable, required_value};
use crate::routes::institutions::wire::{Names, NamesInput, NamesPatch};
use crate::routes::page::Page;

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01a21f73-9c00-7000-8000-000000000902",
    "status": "suspended",
    "effective_on": "2025-01-01",
    "reason": "Targeted funding ended; staff moved to the Chelyabinsk lab",
    "recorded_by": "01a21f73-9c00-7000-8000-000000000502",
    "recorded_at": "2024-12-20T10:02:41Z"
}))]
pub struct StatusEntryResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub status: LabStatus,
    /// The day the status took (or takes) effect.
    pub effective_on: NaiveDate,
    pub reason: String,
    /// The account that recorded it.
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl StatusEntryResponse {
    pub fn new(entry: LabStatusEntry) -> Result<Self, ApiError> {
        Ok(StatusEntryResponse {
            status: entry.status()?,
            id: entry.id,
            effective_on: entry.effective_on,
            reason: entry.reason,
            recorded_by: entry.recorded_by,
            recorded_at: entry.recorded_at.and_utc(),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01a21f73-9c00-7000-8000-000000000301",
    "names": {"en": "Laboratory of Immunopathology", "ru": "Лаборатория иммунопатологии", "zh": "免疫病理学实验室"},
    "institution_id": "01a21f73-9c00-7000-8000-000000000002",
    "country": "RU",
    "centre_id": "01a21f73-9c00-7000-8000-000000000201",
    "head_user_id": "01a21f73-9c00-7000-8000-000000000501",
    "research_line": "Systemic pathology: inflammation models",
    "status": "active",
    "status_since": "2021-03-01",
    "status_history": [
        {
            "id": "01a21f73-9c00-7000-8000-000000000901",
            "status": "active",
            "effective_on": "2021-03-01",
            "reason": "Opened under the RSF–NSFC joint call",
            "recorded_by": "01a21f73-9c00-7000-8000-000000000502",
            "recorded_at": "2021-02-26T08:15:00Z"
        }
    ],
    "version": 3,
    "created_at": "2025-03-12T09:41:27Z",
    "updated_at": "2026-02-03T14:05:09Z"
}))]
pub struct LabResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub names: Names,
    #[schema(format = Uuid)]
    pub institution_id: String,
    /// The institution's country (ISO 3166-1 alpha-2).
    pub country: String,
    #[schema(format = Uuid)]
    pub centre_id: Option<String>,
    /// The account heading the lab (role `lab_head`), if any yet.
    #[schema(format = Uuid)]
    pub head_user_id: Option<String>,
    pub research_line: Option<String>,
    /// The status in effect today: the latest entry whose `effective_on` has come.
    pub status: Option<LabStatus>,
    pub status_since: Option<NaiveDate>,
    /// Every status entry, in the order they take effect (single reads only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_history: Option<Vec<StatusEntryResponse>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl LabResponse {
    /// The lab as seen on `today`; with its whole status history when `with_history`.
    pub fn new(view: LabView, with_history: bool, today: NaiveDate) -> Result<Self, ApiError> {
        let current = lab_status::in_effect(&view.statuses, today);
        let (status, status_since) = match current {
            Some(entry) => (Some(entry.status()?), Some(entry.effective_on)),
            None => (None, None),
        };
        let status_history = match with_history {
            true => Some(view.statuses.into_iter().map(StatusEntryResponse::new).collect::<Result<_, _>>()?),
            false => None,
        };
        let lab = view.lab;
        Ok(LabResponse {
            id: lab.id,
            names: Names { en: lab.name_en, ru: lab.name_ru, zh: lab.name_zh },
            institution_id: lab.institution_id,
            country: view.country,
            centre_id: lab.centre_id,
            head_user_id: lab.head_user_id,
            research_line: lab.research_line,
            status,
            status_since,
            status_history,
            version: lab.version,
            created_at: lab.created_at.and_utc(),
            updated_at: lab.updated_at.and_utc(),
        })
    }
}

/// A status change: what, from when, and why.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "status": "suspended",
    "effective_on": "2025-01-01",
    "reason": "Targeted funding ended; staff moved to the Chelyabinsk lab"
}))]
pub struct StatusChange {
    pub status: LabStatus,
    /// The day it takes effect (may be in the past, for the record, or in the future, when planned).
    pub effective_on: NaiveDate,
    /// Why: e.g. "targeted funding ended" — it is what the centre's timeline will show.
    #[validate(length(max = 2000), custom(function = "single_line"))]
    #[schema(
        min_length = 1,
        max_length = 2000,
        example = "Targeted funding ended; staff moved to the Chelyabinsk lab"
    )]
    pub reason: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "names": {"en": "Laboratory of Immunopathology", "ru": "Лаборатория иммунопатологии", "zh": "免疫病理学实验室"},
    "institution_id": "01a21f73-9c00-7000-8000-000000000002",
    "centre_id": "01a21f73-9c00-7000-8000-000000000201",
    "head_user_id": "01a21f73-9c00-7000-8000-000000000501",
    "research_line": "Systemic pathology: inflammation models",
    "status": {"status": "active", "effective_on": "2021-03-01", "reason": "Opened under the RSF–NSFC joint call"}
}))]
pub struct CreateLab {
    #[validate(nested)]
    pub names: NamesInput,
    #[schema(format = Uuid)]
    pub institution_id: String,
    #[schema(format = Uuid)]
    pub centre_id: Option<String>,
    /// An account with role `lab_head`.
    #[schema(format = Uuid)]
    pub head_user_id: Option<String>,
    #[validate(length(max = 500), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 500, example = "Systemic pathology: inflammation models")]
    pub research_line: Option<String>,
    /// The first status; by default `planned` from today, "registered".
    #[validate(nested)]
    pub status: Option<StatusChange>,
}

impl CreateLab {
    pub fn into_parts(self) -> (LabFields, Option<StatusChange>) {
        let (name_en, name_ru, name_zh) = self.names.tidied();
        let fields = LabFields {
            name_en,
            name_ru,
            name_zh,
            institution_id: self.institution_id,
            centre_id: self.centre_id,
            head_user_id: self.head_user_id,
            research_line: self.research_line.map(tidy),
        };
        (fields, self.status)
    }
}

/// A JSON merge patch; the status changes only through `POST /api/v1/labs/{id}/status`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "names": {"zh": "免疫病理学实验室"},
    "research_line": "Systemic pathology: chronic inflammation and fibrosis models"
}))]
pub struct UpdateLab {
    #[serde(default, deserialize_with = "required_value")]
    #[validate(nested)]
    #[schema(value_type = NamesPatch)]
    pub names: Option<NamesPatch>,
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = String, format = Uuid)]
    pub institution_id: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub centre_id: Option<Option<String>>,
    /// Only coordinators and administrators change the head.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub head_user_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(length(max = 500), custom(function = "single_line"))]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 500)]
    pub research_line: Option<Option<String>>,
}

impl From<UpdateLab> for LabChanges {
    fn from(input: UpdateLab) -> Self {
        let (name_en, name_ru, name_zh) = NamesPatch::tidied(input.names);
        LabChanges {
            name_en,
            name_ru,
            name_zh,
            institution_id: input.institution_id,
            centre_id: input.centre_id,
            head_user_id: input.head_user_id,
            research_line: input.research_line.map(|v| v.map(tidy)),
        }
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LabFilters {
    /// Matches any of the names, ignoring case, in Latin, Cyrillic and Chinese alike.
    #[validate(length(max = 200), custom(function = "query_text"))]
    #[param(max_length = 200, example = "immunopathology")]
    pub q: Option<String>,
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000201")]
    pub centre_id: Option<String>,
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000002")]
    pub institution_id: Option<String>,
    /// The institution's country, ISO 3166-1 alpha-2.
    #[validate(custom(function = "crate::domain::country::check"))]
    #[param(value_type = Option<crate::domain::country::CountryCode>)]
    pub country: Option<String>,
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000501")]
    pub head_user_id: Option<String>,
    /// The status in effect today.
    pub status: Option<LabStatus>,
}

/// The query of the list: its filters and [`Paging`](crate::http::list_query::Paging).
pub type ListLabsQuery = ListQuery<LabFilters, NameSort>;

pub type LabPage = Page<LabResponse>;
