//! The conditional request headers, as the OpenAPI document describes them. A route lists the
//! extractor it takes (`params(IfMatch)`), so each header is described once, here.
//! (`Idempotency-Key` stays on each route: its example differs per route, since a key is bound to
//! the route and body it was first used with.)

use serde_json::json;
use utoipa::IntoParams;
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};

use crate::http::etag::{IfMatch, IfNoneMatch, MAX_HEADER_LENGTH, OptionalIfMatch};

/// A header is a string, sent or not: an optional one is `required: false`, never `null` (a header
/// cannot be null, and generated clients would otherwise offer to send `None`).
fn header(name: &str, required: bool, description: &str, example: &str, schema: ObjectBuilder) -> Vec<Parameter> {
    let required = if required { Required::True } else { Required::False };
    vec![
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Header)
            .description(Some(description))
            .required(required)
            .schema(Some(schema.schema_type(SchemaType::new(Type::String)).max_length(Some(MAX_HEADER_LENGTH))))
            .example(Some(json!(example)))
            .build(),
    ]
}

impl IntoParams for IfMatch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        // One or more quoted ETags; `*` is refused on changes (see `IfMatch`).
        let tags = ObjectBuilder::new().pattern(Some(r#"^"[^"]*"(\s*,\s*"[^"]*")*$"#));
        header("If-Match", true, "ETag of the version being changed", "\"3\"", tags)
    }
}

impl IntoParams for OptionalIfMatch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        header("If-Match", false, "ETag of the version being deleted", "\"3\"", ObjectBuilder::new())
    }
}

impl IntoParams for IfNoneMatch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let description = "ETag of a cached copy: 304 when it is current";
        header("If-None-Match", false, description, "\"3\"", ObjectBuilder::new())
    }
}
