//! The cross-script search terms of named records (institutions, centres, laboratories,
//! funders) and of projects (Russian and Chinese titles, participants): written with the record, looked up by prefix as an index range, rebuilt when the
//! rules in `domain::names` change.

use std::collections::{BTreeSet, HashMap};

use diesel::connection::SimpleConnection;
use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use crate::db::models::project::searched_titles;
use crate::db::schema::{
    centres, funders, institutions, labs, project_participants, projects, search_terms, search_terms_rules,
};
use crate::db::{DbConn, transaction};
use crate::domain::names::{self, KeyKind, NameKind, QueryForms, RULES_VERSION};
use crate::error::ApiError;

#[derive(Insertable)]
#[diesel(table_name = search_terms)]
struct NewTerm<'a> {
    entity: &'a str,
    key: &'a str,
    term: &'a str,
    record_id: &'a str,
}

/// Rewrites the terms of one record (`entity` is its history resource name) from its names and
/// the names of the people in it (read as people's names: a surname first).
pub fn replace(
    conn: &mut DbConn,
    entity: &str,
    record_id: &str,
    record_names: &[&str],
    people: &[&str],
) -> Result<(), ApiError> {
    remove(conn, entity, record_id)?;
    for (key, term) in record_terms(record_names, people) {
        // One row per insert: batch insert does not compile through the MultiConnection.
        diesel::insert_into(search_terms::table)
            .values(&NewTerm { entity, key: key.as_str(), term: &term, record_id })
            .execute(conn)?;
    }
    Ok(())
}

/// The terms of a record with these names and people.
fn record_terms(record_names: &[&str], people: &[&str]) -> BTreeSet<(KeyKind, String)> {
    let mut terms = names::terms(record_names.iter().copied(), NameKind::Other);
    terms.extend(names::terms(people.iter().copied(), NameKind::Person));
    terms
}

/// Drops the terms of a deleted record.
pub fn remove(conn: &mut DbConn, entity: &str, record_id: &str) -> Result<(), ApiError> {
    diesel::delete(search_terms::table)
        .filter(search_terms::entity.eq(entity))
        .filter(search_terms::record_id.eq(record_id))
        .execute(conn)?;
    Ok(())
}

/// `table.id IN (…)` the `entity` records whose terms start with one of the query's forms, one
/// index range per form; `None` when the query has no transliterated form (short queries stay
/// on the native path). Raw SQL because a boxed subquery does not compile through the
/// MultiConnection; the forms are ASCII letters and digits by construction, checked again here,
/// so they are written as literals.
pub fn matching(table: &'static str, entity: &'static str, forms: &QueryForms) -> Option<SqlLiteral<Bool>> {
    let ranges: Vec<String> = forms
        .pinyin
        .iter()
        .map(|form| (KeyKind::Pinyin, form))
        .chain(forms.translit.iter().map(|form| (KeyKind::Translit, form)))
        .filter_map(|(key, form)| {
            let upper = successor(form)?;
            Some(format!(
                "SELECT record_id FROM search_terms WHERE entity = '{entity}' AND key = '{}' \
                 AND term >= '{form}' AND term < '{upper}'",
                key.as_str()
            ))
        })
        .collect();
    if ranges.is_empty() {
        return None;
    }
    Some(sql::<Bool>(&format!("{table}.id IN ({})", ranges.join(" UNION "))))
}

/// The first string after every string that starts with `form` (its last byte moved on by
/// one); `None` unless `form` is non-empty ASCII letters and digits.
fn successor(form: &str) -> Option<String> {
    let bytes = form.as_bytes();
    let (last, head) = bytes.split_last()?;
    if !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let mut upper = head.to_vec();
    upper.push(last + 1);
    String::from_utf8(upper).ok()
}

/// The records whose names are searched across scripts, by history resource name.
const ENTITIES: [&str; 5] = ["institution", "centre", "lab", "funder", "project"];

type NameRow = (String, String, Option<String>, Option<String>);
/// A funder's id, short code and names.
type FunderRow = (String, String, String, Option<String>, Option<String>);
/// A project's id and its Russian and Chinese titles.
type TitleRow = (String, Option<String>, Option<String>);
/// A record's id, its names and the names of the people in it.
type Named = (String, Vec<String>, Vec<String>);

/// Every record of `entity` with its names (a funder's short code is one of them) and people.
fn named(conn: &mut DbConn, entity: &str) -> Result<Vec<Named>, ApiError> {
    let rows: Vec<NameRow> = match entity {
        "institution" => institutions::table
            .select((institutions::id, institutions::name_en, institutions::name_ru, institutions::name_zh))
            .load(conn)?,
        "centre" => {
            centres::table.select((centres::id, centres::name_en, centres::name_ru, centres::name_zh)).load(conn)?
        }
        "lab" => labs::table.select((labs::id, labs::name_en, labs::name_ru, labs::name_zh)).load(conn)?,
        "project" => return named_projects(conn),
        _ => {
            let rows: Vec<FunderRow> = funders::table
                .select((funders::id, funders::short_code, funders::name_en, funders::name_ru, funders::name_zh))
                .load(conn)?;
            return Ok(rows
                .into_iter()
                .map(|(id, code, en, ru, zh)| {
                    (id, [Some(code), Some(en), ru, zh].into_iter().flatten().collect(), Vec::new())
                })
                .collect());
        }
    };
    Ok(rows
        .into_iter()
        .map(|(id, en, ru, zh)| (id, [Some(en), ru, zh].into_iter().flatten().collect(), Vec::new()))
        .collect())
}

/// Every project with its searched titles and its participants' names: two queries.
fn named_projects(conn: &mut DbConn) -> Result<Vec<Named>, ApiError> {
    let mut people: HashMap<String, Vec<String>> = HashMap::new();
    let rows: Vec<(String, String)> = project_participants::table
        .select((project_participants::project_id, project_participants::name))
        .load(conn)?;
    for (project_id, name) in rows {
        people.entry(project_id).or_default().push(name);
    }
    let rows: Vec<TitleRow> =
        projects::table.select((projects::id, projects::title_ru, projects::title_zh)).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, ru, zh)| {
            let titles = searched_titles(&ru, &zh);
            let people = people.remove(&id).unwrap_or_default();
            (id, titles, people)
        })
        .collect())
}

/// Terms per multi-row `INSERT` of a rebuild.
const TERMS_PER_INSERT: usize = 500;

/// Rebuilds the terms of every named record and records the rules they follow; `progress` is
/// told each entity as it is done, with how many records it had. Multi-row inserts of literals
/// (quoted), as seed-synthetic loads: one row per statement made a 50,000-project rebuild slow.
fn reindex(conn: &mut DbConn, progress: &mut dyn FnMut(&str, usize)) -> Result<(), ApiError> {
    for entity in ENTITIES {
        let records = named(conn, entity)?;
        diesel::delete(search_terms::table).filter(search_terms::entity.eq(entity)).execute(conn)?;
        let mut values = Vec::with_capacity(TERMS_PER_INSERT);
        for (id, record_names, people) in &records {
            let record_names: Vec<&str> = record_names.iter().map(String::as_str).collect();
            let people: Vec<&str> = people.iter().map(String::as_str).collect();
            for (key, term) in record_terms(&record_names, &people) {
                values.push(format!("('{entity}', '{}', {}, {})", key.as_str(), quote(&term), quote(id)));
                if values.len() == TERMS_PER_INSERT {
                    insert_terms(conn, &mut values)?;
                }
            }
        }
        insert_terms(conn, &mut values)?;
        progress(entity, records.len());
    }
    diesel::update(search_terms_rules::table).set(search_terms_rules::version.eq(RULES_VERSION)).execute(conn)?;
    Ok(())
}

/// Writes the pending rows of terms in one statement.
fn insert_terms(conn: &mut DbConn, values: &mut Vec<String>) -> Result<(), ApiError> {
    if !values.is_empty() {
        let statement = format!("INSERT INTO search_terms (entity, key, term, record_id) VALUES {}", values.join(","));
        values.clear();
        conn.batch_execute(&statement)?;
    }
    Ok(())
}

/// A text literal.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Serialises rebuilds of several servers starting at once on one PostgreSQL.
const POSTGRES_LOCK_KEY: i64 = 0x006a_7274_6572_6d73; // "jrterms"

/// Rebuilds the terms when `force`d or when they are stale, in one write transaction: a second
/// process starting at once waits, then finds them current. Whether it rebuilt them.
pub fn rebuild(conn: &mut DbConn, force: bool, progress: &mut dyn FnMut(&str, usize)) -> Result<bool, ApiError> {
    if !force && !stale(conn)? {
        return Ok(false);
    }
    transaction::write(conn, |conn| {
        if let DbConn::Pg(pg) = conn {
            pg.batch_execute(&format!("SELECT pg_advisory_xact_lock({POSTGRES_LOCK_KEY})"))?;
        }
        if !force && !stale(conn)? {
            return Ok(false);
        }
        reindex(conn, progress)?;
        Ok(true)
    })
}

/// Whether the stored terms follow older rules than this code's (or were never built).
pub fn stale(conn: &mut DbConn) -> Result<bool, ApiError> {
    let version: Option<i32> = search_terms_rules::table.select(search_terms_rules::version).first(conn).optional()?;
    Ok(version != Some(RULES_VERSION))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::names::fold_query;

    #[test]
    fn ranges_cover_exactly_the_prefix() {
        assert_eq!(successor("zhang").as_deref(), Some("zhanh"));
        assert_eq!(successor("ab9").as_deref(), Some("ab:"));
        assert_eq!(successor(""), None);
        assert_eq!(successor("a'b"), None);
    }

    #[test]
    fn short_queries_have_no_ranges() {
        assert!(matching("labs", "lab", &fold_query("Li")).is_none());
        assert!(matching("labs", "lab", &fold_query("Zhang")).is_some());
    }
}
