//! Every HTTP route, mounted through utoipa-actix-web so each one lands in the OpenAPI document.

pub mod health;
pub mod institutions;
pub mod meta;

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
            .service(institutions::delete_institution),
    );
}
