//! 参保单位: 企业注册 (self-registration through the enterprise registry), 经办人信息, and
//! 单位信息维护 (wizard step ②: show with the registry's credit code, edit, confirm).

pub mod operator;
pub mod registration;
pub mod routes;
pub mod service;
