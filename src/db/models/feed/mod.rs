//! The change feed: one ordered entry per change of a record a partner system may sync
//! (projects, funding, outputs and the registry's reference records), written in the transaction
//! of the change, with who could read the record before and after it.
//!
//! Entries are ordered by (transaction id, sequence). On PostgreSQL a reader only takes entries
//! of transactions older than every transaction still running in the database (see
//! `read::horizon`), so an entry that commits late can never land behind a cursor already handed
//! out; SQLite has one writer at a time, so its sequence is already the commit order (its
//! transaction id is always 0).

pub mod audience;
pub mod read;

use diesel::prelude::*;
use serde_json::Value;

use self::audience::Audience;
use crate::db::DbConn;
use crate::db::schema::{centres, feed_entries, funders, funding_records, institutions, labs, mirror_links};
use crate::db::schema::{outputs, project_labs, projects};
use crate::error::ApiError;

/// The kinds of record in the feed, by their name in history (and in `types=`).
pub const RESOURCES: [&str; 8] =
    ["project", "funding", "output", "institution", "lab", "centre", "funder", "mirror_link"];

/// The action of an entry that only says who may read the record now (the record itself did
/// not change: its project's visibility or laboratories did).
pub const AUDIENCE_CHANGED: &str = "audience";

#[derive(Insertable)]
#[diesel(table_name = feed_entries)]
struct NewEntry<'a> {
    resource: &'a str,
    resource_id: &'a str,
    action: &'a str,
    version: Option<i64>,
    at: chrono::NaiveDateTime,
    audience: &'a str,
    readers: &'a str,
    was_audience: &'a str,
    was_readers: &'a str,
}

/// Records a change that history has just recorded (called by `history::record`, inside the
/// write transaction, after the change was written), and what it changes for the records that
/// inherit their audience: a project's funding and outputs, a laboratory's projects.
pub fn note(
    conn: &mut DbConn,
    resource: &str,
    resource_id: &str,
    action: &str,
    changes: &Value,
) -> Result<(), ApiError> {
    if !RESOURCES.contains(&resource) {
        return Ok(());
    }
    let audience_moved = append(conn, resource, resource_id, action, false)?;
    match resource {
        "project" if audience_moved => inherit_from_project(conn, resource_id),
        // A laboratory's institution and head are who reads its restricted projects.
        "lab" if changes.get("institution_id").is_some() || changes.get("head_user_id").is_some() => {
            let project_ids: Vec<String> = project_labs::table
                .filter(project_labs::lab_id.eq(resource_id.to_owned()))
                .select(project_labs::project_id)
                .load(conn)?;
            for project_id in project_ids {
                if append(conn, "project", &project_id, AUDIENCE_CHANGED, true)? {
                    inherit_from_project(conn, &project_id)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A project's funding and outputs are read by whoever reads the project.
fn inherit_from_project(conn: &mut DbConn, project_id: &str) -> Result<(), ApiError> {
    let funding_ids: Vec<String> = funding_records::table
        .filter(funding_records::project_id.eq(project_id.to_owned()))
        .select(funding_records::id)
        .load(conn)?;
    for id in funding_ids {
        append(conn, "funding", &id, AUDIENCE_CHANGED, true)?;
    }
    let output_ids: Vec<String> = crate::db::schema::output_projects::table
        .filter(crate::db::schema::output_projects::project_id.eq(project_id.to_owned()))
        .select(crate::db::schema::output_projects::output_id)
        .load(conn)?;
    for id in output_ids {
        append(conn, "output", &id, AUDIENCE_CHANGED, true)?;
    }
    Ok(())
}

/// Appends one entry with the record's audience and version now and its audience at its
/// previous entry; whether the audience moved. With `only_if_moved`, nothing is appended when
/// it did not.
fn append(conn: &mut DbConn, resource: &str, id: &str, action: &str, only_if_moved: bool) -> Result<bool, ApiError> {
    let now = audience_of(conn, resource, id)?;
    let (audience, readers) = now.stored();
    let (was_audience, was_readers) = previous(conn, resource, id)?;
    let moved = audience != was_audience || readers != was_readers;
    if only_if_moved && !moved {
        return Ok(false);
    }
    let entry = NewEntry {
        resource,
        resource_id: id,
        action,
        version: version_of(conn, resource, id)?,
        at: super::now(),
        audience,
        readers: &readers,
        was_audience: &was_audience,
        was_readers: &was_readers,
    };
    diesel::insert_into(feed_entries::table).values(&entry).execute(conn)?;
    Ok(moved)
}

/// The audience stored with the record's last entry (nobody before its first).
fn previous(conn: &mut DbConn, resource: &str, id: &str) -> Result<(String, String), ApiError> {
    let last = feed_entries::table
        .filter(feed_entries::resource.eq(resource.to_owned()))
        .filter(feed_entries::resource_id.eq(id.to_owned()))
        .order(feed_entries::seq.desc())
        .select((feed_entries::audience, feed_entries::readers))
        .first(conn)
        .optional()?;
    Ok(last.unwrap_or_else(|| (Audience::Nobody.stored().0.to_owned(), String::new())))
}

fn audience_of(conn: &mut DbConn, resource: &str, id: &str) -> Result<Audience, ApiError> {
    let audience = match resource {
        "project" => audience::of_project(conn, id)?,
        "output" => match version_of(conn, resource, id)? {
            Some(_) => audience::of_output(conn, id)?,
            None => Audience::Nobody,
        },
        "funding" => {
            let project_id: Option<String> = funding_records::table
                .filter(funding_records::id.eq(id.to_owned()))
                .select(funding_records::project_id)
                .first(conn)
                .optional()?;
            match project_id {
                Some(project_id) => audience::of_project(conn, &project_id)?,
                None => Audience::Nobody,
            }
        }
        _ => match version_of(conn, resource, id)? {
            Some(_) => Audience::Members,
            None => Audience::Nobody,
        },
    };
    Ok(audience)
}

/// The record's version now; `None` when it no longer exists.
fn version_of(conn: &mut DbConn, resource: &str, id: &str) -> Result<Option<i64>, ApiError> {
    macro_rules! version_in {
        ($table:ident) => {
            $table::table.filter($table::id.eq(id.to_owned())).select($table::version).first(conn).optional()?
        };
    }
    Ok(match resource {
        "project" => version_in!(projects),
        "funding" => version_in!(funding_records),
        "output" => version_in!(outputs),
        "institution" => version_in!(institutions),
        "lab" => version_in!(labs),
        "centre" => version_in!(centres),
        "funder" => version_in!(funders),
        "mirror_link" => version_in!(mirror_links),
        _ => None,
    })
}
