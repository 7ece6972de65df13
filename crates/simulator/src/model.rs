//! The interfaces' vocabulary on the wire. These are the external systems' words, kept apart
//! from the domain crate's types on purpose: the client maps one onto the other.

use serde::{Deserialize, Serialize};

/// 职退情况 in the social-security records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 退休
    Retired,
    /// 在职
    Active,
    /// 死亡
    Deceased,
    /// 未知
    Unknown,
}

/// 医保情况.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MedicalInsurance {
    /// 已参加医保
    Insured,
    /// 未参加医保
    NotInsured,
}

/// Why the bank could not withhold (代扣失败原因).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BankFailure {
    /// 余额不足
    #[serde(alias = "余额不足")]
    InsufficientBalance,
    /// 校验不通过
    #[serde(alias = "校验不通过")]
    VerificationFailed,
    /// 账户状态异常
    #[serde(alias = "账户状态异常")]
    AccountAbnormal,
}

impl BankFailure {
    /// All reasons, in the order a hash picks them.
    pub const ALL: [BankFailure; 3] = [
        BankFailure::InsufficientBalance,
        BankFailure::VerificationFailed,
        BankFailure::AccountAbnormal,
    ];

    /// The bank's wording.
    pub fn label_zh(self) -> &'static str {
        match self {
            BankFailure::InsufficientBalance => "余额不足",
            BankFailure::VerificationFailed => "校验不通过",
            BankFailure::AccountAbnormal => "账户状态异常",
        }
    }
}

/// An ID number as the interfaces key it: trimmed, upper-case (`x` → `X`); `None` unless
/// 3–30 ASCII letters, digits or `-` (resident IDs and other documents alike).
pub fn normalize_id(raw: &str) -> Option<String> {
    let id = raw.trim().to_ascii_uppercase();
    let ok =
        (3..=30).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_normalised_or_refused() {
        assert_eq!(
            normalize_id(" 11010119500101001x ").as_deref(),
            Some("11010119500101001X")
        );
        assert_eq!(normalize_id("H1234567").as_deref(), Some("H1234567"));
        assert_eq!(normalize_id("12"), None);
        assert_eq!(normalize_id("1101 0119"), None);
        assert_eq!(normalize_id("张三"), None);
    }

    #[test]
    fn bank_reasons_read_in_either_wording() {
        let zh: Result<BankFailure, _> = serde_json::from_str("\"余额不足\"");
        assert_eq!(zh.ok(), Some(BankFailure::InsufficientBalance));
        let code: Result<BankFailure, _> = serde_json::from_str("\"account_abnormal\"");
        assert_eq!(code.ok(), Some(BankFailure::AccountAbnormal));
    }
}
