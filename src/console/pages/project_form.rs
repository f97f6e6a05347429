//! Registering a project (lab heads with a laboratory they head as lead; coordinators and
//! administrators with any) and changing one (the head of its lead laboratory, coordinators,
//! administrators): the API's own `routes::projects::{create, update}` behind one form. Its
//! laboratories are found by name in any script, its subject areas by typing a word or a code,
//! and each participant's ORCID iD is checked as it is typed (`/console/check/orcid`) and again
//! by the API's own check when the form is sent.

use actix_web::http::StatusCode;
use actix_web::web::{Form, Path, Query};
use actix_web::{HttpResponse, get, post};
use askama::Template;
use std::collections::HashMap;

use super::form::{self, Choice, Field, FieldProblem, Heading, Purpose};
use super::history::HistoryRow;
use super::pairs::Pairs;
use super::picker::{self, Picker};
use super::project_values::{LANGUAGES, LabSlot, ProjectValues, subject_area_label};
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::idempotency::StoredResponse;
use crate::db::models::lab::{self, Lab};
use crate::db::models::project::{ProjectFields, ProjectView};
use crate::db::models::project_access::involvement;
use crate::domain::asjc;
use crate::domain::orcid;
use crate::domain::project::{ParticipantRole, ProjectStatus, Visibility};
use crate::domain::sort::NameSort;
use crate::error::ApiError;
use crate::http::etag::etag;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::i18n::{Lang, name_in};
use crate::routes::projects;
use crate::routes::projects::wire::ProjectResponse;

/// Empty rows offered below the filled ones, to add to a list without JavaScript.
const MORE_PARTNERS: usize = 1;
const MORE_PARTICIPANTS: usize = 2;
const MORE_SUBJECT_AREAS: usize = 2;

/// A visibility as a choice, with who will see the project.
struct Audience {
    value: &'static str,
    label: String,
    explanation: String,
    checked: bool,
}

struct ParticipantRow {
    legend: String,
    name: Field,
    orcid: Field,
    role: Field,
    lab: Field,
}

#[derive(Template)]
#[template(path = "console/project_form.html")]
struct FormPage {
    frame: Frame,
    heading: Heading,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
    titles: Vec<Field>,
    summaries: Vec<Field>,
    acronym: Field,
    starts_on: Field,
    ends_on: Field,
    status: Field,
    statuses: Vec<Choice>,
    visibility: Field,
    audiences: Vec<Audience>,
    keywords: Field,
    subject_areas: Vec<Field>,
    asjc: Vec<String>,
    lead: Picker,
    partners: Vec<Picker>,
    participants: Vec<ParticipantRow>,
    roles: Vec<Choice>,
    participant_labs: Vec<Choice>,
}

/// What the form offers: each laboratory row's candidates (the chosen one, what its search
/// found, and for the lead the laboratories the person heads).
struct Offered {
    member: Member,
    lab_choices: Vec<Vec<Choice>>,
}

/// The laboratories `user_id` heads, as choices.
fn headed(conn: &mut DbConn, lang: Lang, user_id: &str) -> Result<Vec<Choice>, ApiError> {
    let filter = lab::ListFilter { head_user_id: Some(user_id.to_owned()), ..Default::default() };
    let (labs, _) = Lab::list(conn, &filter, NameSort::Name, None, 100)?;
    Ok(Lab::views(conn, labs)?
        .iter()
        .map(|v| Choice {
            value: v.lab.id.clone(),
            label: format!(
                "{} ({})",
                name_in(lang, &v.lab.name_en, v.lab.name_ru.as_deref(), v.lab.name_zh.as_deref()),
                v.country
            ),
        })
        .collect())
}

fn offered(
    conn: &mut DbConn,
    context: &Context,
    lang: Lang,
    labs: &[LabSlot],
    find: &str,
) -> Result<Offered, ApiError> {
    let member = Member::required(conn, context)?;
    let mut lab_choices = Vec::new();
    for (index, slot) in labs.iter().enumerate() {
        // Only the row whose Find was pressed searches; the others keep what they chose.
        let typed = if find == lab_field(index) { slot.search.as_str() } else { "" };
        let mut choices = picker::labs(conn, context, lang, typed, Some(&slot.lab_id))?;
        if index == 0
            && let Some(user_id) = context.caller()?.user_id()
        {
            let own = headed(conn, lang, user_id)?;
            choices.extend(own.into_iter().filter(|c| c.value != slot.lab_id));
        }
        lab_choices.push(choices);
    }
    Ok(Offered { member, lab_choices })
}

fn lab_field(index: usize) -> String {
    format!("labs[{index}].lab_id")
}

fn render(
    page: &Page,
    offered: Offered,
    purpose: Purpose,
    values: &ProjectValues,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
) -> Result<String, ApiError> {
    let field = |name: String, value: &str| Field::new(page, name, value, &problems);
    let in_language = |prefix: &str, texts: &[String; 3]| -> Vec<Field> {
        LANGUAGES.iter().zip(texts).map(|(l, text)| field(format!("{prefix}.{l}"), text)).collect()
    };
    let labelled = |mut field: Field, key: &str| {
        field.label = page.t(key);
        field
    };
    let catalogue = page.catalogue();
    let numbered = |key: &str, n: usize| page.t_with(key, &[("number", (n as i64).into())]);

    let mut slots = values.labs.clone();
    slots.extend((0..MORE_PARTNERS).map(|_| LabSlot::default()));
    let mut lab_choices = offered.lab_choices.into_iter();
    let mut pickers = slots.iter().enumerate().map(|(index, slot)| {
        let mut picker_field = field(lab_field(index), &slot.lab_id);
        picker_field.label =
            if index == 0 { page.t("form-field-lead-lab") } else { numbered("form-field-partner-lab", index) };
        Picker {
            field: picker_field,
            source: "/console/pick/labs",
            search: slot.search.clone(),
            choices: lab_choices.next().unwrap_or_default(),
        }
    });
    let mut lead = pickers.next().ok_or_else(|| ApiError::internal_message("a project form without its lead row"))?;
    lead.field.required = true;
    let partners: Vec<Picker> = pickers.collect();

    // A participant's laboratory is one of the project's: those chosen above.
    let participant_labs: Vec<Choice> = std::iter::once(&lead)
        .chain(&partners)
        .filter_map(|p| p.choices.iter().find(|c| c.value == p.field.value && !c.value.is_empty()))
        .map(|c| Choice { value: c.value.clone(), label: c.label.clone() })
        .collect();
    let mut people = values.participants.clone();
    people.extend((0..MORE_PARTICIPANTS).map(|_| Default::default()));
    let participants = people
        .iter()
        .enumerate()
        .map(|(index, person)| {
            let cell = |name: &str, value: &str, label: &str| {
                let mut f = field(format!("participants[{index}].{name}"), value);
                f.label = page.t(label);
                f
            };
            ParticipantRow {
                legend: numbered("form-participant", index + 1),
                name: cell("name", &person.name, "form-field-participant-name"),
                orcid: cell("orcid", &person.orcid, "form-field-participant-orcid")
                    .hint(page.t("form-hint-orcid"))
                    .checked_at("/console/check/orcid"),
                role: cell("role", &person.role, "form-field-participant-role"),
                lab: cell("lab_id", &person.lab_id, "form-field-participant-lab"),
            }
        })
        .collect();

    let mut areas = values.subject_areas.clone();
    areas.extend((0..MORE_SUBJECT_AREAS).map(|_| String::new()));
    let subject_areas = areas
        .iter()
        .enumerate()
        .map(|(index, typed)| {
            let mut f = field(format!("subject_areas[{index}]"), typed).suggesting("asjc-codes");
            f.label = numbered("form-field-subject-area", index + 1);
            f
        })
        .collect();

    let audiences = Visibility::ALL
        .iter()
        .map(|v| Audience {
            value: v.as_str(),
            label: catalogue.label(page.lang, *v),
            explanation: page.t(&format!("form-visibility-{}", v.as_str())),
            checked: values.visibility == v.as_str(),
        })
        .collect();
    let (frame, heading) = purpose.framed(page, "page-project-new-title", "projects", offered.member);
    FormPage {
        heading,
        changed_meanwhile,
        titles: in_language("titles", &values.titles),
        summaries: in_language("summaries", &values.summaries),
        acronym: field("acronym".into(), &values.acronym),
        starts_on: labelled(field("starts_on".into(), &values.starts_on), "form-field-project-starts-on")
            .required()
            .date(),
        ends_on: labelled(field("ends_on".into(), &values.ends_on), "form-field-project-ends-on")
            .date()
            .hint(page.t("form-hint-project-ends-on")),
        status: labelled(field("status".into(), &values.status), "form-field-project-status").required(),
        statuses: ProjectStatus::ALL
            .iter()
            .map(|s| Choice { value: s.as_str().into(), label: catalogue.label(page.lang, *s) })
            .collect(),
        visibility: field("visibility".into(), &values.visibility).required(),
        audiences,
        keywords: field("keywords".into(), &values.keywords).hint(page.t("form-hint-keywords")),
        subject_areas,
        asjc: asjc::all().iter().map(|area| subject_area_label(area.code)).collect(),
        lead,
        partners,
        participants,
        roles: ParticipantRole::ALL
            .iter()
            .map(|r| Choice { value: r.as_str().into(), label: catalogue.label(page.lang, *r) })
            .collect(),
        participant_labs,
        problems,
        frame,
    }
    .to_html()
}

/// The form again, with the candidates its rows need.
async fn again(
    page: &Page,
    status: StatusCode,
    purpose: Purpose,
    values: ProjectValues,
    find: String,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
) -> Result<HttpResponse, ApiError> {
    let (lang, labs) = (page.lang, values.labs.clone());
    let offered = page.exchange().read(move |conn, context| offered(conn, context, lang, &labs, &find)).await?;
    let html = render(page, offered, purpose, &values, problems, changed_meanwhile)?;
    Ok(page.html(status, html))
}

/// The person, once their role may register projects at all (a lab head's lead is checked when
/// they send the form, as the API checks it), and the first laboratory they head.
fn registrar(conn: &mut DbConn, context: &Context) -> Result<Option<String>, ApiError> {
    Member::required(conn, context)?;
    let caller = context.caller()?;
    policy::register_project(caller, true)?;
    let Some(user_id) = caller.user_id() else { return Ok(None) };
    let filter = lab::ListFilter { head_user_id: Some(user_id.to_owned()), ..Default::default() };
    let (labs, _) = Lab::list(conn, &filter, NameSort::Name, None, 1)?;
    Ok(labs.into_iter().next().map(|l| l.id))
}

#[get("/projects/new")]
pub async fn new_project_form(page: Page) -> Result<HttpResponse, ApiError> {
    let lead = page.exchange().read(registrar).await?;
    let purpose = Purpose::Register { key: form::new_key() };
    again(&page, StatusCode::OK, purpose, ProjectValues::blank(lead), String::new(), Vec::new(), Vec::new()).await
}

/// Stores a new project and the API's answer to its create.
fn store(conn: &mut DbConn, context: &Context, fields: ProjectFields) -> Result<StoredResponse, ApiError> {
    let view = projects::create(conn, context, fields)?;
    let location = format!("/console/projects/{}", view.project.id);
    StoredResponse::created(location, etag(view.project.version), &ProjectResponse::new(view)?)
}

#[post("/projects")]
pub async fn register_project(page: Page, sent: Form<Vec<(String, String)>>) -> Result<HttpResponse, ApiError> {
    let sent = Pairs::new(sent.into_inner());
    page.check(&sent.one("csrf"))?;
    let (key, find) = (sent.one("key"), sent.one("find"));
    let purpose = Purpose::Register { key: key.clone() };
    if !find.is_empty() {
        page.exchange().read(registrar).await?;
        let values = ProjectValues::sent(&sent, false);
        return again(&page, StatusCode::OK, purpose, values, find, Vec::new(), Vec::new()).await;
    }
    let values = ProjectValues::sent(&sent, true);
    let fingerprint = form::fingerprint("POST /projects", &values);
    match form::register(&page, &key, fingerprint, values.create_fields(), store).await? {
        Ok(answer) => Ok(form::see_created(&page, &answer)),
        Err((status, problems)) => again(&page, status, purpose, values, String::new(), problems, Vec::new()).await,
    }
}

impl form::Editable for ProjectView {
    const HISTORY: &'static str = "project";

    /// Project `id`, once the person may change it: 404 when they may not read it, 403 when they
    /// may read but not change it — as `PATCH /api/v1/projects/{id}` answers.
    fn editable(conn: &mut DbConn, context: &Context, id: &str) -> Result<ProjectView, ApiError> {
        Member::required(conn, context)?;
        let view = projects::read(conn, context, id)?;
        let caller = context.caller()?;
        policy::edit_project(caller, &involvement(conn, caller, id)?)?;
        Ok(view)
    }

    fn version(&self) -> i64 {
        self.project.version
    }
}

fn change_of(page: &Page, view: &ProjectView, version: i64) -> Purpose {
    let p = &view.project;
    let name =
        name_in(page.lang, p.title_en.as_deref().unwrap_or_default(), p.title_ru.as_deref(), p.title_zh.as_deref());
    Purpose::Change { id: p.id.clone(), version, name: name.to_owned() }
}

#[get("/projects/{id}/edit")]
pub async fn edit_project_form(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let view: ProjectView = form::open(&page, record_id(&id)?).await?;
    let purpose = change_of(&page, &view, view.project.version);
    again(&page, StatusCode::OK, purpose, ProjectValues::of(&view)?, String::new(), Vec::new(), Vec::new()).await
}

#[post("/projects/{id}")]
pub async fn save_project(
    page: Page,
    id: Path<String>,
    sent: Form<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    let sent = Pairs::new(sent.into_inner());
    page.check(&sent.one("csrf"))?;
    let began_at: i64 = sent.one("version").trim().parse().unwrap_or(0);
    let find = sent.one("find");
    let view: ProjectView = form::open(&page, id.clone()).await?;
    if !find.is_empty() {
        let values = ProjectValues::sent(&sent, false);
        return again(&page, StatusCode::OK, change_of(&page, &view, began_at), values, find, Vec::new(), Vec::new())
            .await;
    }
    let values = ProjectValues::sent(&sent, true);
    match form::save_change(&page, &id, began_at, values.changes(), projects::update).await? {
        Ok(view) => Ok(page.see_other(&format!("/console/projects/{}", view.project.id))),
        Err(refused) => {
            let purpose = change_of(&page, &refused.record, refused.version);
            let (problems, meanwhile) = (refused.problems, refused.changed_meanwhile);
            again(&page, refused.status, purpose, values, String::new(), problems, meanwhile).await
        }
    }
}

/// Whether a typed ORCID iD is one, as the person types it: the same check the API makes.
#[get("/check/orcid")]
pub async fn check_orcid(page: Page, query: Query<HashMap<String, String>>) -> Result<HttpResponse, ApiError> {
    let typed = query.iter().find(|(name, _)| name.ends_with("orcid")).map(|(_, v)| v.trim()).unwrap_or_default();
    let (verdict, words) = match typed {
        "" => ("", String::new()),
        typed => match orcid::parse(typed) {
            Ok(bare) => ("valid", page.t_with("form-orcid-valid", &[("orcid", bare.as_str().into())])),
            Err(_) => ("refused", page.t("form-error-invalid-orcid")),
        },
    };
    OrcidCheck { verdict, words }.answer(&page, StatusCode::OK)
}

#[derive(Template)]
#[template(
    source = r#"{% if !words.is_empty() %}<span class="{{ verdict }}">{{ words }}</span>{% endif %}"#,
    ext = "html"
)]
struct OrcidCheck {
    verdict: &'static str,
    words: String,
}
