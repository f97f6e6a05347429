//! The console as a person's browser sees it, without a browser: a client with a cookie jar that
//! does not follow redirects (tests assert them), and pages read with an HTML parser. Forms are
//! sent as a browser sends them: the hidden fields the page put in (the CSRF token among them)
//! plus what the person typed.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};
use scraper::{ElementRef, Html, Selector};

use super::TestApp;

/// One browser: its own cookies, its own language.
pub struct Visitor {
    client: reqwest::Client,
    cookies: std::sync::Arc<reqwest::cookie::Jar>,
    address: String,
}

/// A page as received.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    pub html: Html,
}

impl Visitor {
    /// A browser asking for pages in `accept_language` (e.g. `"ru"`, `"zh-CN,zh;q=0.9"`).
    pub fn new(app: &TestApp, accept_language: &str) -> Visitor {
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::ACCEPT_LANGUAGE, accept_language.parse().expect("language"));
        let cookies = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(cookies.clone())
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("client");
        Visitor { client, cookies, address: app.address.clone() }
    }

    /// The value of this browser's cookie `name` for the console, if it has one.
    pub fn cookie(&self, name: &str) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = self.url("/console/").parse().expect("url");
        let header = self.cookies.cookies(&url)?;
        header.to_str().ok()?.split("; ").find_map(|pair| pair.strip_prefix(&format!("{name}="))).map(str::to_owned)
    }

    /// Gives this browser the console cookie `name` (e.g. another browser's session, replayed).
    pub fn set_cookie(&self, name: &str, value: &str) {
        let url = self.url("/console/").parse().expect("url");
        self.cookies.add_cookie_str(&format!("{name}={value}; Path=/console"), &url);
    }

    /// A browser in English, signed in as `email` (password [`super::PASSWORD`]).
    pub async fn signed_in(app: &TestApp, email: &str) -> Visitor {
        let visitor = Visitor::new(app, "en");
        let answer = visitor.sign_in(email, super::PASSWORD).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "signing in {email}: {}", answer.body);
        visitor
    }

    pub async fn get(&self, path: &str) -> Page {
        let response = self.client.get(self.url(path)).send().await.expect("GET");
        Page::read(response).await
    }

    /// Follows a 303 (or any redirect) once, and returns where it led.
    pub async fn follow(&self, page: &Page) -> Page {
        let location = page.location().unwrap_or_else(|| panic!("no Location on a {}", page.status));
        self.get(&location).await
    }

    /// Signs in through the sign-in page's form.
    pub async fn sign_in(&self, email: &str, password: &str) -> Page {
        let form = self.get("/console/sign-in").await;
        self.submit(&form, "form[action='/console/sign-in']", &[("email", email), ("password", password)]).await
    }

    /// Sends the form `selector` of `page` with `fields` filled in, as a browser would.
    pub async fn submit(&self, page: &Page, selector: &str, fields: &[(&str, &str)]) -> Page {
        self.send_form(page, selector, fields, false).await
    }

    /// The same, as htmx sends it (`HX-Request: true`): the answer is a fragment.
    pub async fn submit_fragment(&self, page: &Page, selector: &str, fields: &[(&str, &str)]) -> Page {
        self.send_form(page, selector, fields, true).await
    }

    async fn send_form(&self, page: &Page, selector: &str, fields: &[(&str, &str)], htmx: bool) -> Page {
        let form = page.one(selector);
        let action = form.value().attr("action").expect("a form with an action").to_owned();
        let method = form.value().attr("method").unwrap_or("get").to_ascii_lowercase();
        let mut values: Vec<(String, String)> = Vec::new();
        for input in form.select(&selector_of("input, select, textarea")) {
            let element = input.value();
            let Some(name) = element.attr("name") else { continue };
            if fields.iter().any(|(field, _)| *field == name) {
                continue;
            }
            match element.name() {
                "select" => {
                    let chosen = input
                        .select(&selector_of("option[selected]"))
                        .next()
                        .or_else(|| input.select(&selector_of("option")).next());
                    if let Some(option) = chosen {
                        values.push((name.into(), option.value().attr("value").unwrap_or_default().into()));
                    }
                }
                "textarea" => values.push((name.into(), input.text().collect())),
                _ => {
                    let kind = element.attr("type").unwrap_or("text");
                    if matches!(kind, "checkbox" | "radio") && element.attr("checked").is_none() {
                        continue;
                    }
                    if kind != "submit" {
                        values.push((name.into(), element.attr("value").unwrap_or_default().into()));
                    }
                }
            }
        }
        values.extend(fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        let url = self.url(&action);
        let request =
            if method == "post" { self.client.post(url).form(&values) } else { self.client.get(url).query(&values) };
        let request = if htmx { request.header("HX-Request", "true") } else { request };
        Page::read(request.send().await.expect("form")).await
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") { path.to_owned() } else { format!("{}{path}", self.address) }
    }
}

impl Page {
    async fn read(response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.expect("body");
        let html = Html::parse_document(&body);
        Page { status, headers, body, html }
    }

    pub fn location(&self) -> Option<String> {
        self.headers.get(LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }

    /// Every element matching `selector`.
    pub fn all(&self, selector: &str) -> Vec<ElementRef<'_>> {
        self.html.select(&selector_of(selector)).collect()
    }

    /// The one element matching `selector` (the test fails when there is none).
    pub fn one(&self, selector: &str) -> ElementRef<'_> {
        self.html
            .select(&selector_of(selector))
            .next()
            .unwrap_or_else(|| panic!("no {selector} on the page ({}):\n{}", self.status, self.body))
    }

    /// The visible text of the element matching `selector`, whitespace collapsed.
    pub fn text_of(&self, selector: &str) -> String {
        text(self.one(selector))
    }

    /// The page's `<html lang>`.
    pub fn lang(&self) -> String {
        self.one("html").value().attr("lang").unwrap_or_default().to_owned()
    }

    /// Every link target on the page.
    pub fn links(&self) -> Vec<String> {
        self.all("a[href]").iter().filter_map(|a| a.value().attr("href")).map(str::to_owned).collect()
    }
}

/// An element's visible text, whitespace collapsed.
pub fn text(element: ElementRef<'_>) -> String {
    element.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn selector_of(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e}"))
}
