//! Funding findings: gaps, expiring and one-sided funding, lapsed funders, labs and centres at risk.

pub mod engine;
pub mod load;
pub mod lookup;
pub mod report;
pub mod scan;
pub mod words;
