//! The browser-test machinery (`helpers/browser.rs`) on real Chromium: the smoke test on the
//! service's docs page and on an API answer under `default-src 'none'`, and the helpers on a page
//! of this file's own that has the console's kind of policy, with and without JavaScript. Browsers
//! are slow, so these run on SQLite only.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::thread::JoinHandle;

use actix_web::dev::ServerHandle;
use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use fantoccini::Locator;
use serde_json::json;

use crate::api_test;
use crate::helpers::browser::{Browser, VIEWPORT, assert_accessible, report, screenshot_path};
use crate::helpers::{Backend, TestApp};

api_test! {
    /// The smoke test: Chromium renders the Swagger UI the service serves at `/docs/`, in a
    /// 1280×900 viewport, and a screenshot of it is written; axe-core runs there and, after
    /// WebDriver proved that the page itself may run no inline script, on an API answer whose
    /// policy is `default-src 'none'`. The Swagger UI's own violations are reported, not held
    /// against it: the console's pages are (`assert_accessible`).
    #[requires(Browser)]
    async fn chromium_renders_the_docs_and_axe_runs_under_a_strict_policy() {
        let app = TestApp::spawn(Backend::Sqlite).await;
        let browser = Browser::start().await;

        browser.goto(&app.url("/docs/")).await;
        browser.wait_for(".swagger-ui .info .title").await;
        assert!(browser.text(".swagger-ui .info .title").await.starts_with("jointreg"));
        browser.wait_for(".swagger-ui .opblock").await;
        let viewport = browser.client().execute("return [window.innerWidth, window.innerHeight]", vec![]).await;
        assert_eq!(viewport.expect("the viewport"), json!([VIEWPORT.0, VIEWPORT.1]));
        let shot = browser.screenshot(screenshot_path("smoke")).await;
        let png = std::fs::read(&shot).expect("the screenshot");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000, "{} is no real PNG", shot.display());
        println!("axe on /docs/ (the Swagger UI; reported, not asserted): {}", report(&browser.axe().await));

        let path = "/health/live";
        let response = app.anonymous.get(app.url(path)).send().await.expect("GET");
        let policy = response.headers()[header::CONTENT_SECURITY_POLICY.as_str()].to_str().expect("ASCII").to_owned();
        assert!(policy.starts_with("default-src 'none'"), "{policy}");
        browser.goto(&app.url(path)).await;
        let probe = browser.client().execute_async(INLINE_SCRIPT_PROBE, vec![]).await.expect("the probe");
        assert_eq!(probe, json!({ "inline_ran": false, "blocked_by": "script-src-elem" }), "the page's policy holds");
        println!("axe on {path} (an API answer, default-src 'none'): {}", report(&browser.axe().await));
    }

    /// The helpers on a page whose policy allows only its own script file: Chromium asks for
    /// Russian, the script's late change is awaited, axe finds nothing serious, and a form typed
    /// into and submitted posts what was typed.
    #[requires(Browser)]
    async fn the_helpers_drive_a_page_in_russian_under_a_strict_policy() {
        let fixture = Fixture::start();
        let browser = Browser::start_in("ru").await;

        browser.goto(&fixture.url("/")).await;
        assert_eq!(browser.text("#language").await, "ru");
        let language = browser.client().execute("return navigator.language", vec![]).await.expect("navigator");
        assert_eq!(language, json!("ru"));
        assert_eq!(browser.count("html[data-script=ran]").await, 1, "the page's own script ran");
        browser.click("#later").await;
        assert_eq!(browser.count("#shown").await, 0, "shown only later");
        assert_eq!(browser.wait_for("#shown").await.text().await.expect("its text"), "Shown later");
        assert_accessible(&browser.axe().await);

        browser.fill("#note", "Лаборатория <1> & Co").await;
        browser.submit("form#send").await;
        assert_eq!(browser.current_url().await.path(), "/received");
        assert_eq!(browser.text("#received").await, "Лаборатория <1> & Co");
    }

    /// With JavaScript off no script of the page runs, and a form still posts.
    #[requires(Browser)]
    async fn without_javascript_no_script_runs_and_forms_still_post() {
        let fixture = Fixture::start();
        let browser = Browser::start_without_javascript().await;

        browser.goto(&fixture.url("/")).await;
        assert_eq!(browser.text("#language").await, "en-US,en;q=0.9");
        assert_eq!(browser.count("html[data-script=ran]").await, 0, "the page's script did not run");
        let found = browser.client().find_all(Locator::Css("#later")).await.expect("WebDriver works without JavaScript");
        assert_eq!(found.len(), 1);

        browser.fill("#note", "без скриптов").await;
        browser.submit("form#send").await;
        assert_eq!(browser.text("#received").await, "без скриптов");
    }
}

/// Appends an inline script and reports whether it ran and which directive, if any, refused it.
const INLINE_SCRIPT_PROBE: &str = r#"
const done = arguments[arguments.length - 1];
document.addEventListener("securitypolicyviolation",
  (event) => done({ inline_ran: window.inlineRan === true, blocked_by: event.effectiveDirective }), { once: true });
const script = document.createElement("script");
script.textContent = "window.inlineRan = true";
document.documentElement.append(script);
if (window.inlineRan === true) done({ inline_ran: true, blocked_by: null });
"#;

/// The console's kind of policy: the page's own files only, no inline script or style.
const FIXTURE_POLICY: &str = "default-src 'none'; script-src 'self'; form-action 'self'; frame-ancestors 'none'";

const FIXTURE_SCRIPT: &str = r#"document.documentElement.dataset.script = "ran";
document.getElementById("later")?.addEventListener("click", () => {
  // As an htmx swap would, some time after the click.
  setTimeout(() => {
    const shown = document.createElement("p");
    shown.id = "shown";
    shown.textContent = "Shown later";
    document.getElementById("later-result").append(shown);
  }, 300);
});
"#;

/// A page of this file's own on 127.0.0.1: `/` shows the `Accept-Language` it was asked with
/// and a form, `/fixture.js` is its script, `/received` shows the form's `note`.
struct Fixture {
    address: String,
    server: Option<(ServerHandle, JoinHandle<()>)>,
}

impl Fixture {
    fn start() -> Fixture {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(|| {
                    App::new()
                        .wrap(DefaultHeaders::new().add((header::CONTENT_SECURITY_POLICY, FIXTURE_POLICY)))
                        .route("/", web::get().to(fixture_page))
                        .route("/fixture.js", web::get().to(fixture_script))
                        .route("/received", web::post().to(fixture_received))
                })
                .workers(1)
                .disable_signals()
                .bind((Ipv4Addr::LOCALHOST, 0))
                .expect("a port for the fixture");
                let port = server.addrs()[0].port();
                let server = server.run();
                let _ = ready_tx.send((port, server.handle()));
                let _ = server.await;
            })
        });
        let (port, handle) = ready_rx.recv().expect("the fixture server starts");
        Fixture { address: format!("http://127.0.0.1:{port}"), server: Some((handle, thread)) }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some((handle, thread)) = self.server.take() {
            futures_executor::block_on(handle.stop(false));
            let _ = thread.join();
        }
    }
}

fn html_page(title: &str, body: &str) -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{title}</title>\
         <script src=\"/fixture.js\" defer></script></head>\n<body><main>\n<h1>{title}</h1>\n{body}\n</main></body>\n</html>\n"
    ))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

async fn fixture_page(request: HttpRequest) -> HttpResponse {
    let language = request.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    html_page(
        "Browser fixture",
        &format!(
            "<p>Accept-Language: <span id=\"language\">{}</span></p>\n\
             <form id=\"send\" method=\"post\" action=\"/received\">\n\
             <label for=\"note\">Note</label> <input id=\"note\" name=\"note\" type=\"text\">\n\
             <button type=\"submit\">Send</button>\n</form>\n\
             <button type=\"button\" id=\"later\">Show later</button>\n\
             <div id=\"later-result\" aria-live=\"polite\"></div>",
            escape(language)
        ),
    )
}

async fn fixture_script() -> HttpResponse {
    HttpResponse::Ok().content_type("text/javascript; charset=utf-8").body(FIXTURE_SCRIPT)
}

async fn fixture_received(form: web::Form<HashMap<String, String>>) -> HttpResponse {
    let note = form.get("note").map(String::as_str).unwrap_or_default();
    html_page("Received", &format!("<p id=\"received\">{}</p>", escape(note)))
}
