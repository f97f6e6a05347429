//! `GET /console/labs/{id}`: a laboratory — its institution and centre, its status over time, its
//! mirror laboratories, the projects it takes part in (those the caller may read), its funding
//! coverage as a picture and a table, and its history.

use actix_web::http::StatusCode;
use actix_web::web::Path;
use actix_web::{HttpResponse, get};
use askama::Template;
use chrono::NaiveDate;

use super::breadcrumbs::Crumb;
use super::coverage_view::{self, CoverageView};
use super::form::FieldProblem;
use super::history::{self, HistoryView};
use super::items::{LISTED, LabItem, ProjectItem, shown_of};
use super::lab_status_form::{StatusForm, StatusValues};
use super::naming::{self, Linked, NameLine, Named};
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::centre::Centre;
use crate::db::models::coverage::SubjectKind;
use crate::db::models::institution::Institution;
use crate::db::models::lab::{Lab, LabView};
use crate::db::models::mirror_link::MirrorLink;
use crate::db::models::project::{ListFilter, ProjectView};
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::routes::coverage::wire::{CoverageQuery, CoverageResponse};
use crate::routes::projects::page_of_projects;
use crate::routes::projects::wire::ProjectSort;
use crate::routes::{centres, coverage, institutions, labs};

/// A status form sent back: its key, what was typed, and what the API refused.
pub type SentStatus = (String, StatusValues, Vec<FieldProblem>);

pub struct StatusRow {
    pub date: String,
    pub status: String,
    pub reason: String,
}

pub struct LinkRow {
    /// Where staff end a link still in force.
    pub end_href: Option<String>,
    pub partner: LabItem,
    pub kind: String,
    pub period: String,
    pub end_reason: String,
}

#[derive(Template)]
#[template(path = "console/lab.html")]
struct LabPage {
    frame: Frame,
    crumbs: Vec<Crumb>,
    name: Named,
    names: Vec<NameLine>,
    institution: Named,
    country: String,
    centre: Option<Linked>,
    research_line: Option<String>,
    status: String,
    since: String,
    statuses: Vec<StatusRow>,
    links: Vec<LinkRow>,
    projects: Vec<ProjectItem>,
    more_projects: Option<String>,
    coverage: CoverageView,
    history: HistoryView,
    status_form: Option<StatusForm>,
    may_edit: bool,
    may_link: bool,
    lab_id: String,
}

struct Read {
    member: Member,
    lab: LabView,
    institution: Institution,
    centre: Option<Centre>,
    links: Vec<(MirrorLink, LabView)>,
    projects: Vec<ProjectView>,
    total_projects: i64,
    coverage: CoverageResponse,
    history: history::HistoryData,
    today: NaiveDate,
    may_record_status: bool,
    may_edit: bool,
    may_link: bool,
}

#[get("/labs/{id}")]
pub async fn show(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let html = page_html(&page, id.into_inner(), None).await?;
    Ok(page.html(StatusCode::OK, html))
}

/// The page, with the status form as `sent` back with its problems (or a fresh one), when the
/// person may record a status.
pub async fn page_html(page: &Page, id: String, sent: Option<SentStatus>) -> Result<String, ApiError> {
    let read = page.exchange().read(move |conn, context| load(conn, context, &id)).await?;
    let status_form = read.may_record_status.then(|| StatusForm::new(page, &read.lab.lab.id, sent));
    render(page, read, status_form)
}

fn load(conn: &mut DbConn, context: &Context, raw_id: &str) -> Result<Read, ApiError> {
    let member = Member::required(conn, context)?;
    let id = record_id(raw_id)?;
    let lab = labs::read(conn, context, &id)?;
    let institution = institutions::read(conn, context, &lab.lab.institution_id)?;
    let centre = match &lab.lab.centre_id {
        Some(centre_id) => Some(centres::read(conn, context, centre_id)?.centre),
        None => None,
    };
    let links = MirrorLink::touching(conn, std::slice::from_ref(&id))?;
    let partner_ids: Vec<String> =
        links.iter().map(|l| if l.lab_a_id == id { l.lab_b_id.clone() } else { l.lab_a_id.clone() }).collect();
    let partners = Lab::find_many(conn, &partner_ids)?;
    let partners = Lab::views(conn, partners)?;
    let links = links
        .into_iter()
        .zip(partner_ids)
        .filter_map(|(link, partner)| Some((link, partners.iter().find(|v| v.lab.id == partner)?.clone())))
        .collect();
    let filter = ListFilter { lab_id: Some(id.clone()), ..ListFilter::default() };
    let (mut projects, total_projects) =
        page_of_projects(conn, &context.scope(), &filter, ProjectSort::StartsOnDescending, None, LISTED)?;
    projects.truncate(LISTED as usize);
    let query = CoverageQuery { horizon_days: None, from: None, to: None };
    let coverage = coverage::read(conn, context, SubjectKind::Lab, &id, &query)?;
    let history = history::read(conn, context, &member, "lab", &id)?;
    let head = lab.lab.head_user_id.as_deref();
    let may_record_status = policy::record_lab_status(context.caller()?, head).is_ok();
    let may_edit = policy::edit_lab(context.caller()?, head, false).is_ok();
    let may_link = policy::write_registry(context.caller()?).is_ok();
    Ok(Read {
        member,
        lab,
        institution,
        centre,
        links,
        projects,
        total_projects,
        coverage,
        history,
        today: context.today,
        may_record_status,
        may_edit,
        may_link,
    })
}

fn render(page: &Page, read: Read, status_form: Option<StatusForm>) -> Result<String, ApiError> {
    let lab = &read.lab.lab;
    let name = Named::lab(page.lang, lab);
    let mut frame = page.frame("page-labs-title", Some(read.member));
    frame.title = name.text.clone();
    let texts = frame.texts();
    let lang = texts.lang();
    let i = &read.institution;
    let centre = read.centre.as_ref().map(|c| {
        let named = Named::of(lang, &c.name_en, c.name_ru.as_deref(), c.name_zh.as_deref());
        Linked { href: format!("/console/centres/{}", c.id), name: named }
    });
    let mut crumbs = vec![Crumb::home(&texts)];
    crumbs.extend(centre.iter().map(|c| Crumb::link(c.href.clone(), c.name.clone())));
    crumbs.push(Crumb::here(name.clone()));
    let (status, since) = naming::status_on(&texts, &read.lab.statuses, read.today);
    let shown = read.projects.len();
    LabPage {
        crumbs,
        names: naming::name_lines(&texts, &lab.name_en, lab.name_ru.as_deref(), lab.name_zh.as_deref()),
        institution: Named::of(lang, &i.name_en, i.name_ru.as_deref(), i.name_zh.as_deref()),
        country: read.lab.country.clone(),
        centre,
        research_line: lab.research_line.clone().filter(|r| !r.trim().is_empty()),
        status,
        since,
        statuses: read
            .lab
            .statuses
            .iter()
            .rev()
            .map(|e| StatusRow {
                date: texts.date(e.effective_on),
                status: e.status().map(|s| texts.label(s)).unwrap_or_else(|_| e.status.clone()),
                reason: e.reason.clone(),
            })
            .collect(),
        links: read
            .links
            .iter()
            .map(|(link, partner)| LinkRow {
                end_href: (read.may_link && link.ends_on.is_none_or(|end| end >= read.today))
                    .then(|| format!("/console/mirror-links/{}/end?from={}", link.id, lab.id)),
                partner: LabItem::new(&texts, partner, read.today),
                kind: link.kind().map(|k| texts.label(k)).unwrap_or_else(|_| link.kind.clone()),
                period: naming::period(&texts, link.starts_on, link.ends_on),
                end_reason: link.end_reason.clone().unwrap_or_default(),
            })
            .collect(),
        projects: read.projects.iter().map(|v| ProjectItem::new(&texts, v, Some(&lab.id))).collect(),
        more_projects: shown_of(&texts, shown, read.total_projects),
        coverage: coverage_view::view(&texts, &read.coverage, &name.text, "coverage"),
        history: history::view(&texts, &read.history),
        status_form,
        may_edit: read.may_edit,
        may_link: read.may_link,
        lab_id: lab.id.clone(),
        name,
        // Last: every field above reads the frame's catalogue.
        frame,
    }
    .to_html()
}
