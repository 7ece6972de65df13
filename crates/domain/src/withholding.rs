//! 代扣申请 and its results (SPEC §11): when the association accepts an application, what a
//! bank result means for a person, the manual's result sentences, and which deletions of
//! failed people keep every code's ratio.

use chrono::{DateTime, Datelike, Duration, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::fees::{unit_due, FeeError};
use crate::money::Fen;
use crate::ratio::Ratio;

/// One person's withholding result (代扣结果).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeductionResult {
    /// 代扣成功.
    Succeeded,
    /// 代扣失败：余额不足.
    InsufficientBalance,
    /// 代扣失败：校验不通过.
    VerificationFailed,
    /// 代扣失败：账户状态异常.
    AccountAbnormal,
    /// 代扣失败 for a reason the bank did not classify.
    OtherFailure,
}

impl DeductionResult {
    /// The bank's failure code (`insufficient_balance`, `verification_failed`,
    /// `account_abnormal`), or a failure it did not classify.
    pub fn from_bank(success: bool, reason_code: Option<&str>) -> DeductionResult {
        match (success, reason_code) {
            (true, _) => DeductionResult::Succeeded,
            (false, Some("insufficient_balance")) => DeductionResult::InsufficientBalance,
            (false, Some("verification_failed")) => DeductionResult::VerificationFailed,
            (false, Some("account_abnormal")) => DeductionResult::AccountAbnormal,
            (false, _) => DeductionResult::OtherFailure,
        }
    }

    /// True for 代扣成功.
    pub fn succeeded(&self) -> bool {
        matches!(self, DeductionResult::Succeeded)
    }

    /// 代扣结果 as the roster shows it.
    pub fn label_zh(&self) -> &'static str {
        match self {
            DeductionResult::Succeeded => "代扣成功",
            DeductionResult::InsufficientBalance => "代扣失败(余额不足)",
            DeductionResult::VerificationFailed => "代扣失败(校验不通过)",
            DeductionResult::AccountAbnormal => "代扣失败(账户状态异常)",
            DeductionResult::OtherFailure => "代扣失败",
        }
    }
}

/// When the association accepts an application submitted at `submitted` (代扣申请提交1个
/// 工作日后): one day later, moved past Saturday and Sunday (Shanghai calendar). Public
/// holidays are not known to the platform; a reviewer may accept earlier by hand.
pub fn acceptance_due(submitted: DateTime<Utc>) -> DateTime<Utc> {
    let mut due = submitted + Duration::days(1);
    loop {
        let local = due.with_timezone(&chrono_tz::Asia::Shanghai);
        match local.weekday() {
            Weekday::Sat | Weekday::Sun => due += Duration::days(1),
            _ => return due,
        }
    }
}

/// 【查看代扣结果】: 申请代扣13人，代扣成功9人(代扣金额300元/人)，代扣失败4人。
pub fn results_line(applied: u32, succeeded: u32, amount: Fen) -> String {
    format!(
        "申请代扣{applied}人，代扣成功{succeeded}人(代扣金额{}元/人)，代扣失败{}人。",
        amount.yuan_compact(),
        applied.saturating_sub(succeeded)
    )
}

/// What the unit still pays for once withholding is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitShare {
    /// 申请参保总人数.
    pub people: u32,
    /// 代扣成功.
    pub succeeded: u32,
    /// 需单位缴费参保 (everyone not withheld: failed, or never withholdable).
    pub unit_paid_people: u32,
    /// 需单位缴纳参保费用: people × premium − successes × amount.
    pub due: Fen,
}

/// The unit's share of a batch of `people` with `succeeded` withholdings of `amount`.
pub fn unit_share(
    people: u32,
    premium: Fen,
    succeeded: u32,
    amount: Fen,
) -> Result<UnitShare, FeeError> {
    Ok(UnitShare {
        people,
        succeeded,
        unit_paid_people: people.saturating_sub(succeeded),
        due: unit_due(people, premium, succeeded, amount)?,
    })
}

impl UnitShare {
    /// 【确认参保名单】: 申请参保总人数：29人 (代扣成功23人，需单位缴费参保6人，需单位缴纳参保费用10750元).
    pub fn line(&self) -> String {
        format!(
            "申请参保总人数：{}人 (代扣成功{}人，需单位缴费参保{}人，需单位缴纳参保费用{}元)",
            self.people,
            self.succeeded,
            self.unit_paid_people,
            self.due.yuan_compact()
        )
    }
}

/// A deletion of failed people that would take a code below the threshold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("删除后社保编号 {ss_code} 的参保比例将降至 {ratio_after}，低于 {threshold_percent}%，不能删除；可保留这些人员由单位缴费")]
pub struct RatioBreak {
    /// 社保编号.
    pub ss_code: String,
    /// 参保比例 after the deletion, as shown.
    pub ratio_after: String,
    /// The threshold.
    pub threshold_percent: u32,
}

/// Checks that removing `removed` people from each code (`(社保编号, ratio now, removed)`)
/// leaves every touched code at or above the threshold. Codes nobody leaves are not
/// judged (a code approved below the threshold with materials stays as approved), and
/// people without a code touch no ratio.
pub fn deletion_keeps_ratios(
    codes: &[(String, Ratio, u32)],
    threshold_percent: u32,
) -> Result<(), RatioBreak> {
    for (code, ratio, removed) in codes {
        if *removed == 0 {
            continue;
        }
        let after = ratio.without(*removed);
        if !after.meets(threshold_percent) {
            return Err(RatioBreak {
                ss_code: code.clone(),
                ratio_after: after.display(),
                threshold_percent,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn the_manuals_figures() {
        let yuan = |y| Fen::from_yuan(y).unwrap_or(Fen::ZERO);
        assert_eq!(
            results_line(13, 9, yuan(300)),
            "申请代扣13人，代扣成功9人(代扣金额300元/人)，代扣失败4人。"
        );
        let share = unit_share(13, yuan(450), 9, yuan(300)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(share.due, yuan(3150));
        assert_eq!(
            share.line(),
            "申请参保总人数：13人 (代扣成功9人，需单位缴费参保4人，需单位缴纳参保费用3150元)"
        );
        let share = unit_share(29, yuan(450), 23, yuan(100)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(share.due, yuan(10750));
        assert_eq!(share.unit_paid_people, 6);
    }

    #[test]
    fn acceptance_is_one_working_day_later() {
        // Wednesday 2025-06-04 10:00 Shanghai → Thursday.
        assert_eq!(
            acceptance_due(at("2025-06-04T10:00:00+08:00")),
            at("2025-06-05T10:00:00+08:00")
        );
        // Friday → Monday; Saturday → Monday.
        assert_eq!(
            acceptance_due(at("2025-06-06T15:00:00+08:00")),
            at("2025-06-09T15:00:00+08:00")
        );
        assert_eq!(
            acceptance_due(at("2025-06-07T09:00:00+08:00")),
            at("2025-06-09T09:00:00+08:00")
        );
    }

    #[test]
    fn bank_codes_map_to_results() {
        assert!(DeductionResult::from_bank(true, None).succeeded());
        assert_eq!(
            DeductionResult::from_bank(false, Some("insufficient_balance")).label_zh(),
            "代扣失败(余额不足)"
        );
        assert_eq!(
            DeductionResult::from_bank(false, Some("new_code")),
            DeductionResult::OtherFailure
        );
    }

    #[test]
    fn a_deletion_may_not_break_a_ratio() {
        // A code nobody leaves is not judged, even below the threshold.
        let codes = vec![
            ("A".to_owned(), Ratio::new(1, 0, 10), 0),
            ("B".to_owned(), Ratio::new(9, 0, 10), 1),
        ];
        assert_eq!(deletion_keeps_ratios(&codes, 75), Ok(()));
        let codes = vec![("B".to_owned(), Ratio::new(9, 0, 10), 2)];
        let err = deletion_keeps_ratios(&codes, 75).expect_err("70 % is below 75 %");
        assert_eq!(err.ss_code, "B");
        assert_eq!(err.ratio_after, "70.0%");
        assert!(err.to_string().contains("不能删除"));
    }
}
