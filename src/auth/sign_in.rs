//! Signing in with an email address and a password, for the API and the console alike: the
//! same throttling, the same single answer for every failure, the same hash upgrade.

use crate::auth::password::{Passwords, Verification};
use crate::config::AuthSettings;
use crate::db::models::login_failure::{self, Limits};
use crate::db::models::refresh::Lifetimes;
use crate::db::models::user::User;
use crate::db::{Db, DbConn, transaction};
use crate::domain::role::UserStatus;
use crate::error::ApiError;

/// How long sign-ins live, from the settings.
pub fn lifetimes(settings: &AuthSettings) -> Lifetimes {
    Lifetimes { idle: settings.refresh_idle_ttl, absolute: settings.refresh_absolute_ttl }
}

fn limits(settings: &AuthSettings) -> Limits {
    Limits {
        per_identifier: settings.login_failures_per_identifier,
        per_client: settings.login_failures_per_client,
        window: settings.login_window,
    }
}

/// Checks `email` and `password` from `client` (an address, for throttling) and, when they are
/// right, runs `start` (which starts a session) in the transaction that clears the failures.
/// Every failure — unknown address, wrong password, an account not active — is the same
/// `InvalidCredentials`; too many failures are `TooManyRequests`.
pub async fn sign_in<T: Send + 'static>(
    db: &Db,
    passwords: &Passwords,
    settings: &AuthSettings,
    (client, email, password): (String, String, String),
    start: impl FnOnce(&mut DbConn, &User) -> Result<T, ApiError> + Send + 'static,
) -> Result<(User, T), ApiError> {
    let identifier = login_failure::identifier_key(&email);
    let limits = limits(settings);
    let (check_identifier, check_client) = (identifier.clone(), client.clone());
    let (wait, user) = db
        .run(move |conn| {
            let wait = login_failure::retry_after(conn, &check_identifier, &check_client, limits)?;
            let user = if wait.is_none() { User::find_by_email(conn, &email)? } else { None };
            Ok((wait, user))
        })
        .await?;
    if let Some(retry_after_secs) = wait {
        return Err(ApiError::TooManyRequests { retry_after_secs });
    }
    // One hash whatever the account's state, so timing tells nothing either.
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let verification = passwords.verify(password, stored).await?;
    let signed_in = match (user, verification) {
        (Some(user), Verification::Match { rehash }) if user.status()? == UserStatus::Active => Some((user, rehash)),
        _ => None,
    };
    let Some((user, rehash)) = signed_in else {
        db.run(move |conn| transaction::write(conn, |conn| login_failure::record(conn, &identifier, &client, limits)))
            .await?;
        return Err(ApiError::InvalidCredentials);
    };
    let started = db
        .run(move |conn| {
            transaction::write(conn, |conn| {
                login_failure::clear(conn, &identifier)?;
                if let Some(hash) = rehash {
                    User::set_password(conn, &user.id, &hash, false)?;
                }
                let started = start(conn, &user)?;
                Ok((user, started))
            })
        })
        .await?;
    Ok(started)
}
