//! `X-Request-Id`: accepted from the client when sane, generated otherwise, echoed on every
//! response, attached to every log line of the request and to every problem body.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// What an error response needs to know about the request it answers.
#[derive(Debug, Clone)]
pub struct RequestContext {
    pub id: String,
    pub path: String,
}

tokio::task_local! {
    static CONTEXT: RequestContext;
}

/// The context of the request being handled on this task, if any.
pub fn current() -> Option<RequestContext> {
    CONTEXT.try_with(Clone::clone).ok()
}

/// A client id is kept only if it is short and printable, so it cannot forge log lines.
fn accept_client_id(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let sane = !text.is_empty()
        && text.len() <= 128
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
    sane.then(|| text.to_owned())
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let id = req.headers().get(&HEADER).and_then(accept_client_id).unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let context = RequestContext { id: id.clone(), path: req.path().to_owned() };
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = Instant::now();

    span.in_scope(|| tracing::debug!("request started"));
    let result = CONTEXT.scope(context, next.call(req)).instrument(span.clone()).await;

    let _entered = span.enter();
    let mut response = result?;
    let status = response.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(status, elapsed_ms, "request finished");
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    Ok(response)
}
