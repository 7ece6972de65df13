//! 接口密钥 (integrator API keys): what an admin or a unit operator creates, lists and
//! revokes, and the scopes that narrow what a key may call.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Role;

/// What a key may call (权限范围), on top of the rights of its role and unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ApiScope {
    /// Read batches (参保批次).
    #[serde(rename = "batches:read")]
    BatchesRead,
    /// Open, change and submit batches.
    #[serde(rename = "batches:write")]
    BatchesWrite,
    /// Read rosters (参保名单).
    #[serde(rename = "roster:read")]
    RosterRead,
    /// Import, add, resolve and delete people.
    #[serde(rename = "roster:write")]
    RosterWrite,
    /// Read verification progress and results (系统校验).
    #[serde(rename = "verification:read")]
    VerificationRead,
    /// Start and resume verification.
    #[serde(rename = "verification:write")]
    VerificationWrite,
    /// Read withholding and voucher state (代扣、缴费凭证).
    #[serde(rename = "vouchers:read")]
    VouchersRead,
    /// Save and submit vouchers.
    #[serde(rename = "vouchers:write")]
    VouchersWrite,
    /// The association's review (职保会审核): the queue and decisions.
    #[serde(rename = "review")]
    Review,
}

impl ApiScope {
    /// Every scope, in the order the SPA lists them.
    pub const ALL: [ApiScope; 9] = [
        ApiScope::BatchesRead,
        ApiScope::BatchesWrite,
        ApiScope::RosterRead,
        ApiScope::RosterWrite,
        ApiScope::VerificationRead,
        ApiScope::VerificationWrite,
        ApiScope::VouchersRead,
        ApiScope::VouchersWrite,
        ApiScope::Review,
    ];

    /// The wire name (`roster:write`).
    pub fn as_str(self) -> &'static str {
        match self {
            ApiScope::BatchesRead => "batches:read",
            ApiScope::BatchesWrite => "batches:write",
            ApiScope::RosterRead => "roster:read",
            ApiScope::RosterWrite => "roster:write",
            ApiScope::VerificationRead => "verification:read",
            ApiScope::VerificationWrite => "verification:write",
            ApiScope::VouchersRead => "vouchers:read",
            ApiScope::VouchersWrite => "vouchers:write",
            ApiScope::Review => "review",
        }
    }

    /// The scope of a wire name.
    pub fn parse(raw: &str) -> Option<ApiScope> {
        ApiScope::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// The Chinese name shown in the SPA.
    pub fn label_zh(self) -> &'static str {
        match self {
            ApiScope::BatchesRead => "查看参保批次",
            ApiScope::BatchesWrite => "新建、修改、提交参保批次",
            ApiScope::RosterRead => "查看参保名单",
            ApiScope::RosterWrite => "导入、新增、处理、删除参保人员",
            ApiScope::VerificationRead => "查看系统校验进度与结果",
            ApiScope::VerificationWrite => "提交系统校验",
            ApiScope::VouchersRead => "查看代扣与缴费凭证",
            ApiScope::VouchersWrite => "填写、提交缴费凭证",
            ApiScope::Review => "职保会审核",
        }
    }

    /// Whether a key of `role` may hold this scope: the review is the association's, the
    /// writes are a unit's.
    pub fn allowed_for(self, role: Role) -> bool {
        match role {
            Role::Unit => self != ApiScope::Review,
            Role::Reviewer => matches!(
                self,
                ApiScope::BatchesRead
                    | ApiScope::RosterRead
                    | ApiScope::VerificationRead
                    | ApiScope::VouchersRead
                    | ApiScope::Review
            ),
            Role::Admin => false,
        }
    }
}

/// Where a key stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyStatus {
    /// 有效.
    Active,
    /// 已过期.
    Expired,
    /// 已吊销.
    Revoked,
}

impl ApiKeyStatus {
    /// The Chinese name shown in the SPA.
    pub fn label_zh(self) -> &'static str {
        match self {
            ApiKeyStatus::Active => "有效",
            ApiKeyStatus::Expired => "已过期",
            ApiKeyStatus::Revoked => "已吊销",
        }
    }
}

/// 新建接口密钥.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyIn {
    /// What the key is for (e.g. 人事系统), 1–50 characters.
    pub name: String,
    /// The unit the key acts for. A unit operator's key is always for its own unit (leave
    /// it empty or give that unit); an admin names the unit, or leaves it empty for a key
    /// of the association (职保会) with a reviewer's rights.
    #[serde(default)]
    pub unit_id: Option<Uuid>,
    /// What it may call; at least one, each allowed for the key's role.
    pub scopes: Vec<ApiScope>,
    /// Days until it expires (1–365).
    pub expires_in_days: u32,
}

/// A key as listed (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyOut {
    /// Id.
    pub id: Uuid,
    /// What it is for.
    pub name: String,
    /// Its first characters (`rtpk_3fa9c1d2`), to tell keys apart.
    pub key_prefix: String,
    /// The rights it acts with: `unit` (its unit's operator) or `reviewer` (the association).
    pub role: Role,
    /// The unit of a unit's key.
    pub unit_id: Option<Uuid>,
    /// That unit's name.
    pub unit_name: Option<String>,
    /// What it may call.
    pub scopes: Vec<ApiScope>,
    /// 有效 / 已过期 / 已吊销.
    pub status: ApiKeyStatus,
    /// The login that created it.
    pub created_by: Option<String>,
    /// Created at.
    pub created_at: DateTime<FixedOffset>,
    /// Ends at.
    pub expires_at: DateTime<FixedOffset>,
    /// Last request made with it (to the minute).
    pub last_used_at: Option<DateTime<FixedOffset>>,
    /// Revoked at.
    pub revoked_at: Option<DateTime<FixedOffset>>,
}

/// A new key: the only answer that carries it. Only its digest is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyCreatedOut {
    /// The key, to send as `X-API-Key`; shown this once.
    pub secret: String,
    /// The key as listed from now on.
    pub key: ApiKeyOut,
}

/// Filters of the key list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ApiKeyQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::page::bounded::page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Rows per page (default 10, at most 100).
    #[serde(default, deserialize_with = "crate::page::bounded::page_size")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for s in ApiScope::ALL {
            assert_eq!(ApiScope::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert_eq!(ApiScope::parse("roster:delete"), None);
    }

    #[test]
    fn review_is_the_associations_and_writes_are_a_units() {
        assert!(!ApiScope::Review.allowed_for(Role::Unit));
        assert!(ApiScope::Review.allowed_for(Role::Reviewer));
        assert!(!ApiScope::RosterWrite.allowed_for(Role::Reviewer));
        assert!(ApiScope::RosterWrite.allowed_for(Role::Unit));
        assert!(ApiScope::ALL.iter().all(|s| !s.allowed_for(Role::Admin)));
    }
}
