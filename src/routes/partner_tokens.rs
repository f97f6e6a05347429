//! Partner API tokens: read-only credentials for a partner institution's systems, issued and
//! revoked by administrators. The secret is shown once, when issued.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::institution::Institution;
use crate::db::models::partner_token::PartnerToken;
use crate::domain::text::single_line;
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::http::json::ApiJson;
use crate::http::record::{RecordId, RecordRequest};
use crate::http::responses::{AdministratorsOnly, InvalidFields, JsonBody, NoSuchRecord, SignedIn};

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "WHU research office nightly sync",
    "expires_at": "2027-12-31T23:59:59Z"
}))]
pub struct IssuePartnerToken {
    /// What the token is for, e.g. "WHU research office nightly sync".
    #[validate(length(max = 200), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// When the token stops working (optional; must be in the future).
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01a21f73-9c00-7000-8000-000000000601",
    "institution_id": "01a21f73-9c00-7000-8000-000000000001",
    "name": "WHU research office nightly sync",
    "prefix": "jrp_wrQjCW",
    "created_at": "2026-10-01T08:00:00Z",
    "expires_at": "2027-12-31T23:59:59Z",
    "last_used_at": null,
    "revoked_at": null,
    "token": "jrp_wrQjCW7QNNrj8kkTE2cumnRLEPf05PxQJlv9lkB-z1A"
}))]
pub struct PartnerTokenResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub institution_id: String,
    pub name: String,
    /// The first characters of the token, to recognise it.
    #[schema(example = "jrp_Ab12Cd")]
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The secret itself: present only in the answer that issues it. Send it as
    /// `Authorization: Bearer …`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl PartnerTokenResponse {
    pub fn new(token: PartnerToken, secret: Option<String>) -> Self {
        PartnerTokenResponse {
            id: token.id,
            institution_id: token.institution_id,
            name: token.name,
            prefix: token.prefix,
            created_at: token.created_at.and_utc(),
            expires_at: token.expires_at.map(|t| t.and_utc()),
            last_used_at: token.last_used_at.map(|t| t.and_utc()),
            revoked_at: token.revoked_at.map(|t| t.and_utc()),
            token: secret,
        }
    }
}

/// Issue a partner API token for an institution (administrators). The secret is in this answer
/// only; it is stored as a hash.
#[utoipa::path(
    tag = "partner tokens",
    security(("bearer" = [])),
    params(RecordId),
    request_body(content = IssuePartnerToken, content_type = "application/json"),
    responses(
        (status = 201, description = "Issued; copy the token now", body = PartnerTokenResponse),
        AdministratorsOnly, NoSuchRecord, InvalidFields, JsonBody, SignedIn,
    )
)]
#[post("/institutions/{id}/partner-tokens")]
pub async fn issue_partner_token(request: RecordRequest<ApiJson<IssuePartnerToken>>) -> Result<HttpResponse, ApiError> {
    let (exchange, institution_id, body) = request.into_parts()?;
    let input = body.into_inner();
    check(&input)?;
    let (token, secret) = exchange.write(move |conn, context| issue(conn, context, &institution_id, input)).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(PartnerTokenResponse::new(token, Some(secret))))
}

/// What an issue request is checked for besides its fields: a token cannot expire in the past.
pub fn check(input: &IssuePartnerToken) -> Result<(), ApiError> {
    if input.expires_at.is_some_and(|at| at <= Utc::now()) {
        return Err(ApiError::field("expires_at", "in_the_past", "must be in the future"));
    }
    Ok(())
}

/// `POST /api/v1/institutions/{id}/partner-tokens` inside its transaction: the token and its
/// secret, which is in this answer only.
pub fn issue(
    conn: &mut DbConn,
    context: &Context,
    institution_id: &str,
    input: IssuePartnerToken,
) -> Result<(PartnerToken, String), ApiError> {
    let caller = context.caller()?;
    Institution::find(conn, institution_id)?;
    policy::manage_partner_tokens(caller)?;
    let (created_by, _) = caller.person()?;
    let expires_at = input.expires_at.map(|at| at.naive_utc());
    let name = input.name.trim().to_owned();
    PartnerToken::issue(conn, institution_id, name, expires_at, created_by, &caller.actor())
}

/// An institution's tokens, as `GET /api/v1/institutions/{id}/partner-tokens` lists them.
pub fn list(conn: &mut DbConn, context: &Context, institution_id: &str) -> Result<Vec<PartnerToken>, ApiError> {
    Institution::find(conn, institution_id)?;
    policy::manage_partner_tokens(context.caller()?)?;
    PartnerToken::list_for_institution(conn, institution_id)
}

/// `DELETE /api/v1/partner-tokens/{id}` inside its transaction; returns the token as it was.
pub fn revoke(conn: &mut DbConn, context: &Context, id: &str) -> Result<PartnerToken, ApiError> {
    let token = PartnerToken::find(conn, id)?;
    policy::manage_partner_tokens(context.caller()?)?;
    token.revoke(conn, &context.actor()?)?;
    Ok(token)
}

/// An institution's partner API tokens, revoked ones included (administrators).
#[utoipa::path(
    tag = "partner tokens",
    security(("bearer" = [])),
    params(RecordId),
    responses(
        (status = 200, description = "The tokens, oldest first (never their secrets)", body = Vec<PartnerTokenResponse>,
            example = json!([
                {
                    "id": "01a21f73-9c00-7000-8000-000000000601",
                    "institution_id": "01a21f73-9c00-7000-8000-000000000001",
                    "name": "WHU research office nightly sync",
                    "prefix": "jrp_wrQjCW",
                    "created_at": "2026-10-01T08:00:00Z",
                    "expires_at": "2027-12-31T23:59:59Z",
                    "last_used_at": "2026-11-28T02:00:04Z",
                    "revoked_at": null
                }
            ])),
        AdministratorsOnly, NoSuchRecord, SignedIn,
    )
)]
#[get("/institutions/{id}/partner-tokens")]
pub async fn list_partner_tokens(request: RecordRequest<()>) -> Result<HttpResponse, ApiError> {
    let (exchange, institution_id, ()) = request.into_parts()?;
    let tokens = exchange.read(move |conn, context| list(conn, context, &institution_id)).await?;
    Ok(HttpResponse::Ok().json(tokens.into_iter().map(|t| PartnerTokenResponse::new(t, None)).collect::<Vec<_>>()))
}

/// Revoke a partner API token (administrators). It stops working at once; revoking again is harmless.
#[utoipa::path(
    tag = "partner tokens",
    security(("bearer" = [])),
    params(RecordId),
    responses(
        (status = 204, description = "Revoked"),
        AdministratorsOnly, NoSuchRecord, SignedIn,
    )
)]
#[delete("/partner-tokens/{id}")]
pub async fn revoke_partner_token(request: RecordRequest<()>) -> Result<HttpResponse, ApiError> {
    let (exchange, id, ()) = request.into_parts()?;
    exchange.write(move |conn, context| revoke(conn, context, &id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
