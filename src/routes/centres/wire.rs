//! Joint centres on the wire: what clients send and receive, and the checks at the edge.

use std::borrow::Cow;
use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use crate::db::models::centre::{Centre, CentreChanges, CentreFields, CentreStatus, CentreWithHosts, Host};
use crate::domain::country;
use crate::domain::sort::NameSort;
use crate::domain::text::{multi_line, query_text, tidy};
use crate::error::ApiError;
use crate::http::list_query::ListQuery;
use crate::http::patch::{nullable, required_value};
use crate::routes::institutions::wire::{Names, NamesInput, NamesPatch};
use crate::routes::page::Page;

/// The most institutions one centre names as hosts.
pub const MAX_HOSTS: usize = 20;
pub const MAX_DESCRIPTION: u64 = 5000;

/// A host institution, as much of it as a list of centres needs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HostResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(example = "Wuhan University")]
    pub name_en: String,
    /// ISO 3166-1 alpha-2, upper case.
    #[schema(example = "CN")]
    pub country: String,
}

impl From<Host> for HostResponse {
    fn from(host: Host) -> Self {
        HostResponse { id: host.id, name_en: host.name_en, country: host.country }
    }
}

/// The example of [`CentreResponse`], and the first item of [`CentrePage`]'s.
fn centre_example() -> serde_json::Value {
    serde_json::json!({
        "id": "01a21f73-9c00-7000-8000-000000000201",
        "names": {
            "en": "Joint Russian–Chinese Center for Systemic Pathology",
            "ru": "Российско-китайский центр системной патологии",
            "zh": "中俄系统病理学联合中心"
        },
        "founded_on": "2020-10-15",
        "status": "active",
        "description": "Mirror laboratories in Chelyabinsk and Wuhan studying systemic pathology: inflammation, fibrosis and their models.",
        "hosts": [
            {"id": "01a21f73-9c00-7000-8000-000000000002", "name_en": "South Ural State University", "country": "RU"},
            {"id": "01a21f73-9c00-7000-8000-000000000001", "name_en": "Wuhan University", "country": "CN"}
        ],
        "version": 3,
        "created_at": "2025-03-12T09:41:27Z",
        "updated_at": "2026-02-03T14:05:09Z"
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = centre_example)]
pub struct CentreResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub names: Names,
    /// The date of the founding agreement, when known.
    #[schema(example = "2020-10-15")]
    pub founded_on: Option<NaiveDate>,
    pub status: CentreStatus,
    pub description: Option<String>,
    /// The institutions hosting the centre, by English name; always in at least two countries.
    pub hosts: Vec<HostResponse>,
    /// Increases by one with every change; the `ETag` is this number in quotes.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CentreResponse {
    pub fn new(record: CentreWithHosts) -> Result<Self, ApiError> {
        let CentreWithHosts { centre, hosts } = record;
        let status = centre.status()?;
        let Centre { id, name_en, name_ru, name_zh, founded_on, description, version, .. } = centre;
        Ok(CentreResponse {
            id,
            names: Names { en: name_en, ru: name_ru, zh: name_zh },
            founded_on,
            status,
            description,
            hosts: hosts.into_iter().map(HostResponse::from).collect(),
            version,
            created_at: centre.created_at.and_utc(),
            updated_at: centre.updated_at.and_utc(),
        })
    }
}

/// A new joint centre.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "names": {
        "en": "Joint Russian–Chinese Center for Systemic Pathology",
        "ru": "Российско-китайский центр системной патологии",
        "zh": "中俄系统病理学联合中心"
    },
    "host_institution_ids": ["01a21f73-9c00-7000-8000-000000000002", "01a21f73-9c00-7000-8000-000000000001"],
    "founded_on": "2020-10-15",
    "status": "active",
    "description": "Mirror laboratories in Chelyabinsk and Wuhan studying systemic pathology: inflammation, fibrosis and their models."
}))]
pub struct CreateCentre {
    #[validate(nested)]
    pub names: NamesInput,
    /// 1–20 institution ids, no repeats, in at least two countries (a joint centre has hosts on
    /// both sides).
    #[validate(custom(function = "hosts_check"))]
    #[schema(value_type = Vec<uuid::Uuid>, min_items = 1, max_items = 20)]
    pub host_institution_ids: Vec<String>,
    /// Date of the founding agreement; not in the future.
    #[validate(custom(function = "not_in_future"))]
    #[schema(example = "2020-10-15")]
    pub founded_on: Option<NaiveDate>,
    pub status: CentreStatus,
    /// Up to 5000 characters; line breaks allowed.
    #[validate(length(max = MAX_DESCRIPTION), custom(function = "multi_line"))]
    #[schema(min_length = 1, max_length = 5000)]
    pub description: Option<String>,
}

impl From<CreateCentre> for CentreFields {
    fn from(input: CreateCentre) -> Self {
        let (name_en, name_ru, name_zh) = input.names.tidied();
        CentreFields {
            name_en,
            name_ru,
            name_zh,
            founded_on: input.founded_on,
            status: input.status,
            description: input.description.map(tidy),
            host_ids: canonical_ids(&input.host_institution_ids),
        }
    }
}

/// A JSON merge patch (RFC 7396): omitted fields are kept, `null` clears an optional field, and
/// `host_institution_ids` replaces the whole set of hosts.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "status": "reduced",
    "description": "The Wuhan laboratory is suspended until the next NSFC call; Chelyabinsk continues."
}))]
pub struct UpdateCentre {
    #[serde(default, deserialize_with = "required_value")]
    #[validate(nested)]
    #[schema(value_type = NamesPatch)]
    pub names: Option<NamesPatch>,
    /// The new set of hosts, replacing the old one; the same rules as on create.
    #[serde(default, deserialize_with = "required_value")]
    #[validate(custom(function = "hosts_check"))]
    #[schema(value_type = Vec<uuid::Uuid>, min_items = 1, max_items = 20)]
    pub host_institution_ids: Option<Vec<String>>,
    /// Not in the future; `null` when the date is not known after all.
    #[serde(default, deserialize_with = "nullable")]
    #[validate(custom(function = "not_in_future"))]
    #[schema(value_type = Option<NaiveDate>)]
    pub founded_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = CentreStatus)]
    pub status: Option<CentreStatus>,
    /// Up to 5000 characters; line breaks allowed.
    #[serde(default, deserialize_with = "nullable")]
    #[validate(length(max = MAX_DESCRIPTION), custom(function = "multi_line"))]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 5000)]
    pub description: Option<Option<String>>,
}

impl From<UpdateCentre> for CentreChanges {
    fn from(input: UpdateCentre) -> Self {
        let (name_en, name_ru, name_zh) = NamesPatch::tidied(input.names);
        CentreChanges {
            name_en,
            name_ru,
            name_zh,
            founded_on: input.founded_on,
            status: input.status,
            description: input.description.map(|v| v.map(tidy)),
            host_ids: input.host_institution_ids.as_deref().map(canonical_ids),
        }
    }
}

fn invalid(code: &'static str, message: impl Into<Cow<'static, str>>) -> ValidationError {
    ValidationError::new(code).with_message(message.into())
}

/// The stored form of ids that passed [`hosts_check`]: lower-case hyphenated UUIDs.
fn canonical_ids(ids: &[String]) -> Vec<String> {
    ids.iter().filter_map(|id| uuid::Uuid::parse_str(id).ok()).map(|id| id.hyphenated().to_string()).collect()
}

/// What can be said of host ids without the database: how many, well-formed, no repeats (also
/// none in two spellings of one UUID). Existence and countries are checked on write.
fn hosts_check(ids: &[String]) -> Result<(), ValidationError> {
    if ids.is_empty() || ids.len() > MAX_HOSTS {
        return Err(invalid("host_count", "must name 1–20 host institutions"));
    }
    let mut seen = BTreeSet::new();
    for id in ids {
        let Ok(parsed) = uuid::Uuid::parse_str(id) else {
            return Err(invalid("invalid_id", format!("{id:?} is not an institution id (a UUID)")));
        };
        if !seen.insert(parsed) {
            return Err(invalid("duplicate_host", format!("names institution {} more than once", parsed.hyphenated())));
        }
    }
    Ok(())
}

/// A founding date cannot be after today. "Today" is taken where it is latest (UTC+14), so a
/// centre founded today in Asia is never refused for being ahead of UTC.
fn not_in_future(date: &NaiveDate) -> Result<(), ValidationError> {
    let latest_today = (Utc::now() + chrono::Duration::hours(14)).date_naive();
    if *date > latest_today {
        return Err(invalid("in_future", "must not be in the future"));
    }
    Ok(())
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CentreFilters {
    /// Matches any of the names, ignoring case, in Latin, Cyrillic and Chinese alike.
    #[validate(length(max = 200), custom(function = "query_text"))]
    #[param(max_length = 200, example = "pathology")]
    pub q: Option<String>,
    /// ISO 3166-1 alpha-2: centres with at least one host in this country.
    #[validate(custom(function = "country::check"))]
    #[param(value_type = Option<crate::domain::country::CountryCode>)]
    pub country: Option<String>,
    pub status: Option<CentreStatus>,
    /// An institution id: the centres it hosts.
    #[validate(custom(function = "institution_check"))]
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000001")]
    pub institution_id: Option<String>,
}

/// The query of the list: its filters and [`Paging`](crate::http::list_query::Paging).
pub type ListCentresQuery = ListQuery<CentreFilters, NameSort>;

impl CentreFilters {
    /// The `institution_id` filter in stored form (it passed [`institution_check`]).
    pub fn institution_filter(&self) -> Option<String> {
        self.institution_id
            .as_deref()
            .and_then(|id| uuid::Uuid::parse_str(id).ok())
            .map(|id| id.hyphenated().to_string())
    }
}

fn institution_check(id: &str) -> Result<(), ValidationError> {
    match uuid::Uuid::parse_str(id) {
        Ok(_) => Ok(()),
        Err(_) => Err(invalid("invalid_id", "must be an institution id (a UUID)")),
    }
}

/// One page of joint centres.
pub type CentrePage = Page<CentreResponse>;

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|_| uuid::Uuid::now_v7().to_string()).collect()
    }

    #[test]
    fn host_lists_need_one_to_twenty_distinct_uuids() {
        assert!(hosts_check(&ids(1)).is_ok());
        assert!(hosts_check(&ids(20)).is_ok());
        assert_eq!(hosts_check(&[]).unwrap_err().code, "host_count");
        assert_eq!(hosts_check(&ids(21)).unwrap_err().code, "host_count");
        assert_eq!(hosts_check(&["susu".into()]).unwrap_err().code, "invalid_id");
        let one = ids(1).remove(0);
        assert_eq!(hosts_check(&[one.clone(), one.to_uppercase()]).unwrap_err().code, "duplicate_host");
        assert_eq!(canonical_ids(&[one.to_uppercase()]), [one]);
    }

    #[test]
    fn founding_dates_up_to_today_are_accepted() {
        let today = Utc::now().date_naive();
        assert!(not_in_future(&today).is_ok());
        assert!(not_in_future(&NaiveDate::from_ymd_opt(2020, 10, 15).unwrap()).is_ok());
        assert_eq!(not_in_future(&(today + chrono::Days::new(2))).unwrap_err().code, "in_future");
    }
}
