//! The manual's wording of the shared keys, taken from the domain crate (one source for the
//! server and the SPA).

use api_types::{
    BatchKindKey, DocTypeKey, NoSsReasonKey, PaymentMethodKey, ReviewQueueStatus, Role, SexKey,
};
use domain::verification::{blocks_submission, must_be_deleted, Resolution};
use domain::{
    ApplicationStatus, BatchKind, BatchStatus, DeductionType, DocumentType, PaymentMethod, Sex,
    VerificationOutcome,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// 集中参保 / 即时参保.
pub fn batch_kind(kind: BatchKindKey) -> &'static str {
    match kind {
        BatchKindKey::Centralized => BatchKind::Centralized.label_zh(),
        BatchKindKey::Instant => BatchKind::Instant.label_zh(),
    }
}

/// The 社保类型 of a person without a social-security match, in the manual's drop-down order
/// and wording, with the wire key (the `<option>` value).
pub const NO_SS_REASONS: [(NoSsReasonKey, &str, &str); 4] = [
    (
        NoSsReasonKey::NewlyRetired,
        "newly_retired",
        "(新退休) 上年度7月1至本年度6月30号办理退休",
    ),
    (NoSsReasonKey::CadreInsurance, "cadre_insurance", "干保"),
    (NoSsReasonKey::Abroad, "abroad", "出国"),
    (NoSsReasonKey::Other, "other", "其他(如：社保封存等)"),
];

/// 社保类型 as the drop-down shows it.
pub fn no_ss_reason(key: NoSsReasonKey) -> &'static str {
    NO_SS_REASONS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("", |(_, _, label)| label)
}

/// The wire key of a 社保类型 (the `<option>` value).
pub fn no_ss_reason_wire(key: NoSsReasonKey) -> &'static str {
    NO_SS_REASONS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("", |(_, wire, _)| wire)
}

/// The 社保类型 of an `<option>` value; `None` for 请选择.
pub fn no_ss_reason_of_wire(wire: &str) -> Option<NoSsReasonKey> {
    NO_SS_REASONS
        .iter()
        .find(|(_, w, _)| *w == wire)
        .map(|(k, _, _)| *k)
}

/// The choices of the review queue's 审核状态 filter: `(wire key, 中文)`.
pub const REVIEW_QUEUE_STATUSES: [(ReviewQueueStatus, &str, &str); 3] = [
    (ReviewQueueStatus::Pending, "pending", "待审核"),
    (ReviewQueueStatus::Decided, "decided", "已审核"),
    (ReviewQueueStatus::All, "all", "全部"),
];

/// 委托代扣款缴费参保 / 缴费凭证参保.
pub fn payment_method(method: PaymentMethodKey) -> &'static str {
    match method {
        PaymentMethodKey::Withholding => PaymentMethod::Withholding.label_zh(),
        PaymentMethodKey::Voucher => PaymentMethod::Voucher.label_zh(),
    }
}

/// 方式1 / 方式2, as the manual numbers the payment methods.
pub fn payment_method_no(method: PaymentMethodKey) -> &'static str {
    match method {
        PaymentMethodKey::Withholding => "方式1",
        PaymentMethodKey::Voucher => "方式2",
    }
}

/// The wire key of a domain enum: its serde name (`roster_pending`, `name_mismatch`, …).
fn wire_key<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A domain enum from its wire key; `None` for a key this build does not know.
fn from_key<T: DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(key.to_owned())).ok()
}

/// The Chinese of a stored enum value, by the field it is in (the audit log's before / after:
/// `status` `roster_pending` → 名单待导入); `None` for a value that is no known key.
pub fn value_label(field: &str, value: &str) -> Option<&'static str> {
    match field {
        "status" => from_key::<BatchStatus>(value)
            .map(|s| s.label_zh())
            .or_else(|| from_key::<ApplicationStatus>(value).map(|s| s.label_zh())),
        "payment_method" => from_key::<PaymentMethod>(value).map(|m| m.label_zh()),
        "outcome" => from_key::<VerificationOutcome>(value).map(|o| o.label_zh()),
        "resolution" => from_key::<Resolution>(value).map(|r| r.label_zh()),
        "doc_type" => from_key::<DocumentType>(value).map(|d| d.label_zh()),
        "role" => from_key::<Role>(value).map(Role::label_zh),
        "kind" => match value {
            "district_union" => Some("所属区局工会"),
            "economic_type" => Some("经济类型"),
            _ => from_key::<BatchKind>(value).map(|k| k.label_zh()),
        },
        _ => None,
    }
}

/// Every batch status as `(wire key, 中文)`, in life-cycle order, for the status filter.
pub fn batch_statuses() -> Vec<(String, &'static str)> {
    BatchStatus::ALL
        .iter()
        .map(|s| (wire_key(s), s.label_zh()))
        .collect()
}

/// The outcomes of system verification (校验结果), in the order an operator handles them.
const OUTCOMES: [VerificationOutcome; 7] = [
    VerificationOutcome::NameMismatch,
    VerificationOutcome::RetirementMonthInvalid,
    VerificationOutcome::Deceased,
    VerificationOutcome::NotRetired,
    VerificationOutcome::NoSocialSecurity,
    VerificationOutcome::RetirementMonthEdited,
    VerificationOutcome::Passed,
];

/// Every 校验结果 as `(wire key, the manual's wording)`, for the results filter.
pub fn verification_outcomes() -> Vec<(String, &'static str)> {
    OUTCOMES
        .iter()
        .map(|o| (wire_key(o), o.label_zh()))
        .collect()
}

/// Whether a stored 校验结果 keeps 提交职保会审核 disabled until the operator handles it.
pub fn outcome_blocks(key: Option<&str>) -> bool {
    key.and_then(from_key::<VerificationOutcome>)
        .is_some_and(blocks_submission)
}

/// 是否删除 of a stored 校验结果: 是 for people who can only be deleted, 否 for the others, and
/// nothing before the person was checked.
pub fn must_delete(key: Option<&str>) -> &'static str {
    match key.and_then(from_key::<VerificationOutcome>) {
        Some(o) if must_be_deleted(o) => "是",
        Some(_) => "否",
        None => "",
    }
}

/// Both 代扣类型 as `(wire key, 可代扣 / 不可代扣)`, for the results filter.
pub fn deduction_types() -> Vec<(String, &'static str)> {
    [DeductionType::Withholdable, DeductionType::NotWithholdable]
        .iter()
        .map(|d| (wire_key(d), d.label_zh()))
        .collect()
}

/// 身份证 / 非身份证.
pub fn doc_type(doc: DocTypeKey) -> &'static str {
    match doc {
        DocTypeKey::ResidentId => DocumentType::ResidentId.label_zh(),
        DocTypeKey::Other => DocumentType::Other.label_zh(),
    }
}

/// 男 / 女.
pub fn sex(sex: SexKey) -> &'static str {
    match sex {
        SexKey::Male => Sex::Male.label_zh(),
        SexKey::Female => Sex::Female.label_zh(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_filter_sends_the_wire_keys_in_the_manuals_order() {
        let statuses = batch_statuses();
        assert_eq!(statuses.len(), BatchStatus::ALL.len());
        assert_eq!(statuses[0], ("roster_pending".to_owned(), "名单待导入"));
        assert_eq!(statuses[12], ("completed".to_owned(), "凭证审核通过"));
        assert_eq!(payment_method(PaymentMethodKey::Voucher), "缴费凭证参保");
    }

    #[test]
    fn the_no_ss_reasons_round_trip_with_the_manuals_wording() {
        for (key, wire, label) in NO_SS_REASONS {
            assert_eq!(no_ss_reason_of_wire(wire), Some(key));
            assert_eq!(no_ss_reason(key), label);
            assert_eq!(
                serde_json::to_value(key).ok(),
                Some(serde_json::Value::String(wire.to_owned()))
            );
            assert_eq!(no_ss_reason_wire(key), wire);
        }
        assert_eq!(no_ss_reason_of_wire(""), None);
        for (status, wire, _) in REVIEW_QUEUE_STATUSES {
            assert_eq!(
                serde_json::to_value(status).ok(),
                Some(serde_json::Value::String(wire.to_owned()))
            );
        }
    }

    #[test]
    fn the_results_filters_send_the_wire_keys_with_the_manuals_wording() {
        let outcomes = verification_outcomes();
        assert_eq!(outcomes.len(), OUTCOMES.len());
        assert!(outcomes.contains(&("name_mismatch".to_owned(), "参保姓名和社保姓名不一致")));
        assert!(outcomes.contains(&("retirement_month_edited".to_owned(), "已经修改退休年月")));
        assert_eq!(
            deduction_types(),
            vec![
                ("withholdable".to_owned(), "可代扣"),
                ("not_withholdable".to_owned(), "不可代扣")
            ]
        );
        assert!(outcome_blocks(Some("deceased")));
        assert!(!outcome_blocks(Some("passed")));
        assert!(!outcome_blocks(Some("a_new_outcome")));
        assert_eq!(must_delete(Some("deceased")), "是");
        assert_eq!(must_delete(Some("not_retired")), "是");
        assert_eq!(must_delete(Some("name_mismatch")), "否");
        assert_eq!(must_delete(None), "");
        assert!(!outcome_blocks(None));
    }
}
