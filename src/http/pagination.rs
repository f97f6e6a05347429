//! Opaque keyset cursors: a page is "the next `limit` items after this sort key", so deep pages
//! cost the same as the first and concurrent inserts never shift items between pages.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::domain::sort::NameSort;
use crate::error::ApiError;

pub const DEFAULT_LIMIT: u32 = 25;
/// The longest cursor taken: base64url of at most 3 KiB, room for the longest sort key (three
/// names of 300 characters). Stated in the OpenAPI document with the alphabet, so that a client
/// (or a fuzzer) keeps within the request-target limit.
pub const MAX_CURSOR_LENGTH: usize = 4096;
pub const MAX_LIMIT: u32 = 100;

/// Where the previous page ended, for the sort it was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort the cursor belongs to: a cursor is only valid with the same sort.
    pub sort: String,
    /// The sort key of the last item (absent for sorts on the id alone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The id of the last item: the tie-breaker.
    pub id: String,
}

impl Cursor {
    pub fn new(sort: &str, key: Option<String>, id: String) -> Self {
        Cursor { sort: sort.to_owned(), key, id }
    }

    /// The cursor after a row of a list in [`NameSort`] order.
    pub fn in_name_order(sort: NameSort, sort_key: &str, id: &str) -> Self {
        Cursor::new(sort.as_str(), sort.by_name().then(|| sort_key.to_owned()), id.to_owned())
    }

    /// Where the cursor points: the sort key (empty for sorts on the id alone) and the id.
    pub fn position(self) -> (String, String) {
        (self.key.unwrap_or_default(), self.id)
    }

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// The `cursor` parameter of a list: absent or empty means the first page.
    pub fn from_param(text: Option<&str>, sort: &str) -> Result<Option<Self>, ApiError> {
        text.filter(|t| !t.is_empty()).map(|t| Self::decode(t, sort)).transpose()
    }

    /// Decodes a cursor and checks it was made for `sort`.
    pub fn decode(text: &str, sort: &str) -> Result<Self, ApiError> {
        let invalid = || {
            ApiError::field("cursor", "invalid_cursor", "is not a cursor returned by this list; start again without it")
        };
        if text.len() > MAX_CURSOR_LENGTH {
            return Err(invalid());
        }
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
        let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
        if cursor.sort != sort {
            return Err(ApiError::field(
                "cursor",
                "cursor_sort_mismatch",
                format!("was made for sort={}, not sort={sort}; keep the sort while paging", cursor.sort),
            ));
        }
        Ok(cursor)
    }
}

/// The list request a next-page link repeats: its path and every parameter the client sent but
/// the cursor, as sent, so that no filter is lost from one page to the next.
#[derive(Debug, Clone)]
pub struct PageLink {
    path: String,
    params: Vec<(String, String)>,
}

impl PageLink {
    /// The request being answered, without its `cursor`.
    pub fn of(req: &HttpRequest) -> Self {
        let params = url::form_urlencoded::parse(req.query_string().as_bytes())
            .filter(|(name, _)| name != "cursor")
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        PageLink { path: req.path().to_owned(), params }
    }

    /// `path` with the parameters that have a value (a page that links to itself by its own rules).
    pub fn new(path: &str, params: &[(&str, Option<String>)]) -> Self {
        let params = params.iter().filter_map(|(name, value)| Some(((*name).to_owned(), value.clone()?))).collect();
        PageLink { path: path.to_owned(), params }
    }

    /// The link with `cursor` appended.
    pub fn to(&self, cursor: &Cursor) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.extend_pairs(&self.params).append_pair("cursor", &cursor.encode());
        format!("{}?{}", self.path, query.finish())
    }
}

/// How to reach the page after this one: as a link with the same filters, and as a bare cursor.
#[derive(Debug, Clone, Default)]
pub struct NextPage {
    pub next: Option<String>,
    pub next_cursor: Option<String>,
}

impl NextPage {
    /// Lists fetch `limit` + 1 rows: the extra one only says that another page follows. This
    /// removes it and, when there was one, makes the cursor from the last row kept.
    pub fn after<T>(rows: &mut Vec<T>, limit: u32, link: &PageLink, cursor_of: impl Fn(&T) -> Cursor) -> Self {
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let cursor = rows.last().filter(|_| more).map(cursor_of);
        NextPage { next: cursor.as_ref().map(|c| link.to(c)), next_cursor: cursor.map(|c| c.encode()) }
    }

    /// 200 with `body`, and `Link: <…>; rel="next"` when another page follows.
    pub fn respond(&self, body: &impl Serialize) -> HttpResponse {
        let mut response = HttpResponse::Ok();
        if let Some(next) = &self.next {
            response.insert_header((header::LINK, format!("<{next}>; rel=\"next\"")));
        }
        response.json(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extra_row_becomes_a_next_link_and_is_dropped() {
        let mut rows = vec!["a", "b", "c"];
        let link = PageLink::new("/api/v1/x", &[("q", Some("武汉".into())), ("kind", None)]);
        let page = NextPage::after(&mut rows, 2, &link, |last| Cursor::new("created", None, (*last).to_owned()));
        assert_eq!(rows, ["a", "b"]);
        let next = page.next.unwrap();
        assert!(next.starts_with("/api/v1/x?q=%E6%AD%A6%E6%B1%89&cursor="), "{next}");
        assert_eq!(Cursor::decode(&page.next_cursor.unwrap(), "created").unwrap().id, "b");

        let mut last_page = vec!["a", "b"];
        let link = PageLink::new("/api/v1/x", &[]);
        let page = NextPage::after(&mut last_page, 2, &link, |l| Cursor::new("created", None, (*l).to_owned()));
        assert!(page.next.is_none() && page.next_cursor.is_none());
    }

    #[test]
    fn cursor_round_trips_and_is_bound_to_its_sort() {
        let cursor = Cursor { sort: "name".into(), key: Some("武汉大学 wuhan".into()), id: "0190".into() };
        assert_eq!(Cursor::decode(&cursor.encode(), "name").unwrap(), cursor);
        assert!(Cursor::decode(&cursor.encode(), "-name").is_err());
        assert!(Cursor::decode("not-a-cursor!", "name").is_err());
    }
}
