//! The pages a mailed link opens to choose a password (accepting an invitation, resetting a
//! forgotten password): the link's token is looked up, the form is shown only while it is good,
//! and the password is checked against the policy before the token is spent.

use actix_web::HttpResponse;
use serde::Deserialize;

use super::password_form::PasswordFields;
use crate::auth::account::{self, TokenHolder};
use crate::console::page::Page;
use crate::db::Db;
use crate::db::models::one_time_token::Purpose;
use crate::error::ApiError;

/// The longest token looked up (the API's limit); longer is not one of ours.
const MAX_TOKEN: usize = 256;

/// The query of the link in the mail.
#[derive(Deserialize)]
pub struct Link {
    token: Option<String>,
}

/// A password chosen on the page a link opened. Every field defaults, so a form with one missing
/// gets the CSRF check's 403, not a 400.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChosenPassword {
    token: String,
    new_password: String,
    repeat_password: String,
    csrf: String,
}

/// Shows a link's page: `render` has the holder (`None` when the token is no good) and blank
/// fields.
pub type Render = fn(&Page, Option<TokenHolder>, String, PasswordFields) -> Result<HttpResponse, ApiError>;

/// Whose mailed `token` of `purpose` is, or `None` when it is not (or no longer) a valid one.
async fn holder(db: &Db, token: &str, purpose: Purpose) -> Result<Option<TokenHolder>, ApiError> {
    if token.is_empty() || token.len() > MAX_TOKEN {
        return Ok(None);
    }
    match account::token_holder(db, token.to_owned(), purpose).await {
        Ok(holder) => Ok(Some(holder)),
        Err(ApiError::Validation(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The page the link opens.
pub async fn opened(
    page: &Page,
    db: &Db,
    link: Link,
    purpose: Purpose,
    render: Render,
) -> Result<HttpResponse, ApiError> {
    let token = link.token.unwrap_or_default();
    let holder = holder(db, &token, purpose).await?;
    render(page, holder, token, PasswordFields::blank(page))
}

/// The password sent from the page: once the token and the password are good, `set` spends the
/// token on it and the person is sent to `done`; otherwise the page again, with what is wrong.
pub async fn chosen(
    page: &Page,
    db: &Db,
    sent: ChosenPassword,
    purpose: Purpose,
    render: Render,
    set: impl AsyncFnOnce(String, String) -> Result<(), ApiError>,
    done: HttpResponse,
) -> Result<HttpResponse, ApiError> {
    let ChosenPassword { token, new_password, repeat_password, csrf } = sent;
    page.check(&csrf)?;
    let Some(holder) = holder(db, &token, purpose).await? else {
        return render(page, None, token, PasswordFields::blank(page));
    };
    let fields = PasswordFields::checked(page, &new_password, &repeat_password);
    if !fields.ok() {
        return render(page, Some(holder), token, fields);
    }
    match set(token.clone(), new_password).await {
        Ok(()) => Ok(done),
        // Spent or expired since the form was shown.
        Err(ApiError::Validation(_)) => render(page, None, token, fields),
        Err(other) => Err(other),
    }
}
