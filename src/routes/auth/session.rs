//! Signing in, renewing and ending sessions.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, post};

use crate::auth::client_address::client_ip;
use crate::auth::jwt::AccessTokens;
use crate::auth::password::{Passwords, Verification};
use crate::config::AuthSettings;
use crate::db::models::login_failure::{self, Limits};
use crate::db::models::refresh::{self, Lifetimes, Rotation, Session};
use crate::db::models::user::User;
use crate::db::{Db, transaction};
use crate::domain::role::UserStatus;
use crate::error::{ApiError, Problem};
use crate::http::json::ApiJson;
use crate::http::responses::{JsonBody, Unavailable};

use super::wire::{LoginRequest, RefreshRequest, TokenResponse};

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

fn token_response(access: &AccessTokens, user: &User, session: Session) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(TokenResponse {
        access_token: access.issue(&user.id, user.auth_version, &session.id)?,
        token_type: "Bearer",
        expires_in: access.ttl().as_secs(),
        refresh_token: session.refresh_token,
    }))
}

/// Sign in with email and password.
///
/// Every failure — unknown address, wrong password, disabled or not yet activated account — gets
/// the same 401. After 10 failures in 15 minutes for one address (whether or not it has an
/// account), or too many from one client address, the answer is 429 with `Retry-After`.
#[utoipa::path(
    tag = "auth",
    request_body(content = LoginRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Sign-in failed (one answer for every reason)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failures; see Retry-After", body = Problem, content_type = "application/problem+json"),
        JsonBody, Unavailable,
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    db: Data<Db>,
    passwords: Data<Passwords>,
    access: Data<AccessTokens>,
    settings: Data<AuthSettings>,
    body: ApiJson<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.into_inner();
    let client = client_ip(&req, &settings.trusted_proxies).map(|ip| ip.to_string()).unwrap_or_default();
    let identifier = login_failure::identifier_key(&email);
    let limits = limits(&settings);

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

    let lifetimes = lifetimes(&settings);
    let user_id = user.id.clone();
    let session = db
        .run(move |conn| {
            transaction::write(conn, |conn| {
                login_failure::clear(conn, &identifier)?;
                if let Some(hash) = rehash {
                    User::set_password(conn, &user_id, &hash, false)?;
                }
                refresh::start_family(conn, &user_id, lifetimes)
            })
        })
        .await?;
    token_response(&access, &user, session)
}

/// Exchange a refresh token for a new access token and a new refresh token.
///
/// Each refresh token works once. Presenting one that was already used revokes the whole session
/// (every token descended from the same sign-in), since one of the two presenters stole it.
#[utoipa::path(
    tag = "auth",
    request_body(content = RefreshRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        JsonBody, Unavailable,
    )
)]
#[post("/auth/refresh")]
pub async fn refresh_session(
    db: Data<Db>,
    access: Data<AccessTokens>,
    settings: Data<AuthSettings>,
    body: ApiJson<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let presented = body.into_inner().refresh_token;
    let lifetimes = lifetimes(&settings);
    // Committed even when refused, so a detected reuse stays revoked.
    let rotation =
        db.run(move |conn| transaction::write(conn, |conn| refresh::rotate(conn, &presented, lifetimes))).await?;
    match rotation {
        Rotation::Rotated { user, session } => token_response(&access, &user, session),
        Rotation::Refused => Err(ApiError::Unauthenticated(
            "The refresh token is invalid, expired, revoked or already used; sign in again.",
        )),
    }
}

/// End the session a refresh token belongs to. Answers 204 whatever the token.
#[utoipa::path(
    tag = "auth",
    request_body(content = RefreshRequest, content_type = "application/json"),
    responses(
        (status = 204, description = "The session is over"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        JsonBody, Unavailable,
    )
)]
#[post("/auth/logout")]
pub async fn logout(db: Data<Db>, body: ApiJson<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let presented = body.into_inner().refresh_token;
    db.run(move |conn| transaction::write(conn, |conn| refresh::revoke_family_of(conn, &presented))).await?;
    Ok(HttpResponse::NoContent().finish())
}
