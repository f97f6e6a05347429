//! Accepting invitations and resetting forgotten passwords, with single-use mailed tokens.

use actix_web::web::Data;
use actix_web::{HttpResponse, post};

use crate::auth::account;
use crate::auth::password::Passwords;
use crate::config::MailSettings;
use crate::db::Db;
use crate::email::Outbox;
use crate::error::{ApiError, Problem};
use crate::http::json::ApiJson;
use crate::http::responses::{InvalidFields, JsonBody, Unavailable};
use crate::i18n::Catalogue;

use super::wire::{AcceptInvitation, PasswordResetAccepted, PasswordResetConfirm, PasswordResetRequest};

/// Accept an invitation: set the first password of an invited account, which becomes active.
#[utoipa::path(
    tag = "auth",
    request_body(content = AcceptInvitation, content_type = "application/json"),
    responses(
        (status = 204, description = "The account is active; sign in with the new password"),
        (status = 422, description = "Invalid, used or expired token, or a password that breaks the policy", body = Problem, content_type = "application/problem+json"),
        JsonBody, Unavailable,
    )
)]
#[post("/auth/invitations/accept")]
pub async fn accept_invitation(
    db: Data<Db>,
    passwords: Data<Passwords>,
    body: ApiJson<AcceptInvitation>,
) -> Result<HttpResponse, ApiError> {
    let AcceptInvitation { token, password } = body.into_inner();
    account::accept_invitation(&db, &passwords, token, password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ask for a password reset mail. The answer is the same whether or not the address has an
/// account; mail goes only to active accounts, at most three an hour.
#[utoipa::path(
    tag = "auth",
    request_body(content = PasswordResetRequest, content_type = "application/json"),
    responses(
        (status = 202, description = "Accepted (always the same answer). The mail, in the account's language, links to the console's page `/console/password-reset/confirm?token=…`; the token works here too.", body = PasswordResetAccepted),
        InvalidFields, JsonBody, Unavailable,
    )
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    db: Data<Db>,
    mail: Data<MailSettings>,
    catalogue: Data<Catalogue>,
    outbox: Data<Outbox>,
    body: ApiJson<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    account::request_password_reset(&db, &mail, catalogue.into_inner(), &outbox, body.into_inner().email).await?;
    Ok(HttpResponse::Accepted().json(PasswordResetAccepted {
        status: "accepted",
        detail: "If an active account has this address, a message with a reset token is on its way.",
    }))
}

/// Set a new password with a reset token. Every session of the account ends.
#[utoipa::path(
    tag = "auth",
    request_body(content = PasswordResetConfirm, content_type = "application/json"),
    responses(
        (status = 204, description = "The password is changed; every session has ended"),
        (status = 422, description = "Invalid, used or expired token, or a password that breaks the policy", body = Problem, content_type = "application/problem+json"),
        JsonBody, Unavailable,
    )
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    db: Data<Db>,
    passwords: Data<Passwords>,
    body: ApiJson<PasswordResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    let PasswordResetConfirm { token, new_password } = body.into_inner();
    account::confirm_password_reset(&db, &passwords, token, new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}
