//! The language switcher: remembers the choice in a cookie and goes back where it came from.
//! For a signed-in person it is also the language of their mail from now on, stored on their
//! account (`auth::account::set_language`: an ordinary change, with its history entry).
//!
//! A GET that writes: the session cookie is `SameSite=Strict`, so a link or image on another
//! site arrives without it and changes nothing but the language cookie; and a choice equal to
//! the stored one writes nothing.

use actix_web::web::{Path, Query};
use actix_web::{HttpResponse, get};
use serde::Deserialize;

use crate::auth::account;
use crate::console::page::Page;
use crate::error::ApiError;
use crate::i18n::Lang;

#[derive(Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// Only a console page is a place to go back to (never another site).
pub fn console_path(path: Option<&str>) -> &str {
    path.filter(|p| p.starts_with("/console/") && !p.starts_with("/console//")).unwrap_or("/console/")
}

#[get("/language/{lang}")]
pub async fn choose(page: Page, lang: Path<String>, back: Query<Back>) -> Result<HttpResponse, ApiError> {
    let lang = Lang::parse(&lang).ok_or(ApiError::NotFound)?;
    if page.session_secret().is_some() {
        match account::set_language(page.exchange(), lang).await {
            // An ended session still gets the language it asked for, in its cookie.
            Ok(()) | Err(ApiError::Unauthenticated(_)) => {}
            Err(other) => return Err(other),
        }
    }
    let cookie = page.cookie_policy().language(lang.as_str());
    Ok(page.see_other_with(console_path(back.back.as_deref()), cookie))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_console_paths_are_followed() {
        assert_eq!(console_path(Some("/console/centres/1")), "/console/centres/1");
        assert_eq!(console_path(Some("https://evil.example/")), "/console/");
        assert_eq!(console_path(Some("//evil.example/")), "/console/");
        assert_eq!(console_path(Some("/console//evil.example")), "/console/");
        assert_eq!(console_path(None), "/console/");
    }
}
