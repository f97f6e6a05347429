//! The append-only record of every change: who, when, in which request, and what changed.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Map, Value};

use crate::db::DbConn;
use crate::db::schema::history::{self, dsl};
use crate::error::ApiError;

/// Who made a change.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: &'static str,
    pub id: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    pub fn user(id: &str, request_id: Option<String>) -> Self {
        Actor { kind: "user", id: Some(id.to_owned()), request_id }
    }

    pub fn partner_token(id: &str, request_id: Option<String>) -> Self {
        Actor { kind: "partner_token", id: Some(id.to_owned()), request_id }
    }

    /// The service itself or an operator at the command line.
    pub fn system() -> Self {
        Actor { kind: "system", id: None, request_id: None }
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = history)]
pub struct HistoryEntry {
    pub id: String,
    pub resource: String,
    pub resource_id: String,
    pub action: String,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub request_id: Option<String>,
    pub at: NaiveDateTime,
    pub changes: String,
}

/// The fields that differ between two JSON views of a record: `{field: {before, after}}`.
pub fn diff(before: &Value, after: &Value) -> Value {
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut changes = Map::new();
    for key in before.keys().chain(after.keys()) {
        let (old, new) = (before.get(key).unwrap_or(&Value::Null), after.get(key).unwrap_or(&Value::Null));
        if old != new && !changes.contains_key(key) {
            changes.insert(key.clone(), serde_json::json!({"before": old, "after": new}));
        }
    }
    Value::Object(changes)
}

/// Appends one entry; call it inside the transaction that makes the change.
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    resource: &str,
    resource_id: &str,
    action: &str,
    changes: Value,
) -> Result<(), ApiError> {
    let entry = HistoryEntry {
        id: super::new_id(),
        resource: resource.into(),
        resource_id: resource_id.into(),
        action: action.into(),
        actor_kind: actor.kind.into(),
        actor_id: actor.id.clone(),
        request_id: actor.request_id.clone(),
        at: super::now(),
        changes: changes.to_string(),
    };
    diesel::insert_into(history::table).values(&entry).execute(conn)?;
    super::feed::note(conn, resource, resource_id, action, &changes)
}

/// Whether a record ever had history (it may have been deleted since).
pub fn exists_for(conn: &mut DbConn, resource: &str, resource_id: &str) -> Result<bool, ApiError> {
    let count: i64 = dsl::history
        .filter(dsl::resource.eq(resource))
        .filter(dsl::resource_id.eq(resource_id))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// The entries of one record, newest first, `limit` after the entry `before` (an id).
pub fn for_record(
    conn: &mut DbConn,
    resource: &str,
    resource_id: &str,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<HistoryEntry>, ApiError> {
    let mut query =
        dsl::history.filter(dsl::resource.eq(resource)).filter(dsl::resource_id.eq(resource_id)).into_boxed();
    if let Some(before) = before {
        query = query.filter(dsl::id.lt(before.to_owned()));
    }
    Ok(query.order(dsl::id.desc()).limit(limit).load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_only_what_changed() {
        let before = json!({"role": "lab_head", "status": "active", "name": "A"});
        let after = json!({"role": "coordinator", "status": "active", "name": "A", "new": 1});
        assert_eq!(
            diff(&before, &after),
            json!({"role": {"before": "lab_head", "after": "coordinator"}, "new": {"before": null, "after": 1}})
        );
    }
}
