//! Chinese wording of the audit log's actions and record kinds (登录, 删除参保人员, 参保批次),
//! shared by the server (the log's `*_label` fields) and the SPA (its filters).

/// Every action code the server writes, with its Chinese name, in the order of the workflow.
pub const AUDIT_ACTIONS: &[(&str, &str)] = &[
    ("auth.login", "登录"),
    ("account.password_changed", "修改密码"),
    ("account.issued", "派发账号"),
    ("account.password_reset", "重置密码"),
    ("account.disabled", "停用账号"),
    ("account.enabled", "启用账号"),
    ("api_key.created", "新建接口密钥"),
    ("api_key.revoked", "吊销接口密钥"),
    ("attachment.uploaded", "上传附件"),
    ("unit.registered", "企业注册"),
    ("unit.updated", "修改单位信息"),
    ("unit.info_confirmed", "确认单位信息"),
    ("operator.updated", "修改经办人信息"),
    ("code_application.submitted", "提交参保编码申请"),
    ("code_application.resubmitted", "重新提交参保编码申请"),
    ("code_application.approved", "参保编码申请审核通过"),
    ("code_application.rejected", "参保编码申请审核不通过"),
    ("code_application.viewed", "查看参保编码申请"),
    ("name_change.submitted", "提交单位名称修改申请"),
    ("name_change.resubmitted", "重新提交单位名称修改申请"),
    ("name_change.approved", "单位名称修改审核通过"),
    ("name_change.rejected", "单位名称修改审核不通过"),
    ("name_change.viewed", "查看单位名称修改申请"),
    ("dictionary.created", "新增字典值"),
    ("dictionary.updated", "修改字典值"),
    ("plan_year.created", "新增保障年度"),
    ("plan_year.updated", "修改保障年度设置"),
    ("batch.created", "新建参保批次"),
    ("batch.deleted", "删除参保批次"),
    ("batch.payment_method_chosen", "选择参保缴费方式"),
    ("batch.withholding_letter_set", "上传委托代扣款申请书"),
    ("roster.imported", "导入参保名单"),
    ("roster.renewed", "沿用上年度名单"),
    ("roster.person_added", "新增参保人员"),
    ("roster.person_viewed", "查看参保人员"),
    ("roster.searched_by_id_number", "按证件号查找参保人员"),
    ("roster.people_deleted", "删除参保人员"),
    ("roster.cleared", "清空参保名单"),
    ("roster.exported", "导出参保名单"),
    ("batch.verification_started", "提交系统校验"),
    ("batch.verification_resumed", "继续系统校验"),
    ("batch.verification_finished", "系统校验完成"),
    ("roster.anomaly_resolved", "处理校验异常"),
    ("verification.exported", "导出校验结果"),
    ("review.material_added", "上传相关材料"),
    ("review.material_removed", "删除相关材料"),
    ("roster.no_ss_reason_set", "填写无社保人员情形"),
    ("batch.review_submitted", "提交职保会审核"),
    ("batch.review_approved", "职保会审核通过"),
    ("batch.review_rejected", "职保会审核不通过"),
    ("batch.withholding_applied", "提交代扣申请"),
    ("batch.withholding_accepted", "受理代扣申请"),
    ("batch.withholding_results_recorded", "登记银行代扣结果"),
    ("batch.withholding_slip_downloaded", "下载代扣受理单"),
    ("batch.roster_confirmed", "参保名单确定"),
    ("batch.vouchers_saved", "保存缴费凭证信息"),
    ("batch.vouchers_submitted", "提交缴费凭证审核"),
    ("batch.vouchers_approved", "缴费凭证审核通过"),
    ("batch.vouchers_rejected", "缴费凭证审核不通过"),
    ("batch.confirmation_downloaded", "下载参保确认单"),
];

/// Every kind of record an audit entry is about, with its Chinese name.
pub const AUDIT_TARGETS: &[(&str, &str)] = &[
    ("account", "账号"),
    ("api_key", "接口密钥"),
    ("attachment", "附件"),
    ("unit", "参保单位"),
    ("code_application", "参保编码申请"),
    ("name_change", "单位名称修改申请"),
    ("dictionary_entry", "字典值"),
    ("plan_year", "保障年度"),
    ("batch", "参保批次"),
    ("roster_entry", "参保人员"),
    ("review", "审核记录"),
];

/// The Chinese name of an action code; unknown codes are shown as they are.
pub fn audit_action_label(action: &str) -> &str {
    AUDIT_ACTIONS
        .iter()
        .find(|(code, _)| *code == action)
        .map_or(action, |(_, label)| label)
}

/// The Chinese name of a record kind; unknown kinds are shown as they are.
pub fn audit_target_label(kind: &str) -> &str {
    AUDIT_TARGETS
        .iter()
        .find(|(code, _)| *code == kind)
        .map_or(kind, |(_, label)| label)
}
