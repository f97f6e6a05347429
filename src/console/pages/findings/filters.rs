//! The findings filter form: the API's own query (`ListFindingsQuery`, same names, same checks),
//! the choices its selects offer, and links that keep the selection (next page, CSV, counts).

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::models::institution::Institution;
use crate::db::models::lab::Lab;
use crate::db::schema::{centres, funders, institutions, labs};
use crate::error::ApiError;
use crate::findings::engine::FindingKind;
use crate::i18n::{Lang, name_in};
use crate::routes::findings::wire::ListFindingsQuery;

/// id, short code, names in English, Russian, Chinese.
type FunderRow = (String, String, String, Option<String>, Option<String>);

/// One choice of a select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// What the form shows: the choices, and the chosen lab or institution (set from a row's link,
/// since a registry has too many of them for a select).
pub struct KindChoice {
    pub kind: FindingKind,
    pub selected: bool,
}

pub struct FilterForm {
    pub kinds: Vec<KindChoice>,
    pub countries: Vec<Choice>,
    pub funders: Vec<Choice>,
    pub centres: Vec<Choice>,
    pub lab: Option<Choice>,
    pub institution: Option<Choice>,
    pub from: String,
    pub to: String,
}

impl FilterForm {
    pub fn load(conn: &mut DbConn, lang: Lang, query: &ListFindingsQuery) -> Result<FilterForm, ApiError> {
        let chosen = |value: &str, current: &Option<String>| current.as_deref() == Some(value);
        let countries: Vec<String> = institutions::table
            .inner_join(labs::table)
            .select(institutions::country)
            .distinct()
            .order(institutions::country.asc())
            .load(conn)?;
        let wanted_country = query.country.as_deref().map(str::to_ascii_uppercase);
        let countries = countries
            .into_iter()
            .map(|c| Choice { selected: chosen(&c, &wanted_country), label: c.clone(), value: c })
            .collect();
        let funders: Vec<FunderRow> = funders::table
            .select((funders::id, funders::short_code, funders::name_en, funders::name_ru, funders::name_zh))
            .order(funders::short_code_key.asc())
            .load(conn)?;
        let funders = funders
            .into_iter()
            .map(|(id, code, en, ru, zh)| Choice {
                selected: chosen(&id, &query.funder_id),
                label: format!("{code} — {}", name_in(lang, &en, ru.as_deref(), zh.as_deref())),
                value: id,
            })
            .collect();
        let centres: Vec<(String, String, Option<String>, Option<String>)> = centres::table
            .select((centres::id, centres::name_en, centres::name_ru, centres::name_zh))
            .order(centres::sort_key.asc())
            .load(conn)?;
        let centres = centres
            .into_iter()
            .map(|(id, en, ru, zh)| Choice {
                selected: chosen(&id, &query.centre_id),
                label: name_in(lang, &en, ru.as_deref(), zh.as_deref()).to_owned(),
                value: id,
            })
            .collect();
        // A laboratory or an institution is chosen by id elsewhere (a link): named here, or
        // left out when there is no such record.
        let lab = match &query.lab_id {
            Some(id) => Lab::find_many(conn, std::slice::from_ref(id))?
                .pop()
                .map(|l| named(lang, id, &l.name_en, l.name_ru.as_deref(), l.name_zh.as_deref())),
            None => None,
        };
        let institution = match query.institution_id.as_deref().map(|id| Institution::find(conn, id)) {
            Some(Ok(i)) => Some(named(lang, &i.id, &i.name_en, i.name_ru.as_deref(), i.name_zh.as_deref())),
            None | Some(Err(ApiError::NotFound)) => None,
            Some(Err(other)) => return Err(other),
        };
        Ok(FilterForm {
            kinds: FindingKind::ALL.iter().map(|k| KindChoice { kind: *k, selected: query.kind == Some(*k) }).collect(),
            countries,
            funders,
            centres,
            lab,
            institution,
            from: query.from.map(|d| d.to_string()).unwrap_or_default(),
            to: query.to.map(|d| d.to_string()).unwrap_or_default(),
        })
    }
}

/// A record chosen by id, as its selected option.
fn named(lang: Lang, id: &str, en: &str, ru: Option<&str>, zh: Option<&str>) -> Choice {
    Choice { value: id.to_owned(), label: name_in(lang, en, ru, zh).to_owned(), selected: true }
}

/// The query's filters as URL pairs (no cursor), for links that keep the selection.
pub fn pairs(query: &ListFindingsQuery) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("kind", query.kind.map(|k| k.as_str().to_owned())),
        ("country", query.country.clone()),
        ("funder_id", query.funder_id.clone()),
        ("centre_id", query.centre_id.clone()),
        ("lab_id", query.lab_id.clone()),
        ("institution_id", query.institution_id.clone()),
        ("horizon_days", query.horizon_days.map(|d| d.to_string())),
        ("from", query.from.map(|d| d.to_string())),
        ("to", query.to.map(|d| d.to_string())),
    ]
}

/// `path` with `pairs` as its query, `replace` overriding (or, with `None`, removing) one of them.
pub fn link(path: &str, pairs: &[(&str, Option<String>)], replace: (&str, Option<String>)) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        let value = if *name == replace.0 { &replace.1 } else { value };
        if let Some(value) = value {
            query.append_pair(name, value);
        }
    }
    if !pairs.iter().any(|(name, _)| *name == replace.0)
        && let Some(value) = &replace.1
    {
        query.append_pair(replace.0, value);
    }
    let query = query.finish();
    if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") }
}
