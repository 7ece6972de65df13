//! 操作日志 as sentences: an entry's record named by what people call it (批次号, 单位名称,
//! 账号) and its before / after as `字段：旧 → 新` in Chinese, without codes, JSON or ids.

use chrono::DateTime;
use serde_json::{Map, Value};

use crate::components::format::{list_time, yuan};
use crate::components::labels;

/// The Chinese names of the fields the server writes into an entry's before / after.
const FIELD_LABELS: &[(&str, &str)] = &[
    ("status", "状态"),
    ("name", "名称"),
    ("unit_name", "单位名称"),
    ("old_name", "原单位名称"),
    ("credit_code", "统一社会信用代码"),
    ("enrollment_code", "参保编码"),
    ("reject_reason", "不通过原因"),
    ("address", "单位地址"),
    ("postcode", "邮政编码"),
    ("district_union", "所属区局工会"),
    ("economic_type", "经济类型"),
    ("kind", "类别"),
    ("value", "字典值"),
    ("sort_order", "排序"),
    ("disabled", "已停用"),
    ("account", "账号"),
    ("role", "角色"),
    ("must_change_password", "须修改密码"),
    ("email_changed", "邮箱已修改"),
    ("name_changed", "姓名已修改"),
    ("mobile", "手机号"),
    ("key_prefix", "密钥前缀"),
    ("scopes", "权限"),
    ("expires_at", "有效期至"),
    ("revoked_at", "吊销时间"),
    ("batch_no", "批次号"),
    ("plan_year", "保障年度"),
    ("year", "保障年度"),
    ("payment_method", "参保缴费方式"),
    ("withholding_amount_fen", "委托代扣金额"),
    ("amount_fen", "金额"),
    ("unit_due_fen", "单位应缴金额"),
    ("premium_fen", "参保费用"),
    ("withholding_cap_fen", "代扣金额上限"),
    ("people", "人数"),
    ("found", "查到人数"),
    ("withheld", "代扣人数"),
    ("succeeded", "代扣成功人数"),
    ("withholdable", "可代扣人数"),
    ("not_withholdable", "不可代扣人数"),
    ("outcome", "校验结果"),
    ("resolution", "处理方式"),
    ("reason", "原因"),
    ("round", "审核轮次"),
    ("code_reasons", "不通过原因"),
    ("overall_reasons", "整体原因"),
    ("payments", "缴费凭证"),
    ("receipts", "收据"),
    ("refunds", "退费信息"),
    ("purpose", "用途"),
    ("size_bytes", "文件大小（字节）"),
    ("unmasked", "显示完整证件号"),
    ("automatic", "自动"),
    ("match", "匹配方式"),
    ("centralized_start", "集中参保开始"),
    ("centralized_end", "集中参保结束"),
    ("withholding_channel_close", "委托代扣通道关闭"),
    ("withholding_application_deadline", "代扣申请截止"),
    ("instant_start", "即时参保开始"),
    ("coverage_start", "保障开始"),
    ("coverage_end", "保障结束"),
];

/// Fields that only carry internal identifiers or bookkeeping: never shown.
fn hidden(key: &str) -> bool {
    key == "version" || key == "id" || key.ends_with("_id") || key.ends_with("_ids")
}

fn field_label(key: &str) -> Option<&'static str> {
    FIELD_LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, label)| *label)
}

fn looks_like_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// One value as text; `None` when there is nothing worth showing (an id, an empty value).
fn value_text(key: &str, value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "是" } else { "否" }.to_owned()),
        Value::Number(n) if key.ends_with("_fen") => n.as_i64().map(|f| format!("{}元", yuan(f))),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if s.is_empty() || looks_like_uuid(s) => None,
        Value::String(s) => Some(match labels::value_label(key, s) {
            Some(label) => label.to_owned(),
            None => match DateTime::parse_from_rfc3339(s) {
                Ok(t) => list_time(t),
                Err(_) => s.clone(),
            },
        }),
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().filter_map(|v| value_text(key, v)).collect();
            let simple = items.iter().all(|v| v.is_string() || v.is_number());
            match (texts.is_empty(), simple && texts.len() == items.len()) {
                (true, _) if items.is_empty() => None,
                (false, true) => Some(texts.join("、")),
                _ => Some(format!("{}项", items.len())),
            }
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .filter(|(k, _)| !hidden(k))
                .filter_map(|(k, v)| Some(format!("{}：{}", field_label(k)?, value_text(k, v)?)))
                .collect();
            (!parts.is_empty()).then(|| parts.join("，"))
        }
    }
}

fn object(v: &Option<Value>) -> Option<&Map<String, Value>> {
    v.as_ref().and_then(Value::as_object)
}

/// The change an entry records, one `字段：值` or `字段：旧 → 新` per changed field, in the
/// order of [`FIELD_LABELS`] (状态 first); unchanged, unknown and internal fields are left out.
pub fn changes(before: &Option<Value>, after: &Option<Value>) -> Vec<String> {
    let (before, after) = (object(before), object(after));
    FIELD_LABELS
        .iter()
        .filter(|(k, _)| !hidden(k))
        .filter_map(|&(k, label)| {
            let old = before.and_then(|m| m.get(k)).and_then(|v| value_text(k, v));
            let new = after.and_then(|m| m.get(k)).and_then(|v| value_text(k, v));
            match (old, new) {
                (Some(o), Some(n)) if o == n => None,
                (Some(o), Some(n)) => Some(format!("{label}：{o} → {n}")),
                (None, Some(n)) => Some(format!("{label}：{n}")),
                (Some(o), None) if after.is_some_and(|m| m.contains_key(k)) => {
                    Some(format!("{label}：{o} → 空"))
                }
                (Some(o), None) => Some(format!("{label}：{o}")),
                (None, None) => None,
            }
        })
        .collect()
}

/// The record as people name it: `参保批次 TXZY…`, `参保单位 上海某某有限公司`, or only its kind.
pub fn subject(target_label: &str, before: &Option<Value>, after: &Option<Value>) -> String {
    const NAMES: [&str; 6] = ["batch_no", "unit_name", "name", "account", "value", "year"];
    let name = NAMES.iter().find_map(|k| {
        [after, before]
            .into_iter()
            .filter_map(object)
            .find_map(|m| m.get(*k).and_then(|v| value_text(k, v)))
    });
    match name {
        Some(name) => format!("{target_label} {name}"),
        None => target_label.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_reads_as_chinese_fields_without_codes_or_ids() {
        let before = Some(json!({ "payment_method": null, "status": "roster_pending" }));
        let after = Some(json!({
            "payment_method": "withholding",
            "withholding_amount_fen": 45000,
            "withholding_letter_id": "0b7c3a4e-8f1d-4c2b-9a6e-3d5f7e9a1b2c",
            "status": "roster_pending",
            "version": 3,
        }));
        assert_eq!(
            changes(&before, &after),
            vec!["参保缴费方式：委托代扣款缴费参保", "委托代扣金额：450.00元"]
        );
        let before = Some(json!({ "status": "pending", "reject_reason": null }));
        let after = Some(json!({ "status": "rejected", "reject_reason": "营业执照未盖章" }));
        assert_eq!(
            changes(&before, &after),
            vec!["状态：申请中 → 审核不通过", "不通过原因：营业执照未盖章"]
        );
        assert!(changes(&None, &None).is_empty());
    }

    #[test]
    fn a_record_is_named_by_its_number_or_name() {
        let after = Some(json!({ "batch_no": "TXZY202611300001", "kind": "instant" }));
        assert_eq!(
            subject("参保批次", &None, &after),
            "参保批次 TXZY202611300001"
        );
        let id_only = Some(json!({ "unit_id": "0b7c3a4e-8f1d-4c2b-9a6e-3d5f7e9a1b2c" }));
        assert_eq!(subject("账号", &id_only, &None), "账号");
    }
}
