//! Mirror links on the wire.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::db::models::mirror_link::{MirrorLink, MirrorLinkChanges, NewMirrorLink};
use crate::domain::lab::MirrorKind;
use crate::domain::text::single_line;
use crate::error::ApiError;
use crate::http::patch::{nullable, required_value};
use crate::routes::page::Page;

/// The example of [`MirrorLinkResponse`], and the first item of [`MirrorLinkPage`]'s.
fn mirror_link_example() -> serde_json::Value {
    serde_json::json!({
        "id": "01a21f73-9c00-7000-8000-000000000401",
        "lab_a_id": "01a21f73-9c00-7000-8000-000000000301",
        "lab_b_id": "01a21f73-9c00-7000-8000-000000000302",
        "kind": "mirror",
        "starts_on": "2021-03-01",
        "ends_on": null,
        "end_reason": null,
        "active": true,
        "version": 1,
        "created_at": "2021-02-26T08:20:13Z",
        "updated_at": "2021-02-26T08:20:13Z"
    })
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = mirror_link_example)]
pub struct MirrorLinkResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub lab_a_id: String,
    #[schema(format = Uuid)]
    pub lab_b_id: String,
    pub kind: MirrorKind,
    pub starts_on: NaiveDate,
    /// Set when the link ended; links are never deleted.
    pub ends_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    /// Whether the link is in force today.
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl MirrorLinkResponse {
    /// The link as it stands on `today`.
    pub fn new(link: MirrorLink, today: NaiveDate) -> Result<Self, ApiError> {
        Ok(MirrorLinkResponse {
            active: link.active_on(today),
            kind: link.kind()?,
            id: link.id,
            lab_a_id: link.lab_a_id,
            lab_b_id: link.lab_b_id,
            starts_on: link.starts_on,
            ends_on: link.ends_on,
            end_reason: link.end_reason,
            version: link.version,
            created_at: link.created_at.and_utc(),
            updated_at: link.updated_at.and_utc(),
        })
    }
}

/// Two laboratories doing the same research line in different countries.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "lab_a_id": "01a21f73-9c00-7000-8000-000000000301",
    "lab_b_id": "01a21f73-9c00-7000-8000-000000000302",
    "kind": "mirror",
    "starts_on": "2021-03-01"
}))]
pub struct CreateMirrorLink {
    #[schema(format = Uuid)]
    pub lab_a_id: String,
    #[schema(format = Uuid)]
    pub lab_b_id: String,
    /// `mirror`: one lab in Russia, one in China. `third_country`: at least one side elsewhere.
    pub kind: MirrorKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    #[validate(length(max = 2000), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 2000)]
    pub end_reason: Option<String>,
}

/// A JSON merge patch of the dates. End a link by setting `ends_on` (and why, in `end_reason`).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "ends_on": "2024-12-31",
    "end_reason": "The Wuhan laboratory is suspended: targeted funding ended"
}))]
pub struct UpdateMirrorLink {
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = NaiveDate)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub ends_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(length(max = 2000), custom(function = "single_line"))]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 2000)]
    pub end_reason: Option<Option<String>>,
}

impl From<CreateMirrorLink> for NewMirrorLink {
    fn from(input: CreateMirrorLink) -> Self {
        NewMirrorLink {
            lab_a_id: input.lab_a_id,
            lab_b_id: input.lab_b_id,
            kind: input.kind,
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            end_reason: input.end_reason.map(|r| r.trim().to_owned()),
        }
    }
}

impl From<UpdateMirrorLink> for MirrorLinkChanges {
    fn from(input: UpdateMirrorLink) -> Self {
        MirrorLinkChanges {
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            end_reason: input.end_reason.map(|r| r.map(|t| t.trim().to_owned())),
        }
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListMirrorLinksQuery {
    /// Links with this laboratory on either side.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000301")]
    pub lab_id: Option<String>,
    /// Links with a laboratory of this centre on either side.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000201")]
    pub centre_id: Option<String>,
    pub kind: Option<MirrorKind>,
    /// Links in force on this day.
    #[param(example = "2024-06-01")]
    pub active_on: Option<NaiveDate>,
    /// Only records created or changed at or after this instant (RFC 3339, e.g.
    /// `2026-12-01T00:00:00Z`), for incremental sync. Records deleted since are not listed: their
    /// history keeps them.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-12-01T00:00:00Z")]
    pub updated_since: Option<DateTime<Utc>>,
    /// Items per page, 1–100 (default 25).
    #[validate(range(min = 1, max = 100))]
    #[param(minimum = 1, maximum = 100, example = 25)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[param(example = "eyJzb3J0IjoiY3JlYXRlZCIsImlkIjoiMDFhMjFmNzMtOWMwMC03MDAwLTgwMDAtMDAwMDAwMDAwNDAxIn0")]
    pub cursor: Option<String>,
}

pub type MirrorLinkPage = Page<MirrorLinkResponse>;
