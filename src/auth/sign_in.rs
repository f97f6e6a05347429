//! Signing in with an email address and a password, for the API and the console alike: the
//! same throttling, the same single answer for every failure, the same hash upgrade.

use actix_web::HttpRequest;

use crate::auth::client_address::client_ip;
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

/// Who is guessing a password, and how many wrong guesses they get: the client's address and the
/// sign-in limits. Every place that checks a password someone typed counts its failures here, so
/// a password cannot be guessed faster through one door than through another.
#[derive(Debug, Clone)]
pub struct Throttle {
    client: String,
    limits: Limits,
}

impl Throttle {
    pub fn of(req: &HttpRequest, settings: &AuthSettings) -> Self {
        let client = client_ip(req, &settings.trusted_proxies).map(|ip| ip.to_string()).unwrap_or_default();
        let limits = Limits {
            per_identifier: settings.login_failures_per_identifier,
            per_client: settings.login_failures_per_client,
            window: settings.login_window,
        };
        Throttle { client, limits }
    }

    /// Seconds to wait before `identifier` may be tried again from this client, if any.
    pub fn retry_after(&self, conn: &mut DbConn, identifier: &str) -> Result<Option<u64>, ApiError> {
        login_failure::retry_after(conn, identifier, &self.client, self.limits)
    }

    /// Counts a wrong password for `identifier` from this client.
    pub async fn record_failure(&self, db: &Db, identifier: String) -> Result<(), ApiError> {
        let Throttle { client, limits } = self.clone();
        db.run(move |conn| transaction::write(conn, |conn| login_failure::record(conn, &identifier, &client, limits)))
            .await
    }
}

/// Checks `email` and `password` and, when they are right, runs `start` (which starts a session)
/// in the transaction that clears the failures. Every failure — unknown address, wrong password,
/// an account not active — is the same `InvalidCredentials`; too many failures are
/// `TooManyRequests`.
pub async fn sign_in<T: Send + 'static>(
    db: &Db,
    passwords: &Passwords,
    throttle: &Throttle,
    (email, password): (String, String),
    start: impl FnOnce(&mut DbConn, &User) -> Result<T, ApiError> + Send + 'static,
) -> Result<(User, T), ApiError> {
    let identifier = login_failure::identifier_key(&email);
    let (check_identifier, check) = (identifier.clone(), throttle.clone());
    let (wait, user) = db
        .run(move |conn| {
            let wait = check.retry_after(conn, &check_identifier)?;
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
        throttle.record_failure(db, identifier).await?;
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
