//! Who this repository is to harvesters: its base URL, the domain in its OAI identifiers
//! (`oai:<domain>:Projects/<uuid>`) and its administrator's address, from the service's public
//! address (`JOINTREG_PUBLIC_URL`) and mail sender (`JOINTREG_MAIL_FROM`).

use crate::config::MailSettings;

/// The domain used when the public address has none the oai-identifier scheme accepts (an IP
/// address, `localhost`).
const FALLBACK_DOMAIN: &str = "jointreg.localhost";

#[derive(Debug, Clone)]
pub struct Repository {
    pub website: String,
    pub base_url: String,
    pub domain: String,
    pub admin_email: String,
}

impl Repository {
    pub fn new(mail: &MailSettings) -> Self {
        let website = mail.public_url.trim_end_matches('/').to_owned();
        let host = url::Url::parse(&website).ok().and_then(|url| url.host_str().map(str::to_owned));
        let domain = host.filter(|host| is_domain(host)).unwrap_or_else(|| FALLBACK_DOMAIN.to_owned());
        let address = match (mail.from.find('<'), mail.from.rfind('>')) {
            (Some(open), Some(close)) if open < close => &mail.from[open + 1..close],
            _ => mail.from.as_str(),
        };
        let admin_email = if is_email(address) { address.to_owned() } else { format!("registry@{domain}") };
        Repository { base_url: format!("{website}/oai"), website, domain, admin_email }
    }

    /// The OAI identifier of the record with CERIF id `record_id`.
    pub fn identifier(&self, record_id: &str) -> String {
        format!("oai:{}:{record_id}", self.domain)
    }

    /// The CERIF id an OAI identifier of this repository names.
    pub fn record_id<'a>(&self, identifier: &'a str) -> Option<&'a str> {
        identifier.strip_prefix("oai:")?.strip_prefix(self.domain.as_str())?.strip_prefix(':')
    }
}

/// `[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+`, the oai-identifier scheme's domain.
fn is_domain(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() > 1
        && labels.iter().all(|label| {
            label.starts_with(|c: char| c.is_ascii_alphabetic())
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// `\S+@(\S+\.)+\S+`, the protocol's e-mail type.
fn is_email(address: &str) -> bool {
    match address.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !address.contains(char::is_whitespace)
                && domain.find('.').is_some_and(|dot| dot > 0 && dot < domain.len() - 1)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MailBackend;

    fn settings(url: &str, from: &str) -> MailSettings {
        MailSettings { backend: MailBackend::Memory(Default::default()), from: from.into(), public_url: url.into() }
    }

    #[test]
    fn identity_from_the_public_address_and_sender() {
        let repository = Repository::new(&settings("https://registry.example.org/", "jointreg <reg@example.org>"));
        assert_eq!(repository.base_url, "https://registry.example.org/oai");
        assert_eq!(repository.identifier("Projects/1"), "oai:registry.example.org:Projects/1");
        assert_eq!(repository.record_id("oai:registry.example.org:Projects/1"), Some("Projects/1"));
        assert_eq!(repository.record_id("oai:elsewhere.org:Projects/1"), None);
        assert_eq!(repository.admin_email, "reg@example.org");

        let local = Repository::new(&settings("http://127.0.0.1:8080", "jointreg <jointreg@localhost>"));
        assert_eq!(local.domain, FALLBACK_DOMAIN);
        assert_eq!(local.admin_email, "registry@jointreg.localhost");
    }
}
