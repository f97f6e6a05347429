//! Recording an award from a project's page (its labs' heads for their side, coordinators and
//! administrators for any): the API's own create (`routes::funding::create`) behind a form. The
//! amount is typed as people write it ("18 000 000,00 ₽", "1,800,000.00", "¥2 000 000") and
//! stored exactly in minor units; a currency sign or code in it must agree with the one chosen.

use actix_web::http::StatusCode;
use actix_web::web::Path;
use actix_web::{HttpResponse, get, post};
use askama::Template;
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::form::{self, Choice, Field, FieldProblem};
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::funder::{self, Funder};
use crate::db::models::funding::FundingFields;
use crate::db::models::idempotency::StoredResponse;
use crate::domain::money::Currency;
use crate::domain::project::FundingStatus;
use crate::domain::sort::NameSort;
use crate::domain::typed_money;
use crate::error::{ApiError, FieldError};
use crate::http::etag::etag;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::i18n::{Lang, name_in};
use crate::routes::funding::wire::{AmountInput, CreateFunding, FundingResponse};
use crate::routes::{funding, projects};

/// The fields as typed, named as the API names them (the amount as typed, and its currency).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FundingValues {
    project_id: String,
    funder_id: String,
    lab_id: String,
    call_name: String,
    award_number: String,
    amount: String,
    currency: String,
    starts_on: String,
    ends_on: String,
    status: String,
}

impl FundingValues {
    /// The amount in minor units with its currency, or why not (`None` when left empty).
    fn amount(&self) -> Result<Option<AmountInput>, FieldError> {
        if self.amount.trim().is_empty() {
            return Ok(None);
        }
        let chosen = Currency::parse(self.currency.trim());
        let (amount_minor, named) = typed_money::read(&self.amount)
            .map_err(|why| FieldError::new("amount", why.code(), "is not an amount as typed"))?;
        let currency = match (chosen, named) {
            (Some(chosen), Some(named)) if chosen != named => {
                return Err(FieldError::new("amount", "two_currencies", "names another currency than the one chosen"));
            }
            (Some(currency), _) | (None, Some(currency)) => currency,
            (None, None) => return Err(FieldError::new("currency", "required", "is required with an amount")),
        };
        Ok(Some(AmountInput { amount_minor, currency }))
    }

    fn request(&self) -> Result<CreateFunding, ApiError> {
        let amount = self.amount();
        let starts_on = form::day("starts_on", &self.starts_on);
        let ends_on = form::day("ends_on", &self.ends_on);
        let status = form::word("status", &self.status, FundingStatus::parse);
        let funder =
            form::optional(&self.funder_id).ok_or_else(|| FieldError::new("funder_id", "required", "is required"));
        let request = CreateFunding {
            project_id: self.project_id.trim().to_owned(),
            funder_id: funder.clone().unwrap_or_default(),
            call_name: form::optional(&self.call_name),
            award_number: form::optional(&self.award_number),
            amount: amount.clone().ok().flatten(),
            starts_on: starts_on.clone().unwrap_or_default(),
            ends_on: ends_on.clone().unwrap_or_default(),
            status: *status.as_ref().unwrap_or(&FundingStatus::Awarded),
            side: None,
            lab_id: form::optional(&self.lab_id),
        };
        form::checked(request.validate(), [funder.err(), amount.err(), starts_on.err(), ends_on.err(), status.err()])?;
        Ok(request)
    }
}

#[derive(Template)]
#[template(path = "console/funding_form.html")]
struct FormPage {
    frame: Frame,
    key: String,
    project_id: String,
    problems: Vec<FieldProblem>,
    funder: Field,
    funders: Vec<Choice>,
    lab: Field,
    labs: Vec<Choice>,
    call_name: Field,
    award_number: Field,
    amount: Field,
    currency: Field,
    currencies: Vec<Choice>,
    starts_on: Field,
    ends_on: Field,
    status: Field,
    statuses: Vec<Choice>,
}

/// Funders by short code and name; a closed one says so, and who took over.
fn funder_choices(conn: &mut DbConn, lang: Lang, closed_words: &str) -> Result<Vec<Choice>, ApiError> {
    let (funders, _) = Funder::list(conn, &funder::ListFilter::default(), NameSort::Name, None, 1000)?;
    let short_code = |id: &str| funders.iter().find(|f| f.id == id).map(|f| f.short_code.clone());
    Ok(funders
        .iter()
        .map(|f| {
            let name = name_in(lang, &f.name_en, f.name_ru.as_deref(), f.name_zh.as_deref());
            let closed = match (f.closed_on, f.successor_id.as_deref().and_then(short_code)) {
                (Some(day), Some(successor)) => format!(" — {closed_words} {day} → {successor}"),
                (Some(day), None) => format!(" — {closed_words} {day}"),
                _ => String::new(),
            };
            Choice { value: f.id.clone(), label: format!("{} — {name}{closed}", f.short_code) }
        })
        .collect())
}

struct Offered {
    member: Member,
    title: String,
    funders: Vec<Choice>,
    labs: Vec<Choice>,
}

/// What the form offers, once the person keeps some side of the project's funding (else the
/// API's 403; a project they may not read is not found, as in the API).
fn offered(conn: &mut DbConn, context: &Context, lang: Lang, closed: &str, id: &str) -> Result<Offered, ApiError> {
    let member = Member::required(conn, context)?;
    let project = projects::read(conn, context, id)?;
    if !funding::may_record_on(conn, context, id)? {
        return Err(ApiError::Forbidden("Only the heads of the project's laboratories and staff record its funding."));
    }
    let p = &project.project;
    let title = name_in(lang, p.title_en.as_deref().unwrap_or_default(), p.title_ru.as_deref(), p.title_zh.as_deref());
    let labs = project
        .labs
        .iter()
        .map(|l| Choice { value: l.lab_id.clone(), label: format!("{} ({})", l.name, l.country) })
        .collect();
    Ok(Offered { member, title: title.to_owned(), funders: funder_choices(conn, lang, closed)?, labs })
}

async fn form_page(
    page: &Page,
    status: StatusCode,
    key: String,
    values: FundingValues,
    problems: Vec<FieldProblem>,
) -> Result<HttpResponse, ApiError> {
    let (lang, closed, id) = (page.lang, page.t("form-funder-closed"), record_id(&values.project_id)?);
    let project_id = id.clone();
    let offered = page.exchange().read(move |conn, context| offered(conn, context, lang, &closed, &id)).await?;
    let field = |name, value: &str| Field::new(page, name, value, &problems);
    let catalogue = page.catalogue();
    let mut frame = page.frame("page-funding-new-title", Some(offered.member));
    frame.title = page.t_with("page-funding-new-title", &[("project", offered.title.as_str().into())]);
    FormPage {
        key,
        project_id,
        funder: field("funder_id", &values.funder_id).required(),
        funders: offered.funders,
        lab: field("lab_id", &values.lab_id).hint(page.t("form-hint-funding-lab")),
        labs: offered.labs,
        call_name: field("call_name", &values.call_name),
        award_number: field("award_number", &values.award_number),
        amount: field("amount", &values.amount).hint(page.t("form-hint-amount")),
        currency: field("currency", &values.currency),
        currencies: Currency::ALL.iter().map(|c| Choice { value: c.code().into(), label: c.code().into() }).collect(),
        starts_on: field("starts_on", &values.starts_on).required().date(),
        ends_on: field("ends_on", &values.ends_on).required().date(),
        status: field("status", &values.status).required(),
        statuses: FundingStatus::ALL
            .iter()
            .map(|s| Choice { value: s.as_str().to_owned(), label: catalogue.label(lang, *s) })
            .collect(),
        problems,
        frame,
    }
    .answer(page, status)
}

#[get("/projects/{id}/funding/new")]
pub async fn new_funding_form(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let values = FundingValues { project_id: id.into_inner(), ..Default::default() };
    form_page(&page, StatusCode::OK, form::new_key(), values, Vec::new()).await
}

/// Stores a new award and the API's answer to its create.
fn store(conn: &mut DbConn, context: &Context, fields: FundingFields) -> Result<StoredResponse, ApiError> {
    let view = funding::create(conn, context, fields)?;
    let location = format!("/console/projects/{}#funding-heading", view.record.project_id);
    StoredResponse::created(location, etag(view.record.version), &FundingResponse::new(view)?)
}

#[post("/funding")]
pub async fn record_funding(page: Page, sent: form::Posted<FundingValues>) -> Result<HttpResponse, ApiError> {
    let form::Sent { key, values, .. } = sent.into_inner().checked(&page)?;
    let fingerprint = form::fingerprint("POST /funding", &values);
    let request = values.request().map(FundingFields::from);
    match form::register(&page, &key, fingerprint, request, store).await? {
        Ok(answer) => Ok(form::see_created(&page, &answer)),
        Err((status, problems)) => form_page(&page, status, key, values, problems).await,
    }
}
