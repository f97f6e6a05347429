//! The two ways a console form writes, shared by every form: registering a record once per
//! rendered form (the API's create behind the form's key), and changing one from the version the
//! form began at (the API's update behind `If-Match`). A refusal comes back as what the form shows
//! again: its status, the problems next to their fields, and — when someone else saved the record
//! meanwhile — what they changed, so the person's values are never lost nor silently applied.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use super::{FieldProblem, changed_meanwhile, key_of, problems, refused};
use crate::console::frame::Member;
use crate::console::page::Page;
use crate::console::pages::history::{self, HistoryRow};
use crate::db::DbConn;
use crate::db::models::idempotency::StoredResponse;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::exchange::Context;

/// A refused create: its status and the problems to show next to the fields.
pub type Refused = (StatusCode, Vec<FieldProblem>);

/// Registers a record once for the form's `key`: `request` is the API's request the typed values
/// make (or the refusal of them), `create` stores the record and the API's answer in the create's
/// transaction. The answer of a create already stored for the key is the same answer again.
pub async fn register<R, F>(
    page: &Page,
    key: &str,
    fingerprint: String,
    request: Result<R, ApiError>,
    create: F,
) -> Result<Result<HttpResponse, Refused>, ApiError>
where
    R: Send + 'static,
    F: FnOnce(&mut DbConn, &Context, R) -> Result<StoredResponse, ApiError> + Send + 'static,
{
    let created = match request {
        Ok(request) => {
            page.exchange().create(key_of(key), fingerprint, move |conn, context| create(conn, context, request)).await
        }
        Err(refusal) => Err(refusal),
    };
    match created {
        Ok(answer) => Ok(Ok(answer)),
        Err(error) => refused(page, error).map(Err),
    }
}

/// A record a change form edits, as the form reads it again after a refused save.
pub trait Editable: Sized + Send + 'static {
    /// What the history calls records of this kind (`"lab"`, `"centre"`).
    const HISTORY: &'static str;

    /// The record `id`, once the person may change it (the API's 404 or 403 otherwise).
    fn editable(conn: &mut DbConn, context: &Context, id: &str) -> Result<Self, ApiError>;

    /// The version the record is at.
    fn version(&self) -> i64;
}

/// Reads record `id` for its change form.
pub async fn open<R: Editable>(page: &Page, id: String) -> Result<R, ApiError> {
    page.exchange().read(move |conn, context| R::editable(conn, context, &id)).await
}

/// A refused change, as its form shows it again.
pub struct Refusal<R> {
    pub status: StatusCode,
    /// The record as it is now.
    pub record: R,
    /// The version the form carries: the one the person began from, or after a refusal for
    /// staleness the current one, so that sending the form again applies their values knowingly.
    pub version: i64,
    pub problems: Vec<FieldProblem>,
    /// What others saved since the person began, when that is why the save was refused.
    pub changed_meanwhile: Vec<HistoryRow>,
}

/// Changes record `id` from version `began_at`: `changes` are the API's changes the typed values
/// make (or the refusal of them), `update` is the API's own update, given the `If-Match` of the
/// version the form began at. The updated record, or the refusal to show.
pub async fn save_change<R, C, T, F>(
    page: &Page,
    id: &str,
    began_at: i64,
    changes: Result<C, ApiError>,
    update: F,
) -> Result<Result<T, Refusal<R>>, ApiError>
where
    R: Editable,
    C: Send + 'static,
    T: Send + 'static,
    F: FnOnce(&mut DbConn, &Context, &str, &IfMatch, C) -> Result<T, ApiError> + Send + 'static,
{
    let written = match changes {
        Ok(changes) => {
            let id = id.to_owned();
            page.exchange()
                .write(move |conn, context| update(conn, context, &id, &IfMatch::version(began_at), changes))
                .await
        }
        Err(refusal) => Err(refusal),
    };
    let error = match written {
        Ok(saved) => return Ok(Ok(saved)),
        Err(error) => error,
    };
    let status = actix_web::ResponseError::status_code(&error);
    let stale = matches!(error, ApiError::PreconditionFailed);
    // A refusal that is not about the fields (403, 404, …) goes to the console's error page.
    let problems = if stale { Vec::new() } else { problems(page, error)? };
    let id = id.to_owned();
    let (record, history) = page
        .exchange()
        .read(move |conn, context| {
            if !stale {
                return Ok((R::editable(conn, context, &id)?, None));
            }
            let member = Member::required(conn, context)?;
            let record = R::editable(conn, context, &id)?;
            let history = history::read(conn, context, &member, R::HISTORY, &id)?;
            Ok((record, Some(history)))
        })
        .await?;
    let current = record.version();
    let changed_meanwhile =
        history.map(|history| changed_meanwhile(page, &history, current, began_at)).unwrap_or_default();
    let version = if stale { current } else { began_at };
    Ok(Err(Refusal { status, record, version, problems, changed_meanwhile }))
}
