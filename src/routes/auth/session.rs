//! Signing in, renewing and ending sessions.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, post};

use crate::auth::jwt::AccessTokens;
use crate::auth::password::Passwords;
use crate::auth::sign_in::{Throttle, lifetimes, sign_in};
use crate::config::AuthSettings;
use crate::db::models::refresh::{self, Rotation, Session};
use crate::db::models::user::User;
use crate::db::{Db, transaction};
use crate::error::{ApiError, Problem};
use crate::http::json::ApiJson;
use crate::http::responses::{InvalidFields, JsonBody, Unavailable};

use super::wire::{LoginRequest, RefreshRequest, TokenResponse};

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
        (status = 429, description = "Too many failures; see Retry-After", body = Problem, content_type = "application/problem+json"),
        InvalidFields, JsonBody, Unavailable,
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
    let lifetimes = lifetimes(&settings);
    let throttle = Throttle::of(&req, &settings);
    let (user, session) = sign_in(&db, &passwords, &throttle, (email, password), move |conn, user| {
        refresh::start_family(conn, &user.id, lifetimes)
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
        InvalidFields, JsonBody, Unavailable,
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
        InvalidFields, JsonBody, Unavailable,
    )
)]
#[post("/auth/logout")]
pub async fn logout(db: Data<Db>, body: ApiJson<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let presented = body.into_inner().refresh_token;
    db.run(move |conn| transaction::write(conn, |conn| refresh::revoke_family_of(conn, &presented))).await?;
    Ok(HttpResponse::NoContent().finish())
}
