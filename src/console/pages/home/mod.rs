//! The home page, by role: coordinators and administrators review the open findings; a lab head
//! sees their labs, projects and what loses funding soon; a partner account what its institution
//! may read. One trip to the database: the person and what their role shows.

mod lab_head;
mod partner;
mod records;
mod staff;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get};
use askama::Template;

use crate::console::frame::Member;
use crate::console::page::Page;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::http::query::from_form;
use crate::routes::findings::wire::ListFindingsQuery;

enum Home {
    Staff(staff::View),
    LabHead(lab_head::View),
    Partner(partner::View),
}

#[get("/")]
pub async fn show(req: HttpRequest, page: Page) -> Result<HttpResponse, ApiError> {
    let query: ListFindingsQuery = from_form(req.query_string())?;
    let (catalogue, lang) = (page.catalogue(), page.lang);
    let (member, home) = page
        .exchange()
        .read(move |conn, context| {
            let member = Member::required(conn, context)?;
            let texts = catalogue.texts(lang);
            let home = match member.role {
                Role::Admin | Role::Coordinator => Home::Staff(staff::load(conn, context, texts, query)?),
                Role::LabHead => Home::LabHead(lab_head::load(conn, context, texts, &member)?),
                Role::Partner => Home::Partner(partner::load(conn, context, texts, &member)?),
            };
            Ok((member, home))
        })
        .await?;
    let frame = page.frame("page-home-title", Some(member));
    let html = match home {
        Home::Staff(view) => staff::HomePage { frame, view, back: page.here.clone() }.render(),
        Home::LabHead(view) => lab_head::HomePage { frame, view }.render(),
        Home::Partner(view) => partner::HomePage { frame, view }.render(),
    }
    .map_err(ApiError::internal)?;
    Ok(page.html(StatusCode::OK, html))
}
