//! The API describing itself.

use actix_web::web::Data;
use actix_web::{HttpResponse, get};

/// The OpenAPI document, serialised once at start-up.
pub struct OpenApiJson(pub String);

/// This API's OpenAPI 3.1 document (the same as `jointreg openapi` prints).
#[utoipa::path(
    tag = "meta",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object,
        example = json!({
            "openapi": "3.1.0",
            "info": {
                "title": "jointreg",
                "version": "0.1.0",
                "license": {"name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0"}
            },
            "paths": {
                "/health/live": {"get": {"operationId": "live", "responses": {"200": {"description": "Alive"}}}}
            }
        })))
)]
#[get("/openapi.json")]
pub async fn openapi_json(document: Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(document.0.clone())
}
