//! One file per page or form; shared parts (breadcrumbs, names, lists, pictures' adapters) in
//! their own files.

mod account;
mod breadcrumbs;
mod centre;
mod centre_form;
mod coverage_view;
mod findings;
mod form;
mod funding_form;
mod history;
mod home;
mod institution;
mod institution_form;
mod invitation;
mod invite_form;
mod items;
mod lab;
mod lab_form;
mod lab_status_form;
pub mod language;
mod mailed_link;
mod mirror_link_form;
mod naming;
mod output;
mod output_form;
mod pairs;
mod partner_token_form;
mod password_form;
mod password_reset;
mod people;
mod person_form;
mod picker;
mod project;
mod project_form;
mod project_values;
mod record_page;
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
        .service(sign_in::sign_out)
        .service(invitation::show)
        .service(invitation::submit)
        .service(password_reset::show_request)
        .service(password_reset::request)
        .service(password_reset::show_confirm)
        .service(password_reset::confirm)
        .service(account::show)
        .service(account::change_password)
        .service(account::sign_out_everywhere)
        .service(institution_form::new)
        .service(institution_form::register)
        .service(institution_form::edit)
        .service(institution_form::save)
        .service(institution::show)
        .service(partner_token_form::issue_partner_token)
        .service(partner_token_form::revoke_partner_token)
        .service(people::list_people)
        .service(invite_form::invite_form)
        .service(invite_form::send_invitation)
        .service(person_form::edit_person)
        .service(person_form::save_person)
        .service(person_form::revoke_invitation)
        .service(centre_form::new_centre_form)
        .service(centre_form::register_centre)
        .service(centre_form::edit_centre)
        .service(centre_form::save_centre)
        .service(centre::show)
        .service(lab_form::new)
        .service(lab_form::register)
        .service(lab_form::edit)
        .service(lab_form::save)
        .service(picker::institution_options)
        .service(picker::lab_options)
        .service(mirror_link_form::new_link_form)
        .service(mirror_link_form::create_link)
        .service(mirror_link_form::end_link_form)
        .service(mirror_link_form::end_link)
        .service(lab::show)
        .service(lab_status_form::record)
        .service(funding_form::new_funding_form)
        .service(funding_form::record_funding)
        .service(project_form::new_project_form)
        .service(project_form::register_project)
        .service(project_form::edit_project_form)
        .service(project_form::save_project)
        .service(project_form::check_orcid)
        .service(output_form::new_output_form)
        .service(output_form::record_output)
        .service(output::show)
        .service(project::show)
        .service(search::show);
}
