//! A page's template, rendered: its HTML, or the answer that sends it. A template that fails to
//! render is the server's fault, never the request's.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::page::Page;
use crate::error::ApiError;

pub trait Rendered: Template {
    /// The page's HTML.
    fn to_html(&self) -> Result<String, ApiError> {
        self.render().map_err(ApiError::internal)
    }

    /// The HTML answer with `status`, with the cookies this request needs (see [`Page::html`]).
    fn answer(&self, page: &Page, status: StatusCode) -> Result<HttpResponse, ApiError> {
        Ok(page.html(status, self.to_html()?))
    }
}

impl<T: Template> Rendered for T {}
