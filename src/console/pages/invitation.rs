//! Accepting an invitation: the link in the invitation mail opens this page, where the invited
//! person chooses their password (`auth::account::accept_invitation`, as the API's route does).

use actix_web::http::StatusCode;
use actix_web::web::{Data, Form, Query};
use actix_web::{HttpResponse, get, post};
use askama::Template;

use super::form::FieldProblem;
use super::mailed_link::{self, ChosenPassword, Link};
use super::password_form::PasswordFields;
use crate::auth::account::{self, TokenHolder};
use crate::auth::password::Passwords;
use crate::console::frame::Frame;
use crate::console::page::Page;
use crate::console::rendered::Rendered;
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

#[get("/invitation")]
pub async fn show(page: Page, db: Data<Db>, link: Query<Link>) -> Result<HttpResponse, ApiError> {
    mailed_link::opened(&page, &db, link.into_inner(), Purpose::Invitation, render).await
}

#[post("/invitation")]
pub async fn submit(
    page: Page,
    db: Data<Db>,
    passwords: Data<Passwords>,
    form: Form<ChosenPassword>,
) -> Result<HttpResponse, ApiError> {
    let set = async |token, password| account::accept_invitation(&db, &passwords, token, password).await;
    let done = page.see_other("/console/sign-in?done=invitation");
    mailed_link::chosen(&page, &db, form.into_inner(), Purpose::Invitation, render, set, done).await
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
    InvitationPage {
        frame,
        intro: page.t_with("invitation-intro", &[("role", Arg::Str(&role))]),
        validity: page.t_with("invitation-validity", &[("hours", Arg::Int(hours))]),
        // A token that is no good is not written back into the page.
        token: if holder.is_some() { token } else { String::new() },
        holder,
        problems: fields.problems(),
        fields,
    }
    .answer(page, status)
}
