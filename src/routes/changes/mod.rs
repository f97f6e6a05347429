//! `GET /api/v1/changes`: one feed of every create, update and deletion a caller may see, for
//! partner systems that keep a copy in step without re-reading every list.

pub mod wire;

use actix_web::{HttpResponse, get};

use self::wire::{Change, ChangeType, ChangesPage, ChangesQuery};
use crate::db::models::feed::read::{self, Position};
use crate::error::ApiError;
use crate::http::exchange::{Exchange, Public};
use crate::http::pagination::Cursor;
use crate::http::query::ApiQuery;
use crate::http::responses::{Anyone, InvalidQuery};

const DEFAULT_LIMIT: u32 = 100;
/// The sort name inside the feed's cursors, so a list's cursor is refused here.
const CURSOR_KIND: &str = "changes";

/// The change feed: creates, updates and deletions of the projects, funding, outputs,
/// institutions, laboratories, centres, funders and mirror links you may read, in the order they
/// were committed, from a cursor. A record that becomes visible to you appears as a `create`,
/// one you can no longer read as a `delete` with `reason: no_longer_visible`. No change is
/// skipped or given twice across pages, even while others write; keep `next_cursor` and ask
/// again.
#[utoipa::path(
    tag = "changes",
    security((), ("bearer" = [])),
    params(ChangesQuery),
    responses(
        (status = 200, description = "The changes after the cursor (possibly none)", body = ChangesPage,
            headers(("Link" = String, description = "`<next page URL>; rel=\"next\"` when more are waiting"))),
        InvalidQuery, Anyone,
    )
)]
#[get("/changes")]
pub async fn list_changes(exchange: Exchange<Public>, query: ApiQuery<ChangesQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let after = match query.after.as_deref().filter(|a| !a.is_empty()) {
        Some(text) => position(text)?,
        None => Position::default(),
    };
    let kinds = kinds(query.types.as_deref())?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let resources: Vec<&'static str> = kinds.iter().map(|k| k.as_str()).collect();
    let stretch = exchange
        .read(move |conn, context| read::read(conn, &context.scope(), after, &resources, i64::from(limit)))
        .await?;
    let items = stretch.entries.into_iter().filter_map(|entry| {
        let cursor = cursor(entry.position());
        Change::seen(entry, cursor)
    });
    let next_cursor = cursor(stretch.next);
    let next = stretch.more.then(|| {
        let mut link = url::form_urlencoded::Serializer::new(String::new());
        if let Some(types) = query.types.as_deref().filter(|t| !t.is_empty()) {
            link.append_pair("types", types);
        }
        link.append_pair("limit", &limit.to_string()).append_pair("after", &next_cursor);
        format!("/api/v1/changes?{}", link.finish())
    });
    let mut response = HttpResponse::Ok();
    if let Some(next) = &next {
        response.insert_header((actix_web::http::header::LINK, format!("<{next}>; rel=\"next\"")));
    }
    Ok(response.json(ChangesPage { items: items.collect(), next_cursor, more: stretch.more, next }))
}

fn cursor(position: Position) -> String {
    Cursor::new(CURSOR_KIND, Some(position.txid.to_string()), position.seq.to_string()).encode()
}

fn position(text: &str) -> Result<Position, ApiError> {
    let invalid =
        || ApiError::field("after", "invalid_cursor", "is not a cursor returned by this feed; start again without it");
    let cursor = Cursor::decode(text, CURSOR_KIND).map_err(|_| invalid())?;
    let txid = cursor.key.as_deref().and_then(|k| k.parse().ok()).ok_or_else(invalid)?;
    let seq = cursor.id.parse().map_err(|_| invalid())?;
    Ok(Position { txid, seq })
}

/// The kinds named in `types` (all when absent or empty); an unknown name is a 422.
fn kinds(types: Option<&str>) -> Result<Vec<ChangeType>, ApiError> {
    let Some(types) = types.filter(|t| !t.trim().is_empty()) else {
        return Ok(Vec::new());
    };
    types
        .split(',')
        .map(|name| {
            ChangeType::parse(name.trim()).ok_or_else(|| {
                ApiError::field(
                    "types",
                    "unknown_type",
                    format!(
                        "`{}` is not a kind of record in the feed; use {}",
                        name.trim(),
                        ChangeType::ALL.map(|t| t.as_str()).join(", ")
                    ),
                )
            })
        })
        .collect()
}
