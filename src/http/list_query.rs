//! The query of a sorted list: its own filters, plus the paging every such list takes (`sort`,
//! `updated_since`, `limit`, `cursor`), declared once here.
//!
//! Both halves deny unknown parameters, so they cannot be one struct with `#[serde(flatten)]`
//! (serde refuses `deny_unknown_fields` with it, and a flattened `u32` is not read from a query
//! string's text): the query string is split by name and each half read on its own.

use std::ops::Deref;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{Ref, Required};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::domain::sort::NameSort;
use crate::error::{ApiError, FieldError};
use crate::http::pagination::{Cursor, DEFAULT_LIMIT};
use crate::http::query::{FromQuery, check, deserialize};

/// A list's query: `filter` (its own parameters, reached through `Deref`) and `page`.
#[derive(Debug)]
pub struct ListQuery<F, S: ToSchema> {
    pub filter: F,
    pub page: Paging<S>,
}

impl<F, S: ToSchema> Deref for ListQuery<F, S> {
    type Target = F;

    fn deref(&self) -> &F {
        &self.filter
    }
}

/// Which page of a list, in which order, changed since when.
#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Paging<S: ToSchema> {
    /// Documented by [`ListQuery`]'s `IntoParams`, as a reference to the sort's own schema (a
    /// type parameter's schema would be written out inline).
    #[param(ignore)]
    pub sort: Option<S>,
    /// Only records created or changed at or after this instant (RFC 3339, e.g.
    /// `2026-12-01T00:00:00Z`), for incremental sync. Records deleted since are not listed: their
    /// history keeps them.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-12-01T00:00:00Z")]
    pub updated_since: Option<DateTime<Utc>>,
    /// Items per page, 1–100 (default 25).
    #[validate(range(min = 1, max = 100))]
    #[param(minimum = 1, maximum = 100, example = 25)]
    pub limit: Option<u32>,
    /// Documented by [`ListQuery`]'s `IntoParams`, with an example made for the default sort.
    #[param(ignore)]
    pub cursor: Option<String>,
}

impl<S: SortOrder> Paging<S> {
    /// The order asked for, where the previous page ended (a cursor made for that order), and how
    /// many items a page holds.
    pub fn position(&self) -> Result<(S, Option<Cursor>, u32), ApiError> {
        let sort = self.sort.unwrap_or_default();
        let after = Cursor::from_param(self.cursor.as_deref(), sort.as_param())?;
        Ok((sort, after, self.limit.unwrap_or(DEFAULT_LIMIT)))
    }
}

/// The names [`Paging`] reads; every other parameter is the filter's.
const PAGING: [&str; 4] = ["sort", "updated_since", "limit", "cursor"];

impl<F: DeserializeOwned + Validate, S: DeserializeOwned + SortOrder> FromQuery for ListQuery<F, S> {
    /// Fails as one struct of all the parameters would: with the first parameter that cannot be
    /// read, else with every failed check at once (sorted by parameter).
    fn from_query(query: &str) -> Result<Self, ApiError> {
        let (paging, filters): (Vec<_>, Vec<_>) =
            form_urlencoded::parse(query.as_bytes()).partition(|(name, _)| PAGING.contains(&name.as_ref()));
        let encode = |pairs: Vec<_>| form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        let position = |error: &FieldError| {
            form_urlencoded::parse(query.as_bytes()).position(|(name, _)| name == error.field.as_str())
        };
        let (filter, page) = match (deserialize::<F>(&encode(filters)), deserialize::<Paging<S>>(&encode(paging))) {
            (Ok(filter), Ok(page)) => (filter, page),
            (Err(error), Ok(_)) => return Err(ApiError::Validation(vec![naming_paging(error)])),
            (Ok(_), Err(error)) => return Err(ApiError::Validation(vec![error])),
            (Err(first), Err(second)) if position(&second) < position(&first) => {
                return Err(ApiError::Validation(vec![second]));
            }
            (Err(first), Err(_)) => return Err(ApiError::Validation(vec![naming_paging(first)])),
        };
        let mut errors: Vec<FieldError> =
            [check(&filter), check(&page)].into_iter().filter_map(Result::err).flatten().collect();
        if errors.is_empty() {
            return Ok(ListQuery { filter, page });
        }
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        Err(ApiError::Validation(errors))
    }
}

/// serde's "unknown field `x`, expected one of `q`, …" names the filter's parameters; the paging
/// ones come after them, as when they were declared last in one struct.
fn naming_paging(mut error: FieldError) -> FieldError {
    if error.code == "unknown_field" && error.message.contains("expected one of") {
        error.message = format!("{}, `{}`", error.message, PAGING.join("`, `"));
    }
    error
}

/// A list's order. A cursor names the order it was made for and is refused with another, so
/// the documented cursor is made for the default one.
pub trait SortOrder: ToSchema + Default + Copy {
    /// The sort key of an item in the default order, for the documented cursor.
    const EXAMPLE_KEY: &'static str;

    /// The value of the `sort` parameter.
    fn as_param(self) -> &'static str;
}

impl SortOrder for NameSort {
    const EXAMPLE_KEY: &'static str = "wuhan university";

    fn as_param(self) -> &'static str {
        self.as_str()
    }
}

impl<F: IntoParams, S: SortOrder> IntoParams for ListQuery<F, S> {
    fn into_params(parameter_in_provider: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let optional = |name: &str, description: &str| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(description))
        };
        let sort = optional("sort", "The order of the items; its values say which one is the default.")
            .schema(Some(Ref::from_schema_name(S::name())));
        let after = Cursor::new(
            S::default().as_param(),
            Some(S::EXAMPLE_KEY.into()),
            "01a21f73-9c00-7000-8000-000000000001".into(),
        );
        let cursor = optional("cursor", "The `next_cursor` of the previous page.")
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .example(Some(after.encode().into()));
        let mut parameters = F::into_params(&parameter_in_provider);
        parameters.push(sort.build());
        parameters.extend(Paging::<S>::into_params(parameter_in_provider));
        parameters.push(cursor.build());
        parameters
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, Validate, IntoParams)]
    #[serde(deny_unknown_fields)]
    struct Filters {
        #[validate(length(max = 3))]
        q: Option<String>,
        kind: Option<u8>,
        country: Option<String>,
    }

    /// The fields and codes of a refused query, in the order reported.
    fn refused(query: &str) -> Vec<(String, String)> {
        match ListQuery::<Filters, NameSort>::from_query(query) {
            Err(ApiError::Validation(errors)) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
            Err(other) => panic!("{query}: {other}"),
            Ok(_) => panic!("{query}: taken"),
        }
    }

    #[test]
    fn filters_and_paging_are_each_read_from_their_own_parameters() {
        let query = ListQuery::<Filters, NameSort>::from_query("q=ab&limit=5&kind=2&sort=-name&cursor=eA")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((query.q.as_deref(), query.kind, query.country.as_deref()), (Some("ab"), Some(2), None));
        assert_eq!(
            (query.page.sort, query.page.limit, query.page.cursor.as_deref()),
            (Some(NameSort::NameDescending), Some(5), Some("eA"))
        );
    }

    #[test]
    fn errors_are_the_ones_a_single_struct_would_report() {
        // The first parameter that cannot be read, wherever it belongs.
        assert_eq!(refused("limit=x&kind=y"), [("limit".to_owned(), "invalid".to_owned())]);
        assert_eq!(refused("kind=y&limit=x"), [("kind".to_owned(), "invalid".to_owned())]);
        // Else every failed check, by parameter.
        let fields: Vec<String> = refused("q=abcd&limit=0").into_iter().map(|(field, _)| field).collect();
        assert_eq!(fields, ["limit", "q"]);
        // An unknown parameter is told every known one.
        let Err(ApiError::Validation(errors)) = ListQuery::<Filters, NameSort>::from_query("nope=1") else {
            panic!("nope=1 taken");
        };
        assert_eq!(errors[0].code, "unknown_field");
        assert!(
            errors[0].message.ends_with("`country`, `sort`, `updated_since`, `limit`, `cursor`"),
            "{}",
            errors[0].message
        );
    }
}
