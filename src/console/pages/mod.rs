//! One file per page or form.

mod account;
mod findings;
mod home;
mod invitation;
pub mod language;
mod password_form;
mod password_reset;
mod sign_in;

use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(home::show)
        .service(findings::review::submit)
        .service(findings::csv::download)
        .service(language::choose)
        .service(sign_in::show)
        .service(sign_in::submit)
        .service(sign_in::sign_out)
        .service(invitation::show)
        .service(invitation::submit)
        .service(password_reset::show_request)
        .service(password_reset::request)
        .service(password_reset::show_confirm)
        .service(password_reset::confirm)
        .service(account::show)
        .service(account::change_password)
        .service(account::sign_out_everywhere);
}
