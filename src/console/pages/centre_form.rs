//! Registering and changing a joint centre (coordinators and administrators): the API's own
//! create and update (`routes::centres::{create, update}`) behind a form, with its host
//! institutions as numbered rows, each chosen by name (`host_institution_ids[i]`, as the API
//! names the list). "Another host" brings the form back with one more row and writes nothing;
//! rows without a host are dropped before the request is built, and a refused form comes back
//! with the rows that were sent, so a refusal of `host_institution_ids[1]` is shown on the second.

use actix_web::http::StatusCode;
use actix_web::web::{Form, Path};
use actix_web::{HttpResponse, get, post};
use askama::Template;
use serde::Serialize;
use validator::Validate;

use super::form::{self, Choice, Field, FieldProblem, Heading, Purpose, TypedNames};
use super::history::HistoryRow;
use super::pairs::Pairs;
use super::picker::{self, Picker};
use crate::auth::policy;
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::centre::{CentreChanges, CentreFields, CentreStatus, CentreWithHosts};
use crate::db::models::idempotency::StoredResponse;
use crate::error::{ApiError, FieldError};
use crate::http::etag::{IfMatch, etag};
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::i18n::{Lang, name_in};
use crate::routes::centres;
use crate::routes::centres::wire::{CentreResponse, CreateCentre, MAX_HOSTS, UpdateCentre};

/// The API's name of the list of hosts; row `i` is `host_institution_ids[i]`.
const HOSTS: &str = "host_institution_ids";

/// A new centre's form starts with a row for each side.
const FIRST_ROWS: usize = 2;

/// The fields as typed, named as the API names them; the hosts as rows of (chosen id, typed
/// search).
#[derive(Debug, Clone, Default)]
struct CentreValues {
    names: TypedNames,
    founded_on: String,
    status: String,
    description: String,
    hosts: Vec<(String, String)>,
}

/// What a form's key is bound to: the values, without what was typed in the search boxes.
#[derive(Serialize)]
struct Fingerprinted<'a> {
    names: [&'a str; 3],
    founded_on: &'a str,
    status: &'a str,
    description: &'a str,
    hosts: Vec<&'a str>,
}

/// What came with the values: the token, the key or version, and whether a button asked for
/// candidates or another row instead of a save.
struct Sent {
    csrf: String,
    key: String,
    began_at: i64,
    /// Find or "Another host": come back with the form, write nothing.
    again: bool,
    more: bool,
}

impl CentreValues {
    fn read(pairs: Vec<(String, String)>) -> (Sent, CentreValues) {
        let pairs = Pairs::new(pairs);
        let sent = Sent {
            csrf: pairs.one("csrf"),
            key: pairs.one("key"),
            began_at: pairs.one("version").trim().parse().unwrap_or(0),
            again: !pairs.one("find").is_empty() || !pairs.one("more").is_empty(),
            more: !pairs.one("more").is_empty(),
        };
        let values = CentreValues {
            names: TypedNames { en: pairs.one("names.en"), ru: pairs.one("names.ru"), zh: pairs.one("names.zh") },
            founded_on: pairs.one("founded_on"),
            status: pairs.one("status"),
            description: pairs.one("description"),
            hosts: pairs.picked(HOSTS),
        };
        (sent, values)
    }

    fn of(record: &CentreWithHosts) -> CentreValues {
        let c = &record.centre;
        CentreValues {
            names: TypedNames::of(&c.name_en, c.name_ru.as_deref(), c.name_zh.as_deref()),
            founded_on: c.founded_on.map(|d| d.to_string()).unwrap_or_default(),
            status: c.status.clone(),
            description: form::shown(&c.description),
            hosts: record.hosts.iter().map(|h| (h.id.clone(), String::new())).collect(),
        }
    }

    fn fingerprint(&self) -> String {
        let hosts = self.host_ids();
        let values = Fingerprinted {
            names: [self.names.en.as_str(), self.names.ru.as_str(), self.names.zh.as_str()],
            founded_on: &self.founded_on,
            status: &self.status,
            description: &self.description,
            hosts: hosts.iter().map(String::as_str).collect(),
        };
        form::fingerprint("POST /centres", &values)
    }

    /// The chosen hosts, in the order of their rows (a row with only a search has none).
    fn host_ids(&self) -> Vec<String> {
        self.hosts.iter().map(|(id, _)| id.trim().to_owned()).filter(|id| !id.is_empty()).collect()
    }

    /// The values as the request took them: only the rows with a host chosen, so that the
    /// API's `host_institution_ids[i]` is the row shown `i`-th.
    fn compacted(mut self) -> CentreValues {
        self.hosts.retain(|(id, _)| !id.trim().is_empty());
        self
    }

    /// The founding date: none when left empty.
    fn founded_on(&self) -> Result<Option<chrono::NaiveDate>, FieldError> {
        match self.founded_on.trim() {
            "" => Ok(None),
            day => form::day("founded_on", day).map(Some),
        }
    }

    fn status(&self) -> Result<CentreStatus, FieldError> {
        form::word("status", &self.status, CentreStatus::parse)
    }

    fn create_request(&self) -> Result<CreateCentre, ApiError> {
        let (founded_on, status) = (self.founded_on(), self.status());
        let request = CreateCentre {
            names: self.names.input(),
            host_institution_ids: self.host_ids(),
            founded_on: founded_on.clone().unwrap_or_default(),
            status: *status.as_ref().unwrap_or(&CentreStatus::Active),
            description: form::optional(&self.description),
        };
        form::checked(request.validate(), [founded_on.err(), status.err()])?;
        Ok(request)
    }

    /// The API's merge patch: every field as shown, blanks clearing, the hosts replaced.
    fn update_request(&self) -> Result<UpdateCentre, ApiError> {
        let (founded_on, status) = (self.founded_on(), self.status());
        let request = UpdateCentre {
            names: Some(self.names.patch()),
            host_institution_ids: Some(self.host_ids()),
            founded_on: founded_on.clone().ok(),
            status: status.as_ref().ok().copied(),
            description: Some(form::optional(&self.description)),
        };
        form::checked(request.validate(), [founded_on.err(), status.err()])?;
        Ok(request)
    }

    /// The API names a refused host in its message (`no institution has id …`, `names
    /// institution … more than once`): such a refusal goes next to the row that holds that id
    /// (the later one, for a repeat). Refusals of the list as a whole stay with the list.
    fn on_rows(&self, error: ApiError) -> ApiError {
        let ids = self.host_ids();
        let row_of = |message: &str| {
            let message = message.to_ascii_lowercase();
            ids.iter().rposition(|id| message.contains(&id.to_ascii_lowercase()))
        };
        match error {
            ApiError::Validation(errors) => ApiError::Validation(
                errors
                    .into_iter()
                    .map(|mut e| {
                        if e.field == HOSTS
                            && let Some(row) = row_of(&e.message)
                        {
                            e.field = format!("{HOSTS}[{row}]");
                        }
                        e
                    })
                    .collect(),
            ),
            other => other,
        }
    }
}

#[derive(Template)]
#[template(path = "console/centre_form.html")]
struct FormPage {
    frame: Frame,
    heading: Heading,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
    names: Vec<Field>,
    /// The problem with the hosts as a whole (too few countries, none chosen).
    hosts_problem: Option<String>,
    hosts: Vec<Picker>,
    /// Whether another row may be added (the API takes at most 20 hosts).
    more: bool,
    founded_on: Field,
    status: Field,
    statuses: Vec<Choice>,
    description: Field,
}

/// The person and each row's candidates, once the policy lets them write centres.
fn offered(
    conn: &mut DbConn,
    context: &Context,
    lang: Lang,
    rows: &[(String, String)],
) -> Result<(Member, Vec<Vec<Choice>>), ApiError> {
    let member = Member::required(conn, context)?;
    policy::write_registry(context.caller()?)?;
    let choices = rows
        .iter()
        .map(|(id, typed)| picker::institutions(conn, context, lang, typed, Some(id.trim())))
        .collect::<Result<_, _>>()?;
    Ok((member, choices))
}

/// The form, as `values` left it, with `extra` empty rows after the sent ones (at least a row
/// for each side in all).
async fn form_page(
    page: &Page,
    status: StatusCode,
    purpose: Purpose,
    values: &CentreValues,
    problems: Vec<FieldProblem>,
    changed_meanwhile: Vec<HistoryRow>,
    extra: usize,
) -> Result<HttpResponse, ApiError> {
    let mut rows = values.hosts.clone();
    let shown = (rows.len().max(FIRST_ROWS) + extra).min(MAX_HOSTS.max(rows.len()));
    rows.resize(shown, Default::default());
    let lang = page.lang;
    let sent = rows.clone();
    let (member, choices) = page.exchange().read(move |conn, context| offered(conn, context, lang, &sent)).await?;
    let field = |name: &str, value: &str| Field::new(page, name, value, &problems);
    let hosts = rows
        .iter()
        .zip(choices)
        .enumerate()
        .map(|(i, ((id, typed), choices))| {
            let mut row = Field::new(page, format!("{HOSTS}[{i}]"), id, &problems);
            row.label = page.t_with("form-host-row", &[("number", (i + 1).into())]);
            Picker { field: row, source: "/console/pick/institutions", search: typed.clone(), choices }
        })
        .collect::<Vec<_>>();
    let catalogue = page.catalogue();
    let statuses = CentreStatus::ALL
        .iter()
        .map(|s| Choice { value: s.as_str().to_owned(), label: catalogue.label(lang, *s) })
        .collect();
    let mut status_field = field("status", &values.status).required();
    status_field.label = page.t("form-centre-status");
    let (frame, heading) = purpose.framed(page, "page-centre-new-title", "centres", member);
    FormPage {
        frame,
        heading,
        changed_meanwhile,
        names: values.names.fields(page, &problems),
        hosts_problem: problems.iter().find(|p| p.field == HOSTS).map(|p| p.message.clone()),
        more: hosts.len() < MAX_HOSTS,
        hosts,
        founded_on: field("founded_on", &values.founded_on).date(),
        status: status_field,
        statuses,
        description: field("description", &values.description),
        problems,
    }
    .answer(page, status)
}

#[get("/centres/new")]
pub async fn new_centre_form(page: Page) -> Result<HttpResponse, ApiError> {
    let purpose = Purpose::Register { key: form::new_key() };
    let values = CentreValues { status: CentreStatus::Active.as_str().to_owned(), ..Default::default() };
    form_page(&page, StatusCode::OK, purpose, &values, Vec::new(), Vec::new(), 0).await
}

/// Stores a new centre and the API's answer to its create.
fn store(conn: &mut DbConn, context: &Context, fields: CentreFields) -> Result<StoredResponse, ApiError> {
    let record = centres::create(conn, context, fields)?;
    let location = format!("/console/centres/{}", record.centre.id);
    StoredResponse::created(location, etag(record.centre.version), &CentreResponse::new(record)?)
}

#[post("/centres")]
pub async fn register_centre(page: Page, sent: Form<Vec<(String, String)>>) -> Result<HttpResponse, ApiError> {
    let (sent, values) = CentreValues::read(sent.into_inner());
    page.check(&sent.csrf)?;
    let purpose = Purpose::Register { key: sent.key.clone() };
    if sent.again {
        return form_page(&page, StatusCode::OK, purpose, &values, Vec::new(), Vec::new(), usize::from(sent.more))
            .await;
    }
    let request = values.create_request().map(CentreFields::from).map_err(|e| values.on_rows(e));
    let rows = values.clone();
    let create =
        move |conn: &mut DbConn, context: &Context, fields| store(conn, context, fields).map_err(|e| rows.on_rows(e));
    match form::register(&page, &sent.key, values.fingerprint(), request, create).await? {
        Ok(answer) => Ok(form::see_created(&page, &answer)),
        Err((status, problems)) => {
            form_page(&page, status, purpose, &values.compacted(), problems, Vec::new(), 0).await
        }
    }
}

impl form::Editable for CentreWithHosts {
    const HISTORY: &'static str = "centre";

    /// The centre, once the person may change it (404 when there is none; the API's 403).
    fn editable(conn: &mut DbConn, context: &Context, id: &str) -> Result<CentreWithHosts, ApiError> {
        let record = centres::read(conn, context, id)?;
        policy::write_registry(context.caller()?)?;
        Ok(record)
    }

    fn version(&self) -> i64 {
        self.centre.version
    }
}

fn change_of(page: &Page, record: &CentreWithHosts, version: i64) -> Purpose {
    let c = &record.centre;
    let name = name_in(page.lang, &c.name_en, c.name_ru.as_deref(), c.name_zh.as_deref());
    Purpose::Change { id: c.id.clone(), version, name: name.to_owned() }
}

#[get("/centres/{id}/edit")]
pub async fn edit_centre(page: Page, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let record: CentreWithHosts = form::open(&page, record_id(&id)?).await?;
    let purpose = change_of(&page, &record, record.centre.version);
    form_page(&page, StatusCode::OK, purpose, &CentreValues::of(&record), Vec::new(), Vec::new(), 0).await
}

#[post("/centres/{id}")]
pub async fn save_centre(
    page: Page,
    id: Path<String>,
    sent: Form<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    let (sent, values) = CentreValues::read(sent.into_inner());
    page.check(&sent.csrf)?;
    let began_at = sent.began_at;
    let record: CentreWithHosts = form::open(&page, id.clone()).await?;
    if sent.again {
        let purpose = change_of(&page, &record, began_at);
        return form_page(&page, StatusCode::OK, purpose, &values, Vec::new(), Vec::new(), usize::from(sent.more))
            .await;
    }
    let changes = values.update_request().map(CentreChanges::from).map_err(|e| values.on_rows(e));
    let rows = values.clone();
    let update = move |conn: &mut DbConn, context: &Context, id: &str, if_match: &IfMatch, changes| {
        centres::update(conn, context, id, if_match, changes).map_err(|e| rows.on_rows(e))
    };
    match form::save_change(&page, &id, began_at, changes, update).await? {
        Ok(record) => Ok(page.see_other(&format!("/console/centres/{}", record.centre.id))),
        Err(refused) => {
            let purpose = change_of(&page, &refused.record, refused.version);
            let (problems, meanwhile) = (refused.problems, refused.changed_meanwhile);
            form_page(&page, refused.status, purpose, &values.compacted(), problems, meanwhile, 0).await
        }
    }
}
