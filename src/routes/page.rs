//! One page of a list: every list answers with the same four fields, so they are written and
//! documented once here; a list names its page `pub type FunderPage = Page<FunderResponse>;`.

use std::borrow::Cow;

use actix_web::HttpResponse;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::http::pagination::NextPage;

/// One page of a list. `next` and `next_cursor` are always sent (`null` on the last page), so the
/// schema requires them.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match the filters, across all pages.
    pub total: i64,
    pub next: Option<String>,
    pub next_cursor: Option<String>,
}

impl<T: Serialize> Page<T> {
    /// 200 with `items` (of `total` matches), leading on to `next`.
    pub fn respond(items: Vec<T>, total: i64, next: NextPage) -> HttpResponse {
        next.respond(&Page { items, total, next: next.next.clone(), next_cursor: next.next_cursor.clone() })
    }
}

impl<T: ToSchema> PartialSchema for Page<T> {
    // `example`, as utoipa's derive writes it on every other schema of the document.
    #[allow(deprecated)]
    fn schema() -> RefOr<Schema> {
        let nullable_text = |description: &str| {
            ObjectBuilder::new()
                .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                .description(Some(description))
        };
        let total = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .description(Some("How many match the filters, across all pages (only those you may read)."));
        let example =
            item_example::<T>().map(|item| json!({"items": [item], "total": 1, "next": null, "next_cursor": null}));
        ObjectBuilder::new()
            .description(Some("One page of the list; `next` leads to the following one."))
            .property("items", ArrayBuilder::new().items(Ref::from_schema_name(T::name())))
            .required("items")
            .property("total", total)
            .required("total")
            .property("next", nullable_text("Link to the next page (same filters); `null` on the last page."))
            .required("next")
            .property(
                "next_cursor",
                nullable_text(
                    "The cursor inside `next`, for clients that build their own URLs; `null` on the last page.",
                ),
            )
            .required("next_cursor")
            .example(example)
            .into()
    }
}

impl<T: ToSchema> ToSchema for Page<T> {
    /// `FunderResponse`s come in a `FunderPage`: the names the pages had as structs of their own,
    /// which generated clients name their classes after.
    fn name() -> Cow<'static, str> {
        let item = T::name();
        Cow::Owned(format!("{}Page", item.strip_suffix("Response").unwrap_or(&item)))
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((T::name().into_owned(), T::schema()));
        T::schemas(schemas);
    }
}

/// The example documented on an item type: a page's example is a page of it.
#[allow(deprecated)]
fn item_example<T: PartialSchema>() -> Option<Value> {
    match T::schema() {
        RefOr::T(Schema::Object(object)) => object.example,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, ToSchema)]
    #[schema(example = json!({"id": "01a21f73-9c00-7000-8000-000000000001"}))]
    struct ThingResponse {
        id: String,
    }

    #[test]
    fn a_page_is_named_after_its_items_and_shows_one_as_its_example() {
        assert_eq!(Page::<ThingResponse>::name(), "ThingPage");
        let schema = serde_json::to_value(Page::<ThingResponse>::schema()).unwrap_or_default();
        assert_eq!(schema["example"]["items"][0]["id"], "01a21f73-9c00-7000-8000-000000000001");
        assert_eq!(schema["required"], json!(["items", "total", "next", "next_cursor"]));
    }
}
