//! `POST /api/v1/imports`: institutions, laboratories, projects, funding and outputs from a CSV,
//! XLSX or JSON file sent as the raw body (`curl --data-binary @file`), all or nothing
//! (`crate::imports` says how).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use futures_util::StreamExt;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::auth::policy;
use crate::error::{ApiError, Problem};
use crate::http::exchange::Exchange;
use crate::http::json::BodyLimit;
use crate::http::query::ApiQuery;
use crate::http::responses::{SignedIn, StaffOnly};
use crate::imports::{self, Format, ImportReport, Kind, Options, source};
use crate::routes::funding::wire::CreateFunding;
use crate::routes::institutions::wire::CreateInstitution;
use crate::routes::labs::wire::CreateLab;
use crate::routes::outputs::wire::CreateOutput;
use crate::routes::projects::wire::CreateProject;

/// How many times the JSON body limit (`JOINTREG_MAX_BODY_BYTES`, 1 MiB by default) a file may
/// be: 32 MiB by default, some 100,000 rows of funding as CSV.
pub const IMPORT_BODY_FACTOR: usize = 32;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Check every row and report what would be created, updated and left unchanged, writing
    /// nothing (default `false`).
    #[param(example = true)]
    pub dry_run: Option<bool>,
    /// What a CSV file (or a JSON array) holds; by default the CSV header tells (the columns of
    /// the kind's CSV export).
    #[param(value_type = Option<Kind>, example = "funding")]
    pub kind: Option<Kind>,
}

/// A JSON file: arrays of records by kind. Each record is the kind's `POST` body, plus `id` to
/// name an existing record.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
#[schema(example = json!({
    "institutions": [{"names": {"en": "Wuhan University", "zh": "武汉大学"}, "country": "CN", "kind": "university", "ror_id": "https://ror.org/033vjfk17"}],
    "funding": [{"project_id": "01a21f73-9c00-7000-8000-000000000701", "funder_id": "01a21f73-9c00-7000-8000-000000000002",
        "award_number": "24-45-00012", "starts_on": "2024-01-01", "ends_on": "2026-12-31", "status": "active",
        "lab_id": "01a21f73-9c00-7000-8000-000000000301"}]
}))]
pub struct ImportDocument {
    #[schema(value_type = Option<Vec<CreateInstitution>>)]
    institutions: (),
    #[schema(value_type = Option<Vec<CreateLab>>)]
    labs: (),
    #[schema(value_type = Option<Vec<CreateProject>>)]
    projects: (),
    #[schema(value_type = Option<Vec<CreateFunding>>)]
    funding: (),
    #[schema(value_type = Option<Vec<CreateOutput>>)]
    outputs: (),
}

/// The file's bytes: CSV, XLSX or JSON, told apart by their first bytes (at most the default
/// import limit, 32 MiB).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
#[schema(value_type = String, format = Binary, max_length = 33554432)]
pub struct ImportFile(Vec<u8>);

/// Import records from a file (coordinators and administrators).
///
/// Send the file as the body with its own `Content-Type`: `text/csv` (one kind: `kind`, or the
/// header tells), `application/json` (an object of arrays by kind, or an array with `kind`) or
/// `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (a sheet per kind); or as
/// `application/octet-stream`, the format told by the file's first bytes. Columns are those of the kinds' CSV exports, so an export re-imports.
/// Each record is checked as its `POST` checks it, and names an existing record by `id` or by its
/// natural key (institutions: ROR id, else country + English name; laboratories: institution +
/// English name; projects: lead laboratory + title; funding: funder + award number, else project
/// + funder + period; outputs: DOI, else kind + title + year), which it then changes in the
/// fields it gives. All or nothing: one bad row and nothing is written, and `errors` names every
/// row's problems (`funding[3].award_number`, counted from 0 within a kind; the message gives the
/// file's line). Importing a file twice changes nothing the second time. Every change is in the
/// history under your name, with this request's id.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(
        description = "The file: at most 32 times the server's JSON body limit (32 MiB by default).",
        content(
            (ImportDocument = "application/json"),
            (ImportFile = "application/octet-stream"),
        )
    ),
    responses(
        (status = 200, description = "Imported; or, in a dry run, checked (nothing written). Counts per kind.", body = ImportReport),
        (status = 400, description = "The body is not what its `Content-Type` declares (CSV in UTF-8, JSON or XLSX)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 32 times the JSON body limit (32 MiB by default)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `text/csv`, `application/json` or XLSX", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Rows with problems (nothing written): `errors` names each, e.g. `funding[3].award_number`; or a file sent as `application/octet-stream` that cannot be read as the format its first bytes tell (`file`), or whose kind, sheets or columns are not known", body = Problem, content_type = "application/problem+json"),
        StaffOnly, SignedIn,
    )
)]
#[post("/imports")]
pub async fn import_records(
    req: HttpRequest,
    exchange: Exchange,
    query: ApiQuery<ImportQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let declared = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let named = Format::from_media_type(declared);
    if named.is_none() && !Format::is_octet_stream(declared) {
        return Err(ApiError::UnsupportedMediaType(format!(
            "Send the file with `Content-Type: text/csv`, `application/json`, `{}` or `application/octet-stream`.",
            source::XLSX
        )));
    }
    let bytes = read_body(&req, payload).await?;
    let (format, told) = match named {
        Some(format) => (format, source::Told::Declared),
        None => (Format::sniff(&bytes), source::Told::Sniffed),
    };
    let dry_run = query.dry_run.unwrap_or(false);
    let report = exchange
        .write(move |conn, context| {
            policy::import_records(context.caller()?)?;
            let sections = source::read(&bytes, format, told, query.kind)?;
            let actor = context.actor()?;
            let import_id = actor.request_id.clone().unwrap_or_else(crate::db::models::new_id);
            let options = Options { dry_run, today: context.today, import_id };
            imports::run(conn, &actor, sections, &options, &mut |_, _, _| {})
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The body, refused (413) as soon as it is known to pass the limit (also the rates' imports).
pub(crate) async fn read_body(req: &HttpRequest, mut payload: web::Payload) -> Result<Vec<u8>, ApiError> {
    let limit = req.app_data::<web::Data<BodyLimit>>().map_or(1 << 20, |l| l.0).saturating_mul(IMPORT_BODY_FACTOR);
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("Could not read the body: {e}")))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
