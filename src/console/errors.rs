//! The console's answers to errors: people get a page in their language, never problem+json.
//! An ended or missing session leads to the sign-in page, which then comes back here.

use actix_web::HttpResponse;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::middleware::Next;
use actix_web::web::Data;
use askama::Template;

use super::{cookies, csrf};
use crate::error::ApiError;
use crate::http::request_id;
use crate::i18n::{Arg, Catalogue, Lang};

#[derive(Template)]
#[template(path = "console/error.html")]
struct ErrorPage<'a> {
    lang: &'a str,
    title: String,
    body: String,
    home: String,
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    let cookie = req.cookie(cookies::LANGUAGE).map(|c| c.value().to_owned());
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let lang = Lang::negotiate(cookie.as_deref(), accept.as_deref());
    let here = req.uri().path_and_query().map_or_else(|| req.path().to_owned(), |p| p.as_str().to_owned());
    let catalogue = req.app_data::<Data<Catalogue>>().cloned();
    let response = next.call(req).await?;
    let Some(error) = response.response().error().and_then(|e| e.as_error::<ApiError>()) else {
        return Ok(response.map_into_left_body());
    };
    let page = match (error, catalogue) {
        (ApiError::Unauthenticated(_), _) => sign_in_first(&here),
        (_, Some(catalogue)) => error_page(error, &catalogue, lang),
        (_, None) => return Ok(response.map_into_left_body()),
    };
    let (request, _) = response.into_parts();
    Ok(ServiceResponse::new(request, page).map_into_right_body())
}

/// Off to the sign-in page, which comes back to `here` (only ever a console path).
fn sign_in_first(here: &str) -> HttpResponse {
    let next = form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>();
    HttpResponse::SeeOther().insert_header((header::LOCATION, format!("/console/sign-in?next={next}"))).finish()
}

fn error_page(error: &ApiError, catalogue: &Catalogue, lang: Lang) -> HttpResponse {
    use actix_web::ResponseError;
    let status = error.status_code();
    let key = match (status, error) {
        (_, ApiError::Forbidden(detail)) if *detail == csrf::FORM_EXPIRED => "error-session-expired",
        (StatusCode::NOT_FOUND, _) => "error-not-found",
        (StatusCode::FORBIDDEN, _) => "error-not-allowed",
        (StatusCode::TOO_MANY_REQUESTS, _) => "error-too-many",
        (StatusCode::SERVICE_UNAVAILABLE, _) => "error-unavailable",
        (s, _) if s.is_client_error() => "error-bad-request",
        _ => "error-internal",
    };
    let request_id = request_id::current().map(|c| c.id).unwrap_or_default();
    let page = ErrorPage {
        lang: lang.html_lang(),
        title: catalogue.text(lang, &format!("{key}-title")),
        body: catalogue.text_with(lang, &format!("{key}-body"), &[("request_id", Arg::Str(&request_id))]),
        home: catalogue.text(lang, "nav-home"),
    };
    match page.render() {
        Ok(html) => HttpResponse::build(status).insert_header(ContentType::html()).body(html),
        Err(e) => {
            tracing::error!(error = %e, "the error page did not render");
            HttpResponse::build(status).insert_header(ContentType::plaintext()).body(page.title)
        }
    }
}
