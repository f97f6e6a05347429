//! Entity tags from record versions, `If-Match` for safe updates, `If-None-Match` for cheap rereads.

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use std::future::{Ready, ready};

use crate::db::models::versioned::Precondition;
use crate::error::ApiError;

/// The strong entity tag of a record version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// A versioned record as JSON, with its ETag.
pub fn tagged(status: StatusCode, version: i64, body: &impl serde::Serialize) -> HttpResponse {
    HttpResponse::build(status).insert_header((header::ETAG, etag(version))).json(body)
}

/// The longest precondition header taken, in bytes (all its lines together): the registry's tags are
/// short (`"12"`), and the OpenAPI document states the bound (`maxLength`), so it is enforced.
pub const MAX_HEADER_LENGTH: usize = 1024;

/// Whether the header's lines together are longer than [`MAX_HEADER_LENGTH`].
fn too_long(req: &HttpRequest, name: header::HeaderName) -> bool {
    req.headers().get_all(name).map(|v| v.len()).sum::<usize>() > MAX_HEADER_LENGTH
}

/// One parsed precondition header: `*` or a list of entity tags.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Condition {
    Any,
    Tags(Vec<String>),
}

impl Condition {
    fn parse(req: &HttpRequest, name: header::HeaderName) -> Option<Self> {
        let values: Vec<&str> = req.headers().get_all(name).filter_map(|v| v.to_str().ok()).collect();
        if values.is_empty() {
            return None;
        }
        if values.iter().any(|v| v.trim() == "*") {
            return Some(Condition::Any);
        }
        let tags = values.iter().flat_map(|v| v.split(',')).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        Some(Condition::Tags(tags.collect()))
    }
}

impl Precondition for Condition {
    /// Strong comparison (RFC 9110 §13.1.1): a weak tag never matches.
    fn accepts(&self, version: i64) -> bool {
        match self {
            Condition::Any => true,
            Condition::Tags(tags) => tags.iter().any(|t| *t == etag(version)),
        }
    }
}

/// `If-Match`, required on updates: 428 when absent. `*` is refused too: it matches whatever
/// version is stored, so it would let an edit overwrite one the client never saw.
#[derive(Debug, Clone)]
pub struct IfMatch(Vec<String>);

impl IfMatch {
    /// The version a console form was rendered with, as the `If-Match` the API would be sent.
    pub fn version(version: i64) -> IfMatch {
        IfMatch(vec![etag(version)])
    }
}

impl Precondition for IfMatch {
    fn accepts(&self, version: i64) -> bool {
        self.0.iter().any(|t| *t == etag(version))
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if too_long(req, header::IF_MATCH) {
            // No version's tag is that long: it cannot match.
            return ready(Err(ApiError::PreconditionFailed));
        }
        ready(match Condition::parse(req, header::IF_MATCH) {
            Some(Condition::Tags(tags)) => Ok(IfMatch(tags)),
            Some(Condition::Any) | None => Err(ApiError::PreconditionRequired),
        })
    }
}

/// `If-Match` where it is optional (deletes): checked only when sent; `*` means "if it exists".
#[derive(Debug, Clone)]
pub struct OptionalIfMatch(Option<Condition>);

impl OptionalIfMatch {
    pub fn get(&self) -> Option<&impl Precondition> {
        self.0.as_ref()
    }
}

impl FromRequest for OptionalIfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if too_long(req, header::IF_MATCH) {
            return ready(Err(ApiError::PreconditionFailed));
        }
        ready(Ok(OptionalIfMatch(Condition::parse(req, header::IF_MATCH))))
    }
}

/// `If-None-Match` on reads: a match means the client's copy is current (304).
#[derive(Debug, Clone)]
pub struct IfNoneMatch(Option<Condition>);

impl IfNoneMatch {
    /// Weak comparison, as RFC 9110 §13.1.2 prescribes for `If-None-Match`.
    pub fn matches(&self, version: i64) -> bool {
        let current = etag(version);
        match &self.0 {
            None => false,
            Some(Condition::Any) => true,
            Some(Condition::Tags(tags)) => tags.iter().any(|t| t.strip_prefix("W/").unwrap_or(t) == current),
        }
    }
}

impl IfNoneMatch {
    /// 304 when the client's copy is current; otherwise 200 with the body `make` builds.
    pub fn respond<T: serde::Serialize>(
        &self,
        version: i64,
        make: impl FnOnce() -> Result<T, ApiError>,
    ) -> Result<HttpResponse, ApiError> {
        if self.matches(version) {
            return Ok(HttpResponse::NotModified().insert_header((header::ETAG, etag(version))).finish());
        }
        Ok(tagged(StatusCode::OK, version, &make()?))
    }
}

impl FromRequest for IfNoneMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if too_long(req, header::IF_NONE_MATCH) {
            let detail = format!("If-None-Match is longer than {MAX_HEADER_LENGTH} bytes");
            return ready(Err(ApiError::BadRequest(detail)));
        }
        ready(Ok(IfNoneMatch(Condition::parse(req, header::IF_NONE_MATCH))))
    }
}
