//! `/api/v1/me`: the signed-in person's own account.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, post};

use crate::auth::account;
use crate::auth::password::Passwords;
use crate::auth::sign_in::Throttle;
use crate::config::AuthSettings;
use crate::db::models::user::User;
use crate::error::{ApiError, Problem};
use crate::http::exchange::Exchange;
use crate::http::json::ApiJson;
use crate::http::responses::{JsonBody, SignedIn};
use crate::routes::users::user_response;
use crate::routes::users::wire::{ChangePassword, UserResponse};

/// Who am I: the account behind the access token.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Your account", body = UserResponse),
        SignedIn,
    )
)]
#[get("/me")]
pub async fn me(exchange: Exchange) -> Result<HttpResponse, ApiError> {
    let account = exchange
        .read(|conn, context| {
            let (id, _) = context.caller()?.person()?;
            User::find(conn, id)
        })
        .await?;
    user_response(actix_web::http::StatusCode::OK, account)
}

/// Change your password. The current password is required; every session of the account ends,
/// this one included: sign in again with the new password.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body(content = ChangePassword, content_type = "application/json"),
    responses(
        (status = 204, description = "Changed; every session has ended"),
        (status = 422, description = "Wrong current password, or a new one that breaks the policy", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords for this account (sign-ins included); see Retry-After", body = Problem, content_type = "application/problem+json"),
        JsonBody, SignedIn,
    )
)]
#[post("/me/password")]
pub async fn change_password(
    req: HttpRequest,
    exchange: Exchange,
    passwords: Data<Passwords>,
    settings: Data<AuthSettings>,
    body: ApiJson<ChangePassword>,
) -> Result<HttpResponse, ApiError> {
    let ChangePassword { current_password, new_password } = body.into_inner();
    let throttle = Throttle::of(&req, &settings);
    account::change_password(&exchange, &passwords, &throttle, current_password, new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sign out everywhere: every session of your account ends — API sessions, console sessions,
/// and the access tokens issued in them — this one included.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session has ended"),
        SignedIn,
    )
)]
#[delete("/me/sessions")]
pub async fn end_sessions(exchange: Exchange) -> Result<HttpResponse, ApiError> {
    account::sign_out_everywhere(&exchange).await?;
    Ok(HttpResponse::NoContent().finish())
}
