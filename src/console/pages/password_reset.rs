//! A forgotten password: ask for a link by mail (one answer whatever the address, with the
//! API's throttling: `auth::account::request_password_reset`), then choose a new password on the
//! page the link opens (`auth::account::confirm_password_reset`), which ends every session.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Form, Query};
use actix_web::{HttpResponse, get, post};
use askama::Template;
use serde::Deserialize;

use super::form::FieldProblem;
use super::mailed_link::{self, ChosenPassword, Link};
use super::password_form::PasswordFields;
use crate::auth::account::{self, TokenHolder};
use crate::auth::password::Passwords;
use crate::config::MailSettings;
use crate::console::frame::Frame;
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::Db;
use crate::db::models::one_time_token::Purpose;
use crate::domain::text::single_line;
use crate::email::Outbox;
use crate::error::ApiError;
use crate::i18n::{Arg, Catalogue};

/// Addresses longer than this are no account's (the API's limit).
const MAX_EMAIL: usize = 254;

fn validity(page: &Page) -> String {
    page.t_with("password-reset-link-validity", &[("hours", Arg::Int(Purpose::PasswordReset.lifetime().num_hours()))])
}

#[derive(Template)]
#[template(path = "console/password_reset.html")]
struct RequestPage {
    frame: Frame,
    sent: bool,
    validity: String,
}

#[derive(Deserialize)]
pub struct Sent {
    sent: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetRequest {
    email: String,
    csrf: String,
}

#[get("/password-reset")]
pub async fn show_request(page: Page, query: Query<Sent>) -> Result<HttpResponse, ApiError> {
    RequestPage {
        frame: page.frame("password-reset-title", None),
        sent: query.sent.is_some(),
        validity: validity(&page),
    }
    .answer(&page, StatusCode::OK)
}

/// Always the same answer, mail or not: a 303 to the page that says a message may be on its way.
#[post("/password-reset")]
pub async fn request(
    page: Page,
    db: Data<Db>,
    mail: Data<MailSettings>,
    catalogue: Data<Catalogue>,
    outbox: Data<Outbox>,
    form: Form<ResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let ResetRequest { email, csrf } = form.into_inner();
    page.check(&csrf)?;
    // What cannot be an address is no account's: the same answer, and nothing looked up.
    if email.len() <= MAX_EMAIL && single_line(&email).is_ok() {
        account::request_password_reset(&db, &mail, catalogue.into_inner(), &outbox, email).await?;
    }
    Ok(page.see_other("/console/password-reset?sent"))
}

#[derive(Template)]
#[template(path = "console/password_reset_confirm.html")]
struct ConfirmPage {
    frame: Frame,
    /// `None` when the link is mistyped, used or expired: then there is no form.
    holder: Option<TokenHolder>,
    validity: String,
    token: String,
    fields: PasswordFields,
    problems: Vec<FieldProblem>,
}

#[get("/password-reset/confirm")]
pub async fn show_confirm(page: Page, db: Data<Db>, link: Query<Link>) -> Result<HttpResponse, ApiError> {
    mailed_link::opened(&page, &db, link.into_inner(), Purpose::PasswordReset, render_confirm).await
}

#[post("/password-reset/confirm")]
pub async fn confirm(
    page: Page,
    db: Data<Db>,
    passwords: Data<Passwords>,
    form: Form<ChosenPassword>,
) -> Result<HttpResponse, ApiError> {
    let set = async |token, password| account::confirm_password_reset(&db, &passwords, token, password).await;
    // Every session has ended, this browser's too (if it had one): its cookie goes with it.
    let done = page.see_other_with(
        "/console/sign-in?done=password-reset",
        page.cookie_policy().removal(crate::console::cookies::SESSION),
    );
    mailed_link::chosen(&page, &db, form.into_inner(), Purpose::PasswordReset, render_confirm, set, done).await
}

/// The page; 422 when the link or the fields are not good.
fn render_confirm(
    page: &Page,
    holder: Option<TokenHolder>,
    token: String,
    fields: PasswordFields,
) -> Result<HttpResponse, ApiError> {
    let status = if holder.is_some() && fields.ok() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    ConfirmPage {
        frame: page.frame("password-reset-choose-title", None),
        validity: validity(page),
        token: if holder.is_some() { token } else { String::new() },
        holder,
        problems: fields.problems(),
        fields,
    }
    .answer(page, status)
}
