//! Partner API tokens on an institution's page (administrators): the tokens with their last use,
//! issuing one and revoking one — the API's own operations (`routes::partner_tokens`). A new
//! token's secret is shown once, on the answer to the form, never stored (not even as the
//! form's remembered answer) and never logged; a resent form issues nothing new.

use std::sync::{Arc, OnceLock};

use actix_web::http::{StatusCode, header};
use actix_web::web::{Form, Path};
use actix_web::{HttpResponse, post};
use askama::Template;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::form::{self, Field, FieldProblem};
use super::institution;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::idempotency::StoredResponse;
use crate::db::models::institution::Institution;
use crate::db::models::partner_token::PartnerToken;
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::i18n::{Lang, Texts, name_in};
use crate::routes::partner_tokens::{self, IssuePartnerToken, PartnerTokenResponse};

/// The fields as typed, named as the API names them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IssueValues {
    name: String,
    /// The last day the token works (to its end, UTC); blank for no end.
    expires_at: String,
}

impl IssueValues {
    /// The API's request these values make, checked as the API checks it.
    fn request(&self) -> Result<IssuePartnerToken, ApiError> {
        let last_day = form::optional(&self.expires_at).map(|day| form::day("expires_at", &day)).transpose();
        let expires_at = last_day.as_ref().ok().copied().flatten().map(end_of);
        let request = IssuePartnerToken { name: self.name.clone(), expires_at };
        form::checked(request.validate(), [last_day.err()])?;
        partner_tokens::check(&request)?;
        Ok(request)
    }
}

/// The end of `day` (its last second, UTC): a token works through the last day chosen.
fn end_of(day: NaiveDate) -> DateTime<Utc> {
    let start = day.and_time(NaiveTime::MIN).and_utc();
    day.succ_opt().map_or(start, |next| next.and_time(NaiveTime::MIN).and_utc() - TimeDelta::seconds(1))
}

/// A token as a row of the institution's page.
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub created: String,
    pub expires: String,
    pub last_used: String,
    /// When it was revoked; `None` while it works.
    pub revoked: Option<String>,
}

/// The section on an institution's page: its tokens and the form that issues one.
pub struct TokenSection {
    pub tokens: Vec<TokenRow>,
    pub action: String,
    pub key: String,
    pub problems: Vec<FieldProblem>,
    pub name: Field,
    pub expires_at: Field,
}

/// A form sent back: its key, what was typed, and what the API refused.
pub type SentIssue = (String, IssueValues, Vec<FieldProblem>);

fn moment(texts: &Texts, at: NaiveDateTime) -> String {
    format!("{}, {} UTC", texts.date(at.date()), at.format("%H:%M"))
}

impl TokenSection {
    pub fn new(page: &Page, institution_id: &str, tokens: Vec<PartnerToken>, sent: Option<SentIssue>) -> TokenSection {
        let (key, values, problems) = sent.unwrap_or_else(|| (form::new_key(), IssueValues::default(), Vec::new()));
        let catalogue = page.catalogue();
        let texts = catalogue.texts(page.lang);
        let none = page.t("records-value-none");
        let tokens = tokens
            .into_iter()
            .map(|t| TokenRow {
                created: moment(&texts, t.created_at),
                expires: t.expires_at.map_or_else(|| none.clone(), |at| moment(&texts, at)),
                last_used: t.last_used_at.map_or_else(|| page.t("partner-tokens-never-used"), |at| moment(&texts, at)),
                revoked: t.revoked_at.map(|at| moment(&texts, at)),
                id: t.id,
                name: t.name,
                prefix: t.prefix,
            })
            .collect();
        let field = |name, value: &str| Field::new(page, name, value, &problems);
        TokenSection {
            tokens,
            action: format!("/console/institutions/{institution_id}/partner-tokens"),
            name: field("name", &values.name).required().hint(page.t("form-hint-partner-token-name")),
            expires_at: field("expires_at", &values.expires_at).date().hint(page.t("form-hint-partner-token-expires")),
            key,
            problems,
        }
    }
}

#[derive(Template)]
#[template(path = "console/partner_token_issued.html")]
struct IssuedPage {
    frame: Frame,
    institution_id: String,
    name: String,
    /// The secret; `None` when this form had already issued its token (shown then, not again).
    secret: Option<String>,
}

#[post("/institutions/{id}/partner-tokens")]
pub async fn issue_partner_token(
    page: Page,
    id: Path<String>,
    sent: form::Posted<IssueValues>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    let form::Sent { key, values, .. } = sent.into_inner().checked(&page)?;
    let fingerprint = form::fingerprint(&format!("POST /institutions/{id}/partner-tokens"), &values);
    // The secret leaves the transaction beside the stored answer, which never holds it.
    let secret = Arc::new(OnceLock::new());
    let (institution_id, issued_secret) = (id.clone(), secret.clone());
    let issue = move |conn: &mut DbConn, context: &Context, request| {
        let (token, issued) = partner_tokens::issue(conn, context, &institution_id, request)?;
        let _ = issued_secret.set(issued);
        StoredResponse::json(201, &PartnerTokenResponse::new(token, None))
    };
    if let Err((status, problems)) = form::register(&page, &key, fingerprint, values.request(), issue).await? {
        let html = institution::page_html(&page, id, Some((key, values, problems))).await?;
        return Ok(page.html(status, html));
    }
    let lang = page.lang;
    let (member, institution) = page
        .exchange()
        .read(move |conn, context| Ok((Member::required(conn, context)?, Institution::find(conn, &id)?)))
        .await?;
    let html = issued_page(&page, lang, member, institution, values.name, secret.get().cloned())?;
    let mut answer = page.html(StatusCode::OK, html);
    answer.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(answer)
}

fn issued_page(
    page: &Page,
    lang: Lang,
    member: Member,
    i: Institution,
    name: String,
    secret: Option<String>,
) -> Result<String, ApiError> {
    let mut frame = page.frame("partner-tokens-issued-title", Some(member));
    let institution = name_in(lang, &i.name_en, i.name_ru.as_deref(), i.name_zh.as_deref());
    frame.title = page.t_with("partner-tokens-issued-title", &[("institution", institution.into())]);
    IssuedPage { frame, institution_id: i.id, name: name.trim().to_owned(), secret }.to_html()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Revocation {
    csrf: String,
}

#[post("/partner-tokens/{id}/revoke")]
pub async fn revoke_partner_token(
    page: Page,
    id: Path<String>,
    sent: Form<Revocation>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    page.check(&sent.csrf)?;
    let revoked = page.exchange().write(move |conn, context| partner_tokens::revoke(conn, context, &id)).await?;
    Ok(page.see_other(&format!("/console/institutions/{}#partner-tokens", revoked.institution_id)))
}
