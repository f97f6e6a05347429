//! Settings for outgoing mail.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// One message as a backend handed it over (the memory backend keeps these for tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMail {
    pub outbox_id: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Messages "sent" by the memory backend, shared with whoever built the settings.
#[derive(Debug, Clone, Default)]
pub struct MemoryMailbox(pub Arc<Mutex<Vec<SentMail>>>);

impl MemoryMailbox {
    pub fn messages(&self) -> Vec<SentMail> {
        self.0.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub enum MailBackend {
    /// `smtp://user:password@host:587?tls=required`, `smtps://host:465`, or `smtp://host:25` (lettre's URL form).
    Smtp { url: String },
    /// Each message written as an `.eml` file into `dir`.
    File { dir: PathBuf },
    /// Kept in memory (tests).
    Memory(MemoryMailbox),
}

#[derive(Debug, Clone)]
pub struct MailSettings {
    pub backend: MailBackend,
    /// The From mailbox, e.g. `jointreg <registry@example.org>`.
    pub from: String,
    /// Base URL of the service as users reach it, for links in messages.
    pub public_url: String,
}
