//! A query-string extractor whose failures are 422 problems naming the parameter.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use std::future::{Ready, ready};
use validator::Validate;

use crate::error::{ApiError, FieldError};
use crate::http::validation::{field_errors, shape_error};

pub struct ApiQuery<T>(pub T);

impl<T> ApiQuery<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// What a query string is read into: one struct with every parameter, or (see
/// [`ListQuery`](crate::http::list_query::ListQuery)) a list's filters and paging, each read apart.
pub trait FromQuery: Sized {
    fn from_query(query: &str) -> Result<Self, ApiError>;
}

impl<T: DeserializeOwned + Validate> FromQuery for T {
    fn from_query(query: &str) -> Result<Self, ApiError> {
        let value: T = deserialize(query).map_err(|error| ApiError::Validation(vec![error]))?;
        check(&value).map_err(ApiError::Validation)?;
        Ok(value)
    }
}

impl<T: FromQuery> FromRequest for ApiQuery<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(T::from_query(req.query_string()).map(ApiQuery))
    }
}

/// A query string from a page's GET form, read like the API's: a field left empty means the
/// filter is not wanted (browsers send `kind=` for an unchosen select).
pub fn from_form<T: FromQuery>(query: &str) -> Result<T, ApiError> {
    let filled: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form_urlencoded::parse(query.as_bytes()).filter(|(_, value)| !value.trim().is_empty()))
        .finish();
    T::from_query(&filled)
}

/// The parameters read into `T`, or the first one that cannot be (named by its parameter).
pub fn deserialize<T: DeserializeOwned>(query: &str) -> Result<T, FieldError> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = err.path().to_string();
        shape_error(&path, &err.into_inner().to_string())
    })
}

/// Every failed check of the parameters, at once.
pub fn check(value: &impl Validate) -> Result<(), Vec<FieldError>> {
    value.validate().map_err(|errors| field_errors(&errors))
}
