//! `/api/v1/auth`: signing in, sessions, invitations and password resets. The only routes besides
//! health and documentation that anonymous callers reach.

pub mod recovery;
pub mod session;
pub mod wire;
