//! `GET /console/outputs/{id}`: one output — kind, title, DOI, year, venue, author countries, and
//! the projects and funding it names that the person may read — as the API reads it for them (an
//! output none of whose projects they may read is not found). Where a refused duplicate DOI
//! leads.

use actix_web::http::StatusCode;
use actix_web::web::Path;
use actix_web::{HttpResponse, get};
use askama::Template;

use super::breadcrumbs::Crumb;
use super::naming::{Linked, Named};
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::models::funding::FundingRecord;
use crate::db::models::output::OutputView;
use crate::db::models::project::Project;
use crate::error::ApiError;
use crate::http::record_id;
use crate::routes::outputs;

#[derive(Template)]
#[template(path = "console/output.html")]
struct OutputPage {
    frame: Frame,
    crumbs: Vec<Crumb>,
    title: String,
    kind: String,
    year: String,
    venue: Option<String>,
    doi: Option<String>,
    url: Option<String>,
    countries: String,
    projects: Vec<Linked>,
    /// Each acknowledged funding record: funder's short code and award number.
    funding: Vec<String>,
}

#[get("/outputs/{id}")]
pub async fn show(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (member, view, projects, funding) = page
        .exchange()
        .read(move |conn, context| {
            let member = Member::required(conn, context)?;
            let view: OutputView = outputs::read(conn, context, &record_id(&id)?)?;
            let projects = view.project_ids.iter().map(|p| Project::find(conn, p)).collect::<Result<Vec<_>, _>>()?;
            // As `GET /api/v1/funding/{id}` reads each (the view names only readable ones).
            let scope = context.scope();
            let funding = view
                .funding_ids
                .iter()
                .map(|f| FundingRecord::find_visible(conn, &scope, f).and_then(|r| FundingRecord::view(conn, r)))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((member, view, projects, funding))
        })
        .await?;
    let o = &view.output;
    let mut frame = page.frame("page-projects-title", Some(member));
    frame.title = o.title.clone();
    let texts = frame.texts();
    let projects: Vec<Linked> = projects
        .iter()
        .map(|p| Linked { href: format!("/console/projects/{}", p.id), name: Named::project(page.lang, p) })
        .collect();
    let mut crumbs = vec![Crumb::home(&texts)];
    crumbs.extend(projects.first().map(|p| Crumb::link(p.href.clone(), p.name.clone())));
    crumbs.push(Crumb::here(Named { text: o.title.clone(), lang: None }));
    OutputPage {
        crumbs,
        title: o.title.clone(),
        kind: o.kind().map(|k| texts.label(k)).unwrap_or_else(|_| o.kind.clone()),
        year: o.year.to_string(),
        venue: o.venue.clone(),
        doi: o.doi.clone(),
        url: o.url.clone(),
        countries: o.countries().join(", "),
        projects,
        funding: funding.iter().map(|f| award(&f.funder_short_code, &f.record)).collect(),
        frame,
    }
    .answer(&page, StatusCode::OK)
}

fn award(funder: &str, record: &FundingRecord) -> String {
    match record.award_number.as_deref().or(record.call_name.as_deref()) {
        Some(award) => format!("{funder} {award}"),
        None => format!("{funder} ({} – {})", record.starts_on, record.ends_on),
    }
}
