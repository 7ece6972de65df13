//! 系统校验 (wizard step ④): every person checked against the social-security and pension
//! interfaces by background tasks, with live progress, pause and resume, and the
//! operator's handling of anomalies.

pub mod check;
pub mod export;
pub mod routes;
pub mod service;
pub mod summary;
pub mod tasks;
pub mod write;
