//! `GET /console/institutions/{id}`: an institution — its names, country, city, ROR id, kind and
//! website — with its history, and, for those who may change it, the way to its form; for
//! administrators, its partner API tokens.

use actix_web::http::StatusCode;
use actix_web::web::Path;
use actix_web::{HttpResponse, get};
use askama::Template;

use super::breadcrumbs::Crumb;
use super::history::{self, HistoryView};
use super::naming::{NameLine, Named, name_lines};
use super::partner_token_form::{SentIssue, TokenSection};
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::models::institution::Institution;
use crate::error::ApiError;
use crate::http::record_id;
use crate::routes::{institutions, partner_tokens};

#[derive(Template)]
#[template(path = "console/institution.html")]
struct InstitutionPage {
    frame: Frame,
    crumbs: Vec<Crumb>,
    name: Named,
    names: Vec<NameLine>,
    id: String,
    country: String,
    city: Option<String>,
    ror_id: Option<String>,
    kind: String,
    website: Option<String>,
    may_edit: bool,
    history: HistoryView,
    tokens: Option<TokenSection>,
}

#[get("/institutions/{id}")]
pub async fn show(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let html = page_html(&page, id.into_inner(), None).await?;
    Ok(page.html(StatusCode::OK, html))
}

/// The page, with the partner token form as `sent` back with its problems (or a fresh one), when
/// the person may manage partner tokens.
pub async fn page_html(page: &Page, id: String, sent: Option<SentIssue>) -> Result<String, ApiError> {
    let (member, institution, may_edit, history, tokens) = page
        .exchange()
        .read(move |conn, context| {
            let member = Member::required(conn, context)?;
            let id = record_id(&id)?;
            let institution = institutions::read(conn, context, &id)?;
            let may_edit = policy::write_institutions(context.caller()?).is_ok();
            let history = history::read(conn, context, &member, "institution", &id)?;
            let tokens = match policy::manage_partner_tokens(context.caller()?) {
                Ok(()) => Some(partner_tokens::list(conn, context, &id)?),
                Err(_) => None,
            };
            Ok((member, institution, may_edit, history, tokens))
        })
        .await?;
    let tokens = tokens.map(|tokens| TokenSection::new(page, &institution.id, tokens, sent));
    render(page, member, institution, may_edit, &history, tokens)
}

fn render(
    page: &Page,
    member: Member,
    i: Institution,
    may_edit: bool,
    history: &history::HistoryData,
    tokens: Option<TokenSection>,
) -> Result<String, ApiError> {
    let name = Named::of(page.lang, &i.name_en, i.name_ru.as_deref(), i.name_zh.as_deref());
    let mut frame = page.frame("page-institutions-title", Some(member));
    frame.title = name.text.clone();
    let texts = frame.texts();
    let crumbs = vec![Crumb::home(&texts), Crumb::here(name.clone())];
    let names = name_lines(&texts, &i.name_en, i.name_ru.as_deref(), i.name_zh.as_deref());
    let kind = texts.label(i.kind()?);
    let history = history::view(&texts, history);
    InstitutionPage {
        crumbs,
        name,
        names,
        id: i.id,
        country: i.country,
        city: i.city,
        ror_id: i.ror_id,
        kind,
        website: i.website,
        may_edit,
        history,
        tokens,
        frame,
    }
    .to_html()
}
