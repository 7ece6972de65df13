//! 字典维护: 所属区局工会 and 经济类型; everyone logged in reads, admins edit.

pub mod routes;
pub mod service;
