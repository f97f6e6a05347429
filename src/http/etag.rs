//! Entity tags from record versions, `If-Match` for safe updates, `If-None-Match` for cheap rereads.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};
use std::future::{Ready, ready};

use crate::error::ApiError;

/// The strong entity tag of a record version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
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

/// `If-Match`, required on updates: 428 when absent.
#[derive(Debug, Clone)]
pub struct IfMatch(Condition);

impl IfMatch {
    /// Strong comparison (RFC 9110 §13.1.1): a weak tag never matches.
    pub fn matches(&self, version: i64) -> bool {
        match &self.0 {
            Condition::Any => true,
            Condition::Tags(tags) => tags.iter().any(|t| *t == etag(version)),
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Condition::parse(req, header::IF_MATCH).map(IfMatch).ok_or(ApiError::PreconditionRequired))
    }
}

/// `If-Match` where it is optional (deletes): checked only when sent.
#[derive(Debug, Clone)]
pub struct OptionalIfMatch(pub Option<IfMatch>);

impl FromRequest for OptionalIfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(OptionalIfMatch(Condition::parse(req, header::IF_MATCH).map(IfMatch))))
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

impl FromRequest for IfNoneMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(IfNoneMatch(Condition::parse(req, header::IF_NONE_MATCH))))
    }
}
