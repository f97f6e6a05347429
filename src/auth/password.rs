//! Password hashing with argon2id: off the async workers, a bounded number at a time, rehashed on
//! login when the stored cost is below the configured one; and the password policy.

use std::borrow::Cow;
use std::sync::Arc;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;
use validator::ValidationError;

use crate::auth::common_passwords;
use crate::config::Argon2Settings;
use crate::error::ApiError;

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

/// Length 12–128 characters and not a common password; no composition rules (NIST SP 800-63B).
pub fn check_policy(password: &str) -> Result<(), ValidationError> {
    let length = password.chars().count();
    let problem = if length < MIN_LENGTH {
        Some(("too_short", "must be at least 12 characters long; a few words make a good one"))
    } else if length > MAX_LENGTH {
        Some(("too_long", "must be at most 128 characters long"))
    } else if password.contains('\0') {
        Some(("nul_character", "must not contain the NUL character"))
    } else if common_passwords::contains(password) {
        Some(("common_password", "is on a list of commonly used passwords; choose another"))
    } else {
        None
    };
    match problem {
        Some((code, message)) => Err(ValidationError::new(code).with_message(Cow::Borrowed(message))),
        None => Ok(()),
    }
}

/// The outcome of checking a password against a stored hash.
pub enum Verification {
    Mismatch,
    /// The password is right; `rehash` holds a new hash when the stored one is weaker than today's.
    Match {
        rehash: Option<String>,
    },
}

pub struct Passwords {
    params: Params,
    permits: Arc<Semaphore>,
    /// Verified against for unknown accounts, so they cost exactly one hash too.
    dummy_hash: String,
}

impl Passwords {
    pub fn new(settings: Argon2Settings) -> Result<Self, String> {
        let params = Params::new(settings.memory_kib, settings.iterations, settings.parallelism, None)
            .map_err(|e| format!("invalid argon2 parameters: {e}"))?;
        let dummy_hash = hash_with(&params, b"no account has this password")?;
        let permits = std::thread::available_parallelism().map_or(2, usize::from);
        Ok(Passwords { params, permits: Arc::new(Semaphore::new(permits)), dummy_hash })
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        let params = self.params.clone();
        self.blocking(move || hash_with(&params, password.as_bytes()).map_err(ApiError::internal_message)).await
    }

    /// Checks `password` against `stored`, or against a dummy hash when there is no stored hash.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<Verification, ApiError> {
        let params = self.params.clone();
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.dummy_hash.clone());
        self.blocking(move || {
            let parsed =
                PasswordHash::new(&stored).map_err(|e| ApiError::internal_message(format!("bad stored hash: {e}")))?;
            if argon2().verify_password(password.as_bytes(), &parsed).is_err() || !known {
                return Ok(Verification::Mismatch);
            }
            let rehash = match Params::try_from(&parsed) {
                Ok(old) if !weaker(&old, &params) => None,
                _ => Some(hash_with(&params, password.as_bytes()).map_err(ApiError::internal_message)?),
            };
            Ok(Verification::Match { rehash })
        })
        .await
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        actix_web::web::block(work).await?
    }
}

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

fn hash_with(params: &Params, password: &[u8]) -> Result<String, String> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password(password)
        .map(|hash| hash.to_string())
        .map_err(|e| format!("cannot hash a password: {e}"))
}

fn weaker(stored: &Params, current: &Params) -> bool {
    stored.m_cost() < current.m_cost() || stored.t_cost() < current.t_cost() || stored.p_cost() < current.p_cost()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_wants_length_not_composition() {
        assert!(check_policy("correct horse battery staple").is_ok());
        assert!(check_policy("длинный пароль без цифр").is_ok());
        assert!(check_policy("长城长城长城长城长城长城").is_ok());
        assert_eq!(check_policy("Short1!").unwrap_err().code, "too_short");
        assert_eq!(check_policy(&"a".repeat(129)).unwrap_err().code, "too_long");
        assert_eq!(check_policy("Password1234").unwrap_err().code, "common_password");
    }

    #[actix_web::test]
    async fn hashes_verify_and_weaker_hashes_are_upgraded() {
        let passwords = Passwords::new(Argon2Settings::MINIMUM).unwrap();
        let hash = passwords.hash("correct horse battery staple".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(matches!(
            passwords.verify("correct horse battery staple".into(), Some(hash.clone())).await.unwrap(),
            Verification::Match { rehash: None }
        ));
        assert!(matches!(
            passwords.verify("Correct horse battery staple".into(), Some(hash)).await.unwrap(),
            Verification::Mismatch
        ));
        assert!(matches!(passwords.verify("anything at all".into(), None).await.unwrap(), Verification::Mismatch));

        let weak = hash_with(&Params::new(8192, 1, 1, None).unwrap(), b"correct horse battery staple").unwrap();
        match passwords.verify("correct horse battery staple".into(), Some(weak)).await.unwrap() {
            Verification::Match { rehash: Some(new) } => assert!(new.contains("m=19456,t=2,p=1")),
            _ => panic!("a weaker hash is upgraded"),
        }
    }
}
