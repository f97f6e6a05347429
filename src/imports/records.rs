//! One record of a file, written as `POST` would create it or `PATCH` would change it.
//!
//! A record is read as its kind's `POST` body (the same type, the same validation) and names the
//! record it is about by `id`, or else by its natural key:
//!
//! | kind | natural key |
//! |---|---|
//! | institutions | ROR id; without one, country + English name |
//! | labs | institution + English name |
//! | projects | lead laboratory + title (English, else Russian, else Chinese) |
//! | funding | funder + award number; without one, project + funder + period |
//! | outputs | DOI; without one, kind + title + year |
//!
//! A record found is changed in the fields the record gives (a table's columns, a JSON object's
//! keys; an empty cell clears an optional field); one that already holds them is left alone: no
//! new version, no history. A laboratory's status changes only by a status change, so an
//! imported status is its first one, on create.

use diesel::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use validator::Validate;

use crate::db::DbConn;
use crate::db::models::funding::{self, FundingRecord};
use crate::db::models::history::Actor;
use crate::db::models::institution::{Institution, InstitutionChanges, InstitutionFields};
use crate::db::models::lab::{InitialStatus, Lab, LabChanges};
use crate::db::models::output::{Output, OutputFields};
use crate::db::models::project::{Project, ProjectFields, ProjectRecord, Texts};
use crate::db::models::project_access::ReadScope;
use crate::db::models::versioned::{self, Unconditional, Versioned};
use crate::db::schema::{funding_records, institutions, labs, outputs, project_labs, projects};
use crate::domain::lab::LabStatus;
use crate::error::ApiError;
use crate::http::validation::{field_errors, shape_error};
use crate::imports::columns::Given;
use crate::imports::{Kind, Record};
use crate::routes::funding::wire::CreateFunding;
use crate::routes::institutions::wire::CreateInstitution;
use crate::routes::labs::wire::CreateLab;
use crate::routes::outputs::wire::CreateOutput;
use crate::routes::projects::wire::CreateProject;

/// What became of a record: the id of the record it created, changed or found as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(String),
    Updated(String),
    Unchanged(String),
}

/// Creates or changes the record `record` is about. `today` starts a new laboratory's default
/// status.
pub fn upsert(
    conn: &mut DbConn,
    actor: &Actor,
    kind: Kind,
    record: Record,
    today: chrono::NaiveDate,
) -> Result<Outcome, ApiError> {
    let id = match record.id.as_deref().map(str::trim) {
        Some(id) => Some(
            crate::http::record_id(id)
                .map_err(|_| ApiError::field("id", "invalid_id", "is not a record id (a UUID)"))?,
        ),
        None => None,
    };
    let given = &record.given;
    match kind {
        Kind::Institutions => institution(conn, actor, id, parse(record.body)?, given),
        Kind::Labs => lab(conn, actor, id, parse(record.body)?, given, today),
        Kind::Projects => project(conn, actor, id, parse(record.body)?, given),
        Kind::Funding => funding(conn, actor, id, parse(record.body)?, given),
        Kind::Outputs => output(conn, actor, id, parse(record.body)?, given),
    }
}

/// A body read and checked as its `POST` reads it (`ApiJson`): shape first, then every field.
fn parse<T: DeserializeOwned + Validate>(body: Map<String, Value>) -> Result<T, ApiError> {
    let value: T = serde_path_to_error::deserialize(Value::Object(body)).map_err(|err| {
        let path = err.path().to_string();
        ApiError::Validation(vec![shape_error(&path, &err.into_inner().to_string())])
    })?;
    value.validate().map_err(|errors| ApiError::Validation(field_errors(&errors)))?;
    Ok(value)
}

/// The value a record gives for `path`, when it gives one.
fn given<T>(given: &Given, path: &str, value: T) -> Option<T> {
    given.has(path).then_some(value)
}

fn institution(
    conn: &mut DbConn,
    actor: &Actor,
    id: Option<String>,
    input: CreateInstitution,
    has: &Given,
) -> Result<Outcome, ApiError> {
    let fields = InstitutionFields::from(input);
    let found: Option<String> = match (&id, &fields.ror_id) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(ror_id)) => institutions::table
            .select(institutions::id)
            .filter(institutions::ror_id.eq(ror_id))
            .first(conn)
            .optional()?,
        (None, None) => institutions::table
            .select(institutions::id)
            .filter(institutions::country.eq(&fields.country))
            .filter(institutions::name_en.eq(&fields.name_en))
            .first(conn)
            .optional()?,
    };
    let Some(found) = found else {
        return Ok(Outcome::Created(Institution::insert(conn, fields, actor)?.id));
    };
    let record = Institution::find(conn, &found)?;
    let changes = InstitutionChanges {
        name_en: given(has, "names.en", fields.name_en),
        name_ru: given(has, "names.ru", fields.name_ru),
        name_zh: given(has, "names.zh", fields.name_zh),
        country: given(has, "country", fields.country),
        city: given(has, "city", fields.city),
        ror_id: given(has, "ror_id", fields.ror_id),
        kind: given(has, "kind", fields.kind),
        website: given(has, "website", fields.website),
    };
    apply_if_changed(conn, actor, found, record, |conn, r| changes.clone().apply(conn, r))
}

fn lab(
    conn: &mut DbConn,
    actor: &Actor,
    id: Option<String>,
    input: CreateLab,
    has: &Given,
    today: chrono::NaiveDate,
) -> Result<Outcome, ApiError> {
    let (fields, status) = input.into_parts();
    let found: Option<String> = match &id {
        Some(id) => Some(id.clone()),
        None => labs::table
            .select(labs::id)
            .filter(labs::institution_id.eq(&fields.institution_id))
            .filter(labs::name_en.eq(&fields.name_en))
            .first(conn)
            .optional()?,
    };
    let Some(found) = found else {
        let initial = match status {
            Some(change) => InitialStatus {
                status: change.status,
                effective_on: change.effective_on,
                reason: change.reason.trim().to_owned(),
            },
            None => InitialStatus { status: LabStatus::Planned, effective_on: today, reason: "registered".into() },
        };
        return Ok(Outcome::Created(Lab::insert(conn, fields, initial, actor)?.id));
    };
    let record = Lab::find(conn, &found)?;
    let changes = LabChanges {
        name_en: given(has, "names.en", fields.name_en),
        name_ru: given(has, "names.ru", fields.name_ru),
        name_zh: given(has, "names.zh", fields.name_zh),
        institution_id: given(has, "institution_id", fields.institution_id),
        centre_id: given(has, "centre_id", fields.centre_id),
        head_user_id: given(has, "head_user_id", fields.head_user_id),
        research_line: given(has, "research_line", fields.research_line),
    };
    apply_if_changed(conn, actor, found, record, |conn, r| changes.clone().apply(conn, r))
}

fn project(
    conn: &mut DbConn,
    actor: &Actor,
    id: Option<String>,
    input: CreateProject,
    has: &Given,
) -> Result<Outcome, ApiError> {
    let fields = ProjectFields::from(input);
    let found = match &id {
        Some(id) => Some(id.clone()),
        None => project_by_lead_and_title(conn, &fields)?,
    };
    let Some(found) = found else {
        return Ok(Outcome::Created(Project::insert(conn, fields, actor)?.id));
    };
    let stored = Project::find(conn, &found)?;
    let current = ProjectRecord::new(Project::view(conn, stored)?)?;
    let mut after = current.fields.clone();
    let texts = |before: &Texts, new: Texts, prefix: &str| Texts {
        en: if has.has(&format!("{prefix}.en")) { new.en } else { before.en.clone() },
        ru: if has.has(&format!("{prefix}.ru")) { new.ru } else { before.ru.clone() },
        zh: if has.has(&format!("{prefix}.zh")) { new.zh } else { before.zh.clone() },
    };
    after.titles = texts(&after.titles, fields.titles, "titles");
    after.summaries = texts(&after.summaries, fields.summaries, "summaries");
    keep(has, "acronym", &mut after.acronym, fields.acronym);
    keep(has, "identifiers", &mut after.identifiers, fields.identifiers);
    keep(has, "starts_on", &mut after.starts_on, fields.starts_on);
    keep(has, "ends_on", &mut after.ends_on, fields.ends_on);
    keep(has, "status", &mut after.status, fields.status);
    keep(has, "visibility", &mut after.visibility, fields.visibility);
    keep(has, "subject_areas", &mut after.subject_areas, fields.subject_areas);
    keep(has, "labs", &mut after.labs, fields.labs);
    keep(has, "participants", &mut after.participants, fields.participants);
    keep(has, "keywords", &mut after.keywords, fields.keywords);
    let unchanged = same_project(&after, &current.fields);
    update_if_changed(conn, actor, found, current, unchanged, |conn, r| r.rewrite(conn, after))
}

/// Stores `change` on the record `found` under a new version, unless the record already holds what
/// the file gives (`unchanged`): an import run twice must not version or log anything twice.
fn update_if_changed<R: Versioned>(
    conn: &mut DbConn,
    actor: &Actor,
    found: String,
    record: R,
    unchanged: bool,
    change: impl FnOnce(&mut DbConn, &mut R) -> Result<(), ApiError>,
) -> Result<Outcome, ApiError> {
    if unchanged {
        return Ok(Outcome::Unchanged(found));
    }
    versioned::update(conn, actor, record, &Unconditional, change)?;
    Ok(Outcome::Updated(found))
}

/// [`update_if_changed`] for a patch that checks as it applies (institutions, laboratories): tried
/// on a copy first, and unchanged when the copy's audited view is the record's.
fn apply_if_changed<R: Versioned + Clone>(
    conn: &mut DbConn,
    actor: &Actor,
    found: String,
    record: R,
    apply: impl Fn(&mut DbConn, &mut R) -> Result<(), ApiError>,
) -> Result<Outcome, ApiError> {
    let mut after = record.clone();
    apply(conn, &mut after)?;
    let unchanged = after.audit_view()? == record.audit_view()?;
    update_if_changed(conn, actor, found, record, unchanged, apply)
}

/// Sets `field` to `value` when the record gives `path`.
fn keep<T>(has: &Given, path: &str, field: &mut T, value: T) {
    if has.has(path) {
        *field = value;
    }
}

/// Two descriptions of a project are the same whatever the order of its subject areas (stored
/// as a set) and its laboratories.
fn same_project(a: &ProjectFields, b: &ProjectFields) -> bool {
    let sorted = |fields: &ProjectFields| {
        let mut fields = fields.clone();
        fields.subject_areas.sort_unstable();
        fields.subject_areas.dedup();
        fields.labs.sort_by(|x, y| (x.role, &x.lab_id).cmp(&(y.role, &y.lab_id)));
        fields
    };
    sorted(a) == sorted(b)
}

/// The project led by the record's lead laboratory under the record's main title.
fn project_by_lead_and_title(conn: &mut DbConn, fields: &ProjectFields) -> Result<Option<String>, ApiError> {
    let Some(lead) = fields.lead_lab() else { return Ok(None) };
    let led = projects::table
        .inner_join(project_labs::table.on(project_labs::project_id.eq(projects::id)))
        .filter(project_labs::lab_id.eq(lead.to_owned()))
        .filter(project_labs::role.eq("lead"))
        .select(projects::id)
        .into_boxed();
    let titled = match (&fields.titles.en, &fields.titles.ru, &fields.titles.zh) {
        (Some(en), _, _) => led.filter(projects::title_en.eq(en.clone())),
        (None, Some(ru), _) => led.filter(projects::title_ru.eq(ru.clone())),
        (None, None, Some(zh)) => led.filter(projects::title_zh.eq(zh.clone())),
        (None, None, None) => return Ok(None),
    };
    Ok(titled.first(conn).optional()?)
}

fn funding(
    conn: &mut DbConn,
    actor: &Actor,
    id: Option<String>,
    input: CreateFunding,
    has: &Given,
) -> Result<Outcome, ApiError> {
    let fields = funding::FundingFields::from(input);
    let found: Option<String> = match (&id, &fields.award_number) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(award)) => funding_records::table
            .select(funding_records::id)
            .filter(funding_records::funder_id.eq(&fields.funder_id))
            .filter(funding_records::award_number.eq(award))
            .first(conn)
            .optional()?,
        (None, None) => funding_records::table
            .select(funding_records::id)
            .filter(funding_records::project_id.eq(&fields.project_id))
            .filter(funding_records::funder_id.eq(&fields.funder_id))
            .filter(funding_records::award_number.is_null())
            .filter(funding_records::starts_on.eq(fields.starts_on))
            .filter(funding_records::ends_on.eq(fields.ends_on))
            .first(conn)
            .optional()?,
    };
    let scope = ReadScope::Everything;
    let Some(found) = found else {
        funding::readable_project(conn, &scope, &fields.project_id)?;
        return Ok(Outcome::Created(FundingRecord::insert(conn, &scope, fields, actor)?.id));
    };
    let record = FundingRecord::find(conn, &found)?;
    let current = record.fields()?;
    if fields.project_id != current.project_id {
        return Err(ApiError::field(
            "project_id",
            "immutable",
            format!(
                "cannot change (the record is of project {}): record the award on the other project anew",
                current.project_id
            ),
        ));
    }
    let mut after = current.clone();
    keep(has, "funder_id", &mut after.funder_id, fields.funder_id);
    keep(has, "call_name", &mut after.call_name, fields.call_name);
    keep(has, "award_number", &mut after.award_number, fields.award_number);
    keep(has, "amount", &mut after.amount, fields.amount);
    keep(has, "starts_on", &mut after.starts_on, fields.starts_on);
    keep(has, "ends_on", &mut after.ends_on, fields.ends_on);
    keep(has, "status", &mut after.status, fields.status);
    keep(has, "lab_id", &mut after.lab_id, fields.lab_id);
    // No side given: it follows the laboratory's country, as on create.
    if has.has("side") || has.has("lab_id") {
        after.side = fields.side;
    }
    if after.side.is_none() && after.lab_id.is_some() && after.lab_id == current.lab_id {
        after.side = current.side.clone();
    }
    // A new funder or status could make it a new application, which a closed funder refuses.
    let new_application = after.funder_id != current.funder_id || after.status != current.status;
    let unchanged = after == current;
    update_if_changed(conn, actor, found, record, unchanged, |conn, r| r.rewrite(conn, &scope, &after, new_application))
}

fn output(
    conn: &mut DbConn,
    actor: &Actor,
    id: Option<String>,
    input: CreateOutput,
    has: &Given,
) -> Result<Outcome, ApiError> {
    let fields = OutputFields::from(input);
    let found: Option<String> = match (&id, &fields.doi) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(doi)) => outputs::table.select(outputs::id).filter(outputs::doi.eq(doi)).first(conn).optional()?,
        (None, None) => outputs::table
            .select(outputs::id)
            .filter(outputs::kind.eq(fields.kind.as_str()))
            .filter(outputs::title.eq(&fields.title))
            .filter(outputs::year.eq(fields.year))
            .filter(outputs::doi.is_null())
            .first(conn)
            .optional()?,
    };
    let scope = ReadScope::Everything;
    let Some(found) = found else {
        return Ok(Outcome::Created(Output::insert(conn, &scope, fields, actor)?.id));
    };
    let stored = Output::find_visible(conn, &scope, &found)?;
    let current = Output::view(conn, &scope, stored)?;
    let before = current.fields()?;
    let mut after = before.clone();
    keep(has, "kind", &mut after.kind, fields.kind);
    keep(has, "title", &mut after.title, fields.title);
    keep(has, "doi", &mut after.doi, fields.doi);
    keep(has, "year", &mut after.year, fields.year);
    keep(has, "venue", &mut after.venue, fields.venue);
    keep(has, "url", &mut after.url, fields.url);
    keep(has, "author_countries", &mut after.author_countries, fields.author_countries);
    keep(has, "project_ids", &mut after.project_ids, fields.project_ids);
    keep(has, "funding_ids", &mut after.funding_ids, fields.funding_ids);
    let unchanged = same_output(&after, &before);
    update_if_changed(conn, actor, found, current, unchanged, |conn, view| view.rewrite(conn, &scope, after))
}

/// Two descriptions of an output are the same whatever the order of its links.
fn same_output(a: &OutputFields, b: &OutputFields) -> bool {
    let sorted = |fields: &OutputFields| {
        let mut fields = fields.clone();
        fields.project_ids.sort();
        fields.funding_ids.sort();
        fields
    };
    sorted(a) == sorted(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_body_is_checked_as_post_checks_it() {
        let body =
            json!({"names": {"en": "Wuhan University"}, "country": "XX", "kind": "university", "ror_id": "033vjfk18"});
        let Value::Object(body) = body else { unreachable!() };
        let Err(ApiError::Validation(errors)) = parse::<CreateInstitution>(body) else { panic!("invalid") };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["country", "ror_id"], "{errors:?}");
    }
}
