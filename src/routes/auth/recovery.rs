//! Accepting invitations and resetting forgotten passwords, with single-use mailed tokens.

use actix_web::web::Data;
use actix_web::{HttpResponse, post};
use chrono::TimeDelta;

use crate::auth::messages;
use crate::auth::password::Passwords;
use crate::config::MailSettings;
use crate::db::models::history::{self, Actor};
use crate::db::models::one_time_token::{self, Purpose};
use crate::db::models::refresh;
use crate::db::models::user::User;
use crate::db::{Db, transaction};
use crate::domain::role::UserStatus;
use crate::email::{self, Outbox};
use crate::error::{ApiError, Problem};
use crate::http::json::ApiJson;
use crate::http::responses::{JsonBody, Unavailable};

use super::wire::{AcceptInvitation, PasswordResetAccepted, PasswordResetConfirm, PasswordResetRequest};

/// Resets mailed to one account per hour at most.
const RESETS_PER_HOUR: i64 = 3;

fn invalid_token(what: &str) -> ApiError {
    ApiError::field(
        "token",
        "invalid_token",
        format!("is not a valid {what} token: it may be mistyped, used or expired"),
    )
}

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
    let hash = passwords.hash(password).await?;
    db.run(move |conn| {
        transaction::write(conn, |conn| {
            let user_id = one_time_token::consume(conn, &token, Purpose::Invitation)?
                .ok_or_else(|| invalid_token("invitation"))?;
            let user = User::find(conn, &user_id)?;
            if user.status()? != UserStatus::Invited {
                return Err(invalid_token("invitation"));
            }
            User::activate(conn, &user_id, &hash, &Actor::user(&user_id, None))
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ask for a password reset mail. The answer is the same whether or not the address has an
/// account; mail goes only to active accounts, at most three an hour.
#[utoipa::path(
    tag = "auth",
    request_body(content = PasswordResetRequest, content_type = "application/json"),
    responses(
        (status = 202, description = "Accepted (always the same answer)", body = PasswordResetAccepted),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        JsonBody, Unavailable,
    )
)]
#[post("/auth/password-reset")]
pub async fn request_password_reset(
    db: Data<Db>,
    mail: Data<MailSettings>,
    outbox: Data<Outbox>,
    body: ApiJson<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let email = body.into_inner().email;
    let mail_settings = mail.get_ref().clone();
    let queued = db
        .run(move |conn| {
            transaction::write(conn, |conn| {
                let Some(user) = User::find_by_email(conn, &email)? else { return Ok(false) };
                let hour_ago = crate::db::models::now() - TimeDelta::hours(1);
                let recent = one_time_token::issued_since(conn, &user.id, Purpose::PasswordReset, hour_ago)?;
                if user.status()? != UserStatus::Active || recent >= RESETS_PER_HOUR {
                    return Ok(false);
                }
                let token = one_time_token::issue(conn, &user.id, Purpose::PasswordReset)?;
                email::enqueue(
                    conn,
                    &messages::password_reset(&mail_settings, &user.email, &user.display_name, &token),
                )?;
                Ok(true)
            })
        })
        .await?;
    if queued {
        outbox.wake();
    }
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
    let hash = passwords.hash(new_password).await?;
    db.run(move |conn| {
        transaction::write(conn, |conn| {
            let user_id = one_time_token::consume(conn, &token, Purpose::PasswordReset)?
                .ok_or_else(|| invalid_token("password reset"))?;
            User::set_password(conn, &user_id, &hash, true)?;
            refresh::revoke_all_for_user(conn, &user_id, "password reset")?;
            let actor = Actor::user(&user_id, None);
            history::record(conn, &actor, "user", &user_id, "password_reset", serde_json::json!({}))
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
