//! Who is calling. [`Credentials`] (an extractor) checks what can be checked without the database
//! — a token's signature and expiry, a partner token's shape; [`Credentials::resolve`] finishes the
//! check against the database inside the handler's own trip (`http::exchange`), so a disabled
//! account, a changed role, an ended session or a revoked partner token stops working at once. A
//! [`Caller`] exists only inside that trip: no rule can be decided before the rows it is about
//! are loaded.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest};

use crate::auth::jwt::AccessTokens;
use crate::auth::tokens::{self, PARTNER_PREFIX};
use crate::db::models::console_session;
use crate::db::models::history::Actor;
use crate::db::models::{partner_token::PartnerToken, user::User};
use crate::domain::role::{Role, UserStatus};
use crate::error::ApiError;
use crate::http::request_id;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    User {
        id: String,
        role: Role,
        institution_id: Option<String>,
    },
    /// A partner institution's system, read-only, scoped to its institution.
    PartnerToken {
        token_id: String,
        institution_id: String,
    },
}

#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
    pub request_id: Option<String>,
}

impl Caller {
    pub fn role(&self) -> Option<Role> {
        match &self.principal {
            Principal::User { role, .. } => Some(*role),
            Principal::PartnerToken { .. } => None,
        }
    }

    pub fn user_id(&self) -> Option<&str> {
        match &self.principal {
            Principal::User { id, .. } => Some(id),
            Principal::PartnerToken { .. } => None,
        }
    }

    /// A person's id and role; partner tokens are refused (they have no account).
    pub fn person(&self) -> Result<(&str, Role), ApiError> {
        match &self.principal {
            Principal::User { id, role, .. } => Ok((id, *role)),
            Principal::PartnerToken { .. } => {
                Err(ApiError::Unauthenticated("This needs a person's access token; partner API tokens cannot use it."))
            }
        }
    }

    /// Who to name in the history of a change.
    pub fn actor(&self) -> Actor {
        match &self.principal {
            Principal::User { id, .. } => Actor::user(id, self.request_id.clone()),
            Principal::PartnerToken { token_id, .. } => Actor::partner_token(token_id, self.request_id.clone()),
        }
    }
}

pub const NO_CREDENTIALS: &str = "Sign in: send `Authorization: Bearer <access token>` (or a partner API token).";
const SESSION_ENDED: &str = "The session has ended; sign in again.";
const BAD_TOKEN: &str = "The access token is invalid or expired; sign in again or refresh it.";

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or(ApiError::Unauthenticated(NO_CREDENTIALS))?
        .to_str()
        .map_err(|_| ApiError::Unauthenticated(BAD_TOKEN))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(token.trim().to_owned())
        }
        _ => Err(ApiError::Unauthenticated(NO_CREDENTIALS)),
    }
}

/// Credentials as far as they can be checked without the database: the access token's signature
/// and expiry, or a partner token's hash. [`Credentials::resolve`] finishes the check on a
/// connection, so a handler can do it in its own database trip instead of a trip of its own.
#[derive(Debug, Clone)]
pub struct Credentials {
    presented: Option<Presented>,
    request_id: Option<String>,
}

#[derive(Debug, Clone)]
enum Presented {
    Access {
        user_id: String,
        version: i64,
        session_id: String,
    },
    Partner {
        token_hash: String,
    },
    /// The console's session cookie; `idle` is how long an unused session lives.
    Console {
        token_hash: String,
        idle: std::time::Duration,
    },
}

impl Credentials {
    fn from_headers(req: &HttpRequest) -> Result<Self, ApiError> {
        let request_id = request_id::current().map(|c| c.id);
        if req.headers().get(header::AUTHORIZATION).is_none() {
            return Ok(Credentials { presented: None, request_id });
        }
        let token = bearer(req)?;
        let presented = if token.starts_with(PARTNER_PREFIX) {
            Presented::Partner { token_hash: tokens::hash(&token) }
        } else {
            let access = req
                .app_data::<Data<AccessTokens>>()
                .ok_or_else(|| ApiError::internal_message("authentication is not configured"))?;
            let claims = access.verify(&token)?;
            Presented::Access { user_id: claims.sub, version: claims.ver, session_id: claims.sid }
        };
        Ok(Credentials { presented: Some(presented), request_id })
    }

    /// The console's credentials: the session cookie's secret, when there is one. The API never
    /// reads the cookie (so a page of another site cannot make a browser call the API), and the
    /// console never reads the `Authorization` header.
    pub fn console(secret: Option<&str>, idle: std::time::Duration) -> Self {
        let presented = secret.map(|secret| Presented::Console { token_hash: tokens::hash(secret), idle });
        Credentials { presented, request_id: request_id::current().map(|c| c.id) }
    }

    /// Whether any credentials were sent (checked or not).
    pub fn presented(&self) -> bool {
        self.presented.is_some()
    }

    /// The caller, checked against the database; `None` when no credentials were sent.
    pub fn resolve(self, conn: &mut crate::db::DbConn) -> Result<Option<Caller>, ApiError> {
        let principal = match self.presented {
            None => return Ok(None),
            Some(Presented::Access { user_id, version, session_id }) => {
                user_principal(conn, &user_id, version, &session_id)?
            }
            Some(Presented::Partner { token_hash }) => partner_principal(conn, &token_hash)?,
            Some(Presented::Console { token_hash, idle }) => {
                let Some((user, _)) = console_session::find_live(conn, &token_hash, idle)? else {
                    return Err(ApiError::Unauthenticated(SESSION_ENDED));
                };
                person(user)?
            }
        };
        Ok(Some(Caller { principal, request_id: self.request_id }))
    }
}

/// Anyone, signed in or not: invalid credentials are refused here (401), valid ones are looked
/// up by the handler with [`Credentials::resolve`], in the same trip as its own queries.
impl FromRequest for Credentials {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Credentials::from_headers(req))
    }
}

fn user_principal(
    conn: &mut crate::db::DbConn,
    user_id: &str,
    token_version: i64,
    session_id: &str,
) -> Result<Principal, ApiError> {
    let Some((user, session_live)) = User::find_in_session(conn, user_id, session_id)? else {
        return Err(ApiError::Unauthenticated(BAD_TOKEN));
    };
    if user.auth_version != token_version || !session_live {
        return Err(ApiError::Unauthenticated(BAD_TOKEN));
    }
    person(user)
}

/// An active account as the principal of a request.
fn person(user: User) -> Result<Principal, ApiError> {
    if user.status()? != UserStatus::Active {
        return Err(ApiError::Unauthenticated(BAD_TOKEN));
    }
    let role = user.role()?;
    Ok(Principal::User { id: user.id, role, institution_id: user.institution_id })
}

fn partner_principal(conn: &mut crate::db::DbConn, token_hash: &str) -> Result<Principal, ApiError> {
    let token = PartnerToken::find_usable(conn, token_hash)?.ok_or(ApiError::Unauthenticated(BAD_TOKEN))?;
    PartnerToken::note_use(conn, &token)?;
    Ok(Principal::PartnerToken { token_id: token.id, institution_id: token.institution_id })
}
