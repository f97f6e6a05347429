//! Structured logs on stderr: readable for people, JSON for collectors.

use std::fmt;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::Filter;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, Registry, fmt as format};

use crate::config::{LogFormat, Settings};

pub fn init(settings: &Settings) {
    let filter = EnvFilter::try_new(&settings.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let output = format::layer().with_writer(std::io::stderr);
    let output = match settings.log_format {
        LogFormat::Json => output.json().flatten_event(true).with_current_span(true).boxed(),
        LogFormat::Pretty => output.boxed(),
    };
    let subscriber = Registry::default().with(filter).with(output.with_filter(NotClientMistakes));
    // A second init (tests building several apps) is harmless, so its error is ignored.
    let _ = subscriber.try_init();
}

/// actix-http logs at ERROR every connection whose request it could not parse ("stream error:
/// …"), so anyone could fill the error log with malformed requests. They are the client's
/// mistake, not the service's: left out. (Over-long URLs, the common case, never get there: the
/// service answers them itself with a 414, logged as a warning; `http::request_line`.)
struct NotClientMistakes;

impl<S> Filter<S> for NotClientMistakes {
    fn enabled(&self, _: &Metadata<'_>, _: &Context<'_, S>) -> bool {
        true
    }

    fn event_enabled(&self, event: &Event<'_>, _: &Context<'_, S>) -> bool {
        let metadata = event.metadata();
        if *metadata.level() != Level::ERROR || metadata.target() != "actix_http::h1::dispatcher" {
            return true;
        }
        let mut message = Message(String::new());
        event.record(&mut message);
        !message.0.starts_with("stream error")
    }
}

struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}
