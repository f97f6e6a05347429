//! What projects produced — articles, patents, datasets, agreements — with the projects and the
//! funding they came from.
//!
//! An output is readable through any of its projects, so every read takes the caller's
//! `ReadScope`: the output itself, and the project and funding ids shown beside it, are limited
//! to what the caller may read.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde_json::{Value, json};

use crate::db::models::history::Actor;
use crate::db::models::merge::set;
use crate::db::models::project_access::ReadScope;
use crate::db::models::versioned::{self, Row, Versioned};
use crate::db::schema::outputs::{self, dsl};
use crate::db::schema::{funding_records, output_funding, output_projects, projects};
use crate::db::{DbConn, MultiBackend};
use crate::domain::country::{CHINA, RUSSIA};
use crate::domain::project::OutputKind;
use crate::domain::search_key;
use crate::error::{ApiError, FieldError};

#[derive(Debug, Clone, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = outputs, treat_none_as_null = true)]
pub struct Output {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub doi: Option<String>,
    pub year: i32,
    pub venue: Option<String>,
    pub url: Option<String>,
    pub author_countries: String,
    pub ru_cn: bool,
    pub search_key: String,
    pub sort_key: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Output {
    pub fn kind(&self) -> Result<OutputKind, ApiError> {
        OutputKind::stored(&self.kind, &self.id)
    }

    /// The stored comma-separated codes as a list.
    pub fn countries(&self) -> Vec<String> {
        self.author_countries.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect()
    }
}

/// Everything an output is described by, as written (DOI bare, countries upper case, sorted and
/// without repeats; project and funding ids in the order given, so errors can name their index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFields {
    pub kind: OutputKind,
    pub title: String,
    pub doi: Option<String>,
    pub year: i32,
    pub venue: Option<String>,
    pub url: Option<String>,
    pub author_countries: Vec<String>,
    pub project_ids: Vec<String>,
    pub funding_ids: Vec<String>,
}

impl OutputFields {
    /// Authors in both Russia and China: what makes an output a co-authored RU–CN one.
    pub fn ru_cn(&self) -> bool {
        let has = |code: &str| self.author_countries.iter().any(|c| c == code);
        has(RUSSIA) && has(CHINA)
    }

    /// The fields as history records them; lists sorted, so reordering is no change.
    fn snapshot(&self) -> Value {
        let sorted = |ids: &[String]| {
            let mut ids = ids.to_vec();
            ids.sort();
            ids
        };
        json!({
            "kind": self.kind.as_str(),
            "title": self.title,
            "doi": self.doi,
            "year": self.year,
            "venue": self.venue,
            "url": self.url,
            "author_countries": self.author_countries,
            "project_ids": sorted(&self.project_ids),
            "funding_ids": sorted(&self.funding_ids),
        })
    }
}

/// A merge patch: `None` keeps a field; a list given replaces the whole list.
#[derive(Debug, Clone, Default)]
pub struct OutputChanges {
    pub kind: Option<OutputKind>,
    pub title: Option<String>,
    pub doi: Option<Option<String>>,
    pub year: Option<i32>,
    pub venue: Option<Option<String>>,
    pub url: Option<Option<String>>,
    pub author_countries: Option<Vec<String>>,
    pub project_ids: Option<Vec<String>>,
    pub funding_ids: Option<Vec<String>>,
}

impl OutputChanges {
    /// The fields as they would be after the change.
    pub fn apply(self, mut fields: OutputFields) -> OutputFields {
        set(&mut fields.kind, self.kind);
        set(&mut fields.title, self.title);
        set(&mut fields.doi, self.doi);
        set(&mut fields.year, self.year);
        set(&mut fields.venue, self.venue);
        set(&mut fields.url, self.url);
        set(&mut fields.author_countries, self.author_countries);
        set(&mut fields.project_ids, self.project_ids);
        set(&mut fields.funding_ids, self.funding_ids);
        fields
    }
}

/// An output with the ids of its projects and funding, sorted — only those the scope it was
/// loaded with may read.
#[derive(Debug, Clone)]
pub struct OutputView {
    pub output: Output,
    pub project_ids: Vec<String>,
    pub funding_ids: Vec<String>,
}

impl OutputView {
    pub fn fields(&self) -> Result<OutputFields, ApiError> {
        let o = &self.output;
        Ok(OutputFields {
            kind: o.kind()?,
            title: o.title.clone(),
            doi: o.doi.clone(),
            year: o.year,
            venue: o.venue.clone(),
            url: o.url.clone(),
            author_countries: o.countries(),
            project_ids: self.project_ids.clone(),
            funding_ids: self.funding_ids.clone(),
        })
    }

    /// Rewrites the output as `after` describes it; `scope` is what the caller may read, so they
    /// can only link projects and funding they can see.
    pub fn rewrite(&mut self, conn: &mut DbConn, scope: &ReadScope, after: OutputFields) -> Result<(), ApiError> {
        check(conn, scope, &after)?;
        ensure_doi_free(conn, scope, &after, Some(&self.output.id))?;
        let o = &self.output;
        self.output = row(o.id.clone(), &after, o.version, o.created_at, o.updated_at);
        self.project_ids = after.project_ids;
        self.funding_ids = after.funding_ids;
        Ok(())
    }
}

/// An output with every link it has (loaded with `ReadScope::Everything`: the rights to change it
/// are checked on all of them, and history records them all, redacted when read). Deleting the
/// row takes its links with it: the database cascades them.
impl Versioned for OutputView {
    const RESOURCE: &'static str = "output";
    type Row = Output;

    fn row(&self) -> &Output {
        &self.output
    }

    fn row_mut(&mut self) -> &mut Output {
        &mut self.output
    }

    fn audit_view(&self) -> Result<Value, ApiError> {
        Ok(self.fields()?.snapshot())
    }

    fn insert(&self, conn: &mut DbConn) -> Result<(), ApiError> {
        self.output.insert(conn)?;
        write_links(conn, &self.output.id, &self.project_ids, &self.funding_ids)
    }

    /// The row, and its links replaced as a whole.
    fn store(&self, conn: &mut DbConn, read_version: i64) -> Result<usize, ApiError> {
        let id = self.output.id.as_str();
        let stored = self.output.store(conn, read_version)?;
        if stored > 0 {
            diesel::delete(output_projects::table.filter(output_projects::output_id.eq(id))).execute(conn)?;
            diesel::delete(output_funding::table.filter(output_funding::output_id.eq(id))).execute(conn)?;
            write_links(conn, id, &self.project_ids, &self.funding_ids)?;
        }
        Ok(stored)
    }
}

stored_row!(Output, outputs, write_error);

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Already folded with [`search_key::normalise`].
    pub query: Option<String>,
    pub kind: Option<OutputKind>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    /// Outputs of every one of these projects.
    pub projects: Vec<String>,
    pub funding_id: Option<String>,
    /// In the stored (bare, lower-case) form.
    pub doi: Option<String>,
    pub ru_cn: Option<bool>,
    /// Records created or changed at or after this instant (UTC).
    pub updated_since: Option<NaiveDateTime>,
}

/// The order of a list; `After` carries the same choice with a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Year,
    YearDescending,
    Title,
    TitleDescending,
    Created,
    CreatedDescending,
}

/// Where a page starts: after this row of the chosen order.
#[derive(Debug, Clone)]
pub enum After {
    Year(i32, String),
    YearDescending(i32, String),
    Title(String, String),
    TitleDescending(String, String),
    Created(String),
    CreatedDescending(String),
}

impl Output {
    /// The output, if `scope` may read one of its projects; otherwise "not found", exactly as if
    /// it did not exist.
    pub fn find_visible(conn: &mut DbConn, scope: &ReadScope, id: &str) -> Result<Self, ApiError> {
        Ok(dsl::outputs
            .into_boxed()
            .filter(dsl::id.eq(id.to_owned()))
            .filter(scope.includes_outputs::<outputs::table>())
            .first(conn)?)
    }

    pub fn view(conn: &mut DbConn, scope: &ReadScope, output: Output) -> Result<OutputView, ApiError> {
        let mut views = Self::views(conn, scope, vec![output])?;
        views.pop().ok_or(ApiError::NotFound)
    }

    /// Many outputs with the project and funding ids `scope` may read: two queries, whatever
    /// their number.
    pub fn views(conn: &mut DbConn, scope: &ReadScope, outputs: Vec<Output>) -> Result<Vec<OutputView>, ApiError> {
        let ids: Vec<&str> = outputs.iter().map(|o| o.id.as_str()).collect();
        let project_rows: Vec<(String, String)> = output_projects::table
            .inner_join(projects::table)
            .into_boxed()
            .filter(output_projects::output_id.eq_any(&ids))
            .filter(scope.condition())
            .order((output_projects::output_id, output_projects::project_id))
            .select((output_projects::output_id, output_projects::project_id))
            .load(conn)?;
        let funding_rows: Vec<(String, String)> = output_funding::table
            .inner_join(funding_records::table)
            .into_boxed()
            .filter(output_funding::output_id.eq_any(&ids))
            .filter(scope.includes("funding_records.project_id"))
            .order((output_funding::output_id, output_funding::funding_id))
            .select((output_funding::output_id, output_funding::funding_id))
            .load(conn)?;
        let mut projects_of = group(project_rows);
        let mut funding_of = group(funding_rows);
        Ok(outputs
            .into_iter()
            .map(|output| OutputView {
                project_ids: projects_of.remove(&output.id).unwrap_or_default(),
                funding_ids: funding_of.remove(&output.id).unwrap_or_default(),
                output,
            })
            .collect())
    }

    /// Records a new output; `scope` is what the caller may read, so they can only link
    /// projects and funding they can see. Call after the rule allowed the caller to record it.
    pub fn insert(conn: &mut DbConn, scope: &ReadScope, fields: OutputFields, actor: &Actor) -> Result<Self, ApiError> {
        check(conn, scope, &fields)?;
        ensure_doi_free(conn, scope, &fields, None)?;
        let now = super::now();
        let output = row(super::new_id(), &fields, 1, now, now);
        let OutputFields { project_ids, funding_ids, .. } = fields;
        Ok(versioned::create(conn, actor, OutputView { output, project_ids, funding_ids })?.output)
    }

    /// One page in `order` after `after`, and the total: two queries, and one more for a project
    /// filter and one for a funding filter. Only outputs `scope` may read (through at least one of their
    /// projects) are counted or returned.
    pub fn list(
        conn: &mut DbConn,
        scope: &ReadScope,
        filter: &ListFilter,
        order: Order,
        after: Option<After>,
        limit: i64,
    ) -> Result<(Vec<Self>, i64), ApiError> {
        if !filter_targets_readable(conn, scope, filter)? {
            return Ok((Vec::new(), 0));
        }
        let total: i64 = Self::count_query(scope, filter).get_result(conn)?;
        Ok((Self::page_query(scope, filter, order, after, limit).load(conn)?, total))
    }

    /// The count `list` runs.
    pub fn count_query(
        scope: &ReadScope,
        filter: &ListFilter,
    ) -> outputs::BoxedQuery<'static, MultiBackend, diesel::sql_types::BigInt> {
        filtered(scope, filter).count()
    }

    /// The page `list` runs.
    pub fn page_query(
        scope: &ReadScope,
        filter: &ListFilter,
        order: Order,
        after: Option<After>,
        limit: i64,
    ) -> outputs::BoxedQuery<'static, MultiBackend> {
        let mut query = filtered(scope, filter);
        if let Some(after) = after {
            query = match after {
                After::Year(year, id) => query.filter(keyset_after!(dsl::year, year, dsl::id, id)),
                After::YearDescending(year, id) => query.filter(keyset_before!(dsl::year, year, dsl::id, id)),
                After::Title(key, id) => query.filter(keyset_after!(dsl::sort_key, key, dsl::id, id)),
                After::TitleDescending(key, id) => query.filter(keyset_before!(dsl::sort_key, key, dsl::id, id)),
                After::Created(id) => query.filter(dsl::id.gt(id)),
                After::CreatedDescending(id) => query.filter(dsl::id.lt(id)),
            };
        }
        query = match order {
            Order::Year => query.order((dsl::year.asc(), dsl::id.asc())),
            Order::YearDescending => query.order((dsl::year.desc(), dsl::id.desc())),
            Order::Title => query.order((dsl::sort_key.asc(), dsl::id.asc())),
            Order::TitleDescending => query.order((dsl::sort_key.desc(), dsl::id.desc())),
            Order::Created => query.order(dsl::id.asc()),
            Order::CreatedDescending => query.order(dsl::id.desc()),
        };
        query.limit(limit)
    }
}

/// Whether the projects and funding record a list is filtered by are ones `scope` may read. An
/// output readable through one project must not reveal that it also belongs to a hidden one, so
/// a filter on a hidden project or funding record matches nothing. (A query of its own, not a
/// condition in the list's SQL: diesel's multi-backend connection cannot put the scope's boxed
/// condition inside a subquery.)
fn filter_targets_readable(conn: &mut DbConn, scope: &ReadScope, filter: &ListFilter) -> Result<bool, ApiError> {
    if !filter.projects.is_empty() {
        let readable = readable_projects(conn, scope, &filter.projects)?;
        if filter.projects.iter().any(|id| !readable.contains(id)) {
            return Ok(false);
        }
    }
    if let Some(funding) = &filter.funding_id {
        let found: Option<String> = funding_records::table
            .into_boxed()
            .filter(funding_records::id.eq(funding.clone()))
            .filter(scope.includes("funding_records.project_id"))
            .select(funding_records::id)
            .first(conn)
            .optional()?;
        return Ok(found.is_some());
    }
    Ok(true)
}

/// The projects among `ids` that `scope` may read: one query.
pub fn readable_projects(conn: &mut DbConn, scope: &ReadScope, ids: &[String]) -> Result<HashSet<String>, ApiError> {
    let rows: Vec<String> = projects::table
        .into_boxed()
        .filter(projects::id.eq_any(ids))
        .filter(scope.condition())
        .select(projects::id)
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

fn group(rows: Vec<(String, String)>) -> HashMap<String, Vec<String>> {
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    for (key, value) in rows {
        groups.entry(key).or_default().push(value);
    }
    groups
}

/// The stored row for `fields`, with its search and sort keys.
fn row(id: String, fields: &OutputFields, version: i64, created_at: NaiveDateTime, now: NaiveDateTime) -> Output {
    Output {
        id,
        kind: fields.kind.as_str().to_owned(),
        title: fields.title.clone(),
        doi: fields.doi.clone(),
        year: fields.year,
        venue: fields.venue.clone(),
        url: fields.url.clone(),
        author_countries: fields.author_countries.join(","),
        ru_cn: fields.ru_cn(),
        search_key: search_key::for_names([fields.title.as_str()]),
        sort_key: search_key::normalise(&fields.title),
        version,
        created_at,
        updated_at: now,
    }
}

fn write_links(conn: &mut DbConn, id: &str, project_ids: &[String], funding_ids: &[String]) -> Result<(), ApiError> {
    // One row per statement: diesel's multi-backend connection has no batch insert, and the
    // lists are short (at most 20 each).
    for project_id in project_ids {
        diesel::insert_into(output_projects::table)
            .values((output_projects::output_id.eq(id), output_projects::project_id.eq(project_id)))
            .execute(conn)?;
    }
    for funding_id in funding_ids {
        diesel::insert_into(output_funding::table)
            .values((output_funding::output_id.eq(id), output_funding::funding_id.eq(funding_id)))
            .execute(conn)?;
    }
    Ok(())
}

/// The references, checked against what `scope` may read; every problem is reported at once.
/// Hidden and missing records get the same answer, so ids cannot be probed.
fn check(conn: &mut DbConn, scope: &ReadScope, fields: &OutputFields) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let readable = readable_projects(conn, scope, &fields.project_ids)?;
    let mut seen = HashSet::new();
    for (index, id) in fields.project_ids.iter().enumerate() {
        let field = format!("project_ids[{index}]");
        if !seen.insert(id.as_str()) {
            errors.push(FieldError::new(field, "duplicate", "names a project twice"));
        } else if !readable.contains(id) {
            errors.push(FieldError::new(field, "unknown_project", "names no project you may read"));
        }
    }
    let funded: HashMap<String, String> = funding_records::table
        .into_boxed()
        .filter(funding_records::id.eq_any(&fields.funding_ids))
        .filter(scope.includes("funding_records.project_id"))
        .select((funding_records::id, funding_records::project_id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut seen = HashSet::new();
    for (index, id) in fields.funding_ids.iter().enumerate() {
        let field = format!("funding_ids[{index}]");
        match funded.get(id) {
            _ if !seen.insert(id.as_str()) => {
                errors.push(FieldError::new(field, "duplicate", "names a funding record twice"));
            }
            None => errors.push(FieldError::new(field, "unknown_funding", "names no funding record you may read")),
            Some(project) if !fields.project_ids.contains(project) => errors.push(FieldError::new(
                field,
                "not_funding_its_projects",
                "funds none of the output's projects (project_ids)",
            )),
            Some(_) => {}
        }
    }
    errors.sort_by(|a, b| a.field.cmp(&b.field));
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// A DOI names one output: a second is a 409. The holder's id is named only to a caller who may
/// read it; anyone else learns only that the DOI is registered.
fn ensure_doi_free(
    conn: &mut DbConn,
    scope: &ReadScope,
    fields: &OutputFields,
    own_id: Option<&str>,
) -> Result<(), ApiError> {
    let Some(doi) = &fields.doi else { return Ok(()) };
    let mut holder = dsl::outputs.into_boxed().filter(dsl::doi.eq(doi.clone()));
    if let Some(own_id) = own_id {
        holder = holder.filter(dsl::id.ne(own_id.to_owned()));
    }
    let Some(holder) = holder.select(dsl::id).first::<String>(conn).optional()? else { return Ok(()) };
    let visible = Output::find_visible(conn, scope, &holder).map(|_| true).or_else(|e| match e {
        ApiError::NotFound => Ok(false),
        other => Err(other),
    })?;
    let message = if visible {
        format!("is already registered for output {holder}")
    } else {
        "is already registered for another output".to_owned()
    };
    Err(doi_taken(message))
}

fn doi_taken(message: String) -> ApiError {
    ApiError::Conflict {
        detail: "Another output has this DOI; a DOI names one output.".into(),
        errors: vec![FieldError::new("doi", "already_registered", message)],
    }
}

/// The DOI's UNIQUE constraint catches a concurrent writer that got past the check above.
fn write_error(err: DieselError) -> ApiError {
    match err {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            doi_taken("is already registered for another output".to_owned())
        }
        other => other.into(),
    }
}

fn filtered(scope: &ReadScope, filter: &ListFilter) -> outputs::BoxedQuery<'static, MultiBackend> {
    let mut query = dsl::outputs.into_boxed().filter(scope.includes_outputs());
    if let Some(text) = &filter.query {
        query = query.filter(dsl::search_key.like(search_key::contains_pattern(text)).escape('\\'));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(dsl::kind.eq(kind.as_str()));
    }
    if let Some(year) = filter.year_from {
        query = query.filter(dsl::year.ge(year));
    }
    if let Some(year) = filter.year_to {
        query = query.filter(dsl::year.le(year));
    }
    if let Some(doi) = &filter.doi {
        query = query.filter(dsl::doi.eq(doi.clone()));
    }
    if let Some(ru_cn) = filter.ru_cn {
        query = query.filter(dsl::ru_cn.eq(ru_cn));
    }
    for project in &filter.projects {
        let of_project = output_projects::table
            .filter(output_projects::project_id.eq(project.clone()))
            .select(output_projects::output_id);
        query = query.filter(dsl::id.eq_any(of_project));
    }
    if let Some(funding) = &filter.funding_id {
        let of_funding = output_funding::table
            .filter(output_funding::funding_id.eq(funding.clone()))
            .select(output_funding::output_id);
        query = query.filter(dsl::id.eq_any(of_funding));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(dsl::updated_at.ge(since));
    }
    query
}
