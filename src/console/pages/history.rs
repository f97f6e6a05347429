//! A record's history on its page: the entries `GET …/{id}/history` gives the same caller (same
//! visibility check, same redaction), newest first, with who made each change, in words.

use std::collections::HashMap;

use serde_json::Value;

use crate::auth::policy;
use crate::console::frame::Member;
use crate::db::DbConn;
use crate::db::models::user::User;
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::i18n::Texts;
use crate::routes::history::{self, HistoryEntryResponse};

/// How many changes a page shows (the newest).
const SHOWN: usize = 25;
/// A changed value longer than this is cut (the API has it whole).
const LONGEST_VALUE: usize = 160;

/// The entries of a record as read, with the names of the people who made them where the caller
/// may know them.
pub struct HistoryData {
    entries: Vec<HistoryEntryResponse>,
    more: bool,
    /// Accounts' display names, by id: for staff (who read accounts through the API too) every
    /// actor's, for anyone else only their own.
    names: HashMap<String, String>,
}

/// Reads the newest changes of `resource` `id`; call after checking, as the API's history route
/// does, that the record exists for this caller.
pub fn read(
    conn: &mut DbConn,
    context: &Context,
    member: &Member,
    resource: &str,
    id: &str,
) -> Result<HistoryData, ApiError> {
    let limit = i64::try_from(SHOWN + 1).unwrap_or(i64::MAX);
    let mut entries = history::read(conn, context, resource, id, None, limit)?;
    let more = entries.len() > SHOWN;
    entries.truncate(SHOWN);
    let mut names = HashMap::from([(member.id.clone(), member.name.clone())]);
    if policy::read_users(context.caller()?).is_ok() {
        for actor in entries.iter().filter(|e| e.actor_kind == "user").filter_map(|e| e.actor_id.as_deref()) {
            if names.contains_key(actor) {
                continue;
            }
            match User::find(conn, actor) {
                Ok(user) => {
                    names.insert(user.id, user.display_name);
                }
                Err(ApiError::NotFound) => {}
                Err(other) => return Err(other),
            }
        }
    }
    Ok(HistoryData { entries, more, names })
}

pub struct HistoryView {
    pub rows: Vec<HistoryRow>,
    /// "Only the 25 most recent changes are shown", when there are more.
    pub more: Option<String>,
}

pub struct HistoryRow {
    pub when: String,
    /// The same instant, machine-readable, for `<time datetime>`.
    pub datetime: String,
    pub who: String,
    pub action: String,
    pub changes: Vec<Change>,
}

pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

pub fn view(texts: &Texts, data: &HistoryData) -> HistoryView {
    let rows = data
        .entries
        .iter()
        .map(|entry| HistoryRow {
            when: format!("{}, {} UTC", texts.date(entry.at.date_naive()), entry.at.format("%H:%M")),
            datetime: entry.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            who: actor(texts, entry, &data.names),
            action: action(texts, &entry.action),
            changes: changes(texts, &entry.changes),
        })
        .collect();
    let more = data.more.then(|| texts.text_with("records-history-more", &[("count", SHOWN.into())]));
    HistoryView { rows, more }
}

fn actor(texts: &Texts, entry: &HistoryEntryResponse, names: &HashMap<String, String>) -> String {
    match (entry.actor_kind.as_str(), entry.actor_id.as_deref()) {
        ("system", _) => texts.text("records-actor-system"),
        ("partner_token", _) => texts.text("records-actor-partner-token"),
        (_, Some(id)) if names.contains_key(id) => names.get(id).cloned().unwrap_or_default(),
        _ => texts.text("records-actor-member"),
    }
}

/// The action in words; one the catalogue does not know is shown as recorded.
fn action(texts: &Texts, action: &str) -> String {
    let key = crate::i18n::key_of("history-action", action);
    let text = texts.text(&key);
    if text == key { action.to_owned() } else { text }
}

/// `{field: {before, after}}` as rows, in the order of the field names.
fn changes(texts: &Texts, changes: &Value) -> Vec<Change> {
    let Some(fields) = changes.as_object() else { return Vec::new() };
    let mut rows: Vec<Change> = fields
        .iter()
        .map(|(field, change)| Change {
            field: field.clone(),
            before: value(texts, change.get("before")),
            after: value(texts, change.get("after")),
        })
        .collect();
    rows.sort_by(|a, b| a.field.cmp(&b.field));
    rows
}

/// A value in words: a text as it is, a list of texts joined, `{en, ru, zh}` as `en: …; ru: …`,
/// anything else as JSON; nothing (or empty) as "(none)".
fn value(texts: &Texts, value: Option<&Value>) -> String {
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(_) | Value::Bool(_) => Some(v.to_string()),
        _ => None,
    };
    let text = match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::Array(items)) if items.iter().all(|i| scalar(i).is_some()) => {
            items.iter().filter_map(scalar).collect::<Vec<_>>().join(", ")
        }
        Some(Value::Object(fields)) if fields.values().all(|v| v.is_null() || scalar(v).is_some()) => {
            fields.iter().filter_map(|(key, v)| Some(format!("{key}: {}", scalar(v)?))).collect::<Vec<_>>().join("; ")
        }
        Some(other) => scalar(other).unwrap_or_else(|| other.to_string()),
    };
    if text.trim().is_empty() {
        return texts.text("records-value-none");
    }
    if text.chars().count() > LONGEST_VALUE {
        let cut: String = text.chars().take(LONGEST_VALUE).collect();
        format!("{cut}…")
    } else {
        text
    }
}
