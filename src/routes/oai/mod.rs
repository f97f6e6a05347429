//! `/oai`: an OAI-PMH 2.0 repository of the registry's public records, for CRIS and OpenAIRE
//! harvesters: CERIF-XML per the OpenAIRE Guidelines for CRIS Managers 1.2 (`oai_cerif_openaire`)
//! and Dublin Core (`oai_dc`), in the OpenAIRE CRIS sets, with deletions, datestamp windows and
//! resumption tokens. Anyone may harvest, and every harvester sees the same public records:
//! credentials are not looked at.

mod catalogue;
mod deleted;
mod records;
mod repository;
mod request;
mod respond;
mod token;

use actix_web::http::header;
use actix_web::web::{Bytes, Data};
use actix_web::{HttpRequest, HttpResponse, get, post};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::clock::Clock;
use crate::config::MailSettings;
use crate::db::Db;
use crate::error::{ApiError, Problem};
use crate::http::exchange::Context;
use crate::http::responses::Unavailable;
use repository::Repository;
use request::Arguments;

pub const CONTENT_TYPE: &str = "text/xml; charset=utf-8";

/// The protocol's arguments; which a verb takes, and which it needs, is the protocol's rule.
#[derive(Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[schema(example = json!({"verb": "ListRecords", "metadataPrefix": "oai_cerif_openaire", "set": "openaire_cris_projects"}))]
#[allow(dead_code)]
pub struct OaiArguments {
    /// `Identify`, `ListMetadataFormats`, `ListSets`, `ListIdentifiers`, `ListRecords` or `GetRecord`.
    #[param(max_length = 32, example = "ListRecords")]
    #[schema(max_length = 32, example = "ListRecords")]
    verb: Option<String>,
    /// `oai_cerif_openaire` (CERIF-XML, OpenAIRE CRIS 1.2) or `oai_dc` (Dublin Core).
    #[param(max_length = 64, example = "oai_cerif_openaire")]
    #[schema(max_length = 64, example = "oai_cerif_openaire")]
    #[serde(rename = "metadataPrefix")]
    metadata_prefix: Option<String>,
    /// A record's OAI identifier, `oai:<domain>:Projects/<uuid>` (also `Fundings/`, `OrgUnits/`,
    /// `Publications/`, `Products/`, `Patents/`).
    #[param(max_length = 256, example = "oai:registry.example.org:Projects/01a21f73-9c00-7000-8000-000000000701")]
    #[schema(max_length = 256, example = "oai:registry.example.org:Projects/01a21f73-9c00-7000-8000-000000000701")]
    identifier: Option<String>,
    /// Records changed at or after this UTC datestamp (`YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`).
    #[param(max_length = 20, example = "2026-01-01")]
    #[schema(max_length = 20, example = "2026-01-01")]
    from: Option<String>,
    /// Records changed at or before this UTC datestamp, in the granularity of `from`.
    #[param(max_length = 20, example = "2026-12-31")]
    #[schema(max_length = 20, example = "2026-12-31")]
    until: Option<String>,
    /// An OpenAIRE CRIS set: `openaire_cris_projects`, `openaire_cris_funding`,
    /// `openaire_cris_orgunits`, `openaire_cris_publications`, `openaire_cris_products`,
    /// `openaire_cris_patents` (and the empty `_persons`, `_events`, `_equipments`).
    #[param(max_length = 64, example = "openaire_cris_projects")]
    #[schema(max_length = 64, example = "openaire_cris_projects")]
    set: Option<String>,
    /// The token of the previous part of a list; send it with the verb alone.
    #[param(max_length = 1024, example = "eyJ2IjoiTGlzdFJlY29yZHMiLCJmIjoiYyJ9")]
    #[schema(max_length = 1024, example = "eyJ2IjoiTGlzdFJlY29yZHMiLCJmIjoiYyJ9")]
    #[serde(rename = "resumptionToken")]
    resumption_token: Option<String>,
}

const EXAMPLE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\
<responseDate>2026-12-07T10:00:00Z</responseDate><request verb=\"GetRecord\" metadataPrefix=\"oai_cerif_openaire\" \
identifier=\"oai:registry.example.org:Projects/01a21f73-9c00-7000-8000-000000000701\">https://registry.example.org/oai</request>\
<GetRecord><record><header><identifier>oai:registry.example.org:Projects/01a21f73-9c00-7000-8000-000000000701</identifier>\
<datestamp>2026-12-01T08:30:00Z</datestamp><setSpec>openaire_cris_projects</setSpec></header><metadata>\
<Project xmlns=\"https://www.openaire.eu/cerif-profile/1.2/\" id=\"Projects/01a21f73-9c00-7000-8000-000000000701\">\
<Title xml:lang=\"en\">Systemic pathology of inflammation</Title><StartDate>2021-01-01</StartDate></Project>\
</metadata></record></GetRecord></OAI-PMH>";

/// Harvest the public records by OAI-PMH 2.0 (GET).
///
/// The verb and its arguments in the query. Public records only (projects with visibility `public`, their awards and outputs, the institutions and funders
/// they name); every answer, protocol errors included (`badVerb`, `badArgument`,
/// `badResumptionToken`, `cannotDisseminateFormat`, `idDoesNotExist`, `noRecordsMatch`), is an
/// OAI-PMH XML document with status 200. Lists come in parts (25 records, 100 identifiers) with
/// a `resumptionToken` carrying `completeListSize` and `cursor`; deleted records are reported
/// (`deletedRecord` is `transient`).
#[utoipa::path(
    tag = "oai-pmh",
    params(OaiArguments),
    responses(
        (status = 200, description = "An OAI-PMH response document (or its protocol error)", body = String,
            content_type = "text/xml", example = json!(EXAMPLE)),
        (status = 400, description = "An argument longer than its documented limit", body = Problem, content_type = "application/problem+json"),
        Unavailable,
    )
)]
#[get("/oai")]
pub async fn oai_get(
    request: HttpRequest,
    db: Data<Db>,
    mail: Data<MailSettings>,
    clock: Data<Clock>,
) -> Result<HttpResponse, ApiError> {
    let arguments: Arguments = form_urlencoded::parse(request.query_string().as_bytes()).into_owned().collect();
    respond(db, &mail, &clock, arguments).await
}

/// Harvest the public records by OAI-PMH 2.0 (POST).
///
/// The same arguments and answers as `GET /oai`, sent as an `application/x-www-form-urlencoded`
/// body (for requests too long for a URL).
#[utoipa::path(
    tag = "oai-pmh",
    request_body(content = OaiArguments, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "An OAI-PMH response document (or its protocol error)", body = String,
            content_type = "text/xml", example = json!(EXAMPLE)),
        (status = 400, description = "An argument longer than its documented limit", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `application/x-www-form-urlencoded`", body = Problem, content_type = "application/problem+json"),
        Unavailable,
    )
)]
#[post("/oai")]
pub async fn oai_post(
    request: HttpRequest,
    body: Bytes,
    db: Data<Db>,
    mail: Data<MailSettings>,
    clock: Data<Clock>,
) -> Result<HttpResponse, ApiError> {
    let form =
        request.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(|value| {
            value.trim_start().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded")
        });
    if !form {
        return Err(ApiError::UnsupportedMediaType(
            "OAI-PMH requests are sent as application/x-www-form-urlencoded".into(),
        ));
    }
    respond(db, &mail, &clock, form_urlencoded::parse(&body).into_owned().collect()).await
}

/// The longest value of each argument, as the OpenAPI document states: longer ones are refused
/// at the HTTP level (400) before the protocol is spoken. No value the protocol defines comes near.
const LIMITS: [(&str, usize); 7] = [
    ("verb", 32),
    ("metadataPrefix", 64),
    ("identifier", 256),
    ("from", 20),
    ("until", 20),
    ("set", 64),
    ("resumptionToken", 1024),
];

fn within_limits(arguments: &Arguments) -> Result<(), ApiError> {
    for (name, value) in arguments {
        if let Some((_, limit)) = LIMITS.iter().find(|(known, _)| known == name)
            && value.chars().count() > *limit
        {
            return Err(ApiError::BadRequest(format!("{name} is longer than {limit} characters")));
        }
    }
    Ok(())
}

async fn respond(
    db: Data<Db>,
    mail: &MailSettings,
    clock: &Clock,
    arguments: Arguments,
) -> Result<HttpResponse, ApiError> {
    within_limits(&arguments)?;
    let repository = Repository::new(mail);
    let context = Context::public(clock.today());
    let document = db.run(move |conn| respond::answer(conn, &repository, &arguments, &context)).await?;
    Ok(HttpResponse::Ok().content_type(CONTENT_TYPE).body(document))
}
