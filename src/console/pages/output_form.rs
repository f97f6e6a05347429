//! Recording an output from a project's page (coordinators, administrators, and the heads of the
//! project's laboratories): the API's own create (`routes::outputs::create`) behind a form. The
//! DOI is typed in any spelling and stored as the API stores it; a DOI already recorded is
//! refused with a link to that output when the person may read it. Author countries are typed
//! as codes ("RU, CN"); the output's projects are the one the form was opened from and any more
//! chosen in rows (`project_ids[i]`, as the API names them); acknowledged funding is ticked
//! among the funding of those projects.

use actix_web::http::StatusCode;
use actix_web::web::{Form, Path};
use actix_web::{HttpResponse, get, post};
use askama::Template;
use serde::Serialize;
use validator::Validate;

use super::form::{self, Choice, Field, FieldProblem};
use super::naming::Named;
use super::pairs::Pairs;
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::funding::{self, FundingRecord, FundingView};
use crate::db::models::idempotency::StoredResponse;
use crate::db::models::output::{self, Output, OutputFields};
use crate::db::models::project::{self, Project};
use crate::db::models::project_access::involvement;
use crate::domain::doi::Doi;
use crate::domain::project::OutputKind;
use crate::error::{ApiError, FieldError};
use crate::http::etag::etag;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::i18n::Lang;
use crate::routes::funding::list::page_of_funding;
use crate::routes::funding::wire::FundingSort;
use crate::routes::outputs::wire::{CreateOutput, OutputResponse};
use crate::routes::{outputs, projects};

/// The most projects and funding records the form offers to choose from.
const OFFERED: i64 = 1000;

/// The fields as typed, named as the API names them: `project_ids[0]` is the project the form
/// was opened from; empty rows are dropped.
#[derive(Debug, Clone, Default, Serialize)]
struct OutputValues {
    kind: String,
    title: String,
    doi: String,
    year: String,
    venue: String,
    url: String,
    /// Codes as typed, separated by commas or spaces.
    author_countries: String,
    project_ids: Vec<String>,
    funding_ids: Vec<String>,
}

impl OutputValues {
    /// The values, the token and key, and whether a button asked for more rows or the funding
    /// of the projects chosen (no save then).
    fn read(pairs: Vec<(String, String)>) -> (String, String, Option<bool>, OutputValues) {
        let pairs = Pairs::new(pairs);
        let chosen = |list: Vec<String>| list.into_iter().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let values = OutputValues {
            kind: pairs.one("kind"),
            title: pairs.one("title"),
            doi: pairs.one("doi"),
            year: pairs.one("year"),
            venue: pairs.one("venue"),
            url: pairs.one("url"),
            author_countries: pairs.one("author_countries"),
            project_ids: chosen(pairs.list("project_ids")).collect(),
            funding_ids: chosen(pairs.list("funding_ids")).collect(),
        };
        let again = match (pairs.one("more").is_empty(), pairs.one("find").is_empty()) {
            (false, _) => Some(true),
            (true, false) => Some(false),
            (true, true) => None,
        };
        (pairs.one("csrf"), pairs.one("key"), again, values)
    }

    /// The codes typed, in the order typed ("RU, cn KZ" → RU, cn, KZ); the API checks them.
    fn countries(&self) -> Vec<String> {
        self.author_countries
            .split([',', ';', ' '])
            .filter(|c| !c.trim().is_empty())
            .map(|c| c.trim().to_owned())
            .collect()
    }

    fn year(&self) -> Result<i32, FieldError> {
        match self.year.trim() {
            "" => Err(FieldError::new("year", "required", "is required")),
            year => year.parse().map_err(|_| FieldError::new("year", "invalid_year", "must be a year, e.g. 2024")),
        }
    }

    fn request(&self) -> Result<CreateOutput, ApiError> {
        let kind = form::word("kind", &self.kind, OutputKind::parse);
        let year = self.year();
        let request = CreateOutput {
            kind: *kind.as_ref().unwrap_or(&OutputKind::JournalArticle),
            title: self.title.clone(),
            doi: form::optional(&self.doi).map(|d| d.trim().to_owned()),
            year: *year.as_ref().unwrap_or(&outputs::wire::FIRST_YEAR),
            venue: form::optional(&self.venue),
            url: form::optional(&self.url).map(|u| u.trim().to_owned()),
            author_countries: self.countries(),
            project_ids: self.project_ids.clone(),
            funding_ids: self.funding_ids.clone(),
        };
        form::checked(request.validate(), [kind.err(), year.err()])?;
        Ok(request)
    }
}

/// A funding record the output may acknowledge: a checkbox.
struct FundingBox {
    field: Field,
    checked: bool,
}

#[derive(Template)]
#[template(path = "console/output_form.html")]
struct FormPage {
    frame: Frame,
    key: String,
    /// `project_ids[0]`: the project the form was opened from, named.
    origin: Field,
    project_name: String,
    problems: Vec<FieldProblem>,
    kind: Field,
    kinds: Vec<Choice>,
    title: Field,
    doi: Field,
    /// The output that already has the DOI, when the person may read it.
    doi_holder: Option<String>,
    year: Field,
    venue: Field,
    url: Field,
    author_countries: Field,
    more_projects: Vec<Field>,
    projects: Vec<Choice>,
    funding: Vec<FundingBox>,
}

/// What the form offers the person, once they may record outputs of the project (else the
/// API's answer: 404 for a project they may not read, 403 for one they may not record for).
struct Offered {
    member: Member,
    project_name: String,
    projects: Vec<Choice>,
    funding: Vec<Choice>,
    doi_holder: Option<String>,
}

fn offered(
    conn: &mut DbConn,
    context: &Context,
    lang: Lang,
    values: &OutputValues,
    doi_taken: bool,
) -> Result<Offered, ApiError> {
    let member = Member::required(conn, context)?;
    let origin = values.project_ids.first().map(String::as_str).unwrap_or_default();
    let project = projects::read(conn, context, origin)?;
    let caller = context.caller()?;
    policy::write_outputs(caller, &involvement(conn, caller, origin)?)?;
    let scope = context.scope();
    let (readable, _) =
        Project::list(conn, &scope, &project::ListFilter::default(), project::Order::Title, None, OFFERED)?;
    let mut projects = Vec::new();
    for p in readable.iter().filter(|p| p.id != origin) {
        if outputs::may_record_on(conn, context, &p.id)? {
            projects.push(Choice { value: p.id.clone(), label: Named::project(lang, p).text });
        }
    }
    let mut funding = Vec::new();
    let mut linked = values.project_ids.clone();
    let mut seen = std::collections::HashSet::new();
    linked.retain(|id| seen.insert(id.clone()));
    for id in &linked {
        let filter = funding::ListFilter { project_id: Some(id.clone()), ..Default::default() };
        let (records, _) = page_of_funding(conn, &scope, &filter, FundingSort::StartsOn, None, OFFERED as u32)?;
        funding.extend(records.iter().take(OFFERED as usize).map(funding_choice));
    }
    // Funding ticked that the projects above no longer have (one was taken away): still shown,
    // to be unticked or refused as the API refuses it.
    let missing: Vec<&String> =
        values.funding_ids.iter().filter(|id| !funding.iter().any(|c| c.value == **id)).collect();
    for id in missing {
        match FundingRecord::find_visible(conn, &scope, id).and_then(|r| FundingRecord::view(conn, r)) {
            Ok(view) => funding.push(funding_choice(&view)),
            Err(ApiError::NotFound) => funding.push(Choice { value: id.clone(), label: id.clone() }),
            Err(other) => return Err(other),
        }
    }
    // Who holds the DOI, through the API's own list by DOI: found only when the person may read it.
    let doi_holder = match Doi::parse(&values.doi) {
        Ok(doi) if doi_taken => {
            let filter = output::ListFilter { doi: Some(doi.into_string()), ..Default::default() };
            let (found, _) = Output::list(conn, &scope, &filter, output::Order::Created, None, 1)?;
            found.first().map(|o| format!("/console/outputs/{}", o.id))
        }
        _ => None,
    };
    Ok(Offered { member, project_name: Named::project(lang, &project.project).text, projects, funding, doi_holder })
}

/// A funding record as a choice: funder, award, side and period.
fn funding_choice(f: &FundingView) -> Choice {
    let r = &f.record;
    let award = r.award_number.as_deref().or(r.call_name.as_deref()).unwrap_or("—");
    let label = format!("{} {award} ({}, {} – {})", f.funder_short_code, r.side, r.starts_on, r.ends_on);
    Choice { value: r.id.clone(), label }
}

/// The API names a refused funding record by its place among those sent (`funding_ids[2]`);
/// the form shows every offered record in its own place, so the refusal moves to that box.
fn on_boxes(problems: Vec<FieldProblem>, sent: &[String], offered: &[Choice]) -> Vec<FieldProblem> {
    problems
        .into_iter()
        .map(|mut p| {
            let sent_at = p.field.strip_prefix("funding_ids-").and_then(|i| i.parse::<usize>().ok());
            let shown_at = sent_at.and_then(|i| sent.get(i)).and_then(|id| offered.iter().position(|c| c.value == *id));
            if let Some(at) = shown_at {
                p.field = format!("funding_ids-{at}");
            }
            p
        })
        .collect()
}

/// The form as `values` left it, with `extra` more empty project rows.
async fn form_page(
    page: &Page,
    status: StatusCode,
    key: String,
    values: OutputValues,
    problems: Vec<FieldProblem>,
    extra: usize,
) -> Result<HttpResponse, ApiError> {
    let (lang, shown) = (page.lang, values.clone());
    let doi_taken = problems.iter().any(|p| p.field == "doi") && status == StatusCode::CONFLICT;
    let offered = page.exchange().read(move |conn, context| offered(conn, context, lang, &shown, doi_taken)).await?;
    let funding_choices = offered.funding;
    let problems = on_boxes(problems, &values.funding_ids, &funding_choices);
    let field = |name: &str, value: &str| Field::new(page, name, value, &problems);
    let mut rows: Vec<String> = values.project_ids.iter().skip(1).cloned().collect();
    rows.resize(rows.len() + extra, String::new());
    let more_projects = rows
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut row = Field::new(page, format!("project_ids[{}]", i + 1), id, &problems);
            row.label = page.t_with("form-output-project-row", &[("number", (i + 1).into())]);
            row
        })
        .collect();
    let funding = funding_choices
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let mut field = Field::new(page, format!("funding_ids[{i}]"), &c.value, &problems);
            field.label = c.label;
            FundingBox { checked: values.funding_ids.contains(&field.value), field }
        })
        .collect();
    let catalogue = page.catalogue();
    let mut year = field("year", &values.year).required().hint(page.t("form-hint-year"));
    year.input = "number";
    let mut frame = page.frame("page-output-new-title", Some(offered.member));
    frame.title = page.t_with("page-output-new-title", &[("project", offered.project_name.as_str().into())]);
    FormPage {
        key,
        origin: field("project_ids[0]", values.project_ids.first().map(String::as_str).unwrap_or_default()),
        project_name: offered.project_name,
        kind: field("kind", &values.kind).required(),
        kinds: OutputKind::ALL
            .iter()
            .map(|k| Choice { value: k.as_str().to_owned(), label: catalogue.label(lang, *k) })
            .collect(),
        title: field("title", &values.title).required(),
        doi: field("doi", &values.doi).hint(page.t("form-hint-doi")),
        doi_holder: offered.doi_holder,
        year,
        venue: field("venue", &values.venue),
        url: field("url", &values.url).hint(page.t("form-hint-website")),
        author_countries: field("author_countries", &values.author_countries)
            .required()
            .hint(page.t("form-hint-author-countries")),
        more_projects,
        projects: offered.projects,
        funding,
        problems,
        frame,
    }
    .answer(page, status)
}

#[get("/projects/{id}/outputs/new")]
pub async fn new_output_form(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let values = OutputValues { project_ids: vec![record_id(&id)?], ..Default::default() };
    form_page(&page, StatusCode::OK, form::new_key(), values, Vec::new(), 0).await
}

/// Stores a new output and the API's answer to its create.
fn store(conn: &mut DbConn, context: &Context, fields: OutputFields) -> Result<StoredResponse, ApiError> {
    let view = outputs::create(conn, context, fields)?;
    let location = format!("/console/outputs/{}", view.output.id);
    StoredResponse::created(location, etag(view.output.version), &OutputResponse::new(view)?)
}

#[post("/outputs")]
pub async fn record_output(page: Page, sent: Form<Vec<(String, String)>>) -> Result<HttpResponse, ApiError> {
    let (csrf, key, again, values) = OutputValues::read(sent.into_inner());
    page.check(&csrf)?;
    if let Some(more) = again {
        return form_page(&page, StatusCode::OK, key, values, Vec::new(), usize::from(more)).await;
    }
    let fingerprint = form::fingerprint("POST /outputs", &values);
    let request = values.request().map(OutputFields::from);
    match form::register(&page, &key, fingerprint, request, store).await? {
        Ok(answer) => Ok(form::see_created(&page, &answer)),
        Err((status, problems)) => form_page(&page, status, key, values, problems, 0).await,
    }
}
