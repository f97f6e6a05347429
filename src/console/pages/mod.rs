//! One file per page or form.

mod findings;
mod home;
pub mod language;
mod sign_in;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(home::show)
        .service(findings::review::submit)
        .service(findings::csv::download)
        .service(language::choose)
        .service(sign_in::show)
        .service(sign_in::submit)
        .service(sign_in::sign_out);
}
