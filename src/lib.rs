//! jointreg: the coordination registry for joint Russian–Chinese research.

pub mod admin;
pub mod alerts;
pub mod auth;
pub mod backup;
pub mod clock;
pub mod config;
pub mod console;
pub mod coverage;
pub mod db;
pub mod demo;
pub mod domain;
pub mod email;
pub mod error;
pub mod exports;
pub mod findings;
pub mod http;
pub mod i18n;
pub mod imports;
pub mod memory;
pub mod metrics;
pub mod openapi;
pub mod rates;
pub mod routes;
pub mod startup;
pub mod synthetic;
pub mod telemetry;
