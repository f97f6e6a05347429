//! Signing in and out of the console: the API's sign-in (same throttling, same single answer for
//! every failure), then a session cookie instead of tokens.

use actix_web::http::StatusCode;
use actix_web::web::{Data, Form, Query};
use actix_web::{HttpRequest, HttpResponse, get, post};
use askama::Template;
use serde::Deserialize;

use super::language::console_path;
use crate::auth::password::Passwords;
use crate::auth::sign_in::{Throttle, lifetimes, sign_in};
use crate::auth::tokens;
use crate::config::AuthSettings;
use crate::console::cookies;
use crate::console::frame::Frame;
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::models::console_session;
use crate::db::{Db, transaction};
use crate::error::ApiError;
use crate::i18n::Arg;

#[derive(Template)]
#[template(path = "console/sign_in.html")]
struct SignIn {
    frame: Frame,
    next: String,
    email: String,
    /// Why the last attempt failed, in words for people.
    problem: Option<String>,
    /// What the account pages that lead here did (`?done=…`), in words for people.
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
    done: Option<String>,
}

/// The notice for `?done=…`: the account pages end with a sign-in (their work ended the session,
/// or the account is new). Only these words, never text from the URL.
fn notice(page: &Page, done: Option<&str>) -> Option<String> {
    let key = match done? {
        "invitation" => "invitation-done",
        "password-reset" => "password-reset-done",
        "password-change" => "account-password-changed",
        "signed-out-everywhere" => "account-signed-out-everywhere",
        _ => return None,
    };
    Some(page.t(key))
}

#[derive(Deserialize)]
pub struct Credentials {
    email: String,
    password: String,
    next: Option<String>,
    csrf: String,
}

#[get("/sign-in")]
pub async fn show(page: Page, query: Query<Next>) -> Result<HttpResponse, ApiError> {
    let next = console_path(query.next.as_deref()).to_owned();
    let notice = notice(&page, query.done.as_deref());
    render(&page, StatusCode::OK, next, String::new(), None, notice)
}

fn render(
    page: &Page,
    status: StatusCode,
    next: String,
    email: String,
    problem: Option<String>,
    notice: Option<String>,
) -> Result<HttpResponse, ApiError> {
    SignIn { frame: page.frame("sign-in-title", None), next, email, problem, notice }.answer(page, status)
}

#[post("/sign-in")]
pub async fn submit(
    req: HttpRequest,
    page: Page,
    db: Data<Db>,
    passwords: Data<Passwords>,
    settings: Data<AuthSettings>,
    input: Form<Credentials>,
) -> Result<HttpResponse, ApiError> {
    let Credentials { email, password, next, csrf } = input.into_inner();
    page.check(&csrf)?;
    let next = console_path(next.as_deref()).to_owned();
    let lifetimes = lifetimes(&settings);
    let throttle = Throttle::of(&req, &settings);
    let attempt = sign_in(&db, &passwords, &throttle, (email.clone(), password), move |conn, user| {
        console_session::start(conn, &user.id, lifetimes)
    })
    .await;
    match attempt {
        Ok((_, started)) => {
            let cookie = page.cookie_policy().secret(cookies::SESSION, started.secret);
            Ok(page.see_other_with(&next, cookie))
        }
        Err(ApiError::InvalidCredentials) => {
            let problem = Some(page.t("sign-in-error-wrong-credentials"));
            render(&page, StatusCode::UNAUTHORIZED, next, email, problem, None)
        }
        Err(ApiError::TooManyRequests { retry_after_secs }) => {
            let problem = too_many_attempts(&page, retry_after_secs);
            render(&page, StatusCode::TOO_MANY_REQUESTS, next, email, Some(problem), None)
        }
        Err(other) => Err(other),
    }
}

/// "Too many failed attempts; try again in N minutes", for any form that takes a password.
pub fn too_many_attempts(page: &Page, retry_after_secs: u64) -> String {
    let minutes = i64::try_from(retry_after_secs.div_ceil(60).max(1)).unwrap_or(i64::MAX);
    page.t_with("sign-in-error-too-many-attempts", &[("minutes", Arg::Int(minutes))])
}

#[derive(Deserialize)]
pub struct SignOut {
    csrf: String,
}

/// Ends this browser's session (the API's sessions of the same person go on).
#[post("/sign-out")]
pub async fn sign_out(page: Page, db: Data<Db>, input: Form<SignOut>) -> Result<HttpResponse, ApiError> {
    page.check(&input.csrf)?;
    if let Some(secret) = page.session_secret() {
        let hash = tokens::hash(secret);
        db.run(move |conn| transaction::write(conn, |conn| console_session::end(conn, &hash))).await?;
    }
    Ok(page.see_other_with("/console/sign-in", page.cookie_policy().removal(cookies::SESSION)))
}
