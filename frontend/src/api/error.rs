//! The one error type of the API client: every refused or failed call becomes an [`ApiError`]
//! carrying the server's Chinese `message`, its `code` and its `details`.

use std::fmt;

use api_types::{ApiErrorBody, ErrorCode, FieldError, ImportErrorOut, RefusalReason};

/// A failed API call, ready to show to the user.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status; 0 when the server could not be reached (or the browser refused).
    pub status: u16,
    /// The error code, when the server sent one this build knows.
    pub code: Option<ErrorCode>,
    /// A Chinese sentence for the user (the server's `message` when there is one).
    pub message: String,
    /// The server's `details` (field errors, refusal reason, remaining attempts, …).
    pub details: Option<serde_json::Value>,
}

impl ApiError {
    /// A problem found before anything was sent (a form check), or a browser failure.
    pub fn local(message: impl Into<String>) -> Self {
        ApiError {
            status: 0,
            code: None,
            message: message.into(),
            details: None,
        }
    }

    /// No answer from the server.
    pub(crate) fn network() -> Self {
        ApiError::local("无法连接服务器，请检查网络后重试")
    }

    /// A 2xx answer this build cannot read.
    pub(crate) fn unreadable(status: u16) -> Self {
        ApiError {
            status,
            ..ApiError::local(format!(
                "服务器返回了无法识别的数据（HTTP {status}），请稍后重试"
            ))
        }
    }

    /// The token ran out before the request was sent.
    pub(crate) fn session_expired() -> Self {
        ApiError {
            status: 401,
            code: Some(ErrorCode::TokenExpired),
            ..ApiError::local("登录已过期，请重新登录")
        }
    }

    /// Reads the `{code, message, details}` body of a non-2xx answer.
    pub(crate) fn from_body(status: u16, body: &str) -> Self {
        // Parse loosely first: a code this build does not know must not hide the message.
        let value: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        let typed: Option<ApiErrorBody> = serde_json::from_value(value.clone()).ok();
        let message = value
            .get("message")
            .and_then(serde_json::Value::as_str)
            .filter(|m| !m.trim().is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| fallback_message(status));
        let mut err = ApiError {
            status,
            code: typed.map(|b| b.code),
            message,
            details: value.get("details").filter(|d| !d.is_null()).cloned(),
        };
        // The server joins its field messages without saying which field each is about
        // ("名称不能为空；…；名称不能为空"): name the fields so that the sentence is readable.
        let fields = err.field_errors();
        if !fields.is_empty() {
            err.message = fields.iter().map(labelled).collect::<Vec<_>>().join("；");
        }
        err
    }

    /// Why a workflow refused the action (`details.reason`), when the server said.
    pub fn reason(&self) -> Option<RefusalReason> {
        let reason = self.details.as_ref()?.get("reason")?.clone();
        serde_json::from_value(reason).ok()
    }

    /// True when the record changed since it was read: the page should offer to reload it.
    pub fn is_version_conflict(&self) -> bool {
        self.code == Some(ErrorCode::VersionConflict)
    }

    /// `details.remaining_attempts` of a failed login, when the server sent it.
    pub fn remaining_attempts(&self) -> Option<u64> {
        self.details.as_ref()?.get("remaining_attempts")?.as_u64()
    }

    /// `details.fields` of a `validation_failed`.
    pub fn field_errors(&self) -> Vec<FieldError> {
        self.details
            .as_ref()
            .and_then(|d| d.get("fields"))
            .and_then(|f| serde_json::from_value(f.clone()).ok())
            .unwrap_or_default()
    }

    /// `details.missing` of a refused 提交职保会审核: one sentence per gap.
    pub fn missing(&self) -> Vec<String> {
        self.details
            .as_ref()
            .and_then(|d| d.get("missing"))
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default()
    }

    /// `details.errors` of a refused roster import (one per row and column).
    pub fn import_errors(&self) -> Vec<ImportErrorOut> {
        self.details
            .as_ref()
            .and_then(|d| d.get("errors"))
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// Message for an error answer without a readable body (e.g. from a proxy).
fn fallback_message(status: u16) -> String {
    match status {
        401 => "登录已过期，请重新登录".to_owned(),
        403 => "没有权限执行此操作".to_owned(),
        404 => "请求的资源不存在".to_owned(),
        409 => "数据已被修改，请刷新后重试".to_owned(),
        413 => "上传的文件过大".to_owned(),
        428 => "缺少数据版本号，请刷新页面后重试".to_owned(),
        500..=599 => format!("服务暂时不可用（HTTP {status}），请稍后重试"),
        _ => format!("请求失败（HTTP {status}）"),
    }
}

/// The form captions of the JSON fields the server reports errors for.
const FIELD_LABELS: [(&str, &str); 26] = [
    ("unit_name", "单位名称"),
    ("new_name", "新单位名称"),
    ("credit_code", "统一社会信用代码"),
    ("operator_name", "经办人姓名"),
    ("operator_mobile", "经办人手机"),
    ("operator_email", "经办人邮箱"),
    ("district_union", "所属区局工会"),
    ("economic_type", "经济类型"),
    ("address", "单位地址"),
    ("postcode", "邮政编码"),
    ("principal", "负责人"),
    ("phone", "单位电话"),
    ("attachment_ids", "附件"),
    ("name", "姓名"),
    ("mobile", "手机号"),
    ("email", "邮箱"),
    ("doc_type", "证件类型"),
    ("id_number", "证件号码"),
    ("birth_date", "出生日期"),
    ("sex", "性别"),
    ("password", "密码"),
    ("new_password", "新密码"),
    ("withholding_amount_fen", "委托代扣金额"),
    ("withholding_letter_id", "委托代扣款申请书"),
    ("remark", "备注"),
    ("attachment_id", "附件"),
];

/// `单位名称：名称不能为空`, unless the message already names its field.
fn labelled(f: &FieldError) -> String {
    match FIELD_LABELS.iter().find(|(key, _)| *key == f.field) {
        Some((_, label)) if !f.message.contains(label) => format!("{label}：{}", f.message),
        _ => f.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_messages_name_their_fields_once() {
        let body = r#"{"code":"validation_failed","message":"名称不能为空；名称不能为空；请填写单位地址",
            "details":{"fields":[{"field":"unit_name","message":"名称不能为空"},
            {"field":"operator_name","message":"名称不能为空"},
            {"field":"address","message":"请填写单位地址"}]}}"#;
        let err = ApiError::from_body(422, body);
        assert_eq!(err.code, Some(ErrorCode::ValidationFailed));
        assert_eq!(
            err.message,
            "单位名称：名称不能为空；经办人姓名：名称不能为空；请填写单位地址"
        );
    }

    #[test]
    fn a_refusal_carries_its_reason() {
        let body = r#"{"code":"conflict","message":"参保缴费方式一旦选择，不能修改",
            "details":{"reason":"payment_method_already_chosen"}}"#;
        let err = ApiError::from_body(409, body);
        assert_eq!(
            err.reason(),
            Some(RefusalReason::PaymentMethodAlreadyChosen)
        );
        assert!(!err.is_version_conflict());
    }

    #[test]
    fn a_refused_submission_names_every_gap() {
        let body = r#"{"code":"rule_refused","message":"尚不能提交职保会审核：甲（另有1项未完成）",
            "details":{"reason":"review_requirements_unmet","missing":["甲","乙"]}}"#;
        let err = ApiError::from_body(422, body);
        assert_eq!(err.reason(), Some(RefusalReason::ReviewRequirementsUnmet));
        assert_eq!(err.missing(), ["甲", "乙"]);
    }

    #[test]
    fn an_unknown_code_keeps_the_message_and_a_missing_body_gets_one() {
        let err = ApiError::from_body(409, r#"{"code":"brand_new","message":"换个说法"}"#);
        assert_eq!((err.code, err.message.as_str()), (None, "换个说法"));
        assert_eq!(
            ApiError::from_body(502, "").message,
            "服务暂时不可用（HTTP 502），请稍后重试"
        );
        let stale = ApiError::from_body(409, r#"{"code":"version_conflict","message":"x"}"#);
        assert!(stale.missing().is_empty());
        assert!(stale.is_version_conflict());
    }
}
