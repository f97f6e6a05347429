//! Checking an SMTP URL at start-up, with messages that say what to change. Messages never repeat
//! the URL: it may hold a password.

use std::net::IpAddr;

/// Checks an SMTP URL at start-up, so bad mail settings never surface as lost mail later.
pub fn check_smtp_url(text: &str) -> Result<(), String> {
    let url = url::Url::parse(text).map_err(|e| format!("is not a URL ({e})"))?;
    let tls = url.query_pairs().find(|(key, _)| key == "tls").map(|(_, value)| value.into_owned());
    let encrypted = match (url.scheme(), tls.as_deref()) {
        ("smtps", None) | ("smtp", Some("required")) => true,
        ("smtp", None | Some("opportunistic")) => false,
        ("smtp" | "smtps", Some(other)) => {
            return Err(format!(
                "has tls={other:?}; use ?tls=required or ?tls=opportunistic with smtp://, or smtps:// alone"
            ));
        }
        (scheme, _) => {
            return Err(format!(
                "has scheme {scheme:?}; use smtp://HOST:25, smtp://USER:PASSWORD@HOST:587?tls=required or smtps://HOST:465"
            ));
        }
    };
    let host = url.host_str().filter(|h| !h.is_empty()).ok_or("names no host")?;
    let has_credentials = !url.username().is_empty() || url.password().is_some();
    // Without TLS (or with TLS a man in the middle can strip) the password crosses the network in
    // clear; only a relay on this machine is exempt.
    if has_credentials && !encrypted && !is_loopback(host) {
        return Err("would send the password unencrypted; use smtps:// or ?tls=required".into());
    }
    lettre::SmtpTransport::from_url(text).map(drop).map_err(|e| format!("is not a usable SMTP URL ({e})"))
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::check_smtp_url;

    #[test]
    fn accepts_the_documented_forms() {
        for url in [
            "smtp://mail.example.org:25",
            "smtp://user:secret@mail.example.org:587?tls=required",
            "smtp://mail.example.org:587?tls=opportunistic",
            "smtps://user:secret@mail.example.org:465",
            "smtp://user:secret@127.0.0.1:2525",
            "smtp://user:secret@[::1]:2525",
            "smtp://user:secret@localhost",
        ] {
            assert_eq!(check_smtp_url(url), Ok(()), "{url}");
        }
    }

    #[test]
    fn rejects_an_unknown_scheme_by_name() {
        let message = check_smtp_url("http://mail.example.org").unwrap_err();
        assert!(message.contains("\"http\""), "{message}");
        assert!(message.contains("smtps://"), "{message}");
    }

    #[test]
    fn rejects_an_unknown_tls_mode() {
        let message = check_smtp_url("smtp://mail.example.org?tls=yes").unwrap_err();
        assert!(message.contains("tls=\"yes\""), "{message}");
    }

    #[test]
    fn rejects_text_that_is_not_a_url() {
        assert!(check_smtp_url("mail.example.org:25").is_err());
        assert!(check_smtp_url("").is_err());
    }

    #[test]
    fn rejects_a_password_sent_in_clear_to_another_host_without_repeating_it() {
        for url in
            ["smtp://user:hunter2@mail.example.org:25", "smtp://user:hunter2@mail.example.org:587?tls=opportunistic"]
        {
            let message = check_smtp_url(url).unwrap_err();
            assert!(message.contains("unencrypted"), "{message}");
            assert!(!message.contains("hunter2"), "{message}");
        }
    }
}
