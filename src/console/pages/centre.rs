//! `GET /console/centres/{id}`: a joint centre — its names, status, hosts and laboratories, and
//! its timeline as a picture (labs, mirror links, funding by side, events with reasons) with the
//! same data in tables. Everything comes from the API's own reads for the same caller.

use actix_web::web::Path;
use actix_web::{HttpResponse, get};
use askama::Template;

use super::breadcrumbs::Crumb;
use super::coverage_view::{self, CoverageTableRow};
use super::history::{self, HistoryView};
use super::items::LabItem;
use super::naming::{self, NameLine, Named};
use super::record_page;
use super::timeline_view::{self, TimelineView};
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::centre::CentreWithHosts;
use crate::db::models::coverage::SubjectKind;
use crate::db::models::institution::Institution;
use crate::db::models::lab::{Lab, LabView};
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::routes::coverage::wire::{CoverageQuery, CoverageResponse};
use crate::routes::timeline::CentreStory;
use crate::routes::{centres, coverage, institutions, timeline};

pub struct HostItem {
    pub name: Named,
    pub country: String,
}

#[derive(Template)]
#[template(path = "console/centre.html")]
struct CentrePage {
    frame: Frame,
    crumbs: Vec<Crumb>,
    name: Named,
    names: Vec<NameLine>,
    status: String,
    founded: Option<String>,
    description: Option<String>,
    hosts: Vec<HostItem>,
    labs: Vec<LabItem>,
    timeline: TimelineView,
    coverage_summary: String,
    sides: Vec<CoverageTableRow>,
    history: HistoryView,
    /// Where the person changes the centre, when they may (coordinators and administrators).
    edit: Option<String>,
}

/// What the page is made of, read in one trip.
struct Read {
    member: Member,
    centre: CentreWithHosts,
    hosts: Vec<Institution>,
    story: CentreStory,
    outside: Vec<LabView>,
    coverage: CoverageResponse,
    history: history::HistoryData,
    today: chrono::NaiveDate,
    may_edit: bool,
}

#[get("/centres/{id}")]
pub async fn show(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    record_page::shown(&page, id.into_inner(), load, render).await
}

fn load(conn: &mut DbConn, context: &Context, raw_id: &str) -> Result<Read, ApiError> {
    let member = Member::required(conn, context)?;
    let id = record_id(raw_id)?;
    let centre = centres::read(conn, context, &id)?;
    let hosts = centre.hosts.iter().map(|h| institutions::read(conn, context, &h.id)).collect::<Result<_, _>>()?;
    let story = timeline::read(conn, context, &id)?;
    // Labs of other centres (or none) that a lab of this one is linked to.
    let mut outside: Vec<String> = story
        .links
        .iter()
        .flat_map(|l| [l.lab_a_id.clone(), l.lab_b_id.clone()])
        .filter(|lab| !story.labs.iter().any(|v| v.lab.id == *lab))
        .collect();
    outside.sort();
    outside.dedup();
    let outside = Lab::find_many(conn, &outside)?;
    let outside = Lab::views(conn, outside)?;
    let query = CoverageQuery { horizon_days: None, from: None, to: None };
    let coverage = coverage::read(conn, context, SubjectKind::Centre, &id, &query)?;
    let history = history::read(conn, context, &member, "centre", &id)?;
    let may_edit = policy::write_registry(context.caller()?).is_ok();
    Ok(Read { member, centre, hosts, story, outside, coverage, history, today: context.today, may_edit })
}

fn render(page: &Page, read: Read) -> Result<String, ApiError> {
    let c = &read.centre.centre;
    let name = Named::of(page.lang, &c.name_en, c.name_ru.as_deref(), c.name_zh.as_deref());
    let mut frame = page.frame("page-centres-title", Some(read.member));
    frame.title = name.text.clone();
    let texts = frame.texts();
    let input = timeline_view::Input {
        story: &read.story,
        outside: &read.outside,
        coverage: &read.coverage,
        centre_name: &name.text,
        founded_on: c.founded_on,
        today: read.today,
    };
    CentrePage {
        crumbs: vec![Crumb::home(&texts), Crumb::here(name.clone())],
        names: naming::name_lines(&texts, &c.name_en, c.name_ru.as_deref(), c.name_zh.as_deref()),
        status: c.status().map(|s| texts.label(s)).unwrap_or_else(|_| c.status.clone()),
        founded: c.founded_on.map(|d| texts.date(d)),
        description: c.description.clone().filter(|d| !d.trim().is_empty()),
        hosts: read
            .hosts
            .iter()
            .map(|i| HostItem {
                name: Named::of(texts.lang(), &i.name_en, i.name_ru.as_deref(), i.name_zh.as_deref()),
                country: i.country.clone(),
            })
            .collect(),
        labs: read.story.labs.iter().map(|v| LabItem::new(&texts, v, read.today)).collect(),
        timeline: timeline_view::view(&texts, &input),
        coverage_summary: coverage_view::summary(&texts, &read.coverage),
        sides: coverage_view::side_table(&texts, &read.coverage),
        history: history::view(&texts, &read.history),
        edit: read.may_edit.then(|| format!("/console/centres/{}/edit", c.id)),
        name: name.clone(),
        // Last: every field above reads the frame's catalogue.
        frame,
    }
    .to_html()
}
