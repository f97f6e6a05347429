//! Changing an account (administrators): its role, status, institution, name and mail language,
//! through the API's own change (`routes::users::update`) — same policy (no one changes their own
//! access), same version check, same history. Revoking a pending invitation is the same change:
//! the account disabled, so its invitation no longer activates it.
//!
//! The form sends a merge patch of what the person changed, as a client would: a role, status or
//! institution left as it was is not sent, so an administrator can change their own name and
//! language, and only a change of their own access is refused, as the API refuses it.

use actix_web::http::StatusCode;
use actix_web::web::{Form, Path};
use actix_web::{HttpResponse, get, post};
use askama::Template;
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::form::{self, Choice, Field, FieldProblem};
use super::history::HistoryRow;
use super::picker::{self, Picker};
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::user::User;
use crate::domain::role::{Role, UserStatus};
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::i18n::Lang;
use crate::routes::users::wire::UpdateUser;
use crate::routes::users::{self, AccountChanges};

/// The fields as typed, named as the API names them (and the institution's search box).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonValues {
    display_name: String,
    role: String,
    status: String,
    institution_id: String,
    institution_id_q: String,
    language: String,
}

/// What the form asks for, typed.
struct Wanted {
    display_name: String,
    role: Role,
    status: UserStatus,
    institution_id: Option<String>,
    language: Lang,
}

impl PersonValues {
    fn of(user: &User) -> PersonValues {
        PersonValues {
            display_name: user.display_name.clone(),
            role: user.role.clone(),
            status: user.status.clone(),
            institution_id: user.institution_id.clone().unwrap_or_default(),
            institution_id_q: String::new(),
            language: user.language.clone(),
        }
    }

    /// The values typed, checked as the API checks them.
    fn wanted(&self) -> Result<Wanted, ApiError> {
        let role = form::word("role", &self.role, Role::parse);
        let status = form::word("status", &self.status, UserStatus::parse);
        let language = form::word("language", &self.language, Lang::parse);
        let name = UpdateUser {
            display_name: Some(self.display_name.clone()),
            role: None,
            status: None,
            institution_id: None,
            language: None,
        };
        let wanted = Wanted {
            display_name: self.display_name.clone(),
            role: *role.as_ref().unwrap_or(&Role::Partner),
            status: *status.as_ref().unwrap_or(&UserStatus::Disabled),
            institution_id: form::optional(&self.institution_id).map(|id| id.trim().to_owned()),
            language: language.as_ref().copied().unwrap_or_default(),
        };
        form::checked(name.validate(), [role.err(), status.err(), language.err()])?;
        Ok(wanted)
    }
}

impl Wanted {
    /// The merge patch from `current` to these values: only what differs.
    fn patch(self, current: &User) -> UpdateUser {
        let differs = |now: &str, wanted: &str| now != wanted;
        UpdateUser {
            display_name: differs(&current.display_name, &self.display_name).then_some(self.display_name),
            role: differs(&current.role, self.role.as_str()).then_some(self.role),
            status: differs(&current.status, self.status.as_str()).then_some(self.status),
            institution_id: (current.institution_id != self.institution_id).then_some(self.institution_id),
            language: differs(&current.language, self.language.as_str()).then_some(self.language),
        }
    }
}

#[derive(Template)]
#[template(path = "console/person_form.html")]
struct FormPage {
    frame: Frame,
    action: String,
    version: i64,
    email: String,
    /// An administrator's own account: their access is for another administrator to change.
    own: bool,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
    display_name: Field,
    role: Field,
    roles: Vec<Choice>,
    status: Field,
    statuses: Vec<Choice>,
    institution: Picker,
    language: Field,
    languages: Vec<Choice>,
}

/// The account, once the person may change accounts (the API's 403 otherwise).
fn changeable(conn: &mut DbConn, context: &Context, id: &str) -> Result<(Member, User), ApiError> {
    let member = Member::required(conn, context)?;
    let user = User::find(conn, id)?;
    policy::write_users(context.caller()?)?;
    Ok((member, user))
}

impl form::Editable for User {
    const HISTORY: &'static str = "user";

    fn editable(conn: &mut DbConn, context: &Context, id: &str) -> Result<User, ApiError> {
        changeable(conn, context, id).map(|(_, user)| user)
    }

    fn version(&self) -> i64 {
        self.version
    }
}

/// The form for `user` at `version`, as `values` left it.
async fn form_page(
    page: &Page,
    status: StatusCode,
    id: String,
    version: Option<i64>,
    values: Option<PersonValues>,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
) -> Result<HttpResponse, ApiError> {
    let (lang, shown) = (page.lang, values.clone());
    let (member, user, institutions) = page
        .exchange()
        .read(move |conn, context| {
            let (member, user) = changeable(conn, context, &id)?;
            let shown = shown.unwrap_or_else(|| PersonValues::of(&user));
            let chosen = Some(shown.institution_id.as_str());
            let institutions = picker::institutions(conn, context, lang, &shown.institution_id_q, chosen)?;
            Ok((member, user, institutions))
        })
        .await?;
    let values = values.unwrap_or_else(|| PersonValues::of(&user));
    let field = |name, value: &str| Field::new(page, name, value, &problems);
    let texts = page.catalogue();
    let choices = |words: Vec<(&str, String)>| {
        words.into_iter().map(|(value, label)| Choice { value: value.to_owned(), label }).collect::<Vec<_>>()
    };
    let roles = choices(Role::ALL.iter().map(|r| (r.as_str(), texts.label(lang, *r))).collect());
    // An account becomes invited only by invitation: that status is offered only to keep it.
    let statuses = choices(
        UserStatus::ALL
            .iter()
            .filter(|s| **s != UserStatus::Invited || user.status == UserStatus::Invited.as_str())
            .map(|s| (s.as_str(), texts.label(lang, *s)))
            .collect(),
    );
    let languages = choices(Lang::ALL.iter().map(|l| (l.as_str(), l.native_name().to_owned())).collect());
    let mut frame = page.frame("page-person-title", Some(member.clone()));
    frame.title = page.t_with("page-change-title", &[("name", user.display_name.as_str().into())]);
    FormPage {
        frame,
        action: format!("/console/people/{}", user.id),
        version: version.unwrap_or(user.version),
        own: member.id == user.id,
        email: user.email.clone(),
        changed_meanwhile,
        display_name: field("display_name", &values.display_name).required(),
        role: field("role", &values.role).required(),
        roles,
        status: Field { label: page.t("people-status"), ..field("status", &values.status).required() },
        statuses,
        institution: Picker {
            field: field("institution_id", &values.institution_id),
            source: "/console/pick/institutions",
            search: values.institution_id_q.clone(),
            choices: institutions,
        },
        language: field("language", &values.language).required().hint(page.t("form-hint-invite-language")),
        languages,
        problems,
    }
    .answer(page, status)
}

#[get("/people/{id}/edit")]
pub async fn edit_person(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    form_page(&page, StatusCode::OK, id, None, None, Vec::new(), Vec::new()).await
}

#[post("/people/{id}")]
pub async fn save_person(
    page: Page,
    id: Path<String>,
    sent: form::Posted<PersonValues>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    let form::Sent { version: began_at, find, values, .. } = sent.into_inner().checked(&page)?;
    if !find.is_empty() {
        return form_page(&page, StatusCode::OK, id, Some(began_at), Some(values), Vec::new(), Vec::new()).await;
    }
    // The patch holds only what differs from the account as it is when the change is made.
    let update = |conn: &mut DbConn, context: &Context, id: &str, if_match: &IfMatch, wanted: Wanted| {
        let patch = wanted.patch(&User::find(conn, id)?);
        users::update(conn, context, id, if_match, AccountChanges::of(patch)?)
    };
    let refused = match form::save_change::<User, _, _, _>(&page, &id, began_at, values.wanted(), update).await? {
        Ok(user) => return Ok(page.see_other(&format!("/console/people?done=saved&who={}", user.id))),
        Err(refused) => refused,
    };
    let form::Refusal { status, version, problems, changed_meanwhile, .. } = refused;
    form_page(&page, status, id, Some(version), Some(values), problems, changed_meanwhile).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Revocation {
    csrf: String,
    version: String,
}

/// Revoking a pending invitation: `PATCH /api/v1/users/{id}` with `status: disabled`, at the
/// version the list showed.
#[post("/people/{id}/revoke")]
pub async fn revoke_invitation(page: Page, id: Path<String>, sent: Form<Revocation>) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    page.check(&sent.csrf)?;
    let version = sent.version.trim().parse().unwrap_or(0);
    let patch = UpdateUser {
        display_name: None,
        role: None,
        status: Some(UserStatus::Disabled),
        institution_id: None,
        language: None,
    };
    let changes = AccountChanges::of(patch)?;
    let user = page
        .exchange()
        .write(move |conn, context| users::update(conn, context, &id, &IfMatch::version(version), changes))
        .await?;
    Ok(page.see_other(&format!("/console/people?done=revoked&who={}", user.id)))
}
