//! `jointreg seed-synthetic`: a deterministic, realistic registry of any size, for benchmarks and
//! capacity planning. N projects come with ~N/25 institutions, ~N/1000 centres, ~N/6 labs with
//! status histories and mirror links, 4N funding records and 10N outputs; the same N and seed give
//! the same registry on every machine. Loaded in one transaction of multi-row INSERTs: all of it
//! or nothing.

mod names;
mod outputs;
mod projects;
mod registry;
mod rng;
mod sql;

use chrono::{Days, NaiveDate};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{institutions, projects as project_rows};

/// Called after each table (and along the way in long ones) with the table and its rows so far.
pub type Progress<'a> = dyn FnMut(&str, usize) + 'a;

#[derive(Debug, thiserror::Error)]
pub enum SyntheticError {
    #[error("the database already holds records ({0}); seed-synthetic fills only an empty registry")]
    NotEmpty(&'static str),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    #[error(transparent)]
    SearchTerms(#[from] crate::error::ApiError),
}

/// The day the generated registry is "today" for: statuses (ended, active, awarded) follow it.
pub fn reference_day() -> NaiveDate {
    day(2026, 11, 28)
}

/// Fills an empty, migrated database with the registry of `projects` projects and `seed`.
pub fn load(conn: &mut DbConn, projects: usize, seed: u64, progress: &mut Progress) -> Result<(), SyntheticError> {
    let projects = projects.max(1);
    if project_rows::table.count().get_result::<i64>(conn)? > 0 {
        return Err(SyntheticError::NotEmpty("projects"));
    }
    if institutions::table.count().get_result::<i64>(conn)? > 0 {
        return Err(SyntheticError::NotEmpty("institutions"));
    }
    let today = reference_day();
    let mut rng = rng::Rng::new(seed ^ (projects as u64).rotate_left(32));
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        let labs = registry::load(conn, &mut rng, projects, today, progress)?;
        let built = projects::load(conn, &mut rng, projects, &labs, today, progress)?;
        outputs::load(conn, &mut rng, projects, &built, progress)
    })?;
    // The raw inserts above bypass the models: the search terms of what they wrote are built here.
    crate::db::models::search_terms::rebuild(conn, true, progress)?;
    // What a settled database looks like, so plans are those of production: PostgreSQL's
    // autovacuum vacuums and analyses bulk-inserted tables soon after (and without the visibility
    // map a count cannot be an index-only scan); SQLite plans with what ANALYZE records.
    match conn {
        DbConn::Pg(pg) => pg.batch_execute("VACUUM ANALYZE")?,
        DbConn::Sqlite(sqlite) => sqlite.batch_execute("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)")?,
    }
    Ok(())
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

/// `day` moved by `days`, staying within chrono's range (generated days are far from its ends).
fn add_days(day: NaiveDate, days: i64) -> NaiveDate {
    let moved = if days >= 0 {
        day.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        day.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.unwrap_or(day)
}
