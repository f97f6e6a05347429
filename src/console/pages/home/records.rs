//! The short lines a home page lists labs and projects with, read through the same models and
//! read scope as the API's lists.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::db::models::lab::{Lab, ListFilter as LabFilter};
use crate::db::models::lab_status;
use crate::db::models::project::{ListFilter as ProjectFilter, Order, Project};
use crate::domain::lab::LabStatus;
use crate::domain::project::{LabRole, ProjectStatus};
use crate::domain::sort::NameSort;
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::i18n::{Texts, name_in};

/// The most labs or projects a home page lists.
const LISTED: i64 = 100;

pub struct LabLine {
    pub id: String,
    pub name: String,
    pub country: String,
    pub status: Option<LabStatus>,
}

impl LabLine {
    /// The first labs matching `filter`, by name (a lab head's, an institution's).
    pub fn matching(
        conn: &mut DbConn,
        context: &Context,
        texts: Texts<'_>,
        filter: &LabFilter,
    ) -> Result<Vec<LabLine>, ApiError> {
        let today = context.today;
        let (labs, _) = Lab::list(conn, filter, NameSort::Name, None, LISTED)?;
        Lab::views(conn, labs)?
            .into_iter()
            .map(|view| {
                let status = lab_status::in_effect(&view.statuses, today).map(|e| e.status()).transpose()?;
                let lab = view.lab;
                Ok(LabLine {
                    name: name_in(texts.lang(), &lab.name_en, lab.name_ru.as_deref(), lab.name_zh.as_deref())
                        .to_owned(),
                    country: view.country,
                    id: lab.id,
                    status,
                })
            })
            .collect()
    }
}

pub struct ProjectLine {
    pub id: String,
    pub title: String,
    pub status: ProjectStatus,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// The roles of the labs of the list in it, by lab name.
    pub roles: Vec<(String, LabRole)>,
}

impl ProjectLine {
    /// The projects any of `lab_ids` takes part in that the caller may read, by title.
    pub fn of_labs(
        conn: &mut DbConn,
        context: &Context,
        texts: Texts<'_>,
        lab_ids: &[String],
    ) -> Result<Vec<ProjectLine>, ApiError> {
        let scope = context.scope();
        let mut by_id = BTreeMap::new();
        for lab_id in lab_ids {
            let filter = ProjectFilter { lab_id: Some(lab_id.clone()), ..ProjectFilter::default() };
            let (projects, _) = Project::list(conn, &scope, &filter, Order::Title, None, LISTED)?;
            for project in projects {
                by_id.entry(project.id.clone()).or_insert(project);
            }
        }
        let mut lines = Project::views(conn, by_id.into_values().collect())?
            .into_iter()
            .map(|view| {
                let project = view.project;
                let title = [&project.title_en, &project.title_ru, &project.title_zh];
                let title = name_in(
                    texts.lang(),
                    title[0].as_deref().unwrap_or_default(),
                    title[1].as_deref(),
                    title[2].as_deref(),
                );
                Ok(ProjectLine {
                    title: title.to_owned(),
                    status: project.status()?,
                    starts_on: project.starts_on,
                    ends_on: project.ends_on,
                    roles: view
                        .labs
                        .into_iter()
                        .filter(|l| lab_ids.contains(&l.lab_id))
                        .map(|l| (l.name, l.role))
                        .collect(),
                    id: project.id,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        lines.sort_by(|a, b| a.title.cmp(&b.title));
        Ok(lines)
    }
}
