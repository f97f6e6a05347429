//! What a person does with their own account — accept an invitation, reset a forgotten password,
//! change it, end every session, choose the language of their mail — in one place for the API and
//! the console. Callers check the password policy first (`password::check_policy`), so each can
//! word its own answer.

use std::sync::Arc;

use chrono::TimeDelta;

use crate::auth::messages;
use crate::auth::password::{Passwords, Verification};
use crate::auth::sign_in::Throttle;
use crate::config::MailSettings;
use crate::db::models::history::{self, Actor};
use crate::db::models::login_failure;
use crate::db::models::one_time_token::{self, Purpose};
use crate::db::models::refresh;
use crate::db::models::user::User;
use crate::db::models::versioned::{self, Unconditional};
use crate::db::{Db, DbConn, transaction};
use crate::domain::role::{Role, UserStatus};
use crate::email::{self, Outbox, Recipient};
use crate::error::ApiError;
use crate::http::exchange::{Admission, Exchange};
use crate::i18n::{Catalogue, Lang};

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

/// Whether a mailed token may still be spent on an account in `status`: an invitation while the
/// account is only invited, a reset while it is active (a reset mailed before an administrator
/// disabled the account must not set its password afterwards).
fn spendable_by(purpose: Purpose, status: UserStatus) -> bool {
    match purpose {
        Purpose::Invitation => status == UserStatus::Invited,
        Purpose::PasswordReset => status == UserStatus::Active,
    }
}

/// Spends a mailed token (`what` names it in the refusal) and gives the account it was for,
/// refusing one the account's status no longer allows.
fn spend(conn: &mut DbConn, token: &str, purpose: Purpose, what: &str) -> Result<String, ApiError> {
    let user_id = one_time_token::consume(conn, token, purpose)?.ok_or_else(|| invalid_token(what))?;
    if !spendable_by(purpose, User::find(conn, &user_id)?.status()?) {
        return Err(invalid_token(what));
    }
    Ok(user_id)
}

/// Whose account a mailed token is for, shown on the page that spends it (so the person sees it
/// is theirs, and a password manager files the new password under the right address).
#[derive(Debug, Clone)]
pub struct TokenHolder {
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

/// The account an unspent, unexpired token of `purpose` is for, without spending it; the same
/// error as [`accept_invitation`] or [`confirm_password_reset`] gives when it is not (or no
/// longer) one.
pub async fn token_holder(db: &Db, token: String, purpose: Purpose) -> Result<TokenHolder, ApiError> {
    let what = match purpose {
        Purpose::Invitation => "invitation",
        Purpose::PasswordReset => "password reset",
    };
    db.run(move |conn| {
        let user_id = one_time_token::find_usable(conn, &token, purpose)?.ok_or_else(|| invalid_token(what))?;
        let user = User::find(conn, &user_id)?;
        if !spendable_by(purpose, user.status()?) {
            return Err(invalid_token(what));
        }
        Ok(TokenHolder { role: user.role()?, email: user.email, display_name: user.display_name })
    })
    .await
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
            let user_id = spend(conn, &token, Purpose::Invitation, "invitation")?;
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
    catalogue: Arc<Catalogue>,
    outbox: &Outbox,
    email: String,
) -> Result<(), ApiError> {
    let public_url = mail.public_url.clone();
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
                let to = Recipient::of(&user)?;
                email::enqueue(conn, &messages::password_reset(&catalogue, &public_url, &to, &token))?;
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
            let user_id = spend(conn, &token, Purpose::PasswordReset, "password reset")?;
            User::set_password(conn, &user_id, &hash, true)?;
            refresh::revoke_all_for_user(conn, &user_id, "password reset")?;
            let actor = Actor::user(&user_id, None);
            history::record(conn, &actor, "user", &user_id, "password_reset", serde_json::json!({}))
        })
    })
    .await
}

/// Changes the caller's password after checking the current one; every session ends, the
/// caller's own included. Wrong current passwords count against the account as failed sign-ins
/// do (`throttle`), so a stolen session cannot be used to guess the password faster.
pub async fn change_password<A: Admission>(
    exchange: &Exchange<A>,
    passwords: &Passwords,
    throttle: &Throttle,
    current_password: String,
    new_password: String,
) -> Result<(), ApiError> {
    // Two trips, with the password hashing (slow on purpose) between them, off the database.
    let check = throttle.clone();
    let (user_id, stored, identifier, wait) = exchange
        .read(move |conn, context| {
            let (id, _) = context.caller()?.person()?;
            let user = User::find(conn, id)?;
            let identifier = login_failure::identifier_key(&user.email);
            let wait = check.retry_after(conn, &identifier)?;
            Ok((user.id, user.password_hash, identifier, wait))
        })
        .await?;
    if let Some(retry_after_secs) = wait {
        return Err(ApiError::TooManyRequests { retry_after_secs });
    }
    if let Verification::Mismatch = passwords.verify(current_password, stored).await? {
        throttle.record_failure(exchange.db(), identifier).await?;
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
            login_failure::clear(conn, &identifier)?;
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

/// Sets the language the caller's mail is written in (the console's switcher does, for the
/// signed-in person). An ordinary change of the account: versioned, and in its history, like the
/// same change made by an administrator; choosing the language it already has changes nothing.
pub async fn set_language<A: Admission>(exchange: &Exchange<A>, language: Lang) -> Result<(), ApiError> {
    exchange
        .write(move |conn, context| {
            let (id, _) = context.caller()?.person()?;
            let user = User::find(conn, id)?;
            if user.language()? == language {
                return Ok(());
            }
            versioned::update(conn, &context.actor()?, user, &Unconditional, |_, user| {
                user.language = language.as_str().to_owned();
                Ok(())
            })
            .map(drop)
        })
        .await
}
