use serde_json::Value;

use crate::helpers::TestApp;
use crate::{api_test, both_backends};

const REGENERATE: &str = "cargo run --quiet -- openapi > openapi/openapi.json";

api_test! {
    fn committed_openapi_document_matches_the_code() {
        let generated: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json");
        let committed: Value =
            std::fs::read_to_string(path).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or(Value::Null);
        assert!(
            generated == committed,
            "openapi/openapi.json is out of date with the code; regenerate it with:\n    {REGENERATE}"
        );
    }
}

api_test! {
    fn the_document_is_openapi_3_1_and_every_error_is_a_problem() {
        let document: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
        assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                for (status, response) in operation["responses"].as_object().unwrap() {
                    if status.starts_with('4') || status.starts_with('5') {
                        let content = response["content"].as_object().unwrap_or_else(|| panic!("{method} {path} {status}"));
                        assert!(content.contains_key("application/problem+json"), "{method} {path} {status}");
                    }
                }
            }
        }
    }
}

api_test! {
    /// Every operation shows what to send and what comes back: a reader of the docs (or a tool that
    /// builds requests from them, like schemathesis) never has to guess a value.
    ///
    /// "Has an example" means, for
    /// - a request body and every response (any status, errors included) with a JSON media type
    ///   (`application/json`, `…+json`): `example`/`examples` on the media type, or on the schema
    ///   it uses, following `$ref` into `components`, `items` of arrays, and every member of
    ///   `allOf`/`oneOf`/`anyOf` but `{"type": "null"}`. Only the schema itself counts, not examples
    ///   on its properties: a client needs one whole, valid body. Error responses all use `Problem`,
    ///   whose example covers them. Non-JSON content (`text/csv`) is not checked.
    /// - a parameter (path, query, header, cookie): `example`/`examples` on the parameter or on its
    ///   schema. A schema with `enum`/`const` or of type boolean counts too: its values are the
    ///   examples. A `format` (`uuid`, `date`) does not: `"string"` says nothing about which id.
    ///
    /// Every missing place is listed at once, by operation id and where.
    fn every_operation_has_examples() {
        let document: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
        let mut missing = Vec::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            let item = resolve(item, &document);
            let shared_parameters = item["parameters"].as_array().cloned().unwrap_or_default();
            for (method, operation) in item.as_object().unwrap() {
                if !HTTP_METHODS.contains(&method.as_str()) {
                    continue;
                }
                let operation_id = operation["operationId"].as_str().unwrap_or("(no operationId)");
                let mut lack =
                    |place: String| missing.push(format!("{operation_id} ({} {path}): {place}", method.to_uppercase()));

                let body = resolve(&operation["requestBody"], &document);
                for (media_type, media) in json_content(body) {
                    if !media_has_example(media, &document) {
                        lack(format!("request body {media_type}{}", schema_name(media)));
                    }
                }
                for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                    for (media_type, media) in json_content(resolve(response, &document)) {
                        if !media_has_example(media, &document) {
                            lack(format!("response {status} {media_type}{}", schema_name(media)));
                        }
                    }
                }
                let own_parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
                let own: Vec<Value> = own_parameters.iter().map(|p| resolve(p, &document).clone()).collect();
                let inherited = shared_parameters
                    .iter()
                    .map(|p| resolve(p, &document).clone())
                    .filter(|shared| !own.iter().any(|p| p["name"] == shared["name"] && p["in"] == shared["in"]));
                for parameter in own.iter().cloned().chain(inherited) {
                    if !parameter_has_example(&parameter, &document) {
                        lack(format!(
                            "{} parameter {}",
                            parameter["in"].as_str().unwrap_or("?"),
                            parameter["name"].as_str().unwrap_or("?")
                        ));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "{} places in the OpenAPI document have no example. Give request and response types a \
             struct-level `#[schema(example = json!({{…}}))]`, and parameters `example = …` in \
             `params(…)` of `#[utoipa::path]` or `#[param(example = …)]` on `IntoParams` fields; then \
             regenerate the document with `{REGENERATE}`.\n  {}",
            missing.len(),
            missing.join("\n  ")
        );
    }
}

api_test! {
    /// The request examples are bodies the API takes: published in the document, they get through the
    /// same parsing and field checks as a real request (unknown fields, ROR and ORCID checksums,
    /// country codes, ASJC codes, the password policy, …). What needs the database (ids that exist,
    /// unique codes) is not checked here.
    fn request_examples_pass_the_checks_at_the_edge() {
        use jointreg::routes::auth::wire::{
            AcceptInvitation, LoginRequest, PasswordResetConfirm, PasswordResetRequest, RefreshRequest,
        };
        use jointreg::routes::centres::wire::{CreateCentre, UpdateCentre};
        use jointreg::routes::funders::wire::{CreateFunder, UpdateFunder};
        use jointreg::routes::institutions::wire::{CreateInstitution, UpdateInstitution};
        use jointreg::routes::labs::wire::{CreateLab, StatusChange, UpdateLab};
        use jointreg::routes::mirror_links::wire::{CreateMirrorLink, UpdateMirrorLink};
        use jointreg::routes::partner_tokens::IssuePartnerToken;
        use jointreg::routes::projects::wire::{CreateProject, UpdateProject};
        use jointreg::routes::users::wire::{ChangePassword, InviteUser, UpdateUser};

        fn check<T: serde::de::DeserializeOwned + validator::Validate>(document: &Value, name: &str) -> Option<String> {
            let Some(example) = document["components"]["schemas"][name].get("example") else {
                return Some(format!("{name}: no example"));
            };
            let problem = match serde_json::from_value::<T>(example.clone()) {
                Ok(body) => body.validate().err()?.to_string(),
                Err(err) => err.to_string(),
            };
            Some(format!("{name}: {problem}"))
        }
        macro_rules! refused {
            ($document:expr, $($name:ident),+ $(,)?) => {
                [$(check::<$name>($document, stringify!($name))),+].into_iter().flatten().collect::<Vec<_>>()
            };
        }

        let document: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
        let refused = refused!(
            &document,
            CreateInstitution,
            UpdateInstitution,
            CreateFunder,
            UpdateFunder,
            CreateCentre,
            UpdateCentre,
            CreateLab,
            UpdateLab,
            StatusChange,
            CreateMirrorLink,
            UpdateMirrorLink,
            CreateProject,
            UpdateProject,
            LoginRequest,
            RefreshRequest,
            AcceptInvitation,
            PasswordResetRequest,
            PasswordResetConfirm,
            ChangePassword,
            InviteUser,
            UpdateUser,
            IssuePartnerToken,
        );
        assert!(refused.is_empty(), "request examples the API would refuse:\n  {}", refused.join("\n  "));
    }
}

api_test! {
    /// The document is one that client generators take with their default settings (checked end
    /// to end by `.ci/generated-client` with openapi-python-client): these are the rules whose
    /// breach made generated clients fail or come out poorly typed, so drift shows up here first.
    fn the_document_follows_the_rules_client_generators_need() {
        let document: Value = serde_json::to_value(jointreg::openapi::document()).unwrap();
        let mut broken = Vec::new();

        if document["servers"].as_array().is_none_or(|servers| servers.is_empty()) {
            broken.push("no `servers` declared".to_owned());
        }
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                if !HTTP_METHODS.contains(&method.as_str()) {
                    continue;
                }
                let name = format!("{} {path}", method.to_uppercase());
                if operation["description"].as_str().is_none_or(|d| d.trim().is_empty()) {
                    broken.push(format!("{name}: no description"));
                }
                for parameter in operation["parameters"].as_array().into_iter().flatten() {
                    let parameter = resolve(parameter, &document);
                    let parameter_name = parameter["name"].as_str().unwrap_or_default();
                    if parameter["in"] == "header" && is_nullable(&parameter["schema"]) {
                        broken.push(format!("{name}: header {parameter_name} is nullable"));
                    }
                    if names_an_id(parameter_name) && !is_uuid(&parameter["schema"], &document) {
                        broken.push(format!("{name}: parameter {parameter_name} is not format uuid"));
                    }
                }
                for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                    for (media_type, media) in resolve(response, &document)["content"].as_object().into_iter().flatten() {
                        let json = media_type.starts_with("application/json") || media_type.contains("+json");
                        // Anything else is a string: text for `text/*`, bytes (format binary) otherwise,
                        // so that no client parses it as JSON or as an array of numbers.
                        let schema = resolve(&media["schema"], &document);
                        let text = media_type.starts_with("text/") && types(schema) == ["string"];
                        let binary = types(schema) == ["string"]
                            && (schema["format"] == "binary" || schema.get("contentMediaType").is_some());
                        if !json && !text && !binary {
                            broken.push(format!("{name} {status} {media_type}: neither a text string nor binary"));
                        }
                    }
                }
            }
        }
        for (schema_name, schema) in document["components"]["schemas"].as_object().unwrap() {
            check_schema(schema_name, schema, &document, true, &mut broken);
        }
        check_inline_enums(&document["paths"], "paths", &mut broken);
        let text = document.to_string();
        for reference in text.split("\"#/components/schemas/").skip(1) {
            let name = reference.split('"').next().unwrap_or_default();
            if document["components"]["schemas"].get(name).is_none() {
                broken.push(format!("$ref to {name}, which is not in components (add it to `components(schemas(…))`)"));
            }
        }

        assert!(
            broken.is_empty(),
            "{} breaches of the rules client generators need (see the test's doc comment); fix the \
             annotations and regenerate with `{REGENERATE}`:\n  {}",
            broken.len(),
            broken.join("\n  ")
        );
    }
}

/// `id`, `…_id` and `…_ids` name records of this registry (UUIDs); the external identifiers that
/// happen to be named so (a ROR id, a client's request id — an import's id is its request's —,
/// the ids of RAiD's own format) do not.
fn names_an_id(name: &str) -> bool {
    let external = ["ror_id", "request_id", "import_id"];
    !external.contains(&name) && (name == "id" || name.ends_with("_id") || name.ends_with("_ids"))
}

fn types(schema: &Value) -> Vec<&str> {
    match &schema["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_nullable(schema: &Value) -> bool {
    types(schema).contains(&"null")
        || ["oneOf", "anyOf"]
            .iter()
            .any(|c| schema[c].as_array().is_some_and(|m| m.iter().any(|m| m["type"] == "null")))
}

/// A string of format uuid, an array of them, or either made nullable.
fn is_uuid(schema: &Value, document: &Value) -> bool {
    let schema = resolve(schema, document);
    if let Some(members) = schema["oneOf"].as_array().or(schema["anyOf"].as_array()) {
        return members.iter().filter(|m| m["type"] != "null").all(|m| is_uuid(m, document));
    }
    if types(schema).contains(&"array") {
        return is_uuid(&schema["items"], document);
    }
    schema["format"] == "uuid"
}

/// The rules for a component schema and everything inline in it.
fn check_schema(name: &str, schema: &Value, document: &Value, top: bool, broken: &mut Vec<String>) {
    let Some(object) = schema.as_object() else {
        return;
    };
    if let Some(values) = object.get("enum").and_then(Value::as_array) {
        let mut seen = std::collections::HashSet::new();
        for value in values.iter().filter_map(Value::as_str) {
            if !seen.insert(value.to_lowercase()) {
                broken.push(format!("{name}: enum value {value} twice, ignoring case"));
            }
        }
        // One component per enum: an enum of several values inside another schema is a copy
        // (a single value is a discriminator's tag).
        if !top && values.len() > 1 {
            broken.push(format!("{name}: an inline enum ({values:?}); refer to its component instead"));
        }
    }
    if let Some(variants) = object.get("oneOf").and_then(Value::as_array) {
        for (index, variant) in variants.iter().enumerate() {
            let named = variant.get("$ref").is_some() || variant.get("title").is_some() || variant["type"] == "null";
            if !named {
                broken.push(format!("{name}: oneOf variant {index} has no name (a $ref or a title)"));
            }
        }
    }
    let required: Vec<&str> =
        object.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    for (property, value) in object.get("properties").and_then(Value::as_object).into_iter().flatten() {
        let place = format!("{name}.{property}");
        // Pages always send `next` and `next_cursor`, `null` on the last page.
        if ["next", "next_cursor"].contains(&property.as_str()) && !required.contains(&property.as_str()) {
            broken.push(format!("{place}: always sent, so required"));
        }
        if names_an_id(property) && !name.starts_with("Raid") && !is_uuid(value, document) {
            broken.push(format!("{place}: not format uuid"));
        }
        check_schema(&place, value, document, false, broken);
    }
    for keyword in ["items", "additionalProperties"] {
        if let Some(inner) = object.get(keyword) {
            check_schema(&format!("{name}[]"), inner, document, false, broken);
        }
    }
    for keyword in ["oneOf", "anyOf", "allOf"] {
        for (index, member) in object.get(keyword).and_then(Value::as_array).into_iter().flatten().enumerate() {
            check_schema(&format!("{name}/{keyword}/{index}"), member, document, false, broken);
        }
    }
}

/// Enums of several values written out in the operations (parameters, bodies) are copies too.
fn check_inline_enums(value: &Value, place: &str, broken: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.get("enum").and_then(Value::as_array).is_some_and(|values| values.len() > 1) {
                broken.push(format!("{place}: an inline enum; refer to its component instead"));
            }
            for (key, inner) in map {
                check_inline_enums(inner, &format!("{place}/{key}"), broken);
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                check_inline_enums(inner, &format!("{place}/{index}"), broken);
            }
        }
        _ => {}
    }
}

const HTTP_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Follows local `$ref`s (`#/components/…`) to what they name; anything else is returned as is.
pub(crate) fn resolve<'a>(mut value: &'a Value, document: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match value["$ref"].as_str().and_then(|r| r.strip_prefix('#')).and_then(|pointer| document.pointer(pointer)) {
            Some(target) => value = target,
            None => break,
        }
    }
    value
}

/// The documented example body of an operation: its media type's `example`, or its schema's
/// (`Null` when it takes no body). Shared by the document-driven tests that send real requests.
pub(crate) fn request_example(document: &Value, operation: &Value) -> Value {
    let Some(media) = operation["requestBody"]["content"].as_object().and_then(|c| c.values().next()) else {
        return Value::Null;
    };
    match media.get("example") {
        Some(example) => example.clone(),
        None => resolve(&media["schema"], document)["example"].clone(),
    }
}

/// The JSON media types of a request body or response (`application/json`, `…+json`).
fn json_content(holder: &Value) -> impl Iterator<Item = (&String, &Value)> {
    holder["content"].as_object().into_iter().flatten().filter(|(media_type, _)| {
        let essence = media_type.split(';').next().unwrap_or_default().trim();
        essence == "application/json" || essence.ends_with("+json")
    })
}

/// `example`, or a non-empty `examples` (an array in a schema, a map elsewhere).
fn has_example_keyword(value: &Value) -> bool {
    value.get("example").is_some()
        || match value.get("examples") {
            Some(Value::Array(examples)) => !examples.is_empty(),
            Some(Value::Object(examples)) => !examples.is_empty(),
            _ => false,
        }
}

fn media_has_example(media: &Value, document: &Value) -> bool {
    has_example_keyword(media) || schema_has_example(&media["schema"], document, 0)
}

fn schema_has_example(schema: &Value, document: &Value, depth: usize) -> bool {
    if depth > 32 || !schema.is_object() {
        return false;
    }
    // A `$ref` may carry its own example beside it (OpenAPI 3.1).
    if has_example_keyword(schema) {
        return true;
    }
    if schema.get("$ref").is_some() {
        return schema_has_example(resolve(schema, document), document, depth + 1);
    }
    if let Some(items) = schema.get("items") {
        return schema_has_example(items, document, depth + 1);
    }
    for composition in ["allOf", "oneOf", "anyOf"] {
        if let Some(members) = schema[composition].as_array() {
            let members: Vec<&Value> = members.iter().filter(|m| m["type"] != "null").collect();
            return !members.is_empty() && members.iter().all(|m| schema_has_example(m, document, depth + 1));
        }
    }
    false
}

fn parameter_has_example(parameter: &Value, document: &Value) -> bool {
    let schema = &parameter["schema"];
    has_example_keyword(parameter) || schema_has_example(schema, document, 0) || self_describing(schema, document)
}

/// Schemas whose every value is listed (`enum`, `const`) or obvious (booleans) are their own
/// examples; a `format` such as `uuid` or `date` is not: it says what kind, not which value.
fn self_describing(schema: &Value, document: &Value) -> bool {
    let schema = resolve(schema, document);
    let is_boolean = match &schema["type"] {
        Value::String(kind) => kind == "boolean",
        Value::Array(kinds) => kinds.iter().any(|k| k == "boolean"),
        _ => false,
    };
    is_boolean || schema.get("enum").is_some() || schema.get("const").is_some()
}

/// ` (Name)` for a media type whose schema is a `$ref`, to say which type needs the example.
fn schema_name(media: &Value) -> String {
    let schema = &media["schema"];
    let reference = schema["$ref"].as_str().or_else(|| schema["items"]["$ref"].as_str());
    reference.and_then(|r| r.rsplit('/').next()).map(|name| format!(" ({name})")).unwrap_or_default()
}

both_backends! {
    async fn the_served_document_is_the_generated_one_and_docs_work_offline(backend) {
        let app = TestApp::spawn(backend).await;
        let served: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        assert_eq!(served, serde_json::to_value(jointreg::openapi::document()).unwrap());

        let page = app.get("/docs/").await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(!html.contains("https://"), "the docs page loads nothing from the internet");
        for asset in ["/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css", "/docs/swagger-initializer.js"] {
            let response = app.get(asset).await;
            assert_eq!(response.status(), 200, "{asset}");
            let text = response.text().await.unwrap();
            if asset.ends_with("initializer.js") {
                assert!(text.contains("/api/v1/openapi.json"), "{text}");
            }
        }
        assert_eq!(app.get("/docs").await.headers()["location"], "/docs/");
    }

    async fn the_docs_ui_sends_readers_to_no_other_host(backend) {
        let app = TestApp::spawn(backend).await;
        let initializer = app.get("/docs/swagger-initializer.js").await.text().await.unwrap();
        // Swagger UI's default validator badge would load an image from validator.swagger.io.
        assert!(initializer.contains(r#""validatorUrl": "none""#), "{initializer}");
        let hosts: Vec<&str> = initializer.lines().filter(|line| line.contains("://")).collect();
        assert!(hosts.is_empty(), "the docs UI's settings name another host: {hosts:?}");
        assert!(!initializer.contains("swagger.io"), "{initializer}");
    }
}
