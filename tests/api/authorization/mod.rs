//! The authorization matrix: every operation of the OpenAPI document × every kind of caller ×
//! relation to the object → what that caller gets, on both databases.

mod cooperation;
mod reads;
mod visibility;
mod writes;
