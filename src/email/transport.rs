//! Handing one stored message to the configured backend: SMTP, `.eml` files, or memory.

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{Message, SmtpTransport, Transport};

use crate::config::{MailBackend, MailSettings, MemoryMailbox, SentMail};
use crate::db::models::outbox::OutboxMessage;

/// The Message-ID of an outbox message: the same on every attempt, so a duplicate delivery is
/// recognisable by the recipient's mail system (and by tests).
pub fn message_id(outbox_id: &str) -> String {
    format!("<{outbox_id}@jointreg>")
}

pub(crate) struct Mailer {
    from: Mailbox,
    backend: Backend,
}

enum Backend {
    Smtp(SmtpTransport),
    File(PathBuf),
    Memory(MemoryMailbox),
}

impl Mailer {
    /// Checks the settings and prepares the backend; the error is one line for the operator.
    pub(crate) fn new(settings: &MailSettings, smtp_timeout: Duration) -> Result<Self, String> {
        let from = settings
            .from
            .parse::<Mailbox>()
            .map_err(|e| format!("the From address {:?} is not a mailbox ({e})", settings.from))?;
        let backend = match &settings.backend {
            MailBackend::Smtp { url } => {
                super::check_smtp_url(url).map_err(|why| format!("the SMTP URL {why}"))?;
                let builder = SmtpTransport::from_url(url).map_err(|e| format!("the SMTP URL is not usable ({e})"))?;
                Backend::Smtp(builder.timeout(Some(smtp_timeout)).build())
            }
            MailBackend::File { dir } => {
                prepare_dir(dir)?;
                Backend::File(dir.clone())
            }
            MailBackend::Memory(mailbox) => Backend::Memory(mailbox.clone()),
        };
        Ok(Mailer { from, backend })
    }

    pub(crate) fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Smtp(_) => "smtp",
            Backend::File(_) => "file",
            Backend::Memory(_) => "memory",
        }
    }

    /// Delivers once; the error is short and holds no body text.
    pub(crate) fn deliver(&self, message: &OutboxMessage) -> Result<(), String> {
        match &self.backend {
            Backend::Smtp(transport) => {
                let email = self.build(message)?;
                transport.send(&email).map(drop).map_err(|e| e.to_string())
            }
            Backend::File(dir) => write_eml(dir, &message.id, &self.build(message)?.formatted()),
            Backend::Memory(mailbox) => {
                let mut sent = mailbox.0.lock().map_err(|_| "the memory mailbox is poisoned".to_owned())?;
                sent.push(SentMail {
                    outbox_id: message.id.clone(),
                    to: message.recipient.clone(),
                    subject: message.subject.clone(),
                    body: message.body_text.clone(),
                });
                Ok(())
            }
        }
    }

    fn build(&self, message: &OutboxMessage) -> Result<Message, String> {
        let to = message.recipient.parse::<Mailbox>().map_err(|e| format!("the recipient is not a mailbox ({e})"))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.as_str())
            .message_id(Some(message_id(&message.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(message.body_text.clone())
            .map_err(|e| format!("cannot build the message ({e})"))
    }
}

/// Creates the folder and proves it writable, so a bad folder stops the start, not the mail.
fn prepare_dir(dir: &Path) -> Result<(), String> {
    let problem = |e: std::io::Error| format!("cannot use the mail folder {}: {e}", dir.display());
    std::fs::create_dir_all(dir).map_err(problem)?;
    let probe = dir.join(".jointreg-write-check");
    std::fs::write(&probe, b"").map_err(problem)?;
    std::fs::remove_file(&probe).map_err(problem)
}

/// Writes `<outbox id>.eml` whole or not at all; a repeated delivery overwrites the same file.
fn write_eml(dir: &Path, outbox_id: &str, bytes: &[u8]) -> Result<(), String> {
    let path = dir.join(format!("{outbox_id}.eml"));
    let partial = dir.join(format!(".{outbox_id}.eml.partial"));
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, &path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
