//! Opaque secrets handed to people and systems: 256 random bits, a prefix that says what the token
//! is (so a leaked one is recognisable), stored only as a SHA-256 hash.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const REFRESH_PREFIX: &str = "jrr_";
pub const PARTNER_PREFIX: &str = "jrp_";
pub const ONE_TIME_PREFIX: &str = "jro_";

/// A new token: `prefix` followed by 256 random bits in URL-safe base64.
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// What is stored and looked up: a high-entropy token needs no slow hash, only a one-way one.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_prefixed_and_hashed_one_way() {
        let a = generate(REFRESH_PREFIX);
        let b = generate(REFRESH_PREFIX);
        assert_ne!(a, b);
        assert!(a.starts_with("jrr_") && a.len() == 4 + 43);
        assert_eq!(hash(&a), hash(&a));
        assert_ne!(hash(&a), hash(&b));
        assert!(!hash(&a).contains(&a[4..]));
    }
}
