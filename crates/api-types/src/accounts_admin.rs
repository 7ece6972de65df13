//! Admin work on accounts (派发账号, 重置密码, 停用/启用) and the dictionaries (字典维护).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Role;

/// Filters of the account list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct AccountQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::page::bounded::page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Rows per page (default 10, at most 100).
    #[serde(default, deserialize_with = "crate::page::bounded::page_size")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u64>,
    /// Login contains this.
    pub account: Option<String>,
    /// Only this role.
    pub role: Option<Role>,
    /// Only disabled (true) or active (false) accounts.
    pub disabled: Option<bool>,
    /// Only the accounts of this unit.
    pub unit_id: Option<Uuid>,
}

/// Issue the unit account `tuixiu<参保编码>` of a unit that has a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueAccountIn {
    /// The unit.
    pub unit_id: Uuid,
}

/// A one-time password, shown once; it must be changed at the first login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OneTimePasswordOut {
    /// The account's id.
    pub account_id: Uuid,
    /// The login.
    pub account: String,
    /// The password to hand over; never stored in clear and never shown again.
    pub one_time_password: String,
}

/// 停用 / 启用.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountStatusIn {
    /// true: stop the account (its tokens stop working); false: enable it again.
    pub disabled: bool,
}

/// Which dictionary (path segment `district-union` or `economic-type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum DictionaryKind {
    /// 所属区局工会.
    DistrictUnion,
    /// 经济类型.
    EconomicType,
    /// 不通过原因 the reviewers pick from (职保会审核).
    RejectReason,
}

/// One dictionary value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DictionaryEntryOut {
    /// Id.
    pub id: i32,
    /// Its dictionary.
    pub kind: DictionaryKind,
    /// The value shown and stored in forms.
    pub value: String,
    /// Display order (ascending).
    pub sort_order: i32,
    /// Hidden from forms; old records keep it.
    pub disabled: bool,
}

/// Adds or edits a dictionary value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DictionaryEntryIn {
    /// The value (1–100 characters).
    pub value: String,
    /// Display order.
    pub sort_order: i32,
    /// Hide it from forms.
    #[serde(default)]
    pub disabled: bool,
}

/// `?include_disabled=true` for admins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct DictionaryQuery {
    /// Also list disabled values (admins).
    pub include_disabled: Option<bool>,
}
