//! Accounts on the wire.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::auth::password::check_policy;
use crate::db::models::user::User;
use crate::domain::role::{Role, UserStatus};
use crate::domain::text::single_line;
use crate::error::ApiError;
use crate::http::patch::{nullable, required_value};
use crate::i18n::Lang;
use crate::routes::page::Page;

/// The example of [`UserResponse`], and the first item of [`UserPage`]'s.
fn user_example() -> serde_json::Value {
    serde_json::json!({
        "id": "01a21f73-9c00-7000-8000-000000000501",
        "email": "lab.head@susu.ru",
        "display_name": "Ирина Петрова",
        "role": "lab_head",
        "institution_id": "01a21f73-9c00-7000-8000-000000000002",
        "status": "active",
        "language": "ru",
        "version": 3,
        "created_at": "2025-03-12T09:41:27Z",
        "updated_at": "2026-02-03T14:05:09Z"
    })
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = user_example)]
pub struct UserResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Email)]
    pub email: String,
    pub display_name: String,
    pub role: Role,
    #[schema(format = Uuid)]
    pub institution_id: Option<String>,
    pub status: UserStatus,
    /// The language of the registry's mail to this person: `en`, `ru` or `zh`.
    pub language: Lang,
    /// Increases with every change; the `ETag` is this number in quotes.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl UserResponse {
    pub fn new(user: User) -> Result<Self, ApiError> {
        Ok(UserResponse {
            role: user.role()?,
            status: user.status()?,
            language: user.language()?,
            id: user.id,
            email: user.email,
            display_name: user.display_name,
            institution_id: user.institution_id,
            version: user.version,
            created_at: user.created_at.and_utc(),
            updated_at: user.updated_at.and_utc(),
        })
    }
}

/// Invite a person by mail; they choose their password when they accept.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "email": "head.of.lab@whu.edu.cn",
    "display_name": "Li Wei",
    "role": "lab_head",
    "institution_id": "01a21f73-9c00-7000-8000-000000000001",
    "language": "zh"
}))]
pub struct InviteUser {
    #[validate(email, length(max = 254), custom(function = "single_line"))]
    #[schema(format = Email, max_length = 254, pattern = r"^[^@\s]+@[^@\s]+$", example = "head.of.lab@whu.edu.cn")]
    pub email: String,
    #[validate(length(max = 200), custom(function = "single_line"))]
    #[schema(min_length = 1, max_length = 200, example = "Li Wei")]
    pub display_name: String,
    pub role: Role,
    /// Required for lab heads and partners.
    #[schema(format = Uuid)]
    pub institution_id: Option<String>,
    /// The language of the invitation and of all later mail to this person: `en` (the default),
    /// `ru` or `zh`. Inviting an invited address again with a language changes the account's.
    #[serde(default)]
    #[schema(value_type = Option<Lang>, default = "en")]
    pub language: Option<Lang>,
}

/// Administrative changes (JSON merge patch). Changing role, status or institution ends the
/// account's current tokens.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "display_name": "Irina Petrova",
    "role": "coordinator",
    "institution_id": null
}))]
pub struct UpdateUser {
    #[serde(default, deserialize_with = "required_value")]
    #[validate(length(max = 200), custom(function = "single_line"))]
    #[schema(value_type = String, min_length = 1, max_length = 200)]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = Role)]
    pub role: Option<Role>,
    /// `active` or `disabled` (an account becomes active by accepting its invitation).
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = UserStatus)]
    pub status: Option<UserStatus>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub institution_id: Option<Option<String>>,
    /// The language of the registry's mail to this person: `en`, `ru` or `zh`.
    #[serde(default, deserialize_with = "required_value")]
    #[schema(value_type = Lang)]
    pub language: Option<Lang>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "current_password": "Ural-Yangtze-mirror-2021",
    "new_password": "Chelyabinsk-Wuhan-samovar-7"
}))]
pub struct ChangePassword {
    #[validate(length(max = 1024))]
    #[schema(max_length = 1024, format = Password)]
    pub current_password: String,
    /// 12–128 characters, not a common password.
    #[validate(custom(function = "check_policy"))]
    #[schema(min_length = 12, max_length = 128, format = Password)]
    pub new_password: String,
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListUsersQuery {
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000002")]
    pub institution_id: Option<String>,
    /// Matches the email address, ignoring case.
    #[validate(length(max = 200), custom(function = "crate::domain::text::query_text"))]
    #[param(max_length = 200, example = "susu.ru")]
    pub q: Option<String>,
    /// Only records created or changed at or after this instant (RFC 3339, e.g.
    /// `2026-12-01T00:00:00Z`), for incremental sync. Records deleted since are not listed: their
    /// history keeps them.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-12-01T00:00:00Z")]
    pub updated_since: Option<DateTime<Utc>>,
    /// Items per page, 1–100 (default 25).
    #[validate(range(min = 1, max = 100))]
    #[param(minimum = 1, maximum = 100, example = 25)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[param(example = "eyJzb3J0IjoiY3JlYXRlZCIsImlkIjoiMDFhMjFmNzMtOWMwMC03MDAwLTgwMDAtMDAwMDAwMDAwNTAxIn0")]
    pub cursor: Option<String>,
}

pub type UserPage = Page<UserResponse>;
