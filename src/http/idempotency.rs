//! `Idempotency-Key` on creates: a retry with the same key and body gets the original answer
//! (marked `Idempotent-Replayed: true`), the same key with another body is 422, and a retry while
//! the first is still running is 409. Keys belong to one caller and live 24 hours.

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use std::future::{Ready, ready};

use crate::auth::caller::{Caller, Principal};
use crate::db::DbConn;
use crate::db::models::idempotency::{self, Claim, StoredResponse};
use crate::error::ApiError;

pub const HEADER: &str = "idempotency-key";

/// The `Idempotency-Key` header, when sent: 1–255 visible ASCII characters.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(value) = req.headers().get(HEADER) else { return ready(Ok(IdempotencyKey(None))) };
        let key =
            value.to_str().ok().filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()));
        ready(match key {
            Some(key) => Ok(IdempotencyKey(Some(key.to_owned()))),
            None => Err(ApiError::field(
                "Idempotency-Key",
                "invalid",
                "must be 1–255 visible ASCII characters, e.g. a UUID",
            )),
        })
    }
}

impl StoredResponse {
    /// A 201 with the new record's URL, ETag and JSON body.
    pub fn created(location: String, etag: String, body: &impl serde::Serialize) -> Result<Self, ApiError> {
        Ok(StoredResponse {
            status: 201,
            location: Some(location),
            etag: Some(etag),
            body: serde_json::to_string(body).map_err(ApiError::internal)?,
        })
    }

    /// Any other answer with a JSON body.
    pub fn json(status: u16, body: &impl serde::Serialize) -> Result<Self, ApiError> {
        Ok(StoredResponse {
            status,
            location: None,
            etag: None,
            body: serde_json::to_string(body).map_err(ApiError::internal)?,
        })
    }

    pub fn into_response(self, replayed: bool) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut response = HttpResponse::build(status);
        response.content_type("application/json");
        if let Some(location) = self.location {
            response.insert_header((header::LOCATION, location));
        }
        if let Some(etag) = self.etag {
            response.insert_header((header::ETAG, etag));
        }
        if replayed {
            response.insert_header(("Idempotent-Replayed", "true"));
        }
        response.body(self.body)
    }
}

/// Whose keys these are: a person, or a partner token.
fn scope(caller: &Caller) -> String {
    match &caller.principal {
        Principal::User { id, .. } => format!("user:{id}"),
        Principal::PartnerToken { token_id, .. } => format!("token:{token_id}"),
    }
}

/// Runs `create` at most once per caller and key; call inside the write transaction that
/// creates. The key is claimed, the record written and the answer stored in that one
/// transaction, so a crash at any point leaves either all of it or none: a retry after a crash
/// gets the stored answer or makes the record, and is never held off by a claim that died with
/// the process. Returns the answer and whether it is a replay.
pub fn once(
    conn: &mut DbConn,
    caller: &Caller,
    key: IdempotencyKey,
    fingerprint: &str,
    create: impl FnOnce(&mut DbConn) -> Result<StoredResponse, ApiError>,
) -> Result<(StoredResponse, bool), ApiError> {
    let Some(key) = key.0 else { return Ok((create(conn)?, false)) };
    let scope = scope(caller);
    match idempotency::claim(conn, &scope, &key, fingerprint)? {
        Claim::Fresh => {
            let response = create(conn)?;
            idempotency::complete(conn, &scope, &key, &response)?;
            Ok((response, false))
        }
        Claim::Replay(stored) => Ok((stored, true)),
        Claim::Mismatch => Err(ApiError::field(
            "Idempotency-Key",
            "reused",
            "was already used with a different request; use a new key",
        )),
        // PostgreSQL: another transaction holds the same key and has not committed yet.
        Claim::InProgress => Err(ApiError::Conflict {
            detail: "A request with this Idempotency-Key is still being processed; retry shortly.".into(),
            errors: vec![],
        }),
    }
}
