//! A query-string extractor whose failures are 422 problems naming the parameter.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use std::future::{Ready, ready};
use validator::Validate;

use crate::error::ApiError;
use crate::http::validation::{field_errors, shape_error};

pub struct ApiQuery<T>(pub T);

impl<T> ApiQuery<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + Validate> FromRequest for ApiQuery<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse(req.query_string()))
    }
}

/// A query string from a page's GET form, read like the API's: a field left empty means the
/// filter is not wanted (browsers send `kind=` for an unchosen select).
pub fn from_form<T: DeserializeOwned + Validate>(query: &str) -> Result<T, ApiError> {
    let filled: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form_urlencoded::parse(query.as_bytes()).filter(|(_, value)| !value.trim().is_empty()))
        .finish();
    parse(&filled).map(ApiQuery::into_inner)
}

fn parse<T: DeserializeOwned + Validate>(query: &str) -> Result<ApiQuery<T>, ApiError> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    let value: T = serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = err.path().to_string();
        ApiError::Validation(vec![shape_error(&path, &err.into_inner().to_string())])
    })?;
    value.validate().map_err(|errors| ApiError::Validation(field_errors(&errors)))?;
    Ok(ApiQuery(value))
}
