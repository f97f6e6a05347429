//! The error answers many operations share, for the OpenAPI document: a route lists its success
//! answer, the errors particular to it (403, 404, 409, 422 with what they mean there), and one or
//! more of these sets.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{Object, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoResponses, ToSchema};

use crate::error::Problem;
use crate::http::spreadsheet::XLSX;

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
pub type SignedIn = Both<NotSignedIn, Unavailable>;

/// Reads open to anyone (public records), signed in or not.
pub type Anyone = Both<BadCredentials, Unavailable>;

/// The 401 of operations for signed-in callers only.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum NotSignedIn {
    #[response(
        status = 401,
        description = "Not signed in, or the credentials are invalid, expired or revoked",
        content_type = "application/problem+json"
    )]
    Unauthenticated(Problem),
}

/// The 401 of reads open to anyone: only credentials that were sent can be refused.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum BadCredentials {
    #[response(
        status = 401,
        description = "Credentials were sent but are invalid, expired or revoked",
        content_type = "application/problem+json"
    )]
    Unauthenticated(Problem),
}

/// The answers of both sets, for a route that always has both.
pub struct Both<A, B>(PhantomData<(A, B)>);

impl<A: IntoResponses, B: IntoResponses> IntoResponses for Both<A, B> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut responses = A::responses();
        responses.extend(B::responses());
        responses
    }
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

/// Reads that take `If-None-Match`.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum NotModified {
    #[response(status = 304, description = "Not modified since the ETag in If-None-Match")]
    NotModified,
    #[response(
        status = 400,
        description = "If-None-Match longer than 1024 bytes",
        content_type = "application/problem+json"
    )]
    TooLong(Problem),
}

/// Deletes (administrators only) with an optional `If-Match`.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum Deleted {
    #[response(status = 204, description = "Deleted")]
    Deleted,
    #[response(status = 403, description = "Not an administrator", content_type = "application/problem+json")]
    Forbidden(Problem),
    #[response(status = 412, description = "Stale If-Match", content_type = "application/problem+json")]
    Stale(Problem),
}

/// Creates whose only conflict is a retry that overtakes the first try.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum Idempotent {
    #[response(
        status = 409,
        description = "A request with this Idempotency-Key is still running",
        content_type = "application/problem+json"
    )]
    StillRunning(Problem),
}

/// Routes of one record whose 404 only says it is not there (the shared registry, accounts).
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum NoSuchRecord {
    #[response(status = 404, description = "No such record", content_type = "application/problem+json")]
    NotFound(Problem),
}

/// Routes of one record a caller may not read (projects and what hangs off them): to them it is
/// not there, as if it did not exist.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum NotReadable {
    #[response(
        status = 404,
        description = "No such record, or not one you may read",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
}

/// Operations whose body has nothing to refuse but its fields.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum InvalidFields {
    #[response(status = 422, description = "Invalid fields", content_type = "application/problem+json")]
    Invalid(Problem),
}

/// Operations for department staff only: coordinators and administrators.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum StaffOnly {
    #[response(
        status = 403,
        description = "Not a coordinator or administrator",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
}

/// Operations for administrators only.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum AdministratorsOnly {
    #[response(status = 403, description = "Not an administrator", content_type = "application/problem+json")]
    Forbidden(Problem),
}

/// Lists and other reads with query parameters.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum InvalidQuery {
    #[response(status = 422, description = "Invalid parameter", content_type = "application/problem+json")]
    Invalid(Problem),
}

/// The 200 of a list that also answers as a spreadsheet: one page of `P` as JSON, or (asked for
/// with `Accept`) every match as CSV or XLSX. `P` and `SpreadsheetFile` are registered with the
/// document's components (`openapi.rs`), since a set of answers brings no schemas along.
pub struct Listed<P>(PhantomData<P>);

impl<P: ToSchema> IntoResponses for Listed<P> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let schema = |name: &str| ContentBuilder::new().schema(Some(Ref::from_schema_name(name))).build();
        let page = ResponseBuilder::new()
            .description(
                "One page; or, with `Accept: text/csv` or `Accept: application/vnd.openxmlformats-officedocument.\
                 spreadsheetml.sheet`, every match as a spreadsheet with names beside ids (in the `Accept-Language` \
                 asked for)",
            )
            .header("Link", string_header("`<next page URL>; rel=\"next\"` when there is one (JSON)"))
            .header("Content-Disposition", string_header("`attachment; filename=…` (spreadsheets)"))
            .content("application/json", schema(&P::name()))
            .content("text/csv", schema("SpreadsheetFile"))
            .content(XLSX, schema("SpreadsheetFile"))
            .build();
        BTreeMap::from([("200".to_owned(), page.into())])
    }
}

/// A response header whose value is a string, described.
fn string_header(description: &str) -> utoipa::openapi::header::Header {
    HeaderBuilder::new().schema(Some(Object::with_type(Type::String))).description(Some(description)).build()
}

/// The 201 of a create: the new record `R`, with its URL and version tag.
pub struct Created<R>(PhantomData<R>);

/// The 200 of a read of one record `R`, with its version tag.
pub struct Current<R>(PhantomData<R>);

/// The 200 of a change to record `R`: the record as it now stands, with its new version tag.
pub struct Changed<R>(PhantomData<R>);

impl<R: ToSchema> IntoResponses for Created<R> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let created = record::<R>("Created", "Version tag for If-Match")
            .header("Location", string_header("URL of the new record"));
        BTreeMap::from([("201".to_owned(), created.build().into())])
    }
}

impl<R: ToSchema> IntoResponses for Current<R> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([("200".to_owned(), record::<R>("The record", "Version tag for If-Match").build().into())])
    }
}

impl<R: ToSchema> IntoResponses for Changed<R> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        BTreeMap::from([("200".to_owned(), record::<R>("The changed record", "The new version tag").build().into())])
    }
}

/// An answer that is record `R` as JSON, tagged with its version.
fn record<R: ToSchema>(description: &str, etag: &str) -> ResponseBuilder {
    let json = ContentBuilder::new().schema(Some(Ref::from_schema_name(R::name()))).build();
    ResponseBuilder::new()
        .description(description)
        .header("ETag", string_header(etag))
        .content("application/json", json)
}

/// The schema of a CSV answer (`text/csv`): text that is not JSON, so that a generated client
/// hands it over as it came (bytes or a string) instead of parsing it.
pub struct CsvText;

impl utoipa::PartialSchema for CsvText {
    fn schema() -> RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        use utoipa::openapi::{KnownFormat, SchemaFormat};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .content_media_type("text/csv")
            .description(Some("CSV (RFC 4180), UTF-8, a header row first; not JSON."))
            .into()
    }
}

impl utoipa::ToSchema for CsvText {}
