//! `/api/v1/me`: the signed-in person's own account.

use actix_web::web::Data;
use actix_web::{HttpResponse, get, post};

use crate::auth::caller::SignedInUser;
use crate::auth::password::{Passwords, Verification};
use crate::db::models::history;
use crate::db::models::refresh;
use crate::db::models::user::User;
use crate::db::{Db, transaction};
use crate::error::{ApiError, Problem};
use crate::http::json::ApiJson;
use crate::routes::users::user_response;
use crate::routes::users::wire::{ChangePassword, UserResponse};

/// Who am I: the account behind the access token.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Your account", body = UserResponse),
        (status = 401, description = "Not signed in (partner API tokens have no account)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn me(db: Data<Db>, user: SignedInUser) -> Result<HttpResponse, ApiError> {
    let account = db.run(move |conn| User::find(conn, &user.id)).await?;
    Ok(user_response(actix_web::http::StatusCode::OK, account))
}

/// Change your password. The current password is required; every session of the account ends,
/// this one included: sign in again with the new password.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body(content = ChangePassword, content_type = "application/json"),
    responses(
        (status = 204, description = "Changed; every session has ended"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong current password, or a new one that breaks the policy", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error; quote the request id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/password")]
pub async fn change_password(
    db: Data<Db>,
    passwords: Data<Passwords>,
    user: SignedInUser,
    body: ApiJson<ChangePassword>,
) -> Result<HttpResponse, ApiError> {
    let ChangePassword { current_password, new_password } = body.into_inner();
    let user_id = user.id.clone();
    let stored = db.run(move |conn| Ok(User::find(conn, &user_id)?.password_hash)).await?;
    if let Verification::Mismatch = passwords.verify(current_password, stored).await? {
        return Err(ApiError::field("current_password", "wrong_password", "is not your current password"));
    }
    let hash = passwords.hash(new_password).await?;
    db.run(move |conn| {
        transaction::write(conn, |conn| {
            User::set_password(conn, &user.id, &hash, true)?;
            refresh::revoke_all_for_user(conn, &user.id, "password changed")?;
            history::record(conn, &user.caller.actor(), "user", &user.id, "password_change", serde_json::json!({}))
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
