//! Mirror links from a laboratory's page (coordinators and administrators): linking it with its
//! mirror laboratory or a third-country site, and ending a link with a date and a reason — the
//! API's own create and update (`routes::mirror_links::{create, update}`) behind forms.

use actix_web::http::StatusCode;
use actix_web::web::{Path, Query};
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
use crate::db::models::idempotency::StoredResponse;
use crate::db::models::lab::Lab;
use crate::db::models::mirror_link::{MirrorLink, MirrorLinkChanges, NewMirrorLink};
use crate::domain::lab::MirrorKind;
use crate::error::{ApiError, FieldError};
use crate::http::etag::etag;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::i18n::name_in;
use crate::routes::mirror_links;
use crate::routes::mirror_links::wire::{CreateMirrorLink, MirrorLinkResponse, UpdateMirrorLink};

/// A new link's fields as typed, named as the API names them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LinkValues {
    lab_a_id: String,
    lab_b_id: String,
    lab_b_id_q: String,
    kind: String,
    starts_on: String,
}

impl LinkValues {
    fn request(&self) -> Result<CreateMirrorLink, ApiError> {
        let partner = form::optional(&self.lab_b_id)
            .map(|id| id.trim().to_owned())
            .ok_or_else(|| FieldError::new("lab_b_id", "required", "is required"));
        let kind = form::word("kind", &self.kind, MirrorKind::parse);
        let starts_on = form::day("starts_on", &self.starts_on);
        let request = CreateMirrorLink {
            lab_a_id: self.lab_a_id.trim().to_owned(),
            lab_b_id: partner.clone().unwrap_or_default(),
            kind: *kind.as_ref().unwrap_or(&MirrorKind::Mirror),
            starts_on: starts_on.clone().unwrap_or_default(),
            ends_on: None,
            end_reason: None,
        };
        form::checked(request.validate(), [partner.err(), kind.err(), starts_on.err()])?;
        Ok(request)
    }
}

#[derive(Template)]
#[template(path = "console/mirror_link_new.html")]
struct NewPage {
    frame: Frame,
    key: String,
    lab_a_id: String,
    problems: Vec<FieldProblem>,
    partner: Picker,
    kind: Field,
    kinds: Vec<Choice>,
    starts_on: Field,
}

/// The lab a link is made from, once the person may write links (the API's 403 otherwise).
fn from_lab(conn: &mut DbConn, context: &Context, id: &str) -> Result<(Member, Lab), ApiError> {
    let member = Member::required(conn, context)?;
    policy::write_registry(context.caller()?)?;
    Ok((member, Lab::find(conn, id)?))
}

async fn new_page(
    page: &Page,
    status: StatusCode,
    key: String,
    values: LinkValues,
    problems: Vec<FieldProblem>,
) -> Result<HttpResponse, ApiError> {
    let (lang, lab_id, shown) = (page.lang, record_id(&values.lab_a_id)?, values.clone());
    let (member, lab, partners) = page
        .exchange()
        .read(move |conn, context| {
            let (member, lab) = from_lab(conn, context, &lab_id)?;
            let partners = picker::labs(conn, context, lang, &shown.lab_b_id_q, Some(&shown.lab_b_id))?;
            Ok((member, lab, partners))
        })
        .await?;
    let field = |name, value: &str| Field::new(page, name, value, &problems);
    let name = name_in(page.lang, &lab.name_en, lab.name_ru.as_deref(), lab.name_zh.as_deref());
    let mut frame = page.frame("page-mirror-link-new-title", Some(member));
    frame.title = page.t_with("page-mirror-link-new-title", &[("name", name.into())]);
    let catalogue = page.catalogue();
    NewPage {
        key,
        lab_a_id: lab.id.clone(),
        partner: Picker {
            field: field("lab_b_id", &values.lab_b_id).required(),
            source: "/console/pick/labs",
            search: values.lab_b_id_q.clone(),
            choices: partners.into_iter().filter(|c| c.value != lab.id).collect(),
        },
        kind: field("kind", &values.kind).required().hint(page.t("form-hint-mirror-kind")),
        kinds: MirrorKind::ALL
            .iter()
            .map(|k| Choice { value: k.as_str().to_owned(), label: catalogue.label(page.lang, *k) })
            .collect(),
        starts_on: field("starts_on", &values.starts_on).required().date(),
        problems,
        frame,
    }
    .answer(page, status)
}

#[get("/labs/{id}/mirror-links/new")]
pub async fn new_link_form(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let values = LinkValues { lab_a_id: id.into_inner(), ..Default::default() };
    new_page(&page, StatusCode::OK, form::new_key(), values, Vec::new()).await
}

/// Stores a new link and the API's answer to its create.
fn store(conn: &mut DbConn, context: &Context, new: NewMirrorLink) -> Result<StoredResponse, ApiError> {
    let link = mirror_links::create(conn, context, new)?;
    let location = format!("/console/labs/{}#links-heading", link.lab_a_id);
    StoredResponse::created(location, etag(link.version), &MirrorLinkResponse::new(link, context.today)?)
}

#[post("/mirror-links")]
pub async fn create_link(page: Page, sent: form::Posted<LinkValues>) -> Result<HttpResponse, ApiError> {
    let form::Sent { key, find, values, .. } = sent.into_inner().checked(&page)?;
    if !find.is_empty() {
        return new_page(&page, StatusCode::OK, key, values, Vec::new()).await;
    }
    let mut fingerprinted = values.clone();
    fingerprinted.lab_b_id_q.clear();
    let fingerprint = form::fingerprint("POST /mirror-links", &fingerprinted);
    let request = values.request().map(NewMirrorLink::from);
    match form::register(&page, &key, fingerprint, request, store).await? {
        Ok(answer) => Ok(form::see_created(&page, &answer)),
        Err((status, problems)) => new_page(&page, status, key, values, problems).await,
    }
}

/// Ending a link: the day it ends (its last day) and why.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EndValues {
    ends_on: String,
    end_reason: String,
}

impl EndValues {
    /// The API's change these values make, checked as the API checks it.
    fn changes(&self) -> Result<MirrorLinkChanges, ApiError> {
        let ends_on = form::day("ends_on", &self.ends_on);
        let request = UpdateMirrorLink {
            starts_on: None,
            ends_on: Some(ends_on.clone().ok()),
            end_reason: Some(form::optional(&self.end_reason)),
        };
        form::checked(request.validate(), [ends_on.err()])?;
        Ok(MirrorLinkChanges::from(request))
    }
}

/// The lab page the end form was opened from.
#[derive(Deserialize)]
pub struct CameFrom {
    from: Option<String>,
}

#[derive(Template)]
#[template(path = "console/mirror_link_end.html")]
struct EndPage {
    frame: Frame,
    action: String,
    version: i64,
    from: String,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
    ends_on: Field,
    end_reason: Field,
}

/// A link as its end form shows it: with the person and the link's laboratories.
struct LinkToEnd {
    member: Member,
    link: MirrorLink,
    labs: Vec<Lab>,
}

impl form::Editable for LinkToEnd {
    const HISTORY: &'static str = "mirror_link";

    /// The link and its laboratories, once the person may write links.
    fn editable(conn: &mut DbConn, context: &Context, id: &str) -> Result<LinkToEnd, ApiError> {
        let member = Member::required(conn, context)?;
        let link = MirrorLink::find(conn, id)?;
        policy::write_registry(context.caller()?)?;
        let labs = Lab::find_many(conn, &[link.lab_a_id.clone(), link.lab_b_id.clone()])?;
        Ok(LinkToEnd { member, link, labs })
    }

    fn version(&self) -> i64 {
        self.link.version
    }
}

/// The end form as it is shown: for the link at `version`, as `values` left it.
struct EndForm {
    status: StatusCode,
    version: i64,
    from: String,
    values: EndValues,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
}

fn end_page(page: &Page, shown: LinkToEnd, form: EndForm) -> Result<HttpResponse, ApiError> {
    let LinkToEnd { member, link, labs } = shown;
    let named = |id: &str| {
        labs.iter()
            .find(|l| l.id == id)
            .map(|l| name_in(page.lang, &l.name_en, l.name_ru.as_deref(), l.name_zh.as_deref()).to_owned())
            .unwrap_or_default()
    };
    let between = format!("{} ↔ {}", named(&link.lab_a_id), named(&link.lab_b_id));
    let from = record_id(&form.from).unwrap_or_else(|_| link.lab_a_id.clone());
    let field = |name, value: &str| Field::new(page, name, value, &form.problems);
    let mut frame = page.frame("page-mirror-link-end-title", Some(member));
    frame.title = page.t_with("page-mirror-link-end-title", &[("between", between.as_str().into())]);
    EndPage {
        action: format!("/console/mirror-links/{}/end", link.id),
        version: form.version,
        from,
        ends_on: field("ends_on", &form.values.ends_on).required().date(),
        end_reason: field("end_reason", &form.values.end_reason).hint(page.t("form-hint-end-reason")),
        problems: form.problems,
        changed_meanwhile: form.changed_meanwhile,
        frame,
    }
    .answer(page, form.status)
}

#[get("/mirror-links/{id}/end")]
pub async fn end_link_form(page: Page, id: Path<String>, from: Query<CameFrom>) -> Result<HttpResponse, ApiError> {
    let shown: LinkToEnd = form::open(&page, record_id(&id)?).await?;
    let form = EndForm {
        status: StatusCode::OK,
        version: shown.link.version,
        from: from.into_inner().from.unwrap_or_default(),
        values: EndValues::default(),
        problems: vec![],
        changed_meanwhile: vec![],
    };
    end_page(&page, shown, form)
}

#[post("/mirror-links/{id}/end")]
pub async fn end_link(page: Page, id: Path<String>, sent: form::Posted<EndValues>) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    let form::Sent { version: began_at, from, values, .. } = sent.into_inner().checked(&page)?;
    let refused = match form::save_change(&page, &id, began_at, values.changes(), mirror_links::update).await? {
        Ok(link) => {
            let back = record_id(&from).unwrap_or(link.lab_a_id);
            return Ok(page.see_other(&format!("/console/labs/{back}#links-heading")));
        }
        Err(refused) => refused,
    };
    let form::Refusal { status, record, version, problems, changed_meanwhile } = refused;
    end_page(&page, record, EndForm { status, version, from, values, problems, changed_meanwhile })
}
