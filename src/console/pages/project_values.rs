//! A project as its form holds it: text as typed, its lists as rows named as the API names them
//! (`labs[0]` the lead laboratory, then the partners; `participants[i]`; `subject_areas[i]`), and
//! the API's own request made from it. Empty rows are left out when the form is read, so the rows
//! the API numbers in a refusal are the rows the form shows again.

use std::collections::BTreeMap;

use serde::Serialize;
use validator::Validate;

use super::form::{self, optional};
use super::pairs::Pairs;
use crate::db::models::project::{ProjectChanges, ProjectFields, ProjectView};
use crate::domain::asjc;
use crate::domain::project::{LabRole, ParticipantRole, ProjectStatus, Visibility};
use crate::error::{ApiError, FieldError};
use crate::routes::projects::wire::{
    CreateProject, ParticipantInput, ProjectLabInput, Summaries, Titles, UpdateProject,
};

/// The registry's languages, in the order the form asks for titles and summaries.
pub const LANGUAGES: [&str; 3] = ["en", "ru", "zh"];

/// A laboratory row: the one chosen, and what was typed to find one (kept while the person is
/// still choosing; not part of the record).
#[derive(Debug, Clone, Default, Serialize)]
pub struct LabSlot {
    pub lab_id: String,
    #[serde(skip)]
    pub search: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ParticipantValues {
    pub name: String,
    pub orcid: String,
    pub role: String,
    pub lab_id: String,
}

impl ParticipantValues {
    fn is_empty(&self) -> bool {
        self.name.trim().is_empty() && self.orcid.trim().is_empty()
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ProjectValues {
    pub titles: [String; 3],
    pub summaries: [String; 3],
    pub acronym: String,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
    pub visibility: String,
    /// One keyword per line.
    pub keywords: String,
    /// Each a code, a code and its name, or a name (`2734`, `2734 Pathology and Forensic Medicine`).
    pub subject_areas: Vec<String>,
    /// The lead laboratory first (chosen or not), then the partners.
    pub labs: Vec<LabSlot>,
    pub participants: Vec<ParticipantValues>,
}

impl ProjectValues {
    /// A new project as the API would register it with nothing said: planned, restricted.
    pub fn blank(lead_lab_id: Option<String>) -> ProjectValues {
        ProjectValues {
            status: ProjectStatus::Planned.as_str().to_owned(),
            visibility: Visibility::Restricted.as_str().to_owned(),
            labs: vec![LabSlot { lab_id: lead_lab_id.unwrap_or_default(), search: String::new() }],
            ..ProjectValues::default()
        }
    }

    /// As sent. A partner row stays while something is chosen or typed in it; `write` leaves
    /// out the rows that only hold a search, as they are not part of the record.
    pub fn sent(form: &Pairs, write: bool) -> ProjectValues {
        let texts = |prefix: &str| LANGUAGES.map(|l| form.one(&format!("{prefix}.{l}")));
        let rows = form.numbered_rows("labs");
        let slot = |row: &BTreeMap<String, String>| LabSlot {
            lab_id: row.get("lab_id").map(|id| id.trim().to_owned()).unwrap_or_default(),
            search: row.get("lab_id_q").cloned().unwrap_or_default(),
        };
        let lead = rows.get(&0).map(slot).unwrap_or_default();
        let partners = rows
            .range(1..)
            .map(|(_, row)| slot(row))
            .filter(|s| !s.lab_id.is_empty() || (!write && !s.search.trim().is_empty()));
        let cell = |row: &BTreeMap<String, String>, name: &str| row.get(name).cloned().unwrap_or_default();
        let participants = form
            .rows("participants")
            .iter()
            .map(|row| ParticipantValues {
                name: cell(row, "name"),
                orcid: cell(row, "orcid"),
                role: cell(row, "role"),
                lab_id: cell(row, "lab_id"),
            })
            .filter(|p| !p.is_empty())
            .collect();
        ProjectValues {
            titles: texts("titles"),
            summaries: texts("summaries"),
            acronym: form.one("acronym"),
            starts_on: form.one("starts_on"),
            ends_on: form.one("ends_on"),
            status: form.one("status"),
            visibility: form.one("visibility"),
            keywords: form.one("keywords"),
            subject_areas: form.list("subject_areas").into_iter().filter(|s| !s.trim().is_empty()).collect(),
            labs: std::iter::once(lead).chain(partners).collect(),
            participants,
        }
    }

    /// The project as stored, to change.
    pub fn of(view: &ProjectView) -> Result<ProjectValues, ApiError> {
        let p = &view.project;
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let by_role = |role| view.labs.iter().filter(move |l| l.role == role);
        let labs = by_role(LabRole::Lead).chain(by_role(LabRole::Partner));
        Ok(ProjectValues {
            titles: [text(&p.title_en), text(&p.title_ru), text(&p.title_zh)],
            summaries: [text(&p.summary_en), text(&p.summary_ru), text(&p.summary_zh)],
            acronym: text(&p.acronym),
            starts_on: p.starts_on.to_string(),
            ends_on: p.ends_on.map(|day| day.to_string()).unwrap_or_default(),
            status: p.status.clone(),
            visibility: p.visibility.clone(),
            keywords: p.keywords()?.join("\n"),
            subject_areas: view.subject_areas.iter().map(|code| subject_area_label(*code)).collect(),
            labs: labs.map(|l| LabSlot { lab_id: l.lab_id.clone(), search: String::new() }).collect(),
            participants: view
                .participants
                .iter()
                .map(|x| ParticipantValues {
                    name: x.name.clone(),
                    orcid: x.orcid.clone().unwrap_or_default(),
                    role: x.role.as_str().to_owned(),
                    lab_id: x.lab_id.clone().unwrap_or_default(),
                })
                .collect(),
        })
    }

    /// `POST /api/v1/projects` as the form says it, checked as the API checks it.
    pub fn create_request(&self) -> Result<CreateProject, ApiError> {
        let mut problems = Vec::new();
        let p = &mut problems;
        let starts_on = found(p, form::day("starts_on", &self.starts_on), chrono::NaiveDate::default());
        let ends_on = optional(&self.ends_on).map(|day| found(p, form::day("ends_on", &day), Default::default()));
        let status = found(p, form::word("status", &self.status, ProjectStatus::parse), ProjectStatus::Planned);
        let visibility =
            found(p, form::word("visibility", &self.visibility, Visibility::parse), Visibility::Restricted);
        let mut subject_areas = Vec::new();
        for (index, typed) in self.subject_areas.iter().enumerate() {
            match subject_area(typed) {
                Some(code) => subject_areas.push(code),
                None => problems.push(Some(FieldError::new(
                    format!("subject_areas[{index}]"),
                    "unknown_asjc_code",
                    "is not an ASJC code or name",
                ))),
            }
        }
        if self.labs.first().is_none_or(|lead| lead.lab_id.is_empty()) {
            problems.push(Some(FieldError::new("labs[0].lab_id", "required", "is required")));
        }
        let labs = self.labs.iter().enumerate().map(|(index, slot)| ProjectLabInput {
            lab_id: slot.lab_id.clone(),
            role: if index == 0 { LabRole::Lead } else { LabRole::Partner },
        });
        let mut participants = Vec::new();
        for (index, person) in self.participants.iter().enumerate() {
            let role = form::word(&format!("participants[{index}].role"), &person.role, ParticipantRole::parse);
            participants.push(ParticipantInput {
                name: person.name.trim().to_owned(),
                orcid: optional(&person.orcid).map(|orcid| orcid.trim().to_owned()),
                role: found(&mut problems, role, ParticipantRole::Other),
                lab_id: optional(&person.lab_id),
            });
        }
        let [title_en, title_ru, title_zh] = &self.titles;
        let [summary_en, summary_ru, summary_zh] = &self.summaries;
        let summaries = Summaries { en: optional(summary_en), ru: optional(summary_ru), zh: optional(summary_zh) };
        let request = CreateProject {
            titles: Titles { en: optional(title_en), ru: optional(title_ru), zh: optional(title_zh) },
            summaries: (summaries.en.is_some() || summaries.ru.is_some() || summaries.zh.is_some())
                .then_some(summaries),
            acronym: optional(&self.acronym),
            identifiers: Vec::new(),
            starts_on,
            ends_on,
            status: Some(status),
            subject_areas,
            labs: labs.collect(),
            participants,
            visibility: Some(visibility),
            keywords: self.keywords.lines().map(str::trim).filter(|k| !k.is_empty()).map(str::to_owned).collect(),
        };
        form::checked(request.validate(), problems)?;
        Ok(request)
    }

    pub fn create_fields(&self) -> Result<ProjectFields, ApiError> {
        Ok(self.create_request()?.into())
    }

    /// `PATCH /api/v1/projects/{id}` setting every field the form shows; the project's
    /// identifiers, which it does not show, are kept.
    pub fn changes(&self) -> Result<ProjectChanges, ApiError> {
        let all = self.create_request()?;
        let update = UpdateProject {
            titles: Some(all.titles),
            summaries: Some(all.summaries),
            acronym: Some(all.acronym),
            identifiers: None,
            starts_on: Some(all.starts_on),
            ends_on: Some(all.ends_on),
            status: all.status,
            subject_areas: Some(all.subject_areas),
            labs: Some(all.labs),
            participants: Some(all.participants),
            visibility: all.visibility,
            keywords: Some(all.keywords),
        };
        Ok(ProjectChanges::from(update))
    }
}

/// The value read, or `stand_in` for the request (whose check of it is then not reported) with
/// the problem noted.
fn found<T>(problems: &mut Vec<Option<FieldError>>, read: Result<T, FieldError>, stand_in: T) -> T {
    read.unwrap_or_else(|problem| {
        problems.push(Some(problem));
        stand_in
    })
}

/// A subject area as the form shows it: its code, then its name.
pub fn subject_area_label(code: i32) -> String {
    match asjc::find(code) {
        Some(area) => format!("{} {}", area.code, area.name),
        None => code.to_string(),
    }
}

/// The ASJC code a person typed or chose: a code (with its name after it, as the list offers
/// it), or a name alone.
fn subject_area(typed: &str) -> Option<i32> {
    let typed = typed.trim();
    let digits: String = typed.chars().take_while(char::is_ascii_digit).collect();
    let area = if digits.is_empty() {
        asjc::all().iter().copied().find(|area| area.name.eq_ignore_ascii_case(typed))
    } else {
        asjc::find(digits.parse().ok()?)
    };
    area.map(|area| area.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(pairs: &[(&str, &str)], write: bool) -> ProjectValues {
        ProjectValues::sent(&Pairs::new(pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()), write)
    }

    #[test]
    fn subject_areas_are_read_by_code_by_code_and_name_or_by_name() {
        assert_eq!(subject_area("2734"), Some(2734));
        assert_eq!(subject_area(" 2734 Pathology and Forensic Medicine"), Some(2734));
        assert_eq!(subject_area("pathology and forensic medicine"), Some(2734));
        assert_eq!(subject_area("9999"), None);
        assert_eq!(subject_area("Alchemy"), None);
    }

    #[test]
    fn empty_rows_are_left_out_and_the_lead_stays_first() {
        let values = sent(
            &[
                ("labs[0].lab_id", ""),
                ("labs[1].lab_id", ""),
                ("labs[1].lab_id_q", "Wuhan"),
                ("labs[2].lab_id", "b"),
                ("participants[0].name", ""),
                ("participants[0].orcid", ""),
                ("participants[0].role", "researcher"),
                ("participants[1].name", "Li Wei"),
                ("subject_areas[0]", ""),
                ("subject_areas[1]", "2734"),
            ],
            false,
        );
        let labs: Vec<&str> = values.labs.iter().map(|s| s.lab_id.as_str()).collect();
        assert_eq!(labs, ["", "", "b"], "a row still searching stays while choosing");
        assert_eq!(values.participants.len(), 1);
        assert_eq!(values.participants[0].name, "Li Wei");
        assert_eq!(values.subject_areas, ["2734"]);
        let written = sent(&[("labs[0].lab_id", "a"), ("labs[1].lab_id_q", "Wuhan"), ("labs[2].lab_id", "b")], true);
        let labs: Vec<&str> = written.labs.iter().map(|s| s.lab_id.as_str()).collect();
        assert_eq!(labs, ["a", "b"]);
    }

    #[test]
    fn what_the_form_cannot_read_is_named_on_its_row_once() {
        let mut values = ProjectValues::blank(None);
        values.titles[1] = "Системная патология".into();
        values.starts_on = "2021-03-01".into();
        values.subject_areas = vec!["2734".into(), "Alchemy".into()];
        let Err(ApiError::Validation(errors)) = values.create_request() else { panic!("must be refused") };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["subject_areas[1]", "labs[0].lab_id"]);
    }
}
