//! Opaque keyset cursors: a page is "the next `limit` items after this sort key", so deep pages
//! cost the same as the first and concurrent inserts never shift items between pages.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

pub const DEFAULT_LIMIT: u32 = 25;
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
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// Decodes a cursor and checks it was made for `sort`.
    pub fn decode(text: &str, sort: &str) -> Result<Self, ApiError> {
        let invalid = || {
            ApiError::field("cursor", "invalid_cursor", "is not a cursor returned by this list; start again without it")
        };
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

/// A link to the next page: the same path and filters, with the new cursor.
pub fn next_link(path: &str, params: &[(&str, Option<String>)], cursor: &Cursor) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        if let Some(value) = value {
            query.append_pair(name, value);
        }
    }
    query.append_pair("cursor", &cursor.encode());
    format!("{path}?{}", query.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_is_bound_to_its_sort() {
        let cursor = Cursor { sort: "name".into(), key: Some("武汉大学 wuhan".into()), id: "0190".into() };
        assert_eq!(Cursor::decode(&cursor.encode(), "name").unwrap(), cursor);
        assert!(Cursor::decode(&cursor.encode(), "-name").is_err());
        assert!(Cursor::decode("not-a-cursor!", "name").is_err());
    }
}
