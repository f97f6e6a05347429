//! The error answers many operations share, for the OpenAPI document: a route lists its success
//! answer, the errors particular to it (403, 404, 409, 422 with what they mean there), and one or
//! more of these sets.

use utoipa::IntoResponses;

use crate::error::Problem;

/// Every operation that reaches the database.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum Unavailable {
    #[response(
        status = 414,
        description = "The request target (path and query) is longer than 8192 bytes",
        content_type = "application/problem+json"
    )]
    TooLong(Problem),
    #[response(
        status = 503,
        description = "Database unavailable; see Retry-After",
        content_type = "application/problem+json"
    )]
    Unavailable(Problem),
    #[response(
        status = 500,
        description = "Internal error; quote the request id",
        content_type = "application/problem+json"
    )]
    Internal(Problem),
}

/// Operations for signed-in callers only.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum SignedIn {
    #[response(
        status = 414,
        description = "The request target (path and query) is longer than 8192 bytes",
        content_type = "application/problem+json"
    )]
    TooLong(Problem),
    #[response(
        status = 401,
        description = "Not signed in, or the credentials are invalid, expired or revoked",
        content_type = "application/problem+json"
    )]
    Unauthenticated(Problem),
    #[response(
        status = 503,
        description = "Database unavailable; see Retry-After",
        content_type = "application/problem+json"
    )]
    Unavailable(Problem),
    #[response(
        status = 500,
        description = "Internal error; quote the request id",
        content_type = "application/problem+json"
    )]
    Internal(Problem),
}

/// Reads open to anyone (public records), signed in or not.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum Anyone {
    #[response(
        status = 414,
        description = "The request target (path and query) is longer than 8192 bytes",
        content_type = "application/problem+json"
    )]
    TooLong(Problem),
    #[response(
        status = 401,
        description = "Credentials were sent but are invalid, expired or revoked",
        content_type = "application/problem+json"
    )]
    Unauthenticated(Problem),
    #[response(
        status = 503,
        description = "Database unavailable; see Retry-After",
        content_type = "application/problem+json"
    )]
    Unavailable(Problem),
    #[response(
        status = 500,
        description = "Internal error; quote the request id",
        content_type = "application/problem+json"
    )]
    Internal(Problem),
}

/// Operations that take a JSON body.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum JsonBody {
    #[response(status = 400, description = "Malformed JSON", content_type = "application/problem+json")]
    Malformed(Problem),
    #[response(status = 413, description = "Body too large", content_type = "application/problem+json")]
    TooLarge(Problem),
    #[response(status = 415, description = "Body is not JSON", content_type = "application/problem+json")]
    NotJson(Problem),
}

/// Updates of versioned records (`If-Match` required).
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum Versioned {
    #[response(
        status = 412,
        description = "Stale If-Match: the record changed since you read it",
        content_type = "application/problem+json"
    )]
    Stale(Problem),
    #[response(
        status = 428,
        description = "If-Match missing, or `*` instead of the ETag you read",
        content_type = "application/problem+json"
    )]
    Unconditional(Problem),
}
