//! Projects on the wire: what clients send and receive, and the checks at the edge.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

use crate::db::models::project::{
    Identifier, IdentifierScheme, Participant, ProjectChanges, ProjectFields, ProjectLab, ProjectView, Texts,
};
use crate::domain::asjc;
use crate::domain::project::{LabRole, ParticipantRole, ProjectStatus, Visibility};
use crate::domain::text::{multi_line, query_text, single_line, tidy};
use crate::domain::{country, orcid};
use crate::error::ApiError;
use crate::http::list_query::{ListQuery, SortOrder};
use crate::http::patch::{nullable, required_value};
use crate::routes::page::Page;

/// A text in the registry's three languages; at least one is given.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"en": "Systemic pathology of inflammation", "ru": "Системная патология воспаления", "zh": "炎症的系统病理学"}))]
pub struct Titles {
    #[validate(length(max = 500), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 500)]
    pub en: Option<String>,
    #[validate(length(max = 500), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 500)]
    pub ru: Option<String>,
    #[validate(length(max = 500), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 500)]
    pub zh: Option<String>,
}

/// Summaries in the registry's three languages, each optional.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"en": "Mirror laboratories in Chelyabinsk and Wuhan study chronic inflammation.", "zh": "车里雅宾斯克和武汉的镜像实验室研究慢性炎症。"}))]
pub struct Summaries {
    #[validate(length(max = 10000), custom(function = "multi_line"))]
    #[schema(min_length = 1, max_length = 10000)]
    pub en: Option<String>,
    #[validate(length(max = 10000), custom(function = "multi_line"))]
    #[schema(min_length = 1, max_length = 10000)]
    pub ru: Option<String>,
    #[validate(length(max = 10000), custom(function = "multi_line"))]
    #[schema(min_length = 1, max_length = 10000)]
    pub zh: Option<String>,
}

impl Titles {
    fn into_texts(self) -> Texts {
        Texts { en: self.en.map(tidy), ru: self.ru.map(tidy), zh: self.zh.map(tidy) }
    }
}

impl Summaries {
    fn into_texts(self) -> Texts {
        Texts { en: self.en.map(tidy), ru: self.ru.map(tidy), zh: self.zh.map(tidy) }
    }
}

/// An external identifier of the project.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentifierInput {
    /// `raid` (a Research Activity Identifier), `grant` (an id in a funder's grant system) or `other`.
    pub scheme: IdentifierScheme,
    #[validate(length(max = 255), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 255, example = "https://raid.org/10.80368/b1adfb3a")]
    pub value: String,
}

/// A laboratory taking part in the project.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectLabInput {
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[schema(format = Uuid)]
    pub lab_id: String,
    pub role: LabRole,
}

/// A person working on the project.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantInput {
    #[validate(length(max = 300), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 300, example = "Ирина Петрова")]
    pub name: String,
    /// `0000-0002-1825-0097` or `https://orcid.org/…`; the check digit is verified.
    #[validate(custom(function = "orcid::check"))]
    #[schema(value_type = Option<crate::domain::schemas::Orcid>, example = "0000-0002-1825-0097")]
    pub orcid: Option<String>,
    pub role: ParticipantRole,
    /// The participant's laboratory: one of the project's laboratories.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[schema(format = Uuid)]
    pub lab_id: Option<String>,
}

fn asjc_codes(codes: &[i32]) -> Result<(), ValidationError> {
    match codes.iter().find(|code| asjc::find(**code).is_none()) {
        Some(code) => Err(ValidationError::new("unknown_asjc_code")
            .with_message(Cow::Owned(format!("{code} is not an ASJC code (GET /api/v1/subject-areas lists them)")))),
        None => Ok(()),
    }
}

fn some_title(titles: &Titles) -> Result<(), ValidationError> {
    if titles.en.is_none() && titles.ru.is_none() && titles.zh.is_none() {
        return Err(ValidationError::new("required").with_message(Cow::Borrowed("needs at least one of en, ru, zh")));
    }
    Ok(())
}

fn keyword_list(words: &[String]) -> Result<(), ValidationError> {
    for word in words {
        single_line(word)?;
        if word.chars().count() > 100 {
            return Err(
                ValidationError::new("length").with_message(Cow::Borrowed("each keyword has at most 100 characters"))
            );
        }
    }
    Ok(())
}

/// The project of the examples: the fields a client sends and reads back alike.
fn project_fields() -> serde_json::Value {
    serde_json::json!({
        "titles": {
            "en": "Systemic pathology of inflammation",
            "ru": "Системная патология воспаления",
            "zh": "炎症的系统病理学"
        },
        "summaries": {
            "en": "Mirror laboratories in Chelyabinsk and Wuhan study chronic inflammation.",
            "ru": "Зеркальные лаборатории в Челябинске и Ухане изучают хроническое воспаление.",
            "zh": "车里雅宾斯克和武汉的镜像实验室研究慢性炎症。"
        },
        "acronym": "SYSPATH",
        "identifiers": [{"scheme": "raid", "value": "https://raid.org/10.80368/b1adfb3a"}],
        "starts_on": "2021-03-01",
        "ends_on": "2026-12-31",
        "status": "active",
        "visibility": "partners",
        "keywords": ["inflammation", "воспаление", "炎症"]
    })
}

/// `base` with the fields of `more` added.
fn with_fields(mut base: serde_json::Value, more: serde_json::Value) -> serde_json::Value {
    if let (Some(fields), serde_json::Value::Object(more)) = (base.as_object_mut(), more) {
        fields.extend(more);
    }
    base
}

/// The example of [`CreateProject`]: the project of [`project_fields`], as sent.
fn create_project_example() -> serde_json::Value {
    with_fields(
        project_fields(),
        serde_json::json!({
            "subject_areas": [2403, 2734],
            "labs": [
                {"lab_id": "01a21f73-9c00-7000-8000-000000000301", "role": "lead"},
                {"lab_id": "01a21f73-9c00-7000-8000-000000000302", "role": "partner"}
            ],
            "participants": [
                {
                    "name": "Ирина Петрова",
                    "orcid": "0000-0002-1825-0097",
                    "role": "principal_investigator",
                    "lab_id": "01a21f73-9c00-7000-8000-000000000301"
                },
                {"name": "Li Wei", "role": "co_investigator", "lab_id": "01a21f73-9c00-7000-8000-000000000302"}
            ]
        }),
    )
}

/// A new project. A lab head must name a laboratory they head as `lead`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = create_project_example)]
pub struct CreateProject {
    /// At least one of `en`, `ru`, `zh`.
    #[validate(nested, custom(function = "some_title"))]
    pub titles: Titles,
    #[validate(nested)]
    pub summaries: Option<Summaries>,
    #[validate(length(max = 50), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 50, example = "SYSPATH")]
    pub acronym: Option<String>,
    #[validate(length(max = 20), nested)]
    #[serde(default)]
    #[schema(max_items = 20)]
    pub identifiers: Vec<IdentifierInput>,
    pub starts_on: NaiveDate,
    /// Absent while the project has no planned end.
    pub ends_on: Option<NaiveDate>,
    /// `planned` when absent.
    pub status: Option<ProjectStatus>,
    /// ASJC codes (`GET /api/v1/subject-areas`).
    #[validate(length(max = 20), custom(function = "asjc_codes"))]
    #[serde(default)]
    #[schema(value_type = Vec<crate::domain::schemas::AsjcCode>, max_items = 20, example = json!([2734, 1300]))]
    pub subject_areas: Vec<i32>,
    /// Exactly one `lead`, any number of `partner`s.
    #[validate(length(min = 1, max = 50), nested)]
    #[schema(min_items = 1, max_items = 50)]
    pub labs: Vec<ProjectLabInput>,
    #[validate(length(max = 500), nested)]
    #[serde(default)]
    #[schema(max_items = 500)]
    pub participants: Vec<ParticipantInput>,
    /// `restricted` when absent: nothing is shown wider than its owners chose.
    pub visibility: Option<Visibility>,
    #[validate(length(max = 30), custom(function = "keyword_list"))]
    #[serde(default)]
    #[schema(value_type = Vec<crate::domain::schemas::Keyword>, max_items = 30, example = json!(["inflammation", "воспаление", "炎症"]))]
    pub keywords: Vec<String>,
}

impl From<CreateProject> for ProjectFields {
    fn from(input: CreateProject) -> Self {
        ProjectFields {
            titles: input.titles.into_texts(),
            summaries: input.summaries.map(Summaries::into_texts).unwrap_or_default(),
            acronym: input.acronym.map(tidy),
            identifiers: input.identifiers.into_iter().map(identifier).collect(),
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            status: input.status.unwrap_or(ProjectStatus::Planned),
            visibility: input.visibility.unwrap_or(Visibility::Restricted),
            subject_areas: input.subject_areas,
            labs: input.labs.into_iter().map(lab).collect(),
            participants: input.participants.into_iter().map(participant).collect(),
            keywords: input.keywords.into_iter().map(tidy).collect(),
        }
    }
}

fn identifier(input: IdentifierInput) -> Identifier {
    Identifier { scheme: input.scheme, value: tidy(input.value) }
}

fn lab(input: ProjectLabInput) -> ProjectLab {
    ProjectLab { lab_id: input.lab_id, role: input.role }
}

fn participant(input: ParticipantInput) -> Participant {
    Participant {
        name: tidy(input.name),
        orcid: input.orcid.and_then(|o| orcid::parse(&o).ok()),
        role: input.role,
        lab_id: input.lab_id,
    }
}

/// A JSON merge patch (RFC 7396): omitted fields are kept, `null` clears an optional one, and a
/// list given replaces the whole list.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "ends_on": "2027-06-30",
    "keywords": ["inflammation", "fibrosis", "воспаление", "炎症"]
}))]
pub struct UpdateProject {
    /// Replaces all titles; at least one remains.
    #[serde(default, deserialize_with = "required_value")]
    #[validate(nested, custom(function = "some_title"))]
    #[schema(value_type = Titles)]
    pub titles: Option<Titles>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(nested)]
    #[schema(value_type = Option<Summaries>)]
    pub summaries: Option<Option<Summaries>>,
    #[serde(default, deserialize_with = "nullable")]
    #[validate(length(max = 50), custom(function = "single_line"))]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 50)]
    pub acronym: Option<Option<String>>,
    #[serde(default, deserialize_with = "required_value")]
    #[validate(length(max = 20), nested)]
    #[schema(value_type = Vec<IdentifierInput>, max_items = 20)]
    pub identifiers: Option<Vec<IdentifierInput>>,
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = NaiveDate)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub ends_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = ProjectStatus)]
    pub status: Option<ProjectStatus>,
    #[serde(default, deserialize_with = "required_value")]
    #[validate(length(max = 20), custom(function = "asjc_codes"))]
    #[schema(value_type = Vec<crate::domain::schemas::AsjcCode>, max_items = 20)]
    pub subject_areas: Option<Vec<i32>>,
    #[serde(default, deserialize_with = "required_value")]
    #[validate(length(min = 1, max = 50), nested)]
    #[schema(value_type = Vec<ProjectLabInput>, min_items = 1, max_items = 50)]
    pub labs: Option<Vec<ProjectLabInput>>,
    #[serde(default, deserialize_with = "required_value")]
    #[validate(length(max = 500), nested)]
    #[schema(value_type = Vec<ParticipantInput>, max_items = 500)]
    pub participants: Option<Vec<ParticipantInput>>,
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = Visibility)]
    pub visibility: Option<Visibility>,
    #[serde(default, deserialize_with = "required_value")]
    #[validate(length(max = 30), custom(function = "keyword_list"))]
    #[schema(value_type = Vec<crate::domain::schemas::Keyword>, max_items = 30)]
    pub keywords: Option<Vec<String>>,
}

impl From<UpdateProject> for ProjectChanges {
    fn from(input: UpdateProject) -> Self {
        ProjectChanges {
            titles: input.titles.map(Titles::into_texts),
            summaries: input.summaries.map(|s| s.map(Summaries::into_texts).unwrap_or_default()),
            acronym: input.acronym.map(|a| a.map(tidy)),
            identifiers: input.identifiers.map(|list| list.into_iter().map(identifier).collect()),
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            status: input.status,
            visibility: input.visibility,
            subject_areas: input.subject_areas,
            labs: input.labs.map(|list| list.into_iter().map(lab).collect()),
            participants: input.participants.map(|list| list.into_iter().map(participant).collect()),
            keywords: input.keywords.map(|list| list.into_iter().map(tidy).collect()),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectAreaResponse {
    #[schema(example = 2734)]
    pub code: i32,
    #[schema(example = "Pathology and Forensic Medicine")]
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectLabResponse {
    #[schema(format = Uuid)]
    pub lab_id: String,
    pub role: LabRole,
    /// The laboratory's English name.
    #[schema(example = "Laboratory of Immunopathology")]
    pub name: String,
    #[schema(format = Uuid)]
    pub institution_id: String,
    /// The country of the laboratory's institution: the side it stands on.
    #[schema(example = "RU")]
    pub country: String,
    #[schema(format = Uuid)]
    pub centre_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantResponse {
    #[schema(example = "Ирина Петрова")]
    pub name: String,
    #[schema(example = "0000-0002-1825-0097")]
    pub orcid: Option<String>,
    pub role: ParticipantRole,
    #[schema(format = Uuid)]
    pub lab_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IdentifierResponse {
    pub scheme: IdentifierScheme,
    #[schema(example = "https://raid.org/10.80368/b1adfb3a")]
    pub value: String,
}

/// The example of [`ProjectResponse`], and the first item of [`ProjectPage`]'s.
fn project_example() -> serde_json::Value {
    with_fields(
        project_fields(),
        serde_json::json!({
            "id": "01a21f73-9c00-7000-8000-000000000701",
            "subject_areas": [
                {"code": 2403, "name": "Immunology"},
                {"code": 2734, "name": "Pathology and Forensic Medicine"}
            ],
            "labs": [
                {
                    "lab_id": "01a21f73-9c00-7000-8000-000000000301",
                    "role": "lead",
                    "name": "Laboratory of Immunopathology",
                    "institution_id": "01a21f73-9c00-7000-8000-000000000002",
                    "country": "RU",
                    "centre_id": "01a21f73-9c00-7000-8000-000000000201"
                },
                {
                    "lab_id": "01a21f73-9c00-7000-8000-000000000302",
                    "role": "partner",
                    "name": "Laboratory of Inflammation Biology",
                    "institution_id": "01a21f73-9c00-7000-8000-000000000001",
                    "country": "CN",
                    "centre_id": "01a21f73-9c00-7000-8000-000000000201"
                }
            ],
            "countries": ["CN", "RU"],
            "participants": [
                {
                    "name": "Ирина Петрова",
                    "orcid": "0000-0002-1825-0097",
                    "role": "principal_investigator",
                    "lab_id": "01a21f73-9c00-7000-8000-000000000301"
                },
                {
                    "name": "Li Wei",
                    "orcid": null,
                    "role": "co_investigator",
                    "lab_id": "01a21f73-9c00-7000-8000-000000000302"
                }
            ],
            "version": 3,
            "created_at": "2025-03-12T09:41:27Z",
            "updated_at": "2026-02-03T14:05:09Z"
        }),
    )
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = project_example)]
pub struct ProjectResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub titles: Titles,
    pub summaries: Summaries,
    #[schema(example = "SYSPATH")]
    pub acronym: Option<String>,
    pub identifiers: Vec<IdentifierResponse>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub status: ProjectStatus,
    pub visibility: Visibility,
    pub subject_areas: Vec<SubjectAreaResponse>,
    pub labs: Vec<ProjectLabResponse>,
    /// The countries of its laboratories, sorted: a project with `RU` and `CN` is joint.
    #[schema(example = json!(["CN", "RU"]))]
    pub countries: Vec<String>,
    pub participants: Vec<ParticipantResponse>,
    pub keywords: Vec<String>,
    /// Increases by one with every change; the `ETag` is this number in quotes.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ProjectResponse {
    pub fn new(view: ProjectView) -> Result<Self, ApiError> {
        let fields = view.fields()?;
        let mut countries: Vec<String> = view.labs.iter().map(|l| l.country.clone()).collect();
        countries.sort();
        countries.dedup();
        let project = view.project;
        Ok(ProjectResponse {
            id: project.id,
            titles: Titles { en: fields.titles.en, ru: fields.titles.ru, zh: fields.titles.zh },
            summaries: Summaries { en: fields.summaries.en, ru: fields.summaries.ru, zh: fields.summaries.zh },
            acronym: fields.acronym,
            identifiers: fields
                .identifiers
                .into_iter()
                .map(|i| IdentifierResponse { scheme: i.scheme, value: i.value })
                .collect(),
            starts_on: fields.starts_on,
            ends_on: fields.ends_on,
            status: fields.status,
            visibility: fields.visibility,
            subject_areas: fields
                .subject_areas
                .into_iter()
                .map(|code| SubjectAreaResponse {
                    code,
                    name: asjc::find(code).map(|a| a.name.to_owned()).unwrap_or_default(),
                })
                .collect(),
            labs: view
                .labs
                .into_iter()
                .map(|l| ProjectLabResponse {
                    lab_id: l.lab_id,
                    role: l.role,
                    name: l.name,
                    institution_id: l.institution_id,
                    country: l.country,
                    centre_id: l.centre_id,
                })
                .collect(),
            countries,
            participants: fields
                .participants
                .into_iter()
                .map(|p| ParticipantResponse { name: p.name, orcid: p.orcid, role: p.role, lab_id: p.lab_id })
                .collect(),
            keywords: fields.keywords,
            version: project.version,
            created_at: project.created_at.and_utc(),
            updated_at: project.updated_at.and_utc(),
        })
    }
}

/// The orders a project list can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
pub enum ProjectSort {
    /// By title (English, else Russian, else Chinese), A→Z.
    #[default]
    #[serde(rename = "title")]
    Title,
    #[serde(rename = "-title")]
    TitleDescending,
    /// By start date, earliest first.
    #[serde(rename = "starts_on")]
    StartsOn,
    #[serde(rename = "-starts_on")]
    StartsOnDescending,
    #[serde(rename = "created")]
    Created,
    #[serde(rename = "-created")]
    CreatedDescending,
}

impl SortOrder for ProjectSort {
    const EXAMPLE_KEY: &'static str = "systemic pathology of inflammation";

    fn as_param(self) -> &'static str {
        self.as_str()
    }
}

impl ProjectSort {
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectSort::Title => "title",
            ProjectSort::TitleDescending => "-title",
            ProjectSort::StartsOn => "starts_on",
            ProjectSort::StartsOnDescending => "-starts_on",
            ProjectSort::Created => "created",
            ProjectSort::CreatedDescending => "-created",
        }
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProjectFilters {
    /// Matches titles, summaries, keywords and the acronym, ignoring case, in Latin, Cyrillic and
    /// Chinese alike.
    #[validate(length(max = 200), custom(function = "query_text"))]
    #[param(max_length = 200, example = "воспаление")]
    pub q: Option<String>,
    pub status: Option<ProjectStatus>,
    /// Projects this laboratory takes part in.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid)]
    #[param(example = "01a21f73-9c00-7000-8000-000000000301")]
    pub lab_id: Option<String>,
    /// Projects a laboratory of this institution takes part in.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid)]
    #[param(example = "01a21f73-9c00-7000-8000-000000000002")]
    pub institution_id: Option<String>,
    /// Projects a laboratory of this joint centre takes part in.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid)]
    #[param(example = "01a21f73-9c00-7000-8000-000000000201")]
    pub centre_id: Option<String>,
    /// Projects with a laboratory in this country (ISO 3166-1 alpha-2).
    #[validate(custom(function = "country::check"))]
    #[param(value_type = Option<crate::domain::country::CountryCode>)]
    pub country: Option<String>,
    /// Projects with funding from this funder.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid)]
    #[param(example = "01a21f73-9c00-7000-8000-000000000101")]
    pub funder_id: Option<String>,
    /// Projects with this ASJC subject area.
    #[validate(range(min = 1000, max = 3699))]
    #[param(minimum = 1000, maximum = 3699, example = 2734)]
    pub asjc: Option<i32>,
    /// Projects running on this day (started, and not yet ended).
    #[param(example = "2024-06-01")]
    pub active_on: Option<NaiveDate>,
    pub visibility: Option<Visibility>,
    /// Projects with a participant of this ORCID iD, in any spelling (`0000-…`, `https://orcid.org/0000-…`).
    #[validate(custom(function = "crate::domain::orcid::check"))]
    #[param(value_type = Option<crate::domain::schemas::Orcid>, example = "0000-0002-1825-0097")]
    pub orcid: Option<String>,
}

/// The query of the list: its filters and [`Paging`](crate::http::list_query::Paging).
pub type ListProjectsQuery = ListQuery<ProjectFilters, ProjectSort>;

/// One page of projects.
pub type ProjectPage = Page<ProjectResponse>;
