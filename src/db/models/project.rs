//! Joint projects with their laboratories, subject areas and participants.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::models::history::Actor;
use crate::db::models::merge::set;
use crate::db::models::project_access::ReadScope;
use crate::db::models::search_terms;
use crate::db::models::versioned::{self, Row, Versioned};
use crate::db::schema::projects::{self, dsl};
use crate::db::schema::{
    funding_records, institutions, labs, output_projects, project_labs, project_participants, project_subjects,
};
use crate::db::{DbConn, MultiBackend, transaction};
use crate::domain::names::fold_query;
use crate::domain::project::{LabRole, ParticipantRole, ProjectStatus, Visibility};
use crate::domain::search_key;
use crate::error::{ApiError, FieldError};
use crate::text_enum;

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = projects, treat_none_as_null = true)]
pub struct Project {
    pub id: String,
    pub acronym: Option<String>,
    pub title_en: Option<String>,
    pub title_ru: Option<String>,
    pub title_zh: Option<String>,
    pub summary_en: Option<String>,
    pub summary_ru: Option<String>,
    pub summary_zh: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub status: String,
    pub visibility: String,
    pub identifiers: String,
    pub keywords: String,
    pub search_key: String,
    pub sort_key: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A text in English, Russian and Chinese, each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Texts {
    pub en: Option<String>,
    pub ru: Option<String>,
    pub zh: Option<String>,
}

impl Texts {
    fn all(&self) -> impl Iterator<Item = &str> {
        [&self.en, &self.ru, &self.zh].into_iter().flatten().map(String::as_str)
    }

    /// The texts there are, with their language tag, in the order the first is the main one:
    /// English, Russian, Chinese.
    pub fn by_language(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [("en", &self.en), ("ru", &self.ru), ("zh", &self.zh)]
            .into_iter()
            .filter_map(|(language, text)| Some((language, text.as_deref()?)))
    }
}

text_enum! {
    /// `raid`: a Research Activity Identifier; `grant`: an id in a funder's grant system.
    IdentifierScheme {
        Raid => "raid",
        Grant => "grant",
        Other => "other",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    pub scheme: IdentifierScheme,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectLab {
    pub lab_id: String,
    pub role: LabRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    pub name: String,
    pub orcid: Option<String>,
    pub role: ParticipantRole,
    pub lab_id: Option<String>,
}

/// Everything a project is described by, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectFields {
    pub titles: Texts,
    pub summaries: Texts,
    pub acronym: Option<String>,
    pub identifiers: Vec<Identifier>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub status: ProjectStatus,
    pub visibility: Visibility,
    pub subject_areas: Vec<i32>,
    pub labs: Vec<ProjectLab>,
    pub participants: Vec<Participant>,
    pub keywords: Vec<String>,
}

impl ProjectFields {
    /// The lead laboratory, when exactly one is named.
    pub fn lead_lab(&self) -> Option<&str> {
        let mut leads = self.labs.iter().filter(|l| l.role == LabRole::Lead);
        match (leads.next(), leads.next()) {
            (Some(lead), None) => Some(&lead.lab_id),
            _ => None,
        }
    }
}

/// A merge patch: `None` keeps a field; a list given replaces the whole list.
#[derive(Debug, Clone, Default)]
pub struct ProjectChanges {
    pub titles: Option<Texts>,
    pub summaries: Option<Texts>,
    pub acronym: Option<Option<String>>,
    pub identifiers: Option<Vec<Identifier>>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<Option<NaiveDate>>,
    pub status: Option<ProjectStatus>,
    pub visibility: Option<Visibility>,
    pub subject_areas: Option<Vec<i32>>,
    pub labs: Option<Vec<ProjectLab>>,
    pub participants: Option<Vec<Participant>>,
    pub keywords: Option<Vec<String>>,
}

impl ProjectChanges {
    /// The fields as they would be after the change.
    pub fn apply(self, mut fields: ProjectFields) -> ProjectFields {
        set(&mut fields.titles, self.titles);
        set(&mut fields.summaries, self.summaries);
        set(&mut fields.acronym, self.acronym);
        set(&mut fields.identifiers, self.identifiers);
        set(&mut fields.starts_on, self.starts_on);
        set(&mut fields.ends_on, self.ends_on);
        set(&mut fields.status, self.status);
        set(&mut fields.visibility, self.visibility);
        set(&mut fields.subject_areas, self.subject_areas);
        set(&mut fields.labs, self.labs);
        set(&mut fields.participants, self.participants);
        set(&mut fields.keywords, self.keywords);
        fields
    }
}

/// A laboratory of a project, with what readers need to place it.
#[derive(Debug, Clone)]
pub struct LabInProject {
    pub lab_id: String,
    pub role: LabRole,
    pub name: String,
    pub institution_id: String,
    pub country: String,
    pub centre_id: Option<String>,
    pub head_user_id: Option<String>,
}

/// project, lab, role, lab name, institution, country, centre, head.
type LabRow = (String, String, String, String, String, String, Option<String>, Option<String>);
/// project, name, ORCID, role, lab.
type ParticipantRow = (String, String, Option<String>, String, Option<String>);

/// A project with its laboratories, subject areas and participants.
#[derive(Debug, Clone)]
pub struct ProjectView {
    pub project: Project,
    pub labs: Vec<LabInProject>,
    pub subject_areas: Vec<i32>,
    pub participants: Vec<Participant>,
}

impl Project {
    pub fn status(&self) -> Result<ProjectStatus, ApiError> {
        ProjectStatus::stored(&self.status, &self.id)
    }

    pub fn visibility(&self) -> Result<Visibility, ApiError> {
        Visibility::stored(&self.visibility, &self.id)
    }

    pub fn identifiers(&self) -> Result<Vec<Identifier>, ApiError> {
        stored_json(&self.identifiers, &self.id)
    }

    pub fn keywords(&self) -> Result<Vec<String>, ApiError> {
        stored_json(&self.keywords, &self.id)
    }
}

/// A JSON list kept in a text column; one that does not read back is a damaged row.
fn stored_json<T: serde::de::DeserializeOwned>(text: &str, row_id: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::internal_message(format!("row {row_id} holds {text:?}: {e}")))
}

impl ProjectView {
    pub fn fields(&self) -> Result<ProjectFields, ApiError> {
        let p = &self.project;
        Ok(ProjectFields {
            titles: Texts { en: p.title_en.clone(), ru: p.title_ru.clone(), zh: p.title_zh.clone() },
            summaries: Texts { en: p.summary_en.clone(), ru: p.summary_ru.clone(), zh: p.summary_zh.clone() },
            acronym: p.acronym.clone(),
            identifiers: p.identifiers()?,
            starts_on: p.starts_on,
            ends_on: p.ends_on,
            status: p.status()?,
            visibility: p.visibility()?,
            subject_areas: self.subject_areas.clone(),
            labs: self.labs.iter().map(|l| ProjectLab { lab_id: l.lab_id.clone(), role: l.role }).collect(),
            participants: self.participants.clone(),
            keywords: p.keywords()?,
        })
    }
}

/// A project as it is written: its row and everything it is described by (children included).
#[derive(Debug, Clone)]
pub struct ProjectRecord {
    pub project: Project,
    pub fields: ProjectFields,
}

impl ProjectRecord {
    pub fn new(view: ProjectView) -> Result<Self, ApiError> {
        Ok(ProjectRecord { fields: view.fields()?, project: view.project })
    }

    /// Rewrites the project as `after` describes it, checked as a whole.
    pub fn rewrite(&mut self, conn: &mut DbConn, after: ProjectFields) -> Result<(), ApiError> {
        check(conn, &after)?;
        keeps_paid_labs(conn, &self.project.id, &after)?;
        let p = &self.project;
        self.project = row(p.id.clone(), &after, p.version, p.created_at, p.updated_at);
        self.fields = after;
        Ok(())
    }

    /// What refers to the project and so keeps it from being deleted.
    pub fn references(&self, conn: &mut DbConn) -> Result<Vec<FieldError>, ApiError> {
        let id = self.project.id.as_str();
        let funding: i64 =
            funding_records::table.filter(funding_records::project_id.eq(id)).count().get_result(conn)?;
        let outputs: i64 =
            output_projects::table.filter(output_projects::project_id.eq(id)).count().get_result(conn)?;
        Ok(versioned::referenced_by([
            ("funding", funding, "funding records name it"),
            ("outputs", outputs, "outputs name it"),
        ]))
    }
}

/// The titles a project is searched by across scripts: the Russian and Chinese ones. Each name
/// adds a few terms per word (two readings per polyphonic hanzi), so the English title, the
/// acronym and the keywords, Latin as a rule and found by the native fold, have none: that
/// takes a project from 39 terms to 26 on a synthetic registry.
pub fn searched_titles(ru: &Option<String>, zh: &Option<String>) -> Vec<String> {
    [ru, zh].into_iter().flatten().cloned().collect()
}

/// The refusal of a delete that [`ProjectRecord::references`] explains.
pub const STILL_REFERENCED: &str = "Other records refer to this project, so it cannot be deleted; set its status to \
                                    `cancelled` or `completed` instead.";

stored_row!(Project, projects);

impl Versioned for ProjectRecord {
    const RESOURCE: &'static str = "project";
    type Row = Project;

    fn row(&self) -> &Project {
        &self.project
    }

    fn row_mut(&mut self) -> &mut Project {
        &mut self.project
    }

    fn audit_view(&self) -> Result<serde_json::Value, ApiError> {
        serde_json::to_value(&self.fields).map_err(ApiError::internal)
    }

    fn search_names(&self) -> Option<Vec<String>> {
        Some(searched_titles(&self.fields.titles.ru, &self.fields.titles.zh))
    }

    fn search_people(&self) -> Vec<String> {
        self.fields.participants.iter().map(|person| person.name.clone()).collect()
    }

    fn insert(&self, conn: &mut DbConn) -> Result<(), ApiError> {
        self.project.insert(conn)?;
        write_children(conn, &self.project.id, &self.fields)
    }

    /// The row, and its laboratories, subject areas and participants replaced as a whole.
    fn store(&self, conn: &mut DbConn, read_version: i64) -> Result<usize, ApiError> {
        let id = self.project.id.as_str();
        let stored = self.project.store(conn, read_version)?;
        if stored > 0 {
            diesel::delete(project_labs::table.filter(project_labs::project_id.eq(id))).execute(conn)?;
            diesel::delete(project_subjects::table.filter(project_subjects::project_id.eq(id))).execute(conn)?;
            diesel::delete(project_participants::table.filter(project_participants::project_id.eq(id)))
                .execute(conn)?;
            write_children(conn, id, &self.fields)?;
        }
        Ok(stored)
    }
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub query: Option<String>,
    pub status: Option<ProjectStatus>,
    pub lab_id: Option<String>,
    pub institution_id: Option<String>,
    pub centre_id: Option<String>,
    pub country: Option<String>,
    pub funder_id: Option<String>,
    pub asjc: Option<i32>,
    pub active_on: Option<NaiveDate>,
    pub visibility: Option<Visibility>,
    /// Projects with a participant of this ORCID iD (bare, as stored).
    pub orcid: Option<String>,
    /// Records created or changed at or after this instant (UTC).
    pub updated_since: Option<NaiveDateTime>,
}

/// Where a page starts: after this row of the chosen order.
#[derive(Debug, Clone)]
pub enum After {
    Title(String, String),
    TitleDescending(String, String),
    StartsOn(NaiveDate, String),
    StartsOnDescending(NaiveDate, String),
    Created(String),
    CreatedDescending(String),
}

/// The order of a list; `After` carries the same choice with a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Title,
    TitleDescending,
    StartsOn,
    StartsOnDescending,
    Created,
    CreatedDescending,
}

impl Project {
    pub fn find(conn: &mut DbConn, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::projects.find(id).first(conn)?)
    }

    /// The project, if `scope` may read it; otherwise "not found", exactly as if it did not exist.
    pub fn find_visible(conn: &mut DbConn, scope: &ReadScope, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::projects.into_boxed().filter(dsl::id.eq(id.to_owned())).filter(scope.condition()).first(conn)?)
    }

    pub fn view(conn: &mut DbConn, project: Project) -> Result<ProjectView, ApiError> {
        Ok(Self::views(conn, vec![project])?.remove(0))
    }

    /// Many projects with their laboratories, subject areas and participants: three queries,
    /// whatever their number.
    pub fn views(conn: &mut DbConn, projects: Vec<Project>) -> Result<Vec<ProjectView>, ApiError> {
        let ids: Vec<&str> = projects.iter().map(|p| p.id.as_str()).collect();
        let mut labs_of: HashMap<String, Vec<LabInProject>> = HashMap::new();
        let rows: Vec<LabRow> = project_labs::table
            .inner_join(labs::table.inner_join(institutions::table))
            .filter(project_labs::project_id.eq_any(&ids))
            .order((project_labs::project_id, project_labs::role, labs::sort_key, labs::id))
            .select((
                project_labs::project_id,
                project_labs::lab_id,
                project_labs::role,
                labs::name_en,
                labs::institution_id,
                institutions::country,
                labs::centre_id,
                labs::head_user_id,
            ))
            .load(conn)?;
        for (project_id, lab_id, role, name, institution_id, country, centre_id, head_user_id) in rows {
            let role = LabRole::stored(&role, &format!("{project_id}/{lab_id}"))?;
            labs_of.entry(project_id).or_default().push(LabInProject {
                lab_id,
                role,
                name,
                institution_id,
                country,
                centre_id,
                head_user_id,
            });
        }
        let mut subjects_of: HashMap<String, Vec<i32>> = HashMap::new();
        let rows: Vec<(String, i32)> = project_subjects::table
            .filter(project_subjects::project_id.eq_any(&ids))
            .order((project_subjects::project_id, project_subjects::asjc_code))
            .select((project_subjects::project_id, project_subjects::asjc_code))
            .load(conn)?;
        for (project_id, code) in rows {
            subjects_of.entry(project_id).or_default().push(code);
        }
        let mut people_of: HashMap<String, Vec<Participant>> = HashMap::new();
        let rows: Vec<ParticipantRow> = project_participants::table
            .filter(project_participants::project_id.eq_any(&ids))
            .order((project_participants::project_id, project_participants::position))
            .select((
                project_participants::project_id,
                project_participants::name,
                project_participants::orcid,
                project_participants::role,
                project_participants::lab_id,
            ))
            .load(conn)?;
        for (project_id, name, orcid, role, lab_id) in rows {
            let role = ParticipantRole::stored(&role, &project_id)?;
            people_of.entry(project_id).or_default().push(Participant { name, orcid, role, lab_id });
        }
        Ok(projects
            .into_iter()
            .map(|project| ProjectView {
                labs: labs_of.remove(&project.id).unwrap_or_default(),
                subject_areas: subjects_of.remove(&project.id).unwrap_or_default(),
                participants: people_of.remove(&project.id).unwrap_or_default(),
                project,
            })
            .collect())
    }

    pub fn insert(conn: &mut DbConn, fields: ProjectFields, actor: &Actor) -> Result<Self, ApiError> {
        transaction::write(conn, |conn| {
            check(conn, &fields)?;
            let now = super::now();
            let project = row(super::new_id(), &fields, 1, now, now);
            Ok(versioned::create(conn, actor, ProjectRecord { project, fields })?.project)
        })
    }

    /// One page in `order` after `after`, and the total: two queries. Only rows `scope` may
    /// read are counted or returned.
    pub fn list(
        conn: &mut DbConn,
        scope: &ReadScope,
        filter: &ListFilter,
        order: Order,
        after: Option<After>,
        limit: i64,
    ) -> Result<(Vec<Self>, i64), ApiError> {
        let total: i64 = Self::count_query(scope, filter).get_result(conn)?;
        Ok((Self::page_query(scope, filter, order, after, limit).load(conn)?, total))
    }

    /// The count `list` runs.
    pub fn count_query(
        scope: &ReadScope,
        filter: &ListFilter,
    ) -> projects::BoxedQuery<'static, MultiBackend, diesel::sql_types::BigInt> {
        filtered(scope, filter).count()
    }

    /// The page `list` runs.
    pub fn page_query(
        scope: &ReadScope,
        filter: &ListFilter,
        order: Order,
        after: Option<After>,
        limit: i64,
    ) -> projects::BoxedQuery<'static, MultiBackend> {
        let mut query = filtered(scope, filter);
        if let Some(after) = after {
            query = match after {
                After::Title(key, id) => query.filter(keyset_after!(dsl::sort_key, key, dsl::id, id)),
                After::TitleDescending(key, id) => query.filter(keyset_before!(dsl::sort_key, key, dsl::id, id)),
                After::StartsOn(day, id) => query.filter(keyset_after!(dsl::starts_on, day, dsl::id, id)),
                After::StartsOnDescending(day, id) => query.filter(keyset_before!(dsl::starts_on, day, dsl::id, id)),
                After::Created(id) => query.filter(dsl::id.gt(id)),
                After::CreatedDescending(id) => query.filter(dsl::id.lt(id)),
            };
        }
        query = match order {
            Order::Title => query.order((dsl::sort_key.asc(), dsl::id.asc())),
            Order::TitleDescending => query.order((dsl::sort_key.desc(), dsl::id.desc())),
            Order::StartsOn => query.order((dsl::starts_on.asc(), dsl::id.asc())),
            Order::StartsOnDescending => query.order((dsl::starts_on.desc(), dsl::id.desc())),
            Order::Created => query.order(dsl::id.asc()),
            Order::CreatedDescending => query.order(dsl::id.desc()),
        };
        query.limit(limit)
    }
}

/// The stored row for `fields`, with its search and sort keys.
fn row(id: String, fields: &ProjectFields, version: i64, created_at: NaiveDateTime, now: NaiveDateTime) -> Project {
    let keywords = fields.keywords.iter().map(String::as_str);
    let searchable = fields.titles.all().chain(fields.summaries.all()).chain(keywords).chain(fields.acronym.as_deref());
    let title = fields.titles.all().next().unwrap_or_default();
    Project {
        id,
        acronym: fields.acronym.clone(),
        title_en: fields.titles.en.clone(),
        title_ru: fields.titles.ru.clone(),
        title_zh: fields.titles.zh.clone(),
        summary_en: fields.summaries.en.clone(),
        summary_ru: fields.summaries.ru.clone(),
        summary_zh: fields.summaries.zh.clone(),
        starts_on: fields.starts_on,
        ends_on: fields.ends_on,
        status: fields.status.as_str().to_owned(),
        visibility: fields.visibility.as_str().to_owned(),
        identifiers: serde_json::to_string(&fields.identifiers).unwrap_or_else(|_| "[]".into()),
        keywords: serde_json::to_string(&fields.keywords).unwrap_or_else(|_| "[]".into()),
        search_key: search_key::for_names(searchable),
        sort_key: search_key::normalise(title),
        version,
        created_at,
        updated_at: now,
    }
}

fn write_children(conn: &mut DbConn, id: &str, fields: &ProjectFields) -> Result<(), ApiError> {
    // One row per statement: diesel's multi-backend connection has no batch insert, and the
    // lists are short (bounded by validation).
    for lab in &fields.labs {
        diesel::insert_into(project_labs::table)
            .values((
                project_labs::project_id.eq(id),
                project_labs::lab_id.eq(&lab.lab_id),
                project_labs::role.eq(lab.role.as_str()),
            ))
            .execute(conn)?;
    }
    for code in &fields.subject_areas {
        diesel::insert_into(project_subjects::table)
            .values((project_subjects::project_id.eq(id), project_subjects::asjc_code.eq(*code)))
            .execute(conn)?;
    }
    for (position, person) in (0..).zip(&fields.participants) {
        diesel::insert_into(project_participants::table)
            .values((
                project_participants::id.eq(super::new_id()),
                project_participants::project_id.eq(id),
                project_participants::position.eq::<i32>(position),
                project_participants::name.eq(&person.name),
                project_participants::orcid.eq(&person.orcid),
                project_participants::role.eq(person.role.as_str()),
                project_participants::lab_id.eq(&person.lab_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The rules that span fields or need the database; every problem is reported at once.
fn check(conn: &mut DbConn, fields: &ProjectFields) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if fields.titles.all().next().is_none() {
        errors.push(FieldError::new("titles", "required", "needs at least one of en, ru, zh"));
    }
    if fields.ends_on.is_some_and(|end| end < fields.starts_on) {
        errors.push(FieldError::new("ends_on", "before_start", "must not be before starts_on"));
    }
    let leads = fields.labs.iter().filter(|l| l.role == LabRole::Lead).count();
    if leads != 1 {
        errors.push(FieldError::new("labs", "one_lead", format!("needs exactly one lab with role lead, not {leads}")));
    }
    let mut seen = HashSet::new();
    for (index, lab) in fields.labs.iter().enumerate() {
        if !seen.insert(lab.lab_id.as_str()) {
            errors.push(FieldError::new(format!("labs[{index}].lab_id"), "duplicate", "names a laboratory twice"));
        }
    }
    let ids: Vec<&str> = fields.labs.iter().map(|l| l.lab_id.as_str()).collect();
    let known: HashSet<String> =
        labs::table.filter(labs::id.eq_any(&ids)).select(labs::id).load::<String>(conn)?.into_iter().collect();
    for (index, lab) in fields.labs.iter().enumerate() {
        if !known.contains(&lab.lab_id) {
            errors.push(FieldError::new(format!("labs[{index}].lab_id"), "unknown_lab", "names no laboratory"));
        }
    }
    for (index, person) in fields.participants.iter().enumerate() {
        if person.lab_id.as_deref().is_some_and(|lab| !seen.contains(lab)) {
            errors.push(FieldError::new(
                format!("participants[{index}].lab_id"),
                "not_in_project",
                "must be one of the project's laboratories",
            ));
        }
    }
    let mut codes = HashSet::new();
    for (index, code) in fields.subject_areas.iter().enumerate() {
        if !codes.insert(code) {
            errors.push(FieldError::new(format!("subject_areas[{index}]"), "duplicate", "names a subject area twice"));
        }
    }
    let mut schemes = HashSet::new();
    for (index, identifier) in fields.identifiers.iter().enumerate() {
        if !schemes.insert((identifier.scheme, identifier.value.as_str())) {
            errors.push(FieldError::new(format!("identifiers[{index}]"), "duplicate", "is given twice"));
        }
    }
    errors.sort_by(|a, b| a.field.cmp(&b.field));
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// A laboratory that funding of the project pays stays in the project: its awards would
/// otherwise fund a side that is not there.
fn keeps_paid_labs(conn: &mut DbConn, id: &str, fields: &ProjectFields) -> Result<(), ApiError> {
    let kept: Vec<&str> = fields.labs.iter().map(|l| l.lab_id.as_str()).collect();
    let paid: Vec<Option<String>> = funding_records::table
        .filter(funding_records::project_id.eq(id))
        .filter(funding_records::lab_id.is_not_null())
        .filter(funding_records::lab_id.ne_all(&kept))
        .select(funding_records::lab_id)
        .distinct()
        .load(conn)?;
    match paid.into_iter().flatten().next() {
        None => Ok(()),
        Some(lab) => Err(ApiError::field(
            "labs",
            "lab_has_funding",
            format!("must keep laboratory {lab}: funding records of this project pay it (change them first)"),
        )),
    }
}

fn filtered(scope: &ReadScope, filter: &ListFilter) -> projects::BoxedQuery<'static, MultiBackend> {
    let mut query = dsl::projects.into_boxed().filter(scope.condition());
    if let Some(text) = &filter.query {
        // The native fold anywhere, or a cross-script reading of a title or a participant as an
        // indexed term prefix; either way within the scope above.
        let native = dsl::search_key.like(search_key::contains_pattern(text)).escape('\\');
        query = match search_terms::matching("projects", "project", &fold_query(text)) {
            Some(terms) => query.filter(native.or(terms)),
            None => query.filter(native),
        };
    }
    if let Some(status) = filter.status {
        query = query.filter(dsl::status.eq(status.as_str()));
    }
    if let Some(visibility) = filter.visibility {
        query = query.filter(dsl::visibility.eq(visibility.as_str()));
    }
    if let Some(day) = filter.active_on {
        query = query.filter(dsl::starts_on.le(day)).filter(dsl::ends_on.is_null().or(dsl::ends_on.ge(day)));
    }
    if let Some(lab) = &filter.lab_id {
        let with_lab =
            project_labs::table.filter(project_labs::lab_id.eq(lab.clone())).select(project_labs::project_id);
        query = query.filter(dsl::id.eq_any(with_lab));
    }
    if let Some(institution) = &filter.institution_id {
        let their_labs = labs::table.filter(labs::institution_id.eq(institution.clone())).select(labs::id);
        let with_labs =
            project_labs::table.filter(project_labs::lab_id.eq_any(their_labs)).select(project_labs::project_id);
        query = query.filter(dsl::id.eq_any(with_labs));
    }
    if let Some(centre) = &filter.centre_id {
        let their_labs = labs::table.filter(labs::centre_id.eq(centre.clone())).select(labs::id);
        let with_labs =
            project_labs::table.filter(project_labs::lab_id.eq_any(their_labs)).select(project_labs::project_id);
        query = query.filter(dsl::id.eq_any(with_labs));
    }
    if let Some(country) = &filter.country {
        let in_country = institutions::table.filter(institutions::country.eq(country.clone())).select(institutions::id);
        let their_labs = labs::table.filter(labs::institution_id.eq_any(in_country)).select(labs::id);
        let with_labs =
            project_labs::table.filter(project_labs::lab_id.eq_any(their_labs)).select(project_labs::project_id);
        query = query.filter(dsl::id.eq_any(with_labs));
    }
    if let Some(funder) = &filter.funder_id {
        let funded = funding_records::table
            .filter(funding_records::funder_id.eq(funder.clone()))
            .select(funding_records::project_id);
        query = query.filter(dsl::id.eq_any(funded));
    }
    if let Some(code) = filter.asjc {
        let in_area =
            project_subjects::table.filter(project_subjects::asjc_code.eq(code)).select(project_subjects::project_id);
        query = query.filter(dsl::id.eq_any(in_area));
    }
    if let Some(orcid) = &filter.orcid {
        let with_person = project_participants::table
            .filter(project_participants::orcid.eq(orcid.clone()))
            .select(project_participants::project_id);
        query = query.filter(dsl::id.eq_any(with_person));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(dsl::updated_at.ge(since));
    }
    query
}
