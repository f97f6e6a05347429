//! Registering a laboratory (coordinators and administrators) and changing one (also its head,
//! who changes all but its institution and head): the API's own create and update
//! (`routes::labs::{create, update}`) behind a form, with the institution chosen by name.

use actix_web::http::StatusCode;
use actix_web::web::Path;
use actix_web::{HttpResponse, get, post};
use askama::Template;
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::form::{self, Choice, Field, FieldProblem, Heading, Purpose, TypedNames};
use super::history::HistoryRow;
use super::picker::{self, Picker};
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::centre::{self, Centre};
use crate::db::models::idempotency::StoredResponse;
use crate::db::models::lab::{Lab, LabChanges};
use crate::db::models::user::User;
use crate::domain::lab::LabStatus;
use crate::domain::sort::NameSort;
use crate::error::{ApiError, FieldError};
use crate::http::etag::etag;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::i18n::{Lang, name_in};
use crate::routes::labs;
use crate::routes::labs::wire::{CreateLab, LabResponse, StatusChange, UpdateLab};

/// The fields as typed, named as the API names them (and the institution's search box).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LabValues {
    #[serde(flatten)]
    names: TypedNames,
    /// Absent from a lab head's form (as is the head): they neither move a lab nor hand it on.
    #[serde(default)]
    institution_id: Option<String>,
    #[serde(default)]
    institution_id_q: String,
    #[serde(default)]
    centre_id: String,
    #[serde(default)]
    head_user_id: Option<String>,
    #[serde(default)]
    research_line: String,
    /// The first status, when registering a laboratory that already has a past (else the API's
    /// "planned from today").
    #[serde(rename = "status.status", default)]
    first_status: String,
    #[serde(rename = "status.effective_on", default)]
    first_status_on: String,
    #[serde(rename = "status.reason", default)]
    first_status_reason: String,
}

impl LabValues {
    fn of(lab: &Lab) -> LabValues {
        LabValues {
            names: TypedNames::of(&lab.name_en, lab.name_ru.as_deref(), lab.name_zh.as_deref()),
            institution_id: Some(lab.institution_id.clone()),
            institution_id_q: String::new(),
            centre_id: form::shown(&lab.centre_id),
            head_user_id: Some(form::shown(&lab.head_user_id)),
            research_line: form::shown(&lab.research_line),
            ..LabValues::default()
        }
    }

    fn institution(&self) -> Result<String, FieldError> {
        form::optional(self.institution_id.as_deref().unwrap_or_default())
            .map(|id| id.trim().to_owned())
            .ok_or_else(|| FieldError::new("institution_id", "required", "is required"))
    }

    fn create_request(&self) -> Result<CreateLab, ApiError> {
        let institution = self.institution();
        let given = [&self.first_status, &self.first_status_on, &self.first_status_reason];
        let first = given.iter().any(|v| !v.trim().is_empty()).then(|| {
            let status = form::word("status.status", &self.first_status, LabStatus::parse);
            let effective_on = form::day("status.effective_on", &self.first_status_on);
            (status, effective_on)
        });
        let status = first.as_ref().map(|(status, effective_on)| StatusChange {
            status: *status.as_ref().unwrap_or(&LabStatus::Planned),
            effective_on: effective_on.clone().unwrap_or_default(),
            reason: self.first_status_reason.trim().to_owned(),
        });
        let request = CreateLab {
            names: self.names.input(),
            institution_id: institution.clone().unwrap_or_default(),
            centre_id: form::optional(&self.centre_id),
            head_user_id: self.head_user_id.as_deref().and_then(form::optional),
            research_line: form::optional(&self.research_line),
            status,
        };
        let (status, effective_on) = first.map(|(s, e)| (s.err(), e.err())).unwrap_or_default();
        form::checked(request.validate(), [institution.err(), status, effective_on])?;
        Ok(request)
    }

    /// Every field the form sent: a lab head's form sends neither institution nor head, and one
    /// sent anyway goes to the API, which refuses it as it would from any client.
    fn update_request(&self) -> Result<UpdateLab, ApiError> {
        let institution = self.institution_id.as_ref().map(|_| self.institution());
        let request = UpdateLab {
            names: Some(self.names.patch()),
            institution_id: institution.clone().and_then(Result::ok),
            centre_id: Some(form::optional(&self.centre_id)),
            head_user_id: self.head_user_id.as_deref().map(form::optional),
            research_line: Some(form::optional(&self.research_line)),
        };
        form::checked(request.validate(), [institution.and_then(Result::err)])?;
        Ok(request)
    }
}

#[derive(Template)]
#[template(path = "console/lab_form.html")]
struct FormPage {
    frame: Frame,
    heading: Heading,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
    names: Vec<Field>,
    /// `None` on a lab head's form: they neither move a lab nor hand it on.
    institution: Option<Picker>,
    institution_name: String,
    centre: Field,
    centres: Vec<Choice>,
    head: Option<Field>,
    heads: Vec<Choice>,
    research_line: Field,
    /// On registering only: the status since a day in the past (changes later go through the
    /// lab page's status form, as in the API).
    first_status: Option<FirstStatus>,
}

struct FirstStatus {
    status: Field,
    statuses: Vec<Choice>,
    effective_on: Field,
    reason: Field,
}

/// What the form offers: centres and lab heads to choose from, the institution's candidates.
struct Offered {
    member: Member,
    reassigns: bool,
    institutions: Vec<Choice>,
    institution_name: String,
    centres: Vec<Choice>,
    heads: Vec<Choice>,
}

fn offered(conn: &mut DbConn, context: &Context, lang: Lang, values: &LabValues) -> Result<Offered, ApiError> {
    let member = Member::required(conn, context)?;
    let reassigns = policy::write_registry(context.caller()?).is_ok();
    let chosen = values.institution_id.as_deref();
    let institutions = picker::institutions(conn, context, lang, &values.institution_id_q, chosen)?;
    let institution_name = institutions.first().map(|c| c.label.clone()).unwrap_or_default();
    let (centres, _) = Centre::list(conn, &centre::ListFilter::default(), NameSort::Name, None, 1000)?;
    let centres = centres
        .iter()
        .map(|c| {
            let c = &c.centre;
            Choice {
                value: c.id.clone(),
                label: name_in(lang, &c.name_en, c.name_ru.as_deref(), c.name_zh.as_deref()).into(),
            }
        })
        .collect();
    let heads = User::active_lab_heads(conn)?.into_iter().map(|(value, label)| Choice { value, label }).collect();
    Ok(Offered { member, reassigns, institutions, institution_name, centres, heads })
}

fn form_page(
    page: &Page,
    offered: Offered,
    purpose: Purpose,
    values: &LabValues,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
) -> Result<String, ApiError> {
    let field = |name, value: &str| Field::new(page, name, value, &problems);
    let names = values.names.fields(page, &problems);
    let institution = offered.reassigns.then(|| Picker {
        field: field("institution_id", values.institution_id.as_deref().unwrap_or_default()).required(),
        source: "/console/pick/institutions",
        search: values.institution_id_q.clone(),
        choices: offered.institutions,
    });
    let head = offered.reassigns.then(|| field("head_user_id", values.head_user_id.as_deref().unwrap_or_default()));
    let first_status = matches!(purpose, Purpose::Register { .. }).then(|| {
        let labelled = |mut field: Field, key: &str| {
            field.label = page.t(key);
            field
        };
        let catalogue = page.catalogue();
        FirstStatus {
            status: labelled(field("status.status", &values.first_status), "form-field-first-status"),
            statuses: LabStatus::ALL
                .iter()
                .map(|s| Choice { value: s.as_str().to_owned(), label: catalogue.label(page.lang, *s) })
                .collect(),
            effective_on: labelled(field("status.effective_on", &values.first_status_on), "form-field-effective-on")
                .date(),
            reason: labelled(field("status.reason", &values.first_status_reason), "form-field-reason"),
        }
    });
    let (frame, heading) = purpose.framed(page, "page-lab-new-title", "labs", offered.member);
    FormPage {
        frame,
        heading,
        changed_meanwhile,
        names,
        institution,
        institution_name: offered.institution_name,
        centre: field("centre_id", &values.centre_id),
        centres: offered.centres,
        head,
        heads: offered.heads,
        research_line: field("research_line", &values.research_line),
        first_status,
        problems,
    }
    .to_html()
}

/// The form again, as `values` left it: with candidates after Find, or with what was refused.
async fn again(
    page: &Page,
    status: StatusCode,
    purpose: Purpose,
    values: LabValues,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
) -> Result<HttpResponse, ApiError> {
    let lang = page.lang;
    let shown = values.clone();
    let offered = page.exchange().read(move |conn, context| offered(conn, context, lang, &shown)).await?;
    let html = form_page(page, offered, purpose, &values, problems, changed_meanwhile)?;
    Ok(page.html(status, html))
}

#[get("/labs/new")]
pub async fn new(page: Page) -> Result<HttpResponse, ApiError> {
    let lang = page.lang;
    let offered = page
        .exchange()
        .read(move |conn, context| {
            policy::write_registry(context.caller()?)?;
            offered(conn, context, lang, &LabValues::default())
        })
        .await?;
    let purpose = Purpose::Register { key: form::new_key() };
    let html = form_page(&page, offered, purpose, &LabValues::default(), Vec::new(), Vec::new())?;
    Ok(page.html(StatusCode::OK, html))
}

/// Stores a new laboratory and the API's answer to its create.
fn store(conn: &mut DbConn, context: &Context, request: CreateLab) -> Result<StoredResponse, ApiError> {
    let view = labs::create(conn, context, request)?;
    let location = format!("/console/labs/{}", view.lab.id);
    let version = view.lab.version;
    StoredResponse::created(location, etag(version), &LabResponse::new(view, true, context.today)?)
}

#[post("/labs")]
pub async fn register(page: Page, sent: form::Posted<LabValues>) -> Result<HttpResponse, ApiError> {
    let form::Sent { key, find, values, .. } = sent.into_inner().checked(&page)?;
    if !find.is_empty() {
        return again(&page, StatusCode::OK, Purpose::Register { key }, values, Vec::new(), Vec::new()).await;
    }
    let mut fingerprinted = values.clone();
    fingerprinted.institution_id_q.clear();
    let fingerprint = form::fingerprint("POST /labs", &fingerprinted);
    match form::register(&page, &key, fingerprint, values.create_request(), store).await? {
        Ok(answer) => Ok(form::see_created(&page, &answer)),
        Err((status, problems)) => again(&page, status, Purpose::Register { key }, values, problems, Vec::new()).await,
    }
}

impl form::Editable for Lab {
    const HISTORY: &'static str = "lab";

    /// The lab, once the person may edit it (the API's 403 otherwise).
    fn editable(conn: &mut DbConn, context: &Context, id: &str) -> Result<Lab, ApiError> {
        let lab = labs::read(conn, context, id)?.lab;
        policy::edit_lab(context.caller()?, lab.head_user_id.as_deref(), false)?;
        Ok(lab)
    }

    fn version(&self) -> i64 {
        self.version
    }
}

fn change_of(page: &Page, lab: &Lab, version: i64) -> Purpose {
    let name = name_in(page.lang, &lab.name_en, lab.name_ru.as_deref(), lab.name_zh.as_deref());
    Purpose::Change { id: lab.id.clone(), version, name: name.to_owned() }
}

#[get("/labs/{id}/edit")]
pub async fn edit(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let lab: Lab = form::open(&page, record_id(&id)?).await?;
    let purpose = change_of(&page, &lab, lab.version);
    again(&page, StatusCode::OK, purpose, LabValues::of(&lab), Vec::new(), Vec::new()).await
}

#[post("/labs/{id}")]
pub async fn save(page: Page, id: Path<String>, sent: form::Posted<LabValues>) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    let form::Sent { version: began_at, find, values, .. } = sent.into_inner().checked(&page)?;
    let lab: Lab = form::open(&page, id.clone()).await?;
    if !find.is_empty() {
        let purpose = change_of(&page, &lab, began_at);
        return again(&page, StatusCode::OK, purpose, values, Vec::new(), Vec::new()).await;
    }
    let changes = values.update_request().map(LabChanges::from);
    match form::save_change(&page, &id, began_at, changes, labs::update).await? {
        Ok(view) => Ok(page.see_other(&format!("/console/labs/{}", view.lab.id))),
        Err(refused) => {
            let purpose = change_of(&page, &refused.record, refused.version);
            again(&page, refused.status, purpose, values, refused.problems, refused.changed_meanwhile).await
        }
    }
}
