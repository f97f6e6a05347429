//! Tokens against cross-site request forgery, on every form: an HMAC of what binds the form to
//! this browser — its session secret once signed in, a random cookie before — under a key derived
//! from the service's secret (OWASP's "signed double-submit cookie"). Nothing is stored; a token
//! from another browser, or from before signing in, does not verify.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::ApiError;

/// The key tokens are made with (derived, so the JWT key itself never signs anything else).
#[derive(Clone)]
pub struct CsrfKey(Vec<u8>);

impl CsrfKey {
    pub fn derive(service_secret: &[u8]) -> Self {
        CsrfKey(mac(service_secret, b"jointreg console csrf v1"))
    }

    /// The token for forms bound to `binding` (a session secret or a form nonce).
    pub fn token(&self, binding: &str) -> String {
        hex::encode(mac(&self.0, binding.as_bytes()))
    }

    /// Whether `presented` is the token for `binding` (compared in constant time).
    pub fn verify(&self, binding: &str, presented: &str) -> Result<(), ApiError> {
        let Ok(presented) = hex::decode(presented) else { return Err(expired()) };
        let Ok(mut check) = Hmac::<Sha256>::new_from_slice(&self.0) else { return Err(expired()) };
        check.update(binding.as_bytes());
        check.verify_slice(&presented).map_err(|_| expired())
    }
}

fn mac(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length: `new_from_slice` cannot fail for it.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// What a form whose token does not fit is told: it was sent from elsewhere, or shown before
/// signing in or out.
pub const FORM_EXPIRED: &str = "This form has expired; open the page again and resend it.";

fn expired() -> ApiError {
    ApiError::Forbidden(FORM_EXPIRED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_only_for_its_binding() {
        let key = CsrfKey::derive(b"a service secret of at least 32 bytes!");
        let token = key.token("session-a");
        assert!(key.verify("session-a", &token).is_ok());
        assert!(key.verify("session-b", &token).is_err());
        assert!(key.verify("session-a", "not hex").is_err());
        let other = CsrfKey::derive(b"another service secret of 32 bytes!!");
        assert!(other.verify("session-a", &token).is_err());
    }
}
