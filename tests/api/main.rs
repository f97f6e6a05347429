//! One integration-test binary: the real service over HTTP, on SQLite and PostgreSQL.

mod helpers;

mod database;
mod errors;
mod etags;
mod health;
mod institutions;
mod lifecycle;
mod mail;
mod openapi;
mod paging;
mod request_ids;
mod search;
