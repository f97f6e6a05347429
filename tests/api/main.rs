//! One integration-test binary: the real service over HTTP, on SQLite and PostgreSQL.

mod helpers;

mod access;
mod accounts;
mod auth_login;
mod auth_tokens;
mod database;
mod errors;
mod etags;
mod health;
mod institutions;
mod lifecycle;
mod mail;
mod openapi;
mod paging;
mod partner_tokens;
mod request_ids;
mod search;
