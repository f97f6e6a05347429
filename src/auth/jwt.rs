//! Access tokens: short-lived HS256 JWTs. Algorithm, issuer, audience, key id and token type are
//! pinned; `exp`, `iat`, `nbf`, `sub` and `jti` are required; the account's `auth_version` is in
//! the token so disabling an account or changing its role ends the token at once, and so is the
//! session (`sid`, the sign-in's refresh family) so that ending the session ends its tokens too.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Secret;
use crate::error::ApiError;

pub const ISSUER: &str = "jointreg";
pub const AUDIENCE: &str = "jointreg-api";
pub const ACCESS_TYPE: &str = "access";
/// Clock skew tolerated between servers.
const LEEWAY_SECS: u64 = 10;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The user's id.
    pub sub: String,
    pub exp: u64,
    pub iat: u64,
    pub nbf: u64,
    pub jti: String,
    /// Always `access`: no other kind of token is ever accepted in its place.
    pub typ: String,
    /// The account's `auth_version` when the token was issued.
    pub ver: i64,
    /// The session (refresh family) the token belongs to: once it ends, so does the token.
    pub sid: String,
}

pub struct AccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// Names the key, so a future key rotation can tell keys apart; anything else is refused.
    kid: String,
    ttl: Duration,
    validation: Validation,
}

impl AccessTokens {
    pub fn new(secret: &Secret, ttl: Duration) -> Result<Self, String> {
        let kid = hex::encode(&Sha256::digest(&secret.0)[..8]);
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.validate_nbf = true;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "nbf", "iss", "aud", "sub"]);
        let key_error = |e: jsonwebtoken::errors::Error| format!("unusable JWT secret: {e}");
        Ok(AccessTokens {
            encoding: EncodingKey::from_secret(&secret.0).map_err(key_error)?,
            decoding: DecodingKey::from_secret(&secret.0).map_err(key_error)?,
            kid,
            ttl,
            validation,
        })
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A signed access token for `user_id` at `auth_version`, in session `session_id`.
    pub fn issue(&self, user_id: &str, auth_version: i64, session_id: &str) -> Result<String, ApiError> {
        let now = unix_now();
        let claims = AccessClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user_id.into(),
            exp: now + self.ttl.as_secs(),
            iat: now,
            nbf: now,
            jti: uuid::Uuid::now_v7().to_string(),
            typ: ACCESS_TYPE.into(),
            ver: auth_version,
            sid: session_id.into(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        encode(&header, &claims, &self.encoding).map_err(ApiError::internal)
    }

    /// The claims of a valid access token; every failure is the same 401.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, ApiError> {
        let invalid =
            || ApiError::Unauthenticated("The access token is invalid or expired; sign in again or refresh it.");
        let header = decode_header(token).map_err(|_| invalid())?;
        if header.alg != Algorithm::HS256 || header.kid.as_deref() != Some(self.kid.as_str()) {
            return Err(invalid());
        }
        let claims = decode::<AccessClaims>(token, &self.decoding, &self.validation).map_err(|_| invalid())?.claims;
        let issued_in_future = claims.iat > unix_now() + LEEWAY_SECS;
        if claims.typ != ACCESS_TYPE || claims.jti.is_empty() || claims.sid.is_empty() || issued_in_future {
            return Err(invalid());
        }
        Ok(claims)
    }
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> AccessTokens {
        AccessTokens::new(&Secret(b"0123456789abcdef0123456789abcdef".to_vec()), Duration::from_secs(900)).unwrap()
    }

    #[test]
    fn a_token_round_trips() {
        let tokens = tokens();
        let token = tokens.issue("user-1", 3, "session-1").unwrap();
        let claims = tokens.verify(&token).unwrap();
        assert_eq!((claims.sub.as_str(), claims.ver, claims.typ.as_str()), ("user-1", 3, "access"));
        assert_eq!(claims.sid, "session-1");
    }

    #[test]
    fn another_key_is_refused() {
        let token = tokens().issue("user-1", 1, "session-1").unwrap();
        let other =
            AccessTokens::new(&Secret(b"another secret of at least 32 bytes!".to_vec()), Duration::from_secs(900))
                .unwrap();
        assert!(other.verify(&token).is_err());
    }
}
