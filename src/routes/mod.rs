//! Every HTTP route, mounted through utoipa-actix-web so each one lands in the OpenAPI document.

pub mod auth;
pub mod centres;
pub mod changes;
pub mod coverage;
pub mod deletion;
pub mod findings;
pub mod funders;
pub mod funding;
pub mod fx_rates;
pub mod health;
pub mod history;
pub mod imports;
pub mod institutions;
pub mod labs;
pub mod me;
pub mod meta;
pub mod metrics;
pub mod mirror_links;
pub mod oai;
pub mod outputs;
pub mod page;
pub mod partner_tokens;
pub mod projects;
pub mod stats;
pub mod subject_areas;
pub mod timeline;
pub mod users;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// The whole routed surface: health probes, metrics and the OAI-PMH repository at the root, the
/// API under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(oai::oai_get).service(oai::oai_post);
    cfg.service(health::live).service(health::ready).service(metrics::metrics).service(
        scope("/api/v1")
            .service(meta::openapi_json)
            .service(changes::list_changes)
            .service(institutions::create_institution)
            .service(institutions::list_institutions)
            .service(institutions::get_institution)
            .service(institutions::update_institution)
            .service(institutions::delete_institution)
            .service(institutions::institution_history)
            .service(funders::create_funder)
            .service(funders::list_funders)
            .service(funders::get_funder)
            .service(funders::update_funder)
            .service(funders::delete_funder)
            .service(funders::funder_history)
            .service(centres::create_centre)
            .service(centres::list_centres)
            .service(centres::get_centre)
            .service(centres::update_centre)
            .service(centres::delete_centre)
            .service(centres::centre_history)
            .service(labs::create_lab)
            .service(labs::list_labs)
            .service(labs::get_lab)
            .service(labs::update_lab)
            .service(labs::record_lab_status)
            .service(labs::delete_lab)
            .service(labs::lab_history)
            .service(mirror_links::create_mirror_link)
            .service(mirror_links::list_mirror_links)
            .service(mirror_links::get_mirror_link)
            .service(mirror_links::update_mirror_link)
            .service(mirror_links::mirror_link_history)
            .service(timeline::centre_timeline)
            .service(subject_areas::list_subject_areas)
            .service(findings::list_findings)
            .service(findings::review_finding)
            .service(findings::finding_reviews)
            .service(coverage::project_coverage)
            .service(coverage::lab_coverage)
            .service(coverage::centre_coverage)
            .service(projects::create_project)
            .service(projects::list_projects)
            .service(projects::get_project)
            .service(projects::update_project)
            .service(projects::delete_project)
            .service(projects::project_history)
            .service(projects::project_raid)
            .service(funding::create_funding)
            .service(funding::list::list_funding)
            .service(funding::list::list_project_funding)
            .service(funding::get_funding)
            .service(funding::update_funding)
            .service(funding::delete_funding)
            .service(funding::funding_history)
            .service(outputs::create_output)
            .service(outputs::list::list_outputs)
            .service(outputs::get_output)
            .service(outputs::update_output)
            .service(outputs::delete_output)
            .service(outputs::output_history)
            .service(outputs::list::list_project_outputs)
            .service(imports::import_records)
            .service(fx_rates::import_rates)
            .service(fx_rates::rate_in_effect)
            .service(fx_rates::published_rates)
            .service(stats::get_stats)
            .service(auth::session::login)
            .service(auth::session::refresh_session)
            .service(auth::session::logout)
            .service(auth::recovery::accept_invitation)
            .service(auth::recovery::request_password_reset)
            .service(auth::recovery::confirm_password_reset)
            .service(me::me)
            .service(me::change_password)
            .service(me::end_sessions)
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
