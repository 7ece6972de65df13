//! The REST API of the retiree hospitalization plan's group enrollment platform.

pub mod audit;
pub mod auth;
pub mod clock;
pub mod config;
pub mod entities;
pub mod error;
pub mod openapi;
pub mod routes;
pub mod seed;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
