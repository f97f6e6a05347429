//! Recording a laboratory's status from its page (its head, coordinators and administrators):
//! the API's own status change (`routes::labs::record_status`), one entry per rendered form,
//! refusals next to their fields. Entries are never edited: a mistake is corrected by a newer one.

use actix_web::web::Path;
use actix_web::{HttpResponse, post};
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::form::{self, Choice, Field, FieldProblem};
use super::lab;
use crate::console::page::Page;
use crate::db::DbConn;
use crate::db::models::idempotency::StoredResponse;
use crate::domain::lab::LabStatus;
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::http::record_id;
use crate::routes::labs;
use crate::routes::labs::wire::{StatusChange, StatusEntryResponse};

/// The fields as typed, named as the API names them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusValues {
    status: String,
    effective_on: String,
    reason: String,
}

impl StatusValues {
    /// The API's request these values make, checked as the API checks it.
    fn request(&self) -> Result<StatusChange, ApiError> {
        let status = form::word("status", &self.status, LabStatus::parse);
        let effective_on = form::day("effective_on", &self.effective_on);
        let request = StatusChange {
            status: *status.as_ref().unwrap_or(&LabStatus::Planned),
            effective_on: effective_on.clone().unwrap_or_default(),
            reason: self.reason.clone(),
        };
        form::checked(request.validate(), [status.err(), effective_on.err()])?;
        Ok(request)
    }
}

/// The form on a laboratory's page.
pub struct StatusForm {
    pub action: String,
    pub key: String,
    pub problems: Vec<FieldProblem>,
    pub status: Field,
    pub statuses: Vec<Choice>,
    pub effective_on: Field,
    pub reason: Field,
}

impl StatusForm {
    /// A fresh form (a new key), or the one sent back with its problems.
    pub fn new(page: &Page, lab_id: &str, sent: Option<(String, StatusValues, Vec<FieldProblem>)>) -> StatusForm {
        let (key, values, problems) = sent.unwrap_or_else(|| (form::new_key(), StatusValues::default(), Vec::new()));
        let field = |name, value: &str| Field::new(page, name, value, &problems);
        let catalogue = page.catalogue();
        StatusForm {
            action: format!("/console/labs/{lab_id}/status"),
            status: field("status", &values.status).required(),
            statuses: LabStatus::ALL
                .iter()
                .map(|s| Choice { value: s.as_str().to_owned(), label: catalogue.label(page.lang, *s) })
                .collect(),
            effective_on: field("effective_on", &values.effective_on).required().date(),
            reason: field("reason", &values.reason).required().hint(page.t("form-hint-status-reason")),
            key,
            problems,
        }
    }
}

#[post("/labs/{id}/status")]
pub async fn record(page: Page, id: Path<String>, sent: form::Posted<StatusValues>) -> Result<HttpResponse, ApiError> {
    let id = record_id(&id)?;
    let form::Sent { key, values, .. } = sent.into_inner().checked(&page)?;
    let fingerprint = form::fingerprint(&format!("POST /labs/{id}/status"), &values);
    let lab_id = id.clone();
    let record = move |conn: &mut DbConn, context: &Context, change| {
        let entry = labs::record_status(conn, context, &lab_id, &change)?;
        StoredResponse::json(201, &StatusEntryResponse::new(entry)?)
    };
    match form::register(&page, &key, fingerprint, values.request(), record).await? {
        Ok(_) => Ok(page.see_other(&format!("/console/labs/{id}#status-heading"))),
        Err((status, problems)) => {
            let html = lab::page_html(&page, id, Some((key, values, problems))).await?;
            Ok(page.html(status, html))
        }
    }
}
