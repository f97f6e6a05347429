//! The language switcher: remembers the choice in a cookie and goes back where it came from.

use actix_web::web::{Path, Query};
use actix_web::{HttpResponse, get};
use serde::Deserialize;

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
