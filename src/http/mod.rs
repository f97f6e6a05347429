//! HTTP plumbing shared by every resource: request ids, body and query extractors, ETags,
//! cursors, the 404/405 fallback.

pub mod creation;
pub mod csv;
pub mod etag;
pub mod exchange;
pub mod fallback;
pub mod header_params;
pub mod idempotency;
pub mod json;
pub mod list_query;
pub mod negotiation;
pub mod pagination;
pub mod patch;
pub mod query;
pub mod record;
pub mod request_id;
pub mod request_line;
pub mod responses;
pub mod security_headers;
pub mod spreadsheet;
pub mod validation;

use crate::error::ApiError;

/// A record id from a URL path. Ids are UUIDs; anything else cannot name a record, so it is
/// simply not found.
pub fn record_id(raw: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw).map(|id| id.hyphenated().to_string()).map_err(|_| ApiError::NotFound)
}
