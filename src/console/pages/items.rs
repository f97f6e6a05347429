//! Records as the record pages list them: a laboratory or a project in a table or a list of
//! results, and the note under a list that was cut.

use chrono::NaiveDate;

use super::naming::{self, Named};
use crate::db::models::lab::LabView;
use crate::db::models::project::ProjectView;
use crate::i18n::Texts;

/// Projects a page lists at most (the API's largest page).
pub const LISTED: u32 = 100;

/// A laboratory in a list of a record page.
pub struct LabItem {
    pub href: String,
    pub name: Named,
    pub country: String,
    pub status: String,
    pub since: String,
    pub research_line: String,
}

impl LabItem {
    pub fn new(texts: &Texts, view: &LabView, today: NaiveDate) -> LabItem {
        let (status, since) = naming::status_on(texts, &view.statuses, today);
        LabItem {
            href: format!("/console/labs/{}", view.lab.id),
            name: Named::lab(texts.lang(), &view.lab),
            country: view.country.clone(),
            status,
            since,
            research_line: view.lab.research_line.clone().unwrap_or_default(),
        }
    }
}

/// A project in a list of a record page.
pub struct ProjectItem {
    pub href: String,
    pub title: Named,
    pub role: String,
    pub status: String,
    pub period: String,
}

impl ProjectItem {
    /// `view` as listed beside laboratory `lab_id` (its role there), or with no role.
    pub fn new(texts: &Texts, view: &ProjectView, lab_id: Option<&str>) -> ProjectItem {
        let p = &view.project;
        let role = lab_id.and_then(|id| view.labs.iter().find(|l| l.lab_id == id));
        ProjectItem {
            href: format!("/console/projects/{}", p.id),
            title: Named::project(texts.lang(), p),
            role: role.map(|l| texts.label(l.role)).unwrap_or_default(),
            status: p.status().map(|s| texts.label(s)).unwrap_or_else(|_| p.status.clone()),
            period: naming::period(texts, p.starts_on, p.ends_on),
        }
    }
}

/// "Showing 100 of 240.", when a list was cut.
pub fn shown_of(texts: &Texts, shown: usize, total: i64) -> Option<String> {
    let shown = i64::try_from(shown).unwrap_or(i64::MAX);
    (total > shown).then(|| texts.text_with("records-shown-of", &[("shown", shown.into()), ("total", total.into())]))
}
