//! 账号管理 (admins): issue a unit account `tuixiu<参保编码>`, reset a password (one-time,
//! forced change), disable and enable, and the account list.

pub mod routes;
pub mod service;
