//! The voucher lines of a batch: read with their files, turned into the domain's lines
//! (the 个人代扣 line computed from the withheld money), and saved all at once
//! (上传缴费凭证 / 退款信息填报 / 电子票据信息填报), each field checked; the balance is the
//! domain's and is reported, not enforced, until 提交审核.

use std::collections::HashMap;

use api_types::{AttachmentPurpose, PaymentChannelKey, VouchersIn, VouchersOut};
use chrono::{DateTime, Utc};
use domain::voucher::{PaymentChannel, PaymentLine, ReceiptLine, RefundLine};
use domain::{BatchAction, Fen};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::view;
use crate::actor::Actor;
use crate::app::state::AppState;
use crate::attachments::service::find_readable;
use crate::audit;
use crate::batches::access::{plan_of, save, status_of, unit_of, writable};
use crate::batches::view::context;
use crate::batches::BatchResult;
use crate::entities::{attachment, batch, voucher_payment, voucher_receipt, voucher_refund};
use crate::error::{key, parse_key, ServiceError, ServiceResult};
use crate::interfaces::InterfaceError;
use crate::validation::Checks;

/// Most lines of each kind.
pub const LINES_MAX: usize = 50;
/// Largest amount of one line, fen (a hundred million yuan).
pub const AMOUNT_MAX_FEN: i64 = 10_000_000_000;

/// A batch's saved lines and the files they name.
pub struct Lines {
    /// Payment lines the unit entered, in order.
    pub payments: Vec<voucher_payment::Model>,
    /// Refund lines.
    pub refunds: Vec<voucher_refund::Model>,
    /// E-receipt lines.
    pub receipts: Vec<voucher_receipt::Model>,
    /// The files of the lines, by id.
    pub files: HashMap<Uuid, attachment::Model>,
}

/// Reads the lines of batch `batch_id`.
pub async fn load(db: &impl ConnectionTrait, batch_id: Uuid) -> ServiceResult<Lines> {
    let payments = voucher_payment::Entity::find()
        .filter(voucher_payment::Column::BatchId.eq(batch_id))
        .order_by_asc(voucher_payment::Column::Position)
        .all(db)
        .await?;
    let refunds = voucher_refund::Entity::find()
        .filter(voucher_refund::Column::BatchId.eq(batch_id))
        .order_by_asc(voucher_refund::Column::Position)
        .all(db)
        .await?;
    let receipts = voucher_receipt::Entity::find()
        .filter(voucher_receipt::Column::BatchId.eq(batch_id))
        .order_by_asc(voucher_receipt::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = payments
        .iter()
        .filter_map(|p| p.attachment_id)
        .chain(refunds.iter().filter_map(|r| r.explanation_id))
        .collect();
    let files = if ids.is_empty() {
        HashMap::new()
    } else {
        attachment::Entity::find()
            .filter(attachment::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    };
    Ok(Lines {
        payments,
        refunds,
        receipts,
        files,
    })
}

/// The domain's channel of an API key.
pub fn channel_of(k: PaymentChannelKey) -> PaymentChannel {
    match k {
        PaymentChannelKey::PersonalWithholding => PaymentChannel::PersonalWithholding,
        PaymentChannelKey::OnlineBankCredit => PaymentChannel::OnlineBankCredit,
        PaymentChannelKey::BankTransfer => PaymentChannel::BankTransfer,
        PaymentChannelKey::Cheque => PaymentChannel::Cheque,
        PaymentChannelKey::Other => PaymentChannel::Other,
    }
}

/// The API key of a channel.
pub fn channel_key(c: PaymentChannel) -> PaymentChannelKey {
    match c {
        PaymentChannel::PersonalWithholding => PaymentChannelKey::PersonalWithholding,
        PaymentChannel::OnlineBankCredit => PaymentChannelKey::OnlineBankCredit,
        PaymentChannel::BankTransfer => PaymentChannelKey::BankTransfer,
        PaymentChannel::Cheque => PaymentChannelKey::Cheque,
        PaymentChannel::Other => PaymentChannelKey::Other,
    }
}

/// The domain's lines: the 个人代扣 line first when money was withheld (`withheld` from
/// `payer`), then the unit's.
pub fn domain_lines(
    lines: &Lines,
    payer: &str,
    withheld: Fen,
) -> ServiceResult<(Vec<PaymentLine>, Vec<RefundLine>, Vec<ReceiptLine>)> {
    let mut payments = Vec::with_capacity(lines.payments.len() + 1);
    if withheld.is_positive() {
        payments.push(PaymentLine::withholding(payer, withheld));
    }
    for p in &lines.payments {
        let channel: PaymentChannel = parse_key(&p.channel)
            .ok_or_else(|| ServiceError::corrupt("payment channel", p.id, &p.channel))?;
        payments.push(PaymentLine {
            payer_name: p.payer_name.clone(),
            channel,
            amount: Fen::new(p.amount_fen),
            has_voucher_image: p
                .attachment_id
                .is_some_and(|id| lines.files.contains_key(&id)),
        });
    }
    let refunds = lines
        .refunds
        .iter()
        .map(|r| RefundLine {
            payment_index: usize::try_from(r.payment_position).unwrap_or(usize::MAX),
            account_name: r.account_name.clone(),
            account_no: r.account_no.clone(),
            bank: r.bank.clone(),
            amount: Fen::new(r.amount_fen),
            has_explanation: r
                .explanation_id
                .is_some_and(|id| lines.files.contains_key(&id)),
        })
        .collect();
    let receipts = lines
        .receipts
        .iter()
        .map(|r| ReceiptLine {
            title: r.title.clone(),
            amount: Fen::new(r.amount_fen),
            remark: r.remark.clone(),
        })
        .collect();
    Ok((payments, refunds, receipts))
}

fn amount(checks: &mut Checks, field: &str, fen: i64, what: &str) {
    if fen <= 0 {
        checks.fail(field, format!("{what}须大于0"));
    } else if fen > AMOUNT_MAX_FEN {
        checks.fail(field, format!("{what}过大"));
    }
}

async fn own_file(
    db: &impl ConnectionTrait,
    actor: &Actor,
    checks: &mut Checks,
    field: &str,
    id: Option<Uuid>,
    purposes: &[AttachmentPurpose],
) -> ServiceResult<()> {
    let Some(id) = id else { return Ok(()) };
    match find_readable(db, actor, id).await {
        Ok(file) if purposes.iter().any(|p| p.as_str() == file.purpose) => Ok(()),
        Ok(_) => {
            checks.fail(field, "附件用途不符，请重新上传");
            Ok(())
        }
        Err(ServiceError::NotFound(_)) => {
            checks.fail(field, "附件不存在，请重新上传");
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Saves every line of batch `batch_id` (replacing the saved ones): 待上传缴费凭证 or
/// 凭证审核不通过 only. The 专用收据抬头 are looked up in the enterprise registry first (a
/// title it does not know is refused; a registry that is down is a 503 and saves nothing).
pub async fn save_lines(
    state: &AppState,
    actor: &Actor,
    batch_id: Uuid,
    expected_version: Option<i32>,
    input: &VouchersIn,
    now: DateTime<Utc>,
) -> BatchResult<VouchersOut> {
    let db = &state.db;
    let mut checks = Checks::default();
    for (kind, n) in [
        ("payments", input.payments.len()),
        ("refunds", input.refunds.len()),
        ("receipts", input.receipts.len()),
    ] {
        if n > LINES_MAX {
            checks.fail(kind, format!("最多填写{LINES_MAX}条"));
        }
    }
    // Registry lookups happen before the transaction holds the batch.
    let mut credit_codes = Vec::with_capacity(input.receipts.len());
    for (i, r) in input.receipts.iter().enumerate() {
        let field = format!("receipts[{i}].title");
        let title = checks.text(&field, "专用收据抬头", &r.title, 200);
        if title.is_empty() || title.chars().count() > 200 {
            credit_codes.push(None);
            continue;
        }
        match state.interfaces.registry.credit_code(&title).await {
            Ok(Some(code)) => credit_codes.push(Some(code)),
            Ok(None) => {
                checks.fail(
                    &field,
                    format!("专用收据抬头“{title}”未查到统一社会信用代码，请填写单位的登记全称"),
                );
                credit_codes.push(None);
            }
            Err(e @ (InterfaceError::Unavailable { .. } | InterfaceError::Unreadable { .. })) => {
                return Err(ServiceError::Unavailable {
                    message: "企业登记信息查询服务暂不可用，请稍后再保存".into(),
                    cause: e.to_string(),
                }
                .into())
            }
            Err(e) => return Err(ServiceError::internal(e).into()),
        }
    }
    let txn = crate::db::begin(db).await?;
    let action = BatchAction::EditVouchers;
    let b = writable(&txn, actor, batch_id, expected_version, action).await?;
    let plan = plan_of(&txn, &b).await?;
    status_of(&b)?.apply(action, &context(&b, &plan, now, 0)?)?;
    let system_lines = usize::from(view::withheld(&b).is_positive());
    let shown_payments = system_lines + input.payments.len();
    for (i, p) in input.payments.iter().enumerate() {
        let f = |name: &str| format!("payments[{i}].{name}");
        checks.text(&f("payer_name"), "付款单位名称", &p.payer_name, 200);
        amount(&mut checks, &f("amount_fen"), p.amount_fen, "缴费金额");
        if p.channel == PaymentChannelKey::PersonalWithholding {
            checks.fail(&f("channel"), "“个人代扣”由系统生成，请选择其他缴费方式");
        }
        let purposes = [AttachmentPurpose::PaymentVoucher];
        own_file(
            &txn,
            actor,
            &mut checks,
            &f("voucher_id"),
            p.voucher_id,
            &purposes,
        )
        .await?;
    }
    for (i, r) in input.refunds.iter().enumerate() {
        let f = |name: &str| format!("refunds[{i}].{name}");
        if usize::try_from(r.payment_position).map_or(true, |p| p >= shown_payments) {
            checks.fail(&f("payment_position"), "请选择退款对应的缴费单位");
        } else if system_lines == 1 && r.payment_position == 0 {
            checks.fail(&f("payment_position"), "个人代扣的款项不能申请退多余款");
        }
        checks.text(&f("account_name"), "退款帐户名称", &r.account_name, 200);
        let no = checks.text(&f("account_no"), "退款账号", &r.account_no, 64);
        if !no.is_empty() && !no.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            checks.fail(&f("account_no"), "退款账号只能包含数字和字母");
        }
        checks.text(&f("bank"), "退款银行", &r.bank, 200);
        amount(&mut checks, &f("amount_fen"), r.amount_fen, "退款金额");
        let purposes = [AttachmentPurpose::Other, AttachmentPurpose::PaymentVoucher];
        own_file(
            &txn,
            actor,
            &mut checks,
            &f("explanation_id"),
            r.explanation_id,
            &purposes,
        )
        .await?;
    }
    for (i, r) in input.receipts.iter().enumerate() {
        amount(
            &mut checks,
            &format!("receipts[{i}].amount_fen"),
            r.amount_fen,
            "金额",
        );
        checks.optional_text(
            &format!("receipts[{i}].remark"),
            "备注",
            r.remark.as_deref(),
            200,
        );
    }
    checks.finish()?;
    voucher_payment::Entity::delete_many()
        .filter(voucher_payment::Column::BatchId.eq(b.id))
        .exec(&txn)
        .await?;
    voucher_refund::Entity::delete_many()
        .filter(voucher_refund::Column::BatchId.eq(b.id))
        .exec(&txn)
        .await?;
    voucher_receipt::Entity::delete_many()
        .filter(voucher_receipt::Column::BatchId.eq(b.id))
        .exec(&txn)
        .await?;
    let position = |i: usize| i32::try_from(i).unwrap_or(i32::MAX);
    if !input.payments.is_empty() {
        let rows = input
            .payments
            .iter()
            .enumerate()
            .map(|(i, p)| voucher_payment::ActiveModel {
                id: Set(Uuid::new_v4()),
                batch_id: Set(b.id),
                position: Set(position(i)),
                payer_name: Set(p.payer_name.trim().to_owned()),
                channel: Set(key(&channel_of(p.channel))),
                amount_fen: Set(p.amount_fen),
                account_kind: Set("retiree".into()),
                attachment_id: Set(p.voucher_id),
                created_at: Set(now),
            });
        voucher_payment::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    if !input.refunds.is_empty() {
        let rows = input
            .refunds
            .iter()
            .enumerate()
            .map(|(i, r)| voucher_refund::ActiveModel {
                id: Set(Uuid::new_v4()),
                batch_id: Set(b.id),
                position: Set(position(i)),
                payment_position: Set(i32::try_from(r.payment_position).unwrap_or(i32::MAX)),
                account_name: Set(r.account_name.trim().to_owned()),
                account_no: Set(r.account_no.trim().to_owned()),
                bank: Set(r.bank.trim().to_owned()),
                amount_fen: Set(r.amount_fen),
                explanation_id: Set(r.explanation_id),
                created_at: Set(now),
            });
        voucher_refund::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    if !input.receipts.is_empty() {
        let rows = input
            .receipts
            .iter()
            .zip(credit_codes)
            .enumerate()
            .map(|(i, (r, code))| voucher_receipt::ActiveModel {
                id: Set(Uuid::new_v4()),
                batch_id: Set(b.id),
                position: Set(position(i)),
                title: Set(r.title.trim().to_owned()),
                credit_code: Set(code),
                amount_fen: Set(r.amount_fen),
                remark: Set(r
                    .remark
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)),
                created_at: Set(now),
            });
        voucher_receipt::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    let after = save(&txn, &b, <batch::ActiveModel as Default>::default(), now).await?;
    audit::entry(Some(actor), "batch.vouchers_saved")
        .target("batch", b.id)
        .after(serde_json::json!({
            "payments": input.payments.len(),
            "refunds": input.refunds.len(),
            "receipts": input.receipts.len(),
        }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    let u = unit_of(db, &after).await?;
    Ok(view::out(db, &state.settings.payee, &after, &u, now).await?)
}
