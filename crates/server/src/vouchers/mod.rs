//! 缴费凭证管理 (SPEC §12): a batch's payment lines (with the computed 个人代扣 line for
//! withheld money), refund lines (退多余款) and e-receipt lines (电子票据), checked by the
//! domain's balance rule live and on 提交审核; the reviewer's 缴费凭证审核 (the review
//! feature's queue and decision, stage `vouchers`); and completion — 投保成功 with the cover
//! fixed on the batch and each insured person, and the 参保确认单.

pub mod complete;
pub mod confirmation;
pub mod lines;
pub mod list;
pub mod routes;
pub mod submit;
pub mod view;

use serde::Deserialize;

/// `[payee]`: 职保会退休账户信息, where units pay.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct PayeeSettings {
    /// 户名.
    pub account_name: String,
    /// 帐号.
    pub account_no: String,
    /// 开户行.
    pub bank: String,
}

impl Default for PayeeSettings {
    fn default() -> Self {
        PayeeSettings {
            account_name: "上海市职工保障互助会退休职工医保专户".into(),
            account_no: "31602300008023554".into(),
            bank: "上海银行人民广场支行".into(),
        }
    }
}
