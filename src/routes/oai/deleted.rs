//! Deleted records, read from the append-only history (`action = 'delete'`). A deletion is
//! reported only when the record was served before it: a project that was public when deleted,
//! an award (awarded, active or ended) or an output of a project that is public, or was public
//! when it was deleted. Records that leave the lists otherwise (a project made restricted, an
//! award withdrawn) are not reported: hence `deletedRecord` is `transient`.

use diesel::prelude::*;
use serde_json::Value;

use super::catalogue::{Item, Record, Selection, Source};
use super::request::Window;
use crate::db::DbConn;
use crate::db::models::history::HistoryEntry;
use crate::db::schema::{history, projects};
use crate::domain::project::{FundingStatus, OutputKind, Visibility};
use crate::error::ApiError;
use crate::exports::cerif::{self, OutputSet};

/// How many history entries are looked at per query while filling a part.
const BATCH: i64 = 200;

fn resource(source: Source) -> &'static str {
    match source {
        Source::DeletedProjects => "project",
        Source::DeletedFundings => crate::db::models::funding::RESOURCE,
        _ => "output",
    }
}

/// Up to `limit` deletions of `source`'s kind that were served, in list order.
pub fn read(conn: &mut DbConn, source: Source, selection: &Selection<'_>, limit: i64) -> Result<Vec<Item>, ApiError> {
    let mut items = Vec::new();
    let mut after = selection.after.cloned();
    loop {
        let mut query = history::table
            .filter(history::resource.eq(resource(source)))
            .filter(history::action.eq("delete"))
            .into_boxed();
        if let Some(from) = selection.window.from {
            query = query.filter(history::at.ge(from));
        }
        if let Some(before) = selection.window.before {
            query = query.filter(history::at.lt(before));
        }
        if let Some(id) = selection.only {
            query = query.filter(history::resource_id.eq(id.to_owned()));
        }
        if let Some((at, id)) = &after {
            query = query.filter(history::at.gt(*at).or(history::at.eq(*at).and(history::id.gt(id.clone()))));
        }
        let entries: Vec<HistoryEntry> = query.order((history::at.asc(), history::id.asc())).limit(BATCH).load(conn)?;
        let exhausted = (entries.len() as i64) < BATCH;
        for entry in entries {
            after = Some((entry.at, entry.id.clone()));
            if let Some(record_id) = served(conn, source, &entry)? {
                items.push(Item { key: (entry.at, entry.id), record: Record::Deleted { record_id, source } });
                if items.len() as i64 >= limit {
                    return Ok(items);
                }
            }
        }
        if exhausted {
            return Ok(items);
        }
    }
}

/// How many deletions of `source`'s kind in `window` were served.
pub fn count(conn: &mut DbConn, source: Source, window: &Window) -> Result<i64, ApiError> {
    let all = Selection { window, only: None, after: None };
    Ok(read(conn, source, &all, i64::MAX)?.len() as i64)
}

/// The field's value before the deletion, as history recorded it.
fn before<'a>(changes: &'a Value, field: &str) -> &'a Value {
    &changes[field]["before"]
}

/// The CERIF id of the deleted record, when it was served before its deletion.
fn served(conn: &mut DbConn, source: Source, entry: &HistoryEntry) -> Result<Option<String>, ApiError> {
    let changes: Value = serde_json::from_str(&entry.changes).unwrap_or(Value::Null);
    let id = &entry.resource_id;
    let served = match source {
        Source::DeletedProjects => (before(&changes, "visibility").as_str() == Some(Visibility::Public.as_str()))
            .then(|| cerif::project_id(id)),
        Source::DeletedFundings => {
            let status = before(&changes, "status").as_str().and_then(FundingStatus::parse);
            let project = before(&changes, "project_id").as_str();
            match (status, project) {
                (Some(status), Some(project)) if FundingStatus::COVERING.contains(&status) => {
                    was_public(conn, project)?.then(|| cerif::funding_id(id))
                }
                _ => None,
            }
        }
        Source::DeletedOutputs(set) => {
            let kind = before(&changes, "kind").as_str().and_then(OutputKind::parse);
            if kind.map(OutputSet::of) != Some(set) {
                return Ok(None);
            }
            let projects: Vec<&str> = before(&changes, "project_ids")
                .as_array()
                .map_or(Vec::new(), |ids| ids.iter().filter_map(Value::as_str).collect());
            let mut any = false;
            for project in projects {
                if was_public(conn, project)? {
                    any = true;
                    break;
                }
            }
            any.then(|| set.record_id(id))
        }
        _ => None,
    };
    Ok(served)
}

/// Whether project `id` is public, or was public when it was deleted.
fn was_public(conn: &mut DbConn, id: &str) -> Result<bool, ApiError> {
    let visibility: Option<String> =
        projects::table.find(id.to_owned()).select(projects::visibility).first(conn).optional()?;
    if let Some(visibility) = visibility {
        return Ok(visibility == Visibility::Public.as_str());
    }
    let deletion: Option<String> = history::table
        .filter(history::resource.eq("project"))
        .filter(history::resource_id.eq(id.to_owned()))
        .filter(history::action.eq("delete"))
        .select(history::changes)
        .first(conn)
        .optional()?;
    Ok(deletion
        .and_then(|changes| serde_json::from_str::<Value>(&changes).ok())
        .is_some_and(|changes| before(&changes, "visibility").as_str() == Some(Visibility::Public.as_str())))
}
