//! One integration-test binary: the real service over HTTP, on SQLite and PostgreSQL. It has its
//! own runner (`harness/`): write tests with `api_test!` or `both_backends!`, not `#[test]`.

mod harness;
mod helpers;

mod access;
mod accounts;
mod alerts;
mod auth_login;
mod auth_tokens;
mod authorization;
mod backup;
mod browser;
mod centres;
mod changes;
mod console_account;
mod console_browser;
mod console_centres_outputs;
mod console_forms;
mod console_home;
mod console_people;
mod console_projects;
mod console_records;
mod console_story;
mod coverage;
mod crash;
mod database;
mod demo;
mod deploy_files;
mod errors;
mod etags;
mod exports;
pub mod findings;
mod funders;
mod funding;
mod fx_rates;
mod health;
mod hostile;
mod imports;
mod institutions;
pub mod labs;
mod lifecycle;
mod lookups;
mod mail;
mod metrics;
mod mirror_links;
mod multi_instance;
mod names_search;
mod oai;
mod openapi;
mod outage;
pub mod outputs;
mod outside_testing;
mod paging;
mod partner_tokens;
pub mod projects;
mod query_plans;
mod request_ids;
mod search;
mod spreadsheets;
mod stats;
mod synthetic;

fn main() -> std::process::ExitCode {
    harness::main()
}
