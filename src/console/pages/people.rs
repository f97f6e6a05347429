//! `GET /console/people`: the accounts, as `GET /api/v1/users` lists them to the same person
//! (coordinators and administrators), oldest first, with pending invitations marked, and the
//! ways to invite, re-invite, revoke an invitation and change an account — each offered only to
//! whom the API allows it.

use std::collections::{BTreeSet, HashMap};

use actix_web::http::StatusCode;
use actix_web::web::Query;
use actix_web::{HttpResponse, get};
use askama::Template;
use serde::Deserialize;

use super::form;
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::models::institution::Institution;
use crate::db::models::user::{User, UserFilter};
use crate::domain::role::{Role, UserStatus};
use crate::domain::search_key;
use crate::error::ApiError;
use crate::i18n::{Arg, Lang};

/// Accounts a page shows.
const LISTED: i64 = 50;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Listing {
    q: String,
    /// The last account of the previous page.
    after: String,
    /// What was just done (`invited`, `resent`, `revoked`, `saved`), and to whom.
    done: String,
    who: String,
}

/// An account as a row, with what the reader may do to it.
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub status: UserStatus,
    pub institution: Option<InstitutionLink>,
    pub language: Lang,
    pub version: i64,
    /// A pending invitation the reader may send again (the API's invite of the same address).
    pub resend: Option<String>,
    pub may_change: bool,
}

/// An account's institution, named in the page's language.
pub struct InstitutionLink {
    pub id: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "console/people.html")]
struct PeoplePage {
    frame: Frame,
    notice: Option<String>,
    q: String,
    people: Vec<Person>,
    total: i64,
    next: Option<String>,
    may_invite: bool,
}

#[get("/people")]
pub async fn list_people(page: Page, listing: Query<Listing>) -> Result<HttpResponse, ApiError> {
    let Listing { q, after, done, who } = listing.into_inner();
    let (filter_q, after_id) = (search_key::normalise(&q), after.clone());
    let lang = page.lang;
    let (member, users, total, names, may_invite, may_change, done_to) = page
        .exchange()
        .read(move |conn, context| {
            let member = Member::required(conn, context)?;
            let caller = context.caller()?;
            policy::read_users(caller)?;
            let filter = UserFilter { query: Some(filter_q).filter(|q| !q.is_empty()), ..UserFilter::default() };
            let after = Some(after_id.as_str()).filter(|a| !a.is_empty());
            let (users, total) = User::list(conn, &filter, after, LISTED + 1)?;
            let mut names = HashMap::new();
            for id in users.iter().filter_map(|u| u.institution_id.clone()).collect::<BTreeSet<_>>() {
                let i = Institution::find(conn, &id)?;
                let name = crate::i18n::name_in(lang, &i.name_en, i.name_ru.as_deref(), i.name_zh.as_deref());
                names.insert(id, name.to_owned());
            }
            let may_invite: Vec<Role> = Role::ALL.into_iter().filter(|r| policy::invite(caller, *r).is_ok()).collect();
            let may_change = policy::write_users(caller).is_ok();
            let done_to = match User::find(conn, &who) {
                Ok(user) => Some(user),
                Err(ApiError::NotFound) => None,
                Err(other) => return Err(other),
            };
            Ok((member, users, total, names, may_invite, may_change, done_to))
        })
        .await?;
    let mut users = users;
    let more = users.len() > usize::try_from(LISTED).unwrap_or(usize::MAX);
    users.truncate(usize::try_from(LISTED).unwrap_or(usize::MAX));
    let next = more.then(|| users.last().map(|u| next_page(&q, &u.id))).flatten();
    let people = users
        .into_iter()
        .map(|u| {
            let (role, status) = (u.role()?, u.status()?);
            let invited = status == UserStatus::Invited;
            Ok(Person {
                resend: (invited && may_invite.contains(&role)).then(form::new_key),
                may_change,
                role,
                status,
                institution: u
                    .institution_id
                    .as_ref()
                    .map(|id| InstitutionLink { id: id.clone(), name: names.get(id).cloned().unwrap_or_default() }),
                language: u.language()?,
                version: u.version,
                name: u.display_name,
                email: u.email,
                id: u.id,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let notice = done_to.and_then(|user| {
        let key = match done.as_str() {
            "invited" => "people-done-invited",
            "resent" => "people-done-resent",
            "revoked" => "people-done-revoked",
            "saved" => "people-done-saved",
            _ => return None,
        };
        Some(
            page.t_with(key, &[("name", Arg::from(user.display_name.as_str())), ("email", user.email.as_str().into())]),
        )
    });
    let frame = page.frame("page-people-title", Some(member));
    PeoplePage { frame, notice, q, people, total, next, may_invite: !may_invite.is_empty() }
        .answer(&page, StatusCode::OK)
}

fn next_page(q: &str, after: &str) -> String {
    let query =
        form_urlencoded::Serializer::new(String::new()).append_pair("q", q).append_pair("after", after).finish();
    format!("/console/people?{query}")
}
