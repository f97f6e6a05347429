//! Records named in English, Russian and Chinese (institutions, funders, centres, laboratories):
//! found by any of their names, listed by the English one; their names read by id for exports.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::models::project_access::ReadScope;
use crate::domain::search_key;
use crate::error::ApiError;

/// `(search_key, sort_key)` of a record with these names; `also` is searchable beside them (a
/// funder's short code).
pub fn keys(also: Option<&str>, name_en: &str, name_ru: Option<&str>, name_zh: Option<&str>) -> (String, String) {
    let names = [also, Some(name_en), name_ru, name_zh];
    (search_key::for_names(names.into_iter().flatten()), search_key::normalise(name_en))
}

/// The names a record is searched by across scripts (`search_terms`): the same as [`keys`].
pub fn searched(also: Option<&str>, name_en: &str, name_ru: Option<&str>, name_zh: Option<&str>) -> Vec<String> {
    [also, Some(name_en), name_ru, name_zh].into_iter().flatten().map(str::to_owned).collect()
}

/// A record's names as stored: English (blank for a project without an English title) and
/// optionally Russian and Chinese.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    pub en: String,
    pub ru: Option<String>,
    pub zh: Option<String>,
}

/// Names by record id, for exports that put a name beside each id they write.
pub type NameIndex = HashMap<String, Names>;

/// Ids per query: keeps `IN (…)` lists well under SQLite's bind-parameter limit.
const CHUNK: usize = 1000;

type NameRow = (String, String, Option<String>, Option<String>);
/// A project's id and its titles, each optional.
type TitleRow = (String, Option<String>, Option<String>, Option<String>);

/// Each distinct id once, in chunks for `IN (…)`.
fn chunks<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<Vec<String>> {
    let mut distinct: Vec<String> = ids.into_iter().map(str::to_owned).collect();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.chunks(CHUNK).map(<[String]>::to_vec).collect()
}

fn index(rows: Vec<NameRow>) -> NameIndex {
    rows.into_iter().map(|(id, en, ru, zh)| (id, Names { en, ru, zh })).collect()
}

/// The records named in three languages whose names exports write beside their ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Labs,
    Institutions,
    Centres,
}

/// The names of the `table` records among `ids`: one query per thousand distinct ids.
pub fn of<'a>(conn: &mut DbConn, table: Named, ids: impl IntoIterator<Item = &'a str>) -> Result<NameIndex, ApiError> {
    use crate::db::schema::{centres as c, institutions as i, labs as l};
    let mut rows: Vec<NameRow> = Vec::new();
    for chunk in chunks(ids) {
        rows.extend(match table {
            Named::Labs => {
                l::table.filter(l::id.eq_any(chunk)).select((l::id, l::name_en, l::name_ru, l::name_zh)).load(conn)?
            }
            Named::Institutions => {
                i::table.filter(i::id.eq_any(chunk)).select((i::id, i::name_en, i::name_ru, i::name_zh)).load(conn)?
            }
            Named::Centres => {
                c::table.filter(c::id.eq_any(chunk)).select((c::id, c::name_en, c::name_ru, c::name_zh)).load(conn)?
            }
        });
    }
    Ok(index(rows))
}

/// The titles of the projects among `ids` that `scope` may read (every title is optional; a
/// missing English one is blank): one query per thousand distinct ids.
pub fn of_projects<'a>(
    conn: &mut DbConn,
    scope: &ReadScope,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<NameIndex, ApiError> {
    use crate::db::schema::projects::dsl;
    let mut index = NameIndex::new();
    for chunk in chunks(ids) {
        let rows: Vec<TitleRow> = dsl::projects
            .filter(dsl::id.eq_any(chunk))
            .filter(scope.condition::<dsl::projects>())
            .select((dsl::id, dsl::title_en, dsl::title_ru, dsl::title_zh))
            .load(conn)?;
        for (id, en, ru, zh) in rows {
            index.insert(id, Names { en: en.unwrap_or_default(), ru, zh });
        }
    }
    Ok(index)
}

/// Funders' short codes by id: one query per thousand distinct ids.
pub fn funder_short_codes<'a>(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<HashMap<String, String>, ApiError> {
    use crate::db::schema::funders::dsl;
    let mut codes = HashMap::new();
    for chunk in chunks(ids) {
        let rows: Vec<(String, String)> =
            dsl::funders.filter(dsl::id.eq_any(chunk)).select((dsl::id, dsl::short_code)).load(conn)?;
        codes.extend(rows);
    }
    Ok(codes)
}
