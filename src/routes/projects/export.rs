//! Projects as CSV: one row per project, lists joined with `; `.

use actix_web::HttpResponse;

use crate::db::models::project::ProjectView;
use crate::domain::project::LabRole;
use crate::error::ApiError;
use crate::http::csv;

const COLUMNS: [&str; 18] = [
    "id",
    "title_en",
    "title_ru",
    "title_zh",
    "acronym",
    "status",
    "visibility",
    "starts_on",
    "ends_on",
    "lead_lab_id",
    "partner_lab_ids",
    "countries",
    "subject_areas",
    "keywords",
    "identifiers",
    "participants",
    "version",
    "updated_at",
];

pub fn projects(views: Vec<ProjectView>) -> Result<HttpResponse, ApiError> {
    let mut rows = Vec::with_capacity(views.len());
    for view in views {
        let fields = view.fields()?;
        let labs = |role: LabRole| {
            view.labs.iter().filter(|l| l.role == role).map(|l| l.lab_id.as_str()).collect::<Vec<_>>().join("; ")
        };
        let mut countries: Vec<&str> = view.labs.iter().map(|l| l.country.as_str()).collect();
        countries.sort_unstable();
        countries.dedup();
        let p = &view.project;
        rows.push(vec![
            p.id.clone(),
            csv::optional(&p.title_en),
            csv::optional(&p.title_ru),
            csv::optional(&p.title_zh),
            csv::optional(&p.acronym),
            p.status.clone(),
            p.visibility.clone(),
            p.starts_on.to_string(),
            p.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            labs(LabRole::Lead),
            labs(LabRole::Partner),
            countries.join("; "),
            fields.subject_areas.iter().map(i32::to_string).collect::<Vec<_>>().join("; "),
            fields.keywords.join("; "),
            fields
                .identifiers
                .iter()
                .map(|i| format!("{}:{}", i.scheme.as_str(), i.value))
                .collect::<Vec<_>>()
                .join("; "),
            fields.participants.len().to_string(),
            p.version.to_string(),
            p.updated_at.and_utc().to_rfc3339(),
        ]);
    }
    csv::response("projects", &COLUMNS, rows)
}
