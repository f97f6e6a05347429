//! `Accept` on reads: a client that asks only for media types a resource is not served in gets
//! `406 Not Acceptable` naming what is, never silently something else (`Accept: text/csv` on a
//! JSON-only resource used to answer JSON with 200). Changes are answered whatever `Accept` says
//! (RFC 9110 §12.5.1 allows it), so a refusal never comes after a write.

use actix_web::HttpRequest;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, Accept, Header, HeaderValue, QualityItem};
use actix_web::middleware::Next;
use actix_web::mime::{self, Mime};

use crate::error::ApiError;

pub async fn refuse_unacceptable(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    // An `Accept` that does not parse is ignored, as if absent.
    let accept = if req.method().is_safe() { Accept::parse(&req).ok() } else { None };
    let response = next.call(req).await?;
    let served = response.headers().get(header::CONTENT_TYPE).and_then(media_type);
    match (accept, served) {
        (Some(accept), Some(served)) if response.status().is_success() && !accepts(&accept.0, &served) => {
            let available = vec![static_name(&served)];
            let (request, _) = response.into_parts();
            let refused = ServiceResponse::from_err(ApiError::NotAcceptable { available }, request);
            Ok(refused.map_into_right_body())
        }
        _ => Ok(response.map_into_left_body()),
    }
}

/// Whether `Accept` names `media` (`text/csv`) itself, rather than only through a wildcard: how a
/// resource with a second representation tells that a client asked for it.
pub fn names(req: &HttpRequest, media: &str) -> bool {
    req.headers()
        .get_all(header::ACCEPT)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| item.split(';').next().is_some_and(|named| named.trim().eq_ignore_ascii_case(media)))
}

fn media_type(value: &HeaderValue) -> Option<Mime> {
    value.to_str().ok()?.parse().ok()
}

/// Whether any range the client accepts (with a quality above zero) covers `served`.
fn accepts(ranges: &[QualityItem<Mime>], served: &Mime) -> bool {
    ranges.is_empty()
        || ranges.iter().any(|range| {
            let (kind, subtype) = (range.item.type_(), range.item.subtype());
            let covers = (kind == mime::STAR || kind == served.type_())
                && (subtype == mime::STAR || subtype == served.subtype());
            covers && range.quality > header::Quality::ZERO
        })
}

/// The media types the service answers in, as static names for the problem's detail.
fn static_name(served: &Mime) -> &'static str {
    match (served.type_().as_str(), served.subtype().as_str()) {
        ("application", "json") => "application/json",
        ("application", "ld+json") => "application/ld+json",
        ("text", "csv") => "text/csv",
        ("text", "html") => "text/html",
        ("text", "plain") => "text/plain",
        ("application", "javascript") | ("text", "javascript") => "text/javascript",
        _ => "its own media type",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(value: &str) -> Vec<QualityItem<Mime>> {
        let request = actix_web::test::TestRequest::default().insert_header(("Accept", value)).to_http_request();
        Accept::parse(&request).unwrap().0
    }

    #[test]
    fn wildcards_and_exact_types_match_and_zero_quality_refuses() {
        let json = mime::APPLICATION_JSON;
        assert!(accepts(&ranges("application/json"), &json));
        assert!(accepts(&ranges("text/csv, */*;q=0.1"), &json));
        assert!(accepts(&ranges("application/*"), &json));
        assert!(!accepts(&ranges("text/csv"), &json));
        assert!(!accepts(&ranges("application/json;q=0"), &json));
    }
}
