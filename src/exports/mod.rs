//! The registry's records in the formats research-information systems already read.

pub mod cerif;
pub mod dublin_core;
pub mod json_ld;
pub mod project;
pub mod raid;
pub mod xml;
