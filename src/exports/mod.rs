//! The registry's records in the formats research-information systems already read.

pub mod raid;
