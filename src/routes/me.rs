//! `/api/v1/me`: the signed-in person's own account.

use actix_web::web::Data;
use actix_web::{HttpResponse, get, post};

use crate::auth::password::{Passwords, Verification};
use crate::db::models::history;
use crate::db::models::refresh;
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
        JsonBody, SignedIn,
    )
)]
#[post("/me/password")]
pub async fn change_password(
    exchange: Exchange,
    passwords: Data<Passwords>,
    body: ApiJson<ChangePassword>,
) -> Result<HttpResponse, ApiError> {
    let ChangePassword { current_password, new_password } = body.into_inner();
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
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
