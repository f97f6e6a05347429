//! What every page's layout shows: the language and its switcher, the signed-in person with the
//! navigation their role has, the form token, and the page's title.

use actix_web::web::Data;

use crate::db::DbConn;
use crate::db::models::user::User;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::http::exchange::Context;
use crate::i18n::{Catalogue, Lang, Texts};

/// The signed-in person, as the layout shows them.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub institution_id: Option<String>,
}

impl Member {
    /// The person behind the request, or `None` (a partner API token is not a person).
    pub fn of(conn: &mut DbConn, context: &Context) -> Result<Option<Member>, ApiError> {
        let Some(caller) = context.anyone() else { return Ok(None) };
        let Ok((id, role)) = caller.person() else { return Ok(None) };
        let user = User::find(conn, id)?;
        Ok(Some(Member { id: user.id, name: user.display_name, role, institution_id: user.institution_id }))
    }

    /// The person behind the request; a request without one is asked to sign in.
    pub fn required(conn: &mut DbConn, context: &Context) -> Result<Member, ApiError> {
        Member::of(conn, context)?.ok_or(ApiError::Unauthenticated("Sign in to see this page."))
    }
}

/// A link of the language switcher.
pub struct LanguageLink {
    pub lang: Lang,
    pub href: String,
    pub current: bool,
}

pub struct Frame {
    catalogue: Data<Catalogue>,
    pub lang: Lang,
    pub title: String,
    pub csrf: String,
    pub member: Option<Member>,
    /// Path and query of the page: the switcher and sign-in come back to it.
    pub here: String,
}

impl Frame {
    pub fn new(
        catalogue: Data<Catalogue>,
        lang: Lang,
        title: String,
        csrf: String,
        member: Option<Member>,
        here: String,
    ) -> Self {
        Frame { catalogue, lang, title, csrf, member, here }
    }

    /// A word of the catalogue in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.catalogue.text(self.lang, key)
    }

    /// The catalogue and formats in the page's language: `frame.texts().label(status)`,
    /// `.date(day)`, `.money(minor, "RUB")`, `.name(en, ru, zh)`.
    pub fn texts(&self) -> Texts<'_> {
        self.catalogue.texts(self.lang)
    }

    /// The integrity the vendored htmx is loaded with.
    pub fn htmx_integrity(&self) -> &'static str {
        super::assets::HTMX_INTEGRITY
    }

    pub fn html_lang(&self) -> &'static str {
        self.lang.html_lang()
    }

    pub fn languages(&self) -> Vec<LanguageLink> {
        let back = form_urlencoded::byte_serialize(self.here.as_bytes()).collect::<String>();
        Lang::ALL
            .iter()
            .map(|lang| LanguageLink {
                lang: *lang,
                href: format!("/console/language/{}?back={back}", lang.as_str()),
                current: *lang == self.lang,
            })
            .collect()
    }

    /// The role's name, for the header.
    pub fn role_name(&self) -> String {
        self.member.as_ref().map(|m| self.catalogue.label(self.lang, m.role)).unwrap_or_default()
    }
}
