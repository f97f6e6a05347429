//! The console's cookies. The session cookie is `HttpOnly` and `SameSite=Strict` (never sent by
//! another site's page), `Secure` when the service is reached over https, and scoped to the
//! console's path: the API never sees it.

use actix_web::cookie::time::Duration;
use actix_web::cookie::{Cookie, SameSite};

pub const SESSION: &str = "jointreg_session";
/// A random value that binds the CSRF token of forms shown before signing in.
pub const FORM_NONCE: &str = "jointreg_form";
pub const LANGUAGE: &str = "jointreg_lang";
pub const PATH: &str = "/console";

/// Cookie settings that depend on how the service is reached.
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    /// The public URL is https: cookies are only ever sent over TLS.
    pub secure: bool,
}

impl CookiePolicy {
    pub fn from_public_url(public_url: &str) -> Self {
        CookiePolicy { secure: public_url.starts_with("https://") }
    }

    /// A secret only the server reads (session, form nonce): a browser session cookie.
    pub fn secret(&self, name: &'static str, value: String) -> Cookie<'static> {
        Cookie::build(name, value).path(PATH).http_only(true).secure(self.secure).same_site(SameSite::Strict).finish()
    }

    /// The language chosen with the switcher, kept for a year.
    pub fn language(&self, value: &str) -> Cookie<'static> {
        Cookie::build(LANGUAGE, value.to_owned())
            .path(PATH)
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
            .max_age(Duration::days(365))
            .finish()
    }

    /// The cookie `name`, removed.
    pub fn removal(&self, name: &'static str) -> Cookie<'static> {
        let mut cookie = self.secret(name, String::new());
        cookie.make_removal();
        cookie
    }
}
