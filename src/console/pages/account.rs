//! My account: who I am here, changing my password, and signing out everywhere — the API's own
//! operations (`auth::account`), which end every session, this browser's included; so both
//! lead back to the sign-in page, with the session cookie cleared.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Form};
use actix_web::{HttpRequest, HttpResponse, get, post};
use askama::Template;
use serde::Deserialize;

use super::form::FieldProblem;
use super::password_form::PasswordFields;
use super::sign_in::too_many_attempts;
use crate::auth::account;
use crate::auth::password::Passwords;
use crate::auth::sign_in::Throttle;
use crate::config::AuthSettings;
use crate::console::cookies;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::models::institution::Institution;
use crate::db::models::user::User;
use crate::error::ApiError;
use crate::i18n::Lang;

/// What the page says about the account, in the page's language.
struct Details {
    name: String,
    email: String,
    role: String,
    institution: Option<String>,
    language: Lang,
}

#[derive(Template)]
#[template(path = "console/account.html")]
struct AccountPage {
    frame: Frame,
    details: Details,
    current_problem: Option<String>,
    fields: PasswordFields,
    problems: Vec<FieldProblem>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordChange {
    current_password: String,
    new_password: String,
    repeat_password: String,
    csrf: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignOutEverywhere {
    csrf: String,
}

#[get("/account")]
pub async fn show(page: Page) -> Result<HttpResponse, ApiError> {
    render(&page, StatusCode::OK, None, PasswordFields::blank(&page)).await
}

#[post("/account/password")]
pub async fn change_password(
    req: HttpRequest,
    page: Page,
    passwords: Data<Passwords>,
    settings: Data<AuthSettings>,
    form: Form<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let PasswordChange { current_password, new_password, repeat_password, csrf } = form.into_inner();
    page.check(&csrf)?;
    let fields = PasswordFields::checked(&page, &new_password, &repeat_password);
    let answer = if !fields.ok() {
        render(&page, StatusCode::UNPROCESSABLE_ENTITY, None, fields).await
    } else {
        let throttle = Throttle::of(&req, &settings);
        match account::change_password(page.exchange(), &passwords, &throttle, current_password, new_password).await {
            Ok(()) => Ok(page.see_other_with(
                "/console/sign-in?done=password-change",
                page.cookie_policy().removal(cookies::SESSION),
            )),
            Err(ApiError::Validation(errors)) if errors.iter().any(|e| e.field == "current_password") => {
                let problem = Some(page.t("password-change-error-wrong-current"));
                render(&page, StatusCode::UNPROCESSABLE_ENTITY, problem, fields).await
            }
            Err(ApiError::TooManyRequests { retry_after_secs }) => {
                let problem = Some(too_many_attempts(&page, retry_after_secs));
                render(&page, StatusCode::TOO_MANY_REQUESTS, problem, fields).await
            }
            Err(other) => Err(other),
        }
    };
    sign_in_first(&page, answer)
}

#[post("/account/sign-out-everywhere")]
pub async fn sign_out_everywhere(page: Page, form: Form<SignOutEverywhere>) -> Result<HttpResponse, ApiError> {
    page.check(&form.csrf)?;
    let answer = account::sign_out_everywhere(page.exchange()).await.map(|()| {
        page.see_other_with(
            "/console/sign-in?done=signed-out-everywhere",
            page.cookie_policy().removal(cookies::SESSION),
        )
    });
    sign_in_first(&page, answer)
}

/// A form sent from a session that has ended meanwhile: sign in, then back to this page. (The
/// console's usual sign-in detour would come back to the form's address, which has no page.)
fn sign_in_first(page: &Page, answer: Result<HttpResponse, ApiError>) -> Result<HttpResponse, ApiError> {
    match answer {
        Err(ApiError::Unauthenticated(_)) => Ok(page.see_other("/console/sign-in?next=%2Fconsole%2Faccount")),
        other => other,
    }
}

/// The page for the signed-in person (a sign-in first for anyone else).
async fn render(
    page: &Page,
    status: StatusCode,
    current_problem: Option<String>,
    fields: PasswordFields,
) -> Result<HttpResponse, ApiError> {
    let (member, user, institution) = page
        .exchange()
        .read(|conn, context| {
            let member = Member::required(conn, context)?;
            let user = User::find(conn, &member.id)?;
            let institution = match &member.institution_id {
                Some(id) => Some(Institution::find(conn, id)?),
                None => None,
            };
            Ok((member, user, institution))
        })
        .await?;
    let frame = page.frame("page-account-title", Some(member));
    let texts = frame.texts();
    let details = Details {
        role: texts.label(user.role()?),
        institution: institution.map(|i| texts.name(&i.name_en, i.name_ru.as_deref(), i.name_zh.as_deref()).to_owned()),
        language: user.language()?,
        name: user.display_name,
        email: user.email,
    };
    let mut problems: Vec<FieldProblem> = current_problem
        .iter()
        .map(|message| FieldProblem { field: "current-password".into(), message: message.clone() })
        .collect();
    problems.extend(fields.problems());
    AccountPage { frame, details, current_problem, fields, problems }.answer(page, status)
}
