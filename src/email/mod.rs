//! Outgoing mail through a durable outbox: a message is committed in the same transaction as the
//! change that causes it, and a background worker delivers it with retries.
//!
//! ```text
//! handler: transaction { change; email::enqueue(conn, &message)? }; outbox.wake();
//! worker:  claim (write transaction) -> send (no transaction) -> record sent or retry time
//! ```

mod backoff;
pub mod letter;
mod signal;
mod smtp_url;
mod transport;
mod worker;

use lettre::message::Mailbox;

pub use backoff::Backoff;
pub use letter::{Letter, Recipient};
pub use signal::Outbox;
pub use smtp_url::check_smtp_url;
pub use transport::message_id;
pub use worker::{Timing, Worker, WorkerHandle};

use crate::db::DbConn;
use crate::db::models::outbox::OutboxMessage;
use crate::error::ApiError;

/// A message to be delivered.
#[derive(Debug, Clone)]
pub struct OutgoingMessage {
    /// What the message is for (`invitation`, `password_reset`, …), for logs and metrics.
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Queues `message` on `conn`, inside the caller's transaction: it is sent only if that commits.
/// Call [`Outbox::wake`] after the commit so it goes out at once.
pub fn enqueue(conn: &mut DbConn, message: &OutgoingMessage) -> Result<(), ApiError> {
    // Caught here, in the request that asked for it, not by a worker retrying forever.
    if message.to.parse::<Mailbox>().is_err() {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "cannot queue {} mail: the recipient is not a mailbox",
            message.kind
        )));
    }
    let record = OutboxMessage::new(message.kind, &message.to, &message.subject, &message.body);
    record.insert(conn)?;
    tracing::debug!(outbox_id = %record.id, kind = message.kind, "mail queued");
    Ok(())
}
