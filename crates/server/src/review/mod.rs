//! 提交职保会审核 (wizard step ⑤) and 职保会审核: the ratio per social-security code with its
//! materials, the reasons of people without a match, submission, the reviewer's queue and
//! decision, and the history both sides see.

pub mod decide;
pub mod facts;
pub mod history;
pub mod prepare;
pub mod routes;
pub mod submit;
pub mod view;
