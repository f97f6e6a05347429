//! A JSON body extractor whose every failure is a problem document: 415 for a wrong content type,
//! 413 over the limit, 400 for malformed JSON, 422 (with the field's path) for well-formed JSON of
//! the wrong shape, and 422 for field values that fail validation.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use validator::Validate;

use crate::error::{ApiError, FieldError};
use crate::http::validation::{field_errors, shape_error};

/// Upper bound on request bodies, set once from configuration.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A deserialized and validated JSON body.
pub struct ApiJson<T> {
    value: T,
    fingerprint: String,
}

impl<T> ApiJson<T> {
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The value, and a SHA-256 of method, path and body bytes (what an `Idempotency-Key` is bound to).
    pub fn into_parts(self) -> (T, String) {
        (self.value, self.fingerprint)
    }
}

/// `application/json`, `application/merge-patch+json` and any other `+json` type are JSON.
fn is_json(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<web::Data<BodyLimit>>().map(|l| l.0).unwrap_or(1 << 20);
        let json = is_json(req);
        let target = format!("{} {}", req.method(), req.path());
        let declared_length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !json {
                return Err(ApiError::UnsupportedMediaType(
                    "Send the body as JSON with `Content-Type: application/json`.".into(),
                ));
            }
            if declared_length.is_some_and(|len| len > limit) {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("Could not read the body: {e}")))?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            let value: T = parse(&body)?;
            value.validate().map_err(|errors| ApiError::Validation(field_errors(&errors)))?;
            let mut hasher = Sha256::new();
            hasher.update(target.as_bytes());
            hasher.update(b"\n");
            hasher.update(&body);
            Ok(ApiJson { value, fingerprint: hex::encode(hasher.finalize()) })
        })
    }
}

/// Syntax first (400), then shape (422 naming the field: an object, with fields of the right
/// types), so a body that is not JSON at all is never reported as a field problem.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let document: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| ApiError::BadRequest(format!("The body is not valid JSON: {e}")))?;
    // Every body is an object. serde would also read a struct from an array of its fields in
    // order, so `[]` would pass as an empty merge patch.
    if !document.is_object() {
        return Err(ApiError::Validation(vec![FieldError::new(
            String::new(),
            "not_an_object",
            "the body must be a JSON object",
        )]));
    }
    serde_path_to_error::deserialize(document).map_err(|err| {
        let path = err.path().to_string();
        ApiError::Validation(vec![shape_error(&path, &err.into_inner().to_string())])
    })
}
