//! The OpenAPI document: general information here, operations collected from the routes.

use utoipa::OpenApi;

use crate::error::{FieldError, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "jointreg",
        description = "Coordination registry for joint Russian–Chinese research: projects, laboratories \
(including mirror laboratories), funding lines and outputs, so that a joint centre's funding gap is seen \
months before it hurts and its history is never lost.\n\nEvery error is `application/problem+json` \
(RFC 9457) with `errors: [{field, code, message}]` for invalid fields and `request_id` for support.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0")
    ),
    tags(
        (name = "institutions", description = "Universities, academy institutes, funders, ministries and companies"),
        (name = "health", description = "Liveness and readiness probes"),
        (name = "meta", description = "The API describing itself"),
    ),
    components(schemas(Problem, FieldError))
)]
pub struct ApiDoc;

/// The complete document, exactly as served at `/api/v1/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    crate::startup::routed_app().1
}

/// The document as committed in `openapi/openapi.json`: pretty, with a final newline.
pub fn to_pretty_json(document: &utoipa::openapi::OpenApi) -> String {
    let mut text = document.to_pretty_json().unwrap_or_default();
    text.push('\n');
    text
}
