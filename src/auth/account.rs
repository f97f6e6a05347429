//! What a person does with their own account — accept an invitation, reset a forgotten password,
//! change it, end every session — in one place for the API and the console. Callers check the
//! password policy first (`password::check_policy`), so each can word its own answer.

use chrono::TimeDelta;

use crate::auth::messages;
use crate::auth::password::{Passwords, Verification};
use crate::config::MailSettings;
use crate::db::models::history::{self, Actor};
use crate::db::models::one_time_token::{self, Purpose};
use crate::db::models::refresh;
use crate::db::models::user::User;
use crate::db::{Db, transaction};
use crate::domain::role::UserStatus;
use crate::email::{self, Outbox};
use crate::error::ApiError;
use crate::http::exchange::{Admission, Exchange};

/// Resets mailed to one account per hour at most.
const RESETS_PER_HOUR: i64 = 3;

/// The field-level error for a token that is mistyped, used or expired.
pub fn invalid_token(what: &str) -> ApiError {
    ApiError::field(
        "token",
        "invalid_token",
        format!("is not a valid {what} token: it may be mistyped, used or expired"),
    )
}

/// Sets the first password of an invited account, which becomes active.
pub async fn accept_invitation(
    db: &Db,
    passwords: &Passwords,
    token: String,
    password: String,
) -> Result<(), ApiError> {
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
    .await
}

/// Mails a reset token to `email` when it is an active account's and fewer than three were sent
/// in the last hour. Says nothing about whether it did: the caller's answer must be the same.
pub async fn request_password_reset(
    db: &Db,
    mail: &MailSettings,
    outbox: &Outbox,
    email: String,
) -> Result<(), ApiError> {
    let mail = mail.clone();
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
                email::enqueue(conn, &messages::password_reset(&mail, &user.email, &user.display_name, &token))?;
                Ok(true)
            })
        })
        .await?;
    if queued {
        outbox.wake();
    }
    Ok(())
}

/// Sets a new password with a reset token; every session of the account ends.
pub async fn confirm_password_reset(
    db: &Db,
    passwords: &Passwords,
    token: String,
    new_password: String,
) -> Result<(), ApiError> {
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
    .await
}

/// Changes the caller's password after checking the current one; every session ends, the
/// caller's own included.
pub async fn change_password<A: Admission>(
    exchange: &Exchange<A>,
    passwords: &Passwords,
    current_password: String,
    new_password: String,
) -> Result<(), ApiError> {
    // Two trips, with the password hashing (slow on purpose) between them, off the database.
    let (user_id, stored) = exchange
        .read(|conn, context| {
            let (id, _) = context.caller()?.person()?;
            Ok((id.to_owned(), User::find(conn, id)?.password_hash))
        })
        .await?;
    if let Verification::Mismatch = passwords.verify(current_password, stored).await? {
        return Err(ApiError::field("current_password", "wrong_password", "is not your current password"));
    }
    let hash = passwords.hash(new_password).await?;
    exchange
        .write(move |conn, context| {
            let (id, _) = context.caller()?.person()?;
            // The same account as before the hashing, or the session changed hands meanwhile.
            if id != user_id {
                return Err(ApiError::Unauthenticated("The session changed; sign in again."));
            }
            User::set_password(conn, id, &hash, true)?;
            refresh::revoke_all_for_user(conn, id, "password changed")?;
            history::record(conn, &context.actor()?, "user", id, "password_change", serde_json::json!({}))
        })
        .await
}

/// Ends every session of the caller — API refresh sessions, console sessions, and with them the
/// access tokens issued in them.
pub async fn sign_out_everywhere<A: Admission>(exchange: &Exchange<A>) -> Result<(), ApiError> {
    exchange
        .write(|conn, context| {
            let (id, _) = context.caller()?.person()?;
            refresh::revoke_all_for_user(conn, id, "signed out everywhere")?;
            history::record(conn, &context.actor()?, "user", id, "sign_out_everywhere", serde_json::json!({}))
        })
        .await
}
