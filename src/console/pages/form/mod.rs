//! What every console form that writes a record shares: a key per rendered form, so a double
//! click or a resubmitted page makes one record (the API's `Idempotency-Key`, in the same store),
//! and the API's refusals of fields as messages next to those fields, in the page's language.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::web::Form;
use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};

use super::history::{self, HistoryData, HistoryRow};
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::error::{ApiError, FieldError};
use crate::http::idempotency::IdempotencyKey;
use crate::http::validation::field_errors;

mod names;
mod save;

pub use names::TypedNames;
pub use save::{Editable, Refusal, open, register, save_change};

/// A submitted form: what every form carries (its CSRF token, and as it needs: the create's key,
/// the version an edit began from, a picker's Find, the page to go back to) and its `values`.
#[derive(Deserialize)]
pub struct Sent<V> {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub key: String,
    /// The version an edit began from (0, which matches none, when it was not sent).
    #[serde(default, deserialize_with = "version")]
    pub version: i64,
    /// Set by a picker's Find button: come back with candidates, write nothing.
    #[serde(default)]
    pub find: String,
    #[serde(default)]
    pub from: String,
    #[serde(flatten)]
    pub values: V,
}

/// A form as a handler takes it.
pub type Posted<V> = Form<Sent<V>>;

impl<V> Sent<V> {
    /// The form, once its token fits this browser (403 otherwise).
    pub fn checked(self, page: &Page) -> Result<Sent<V>, ApiError> {
        page.check(&self.csrf)?;
        Ok(self)
    }
}

fn version<'de, D: Deserializer<'de>>(sent: D) -> Result<i64, D::Error> {
    Ok(String::deserialize(sent)?.trim().parse().unwrap_or(0))
}

/// After a create that was stored for its key: to the page its answer names (the same page for
/// a resubmitted form).
pub fn see_created(page: &Page, answer: &HttpResponse) -> HttpResponse {
    let location = answer.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("/console/");
    page.see_other(location)
}

/// A refusal the form shows next to its fields: its status, and the problems in the page's words.
/// Any other error (403, 404, …) is passed on, to the console's error page.
pub fn refused(page: &Page, error: ApiError) -> Result<(StatusCode, Vec<FieldProblem>), ApiError> {
    let status = actix_web::ResponseError::status_code(&error);
    Ok((status, problems(page, error)?))
}

/// Whether a record form registers a record (with the key of this rendering) or changes one (from
/// the version it was opened at).
pub enum Purpose {
    Register { key: String },
    Change { id: String, version: i64, name: String },
}

/// What a record form's page says and where it posts, from its purpose.
pub struct Heading {
    pub title: String,
    pub action: String,
    pub key: String,
    pub version: String,
    pub cancel: String,
}

impl Purpose {
    /// The page's frame for `member` and its heading, for the records under
    /// `/console/{collection}`: a new one is titled `new_title`.
    pub fn framed(self, page: &Page, new_title: &str, collection: &str, member: Member) -> (Frame, Heading) {
        let heading = self.heading(page, new_title, collection);
        let mut frame = page.frame(new_title, Some(member));
        frame.title = heading.title.clone();
        (frame, heading)
    }

    fn heading(self, page: &Page, new_title: &str, collection: &str) -> Heading {
        match self {
            Purpose::Register { key } => Heading {
                title: page.t(new_title),
                action: format!("/console/{collection}"),
                key,
                version: String::new(),
                cancel: "/console/".into(),
            },
            Purpose::Change { id, version, name } => Heading {
                title: page.t_with("page-change-title", &[("name", name.as_str().into())]),
                action: format!("/console/{collection}/{id}"),
                key: String::new(),
                version: version.to_string(),
                cancel: format!("/console/{collection}/{id}"),
            },
        }
    }
}

/// A problem in the summary above a form: the message, and the id of the field it is about.
#[derive(Debug, Clone)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// A field as a form shows it: its name is the API's field path (`names.en`,
/// `participants[2].orcid`), so the API's refusal of a field lands next to it; its id is the same
/// path with dashes (`names-en`, `participants-2-orcid`).
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub id: String,
    pub label: String,
    pub value: String,
    pub problem: Option<String>,
    pub hint: Option<String>,
    pub required: bool,
    /// The input's `type`: `text`, or `date` (the browser's date picker; it sends YYYY-MM-DD).
    pub input: &'static str,
    /// The id of a `<datalist>` of values to suggest as the person types.
    pub suggestions: Option<&'static str>,
    /// Where htmx asks, as the person types, whether the value will do (the answer is shown
    /// under the field and read out politely).
    pub checked_at: Option<&'static str>,
}

impl Field {
    pub fn new(page: &Page, name: impl Into<String>, value: &str, problems: &[FieldProblem]) -> Field {
        let name = name.into();
        let id = field_id(&name);
        let label = page.t(&crate::i18n::key_of("form-field", &id));
        let problem = problems.iter().find(|p| p.field == id).map(|p| p.message.clone());
        Field {
            name,
            id,
            label,
            value: value.to_owned(),
            problem,
            hint: None,
            required: false,
            input: "text",
            suggestions: None,
            checked_at: None,
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn date(mut self) -> Field {
        self.input = "date";
        self
    }

    pub fn suggesting(mut self, datalist: &'static str) -> Field {
        self.suggestions = Some(datalist);
        self
    }

    pub fn checked_at(mut self, url: &'static str) -> Field {
        self.checked_at = Some(url);
        self
    }

    pub fn hint(mut self, hint: String) -> Field {
        self.hint = Some(hint);
        self
    }

    /// What `aria-describedby` names: the problem, then the hint, then the live check.
    pub fn described_by(&self) -> String {
        let problem = self.problem.as_ref().map(|_| format!("{}-problem", self.id));
        let hint = self.hint.as_ref().map(|_| format!("{}-hint", self.id));
        let check = self.checked_at.map(|_| format!("{}-check", self.id));
        problem.into_iter().chain(hint).chain(check).collect::<Vec<_>>().join(" ")
    }
}

/// A choice of a select field: the stored word and its label.
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// `names.en` → `names-en`, `participants[2].orcid` → `participants-2-orcid`.
pub fn field_id(path: &str) -> String {
    path.replace("].", "-").replace(['.', '['], "-").replace(']', "")
}

/// A fresh key for a form about to be rendered.
pub fn new_key() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The key a submitted form carried; one that is not a key this console made is ignored (the
/// create still happens once, but a retry is not recognised).
pub fn key_of(sent: &str) -> IdempotencyKey {
    IdempotencyKey(uuid::Uuid::parse_str(sent.trim()).ok().map(|key| key.to_string()))
}

/// What the idempotency store compares: which form, with which values. The same key sent again
/// with other values is refused, as in the API.
pub fn fingerprint(form: &str, values: &impl Serialize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!("console {form}\n").as_bytes());
    hasher.update(serde_json::to_vec(values).unwrap_or_default());
    hex::encode(hasher.finalize())
}

/// The problems of the fields `error` names, in the page's words (`form-error-<code>`, or a
/// general one for a code without words of its own). Any other error is passed on.
pub fn problems(page: &Page, error: ApiError) -> Result<Vec<FieldProblem>, ApiError> {
    let errors = match error {
        ApiError::Validation(errors) => errors,
        ApiError::Conflict { errors, .. } if !errors.is_empty() => errors,
        other => return Err(other),
    };
    Ok(errors
        .into_iter()
        .map(|e| FieldProblem { field: field_id(&e.field), message: message(page, &e.field, &e.code) })
        .collect())
}

/// Every problem at once, as the API reports them: those the form made turning text into typed
/// values (a date, a stored word, a required choice), and the request's own checks of the fields
/// the form found nothing wrong with (the stand-in it sent for a bad value would say less).
pub fn checked(
    result: Result<(), validator::ValidationErrors>,
    more: impl IntoIterator<Item = Option<FieldError>>,
) -> Result<(), ApiError> {
    let mut errors: Vec<FieldError> = more.into_iter().flatten().collect();
    let checks = result.err().map(|e| field_errors(&e)).unwrap_or_default();
    let unnamed: Vec<FieldError> = checks.into_iter().filter(|c| errors.iter().all(|e| e.field != c.field)).collect();
    errors.extend(unnamed);
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// A stored word chosen in a select (`status`, `kind`), or the API's refusal of it.
pub fn word<T>(field: &str, sent: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, FieldError> {
    match sent.trim() {
        "" => Err(FieldError::new(field, "required", "is required")),
        word => parse(word).ok_or_else(|| FieldError::new(field, "invalid_value", "is not one of the allowed values")),
    }
}

/// A day typed or picked (`YYYY-MM-DD`, as a date input sends it).
pub fn day(field: &str, sent: &str) -> Result<chrono::NaiveDate, FieldError> {
    match sent.trim() {
        "" => Err(FieldError::new(field, "required", "is required")),
        text => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| FieldError::new(field, "invalid_date", "must be a date, YYYY-MM-DD")),
    }
}

/// The words for `code` on `field` (`form-error-ror-id-already-registered`), else for `code`
/// anywhere (`form-error-blank`), else the general ones.
fn message(page: &Page, field: &str, code: &str) -> String {
    let catalogue = page.catalogue();
    let particular = crate::i18n::key_of("form-error", &format!("{}-{code}", field_id(field)));
    let general = crate::i18n::key_of("form-error", code);
    let key = [particular, general].into_iter().find(|key| catalogue.has(key));
    page.t(key.as_deref().unwrap_or("form-error-invalid"))
}

/// A stored value that may be absent, as its field shows it: blank for none.
pub fn shown(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// Empty or blank means "none" in a form, as an omitted field does in the API.
pub fn optional(value: &str) -> Option<String> {
    (!value.trim().is_empty()).then(|| value.to_owned())
}

/// What others saved since the version a form began from: each saved change is one version and
/// one history entry, so the newest `current - began_at` entries of `history`.
pub fn changed_meanwhile(page: &Page, history: &HistoryData, current: i64, began_at: i64) -> Vec<HistoryRow> {
    let mut rows = history::view(&page.catalogue().texts(page.lang), history).rows;
    rows.truncate(usize::try_from(current - began_at).unwrap_or(0));
    rows
}
