//! Turns `validator` results and serde's shape errors into flat, dotted field errors
//! (`names.en`, `items[2].doi`).

use validator::{ValidationErrors, ValidationErrorsKind};

use crate::error::FieldError;

pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect("", errors, &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect(prefix: &str, errors: &ValidationErrors, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(list) => out.extend(list.iter().map(|e| {
                let message = e.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| default_message(&e.code));
                FieldError::new(path.clone(), e.code.to_string(), message)
            })),
            ValidationErrorsKind::Struct(inner) => collect(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect(&format!("{path}[{index}]"), inner, out);
                }
            }
        }
    }
}

fn default_message(code: &str) -> String {
    match code {
        "length" => "has the wrong length".into(),
        "range" => "is out of range".into(),
        "url" => "is not a valid URL".into(),
        other => format!("is invalid ({other})"),
    }
}

/// A body or query of the wrong shape, as a field error: serde names the object it was reading
/// (`path`, `.` for the top) and says in its message which field is missing or unknown.
pub fn shape_error(path: &str, message: &str) -> FieldError {
    let within = |name: &str| match path {
        "" | "." => name.to_owned(),
        object => format!("{object}.{name}"),
    };
    let quoted = |prefix: &str| message.strip_prefix(prefix).and_then(|rest| rest.split('`').next());
    if let Some(name) = quoted("missing field `") {
        return FieldError::new(within(name), "required", "is required");
    }
    if let Some(name) = quoted("unknown field `") {
        // Here serde_path_to_error's path already ends with the unknown key.
        let field = if path.rsplit('.').next() == Some(name) { path.to_owned() } else { within(name) };
        return FieldError::new(field, "unknown_field", message);
    }
    let field = if path == "." { String::new() } else { path.to_owned() };
    match message.split_once(", expected ") {
        Some((_, expected)) if message.starts_with("unknown variant") => {
            FieldError::new(field, "invalid_value", format!("must be {expected}"))
        }
        _ => FieldError::new(field, "invalid", message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_unknown_fields_are_named() {
        let missing = shape_error(".", "missing field `names`");
        assert_eq!((missing.field.as_str(), missing.code.as_str()), ("names", "required"));
        let nested = shape_error("names", "missing field `en`");
        assert_eq!(nested.field, "names.en");
        let unknown = shape_error("colour", "unknown field `colour`, expected one of `names`, `country`");
        assert_eq!((unknown.field.as_str(), unknown.code.as_str()), ("colour", "unknown_field"));
        let variant = shape_error("kind", "unknown variant `college`, expected one of `university`, `other`");
        assert_eq!(
            (variant.code.as_str(), variant.message.as_str()),
            ("invalid_value", "must be one of `university`, `other`")
        );
    }
}
