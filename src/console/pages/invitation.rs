//! Accepting an invitation: the link in the invitation mail opens this page, where the invited
//! person chooses their password (`auth::account::accept_invitation`, as the API's route does).

use actix_web::http::StatusCode;
use actix_web::web::{Data, Form, Query};
use actix_web::{HttpResponse, get, post};
use askama::Template;
use serde::Deserialize;

use super::form::FieldProblem;
use super::password_form::PasswordFields;
use crate::auth::account::{self, TokenHolder};
use crate::auth::password::Passwords;
use crate::console::frame::Frame;
use crate::console::page::Page;
use crate::db::Db;
use crate::db::models::one_time_token::Purpose;
use crate::error::ApiError;
use crate::i18n::Arg;

#[derive(Template)]
#[template(path = "console/invitation.html")]
struct InvitationPage {
    frame: Frame,
    /// `None` when the link is mistyped, used or expired: then there is no form.
    holder: Option<TokenHolder>,
    intro: String,
    validity: String,
    token: String,
    fields: PasswordFields,
    problems: Vec<FieldProblem>,
}

#[derive(Deserialize)]
pub struct Link {
    token: Option<String>,
}

/// Every field defaults, so a form with one missing gets the CSRF check's 403, not a 400.
#[derive(Deserialize)]
pub struct Acceptance {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
    #[serde(default)]
    csrf: String,
}

/// The longest token looked up (the API's limit); longer is not one of ours.
const MAX_TOKEN: usize = 256;

#[get("/invitation")]
pub async fn show(page: Page, db: Data<Db>, link: Query<Link>) -> Result<HttpResponse, ApiError> {
    let token = link.into_inner().token.unwrap_or_default();
    let holder = holder(&db, &token, Purpose::Invitation).await?;
    let fields = PasswordFields::blank(&page);
    render(&page, holder, token, fields)
}

#[post("/invitation")]
pub async fn submit(
    page: Page,
    db: Data<Db>,
    passwords: Data<Passwords>,
    form: Form<Acceptance>,
) -> Result<HttpResponse, ApiError> {
    let Acceptance { token, new_password, repeat_password, csrf } = form.into_inner();
    page.check(&csrf)?;
    let Some(holder) = holder(&db, &token, Purpose::Invitation).await? else {
        return render(&page, None, token, PasswordFields::blank(&page));
    };
    let fields = PasswordFields::checked(&page, &new_password, &repeat_password);
    if !fields.ok() {
        return render(&page, Some(holder), token, fields);
    }
    match account::accept_invitation(&db, &passwords, token.clone(), new_password).await {
        Ok(()) => Ok(page.see_other("/console/sign-in?done=invitation")),
        // Spent or expired since the form was shown.
        Err(ApiError::Validation(_)) => render(&page, None, token, fields),
        Err(other) => Err(other),
    }
}

/// Whose mailed `token` of `purpose` is, or `None` when it is not (or no longer) a valid one.
pub(super) async fn holder(db: &Db, token: &str, purpose: Purpose) -> Result<Option<TokenHolder>, ApiError> {
    if token.is_empty() || token.len() > MAX_TOKEN {
        return Ok(None);
    }
    match account::token_holder(db, token.to_owned(), purpose).await {
        Ok(holder) => Ok(Some(holder)),
        Err(ApiError::Validation(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The page; 422 when the link or the fields are not good (the API's status for the same).
fn render(
    page: &Page,
    holder: Option<TokenHolder>,
    token: String,
    fields: PasswordFields,
) -> Result<HttpResponse, ApiError> {
    let status = if holder.is_some() && fields.ok() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let frame = page.frame("invitation-title", None);
    let role = holder.as_ref().map(|h| frame.texts().label(h.role)).unwrap_or_default();
    let hours = Purpose::Invitation.lifetime().num_hours();
    let html = InvitationPage {
        frame,
        intro: page.t_with("invitation-intro", &[("role", Arg::Str(&role))]),
        validity: page.t_with("invitation-validity", &[("hours", Arg::Int(hours))]),
        // A token that is no good is not written back into the page.
        token: if holder.is_some() { token } else { String::new() },
        holder,
        problems: fields.problems(),
        fields,
    }
    .render()
    .map_err(ApiError::internal)?;
    Ok(page.html(status, html))
}
