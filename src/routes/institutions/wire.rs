//! Institutions on the wire: what clients send and receive, and the checks at the edge.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::db::models::institution::{Institution, InstitutionChanges, InstitutionFields};
use crate::domain::institution::InstitutionKind;
use crate::domain::sort::NameSort;
use crate::domain::text::{query_text, single_line, tidy};
use crate::domain::{country, ror, website};
use crate::error::ApiError;
use crate::http::list_query::ListQuery;
use crate::http::patch::{nullable, required_value};
use crate::routes::page::Page;

/// Names of an organisation in the registry's three languages.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Names {
    /// English name (always present).
    #[schema(example = "Wuhan University")]
    pub en: String,
    /// Russian name.
    #[schema(example = "Уханьский университет")]
    pub ru: Option<String>,
    /// Chinese name.
    #[schema(example = "武汉大学")]
    pub zh: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01a21f73-9c00-7000-8000-000000000001",
    "names": {"en": "Wuhan University", "ru": "Уханьский университет", "zh": "武汉大学"},
    "country": "CN",
    "city": "Wuhan",
    "ror_id": "https://ror.org/033vjfk17",
    "kind": "university",
    "website": "https://en.whu.edu.cn/",
    "version": 3,
    "created_at": "2025-03-12T09:41:27Z",
    "updated_at": "2026-02-03T14:05:09Z"
}))]
pub struct InstitutionResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub names: Names,
    /// ISO 3166-1 alpha-2, upper case.
    #[schema(example = "CN")]
    pub country: String,
    pub city: Option<String>,
    /// Canonical ROR URL.
    #[schema(example = "https://ror.org/033vjfk17")]
    pub ror_id: Option<String>,
    pub kind: InstitutionKind,
    #[schema(format = "uri")]
    pub website: Option<String>,
    /// Increases by one with every change; the `ETag` is this number in quotes.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl InstitutionResponse {
    pub fn new(record: Institution) -> Result<Self, ApiError> {
        Ok(InstitutionResponse {
            kind: record.kind()?,
            id: record.id,
            names: Names { en: record.name_en, ru: record.name_ru, zh: record.name_zh },
            country: record.country,
            city: record.city,
            ror_id: record.ror_id,
            website: record.website,
            version: record.version,
            created_at: record.created_at.and_utc(),
            updated_at: record.updated_at.and_utc(),
        })
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NamesInput {
    /// 1–300 characters, one line.
    #[validate(length(max = 300), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 300, example = "Wuhan University")]
    pub en: String,
    #[validate(length(max = 300), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 300, example = "Уханьский университет")]
    pub ru: Option<String>,
    #[validate(length(max = 300), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 300, example = "武汉大学")]
    pub zh: Option<String>,
}

impl NamesInput {
    /// The English, Russian and Chinese names, tidied for storing.
    pub fn tidied(self) -> (String, Option<String>, Option<String>) {
        (tidy(self.en), self.ru.map(tidy), self.zh.map(tidy))
    }
}

/// A new institution.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "names": {"en": "Wuhan University", "ru": "Уханьский университет", "zh": "武汉大学"},
    "country": "CN",
    "city": "Wuhan",
    "ror_id": "https://ror.org/033vjfk17",
    "kind": "university",
    "website": "https://en.whu.edu.cn/"
}))]
pub struct CreateInstitution {
    #[validate(nested)]
    pub names: NamesInput,
    /// ISO 3166-1 alpha-2, upper or lower case (stored upper case).
    #[validate(custom(function = "country::check"))]
    #[schema(value_type = crate::domain::country::CountryCode)]
    pub country: String,
    #[validate(length(max = 200), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 200, example = "Wuhan")]
    pub city: Option<String>,
    /// ROR id as `0abcde123`, `ror.org/…` or `https://ror.org/…`; checksum verified.
    #[validate(custom(function = "ror::check"))]
    #[schema(value_type = Option<crate::domain::schemas::RorId>, example = "https://ror.org/033vjfk17")]
    pub ror_id: Option<String>,
    /// Checked with the other fields, so every problem is reported at once.
    pub kind: InstitutionKind,
    /// Absolute http(s) URL.
    #[validate(custom(function = "website::check"))]
    #[schema(format = "uri", max_length = 2048, example = "https://en.whu.edu.cn/")]
    pub website: Option<String>,
}

impl From<CreateInstitution> for InstitutionFields {
    fn from(input: CreateInstitution) -> Self {
        let (name_en, name_ru, name_zh) = input.names.tidied();
        InstitutionFields {
            name_en,
            name_ru,
            name_zh,
            country: country::normalise(&input.country),
            city: input.city.map(tidy),
            ror_id: input.ror_id.and_then(|r| ror::parse(&r).ok()),
            kind: input.kind,
            website: input.website,
        }
    }
}

/// Name changes: omit a name to keep it, `null` to remove `ru` or `zh`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NamesPatch {
    #[serde(default, deserialize_with = "required_value")]
    #[validate(length(max = 300), custom(function = "single_line"))]
    #[schema(value_type = String, min_length = 1, max_length = 300)]
    pub en: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(length(max = 300), custom(function = "single_line"))]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 300)]
    pub ru: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(length(max = 300), custom(function = "single_line"))]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 300)]
    pub zh: Option<Option<String>>,
}

/// The English, Russian and Chinese name changes of a patch, tidied: `None` keeps a name,
/// `Some(None)` removes it.
pub type NameChanges = (Option<String>, Option<Option<String>>, Option<Option<String>>);

impl NamesPatch {
    /// The name changes of a patch's optional `names`, tidied for storing.
    pub fn tidied(names: Option<NamesPatch>) -> NameChanges {
        match names {
            Some(names) => (names.en.map(tidy), names.ru.map(|v| v.map(tidy)), names.zh.map(|v| v.map(tidy))),
            None => (None, None, None),
        }
    }
}

/// A JSON merge patch (RFC 7396): omitted fields are kept, `null` clears an optional field.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "names": {"zh": "武汉大学"},
    "city": "Wuhan",
    "website": "https://en.whu.edu.cn/"
}))]
pub struct UpdateInstitution {
    #[serde(default, deserialize_with = "required_value")]
    #[validate(nested)]
    #[schema(value_type = NamesPatch)]
    pub names: Option<NamesPatch>,
    #[serde(default, deserialize_with = "required_value")]
    #[validate(custom(function = "country::check"))]
    #[schema(value_type = crate::domain::country::CountryCode)]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(length(max = 200), custom(function = "single_line"))]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200)]
    pub city: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(custom(function = "ror::check"))]
    #[schema(value_type = Option<crate::domain::schemas::RorId>)]
    pub ror_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = InstitutionKind)]
    pub kind: Option<InstitutionKind>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(custom(function = "website::check"))]
    #[schema(value_type = Option<String>, format = "uri", max_length = 2048)]
    pub website: Option<Option<String>>,
}

impl From<UpdateInstitution> for InstitutionChanges {
    fn from(input: UpdateInstitution) -> Self {
        let (name_en, name_ru, name_zh) = NamesPatch::tidied(input.names);
        InstitutionChanges {
            name_en,
            name_ru,
            name_zh,
            country: input.country.as_deref().map(country::normalise),
            city: input.city.map(|v| v.map(tidy)),
            ror_id: input.ror_id.map(|v| v.and_then(|r| ror::parse(&r).ok())),
            kind: input.kind,
            website: input.website,
        }
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InstitutionFilters {
    /// Matches any of the names, ignoring case, in Latin, Cyrillic and Chinese alike.
    #[validate(length(max = 200), custom(function = "query_text"))]
    #[param(max_length = 200, example = "wuhan")]
    pub q: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[validate(custom(function = "country::check"))]
    #[param(value_type = Option<crate::domain::country::CountryCode>)]
    pub country: Option<String>,
    pub kind: Option<InstitutionKind>,
    /// The institution with this ROR id, in any spelling (`033vjfk17`, `ror.org/033vjfk17`, `https://ror.org/033VJFK17`).
    #[validate(custom(function = "crate::domain::ror::check"))]
    #[param(value_type = Option<crate::domain::schemas::RorId>, example = "https://ror.org/033vjfk17")]
    pub ror: Option<String>,
}

/// The query of the list: its filters and [`Paging`](crate::http::list_query::Paging).
pub type ListInstitutionsQuery = ListQuery<InstitutionFilters, NameSort>;

/// One page of institutions.
pub type InstitutionPage = Page<InstitutionResponse>;
