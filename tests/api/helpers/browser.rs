//! Headless Chromium driven over WebDriver (fantoccini), for the console's browser tests.
//!
//! A test that uses it says `#[requires(Browser)]`: without Debian's `chromium` and
//! `chromium-driver` on PATH it is reported ignored, never passed. Each [`Browser`] is its own
//! `chromedriver` on a free port with its own Chromium and a new empty profile; dropping it ends
//! the session, the driver and the browser. Every helper panics with what it was doing when the
//! browser says no. Nothing sleeps a fixed time: a wait ([`Browser::wait_for`] a CSS selector,
//! [`Browser::wait_until_gone`], chromedriver's `/status`) checks its condition every few
//! milliseconds until it holds or its deadline ([`WAIT`]) passes, as fantoccini's own waits do.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::harness::find_on_path;

/// How long [`Browser::wait_for`] waits for an element before the test fails.
pub const WAIT: Duration = Duration::from_secs(10);

/// The page's viewport, in CSS pixels.
pub const VIEWPORT: (u32, u32) = (1280, 900);

/// How long chromedriver may take to answer `/status` with `ready`.
const DRIVER_START: Duration = Duration::from_secs(30);

/// Where screenshots go, under the package's folder: see [`screenshot_path`].
pub const SCREENSHOTS: &str = "target/browser-screenshots";

/// axe-core, vendored for tests only (`tests/api/assets/axe-core/README.md`).
const AXE_SOURCE: &str = include_str!("../assets/axe-core/axe.min.js");

/// Runs axe on the whole document and hands back the serious and critical violations.
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
window.axe.run(document, { resultTypes: ["violations"] }).then(
  (results) => done({
    violations: results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        help_url: v.helpUrl,
        nodes: v.nodes.length,
        targets: v.nodes.slice(0, 5).map((n) =>
          n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : t)).join(" ")),
      })),
  }),
  (error) => done({ error: String((error && error.stack) || error) }),
);
"#;

/// How a browser is started; [`Browser::start`] is `Launch::default()`.
#[derive(Debug, Clone)]
pub struct Launch {
    /// The languages the browser asks for, most preferred first, as `Accept-Language` lists them
    /// without weights: `"ru"`, `"zh-CN,zh,en"`. The first is also Chromium's own UI language
    /// (`--lang`), and so `navigator.language`.
    pub languages: String,
    /// Whether pages may run scripts. Off is Chromium's content setting (as an administrator's
    /// policy would set it); WebDriver's own commands still work.
    pub javascript: bool,
}

impl Default for Launch {
    fn default() -> Self {
        Launch { languages: "en-US,en".to_owned(), javascript: true }
    }
}

/// An axe-core rule broken on the page, serious or critical.
#[derive(Debug, Clone, Deserialize)]
pub struct Violation {
    /// The rule, e.g. `color-contrast`.
    pub id: String,
    /// `serious` or `critical`.
    pub impact: String,
    /// What the rule asks, in a sentence.
    pub help: String,
    pub help_url: String,
    /// How many elements break it.
    pub nodes: usize,
    /// CSS selectors of the first few of them.
    pub targets: Vec<String>,
}

/// The violations, one paragraph each, for a test's output.
pub fn report(violations: &[Violation]) -> String {
    if violations.is_empty() {
        return "no serious or critical accessibility violations".to_owned();
    }
    let mut text = format!("{} serious or critical accessibility violation(s):", violations.len());
    for v in violations {
        text.push_str(&format!("\n- [{}] {}: {} ({} element(s))\n    {}", v.impact, v.id, v.help, v.nodes, v.help_url));
        for target in &v.targets {
            text.push_str(&format!("\n    at {target}"));
        }
    }
    text
}

/// Fails the test, listing them, when axe found any serious or critical violation.
#[track_caller]
pub fn assert_accessible(violations: &[Violation]) {
    assert!(violations.is_empty(), "{}", report(violations));
}

/// `target/browser-screenshots/NAME.png` in the package's folder.
pub fn screenshot_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(SCREENSHOTS).join(format!("{name}.png"))
}

/// One headless Chromium, with its own chromedriver, on a new empty profile.
pub struct Browser {
    client: Client,
    // Dropped after the client: ends the session, then the driver, then removes the profile.
    _driver: Driver,
}

impl Browser {
    /// Chromium asking for English (`en-US,en`), with JavaScript.
    pub async fn start() -> Browser {
        Self::launch(Launch::default()).await
    }

    /// Chromium asking for `languages` first (`"ru"`, `"zh-CN,zh"`), with JavaScript.
    pub async fn start_in(languages: &str) -> Browser {
        Self::launch(Launch { languages: languages.to_owned(), ..Launch::default() }).await
    }

    /// Chromium in which pages run no script at all, for the flows that must work without it.
    pub async fn start_without_javascript() -> Browser {
        Self::launch(Launch { javascript: false, ..Launch::default() }).await
    }

    pub async fn launch(launch: Launch) -> Browser {
        let chromium = find_on_path("chromium").expect("chromium is on PATH (the test must say #[requires(Browser)])");
        let mut driver = Driver::start().await;
        let profile = driver.folder.path().join("profile");
        let first_language = launch.languages.split(',').next().unwrap_or("en-US").trim().to_owned();
        let mut args: Vec<String> = [
            "--headless=new",
            // CI runs as root, where Chromium's sandbox cannot start.
            "--no-sandbox",
            "--disable-gpu",
            // This machine's network is closed: without these Chromium keeps calling Google's hosts.
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // A small /dev/shm (containers) crashes Chromium; Debian's launcher adds this only sometimes.
            "--disable-dev-shm-usage",
        ]
        .map(str::to_owned)
        .into();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push(format!("--lang={first_language}"));
        let mut prefs = json!({ "intl.accept_languages": launch.languages });
        if !launch.javascript {
            prefs["profile.managed_default_content_settings.javascript"] = json!(2);
        }
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args, "prefs": prefs },
            "timeouts": { "pageLoad": 30_000, "script": 30_000, "implicit": 0 },
        });
        let Value::Object(capabilities) = capabilities else { unreachable!("an object") };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|e| panic!("a Chromium session: {e}\n{}", driver.log_tail()));
        driver.session = client.session_id().await.expect("the session's id");
        // Headless Chromium's window keeps room for a toolbar: size it so that the page's
        // viewport (what layouts and screenshots see) is VIEWPORT.
        let frame = client
            .execute("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight]", vec![])
            .await
            .expect("the window's frame");
        let (width, height) = serde_json::from_value::<(u32, u32)>(frame).expect("two numbers");
        client.set_window_size(VIEWPORT.0 + width, VIEWPORT.1 + height).await.expect("resizing the window");
        Browser { client, _driver: driver }
    }

    /// The WebDriver client, for what the helpers here do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `url` and returns once it has loaded (the document's `load` event).
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|e| panic!("opening {url}: {e}"));
    }

    pub async fn current_url(&self) -> url::Url {
        self.client.current_url().await.expect("the current URL")
    }

    /// The element `css` now, or a failure: it does not wait (see [`Browser::wait_for`]).
    pub async fn find(&self, css: &str) -> Element {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("finding {css}: {e}"))
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.unwrap_or_else(|e| panic!("finding {css}: {e}")).len()
    }

    /// Waits (at most [`WAIT`]) until an element matches `css`, and returns it. After an htmx
    /// swap, wait for something the new fragment alone has (`#finding-1[data-state=reviewed]`).
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .every(Duration::from_millis(50))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("waiting {WAIT:?} for {css}: {e}"))
    }

    /// Empties the field `css` and types `text` into it, key by key.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap_or_else(|e| panic!("clearing {css}: {e}"));
        field.send_keys(text).await.unwrap_or_else(|e| panic!("typing into {css}: {e}"));
    }

    /// Types `keys` where the focus is, as a person at the keyboard would (`KEY_TAB`, `KEY_ENTER`).
    pub async fn keys(&self, keys: &str) {
        let focused = self.client.active_element().await.unwrap_or_else(|e| panic!("the focused element: {e}"));
        focused.send_keys(keys).await.unwrap_or_else(|e| panic!("typing {keys:?}: {e}"));
    }

    /// The id of the element that has the focus ("" when it has none).
    pub async fn focused_id(&self) -> String {
        let focused = self.client.active_element().await.unwrap_or_else(|e| panic!("the focused element: {e}"));
        focused.attr("id").await.unwrap_or_else(|e| panic!("the focused element's id: {e}")).unwrap_or_default()
    }

    /// Presses Tab from where the focus is until the element `#id` has it (at most 40 times).
    pub async fn tab_to(&self, id: &str) {
        for _ in 0..40 {
            if self.focused_id().await == id {
                return;
            }
            self.keys(KEY_TAB).await;
        }
        panic!("Tab never reached #{id}");
    }

    /// Chooses the option with `value` in the select `css`.
    pub async fn select(&self, css: &str, value: &str) {
        self.find(css).await.select_by_value(value).await.unwrap_or_else(|e| panic!("choosing {value} in {css}: {e}"));
    }

    /// Clicks the element `css` in its middle, as a person would (it must be visible and not
    /// covered). A click that navigates returns once the new page has loaded.
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap_or_else(|e| panic!("clicking {css}: {e}"));
    }

    /// Submits the form `form_css` by clicking its submit button (`button[type=submit]` or
    /// `input[type=submit]`), as a person would, and waits (at most [`WAIT`]) until the browser
    /// has left the page; the next command then waits for the new one to load. For a form that
    /// htmx submits in place, `click` its button and `wait_for` what the swap brings instead.
    pub async fn submit(&self, form_css: &str) {
        let form = self.client.form(Locator::Css(form_css)).await.unwrap_or_else(|e| panic!("finding {form_css}: {e}"));
        let page = self.find(":root").await;
        form.submit().await.unwrap_or_else(|e| panic!("submitting {form_css}: {e}"));
        self.wait_until_gone(&page, &format!("the page after submitting {form_css}")).await;
    }

    /// Waits (at most [`WAIT`]) until `element` is no longer in the document: removed by a
    /// script, or its page left. Polls as fantoccini's own waits do.
    pub async fn wait_until_gone(&self, element: &Element, what: &str) {
        let started = Instant::now();
        loop {
            match element.tag_name().await {
                Err(e) if left_the_document(&e) => return,
                Err(e) => panic!("waiting for {what} to go: {e}"),
                Ok(_) => {}
            }
            assert!(started.elapsed() < WAIT, "{what} was still there after {WAIT:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The rendered text of the element `css` (what a person sees: hidden text is left out).
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap_or_else(|e| panic!("the text of {css}: {e}"))
    }

    /// A PNG of the viewport written to `path` (its folder is created); returns the path.
    pub async fn screenshot(&self, path: impl AsRef<Path>) -> PathBuf {
        let path = path.as_ref().to_owned();
        let png = self.client.screenshot().await.expect("a screenshot");
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).unwrap_or_else(|e| panic!("creating {}: {e}", folder.display()));
        }
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path
    }

    /// Runs axe-core on the current page and returns its serious and critical violations (check
    /// them with [`assert_accessible`]). WebDriver's scripts are not subject to the page's
    /// Content-Security-Policy, so this works on pages that allow no inline script.
    pub async fn axe(&self) -> Vec<Violation> {
        let loaded =
            self.client.execute("return typeof window.axe === 'object'", vec![]).await.expect("looking for axe");
        if loaded != Value::Bool(true) {
            self.client.execute(AXE_SOURCE, vec![]).await.expect("injecting axe-core");
        }
        let answer = self.client.execute_async(AXE_RUN, vec![]).await.expect("running axe-core");
        if let Some(error) = answer.get("error") {
            panic!("axe-core failed: {error}");
        }
        serde_json::from_value(answer["violations"].clone()).expect("axe-core's violations")
    }
}

/// The keys WebDriver presses for these characters of `keys` (W3C WebDriver, §17.4.2).
pub const KEY_TAB: &str = "\u{E004}";
pub const KEY_ENTER: &str = "\u{E007}";

/// Whether asking about an element failed because its document is gone. Chromium answers "stale",
/// or, mid-navigation, "no such element" or an inspector error about a node of a torn-down document.
fn left_the_document(error: &CmdError) -> bool {
    error.is_stale_element_reference()
        || error.is_no_such_element()
        || error.to_string().contains("does not belong to the document")
}

/// A chromedriver of this browser's own, in a process group of its own (with the Chromium it
/// starts), in a temporary folder that holds its log and Chromium's profile.
struct Driver {
    /// `None` once stopped.
    child: Option<Child>,
    port: u16,
    session: Option<String>,
    folder: tempfile::TempDir,
}

impl Driver {
    async fn start() -> Driver {
        let program =
            find_on_path("chromedriver").expect("chromedriver is on PATH (the test must say #[requires(Browser)])");
        let folder = tempfile::Builder::new().prefix("jointreg-browser-").tempdir().expect("a folder for the browser");
        // A free port can be taken between asking and binding: try a few.
        let mut failures = Vec::new();
        for _ in 0..3 {
            let port = free_port();
            let mut child = Command::new(&program)
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", folder.path().join("chromedriver.log").display()))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("starting {}: {e}", program.display()));
            match ready(&mut child, port).await {
                Ok(()) => return Driver { child: Some(child), port, session: None, folder },
                Err(failure) => {
                    kill_group(&mut child);
                    failures.push(format!("on port {port}: {failure}\n{}", log_tail(folder.path())));
                }
            }
        }
        panic!("chromedriver did not start:\n{}", failures.join("\n"));
    }

    fn log_tail(&self) -> String {
        log_tail(self.folder.path())
    }

    /// Ends the session (chromedriver then quits Chromium and waits for it), then the driver
    /// and anything left in its process group.
    fn stop(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        if let Some(session) = self.session.take() {
            delete_session(self.port, &session);
        }
        kill_group(&mut child);
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Polls chromedriver's `/status` until it says it is ready, or exits, or [`DRIVER_START`] passes.
async fn ready(child: &mut Child, port: u16) -> Result<(), String> {
    let http = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(2)).build().expect("HTTP client");
    let url = format!("http://127.0.0.1:{port}/status");
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("chromedriver exited ({status})"));
        }
        if let Ok(response) = http.get(&url).send().await
            && let Ok(body) = response.json::<Value>().await
            && body["value"]["ready"] == true
        {
            return Ok(());
        }
        if started.elapsed() > DRIVER_START {
            return Err(format!("chromedriver was not ready within {DRIVER_START:?}"));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Kills the process group `child` leads (chromedriver and whatever it started), then reaps it.
/// The group's id cannot be reused before the reaping, so no other process is hit.
fn kill_group(child: &mut Child) {
    let group = nix::unistd::Pid::from_raw(child.id() as i32);
    let _ = nix::sys::signal::killpg(group, nix::sys::signal::Signal::SIGKILL);
    let _ = child.wait();
}

/// The last lines of chromedriver's log in `folder`, for a failure message.
fn log_tail(folder: &Path) -> String {
    let log = std::fs::read_to_string(folder.join("chromedriver.log")).unwrap_or_default();
    let lines: Vec<&str> = log.lines().collect();
    format!("chromedriver's log ends:\n{}", lines[lines.len().saturating_sub(20)..].join("\n"))
}

/// `DELETE /session/{id}` in plain blocking HTTP: a drop cannot await the async client.
fn delete_session(port: u16, session: &str) {
    let Ok(mut stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, port)) else { return };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let request = format!(
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return;
    }
    // chromedriver answers once Chromium has quit; it may keep the connection open after that,
    // so read the answer's head and its Content-Length, not to the end of the stream.
    let mut answer = Vec::new();
    let mut buffer = [0; 4096];
    while let Ok(read @ 1..) = stream.read(&mut buffer) {
        answer.extend_from_slice(&buffer[..read]);
        let Some(head_end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&answer[..head_end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or(0);
        if answer.len() >= head_end + 4 + length {
            return;
        }
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    listener.local_addr().expect("its address").port()
}
