//! One file per page or form.

mod breadcrumbs;
mod centre;
mod coverage_view;
mod history;
mod items;
mod lab;
mod language;
mod naming;
mod project;
mod search;
mod sign_in;
mod timeline_view;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(language::choose).service(sign_in::show).service(sign_in::submit).service(sign_in::sign_out);
    cfg.service(centre::show).service(lab::show).service(project::show).service(search::show);
}
