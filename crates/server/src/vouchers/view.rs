//! The voucher page as the API shows it.

use api_types::{
    CoverageOut, PayeeOut, PaymentChannelKey, PaymentLineOut, ReceiptLineOut, RefundLineOut,
    VouchersOut,
};
use chrono::{DateTime, Days, Utc};
use domain::voucher::check_vouchers;
use domain::withholding::unit_share;
use domain::{BatchAction, Fen, PlanYear};
use sea_orm::ConnectionTrait;

use super::lines::{self, channel_key, Lines};
use super::PayeeSettings;
use crate::attachments::service::to_out as attachment_out;
use crate::batches::access::{plan_of, status_of};
use crate::batches::view::{context, out_loaded};
use crate::entities::{batch, unit};
use crate::error::{parse_key, ServiceError, ServiceResult};
use crate::review::view::latest;
use crate::review::VOUCHERS;
use crate::time::shanghai;

/// Money withheld for the batch: 代扣成功 × amount, as fixed by 参保名单确定.
pub fn withheld(b: &batch::Model) -> Fen {
    let people = i64::from(b.withheld_people.unwrap_or(0));
    Fen::new(b.withholding_amount_fen.unwrap_or(0).saturating_mul(people))
}

/// 参保总费用: people × premium.
pub fn total_premium(b: &batch::Model, plan: &PlanYear) -> Fen {
    let people = i64::from(b.roster_size);
    Fen::new(plan.premium.as_fen().saturating_mul(people))
}

/// Every problem with the lines (the domain's `check_vouchers`), one sentence each.
pub fn problems(
    b: &batch::Model,
    plan: &PlanYear,
    payer: &str,
    l: &Lines,
) -> ServiceResult<Vec<String>> {
    let (payments, refunds, receipts) = lines::domain_lines(l, payer, withheld(b))?;
    Ok(
        match check_vouchers(total_premium(b, plan), &payments, &refunds, &receipts) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        },
    )
}

fn files(l: &Lines, id: Option<uuid::Uuid>) -> ServiceResult<Option<api_types::AttachmentOut>> {
    id.and_then(|id| l.files.get(&id))
        .map(attachment_out)
        .transpose()
}

fn coverage(b: &batch::Model) -> Option<CoverageOut> {
    let (Some(completed_at), Some(start), Some(end)) =
        (b.completed_at, b.coverage_start, b.coverage_end)
    else {
        return None;
    };
    let last_day = |t: DateTime<Utc>| {
        shanghai(t)
            .date_naive()
            .checked_sub_days(Days::new(1))
            .unwrap_or(shanghai(t).date_naive())
    };
    Some(CoverageOut {
        completed_at: shanghai(completed_at),
        start: shanghai(start).date_naive(),
        end: last_day(end),
        waiting_period_last_day: b.waiting_period_end.map(last_day),
    })
}

/// The voucher page of batch `b` (of unit `u`) at `now`.
pub async fn out(
    db: &impl ConnectionTrait,
    payee: &PayeeSettings,
    b: &batch::Model,
    u: &unit::Model,
    now: DateTime<Utc>,
) -> ServiceResult<VouchersOut> {
    let plan = plan_of(db, b).await?;
    let l = lines::load(db, b.id).await?;
    let withheld_fen = withheld(b);
    let people = u32::try_from(b.roster_size).unwrap_or(0);
    let withheld_people = u32::try_from(b.withheld_people.unwrap_or(0)).unwrap_or(0);
    let amount = Fen::new(b.withholding_amount_fen.unwrap_or(0));
    let share = unit_share(people, plan.premium, withheld_people, amount)
        .map_err(|e| ServiceError::internal(format!("unit share of {}: {e}", b.id)))?;
    let mut payments = Vec::with_capacity(l.payments.len() + 1);
    if withheld_fen.is_positive() {
        payments.push(PaymentLineOut {
            position: 0,
            payer_name: u.name.clone(),
            channel: PaymentChannelKey::PersonalWithholding,
            channel_label: "个人代扣".into(),
            amount_fen: withheld_fen.as_fen(),
            account_kind_label: "退休".into(),
            voucher: None,
            system: true,
        });
    }
    let offset = u32::try_from(payments.len()).unwrap_or(0);
    for (i, p) in l.payments.iter().enumerate() {
        let channel: domain::voucher::PaymentChannel = parse_key(&p.channel)
            .ok_or_else(|| ServiceError::corrupt("payment channel", p.id, &p.channel))?;
        payments.push(PaymentLineOut {
            position: offset + u32::try_from(i).unwrap_or(0),
            payer_name: p.payer_name.clone(),
            channel: channel_key(channel),
            channel_label: channel.label_zh().into(),
            amount_fen: p.amount_fen,
            account_kind_label: "退休".into(),
            voucher: files(&l, p.attachment_id)?,
            system: false,
        });
    }
    let refunds = l
        .refunds
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Ok(RefundLineOut {
                position: u32::try_from(i).unwrap_or(0),
                payment_position: u32::try_from(r.payment_position).unwrap_or(0),
                account_name: r.account_name.clone(),
                account_no: r.account_no.clone(),
                bank: r.bank.clone(),
                amount_fen: r.amount_fen,
                explanation: files(&l, r.explanation_id)?,
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    let receipts = l
        .receipts
        .iter()
        .enumerate()
        .map(|(i, r)| ReceiptLineOut {
            position: u32::try_from(i).unwrap_or(0),
            title: r.title.clone(),
            credit_code: r.credit_code.clone(),
            amount_fen: r.amount_fen,
            remark: r.remark.clone(),
        })
        .collect();
    let problems = problems(b, &plan, &u.name, &l)?;
    let status = status_of(b)?;
    let editable = status
        .apply(BatchAction::EditVouchers, &context(b, &plan, now, 0)?)
        .is_ok();
    let mut ctx = context(b, &plan, now, 0)?;
    ctx.vouchers_balanced = problems.is_empty();
    let can_submit = status.apply(BatchAction::SubmitVouchers, &ctx).is_ok();
    let latest_review = latest(db, b.id, VOUCHERS).await?;
    Ok(VouchersOut {
        batch: out_loaded(db, b, now).await?,
        payee: payee_out(payee),
        people,
        total_premium_fen: total_premium(b, &plan).as_fen(),
        withheld_people,
        withheld_fen: withheld_fen.as_fen(),
        unit_due_fen: b.unit_due_fen.unwrap_or(share.due.as_fen()),
        share_line: share.line(),
        payments,
        refunds,
        receipts,
        problems,
        can_submit,
        editable,
        latest_review,
        coverage: coverage(b),
    })
}

/// 职保会退休账户信息 as configured.
pub fn payee_out(payee: &PayeeSettings) -> PayeeOut {
    PayeeOut {
        account_name: payee.account_name.clone(),
        account_no: payee.account_no.clone(),
        bank: payee.bank.clone(),
    }
}
