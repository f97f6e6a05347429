//! Findings in the console: the rows every home page lists, the filter form, and the review
//! and CSV routes.

pub mod csv;
pub mod filters;
pub mod review;
pub mod rows;
