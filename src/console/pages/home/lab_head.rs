//! A lab head's home: their laboratories, the projects of those labs, what loses funding in the
//! next 90 days, and the rest of their findings (read-only: coordinators review them).

use askama::Template;
use chrono::{Days, NaiveDate};

use super::records::{LabLine, ProjectLine};
use crate::console::frame::{Frame, Member};
use crate::console::pages::findings::rows::{self, FindingRow};
use crate::db::DbConn;
use crate::db::models::lab::ListFilter as LabFilter;
use crate::error::ApiError;
use crate::findings::lookup::most_urgent;
use crate::findings::report::{FindingFilter, FindingScope};
use crate::http::exchange::Context;
use crate::i18n::Texts;
use crate::routes::findings::DEFAULT_HORIZON_DAYS;

/// "What loses funding in the next 90 days".
const SOON_DAYS: u64 = 90;
/// The most findings the page lists; the rest are counted.
const LISTED: usize = 100;

pub struct View {
    pub labs: Vec<LabLine>,
    pub projects: Vec<ProjectLine>,
    pub losing: Vec<FindingRow>,
    pub later: Vec<FindingRow>,
    pub total: usize,
    pub soon_until: NaiveDate,
}

#[derive(Template)]
#[template(path = "console/home/lab_head.html")]
pub struct HomePage {
    pub frame: Frame,
    pub view: View,
}

pub fn load(conn: &mut DbConn, context: &Context, texts: Texts<'_>, member: &Member) -> Result<View, ApiError> {
    let today = context.today;
    let labs = LabLine::matching(
        conn,
        context,
        texts,
        &LabFilter { head_user_id: Some(member.id.clone()), ..LabFilter::default() },
    )?;
    let lab_ids: Vec<String> = labs.iter().map(|l| l.id.clone()).collect();
    let projects = ProjectLine::of_labs(conn, context, texts, &lab_ids)?;
    let scope = FindingScope::of(context.caller()?);
    let horizon = u64::from(DEFAULT_HORIZON_DAYS);
    let (found, total) = most_urgent(conn, today, horizon, (&scope, &FindingFilter::default()), None, LISTED)?;
    let soon_until = today.checked_add_days(Days::new(SOON_DAYS)).unwrap_or(today);
    let (losing, later): (Vec<_>, Vec<_>) =
        found.into_iter().partition(|f| f.project_id.is_some() && f.bites_on <= soon_until);
    Ok(View {
        labs,
        projects,
        losing: rows::rows(conn, texts, today, losing)?,
        later: rows::rows(conn, texts, today, later)?,
        total,
        soon_until,
    })
}
