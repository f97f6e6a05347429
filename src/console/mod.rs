//! The web console: pages for people, in English, Russian and Chinese, over the same exchange,
//! policy and models as the API. It holds no rule of its own: a page shows what the same caller
//! would get from the API, and an invisible record is "not found" here too.
//!
//! Plain HTML first: every flow works with JavaScript off; the vendored htmx only swaps rows
//! and fragments in place.

mod assets;
mod cookies;
mod csrf;
mod errors;
mod frame;
mod keys;
mod page;
mod pages;
pub mod picture;
mod rendered;

use actix_web::middleware::from_fn;
use actix_web::web::{self, Data};

pub use cookies::CookiePolicy;
pub use csrf::CsrfKey;

/// What the console needs at run time, built once at start-up.
pub struct ConsoleData {
    pub catalogue: Data<crate::i18n::Catalogue>,
    pub csrf_key: Data<CsrfKey>,
    pub cookies: Data<CookiePolicy>,
}

impl ConsoleData {
    pub fn new(jwt_secret: &[u8], public_url: &str) -> Result<Self, String> {
        Ok(ConsoleData {
            catalogue: Data::new(crate::i18n::Catalogue::load()?),
            csrf_key: Data::new(CsrfKey::derive(jwt_secret)),
            cookies: Data::new(CookiePolicy::from_public_url(public_url)),
        })
    }
}

/// The console under `/console` (`/` leads there).
pub fn configure(cfg: &mut web::ServiceConfig, data: &ConsoleData) {
    cfg.service(web::redirect("/", "/console/")).service(web::redirect("/console", "/console/")).service(
        web::scope("/console")
            .app_data(data.catalogue.clone())
            .app_data(data.csrf_key.clone())
            .app_data(data.cookies.clone())
            .app_data(forms())
            .app_data(queries())
            .service(assets::file)
            .configure(pages::configure)
            .wrap(from_fn(errors::middleware)),
    );
}

/// A form the console cannot read (wrong content type, too large, not URL-encoded) gets the
/// console's "bad request" page in the reader's language, not actix's plain-text answer.
fn forms() -> web::FormConfig {
    web::FormConfig::default().error_handler(|error, _| crate::error::ApiError::BadRequest(error.to_string()).into())
}

/// The same for a query string that does not parse.
fn queries() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _| crate::error::ApiError::BadRequest(error.to_string()).into())
}
