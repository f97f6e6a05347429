//! `GET /console/search?q=…`: institutions, centres, laboratories and projects whose names (or
//! titles) contain the words, in any script and any case — the same search the API's lists do
//! with `q=` (`search_key::normalise` and the models' list functions, projects in the caller's
//! read scope), grouped by kind. A plain GET form: it works without JavaScript.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get};
use askama::Template;
use chrono::NaiveDate;

use super::items::{LabItem, ProjectItem, shown_of};
use super::naming::{Linked, Named};
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::centre::{self, Centre, CentreWithHosts};
use crate::db::models::institution::{self, Institution};
use crate::db::models::lab::{self, Lab, LabView};
use crate::db::models::project::{self, ProjectView};
use crate::domain::search_key;
use crate::domain::sort::NameSort;
use crate::domain::text::query_text;
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::i18n::Texts;
use crate::routes::projects::page_of_projects;
use crate::routes::projects::wire::ProjectSort;

/// Results shown per kind.
const SHOWN: u32 = 20;
/// The longest query the API's lists accept.
const LONGEST_QUERY: usize = 200;

pub struct InstitutionItem {
    pub href: String,
    pub name: Named,
    pub country: String,
    pub city: String,
}

/// One kind's results: those shown, and a note when there are more.
pub struct Group<T> {
    pub items: Vec<T>,
    pub more: Option<String>,
}

impl<T> Group<T> {
    fn new(texts: &Texts, items: Vec<T>, total: i64) -> Group<T> {
        let more = shown_of(texts, items.len(), total);
        Group { items, more }
    }
}

#[derive(Template)]
#[template(path = "console/search.html")]
struct SearchPage {
    frame: Frame,
    query: String,
    problem: Option<String>,
    /// `None` before a search.
    results: Option<Results>,
}

struct Results {
    heading: String,
    institutions: Group<InstitutionItem>,
    centres: Group<Linked>,
    labs: Group<LabItem>,
    projects: Group<ProjectItem>,
    total: String,
}

/// What a search read, in one trip.
struct Found {
    institutions: (Vec<Institution>, i64),
    centres: (Vec<CentreWithHosts>, i64),
    labs: (Vec<LabView>, i64),
    projects: (Vec<ProjectView>, i64),
}

#[get("/search")]
pub async fn show(req: HttpRequest, page: Page) -> Result<HttpResponse, ApiError> {
    // Read leniently: a query string that does not parse is no search, never an error page.
    let query = form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(name, _)| name == "q")
        .map(|(_, value)| value.trim().to_owned())
        .unwrap_or_default();
    let valid = query.chars().count() <= LONGEST_QUERY && query_text(&query).is_ok();
    let folded = valid.then(|| search_key::normalise(&query)).filter(|q| !q.is_empty());
    let (member, found, today) = page
        .exchange()
        .read(move |conn, context| {
            let member = Member::required(conn, context)?;
            let found = folded.map(|q| search(conn, context, q)).transpose()?;
            Ok((member, found, context.today))
        })
        .await?;
    let html = render(&page, member, query, valid, found, today)?;
    Ok(page.html(StatusCode::OK, html))
}

fn search(conn: &mut DbConn, context: &Context, query: String) -> Result<Found, ApiError> {
    let caller = context.caller()?;
    let limit = i64::from(SHOWN);
    policy::read_institutions(caller)?;
    let filter = institution::ListFilter { query: Some(query.clone()), ..Default::default() };
    let institutions = Institution::list(conn, &filter, NameSort::Name, None, limit)?;
    policy::read_registry(caller)?;
    let filter = centre::ListFilter { query: Some(query.clone()), ..Default::default() };
    let centres = Centre::list(conn, &filter, NameSort::Name, None, limit)?;
    let filter = lab::ListFilter { query: Some(query.clone()), ..Default::default() };
    let (labs, total_labs) = Lab::list(conn, &filter, NameSort::Name, None, limit)?;
    let labs = (Lab::views(conn, labs)?, total_labs);
    let filter = project::ListFilter { query: Some(query), ..Default::default() };
    let (mut projects, total_projects) =
        page_of_projects(conn, &context.scope(), &filter, ProjectSort::Title, None, SHOWN)?;
    projects.truncate(SHOWN as usize);
    Ok(Found { institutions, centres, labs, projects: (projects, total_projects) })
}

fn render(
    page: &Page,
    member: Member,
    query: String,
    valid: bool,
    found: Option<Found>,
    today: NaiveDate,
) -> Result<String, ApiError> {
    let mut frame = page.frame("page-search-title", Some(member));
    if !query.is_empty() && valid {
        frame.title = format!("{} — {query}", frame.title);
    }
    let texts = frame.texts();
    let results = found.map(|found| results(&texts, &query, found, today));
    SearchPage {
        problem: (!valid).then(|| texts.text("records-search-invalid")),
        results,
        query,
        // Last: every field above reads the frame's catalogue.
        frame,
    }
    .to_html()
}

fn results(texts: &Texts, query: &str, found: Found, today: NaiveDate) -> Results {
    let lang = texts.lang();
    let total = found.institutions.1 + found.centres.1 + found.labs.1 + found.projects.1;
    Results {
        heading: texts.text_with("records-search-results", &[("query", query.into())]),
        institutions: Group::new(
            texts,
            found
                .institutions
                .0
                .iter()
                .map(|i| InstitutionItem {
                    href: format!("/console/institutions/{}", i.id),
                    name: Named::of(lang, &i.name_en, i.name_ru.as_deref(), i.name_zh.as_deref()),
                    country: i.country.clone(),
                    city: i.city.clone().unwrap_or_default(),
                })
                .collect(),
            found.institutions.1,
        ),
        centres: Group::new(
            texts,
            found
                .centres
                .0
                .iter()
                .map(|CentreWithHosts { centre: c, .. }| Linked {
                    href: format!("/console/centres/{}", c.id),
                    name: Named::of(lang, &c.name_en, c.name_ru.as_deref(), c.name_zh.as_deref()),
                })
                .collect(),
            found.centres.1,
        ),
        labs: Group::new(texts, found.labs.0.iter().map(|v| LabItem::new(texts, v, today)).collect(), found.labs.1),
        projects: Group::new(
            texts,
            found.projects.0.iter().map(|v| ProjectItem::new(texts, v, None)).collect(),
            found.projects.1,
        ),
        total: texts.text_with("common-results", &[("count", total.into())]),
    }
}
