//! A partner account's home: its institution, the institution's laboratories, the projects they
//! take part in, and those labs' open findings — what the institution may read, as the API
//! gives it. Other visible projects (public, partners) are found with the search.

use askama::Template;

use super::records::{LabLine, ProjectLine};
use crate::console::frame::{Frame, Member};
use crate::console::pages::findings::rows::{self, FindingRow};
use crate::db::DbConn;
use crate::db::models::institution::Institution;
use crate::db::models::lab::ListFilter as LabFilter;
use crate::error::ApiError;
use crate::findings::lookup::most_urgent;
use crate::findings::report::{FindingFilter, FindingScope};
use crate::http::exchange::Context;
use crate::i18n::{Texts, name_in};
use crate::routes::findings::DEFAULT_HORIZON_DAYS;

const LISTED: usize = 100;

pub struct View {
    pub institution: Option<String>,
    pub labs: Vec<LabLine>,
    pub projects: Vec<ProjectLine>,
    pub findings: Vec<FindingRow>,
    pub total: usize,
}

#[derive(Template)]
#[template(path = "console/home/partner.html")]
pub struct HomePage {
    pub frame: Frame,
    pub view: View,
}

pub fn load(conn: &mut DbConn, context: &Context, texts: Texts<'_>, member: &Member) -> Result<View, ApiError> {
    let Some(institution_id) = member.institution_id.clone() else {
        return Ok(View { institution: None, labs: vec![], projects: vec![], findings: vec![], total: 0 });
    };
    let institution = Institution::find(conn, &institution_id)?;
    let name =
        name_in(texts.lang(), &institution.name_en, institution.name_ru.as_deref(), institution.name_zh.as_deref());
    let labs = LabLine::matching(
        conn,
        context,
        texts,
        &LabFilter { institution_id: Some(institution_id.clone()), ..LabFilter::default() },
    )?;
    let lab_ids: Vec<String> = labs.iter().map(|l| l.id.clone()).collect();
    let projects = ProjectLine::of_labs(conn, context, texts, &lab_ids)?;
    let scope = FindingScope::of(context.caller()?);
    let horizon = u64::from(DEFAULT_HORIZON_DAYS);
    let (found, total) = most_urgent(conn, context.today, horizon, (&scope, &FindingFilter::default()), None, LISTED)?;
    Ok(View {
        institution: Some(name.to_owned()),
        labs,
        projects,
        findings: rows::rows(conn, texts, context.today, found)?,
        total,
    })
}
