//! A console request: its language, its session (when there is one), the token its forms carry,
//! and the exchange that reads and writes through the same path as the API (`http::exchange`).

use actix_web::cookie::Cookie;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;

use super::cookies::{self, CookiePolicy};
use super::csrf::CsrfKey;
use super::frame::{Frame, Member};
use crate::auth::caller::Credentials;
use crate::auth::tokens;
use crate::clock::Clock;
use crate::config::AuthSettings;
use crate::db::Db;
use crate::error::ApiError;
use crate::http::exchange::{Exchange, Public};
use crate::i18n::{Arg, Catalogue, Lang};

/// What the forms of this page are bound to (see `console::csrf`).
enum Binding {
    /// The session's cookie secret, once signed in.
    Session(String),
    /// A random cookie value, before; `fresh` when this request made it (it must be set).
    Nonce { value: String, fresh: bool },
}

pub struct Page {
    pub lang: Lang,
    exchange: Exchange<Public>,
    catalogue: Data<Catalogue>,
    csrf_key: Data<CsrfKey>,
    policy: CookiePolicy,
    binding: Binding,
    /// Path and query of this request: where to come back to after signing in.
    pub here: String,
}

impl Page {
    /// The exchange every page reads and writes through; pages that need a signed-in person
    /// ask `context.caller()` and get a sign-in redirect when there is none.
    pub fn exchange(&self) -> &Exchange<Public> {
        &self.exchange
    }

    /// The token this page's forms carry.
    pub fn csrf(&self) -> String {
        self.csrf_key.token(self.binding_value())
    }

    /// Checks a form's token (403 when it does not fit this browser).
    pub fn check(&self, token: &str) -> Result<(), ApiError> {
        self.csrf_key.verify(self.binding_value(), token)
    }

    fn binding_value(&self) -> &str {
        match &self.binding {
            Binding::Session(secret) => secret,
            Binding::Nonce { value, .. } => value,
        }
    }

    /// The secret of the session cookie, when one was sent.
    pub fn session_secret(&self) -> Option<&str> {
        match &self.binding {
            Binding::Session(secret) => Some(secret),
            Binding::Nonce { .. } => None,
        }
    }

    pub fn cookie_policy(&self) -> CookiePolicy {
        self.policy
    }

    /// The catalogue, to take into a database closure (`catalogue.texts(page.lang)` there).
    pub fn catalogue(&self) -> Data<Catalogue> {
        self.catalogue.clone()
    }

    /// A word of the catalogue, in this page's language.
    pub fn t(&self, key: &str) -> String {
        self.catalogue.text(self.lang, key)
    }

    /// A word of the catalogue with its arguments (`{ $minutes }` and the like; plurals included).
    pub fn t_with(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.catalogue.text_with(self.lang, key, args)
    }

    /// What every page's layout needs, for `member` (the signed-in person, if any).
    pub fn frame(&self, title: &str, member: Option<Member>) -> Frame {
        Frame::new(self.catalogue.clone(), self.lang, self.t(title), self.csrf(), member, self.here.clone())
    }

    /// An HTML answer, with the cookies this request needs set.
    pub fn html(&self, status: StatusCode, body: String) -> HttpResponse {
        let mut response = HttpResponse::build(status);
        response.insert_header(ContentType::html()).insert_header((header::VARY, "Cookie, Accept-Language"));
        if let Binding::Nonce { value, fresh: true } = &self.binding {
            response.cookie(self.policy.secret(cookies::FORM_NONCE, value.clone()));
        }
        response.body(body)
    }

    /// 303 See Other to `location` (after a form: the browser then GETs it).
    pub fn see_other(&self, location: &str) -> HttpResponse {
        see_other(location)
    }

    /// 303 to `location`, setting `cookie`.
    pub fn see_other_with(&self, location: &str, cookie: Cookie<'static>) -> HttpResponse {
        HttpResponse::SeeOther().insert_header((header::LOCATION, location.to_owned())).cookie(cookie).finish()
    }
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location.to_owned())).finish()
}

impl FromRequest for Page {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let page = (|| {
            let missing = || ApiError::internal_message("the console is not configured");
            let db = req.app_data::<Data<Db>>().cloned().ok_or_else(missing)?;
            let catalogue = req.app_data::<Data<Catalogue>>().cloned().ok_or_else(missing)?;
            let csrf_key = req.app_data::<Data<CsrfKey>>().cloned().ok_or_else(missing)?;
            let policy = *req.app_data::<Data<CookiePolicy>>().ok_or_else(missing)?.get_ref();
            let idle = req.app_data::<Data<AuthSettings>>().ok_or_else(missing)?.refresh_idle_ttl;
            let today = req.app_data::<Data<Clock>>().map_or_else(|| Clock::system().today(), |c| c.today());
            let cookie = |name| req.cookie(name).map(|c| c.value().to_owned()).filter(|v| !v.is_empty());
            let accept_language = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
            let lang = Lang::negotiate(cookie(cookies::LANGUAGE).as_deref(), accept_language);
            let session = cookie(cookies::SESSION);
            let credentials = Credentials::console(session.as_deref(), idle);
            let binding = match (session, cookie(cookies::FORM_NONCE)) {
                (Some(secret), _) => Binding::Session(secret),
                (None, Some(value)) => Binding::Nonce { value, fresh: false },
                (None, None) => Binding::Nonce { value: tokens::generate("jrf_"), fresh: true },
            };
            let here = req.uri().path_and_query().map_or_else(|| req.path().to_owned(), |p| p.as_str().to_owned());
            Ok(Page {
                lang,
                exchange: Exchange::with(db, credentials, today),
                catalogue,
                csrf_key,
                policy,
                binding,
                here,
            })
        })();
        Box::pin(async move { page })
    }
}
