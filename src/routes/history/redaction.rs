//! History shows what changed, links to other records included. A link to a project or a
//! funding record the caller may not read is left out, exactly as every other read leaves it
//! out: after an output is unlinked from a restricted project, its history must not name it.

use std::collections::{BTreeSet, HashSet};

use diesel::prelude::*;
use serde_json::Value;

use super::HistoryEntryResponse;
use crate::db::DbConn;
use crate::db::models::history::HistoryEntry;
use crate::db::models::project_access::ReadScope;
use crate::db::schema::{funding_records, projects};
use crate::error::ApiError;

/// The fields of audited records that name projects, and those that name funding records.
const PROJECT_FIELDS: [&str; 2] = ["project_id", "project_ids"];
const FUNDING_FIELDS: [&str; 2] = ["funding_id", "funding_ids"];

/// The entries as the caller may see them.
pub fn redact(
    conn: &mut DbConn,
    scope: &ReadScope,
    entries: Vec<HistoryEntry>,
) -> Result<Vec<HistoryEntryResponse>, ApiError> {
    let mut entries: Vec<HistoryEntryResponse> =
        entries.into_iter().map(HistoryEntryResponse::new).collect::<Result<_, _>>()?;
    if *scope == ReadScope::Everything {
        return Ok(entries);
    }
    let named = |fields: &[&str]| -> Vec<String> {
        let mut ids = BTreeSet::new();
        for entry in &entries {
            for field in fields {
                if let Some(change) = entry.changes.get(field) {
                    ids.extend(ids_in(change.get("before")).chain(ids_in(change.get("after"))));
                }
            }
        }
        ids.into_iter().map(str::to_owned).collect()
    };
    let (project_ids, funding_ids) = (named(&PROJECT_FIELDS), named(&FUNDING_FIELDS));
    let projects: HashSet<String> = projects::table
        .filter(projects::id.eq_any(&project_ids))
        .filter(scope.condition::<projects::table>())
        .select(projects::id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let funding: HashSet<String> = funding_records::table
        .filter(funding_records::id.eq_any(&funding_ids))
        .filter(scope.includes::<funding_records::table>("funding_records.project_id"))
        .select(funding_records::id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    for entry in &mut entries {
        keep_only(&mut entry.changes, &PROJECT_FIELDS, &projects);
        keep_only(&mut entry.changes, &FUNDING_FIELDS, &funding);
    }
    Ok(entries)
}

/// The ids a before or after value names: one id, or a list of them.
fn ids_in(value: Option<&Value>) -> impl Iterator<Item = &str> {
    let values = match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
        None => vec![],
    };
    values.into_iter().filter_map(Value::as_str)
}

/// Removes from `fields` of `changes` every id not in `visible`; a field whose before and after
/// are then the same shows no change and goes.
fn keep_only(changes: &mut Value, fields: &[&str], visible: &HashSet<String>) {
    let Some(changes) = changes.as_object_mut() else { return };
    for field in fields {
        let Some(change) = changes.get_mut(*field).and_then(Value::as_object_mut) else { continue };
        for side in change.values_mut() {
            match side {
                Value::Array(items) => items.retain(|id| id.as_str().is_none_or(|id| visible.contains(id))),
                Value::String(id) if !visible.contains(id.as_str()) => *side = Value::Null,
                _ => {}
            }
        }
        if change.get("before") == change.get("after") {
            changes.remove(*field);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn invisible_ids_are_removed_and_no_change_is_left_behind() {
        let visible: HashSet<String> = ["p1".to_owned()].into();
        let mut changes = json!({
            "project_ids": {"before": ["p1", "p2"], "after": ["p1"]},
            "project_id": {"before": null, "after": "p2"},
            "title": {"before": "a", "after": "b"},
        });
        keep_only(&mut changes, &PROJECT_FIELDS, &visible);
        assert_eq!(changes, json!({"title": {"before": "a", "after": "b"}}));
        let mut linked = json!({"project_ids": {"before": [], "after": ["p1", "p2"]}});
        keep_only(&mut linked, &PROJECT_FIELDS, &visible);
        assert_eq!(linked, json!({"project_ids": {"before": [], "after": ["p1"]}}));
    }
}
