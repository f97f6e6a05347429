//! Registering and changing an institution (coordinators and administrators): the API's own
//! create and update — same checks, same policy, same transaction and history — behind a form.
//! A refused field is shown next to itself; a change someone else saved meanwhile is not
//! overwritten: the form comes back with what they changed and the person's values, to apply again.

use actix_web::http::StatusCode;
use actix_web::web::Path;
use actix_web::{HttpResponse, get, post};
use askama::Template;
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::form::{self, Choice, Field, FieldProblem, Heading, Purpose, TypedNames};
use super::history::HistoryRow;
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::idempotency::StoredResponse;
use crate::db::models::institution::{Institution, InstitutionChanges, InstitutionFields};
use crate::domain::institution::InstitutionKind;
use crate::error::{ApiError, FieldError};
use crate::http::etag::etag;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::routes::institutions;
use crate::routes::institutions::wire::{CreateInstitution, InstitutionResponse, UpdateInstitution};

/// The fields as typed, named as the API names them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct InstitutionValues {
    #[serde(flatten)]
    names: TypedNames,
    #[serde(default)]
    country: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    ror_id: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    website: String,
}

impl InstitutionValues {
    fn of(i: &Institution) -> InstitutionValues {
        InstitutionValues {
            names: TypedNames::of(&i.name_en, i.name_ru.as_deref(), i.name_zh.as_deref()),
            country: i.country.clone(),
            city: form::shown(&i.city),
            ror_id: form::shown(&i.ror_id),
            kind: i.kind.clone(),
            website: form::shown(&i.website),
        }
    }

    /// The kind, or the API's refusal of it (reported with the other fields' problems).
    fn kind(&self) -> Result<InstitutionKind, FieldError> {
        form::word("kind", &self.kind, InstitutionKind::parse)
    }

    /// The API's create request these values make, checked as the API checks it.
    fn create_request(&self) -> Result<CreateInstitution, ApiError> {
        let kind = self.kind();
        let request = CreateInstitution {
            names: self.names.input(),
            country: self.country.trim().to_owned(),
            city: form::optional(&self.city),
            ror_id: form::optional(&self.ror_id).map(|r| r.trim().to_owned()),
            kind: *kind.as_ref().unwrap_or(&InstitutionKind::Other),
            website: form::optional(&self.website).map(|w| w.trim().to_owned()),
        };
        form::checked(request.validate(), [kind.err()])?;
        Ok(request)
    }

    /// The API's merge patch these values make: every field as shown, blanks clearing.
    fn update_request(&self) -> Result<UpdateInstitution, ApiError> {
        let kind = self.kind();
        let request = UpdateInstitution {
            names: Some(self.names.patch()),
            country: Some(self.country.trim().to_owned()),
            city: Some(form::optional(&self.city)),
            ror_id: Some(form::optional(&self.ror_id).map(|r| r.trim().to_owned())),
            kind: kind.as_ref().ok().copied(),
            website: Some(form::optional(&self.website).map(|w| w.trim().to_owned())),
        };
        form::checked(request.validate(), [kind.err()])?;
        Ok(request)
    }
}

#[derive(Template)]
#[template(path = "console/institution_form.html")]
struct FormPage {
    frame: Frame,
    heading: Heading,
    problems: Vec<FieldProblem>,
    /// What others changed since the person began, when their save was refused for it.
    changed_meanwhile: Vec<HistoryRow>,
    names: Vec<Field>,
    country: Field,
    city: Field,
    ror_id: Field,
    kind: Field,
    kinds: Vec<Choice>,
    website: Field,
}

fn form_page(
    page: &Page,
    member: Member,
    purpose: Purpose,
    values: &InstitutionValues,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
) -> Result<String, ApiError> {
    let field = |name, value: &str| Field::new(page, name, value, &problems);
    let names = values.names.fields(page, &problems);
    let country = field("country", &values.country).required().hint(page.t("form-hint-country"));
    let city = field("city", &values.city);
    let ror_id = field("ror_id", &values.ror_id).hint(page.t("form-hint-ror-id"));
    let kind = field("kind", &values.kind).required();
    let website = field("website", &values.website).hint(page.t("form-hint-website"));
    let texts = page.catalogue();
    let kinds = InstitutionKind::ALL
        .iter()
        .map(|k| Choice { value: k.as_str().to_owned(), label: texts.label(page.lang, *k) })
        .collect();
    let (frame, heading) = purpose.framed(page, "page-institution-new-title", "institutions", member);
    FormPage { frame, heading, problems, changed_meanwhile, names, country, city, ror_id, kind, kinds, website }
        .to_html()
}

/// The person, once the policy lets them write institutions (the API's 403 otherwise).
fn writer(conn: &mut DbConn, context: &Context) -> Result<Member, ApiError> {
    let member = Member::required(conn, context)?;
    policy::write_institutions(context.caller()?)?;
    Ok(member)
}

/// An institution as its change form opens it, with the person changing it.
struct Opened {
    member: Member,
    record: Institution,
}

impl form::Editable for Opened {
    const HISTORY: &'static str = "institution";

    fn editable(conn: &mut DbConn, context: &Context, id: &str) -> Result<Opened, ApiError> {
        let record = Institution::find(conn, id)?;
        Ok(Opened { member: writer(conn, context)?, record })
    }

    fn version(&self) -> i64 {
        self.record.version
    }
}

#[get("/institutions/new")]
pub async fn new(page: Page) -> Result<HttpResponse, ApiError> {
    let member = page.exchange().read(writer).await?;
    let purpose = Purpose::Register { key: form::new_key() };
    let html = form_page(&page, member, purpose, &InstitutionValues::default(), Vec::new(), Vec::new())?;
    Ok(page.html(StatusCode::OK, html))
}

/// Stores a new institution and the API's answer to its create.
fn store(conn: &mut DbConn, context: &Context, fields: InstitutionFields) -> Result<StoredResponse, ApiError> {
    let record = institutions::create(conn, context, fields)?;
    let location = format!("/console/institutions/{}", record.id);
    StoredResponse::created(location, etag(record.version), &InstitutionResponse::new(record)?)
}

#[post("/institutions")]
pub async fn register(page: Page, sent: form::Posted<InstitutionValues>) -> Result<HttpResponse, ApiError> {
    let form::Sent { key, values, .. } = sent.into_inner().checked(&page)?;
    let fingerprint = form::fingerprint("POST /institutions", &values);
    let request = values.create_request().map(InstitutionFields::from);
    let (status, problems) = match form::register(&page, &key, fingerprint, request, store).await? {
        Ok(answer) => return Ok(form::see_created(&page, &answer)),
        Err(refused) => refused,
    };
    let member = page.exchange().read(writer).await?;
    let html = form_page(&page, member, Purpose::Register { key }, &values, problems, Vec::new())?;
    Ok(page.html(status, html))
}

#[get("/institutions/{id}/edit")]
pub async fn edit(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let Opened { member, record } = form::open(&page, record_id(&id)?).await?;
    let values = InstitutionValues::of(&record);
    let purpose = change_of(&page, &record, record.version);
    let html = form_page(&page, member, purpose, &values, Vec::new(), Vec::new())?;
    Ok(page.html(StatusCode::OK, html))
}

fn change_of(page: &Page, record: &Institution, version: i64) -> Purpose {
    let name = crate::i18n::name_in(page.lang, &record.name_en, record.name_ru.as_deref(), record.name_zh.as_deref());
    Purpose::Change { id: record.id.clone(), version, name: name.to_owned() }
}

#[post("/institutions/{id}")]
pub async fn save(
    page: Page,
    id: Path<String>,
    sent: form::Posted<InstitutionValues>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    let form::Sent { version: began_at, values, .. } = sent.into_inner().checked(&page)?;
    let changes = values.update_request().map(InstitutionChanges::from);
    let refusal = match form::save_change(&page, &id, began_at, changes, institutions::update).await? {
        Ok(record) => return Ok(page.see_other(&format!("/console/institutions/{}", record.id))),
        Err(refusal) => refusal,
    };
    let form::Refusal { status, record: Opened { member, record }, version, problems, changed_meanwhile } = refusal;
    let purpose = change_of(&page, &record, version);
    let html = form_page(&page, member, purpose, &values, problems, changed_meanwhile)?;
    Ok(page.html(status, html))
}
