//! One error type for the whole API, rendered as RFC 9457 problem details.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::request_id;

/// Seconds a client should wait before retrying when the database is unavailable.
pub const RETRY_AFTER_SECS: u32 = 2;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(example = json!({"field": "ror_id", "code": "invalid_ror_id", "message": "has a wrong checksum: check for a typing error"}))]
pub struct FieldError {
    /// Path of the field in the request, dotted (`names.en`); query parameters by name.
    pub field: String,
    /// Stable machine-readable code, e.g. `required`, `too_long`, `invalid_country`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.into(), message: message.into() }
    }
}

/// RFC 9457 problem details: the body of every error response.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "about:blank",
    "title": "Validation failed",
    "status": 422,
    "detail": "One or more fields are invalid; see `errors`.",
    "instance": "/api/v1/institutions",
    "request_id": "01a21f73-9c00-7000-8000-00000000a001",
    "errors": [
        {"field": "country", "code": "invalid_country", "message": "must be an ISO 3166-1 alpha-2 country code, e.g. RU, CN, KZ"},
        {"field": "names.en", "code": "blank", "message": "must not be blank"},
        {"field": "ror_id", "code": "invalid_ror_id", "message": "has a wrong checksum: check for a typing error"}
    ]
}))]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` when the status says it all).
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path this occurrence happened on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The `X-Request-Id` of the request: quote it when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Field-level problems (validation errors only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// No credentials, or credentials that are invalid, expired or revoked.
    #[error("unauthenticated: {0}")]
    Unauthenticated(&'static str),
    /// A failed sign-in: one answer whatever the reason, so accounts cannot be discovered.
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<String> },
    #[error("conflict: {detail}")]
    Conflict { detail: String, errors: Vec<FieldError> },
    #[error("precondition failed")]
    PreconditionFailed,
    #[error("precondition required")]
    PreconditionRequired,
    #[error("payload too large: limit {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("URI too long: limit {limit} bytes")]
    UriTooLong { limit: usize },
    #[error("not acceptable")]
    NotAcceptable { available: Vec<&'static str> },
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(err.into())
    }

    pub fn internal_message(message: impl std::fmt::Display) -> Self {
        ApiError::Internal(anyhow::anyhow!("{message}"))
    }

    fn title_and_detail(&self) -> (&'static str, Option<String>) {
        match self {
            ApiError::BadRequest(d) => ("Bad request", Some(d.clone())),
            ApiError::Validation(_) => {
                ("Validation failed", Some("One or more fields are invalid; see `errors`.".into()))
            }
            ApiError::Unauthenticated(d) => ("Unauthenticated", Some((*d).into())),
            ApiError::InvalidCredentials => {
                ("Sign-in failed", Some("The email or password is wrong, or this account cannot sign in.".into()))
            }
            ApiError::Forbidden(d) => ("Forbidden", Some((*d).into())),
            ApiError::NotFound => ("Not found", Some("No such resource.".into())),
            ApiError::MethodNotAllowed { allow } => {
                ("Method not allowed", Some(format!("This resource supports: {}.", allow.join(", "))))
            }
            ApiError::Conflict { detail, .. } => ("Conflict", Some(detail.clone())),
            ApiError::PreconditionFailed => (
                "Precondition failed",
                Some("The resource has changed since you read it: fetch it again and retry with its new ETag.".into()),
            ),
            ApiError::PreconditionRequired => (
                "Precondition required",
                Some(
                    "Send `If-Match` with the ETag of the version you read (not `*`), so concurrent edits are not lost."
                        .into(),
                ),
            ),
            ApiError::PayloadTooLarge { limit } => {
                ("Payload too large", Some(format!("The body exceeds {limit} bytes.")))
            }
            ApiError::UnsupportedMediaType(d) => ("Unsupported media type", Some(d.clone())),
            ApiError::UriTooLong { limit } => (
                "URI too long",
                Some(format!("The request target exceeds {limit} bytes; send long filters in fewer, shorter parameters.")),
            ),
            ApiError::NotAcceptable { available } => (
                "Not acceptable",
                Some(format!("This resource is served as {}; ask for one of them in `Accept`.", available.join(" or "))),
            ),
            ApiError::TooManyRequests { .. } => {
                ("Too many requests", Some("Too many attempts; retry after the time in `Retry-After`.".into()))
            }
            ApiError::Unavailable(_) => (
                "Service unavailable",
                Some("The database is unavailable; retry after the time in `Retry-After`.".into()),
            ),
            // Never leak internals: the request id is what support needs.
            ApiError::Internal(_) => {
                ("Internal server error", Some("Quote the request id when reporting this.".into()))
            }
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthenticated(_) | ApiError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::UriTooLong { .. } => StatusCode::URI_TOO_LONG,
            ApiError::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let context = request_id::current();
        match self {
            ApiError::Internal(err) => tracing::error!(error = format!("{err:#}"), "internal error"),
            ApiError::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            _ => {}
        }
        let status = self.status_code();
        let (title, detail) = self.title_and_detail();
        let errors = match self {
            ApiError::Validation(errors) | ApiError::Conflict { errors, .. } => errors.clone(),
            _ => Vec::new(),
        };
        let problem = Problem {
            problem_type: "about:blank".into(),
            title: title.into(),
            status: status.as_u16(),
            detail,
            instance: context.as_ref().map(|c| c.path.clone()),
            request_id: context.map(|c| c.id),
            errors,
        };
        let mut response = HttpResponse::build(status);
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        match self {
            ApiError::MethodNotAllowed { allow } => {
                response.insert_header((header::ALLOW, allow.join(", ")));
            }
            ApiError::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, RETRY_AFTER_SECS.to_string()));
            }
            ApiError::TooManyRequests { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.max(&1).to_string()));
            }
            // RFC 9110 §15.5.2: every 401 names the scheme that would succeed.
            ApiError::Unauthenticated(_) | ApiError::InvalidCredentials => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"jointreg\""));
            }
            _ => {}
        }
        response.body(serde_json::to_string(&problem).unwrap_or_default())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as Kind, Error};
        match err {
            Error::NotFound => ApiError::NotFound,
            Error::DatabaseError(Kind::ClosedConnection | Kind::UnableToSendCommand, info) => {
                ApiError::Unavailable(info.message().to_owned())
            }
            Error::DatabaseError(_, ref info) if is_unavailable_message(info.message()) => {
                ApiError::Unavailable(info.message().to_owned())
            }
            // The checks before a write name the field; these are the database's backstop when a
            // concurrent write got in between the check and the write.
            Error::DatabaseError(Kind::UniqueViolation, _) => ApiError::Conflict {
                detail: "Another record already holds one of these values (written just now); read again and retry."
                    .into(),
                errors: vec![],
            },
            Error::DatabaseError(Kind::ForeignKeyViolation, _) => ApiError::Conflict {
                detail: "A record this change refers to, or one that refers to it, changed meanwhile; read again \
                         and retry."
                    .into(),
                errors: vec![],
            },
            other => ApiError::Internal(other.into()),
        }
    }
}

/// Errors that mean "the database is not there right now", not "the query is wrong".
fn is_unavailable_message(message: &str) -> bool {
    const SIGNS: [&str; 6] = [
        "database is locked",
        "terminating connection",
        "server closed the connection",
        "connection to server",
        "the database system is shutting down",
        "the database system is starting up",
    ];
    SIGNS.iter().any(|sign| message.contains(sign))
}

impl From<r2d2::Error> for ApiError {
    fn from(err: r2d2::Error) -> Self {
        ApiError::Unavailable(err.to_string())
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(anyhow::anyhow!("blocking task failed: {err}"))
    }
}
