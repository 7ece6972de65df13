//! 保障年度设置: each plan year's windows, deadlines and money settings, seeded with the
//! manual's values; everyone reads, admins edit and add years.

pub mod routes;
pub mod service;
