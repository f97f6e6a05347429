//! Inviting a person (administrators anyone; coordinators lab heads and partners), and sending a
//! pending invitation again from the list of people: the API's own invite
//! (`routes::users::invite`) — same checks, same policy, a fresh token that ends the earlier one,
//! the mail in the person's language — behind a form, with the institution chosen by name.

use actix_web::http::StatusCode;
use actix_web::web::Data;
use actix_web::{HttpResponse, get, post};
use askama::Template;
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::form::{self, Choice, Field, FieldProblem};
use super::picker::{self, Picker};
use crate::auth::policy;
use crate::config::MailSettings;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::idempotency::StoredResponse;
use crate::domain::role::Role;
use crate::email::Outbox;
use crate::error::ApiError;
use crate::http::etag::etag;
use crate::http::exchange::Context;
use crate::i18n::Lang;
use crate::routes::users;
use crate::routes::users::wire::{InviteUser, UserResponse};

/// The fields as typed, named as the API names them (and the institution's search box).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InviteValues {
    email: String,
    display_name: String,
    role: String,
    institution_id: String,
    institution_id_q: String,
    language: String,
}

impl InviteValues {
    /// The API's request these values make, checked as the API checks it.
    fn request(&self) -> Result<InviteUser, ApiError> {
        let role = form::word("role", &self.role, Role::parse);
        // No language is the API's default, English.
        let language = form::optional(&self.language).map(|l| form::word("language", &l, Lang::parse)).transpose();
        let request = InviteUser {
            email: self.email.trim().to_owned(),
            display_name: self.display_name.clone(),
            role: *role.as_ref().unwrap_or(&Role::Partner),
            institution_id: form::optional(&self.institution_id).map(|id| id.trim().to_owned()),
            language: language.clone().ok().flatten(),
        };
        form::checked(request.validate(), [role.err(), language.err()])?;
        Ok(request)
    }
}

#[derive(Template)]
#[template(path = "console/invite_form.html")]
struct FormPage {
    frame: Frame,
    key: String,
    problems: Vec<FieldProblem>,
    email: Field,
    display_name: Field,
    role: Field,
    roles: Vec<Choice>,
    institution: Picker,
    language: Field,
    languages: Vec<Choice>,
}

/// The person, once they may invite someone (the API's 403 otherwise), and the roles they may.
fn inviter(conn: &mut DbConn, context: &Context) -> Result<(Member, Vec<Role>), ApiError> {
    let member = Member::required(conn, context)?;
    let caller = context.caller()?;
    let roles: Vec<Role> = Role::ALL.into_iter().filter(|r| policy::invite(caller, *r).is_ok()).collect();
    if roles.is_empty() {
        // The API's own refusal, with its reason.
        policy::invite(caller, Role::Partner)?;
    }
    Ok((member, roles))
}

/// The form, as `values` left it: with candidates after Find, or with what was refused.
async fn form_page(
    page: &Page,
    status: StatusCode,
    key: String,
    values: InviteValues,
    problems: Vec<FieldProblem>,
) -> Result<HttpResponse, ApiError> {
    let (lang, shown) = (page.lang, values.clone());
    let ((member, roles), institutions) = page
        .exchange()
        .read(move |conn, context| {
            let inviter = inviter(conn, context)?;
            let chosen = Some(shown.institution_id.as_str());
            Ok((inviter, picker::institutions(conn, context, lang, &shown.institution_id_q, chosen)?))
        })
        .await?;
    let field = |name, value: &str| Field::new(page, name, value, &problems);
    let mut email = field("email", &values.email).required();
    email.input = "email";
    let texts = page.catalogue();
    let roles =
        roles.into_iter().map(|r| Choice { value: r.as_str().to_owned(), label: texts.label(lang, r) }).collect();
    let languages =
        Lang::ALL.iter().map(|l| Choice { value: l.as_str().to_owned(), label: l.native_name().to_owned() }).collect();
    let language = if values.language.is_empty() { page.lang.as_str() } else { values.language.as_str() };
    FormPage {
        frame: page.frame("page-invite-title", Some(member)),
        key,
        email,
        display_name: field("display_name", &values.display_name).required(),
        role: field("role", &values.role).required(),
        roles,
        institution: Picker {
            field: field("institution_id", &values.institution_id),
            source: "/console/pick/institutions",
            search: values.institution_id_q.clone(),
            choices: institutions,
        },
        language: field("language", language).hint(page.t("form-hint-invite-language")),
        languages,
        problems,
    }
    .answer(page, status)
}

#[get("/people/new")]
pub async fn invite_form(page: Page) -> Result<HttpResponse, ApiError> {
    form_page(&page, StatusCode::OK, form::new_key(), InviteValues::default(), Vec::new()).await
}

#[post("/people")]
pub async fn send_invitation(
    page: Page,
    mail: Data<MailSettings>,
    outbox: Data<Outbox>,
    sent: form::Posted<InviteValues>,
) -> Result<HttpResponse, ApiError> {
    let form::Sent { key, find, values, .. } = sent.into_inner().checked(&page)?;
    if !find.is_empty() {
        return form_page(&page, StatusCode::OK, key, values, Vec::new()).await;
    }
    let mut fingerprinted = values.clone();
    fingerprinted.institution_id_q.clear();
    let fingerprint = form::fingerprint("POST /invitations", &fingerprinted);
    let catalogue = page.catalogue();
    let invite = move |conn: &mut DbConn, context: &Context, request| {
        let (user, again) = users::invite(conn, context, &catalogue, &mail.public_url, request)?;
        let done = if again { "resent" } else { "invited" };
        let location = format!("/console/people?done={done}&who={}", user.id);
        StoredResponse::created(location, etag(user.version), &UserResponse::new(user)?)
    };
    match form::register(&page, &key, fingerprint, values.request(), invite).await? {
        Ok(answer) => {
            outbox.wake();
            Ok(form::see_created(&page, &answer))
        }
        Err((status, problems)) => form_page(&page, status, key, values, problems).await,
    }
}
