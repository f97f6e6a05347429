//! Sign-in, tokens and account recovery on the wire.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::password::check_policy;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(max = 254))]
    #[schema(max_length = 254, example = "lab.head@susu.ru")]
    pub email: String,
    /// Compared exactly as typed.
    #[validate(length(max = 1024))]
    #[schema(max_length = 1024, format = Password)]
    pub password: String,
}

/// A signed-in session: a short-lived access token and the refresh token that renews it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer …`.
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds the access token stays valid.
    pub expires_in: u64,
    /// Works once: `POST /api/v1/auth/refresh` returns a new pair. Keep it secret.
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(max = 256))]
    #[schema(max_length = 256)]
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// The token from the invitation mail.
    #[validate(length(max = 256))]
    #[schema(max_length = 256)]
    pub token: String,
    /// 12–128 characters, not a common password.
    #[validate(custom(function = "check_policy"))]
    #[schema(min_length = 12, max_length = 128, format = Password)]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    #[validate(length(max = 254))]
    #[schema(max_length = 254)]
    pub email: String,
}

/// The same answer whether or not the address has an account.
#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordResetAccepted {
    #[schema(example = "accepted")]
    pub status: &'static str,
    pub detail: &'static str,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    /// The token from the reset mail.
    #[validate(length(max = 256))]
    #[schema(max_length = 256)]
    pub token: String,
    /// 12–128 characters, not a common password.
    #[validate(custom(function = "check_policy"))]
    #[schema(min_length = 12, max_length = 128, format = Password)]
    pub new_password: String,
}
