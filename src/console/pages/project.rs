//! `GET /console/projects/{id}`: a joint project — titles, period, status, laboratories with
//! their roles, people, funding coverage as a picture and a table, funding records, outputs and
//! history. A project the caller may not read is "not found", exactly as in the API.

use std::collections::HashMap;

use actix_web::web::Path;
use actix_web::{HttpResponse, get};
use askama::Template;

use super::breadcrumbs::Crumb;
use super::coverage_view::{self, CoverageView};
use super::history::{self, HistoryView};
use super::items::{LISTED, shown_of};
use super::naming::{self, Linked, NameLine, Named};
use super::record_page;
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::centre::Centre;
use crate::db::models::coverage::SubjectKind;
use crate::db::models::funding::{self, FundingView};
use crate::db::models::lab::Lab;
use crate::db::models::output::{self, OutputView};
use crate::db::models::project::ProjectView;
use crate::db::models::project_access::involvement;
use crate::domain::asjc;
use crate::domain::project::LabRole;
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::i18n::Texts;
use crate::routes::coverage::wire::{CoverageQuery, CoverageResponse};
use crate::routes::funding::list::page_of_funding;
use crate::routes::funding::wire::FundingSort;
use crate::routes::outputs::list::page_of_outputs;
use crate::routes::outputs::wire::OutputSort;
use crate::routes::{centres, coverage, projects};

pub struct ProjectLabRow {
    pub lab: Linked,
    pub role: String,
    pub country: String,
}

pub struct PersonRow {
    pub name: String,
    pub role: String,
    pub lab: Option<Linked>,
    pub orcid: Option<String>,
}

pub struct FundingRow {
    pub funder: String,
    pub award_number: String,
    pub call: String,
    pub side: String,
    pub lab: Option<Linked>,
    pub status: String,
    pub period: String,
    pub amount: String,
}

pub struct OutputRow {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub year: String,
    pub venue: String,
    pub doi: Option<String>,
    pub countries: String,
}

#[derive(Template)]
#[template(path = "console/project.html")]
struct ProjectPage {
    frame: Frame,
    crumbs: Vec<Crumb>,
    name: Named,
    names: Vec<NameLine>,
    acronym: Option<String>,
    status: String,
    visibility: String,
    period: String,
    subject_areas: Vec<String>,
    keywords: String,
    summary: Option<Named>,
    labs: Vec<ProjectLabRow>,
    people: Vec<PersonRow>,
    coverage: CoverageView,
    funding: Vec<FundingRow>,
    more_funding: Option<String>,
    outputs: Vec<OutputRow>,
    more_outputs: Option<String>,
    history: HistoryView,
    /// Where the person records funding, when they keep some side of it.
    new_funding: Option<String>,
    /// Whether the person may change the project (as `PATCH /api/v1/projects/{id}` allows).
    may_edit: bool,
    id: String,
    /// Where the person records an output, when they may.
    new_output: Option<String>,
}

struct Read {
    member: Member,
    project: ProjectView,
    /// The project's laboratories, and those its funding and people name, by id.
    labs: HashMap<String, Lab>,
    /// The centre of the lead laboratory.
    centre: Option<Centre>,
    funding: (Vec<FundingView>, i64),
    outputs: (Vec<OutputView>, i64),
    coverage: CoverageResponse,
    history: history::HistoryData,
    may_record_funding: bool,
    may_edit: bool,
    may_record_outputs: bool,
}

#[get("/projects/{id}")]
pub async fn show(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    record_page::shown(&page, id.into_inner(), load, render).await
}

fn load(conn: &mut DbConn, context: &Context, raw_id: &str) -> Result<Read, ApiError> {
    let member = Member::required(conn, context)?;
    let id = record_id(raw_id)?;
    let project = projects::read(conn, context, &id)?;
    let scope = context.scope();
    let filter = funding::ListFilter { project_id: Some(id.clone()), ..funding::ListFilter::default() };
    let mut funding = page_of_funding(conn, &scope, &filter, FundingSort::StartsOn, None, LISTED)?;
    funding.0.truncate(LISTED as usize);
    let filter = output::ListFilter { projects: vec![id.clone()], ..output::ListFilter::default() };
    let mut outputs = page_of_outputs(conn, &scope, &filter, OutputSort::YearDescending, None, LISTED)?;
    outputs.0.truncate(LISTED as usize);
    let mut lab_ids: Vec<String> = project.labs.iter().map(|l| l.lab_id.clone()).collect();
    lab_ids.extend(funding.0.iter().filter_map(|f| f.record.lab_id.clone()));
    lab_ids.extend(project.participants.iter().filter_map(|p| p.lab_id.clone()));
    lab_ids.sort();
    lab_ids.dedup();
    let labs: HashMap<String, Lab> = Lab::find_many(conn, &lab_ids)?.into_iter().map(|l| (l.id.clone(), l)).collect();
    let lead_centre = project.labs.iter().find(|l| l.role == LabRole::Lead).and_then(|l| l.centre_id.clone());
    let centre = match lead_centre {
        Some(centre_id) => Some(centres::read(conn, context, &centre_id)?.centre),
        None => None,
    };
    let query = CoverageQuery { horizon_days: None, from: None, to: None };
    let coverage = coverage::read(conn, context, SubjectKind::Project, &id, &query)?;
    let history = history::read(conn, context, &member, "project", &id)?;
    let may_record_funding = crate::routes::funding::may_record_on(conn, context, &id)?;
    let caller = context.caller()?;
    let may_edit = policy::edit_project(caller, &involvement(conn, caller, &id)?).is_ok();
    let may_record_outputs = crate::routes::outputs::may_record_on(conn, context, &id)?;
    Ok(Read {
        member,
        project,
        labs,
        centre,
        funding,
        outputs,
        coverage,
        history,
        may_record_funding,
        may_record_outputs,
        may_edit,
    })
}

fn render(page: &Page, read: Read) -> Result<String, ApiError> {
    let p = &read.project.project;
    let name = Named::project(page.lang, p);
    let mut frame = page.frame("page-projects-title", Some(read.member));
    frame.title = name.text.clone();
    let texts = frame.texts();
    let lang = texts.lang();
    let lab_link = |id: &str| -> Option<Linked> {
        let lab = read.labs.get(id)?;
        Some(Linked { href: format!("/console/labs/{id}"), name: Named::lab(lang, lab) })
    };
    let mut crumbs = vec![Crumb::home(&texts)];
    if let Some(c) = &read.centre {
        let named = Named::of(lang, &c.name_en, c.name_ru.as_deref(), c.name_zh.as_deref());
        crumbs.push(Crumb::link(format!("/console/centres/{}", c.id), named));
    }
    let lead = read.project.labs.iter().find(|l| l.role == LabRole::Lead).and_then(|l| lab_link(&l.lab_id));
    crumbs.extend(lead.map(|l| Crumb::link(l.href, l.name)));
    crumbs.push(Crumb::here(name.clone()));
    let names = naming::name_lines(
        &texts,
        p.title_en.as_deref().unwrap_or_default(),
        p.title_ru.as_deref(),
        p.title_zh.as_deref(),
    );
    let summary_en = p.summary_en.as_deref().unwrap_or_default();
    let summary = Named::of(lang, summary_en, p.summary_ru.as_deref(), p.summary_zh.as_deref());
    let (shown_funding, shown_outputs) = (read.funding.0.len(), read.outputs.0.len());
    ProjectPage {
        crumbs,
        names,
        acronym: p.acronym.clone().filter(|a| !a.trim().is_empty()),
        status: p.status().map(|s| texts.label(s)).unwrap_or_else(|_| p.status.clone()),
        visibility: p.visibility().map(|v| texts.label(v)).unwrap_or_else(|_| p.visibility.clone()),
        period: naming::period(&texts, p.starts_on, p.ends_on),
        subject_areas: read
            .project
            .subject_areas
            .iter()
            .map(|code| match asjc::name(*code) {
                Some(area) => format!("{code} {area}"),
                None => code.to_string(),
            })
            .collect(),
        keywords: p.keywords().unwrap_or_default().join(", "),
        summary: Some(summary).filter(|s| !s.text.trim().is_empty()),
        labs: read
            .project
            .labs
            .iter()
            .map(|l| ProjectLabRow {
                lab: lab_link(&l.lab_id).unwrap_or_else(|| Linked {
                    href: format!("/console/labs/{}", l.lab_id),
                    name: Named { text: l.name.clone(), lang: None },
                }),
                role: texts.label(l.role),
                country: l.country.clone(),
            })
            .collect(),
        people: read
            .project
            .participants
            .iter()
            .map(|person| PersonRow {
                name: person.name.clone(),
                role: texts.label(person.role),
                lab: person.lab_id.as_deref().and_then(lab_link),
                orcid: person.orcid.clone(),
            })
            .collect(),
        coverage: coverage_view::view(&texts, &read.coverage, &name.text, "coverage"),
        funding: read.funding.0.iter().map(|f| funding_row(&texts, f, &lab_link)).collect(),
        more_funding: shown_of(&texts, shown_funding, read.funding.1),
        outputs: read.outputs.0.iter().map(|o| output_row(&texts, o)).collect(),
        more_outputs: shown_of(&texts, shown_outputs, read.outputs.1),
        history: history::view(&texts, &read.history),
        new_funding: read
            .may_record_funding
            .then(|| format!("/console/projects/{}/funding/new", read.project.project.id)),
        may_edit: read.may_edit,
        id: read.project.project.id.clone(),
        new_output: read
            .may_record_outputs
            .then(|| format!("/console/projects/{}/outputs/new", read.project.project.id)),
        name,
        // Last: every field above reads the frame's catalogue.
        frame,
    }
    .to_html()
}

fn funding_row(texts: &Texts, view: &FundingView, lab_link: &dyn Fn(&str) -> Option<Linked>) -> FundingRow {
    let f = &view.record;
    let not_stated = || texts.text("records-not-stated");
    let amount = match f.amount() {
        Ok(Some(money)) => texts.money(i128::from(money.amount_minor), money.currency.code()),
        Ok(None) | Err(_) => not_stated(),
    };
    FundingRow {
        funder: view.funder_short_code.clone(),
        award_number: f.award_number.clone().unwrap_or_else(not_stated),
        call: f.call_name.clone().unwrap_or_default(),
        side: coverage_view::side_label(texts, &f.side),
        lab: f.lab_id.as_deref().and_then(lab_link),
        status: f.status().map(|s| texts.label(s)).unwrap_or_else(|_| f.status.clone()),
        period: naming::period(texts, f.starts_on, Some(f.ends_on)),
        amount,
    }
}

fn output_row(texts: &Texts, view: &OutputView) -> OutputRow {
    let o = &view.output;
    OutputRow {
        href: format!("/console/outputs/{}", o.id),
        title: o.title.clone(),
        kind: o.kind().map(|k| texts.label(k)).unwrap_or_else(|_| o.kind.clone()),
        year: o.year.to_string(),
        venue: o.venue.clone().unwrap_or_default(),
        doi: o.doi.clone(),
        countries: o.countries().join(", "),
    }
}
