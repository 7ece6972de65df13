//! The Chinese text of every notice, one function per event: what happened, to which
//! application or batch (批次号), and what the unit does next. Retirees' personal data (names,
//! ID numbers, mobiles) never appears: a notice names batches, 社保编号 and head counts only,
//! and a password never (it is shown once to the admin who set it).
//!
//! A template answers a [`Letter`]; the caller addresses it and names the event with
//! [`Letter::to`], then passes the [`Notice`] to [`super::emit`] inside its transaction.

use api_types::NotificationKind;
use chrono::NaiveDate;
use domain::{Fen, PaymentMethod};

use super::outbox::{Notice, Recipient};
use crate::batches::access::method_of;
use crate::entities::batch;
use crate::error::ServiceResult;

/// The text of one notice, not yet addressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The event.
    pub kind: NotificationKind,
    /// 标题.
    pub subject: String,
    /// 内容 (plain text).
    pub body: String,
}

impl Letter {
    fn new(kind: NotificationKind, subject: impl Into<String>, lines: &[String]) -> Letter {
        Letter {
            kind,
            subject: subject.into(),
            body: lines.join("\n"),
        }
    }

    /// Addressed to `recipient`, as the event `dedupe_key` (the same key twice writes one
    /// notice: use the identity of the event, e.g. `batch_review:<review id>`).
    pub fn to(self, recipient: Recipient, dedupe_key: impl Into<String>) -> Notice {
        Notice {
            kind: self.kind,
            recipient,
            subject: self.subject,
            body: self.body,
            dedupe_key: dedupe_key.into(),
        }
    }
}

/// What a batch's notice names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchRef<'a> {
    /// 批次号 (`TXZY202611300001`).
    pub batch_no: &'a str,
    /// 保障年度.
    pub plan_year: i32,
    /// 缴费方式, once chosen.
    pub payment_method: Option<PaymentMethod>,
}

impl<'a> BatchRef<'a> {
    /// The reference of a stored batch.
    pub fn of(b: &'a batch::Model) -> ServiceResult<Self> {
        Ok(BatchRef {
            batch_no: &b.batch_no,
            plan_year: b.plan_year,
            payment_method: method_of(b)?,
        })
    }

    fn named(&self) -> String {
        format!(
            "贵单位的参保批次 {}（保障年度 {}）",
            self.batch_no, self.plan_year
        )
    }
}

fn next(step: &str) -> String {
    format!("下一步：{step}")
}

/// 参保编码申请审核通过: the code assigned.
pub fn code_application_approved(unit_name: &str, enrollment_code: &str) -> Letter {
    Letter::new(
        NotificationKind::CodeApplicationApproved,
        "参保编码申请审核通过",
        &[
            format!("贵单位（{unit_name}）的参保编码申请已审核通过，参保编码：{enrollment_code}。"),
            next("请登录平台，在“单位信息维护”中核对单位信息，然后在“参保办理”中选择参保类型办理参保。"),
        ],
    )
}

/// 参保编码申请审核不通过, with the reviewer's reason.
pub fn code_application_rejected(unit_name: &str, reason: &str) -> Letter {
    Letter::new(
        NotificationKind::CodeApplicationRejected,
        "参保编码申请审核不通过",
        &[
            format!("贵单位（{unit_name}）的参保编码申请审核不通过。"),
            format!("不通过原因：{reason}"),
            next("请登录平台，在“参保编码申请”中按不通过原因修改申请信息后重新提交。"),
        ],
    )
}

/// 单位名称修改审核通过: the unit is renamed.
pub fn name_change_approved(old_name: &str, new_name: &str) -> Letter {
    Letter::new(
        NotificationKind::NameChangeApproved,
        "单位名称修改审核通过",
        &[
            format!(
                "贵单位的单位名称修改申请已审核通过，单位名称已由“{old_name}”变更为“{new_name}”。"
            ),
            next("请登录平台，在“单位信息维护”中确认单位信息无误后继续办理参保。"),
        ],
    )
}

/// 单位名称修改审核不通过, with the reviewer's reason.
pub fn name_change_rejected(new_name: &str, reason: &str) -> Letter {
    Letter::new(
        NotificationKind::NameChangeRejected,
        "单位名称修改审核不通过",
        &[
            format!("贵单位将单位名称修改为“{new_name}”的申请审核不通过。"),
            format!("不通过原因：{reason}"),
            next("请登录平台，在“单位信息维护”中按不通过原因修改后重新提交修改单位名称申请。"),
        ],
    )
}

/// 职保会审核通过: the next step follows the payment method.
pub fn batch_review_approved(batch: &BatchRef<'_>) -> Letter {
    let step = match batch.payment_method {
        Some(PaymentMethod::Withholding) => {
            "请登录平台，在第⑥步“代扣申请提交”中确认可代扣人员名单并提交代扣申请。"
        }
        Some(PaymentMethod::Voucher) => {
            "请登录平台，在“缴费凭证管理”中按应缴保费缴费并上传缴费凭证。"
        }
        None => "请登录平台查看该批次并继续办理。",
    };
    Letter::new(
        NotificationKind::BatchReviewApproved,
        format!("参保批次 {} 职保会审核通过", batch.batch_no),
        &[format!("{}已通过职保会审核。", batch.named()), next(step)],
    )
}

/// One 社保编号's 不通过原因 (`None`: the 未匹配到单位社保编码 group).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeReasons<'a> {
    /// 社保编号.
    pub ss_code: Option<&'a str>,
    /// Its reasons.
    pub reasons: &'a [String],
}

/// 职保会审核不通过, with the reasons per 社保编号 and overall.
pub fn batch_review_rejected(
    batch: &BatchRef<'_>,
    code_reasons: &[CodeReasons<'_>],
    overall: &[String],
) -> Letter {
    let mut lines = vec![
        format!("{}未通过职保会审核。", batch.named()),
        "不通过原因：".to_owned(),
    ];
    for c in code_reasons.iter().filter(|c| !c.reasons.is_empty()) {
        let code = match c.ss_code {
            Some(code) => format!("社保编号 {code}"),
            None => crate::review::view::code_label(None),
        };
        lines.push(format!("· {code}：{}", c.reasons.join("；")));
    }
    if !overall.is_empty() {
        lines.push(format!("· 整体原因：{}", overall.join("；")));
    }
    lines.push(next(
        "请登录平台，在第⑤步“提交职保会审核”中点击“查看不通过原因”，按原因修改参保名单或补充相关材料后重新提交职保会审核。",
    ));
    Letter::new(
        NotificationKind::BatchReviewRejected,
        format!("参保批次 {} 职保会审核不通过", batch.batch_no),
        &lines,
    )
}

/// 代扣结果: of `requested` people, `succeeded` were withheld; `unit_due` is what the unit
/// still pays (`fees::unit_due`).
pub fn withholding_results(
    batch: &BatchRef<'_>,
    requested: u32,
    succeeded: u32,
    unit_due: Fen,
) -> Letter {
    let failed = requested.saturating_sub(succeeded);
    let mut lines = vec![
        format!("{}的代扣结果已返回。", batch.named()),
        format!("申请代扣{requested}人，代扣成功{succeeded}人，代扣失败{failed}人。"),
    ];
    if failed > 0 {
        lines.push(
            "代扣失败人员可保留（由单位缴纳保费），或在各社保编号参保比例仍满足要求时删除。"
                .to_owned(),
        );
    }
    if unit_due.is_positive() {
        lines.push(format!("单位尚需缴纳保费：{unit_due}。"));
        lines.push(next(
            "请登录平台查看代扣结果，处理代扣失败人员后在“缴费凭证管理”中缴费并上传缴费凭证。",
        ));
    } else {
        lines.push(next(
            "请登录平台查看代扣结果，并在“缴费凭证管理”中确认系统生成的缴费信息后提交。",
        ));
    }
    Letter::new(
        NotificationKind::WithholdingResults,
        format!("参保批次 {} 代扣结果", batch.batch_no),
        &lines,
    )
}

/// 凭证审核通过.
pub fn vouchers_approved(batch: &BatchRef<'_>) -> Letter {
    Letter::new(
        NotificationKind::VouchersApproved,
        format!("参保批次 {} 缴费凭证审核通过", batch.batch_no),
        &[
            format!("{}的缴费凭证已审核通过。", batch.named()),
            next("请登录平台查看批次状态与电子票据信息；投保成功后将另行通知保障期间。"),
        ],
    )
}

/// 凭证审核不通过, with the reviewer's feedback (e.g. 退多余款账户信息错误).
pub fn vouchers_rejected(batch: &BatchRef<'_>, feedback: &str) -> Letter {
    Letter::new(
        NotificationKind::VouchersRejected,
        format!("参保批次 {} 缴费凭证审核不通过", batch.batch_no),
        &[
            format!("{}的缴费凭证审核不通过。", batch.named()),
            format!("不通过原因：{feedback}"),
            next("请登录平台，在“缴费凭证管理”中按原因修改缴费、退款或票据信息后重新提交。"),
        ],
    )
}

/// 投保成功: `people` are covered from `coverage_start` to `coverage_end`, after a waiting
/// period of `waiting_days` (0 for 集中参保, 30 for 即时参保).
pub fn enrollment_completed(
    batch: &BatchRef<'_>,
    people: u32,
    coverage_start: NaiveDate,
    coverage_end: NaiveDate,
    waiting_days: u32,
) -> Letter {
    let mut lines = vec![
        format!(
            "{}投保成功，参保已完成，参保人数{people}人。",
            batch.named()
        ),
        format!(
            "保障期间：{} 至 {}。",
            coverage_start.format("%Y年%m月%d日"),
            coverage_end.format("%Y年%m月%d日")
        ),
    ];
    if waiting_days > 0 {
        lines.push(format!("免责期：{waiting_days}天。"));
    }
    lines.push(next("无需其他操作；可登录平台查看参保人员与批次信息。"));
    Letter::new(
        NotificationKind::EnrollmentCompleted,
        format!("参保批次 {} 投保成功", batch.batch_no),
        &lines,
    )
}

/// 账号派发: the unit account `login` exists; its one-time password is handed over by the
/// admin, never mailed.
pub fn account_issued(login: &str) -> Letter {
    Letter::new(
        NotificationKind::AccountIssued,
        "单位账号已派发",
        &[
            format!("贵单位的单位账号已派发：{login}。"),
            "初始密码由管理员另行告知，本通知不含密码。".to_owned(),
            next("请使用该账号登录平台，首次登录须修改密码。"),
        ],
    )
}

/// 密码重置: an admin reset the password of `login` to a one-time one (not in the mail).
pub fn password_reset(login: &str) -> Letter {
    Letter::new(
        NotificationKind::PasswordReset,
        "账号密码已重置",
        &[
            format!("账号 {login} 的密码已由管理员重置为一次性密码，原有登录已失效。"),
            "新密码由管理员另行告知，本通知不含密码。".to_owned(),
            next("请使用新密码登录并按提示修改密码；如非本单位申请，请立即联系管理员。"),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const BATCH: BatchRef<'static> = BatchRef {
        batch_no: "TXZY202611300001",
        plan_year: 2026,
        payment_method: Some(PaymentMethod::Withholding),
    };

    #[test]
    fn review_letters_name_the_batch_each_reason_and_the_next_step() {
        let approved = batch_review_approved(&BATCH);
        assert_eq!(approved.subject, "参保批次 TXZY202611300001 职保会审核通过");
        assert!(approved.body.contains("第⑥步“代扣申请提交”"));
        let voucher = BatchRef {
            payment_method: Some(PaymentMethod::Voucher),
            ..BATCH
        };
        assert!(batch_review_approved(&voucher)
            .body
            .contains("上传缴费凭证"));

        let reasons = vec![
            "缺少《社会保险业务核定表》".to_owned(),
            "上传材料不清晰".to_owned(),
        ];
        let group = vec!["无社保人员情形说明不充分".to_owned()];
        let rejected = batch_review_rejected(
            &BATCH,
            &[
                CodeReasons {
                    ss_code: Some("A001"),
                    reasons: &reasons,
                },
                CodeReasons {
                    ss_code: None,
                    reasons: &group,
                },
            ],
            &["请补充单位说明".to_owned()],
        );
        assert!(rejected
            .body
            .contains("· 社保编号 A001：缺少《社会保险业务核定表》；上传材料不清晰"));
        assert!(rejected
            .body
            .contains("· 未匹配到单位社保编码：无社保人员情形说明不充分"));
        assert!(rejected.body.contains("· 整体原因：请补充单位说明"));
        assert!(rejected.body.contains("查看不通过原因"));
    }

    #[test]
    fn withholding_results_count_the_people_and_say_what_is_still_due() {
        let l = withholding_results(&BATCH, 29, 23, Fen(1_075_000));
        assert!(
            l.body.contains("申请代扣29人，代扣成功23人，代扣失败6人。"),
            "{}",
            l.body
        );
        assert!(l.body.contains("单位尚需缴纳保费：10750.00元。"));
        let all = withholding_results(&BATCH, 12, 12, Fen(0));
        assert!(all.body.contains("代扣失败0人") && !all.body.contains("尚需缴纳"));
    }

    #[test]
    fn completion_names_the_coverage_and_the_waiting_period() {
        let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let end = NaiveDate::from_ymd_opt(2027, 6, 30).unwrap_or_default();
        let l = enrollment_completed(&BATCH, 12, start, end, 30);
        assert!(l
            .body
            .contains("保障期间：2026年12月01日 至 2027年06月30日。"));
        assert!(l.body.contains("免责期：30天。"));
        assert_eq!(l.kind, NotificationKind::EnrollmentCompleted);
    }

    #[test]
    fn account_letters_never_carry_a_password() {
        for l in [
            account_issued("tuixiu123000000"),
            password_reset("tuixiu123000000"),
        ] {
            assert!(l.body.contains("tuixiu123000000"));
            assert!(l.body.contains("不含密码"));
        }
    }
}
