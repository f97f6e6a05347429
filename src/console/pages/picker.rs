//! Choosing an institution or a laboratory by typing any of its names, in any script: the select
//! holds the record, the search box beside it finds candidates — as you type with htmx
//! (`GET /console/pick/institutions`, `/console/pick/labs`), or with the "Find" button without
//! JavaScript (the form comes back with the candidates and everything typed so far).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web::Query;
use actix_web::{HttpResponse, get};
use askama::Template;

use super::form::{Choice, Field};
use crate::auth::policy;
use crate::console::page::Page;
use crate::console::rendered::Rendered;
use crate::db::DbConn;
use crate::db::models::institution::{self, Institution};
use crate::db::models::lab::{self, Lab, LabView};
use crate::domain::search_key;
use crate::domain::sort::NameSort;
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::i18n::{Lang, name_in};

/// How many candidates a search offers.
const OFFERED: i64 = 20;

/// A record field chosen by name: the select, and the search box that fills it.
pub struct Picker {
    pub field: Field,
    /// Where htmx asks for candidates.
    pub source: &'static str,
    pub search: String,
    pub choices: Vec<Choice>,
}

/// An institution as a choice: its name in the page's language, with its city and country.
fn choice(lang: Lang, i: &Institution) -> Choice {
    let name = name_in(lang, &i.name_en, i.name_ru.as_deref(), i.name_zh.as_deref());
    let place = match &i.city {
        Some(city) => format!("{city}, {}", i.country),
        None => i.country.clone(),
    };
    Choice { value: i.id.clone(), label: format!("{name} ({place})") }
}

/// The institutions whose names match `typed` (the API's search, in any script), and the one
/// already chosen, as the API lets the caller read them.
pub fn institutions(
    conn: &mut DbConn,
    context: &Context,
    lang: Lang,
    typed: &str,
    chosen: Option<&str>,
) -> Result<Vec<Choice>, ApiError> {
    policy::read_institutions(context.caller()?)?;
    let mut choices = Vec::new();
    if let Some(id) = chosen.filter(|id| !id.is_empty()) {
        match Institution::find(conn, id) {
            Ok(found) => choices.push(choice(lang, &found)),
            Err(ApiError::NotFound) => {}
            Err(other) => return Err(other),
        }
    }
    let query = search_key::normalise(typed);
    if !query.is_empty() {
        let filter = institution::ListFilter { query: Some(query), ..Default::default() };
        let (found, _) = Institution::list(conn, &filter, NameSort::Name, None, OFFERED)?;
        choices.extend(found.iter().filter(|i| Some(i.id.as_str()) != chosen).map(|i| choice(lang, i)));
    }
    Ok(choices)
}

/// A laboratory as a choice: its name in the page's language, with its country.
fn lab_choice(lang: Lang, view: &LabView) -> Choice {
    let l = &view.lab;
    let name = name_in(lang, &l.name_en, l.name_ru.as_deref(), l.name_zh.as_deref());
    Choice { value: l.id.clone(), label: format!("{name} ({})", view.country) }
}

/// The laboratories whose names match `typed`, and the one already chosen (labs are registry
/// records every signed-in person reads, as in the API).
pub fn labs(
    conn: &mut DbConn,
    context: &Context,
    lang: Lang,
    typed: &str,
    chosen: Option<&str>,
) -> Result<Vec<Choice>, ApiError> {
    policy::read_registry(context.caller()?)?;
    let mut found = match chosen.filter(|id| !id.is_empty()) {
        Some(id) => Lab::find_many(conn, &[id.to_owned()])?,
        None => Vec::new(),
    };
    let query = search_key::normalise(typed);
    if !query.is_empty() {
        let filter = lab::ListFilter { query: Some(query), ..Default::default() };
        let (matches, _) = Lab::list(conn, &filter, NameSort::Name, None, OFFERED)?;
        found.extend(matches.into_iter().filter(|l| Some(l.id.as_str()) != chosen));
    }
    Ok(Lab::views(conn, found)?.iter().map(|v| lab_choice(lang, v)).collect())
}

#[derive(Template)]
#[template(path = "console/picker_options.html")]
struct Options {
    choices: Vec<Choice>,
    none: String,
    /// With one match, it is chosen; with several, the person chooses.
    chosen: Option<String>,
}

/// What the search box sent: its name ends in `_q` (`institution_id_q`).
fn typed(query: &HashMap<String, String>) -> String {
    query.iter().find(|(name, _)| name.ends_with("_q")).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// The candidates as `<option>`s for htmx to put into the select.
fn options(page: &Page, choices: Vec<Choice>) -> Result<HttpResponse, ApiError> {
    let chosen = match choices.as_slice() {
        [only] => Some(only.value.clone()),
        _ => None,
    };
    Options { choices, none: page.t("form-picker-none"), chosen }.answer(page, StatusCode::OK)
}

#[get("/pick/institutions")]
pub async fn institution_options(page: Page, query: Query<HashMap<String, String>>) -> Result<HttpResponse, ApiError> {
    let (typed, lang) = (typed(&query), page.lang);
    let choices = page.exchange().read(move |conn, context| institutions(conn, context, lang, &typed, None)).await?;
    options(&page, choices)
}

#[get("/pick/labs")]
pub async fn lab_options(page: Page, query: Query<HashMap<String, String>>) -> Result<HttpResponse, ApiError> {
    let (typed, lang) = (typed(&query), page.lang);
    let choices = page.exchange().read(move |conn, context| labs(conn, context, lang, &typed, None)).await?;
    options(&page, choices)
}
