//! The manual's wording of the shared keys, taken from the domain crate (one source for the
//! server and the SPA).

use api_types::{BatchKindKey, DocTypeKey, PaymentMethodKey, SexKey};
use domain::{BatchKind, BatchStatus, DocumentType, PaymentMethod, Sex};

/// 集中参保 / 即时参保.
pub fn batch_kind(kind: BatchKindKey) -> &'static str {
    match kind {
        BatchKindKey::Centralized => BatchKind::Centralized.label_zh(),
        BatchKindKey::Instant => BatchKind::Instant.label_zh(),
    }
}

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

/// Every batch status as `(wire key, 中文)`, in life-cycle order, for the status filter.
pub fn batch_statuses() -> Vec<(String, &'static str)> {
    BatchStatus::ALL
        .iter()
        .map(|s| {
            // The wire key is the status's serde name (`roster_pending`, …).
            let key = serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            (key, s.label_zh())
        })
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
}
