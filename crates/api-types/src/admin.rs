//! Accounts and the audit log, as reviewers and admins see them.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Role;

/// An account in the admin's list (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountOut {
    /// Public id.
    pub id: Uuid,
    /// Login name.
    pub account: String,
    /// Role.
    pub role: Role,
    /// Shown name.
    pub display_name: String,
    /// The unit's id, for unit operators.
    pub unit_id: Option<Uuid>,
    /// Stopped by an admin.
    pub disabled: bool,
    /// Locked after wrong passwords until this instant.
    pub locked_until: Option<DateTime<FixedOffset>>,
    /// A system-issued password is waiting to be changed.
    pub must_change_password: bool,
    /// Created at.
    pub created_at: DateTime<FixedOffset>,
}

/// One audit-log entry (操作日志).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditLogOut {
    /// Entry id.
    pub id: Uuid,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who (None: the system or an anonymous request such as a login).
    pub actor_id: Option<Uuid>,
    /// The actor's login then (None: the system or an anonymous request).
    pub actor_account: Option<String>,
    /// The actor's role then.
    pub actor_role: Option<Role>,
    /// The integrator key (接口密钥) the change was made with, if any.
    #[serde(default)]
    pub api_key_id: Option<Uuid>,
    /// Who, in Chinese: the login with its role (e.g. `shenhe01（职保会审核员）`), a key (`人事系统（接口密钥 rtpk_3fa9c1d2）`), 系统 or 匿名.
    pub actor_label: String,
    /// What, e.g. `auth.login`.
    pub action: String,
    /// What, in Chinese (e.g. 登录).
    pub action_label: String,
    /// The kind of record.
    pub target_type: String,
    /// The kind of record, in Chinese (e.g. 参保批次).
    pub target_label: String,
    /// The record's id.
    pub target_id: Option<String>,
    /// State before.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    /// State after.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
}

/// Filters of the audit log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct AuditLogQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::page::bounded::page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Rows per page (default 10, at most 100).
    #[serde(default, deserialize_with = "crate::page::bounded::page_size")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u64>,
    /// Only this action.
    pub action: Option<String>,
    /// Only this kind of record.
    pub target_type: Option<String>,
    /// Only this record.
    pub target_id: Option<String>,
}
