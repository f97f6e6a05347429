//! Types and checks that know nothing of HTTP or databases.

pub mod asjc;
pub mod country;
pub mod doi;
pub mod institution;
pub mod lab;
pub mod money;
pub mod names;
pub mod orcid;
pub mod project;
pub mod role;
pub mod ror;
pub mod schemas;
pub mod search_key;
pub mod sort;
pub mod text;
pub mod text_enum;
pub mod typed_money;
pub mod website;
