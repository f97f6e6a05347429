//! `GET /api/v1/projects/{id}/raid`: a project as a RAiD create request (see `exports::raid`),
//! made from what the caller may read of it.

use actix_web::web::Path;
use actix_web::{HttpRequest, HttpResponse, get};

use super::COLLECTION;
use crate::db::DbConn;
use crate::db::models::funder::Funder;
use crate::db::models::funding::{self, FundingRecord};
use crate::db::models::institution::Institution;
use crate::db::models::output::{self, Output};
use crate::domain::project::{FundingStatus, LabRole};
use crate::error::{ApiError, Problem};
use crate::exports::raid::wire::RaidCreateRequest;
use crate::exports::raid::{self, Award, RaidSource};
use crate::http::exchange::{Context, Exchange, Public};
use crate::http::record_id;
use crate::http::responses::Anyone;

/// How many funding records or outputs one query reads while gathering them all.
const CHUNK: i64 = 500;

/// The project as a RAiD (ISO 23527) create request, validating against the RAiD service's strict
/// JSON Schema: titles (the first of English, Russian, Chinese primary), dates, summaries, the
/// participants with an ORCID iD (principal investigators lead and are the contacts), the lead and
/// partner institutions and the funders by ROR id, award numbers, outputs by DOI, ASJC areas and
/// keywords. A project that is not public is written with embargoed access: add
/// `access.embargoExpiry` before registering it. Only what you may read goes in.
#[utoipa::path(
    tag = "projects",
    security((), ("bearer" = [])),
    params(("id" = String, Path, format = Uuid, example = "01a21f73-9c00-7000-8000-000000000401", description = "Project id")),
    responses(
        (status = 200, description = "The RAiD create request, to send to a RAiD registration agency (which mints the identifier)", body = RaidCreateRequest),
        (status = 404, description = "No such project, or not one you may read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The project cannot make a valid RAiD; `errors` names each gap: `participants` (no principal investigator with an ORCID iD), `labs` (the lead laboratory's institution has no ROR id), `titles.en|ru|zh` (over 100 characters)", body = Problem, content_type = "application/problem+json"),
        Anyone,
    )
)]
#[get("/projects/{id}/raid")]
pub async fn project_raid(
    exchange: Exchange<Public>,
    id: Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    let url = {
        let connection = request.connection_info();
        format!("{}://{}{COLLECTION}/{id}", connection.scheme(), connection.host())
    };
    let source = exchange.read(move |conn, context| gather(conn, context, &id, url)).await?;
    Ok(HttpResponse::Ok().json(raid::create_request(&source)?))
}

/// What the RAiD of project `id` is made of, as the caller may read it (404 when they may not).
fn gather(conn: &mut DbConn, context: &Context, id: &str, url: String) -> Result<RaidSource, ApiError> {
    let view = super::read(conn, context, id)?;
    let mut source = RaidSource {
        project: view.fields()?,
        url,
        lead_organisation: None,
        partner_organisations: Vec::new(),
        funders: Vec::new(),
        awards: Vec::new(),
        outputs: Vec::new(),
    };
    for lab in &view.labs {
        let ror = Institution::find(conn, &lab.institution_id)?.ror_id;
        match lab.role {
            LabRole::Lead => source.lead_organisation = ror,
            LabRole::Partner => source.partner_organisations.extend(ror),
        }
    }
    for record in awarded_funding(conn, context, id)? {
        let funder = Funder::find(conn, &record.funder_id)?;
        if let Some(number) = record.award_number {
            source.awards.push(Award { number, funder_code: funder.short_code.clone() });
        }
        source.funders.extend(funder.ror_id);
    }
    for output in outputs(conn, context, id)? {
        if let Some(doi) = &output.doi {
            source.outputs.push((output.kind()?, doi.clone()));
        }
    }
    Ok(source)
}

/// Every funding record of the project that was awarded (applications and refusals are not
/// the project's funding), oldest first.
fn awarded_funding(conn: &mut DbConn, context: &Context, id: &str) -> Result<Vec<FundingRecord>, ApiError> {
    let filter = funding::ListFilter { project_id: Some(id.to_owned()), ..Default::default() };
    let mut records = Vec::new();
    let mut after = None;
    loop {
        let page = FundingRecord::page(conn, &context.scope(), &filter, funding::Order::Created, after, CHUNK)?;
        after = page.last().map(|last| funding::After::Created(last.id.clone()));
        let done = (page.len() as i64) < CHUNK;
        for record in page {
            if FundingStatus::COVERING.contains(&record.status()?) {
                records.push(record);
            }
        }
        if done {
            return Ok(records);
        }
    }
}

/// Every output of the project the caller may read, oldest first.
fn outputs(conn: &mut DbConn, context: &Context, id: &str) -> Result<Vec<Output>, ApiError> {
    let filter = output::ListFilter { projects: vec![id.to_owned()], ..Default::default() };
    let mut outputs = Vec::new();
    let mut after = None;
    loop {
        let (page, _) = Output::list(conn, &context.scope(), &filter, output::Order::Created, after, CHUNK)?;
        after = page.last().map(|last| output::After::Created(last.id.clone()));
        let done = (page.len() as i64) < CHUNK;
        outputs.extend(page);
        if done {
            return Ok(outputs);
        }
    }
}
