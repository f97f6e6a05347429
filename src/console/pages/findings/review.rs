//! Reviewing a finding from its row: the API's review (same checks, same history), then the row
//! again — swapped in place by htmx, or, without JavaScript, the page it was sent from.

use actix_web::http::StatusCode;
use actix_web::web::Form;
use actix_web::{HttpRequest, HttpResponse, post};
use askama::Template;
use serde::Deserialize;
use validator::Validate;

use super::rows::{self, FindingRow};
use crate::console::frame::{Frame, Member};
use crate::console::page::Page;
use crate::console::pages::language::console_path;
use crate::console::rendered::Rendered;
use crate::db::models::finding_review::ReviewState;
use crate::db::models::user::User;
use crate::error::ApiError;
use crate::findings::lookup::{LONGEST_HORIZON_DAYS, open_finding};
use crate::findings::report::FindingScope;
use crate::http::validation::field_errors;
use crate::routes::findings::wire::CreateReview;
use crate::routes::findings::{DEFAULT_HORIZON_DAYS, add_review};

#[derive(Deserialize)]
pub struct ReviewForm {
    csrf: String,
    key: String,
    state: String,
    note: String,
    /// Empty when nobody is named.
    #[serde(default)]
    owner_user_id: String,
    /// The page the form was on (without JavaScript, the answer goes back there).
    back: Option<String>,
}

/// One row of the findings table: what htmx swaps in after a review.
#[derive(Template)]
#[template(path = "console/findings/row_fragment.html")]
pub struct RowFragment {
    pub frame: Frame,
    pub row: FindingRow,
    pub reviewers: Vec<(String, String)>,
    pub back: String,
}

impl RowFragment {
    pub fn states(&self) -> &'static [ReviewState] {
        &ReviewState::ALL
    }
}

#[post("/findings/review")]
pub async fn submit(req: HttpRequest, page: Page, form: Form<ReviewForm>) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    page.check(&form.csrf)?;
    let state = ReviewState::parse(&form.state)
        .ok_or_else(|| ApiError::field("state", "invalid_value", "is not a review state"))?;
    let owner = Some(form.owner_user_id.trim().to_owned()).filter(|o| !o.is_empty());
    let input = CreateReview { state, note: form.note, owner_user_id: owner };
    input.validate().map_err(|errors| ApiError::Validation(field_errors(&errors)))?;
    let back = console_path(form.back.as_deref()).to_owned();
    let key = form.key;
    if !req.headers().contains_key("HX-Request") {
        let anchor = rows::dom_id(&key);
        page.exchange().write(move |conn, context| add_review(conn, context, &key, &input)).await?;
        return Ok(page.see_other(&format!("{back}#{anchor}")));
    }
    let (catalogue, lang) = (page.catalogue(), page.lang);
    let (member, row, reviewers) = page
        .exchange()
        .write(move |conn, context| {
            add_review(conn, context, &key, &input)?;
            let member = Member::required(conn, context)?;
            // The row as the list shows it (the default horizon ahead), or, for a finding only a
            // longer look shows, as that look does.
            let (everything, today) = (&FindingScope::Everything, context.today);
            let finding = match open_finding(conn, everything, &key, today, u64::from(DEFAULT_HORIZON_DAYS)) {
                Err(ApiError::NotFound) => open_finding(conn, everything, &key, today, LONGEST_HORIZON_DAYS)?,
                found => found?,
            };
            let mut found = rows::rows(conn, catalogue.texts(lang), context.today, vec![finding])?;
            let row = found.pop().ok_or(ApiError::NotFound)?;
            Ok((member, row, User::active_staff(conn)?))
        })
        .await?;
    let frame = page.frame("page-home-title", Some(member));
    RowFragment { frame, row, reviewers, back }.answer(&page, StatusCode::OK)
}
