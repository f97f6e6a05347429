//! What every route of one record (`…/{id}`) takes from its request: who asks, which record, and
//! whatever else the operation needs (`If-Match` and a body, `If-None-Match`, a query).
//!
//! The parts are extracted in the order the handlers listed them one by one, and the id is checked
//! only when all of them are in, so a request is refused for the same reason as before: 401
//! before 428 before 400, and an id that is not a UUID is 404 last.

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::web::Path;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use serde::Serialize;
use serde_json::json;
use utoipa::IntoParams;
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};

use crate::db::DbConn;
use crate::error::ApiError;
use crate::http::etag::{IfMatch, IfNoneMatch, tagged};
use crate::http::exchange::{Admission, Context, Exchange, Members};
use crate::http::json::ApiJson;
use crate::http::record_id;

/// The caller's exchange, the record's `{id}` as sent, and `T`, the operation's other parts.
pub struct RecordRequest<T, A: Admission = Members> {
    exchange: Exchange<A>,
    id: Path<String>,
    parts: T,
}

impl<T: FromRequest + 'static, A: Admission + 'static> FromRequest for RecordRequest<T, A> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let parts = <(Exchange<A>, Path<String>, T)>::from_request(req, payload);
        Box::pin(async move {
            let (exchange, id, parts) = parts.await?;
            Ok(RecordRequest { exchange, id, parts })
        })
    }
}

impl<T, A: Admission> RecordRequest<T, A> {
    /// The exchange, the record's id (404 for anything that is not a UUID) and the other parts.
    pub fn into_parts(self) -> Result<(Exchange<A>, String, T), ApiError> {
        Ok((self.exchange, record_id(&self.id)?, self.parts))
    }
}

/// `PATCH …/{id}`: a JSON merge patch of body `B`, made only to the version `If-Match` names.
pub type Change<B> = RecordRequest<(IfMatch, ApiJson<B>)>;

impl<B: Send + 'static> Change<B> {
    /// Runs `write` (in one write transaction, as [`Exchange::write`]) on the record's id, with the
    /// `If-Match` and the changes the body asks for, and answers 200 with `answer` built from what
    /// it returns, tagged with the version `version_of` gives.
    pub async fn respond<C, R, T, F>(
        self,
        write: F,
        version_of: fn(&R) -> i64,
        answer: impl FnOnce(R) -> Result<T, ApiError>,
    ) -> Result<HttpResponse, ApiError>
    where
        F: FnOnce(&mut DbConn, &Context, &str, &IfMatch, C) -> Result<R, ApiError> + Send + 'static,
        C: From<B> + Send + 'static,
        R: Send + 'static,
        T: Serialize,
    {
        let (exchange, id, (if_match, body)) = self.into_parts()?;
        let body = C::from(body.into_inner());
        let record = exchange.write(move |conn, context| write(conn, context, &id, &if_match, body)).await?;
        Ok(tagged(StatusCode::OK, version_of(&record), &answer(record)?))
    }
}

/// `GET …/{id}`: one record, 304 when the caller's copy (`If-None-Match`) is current.
pub type Reading<A = Members> = RecordRequest<IfNoneMatch, A>;

impl<A: Admission> Reading<A> {
    /// Reads the record with `read`, and answers with `answer` built from it, tagged with the
    /// version `version_of` gives (or 304).
    pub async fn respond<R, T, F>(
        self,
        read: F,
        version_of: fn(&R) -> i64,
        answer: impl FnOnce(R) -> Result<T, ApiError>,
    ) -> Result<HttpResponse, ApiError>
    where
        F: FnOnce(&mut DbConn, &Context, &str) -> Result<R, ApiError> + Send + 'static,
        R: Send + 'static,
        T: Serialize,
    {
        let (exchange, id, cached) = self.into_parts()?;
        let record = exchange.read(move |conn, context| read(conn, context, &id)).await?;
        cached.respond(version_of(&record), || answer(record))
    }
}

/// The `{id}` of a record's route, as the OpenAPI document describes it: every record's id is a
/// UUID, so one description serves them all.
pub struct RecordId;

impl IntoParams for RecordId {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let uuid =
            ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)));
        vec![
            ParameterBuilder::new()
                .name("id")
                .parameter_in(ParameterIn::Path)
                .description(Some("The record's id"))
                .required(Required::True)
                .schema(Some(uuid))
                .example(Some(json!("01a21f73-9c00-7000-8000-000000000201")))
                .build(),
        ]
    }
}
