//! One file per page or form.

mod breadcrumbs;
mod centre;
mod coverage_view;
mod findings;
mod history;
mod home;
mod items;
mod lab;
pub mod language;
mod naming;
mod project;
mod search;
mod sign_in;
mod timeline_view;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(home::show)
        .service(findings::review::submit)
        .service(findings::csv::download)
        .service(language::choose)
        .service(sign_in::show)
        .service(sign_in::submit)
        .service(sign_in::sign_out);
    cfg.service(centre::show).service(lab::show).service(project::show).service(search::show);
}
