//! Sign-in, tokens and account recovery on the wire.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::password::check_policy;
use crate::domain::text::single_line;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "email": "lab.head@susu.ru",
    "password": "Ural-Yangtze-mirror-2021"
}))]
pub struct LoginRequest {
    // Only its shape is checked (no NUL or control characters, which PostgreSQL cannot compare),
    // so a malformed address says nothing about which accounts exist.
    #[validate(length(max = 254), custom(function = "single_line"))]
    #[schema(max_length = 254, example = "lab.head@susu.ru")]
    pub email: String,
    /// Compared exactly as typed.
    #[validate(length(max = 1024))]
    #[schema(max_length = 1024, format = Password)]
    pub password: String,
}

/// A signed-in session: a short-lived access token and the refresh token that renews it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiIsImtpZCI6IjVmM2M4ZTFhOTJkNGI3YzAifQ.eyJpc3MiOiJqb2ludHJlZyIsImF1ZCI6ImpvaW50cmVnLWFwaSIsInN1YiI6IjAxYTIxZjczLTljMDAtNzAwMC04MDAwLTAwMDAwMDAwMDUwMSIsImV4cCI6MTc5NTgyNTgwMCwiaWF0IjoxNzk1ODI0OTAwLCJuYmYiOjE3OTU4MjQ5MDAsImp0aSI6IjAxYTIxZjczLWExYjItN2MzZC04ZTRmLTVhNmI3YzhkOWUwZiIsInR5cCI6ImFjY2VzcyIsInZlciI6MX0.V50l7QBGN2V2KbsfGQk-JGX9sbraOM68zlOFYaKMO_o",
    "token_type": "Bearer",
    "expires_in": 900,
    "refresh_token": "jrr_gALVn8Vp7fP01iQC00gxd32gipxblid4BJXjk2Sqftw"
}))]
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
#[schema(example = json!({
    "refresh_token": "jrr_gALVn8Vp7fP01iQC00gxd32gipxblid4BJXjk2Sqftw"
}))]
pub struct RefreshRequest {
    #[validate(length(max = 256))]
    #[schema(max_length = 256)]
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "token": "jro_nRhGukZhLOo4BRfkeyXJZ6EcD0CGbaUWeeYa5KgE5XQ",
    "password": "Ural-Yangtze-mirror-2021"
}))]
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
#[schema(example = json!({
    "email": "lab.head@susu.ru"
}))]
pub struct PasswordResetRequest {
    #[validate(length(max = 254), custom(function = "single_line"))]
    #[schema(max_length = 254)]
    pub email: String,
}

/// The same answer whether or not the address has an account.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "status": "accepted",
    "detail": "If an active account has this address, a message with a reset token is on its way."
}))]
pub struct PasswordResetAccepted {
    #[schema(example = "accepted")]
    pub status: &'static str,
    pub detail: &'static str,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "token": "jro_H5yyzc7XDOlcTGdFdL3g-bTURi9Q9Q6gTwAEzXvBXps",
    "new_password": "Chelyabinsk-Wuhan-samovar-7"
}))]
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
