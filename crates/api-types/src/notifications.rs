//! 消息提醒: the in-app notices of the logged-in account (the same text is mailed to the
//! operator's email).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The event a notice tells of (消息类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// 参保编码申请审核通过.
    CodeApplicationApproved,
    /// 参保编码申请审核不通过.
    CodeApplicationRejected,
    /// 单位名称修改审核通过.
    NameChangeApproved,
    /// 单位名称修改审核不通过.
    NameChangeRejected,
    /// 职保会审核通过.
    BatchReviewApproved,
    /// 职保会审核不通过.
    BatchReviewRejected,
    /// 代扣结果.
    WithholdingResults,
    /// 凭证审核通过.
    VouchersApproved,
    /// 凭证审核不通过.
    VouchersRejected,
    /// 投保成功.
    EnrollmentCompleted,
    /// 账号派发.
    AccountIssued,
    /// 密码重置.
    PasswordReset,
}

impl NotificationKind {
    /// Every kind.
    pub const ALL: [NotificationKind; 12] = [
        NotificationKind::CodeApplicationApproved,
        NotificationKind::CodeApplicationRejected,
        NotificationKind::NameChangeApproved,
        NotificationKind::NameChangeRejected,
        NotificationKind::BatchReviewApproved,
        NotificationKind::BatchReviewRejected,
        NotificationKind::WithholdingResults,
        NotificationKind::VouchersApproved,
        NotificationKind::VouchersRejected,
        NotificationKind::EnrollmentCompleted,
        NotificationKind::AccountIssued,
        NotificationKind::PasswordReset,
    ];

    /// The Chinese name shown in the list.
    pub fn label_zh(self) -> &'static str {
        match self {
            NotificationKind::CodeApplicationApproved => "参保编码申请审核通过",
            NotificationKind::CodeApplicationRejected => "参保编码申请审核不通过",
            NotificationKind::NameChangeApproved => "单位名称修改审核通过",
            NotificationKind::NameChangeRejected => "单位名称修改审核不通过",
            NotificationKind::BatchReviewApproved => "职保会审核通过",
            NotificationKind::BatchReviewRejected => "职保会审核不通过",
            NotificationKind::WithholdingResults => "代扣结果",
            NotificationKind::VouchersApproved => "凭证审核通过",
            NotificationKind::VouchersRejected => "凭证审核不通过",
            NotificationKind::EnrollmentCompleted => "投保成功",
            NotificationKind::AccountIssued => "账号派发",
            NotificationKind::PasswordReset => "密码重置",
        }
    }
}

/// One notice (消息).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationOut {
    /// Its id (also the stem of the mail's Message-ID).
    pub id: Uuid,
    /// The event.
    pub kind: NotificationKind,
    /// The event in Chinese.
    pub kind_label: String,
    /// 标题.
    pub subject: String,
    /// 内容 (plain text, lines separated by `\n`).
    pub body: String,
    /// Whether it has been read (已读).
    pub read: bool,
    /// When it was marked read.
    pub read_at: Option<DateTime<FixedOffset>>,
    /// When the event happened.
    pub created_at: DateTime<FixedOffset>,
    /// When the mail server accepted the mail to the operator's email (`None`: not mailed,
    /// or not yet).
    pub mailed_at: Option<DateTime<FixedOffset>>,
}

/// Filters of the notice list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct NotificationQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "crate::page::bounded::page")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<u64>,
    /// Rows per page (default 10, at most 100).
    #[serde(default, deserialize_with = "crate::page::bounded::page_size")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub page_size: Option<u64>,
    /// Only unread (true) or only read (false) notices.
    pub unread: Option<bool>,
}

/// `GET /api/notifications/unread-count`: the badge of the menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCountOut {
    /// 未读消息数.
    pub unread: u64,
}

/// `POST /api/notifications/read-all`: how many notices it marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadAllOut {
    /// Notices that were unread and are read now.
    pub marked: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_snake_case_on_the_wire_and_each_has_a_label() {
        let json =
            serde_json::to_string(&NotificationKind::BatchReviewRejected).unwrap_or_default();
        assert_eq!(json, "\"batch_review_rejected\"");
        let labels: std::collections::HashSet<_> =
            NotificationKind::ALL.iter().map(|k| k.label_zh()).collect();
        assert_eq!(labels.len(), NotificationKind::ALL.len(), "labels differ");
    }
}
