//! `/api/v1/subject-areas`: the ASJC codes projects are classified with.

use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::asjc;
use crate::routes::projects::wire::SubjectAreaResponse;

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "items": [
        {"code": 1300, "name": "General Biochemistry, Genetics and Molecular Biology"},
        {"code": 2403, "name": "Immunology"},
        {"code": 2734, "name": "Pathology and Forensic Medicine"}
    ]
}))]
pub struct SubjectAreaList {
    pub items: Vec<SubjectAreaResponse>,
}

/// Every ASJC subject-area code with its English name (Elsevier's All Science Journal
/// Classification). Reference data: readable without signing in.
#[utoipa::path(
    tag = "subject areas",
    security((), ("bearer" = [])),
    responses((status = 200, description = "All codes, in code order", body = SubjectAreaList)),
)]
#[get("/subject-areas")]
pub async fn list_subject_areas() -> HttpResponse {
    let items = asjc::all().iter().map(|a| SubjectAreaResponse { code: a.code, name: a.name.to_owned() }).collect();
    HttpResponse::Ok().insert_header(("Cache-Control", "public, max-age=86400")).json(SubjectAreaList { items })
}
