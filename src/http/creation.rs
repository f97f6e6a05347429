//! `POST /api/v1/{collection}`: what every create takes from its request (who asks, the
//! `Idempotency-Key`, the JSON body) and how it answers (201 with the new record's URL and ETag),
//! so that each create route only names its rule-checking `create` function and its view.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use serde::Serialize;

use crate::db::DbConn;
use crate::db::models::idempotency::StoredResponse;
use crate::error::ApiError;
use crate::http::etag::etag;
use crate::http::exchange::{Context, Exchange};
use crate::http::idempotency::IdempotencyKey;
use crate::http::json::ApiJson;

/// The caller's exchange, the `Idempotency-Key` (if sent) and body `B`, extracted in that order.
pub struct Creation<B> {
    exchange: Exchange,
    key: IdempotencyKey,
    body: ApiJson<B>,
}

impl<B: serde::de::DeserializeOwned + validator::Validate + 'static> FromRequest for Creation<B> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let parts = <(Exchange, IdempotencyKey, ApiJson<B>)>::from_request(req, payload);
        Box::pin(async move {
            let (exchange, key, body) = parts.await?;
            Ok(Creation { exchange, key, body })
        })
    }
}

impl<B: Send + 'static> Creation<B> {
    /// Runs `create` (in one write transaction, once per `Idempotency-Key`) on the fields the body
    /// converts to, and answers 201 with `answer` built from the record it returns. The answer's
    /// `id` and `version`, which every record's view carries, give its `Location` under
    /// `collection` and its `ETag`, so the headers always agree with the body.
    pub async fn respond<C, R, T, F, A>(
        self,
        collection: &'static str,
        create: F,
        answer: A,
    ) -> Result<HttpResponse, ApiError>
    where
        F: FnOnce(&mut DbConn, &Context, C) -> Result<R, ApiError> + Send + 'static,
        A: FnOnce(R, &Context) -> Result<T, ApiError> + Send + 'static,
        C: From<B> + Send + 'static,
        T: Serialize,
    {
        let (input, fingerprint) = self.body.into_parts();
        let fields = C::from(input);
        self.exchange
            .create(self.key, fingerprint, move |conn, context| {
                let record = create(conn, context, fields)?;
                let view = serde_json::to_value(answer(record, context)?).map_err(ApiError::internal)?;
                let (Some(id), Some(version)) = (view["id"].as_str(), view["version"].as_i64()) else {
                    return Err(ApiError::internal_message("a created record's view has no id or version"));
                };
                StoredResponse::created(format!("{collection}/{id}"), etag(version), &view)
            })
            .await
    }
}
