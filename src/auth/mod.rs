//! Who is calling, and what they may do.

pub mod account;
pub mod caller;
pub mod client_address;
pub mod common_passwords;
pub mod jwt;
pub mod messages;
pub mod password;
pub mod policy;
pub mod sign_in;
pub mod tokens;
