//! 提交职保会审核 (wizard step ⑤) and 职保会审核: the ratio per social-security code with its
//! materials, the reasons of people without a match, submission, the reviewer's queue and
//! decision, and the history both sides see.

use api_types::ReviewStageKey;

/// Stored stage of 职保会审核.
pub const ENROLLMENT: &str = "enrollment";
/// Stored stage of 缴费凭证审核.
pub const VOUCHERS: &str = "vouchers";

/// The stored stage of an API key.
pub fn stage_str(k: ReviewStageKey) -> &'static str {
    match k {
        ReviewStageKey::Enrollment => ENROLLMENT,
        ReviewStageKey::Vouchers => VOUCHERS,
    }
}

pub mod decide;
pub mod facts;
pub mod history;
pub mod prepare;
pub mod routes;
pub mod submit;
pub mod view;
