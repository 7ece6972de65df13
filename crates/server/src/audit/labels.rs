//! Chinese wording of the audit log's actions and record kinds, so the log reads as
//! sentences (登录, 删除参保人员, 参保批次) rather than codes.

/// The Chinese name of an action code; unknown codes are shown as they are.
pub fn action_label(action: &str) -> &str {
    match action {
        "auth.login" => "登录",
        "account.password_changed" => "修改密码",
        "account.issued" => "派发账号",
        "account.password_reset" => "重置密码",
        "account.disabled" => "停用账号",
        "account.enabled" => "启用账号",
        "attachment.uploaded" => "上传附件",
        "unit.registered" => "企业注册",
        "unit.updated" => "修改单位信息",
        "unit.info_confirmed" => "确认单位信息",
        "operator.updated" => "修改经办人信息",
        "code_application.submitted" => "提交参保编码申请",
        "code_application.resubmitted" => "重新提交参保编码申请",
        "code_application.approved" => "参保编码申请审核通过",
        "code_application.rejected" => "参保编码申请审核不通过",
        "code_application.viewed" => "查看参保编码申请",
        "name_change.submitted" => "提交单位名称修改申请",
        "name_change.resubmitted" => "重新提交单位名称修改申请",
        "name_change.approved" => "单位名称修改审核通过",
        "name_change.rejected" => "单位名称修改审核不通过",
        "name_change.viewed" => "查看单位名称修改申请",
        "dictionary.created" => "新增字典值",
        "dictionary.updated" => "修改字典值",
        "plan_year.created" => "新增保障年度",
        "plan_year.updated" => "修改保障年度设置",
        "batch.created" => "新建参保批次",
        "batch.deleted" => "删除参保批次",
        "batch.payment_method_chosen" => "选择参保缴费方式",
        "batch.withholding_letter_set" => "上传委托代扣款申请书",
        "roster.imported" => "导入参保名单",
        "roster.person_added" => "新增参保人员",
        "roster.person_viewed" => "查看参保人员",
        "roster.people_deleted" => "删除参保人员",
        "roster.cleared" => "清空参保名单",
        "roster.exported" => "导出参保名单",
        other => other,
    }
}

/// The Chinese name of a record kind.
pub fn target_label(kind: &str) -> &str {
    match kind {
        "account" => "账号",
        "attachment" => "附件",
        "unit" => "参保单位",
        "code_application" => "参保编码申请",
        "name_change" => "单位名称修改申请",
        "dictionary_entry" => "字典值",
        "plan_year" => "保障年度",
        "batch" => "参保批次",
        "roster_entry" => "参保人员",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_actions_read_in_chinese_and_unknown_ones_stay_visible() {
        assert_eq!(action_label("roster.person_viewed"), "查看参保人员");
        assert_eq!(target_label("batch"), "参保批次");
        assert_eq!(action_label("something.new"), "something.new");
    }
}
