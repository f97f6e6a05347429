//! Conventions applied to the whole document once every route is collected, so that each holds
//! for every operation and schema without being repeated on each (and cannot be forgotten on a new
//! one). `tests/api/openapi.rs` checks the result.

use serde_json::{Map, Value, json};

use crate::http::pagination::MAX_CURSOR_LENGTH;

const HTTP_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The document with the conventions applied. The document is edited as JSON: the conventions
/// reach into every schema, which the typed model would make a dozen matches.
pub fn apply(document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let Ok(mut value) = serde_json::to_value(&document) else {
        return document;
    };
    describe_operations(&mut value);
    bound_fixed_length_formats(&mut value);
    bound_cursors(&mut value);
    serde_json::from_value(value).unwrap_or(document)
}

/// Every operation has a description (generated clients make it the docstring) and a short
/// summary: the doc comment's first sentence is the summary, the whole comment the description.
fn describe_operations(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for method in HTTP_METHODS {
            let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let summary = operation.get("summary").and_then(Value::as_str).unwrap_or_default().trim().to_owned();
            let details = operation.get("description").and_then(Value::as_str).unwrap_or_default().trim().to_owned();
            let description = match (summary.is_empty(), details.is_empty()) {
                (_, true) => summary.clone(),
                (true, false) => details,
                (false, false) => format!("{summary}\n\n{details}"),
            };
            if !description.is_empty() {
                operation.insert("description".into(), json!(description));
            }
            if let Some(first) = first_sentence(&summary) {
                operation.insert("summary".into(), json!(first));
            }
        }
    }
}

/// The first sentence of a paragraph on one line, when the paragraph has more than one.
fn first_sentence(paragraph: &str) -> Option<String> {
    let bytes = paragraph.as_bytes();
    let end = (1..bytes.len()).find(|&i| {
        bytes[i - 1] == b'.'
            && bytes[i].is_ascii_whitespace()
            && !paragraph[..i].ends_with("e.g.")
            && !paragraph[..i].ends_with("i.e.")
    })?;
    let sentence = paragraph[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    Some(sentence)
}

/// Strings of a format whose values all have one length (a UUID, a date) or a bounded one (an
/// RFC 3339 instant to the nanosecond with an offset) say so with `maxLength`: the format already
/// refuses anything longer, and tools that look for a bound (OWASP's API rules) find it.
fn bound_fixed_length_formats(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let bound = match map.get("format").and_then(Value::as_str) {
                Some("uuid") => Some(36),
                Some("date") => Some(10),
                Some("date-time") => Some(35),
                _ => None,
            };
            if let Some(bound) = bound.filter(|_| is_string(map) && !map.contains_key("maxLength")) {
                map.insert("maxLength".into(), json!(bound));
            }
            map.values_mut().for_each(bound_fixed_length_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_fixed_length_formats),
        _ => {}
    }
}

fn is_string(schema: &Map<String, Value>) -> bool {
    match schema.get("type") {
        Some(Value::String(kind)) => kind == "string",
        Some(Value::Array(kinds)) => kinds.iter().any(|k| k == "string"),
        _ => false,
    }
}

/// A `cursor` is opaque, but its alphabet (base64url) and length are known: stating them keeps
/// generated values within the request-target limit instead of being refused before the route.
fn bound_cursors(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for method in HTTP_METHODS {
            let parameters = item.get_mut(method).and_then(|o| o.get_mut("parameters")).and_then(Value::as_array_mut);
            for parameter in parameters.into_iter().flatten() {
                if parameter["in"] == "query"
                    && parameter["name"] == "cursor"
                    && let Some(schema) = parameter.get_mut("schema").and_then(Value::as_object_mut)
                {
                    schema.entry("maxLength").or_insert(json!(MAX_CURSOR_LENGTH));
                    schema.entry("pattern").or_insert(json!("^[A-Za-z0-9_-]*$"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_is_the_first_sentence() {
        assert_eq!(first_sentence("Read one institution."), None);
        assert_eq!(
            first_sentence("Delete a lab (administrators). `If-Match` is optional;\nwhen sent it must be current."),
            Some("Delete a lab (administrators).".into())
        );
        assert_eq!(first_sentence("Codes, e.g. RU or CN. More."), Some("Codes, e.g. RU or CN.".into()));
    }
}
