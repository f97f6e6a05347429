//! HTTP plumbing shared by every resource: request ids, body and query extractors, ETags,
//! cursors, the 404/405 fallback.

pub mod csv;
pub mod etag;
pub mod fallback;
pub mod idempotency;
pub mod json;
pub mod pagination;
pub mod patch;
pub mod query;
pub mod request_id;
pub mod security_headers;
pub mod validation;
