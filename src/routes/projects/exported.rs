//! A project in the formats other systems read: `GET /api/v1/projects/{id}/raid` (RAiD) here, and
//! the gathering every export of a project shares (`gather`), made only from what the caller may
//! read.

use std::collections::HashMap;

use actix_web::web::Path;
use actix_web::{HttpRequest, HttpResponse, get};
use diesel::RunQueryDsl;

use super::COLLECTION;
use crate::db::DbConn;
use crate::db::models::funder::Funder;
use crate::db::models::funding::{self, FundingRecord};
use crate::db::models::institution::Institution;
use crate::db::models::output::{self, Output};
use crate::domain::project::{FundingStatus, LabRole};
use crate::error::{ApiError, Problem};
use crate::exports::project::{
    FunderInProject, FundingInProject, OrganisationInProject, OutputInProject, ProjectExport,
};
use crate::exports::raid;
use crate::exports::raid::wire::RaidCreateRequest;
use crate::http::csv::read_all;
use crate::http::exchange::{Context, Exchange, Public};
use crate::http::record_id;
use crate::http::responses::Anyone;

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
    let url = project_url(&request, &id);
    let export = exchange.read(move |conn, context| gather(conn, context, &id, url)).await?;
    Ok(HttpResponse::Ok().json(raid::create_request(&export)?))
}

/// Where this service serves project `id`, as the request reached it.
pub fn project_url(request: &HttpRequest, id: &str) -> String {
    let connection = request.connection_info();
    format!("{}://{}{COLLECTION}/{id}", connection.scheme(), connection.host())
}

/// Everything an export of project `id` is made of, as the caller may read it (404 when they may
/// not read the project).
pub fn gather(conn: &mut DbConn, context: &Context, id: &str, url: String) -> Result<ProjectExport, ApiError> {
    let view = super::read(conn, context, id)?;
    let mut labs = view.labs.clone();
    // Each institution once, in the lead's role when it hosts the lead laboratory.
    labs.sort_by_key(|lab| lab.role != LabRole::Lead);
    let mut placed: Vec<(String, LabRole)> = Vec::new();
    for lab in labs {
        if !placed.iter().any(|(institution_id, _)| *institution_id == lab.institution_id) {
            placed.push((lab.institution_id, lab.role));
        }
    }
    let ids: Vec<String> = placed.iter().map(|(institution_id, _)| institution_id.clone()).collect();
    let institutions: HashMap<String, Institution> =
        Institution::find_many(conn, &ids)?.into_iter().map(|i| (i.id.clone(), i)).collect();
    let mut organisations = Vec::new();
    for (institution_id, role) in placed {
        let institution = institutions.get(&institution_id).ok_or_else(|| missing("institution", &institution_id))?;
        organisations.push(OrganisationInProject {
            id: institution_id.clone(),
            role,
            name: institution.name_en.clone(),
            ror_id: institution.ror_id.clone(),
        });
    }
    Ok(ProjectExport {
        project: view.fields()?,
        url,
        organisations,
        funding: awarded_funding(conn, context, id)?,
        outputs: outputs(conn, context, id)?,
    })
}

/// A row a foreign key names that is not there: a damaged database, not a request's fault.
fn missing(what: &str, id: &str) -> ApiError {
    ApiError::internal_message(format!("the {what} {id} a project refers to is missing"))
}

/// The project's funding that was awarded (applications and refusals are not its funding).
fn awarded_funding(conn: &mut DbConn, context: &Context, id: &str) -> Result<Vec<FundingInProject>, ApiError> {
    let filter = funding::ListFilter { project_id: Some(id.to_owned()), ..Default::default() };
    let scope = context.scope();
    let mut records = Vec::new();
    for record in read_all(|last: Option<&FundingRecord>, n| {
        let after = last.map(|last| funding::After::Created(last.id.clone()));
        FundingRecord::page(conn, &scope, &filter, funding::Order::Created, after, n)
    })? {
        if FundingStatus::COVERING.contains(&record.status()?) {
            records.push(record);
        }
    }
    let funder_ids: Vec<String> = records.iter().map(|r| r.funder_id.clone()).collect();
    let funders: HashMap<String, Funder> =
        Funder::find_many(conn, &funder_ids)?.into_iter().map(|f| (f.id.clone(), f)).collect();
    records
        .into_iter()
        .map(|record| {
            let funder = funders.get(&record.funder_id).ok_or_else(|| missing("funder", &record.funder_id))?;
            Ok(FundingInProject {
                id: record.id.clone(),
                award_number: record.award_number.clone(),
                amount: record.amount()?,
                starts_on: record.starts_on,
                ends_on: record.ends_on,
                funder: FunderInProject {
                    id: funder.id.clone(),
                    name: funder.name_en.clone(),
                    short_code: funder.short_code.clone(),
                    ror_id: funder.ror_id.clone(),
                    funder_doi: funder.funder_doi.clone(),
                },
            })
        })
        .collect()
}

/// The project's outputs the caller may read, oldest first.
fn outputs(conn: &mut DbConn, context: &Context, id: &str) -> Result<Vec<OutputInProject>, ApiError> {
    let filter = output::ListFilter { projects: vec![id.to_owned()], ..Default::default() };
    let scope = context.scope();
    // The project is readable (`gather` read it): the pages alone, without a count or a second check.
    let outputs = read_all(|last: Option<&Output>, n| {
        let after = last.map(|last| output::After::Created(last.id.clone()));
        Ok(Output::page_query(&scope, &filter, output::Order::Created, after, n).load(conn)?)
    })?;
    outputs
        .into_iter()
        .map(|output| {
            Ok(OutputInProject { kind: output.kind()?, title: output.title, doi: output.doi, year: output.year })
        })
        .collect()
}
