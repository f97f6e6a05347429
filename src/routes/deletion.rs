//! `DELETE /api/v1/<resource>/{id}`: the same steps for every record that may be deleted.

use actix_web::HttpResponse;

use crate::auth::policy;
use crate::db::DbConn;
use crate::db::models::versioned::{self, Versioned};
use crate::error::{ApiError, FieldError};
use crate::http::etag::OptionalIfMatch;
use crate::http::exchange::Context;
use crate::http::record::RecordRequest;

/// What refers to a record and so keeps it from being deleted (`errors` of the 409).
pub type References<R> = fn(&R, &mut DbConn) -> Result<Vec<FieldError>, ApiError>;

/// Nothing refers to records of this kind: any may go.
pub fn unreferenced<R>(_: &R, _: &mut DbConn) -> Result<Vec<FieldError>, ApiError> {
    Ok(vec![])
}

/// What every delete takes from its request: who asks, which record, and the optional `If-Match`.
pub type Deletion = RecordRequest<OptionalIfMatch>;

impl Deletion {
    /// Deletes the record as `find` reads it for the caller (404 when they may not see it), for
    /// administrators only, unless `references` finds records that refer to it (409 with
    /// `refused`), or a sent `If-Match` names another version (412). Its history stays. 204 when
    /// done.
    pub async fn run<R, F>(
        self,
        find: F,
        references: References<R>,
        refused: &'static str,
    ) -> Result<HttpResponse, ApiError>
    where
        R: Versioned + 'static,
        F: FnOnce(&mut DbConn, &Context, &str) -> Result<R, ApiError> + Send + 'static,
    {
        let (exchange, id, if_match) = self.into_parts()?;
        exchange
            .write(move |conn, context| {
                // Not found comes before not allowed, as on every other route of a record.
                let record = find(conn, context, &id)?;
                policy::delete_records(context.caller()?)?;
                let references = references(&record, conn)?;
                versioned::delete(conn, &context.actor()?, record, if_match.get(), references, refused)
            })
            .await?;
        Ok(HttpResponse::NoContent().finish())
    }
}
