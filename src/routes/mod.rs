//! Every HTTP route, mounted through utoipa-actix-web so each one lands in the OpenAPI document.

pub mod auth;
pub mod health;
pub mod history;
pub mod institutions;
pub mod me;
pub mod meta;
pub mod partner_tokens;
pub mod users;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// The whole routed surface: health probes at the root, the API under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::live).service(health::ready).service(
        scope("/api/v1")
            .service(meta::openapi_json)
            .service(institutions::create_institution)
            .service(institutions::list_institutions)
            .service(institutions::get_institution)
            .service(institutions::update_institution)
            .service(institutions::delete_institution)
            .service(institutions::institution_history)
            .service(auth::session::login)
            .service(auth::session::refresh_session)
            .service(auth::session::logout)
            .service(auth::recovery::accept_invitation)
            .service(auth::recovery::request_password_reset)
            .service(auth::recovery::confirm_password_reset)
            .service(me::me)
            .service(me::change_password)
            .service(users::invite_user)
            .service(users::list_users)
            .service(users::get_user)
            .service(users::update_user)
            .service(users::user_history)
            .service(partner_tokens::issue_partner_token)
            .service(partner_tokens::list_partner_tokens)
            .service(partner_tokens::revoke_partner_token),
    );
}
