//! Choosing an institution by typing any of its names, in any script: the select holds the
//! record, the search box beside it finds candidates — as you type with htmx
//! (`GET /console/pick/institutions`), or with the "Find" button without JavaScript (the form
//! comes back with the candidates and everything typed so far).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web::Query;
use actix_web::{HttpResponse, get};
use askama::Template;

use super::form::{Choice, Field};
use crate::auth::policy;
use crate::console::page::Page;
use crate::db::DbConn;
use crate::db::models::institution::{self, Institution};
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

#[derive(Template)]
#[template(path = "console/picker_options.html")]
struct Options {
    choices: Vec<Choice>,
    none: String,
    /// With one match, it is chosen; with several, the person chooses.
    chosen: Option<String>,
}

/// The candidates for what was typed, as `<option>`s for htmx to put into the select.
#[get("/pick/institutions")]
pub async fn institution_options(page: Page, query: Query<HashMap<String, String>>) -> Result<HttpResponse, ApiError> {
    let typed = query.iter().find(|(name, _)| name.ends_with("_q")).map(|(_, v)| v.clone()).unwrap_or_default();
    let lang = page.lang;
    let choices = page.exchange().read(move |conn, context| institutions(conn, context, lang, &typed, None)).await?;
    let chosen = match choices.as_slice() {
        [only] => Some(only.value.clone()),
        _ => None,
    };
    let html = Options { choices, none: page.t("form-picker-none"), chosen }.render().map_err(ApiError::internal)?;
    Ok(page.html(StatusCode::OK, html))
}
