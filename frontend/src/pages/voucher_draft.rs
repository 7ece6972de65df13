//! The voucher lines as the unit edits them (amounts as typed), what is saved from them, and
//! the domain's balance rule (`check_vouchers`) run on them for the live preview — the same
//! rule the server enforces on 提交审核, so the page names every problem before anything is
//! saved.

use api_types::{
    AttachmentOut, FieldError, PaymentChannelKey, PaymentLineIn, ReceiptLineIn, RefundLineIn,
    VouchersIn, VouchersOut,
};
use domain::voucher::{check_vouchers, PaymentChannel, PaymentLine, ReceiptLine, RefundLine};
use domain::{Fen, MoneyError};

/// The 缴费方式 a unit may choose (个人代扣 is the platform's line), with their wire keys.
pub const CHANNELS: [(PaymentChannelKey, &str); 4] = [
    (PaymentChannelKey::OnlineBankCredit, "online_bank_credit"),
    (PaymentChannelKey::BankTransfer, "bank_transfer"),
    (PaymentChannelKey::Cheque, "cheque"),
    (PaymentChannelKey::Other, "other"),
];

/// The domain's channel of a wire key.
pub fn channel(key: PaymentChannelKey) -> PaymentChannel {
    match key {
        PaymentChannelKey::PersonalWithholding => PaymentChannel::PersonalWithholding,
        PaymentChannelKey::OnlineBankCredit => PaymentChannel::OnlineBankCredit,
        PaymentChannelKey::BankTransfer => PaymentChannel::BankTransfer,
        PaymentChannelKey::Cheque => PaymentChannel::Cheque,
        PaymentChannelKey::Other => PaymentChannel::Other,
    }
}

/// The channel of an `<option>` value.
pub fn channel_of_wire(wire: &str) -> Option<PaymentChannelKey> {
    CHANNELS.iter().find(|(_, w)| *w == wire).map(|(k, _)| *k)
}

/// The `<option>` value of a channel.
pub fn channel_wire(key: PaymentChannelKey) -> &'static str {
    CHANNELS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, w)| w)
}

/// An amount as typed into an input, from fen (`4600`, `300.50`).
pub fn typed_amount(fen: i64) -> String {
    Fen::new(fen).yuan_compact()
}

/// A payment line being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentDraft {
    /// 付款单位名称.
    pub payer_name: String,
    /// 缴费方式.
    pub channel: PaymentChannelKey,
    /// 缴费金额 in yuan, as typed.
    pub amount: String,
    /// The uploaded voucher.
    pub voucher: Option<AttachmentOut>,
}

/// A refund line being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundDraft {
    /// The payment line refunded: its position in the page's payment list (the 个人代扣
    /// line, when there is one, is position 0).
    pub payment_position: Option<u32>,
    /// 退款帐户名称.
    pub account_name: String,
    /// 退款账号.
    pub account_no: String,
    /// 退款银行.
    pub bank: String,
    /// 退款金额 in yuan, as typed.
    pub amount: String,
    /// 情况说明.
    pub explanation: Option<AttachmentOut>,
}

/// An e-receipt line being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptDraft {
    /// 专用收据抬头.
    pub title: String,
    /// 金额 in yuan, as typed.
    pub amount: String,
    /// 备注.
    pub remark: String,
}

/// Every line the unit enters (the 个人代扣 line is not among them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// Payment lines, after the 个人代扣 line.
    pub payments: Vec<PaymentDraft>,
    /// Refund lines.
    pub refunds: Vec<RefundDraft>,
    /// E-receipt lines.
    pub receipts: Vec<ReceiptDraft>,
}

/// How many lines of the page's payment list are the platform's (0 or 1).
pub fn system_lines(v: &VouchersOut) -> u32 {
    u32::try_from(v.payments.iter().filter(|p| p.system).count()).unwrap_or(0)
}

/// Reads an amount field; `what` names it in the message (缴费金额).
fn amount(raw: &str, what: &str) -> Result<Fen, String> {
    match Fen::parse_yuan(raw) {
        Ok(fen) => Ok(fen),
        Err(MoneyError::Empty) => Err(format!("请填写{what}")),
        Err(e) => Err(format!("{what}：{e}")),
    }
}

/// The amount for the preview: what cannot be read counts as nothing (its field says why).
fn preview_amount(raw: &str) -> Fen {
    Fen::parse_yuan(raw).unwrap_or(Fen::ZERO)
}

impl Draft {
    /// The saved lines of a voucher page.
    pub fn from_out(v: &VouchersOut) -> Draft {
        Draft {
            payments: v
                .payments
                .iter()
                .filter(|p| !p.system)
                .map(|p| PaymentDraft {
                    payer_name: p.payer_name.clone(),
                    channel: p.channel,
                    amount: typed_amount(p.amount_fen),
                    voucher: p.voucher.clone(),
                })
                .collect(),
            refunds: v
                .refunds
                .iter()
                .map(|r| RefundDraft {
                    payment_position: Some(r.payment_position),
                    account_name: r.account_name.clone(),
                    account_no: r.account_no.clone(),
                    bank: r.bank.clone(),
                    amount: typed_amount(r.amount_fen),
                    explanation: r.explanation.clone(),
                })
                .collect(),
            receipts: v
                .receipts
                .iter()
                .map(|r| ReceiptDraft {
                    title: r.title.clone(),
                    amount: typed_amount(r.amount_fen),
                    remark: r.remark.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// 新增 a payment line, paid by `payer` (the unit, as a start) through 贷记网银.
    pub fn add_payment(&mut self, payer: &str) {
        self.payments.push(PaymentDraft {
            payer_name: payer.to_owned(),
            channel: PaymentChannelKey::OnlineBankCredit,
            amount: String::new(),
            voucher: None,
        });
    }

    /// 删除 payment line `index` (of the unit's lines; `offset` platform lines come first):
    /// refunds of it lose their payer, refunds of later lines follow them.
    pub fn remove_payment(&mut self, index: usize, offset: u32) {
        if index >= self.payments.len() {
            return;
        }
        self.payments.remove(index);
        let removed = offset + u32::try_from(index).unwrap_or(u32::MAX - offset);
        for r in &mut self.refunds {
            r.payment_position = match r.payment_position {
                Some(p) if p == removed => None,
                Some(p) if p > removed => Some(p - 1),
                other => other,
            };
        }
    }

    /// 新增 a refund line of the only payment line, if there is just one.
    pub fn add_refund(&mut self, offset: u32) {
        let only = (self.payments.len() == 1).then_some(offset);
        self.refunds.push(RefundDraft {
            payment_position: only,
            account_name: String::new(),
            account_no: String::new(),
            bank: String::new(),
            amount: String::new(),
            explanation: None,
        });
    }

    /// 新增 an e-receipt line headed `title` (the unit, as a start).
    pub fn add_receipt(&mut self, title: &str) {
        self.receipts.push(ReceiptDraft {
            title: title.to_owned(),
            amount: String::new(),
            remark: String::new(),
        });
    }

    /// What `PUT …/vouchers` sends, or the fields that cannot be read, named as the server
    /// names them (`payments[0].amount_fen`).
    pub fn to_input(&self) -> Result<VouchersIn, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fen = |field: String, raw: &str, what: &str| match amount(raw, what) {
            Ok(f) => f.as_fen(),
            Err(message) => {
                errors.push(FieldError { field, message });
                0
            }
        };
        let payments = self
            .payments
            .iter()
            .enumerate()
            .map(|(i, p)| PaymentLineIn {
                payer_name: p.payer_name.trim().to_owned(),
                channel: p.channel,
                amount_fen: fen(format!("payments[{i}].amount_fen"), &p.amount, "缴费金额"),
                voucher_id: p.voucher.as_ref().map(|a| a.id),
            })
            .collect();
        let refunds: Vec<RefundLineIn> = self
            .refunds
            .iter()
            .enumerate()
            .map(|(i, r)| RefundLineIn {
                payment_position: r.payment_position.unwrap_or(u32::MAX),
                account_name: r.account_name.trim().to_owned(),
                account_no: r.account_no.trim().to_owned(),
                bank: r.bank.trim().to_owned(),
                amount_fen: fen(format!("refunds[{i}].amount_fen"), &r.amount, "退款金额"),
                explanation_id: r.explanation.as_ref().map(|a| a.id),
            })
            .collect();
        let receipts = self
            .receipts
            .iter()
            .enumerate()
            .map(|(i, r)| ReceiptLineIn {
                title: r.title.trim().to_owned(),
                amount_fen: fen(format!("receipts[{i}].amount_fen"), &r.amount, "金额"),
                remark: Some(r.remark.trim().to_owned()).filter(|s| !s.is_empty()),
            })
            .collect();
        for (i, r) in self.refunds.iter().enumerate() {
            if r.payment_position.is_none() {
                errors.push(FieldError {
                    field: format!("refunds[{i}].payment_position"),
                    message: "请选择退款对应的缴费单位".into(),
                });
            }
        }
        if errors.is_empty() {
            Ok(VouchersIn {
                payments,
                refunds,
                receipts,
            })
        } else {
            Err(errors)
        }
    }

    /// Every problem of the balance rule with the lines as typed, one sentence each (the
    /// server's wording); `v` gives the total premium and the 个人代扣 line.
    pub fn problems(&self, v: &VouchersOut) -> Vec<String> {
        let mut payments: Vec<PaymentLine> = v
            .payments
            .iter()
            .filter(|p| p.system)
            .map(|p| PaymentLine::withholding(&p.payer_name, Fen::new(p.amount_fen)))
            .collect();
        payments.extend(self.payments.iter().map(|p| PaymentLine {
            payer_name: p.payer_name.clone(),
            channel: channel(p.channel),
            amount: preview_amount(&p.amount),
            has_voucher_image: p.voucher.is_some(),
        }));
        let refunds: Vec<RefundLine> = self
            .refunds
            .iter()
            .map(|r| RefundLine {
                payment_index: r
                    .payment_position
                    .and_then(|p| usize::try_from(p).ok())
                    .unwrap_or(usize::MAX),
                account_name: r.account_name.clone(),
                account_no: r.account_no.clone(),
                bank: r.bank.clone(),
                amount: preview_amount(&r.amount),
                has_explanation: r.explanation.is_some(),
            })
            .collect();
        let receipts: Vec<ReceiptLine> = self
            .receipts
            .iter()
            .map(|r| ReceiptLine {
                title: r.title.clone(),
                amount: preview_amount(&r.amount),
                remark: Some(r.remark.clone()).filter(|s| !s.trim().is_empty()),
            })
            .collect();
        match check_vouchers(
            Fen::new(v.total_premium_fen),
            &payments,
            &refunds,
            &receipts,
        ) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    /// 合计 of the payment list (the 个人代扣 line included), of the refunds and of the
    /// e-receipts, in fen; what cannot be read counts as nothing.
    pub fn totals(&self, v: &VouchersOut) -> (i64, i64, i64) {
        let system: i64 = v
            .payments
            .iter()
            .filter(|p| p.system)
            .map(|p| p.amount_fen)
            .sum();
        let sum = |items: &mut dyn Iterator<Item = &String>| -> i64 {
            items.map(|raw| preview_amount(raw).as_fen()).sum()
        };
        (
            system + sum(&mut self.payments.iter().map(|p| &p.amount)),
            sum(&mut self.refunds.iter().map(|r| &r.amount)),
            sum(&mut self.receipts.iter().map(|r| &r.amount)),
        )
    }

    /// Whether the refund line `index` names an account other than its payer's (then a 情况说明
    /// must be attached); `v` gives the 个人代扣 line.
    pub fn refund_needs_explanation(&self, index: usize, offset: u32) -> bool {
        let Some(r) = self.refunds.get(index) else {
            return false;
        };
        let payer = r
            .payment_position
            .and_then(|p| p.checked_sub(offset))
            .and_then(|p| usize::try_from(p).ok())
            .and_then(|p| self.payments.get(p));
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        match payer {
            Some(p) => {
                !r.account_name.trim().is_empty()
                    && squash(&p.payer_name) != squash(&r.account_name)
            }
            None => false,
        }
    }
}

/// The message of the field `field` among `errors`, if any.
pub fn field_message(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::PaymentLineOut;

    /// A voucher page of `people` at 450 元 with `withheld` fen on the 个人代扣 line.
    fn page(people: u32, withheld: i64) -> VouchersOut {
        let json = serde_json::json!({
            "batch": {
                "id": "00000000-0000-0000-0000-000000000001", "batch_no": "TXZY202504240004",
                "unit_id": "00000000-0000-0000-0000-000000000002", "unit_name": "上海示范精密机械有限公司",
                "enrollment_code": "123000000", "kind": "instant", "kind_label": "即时参保",
                "plan_year": 2026, "status": "vouchers_pending", "status_label": "待上传缴费凭证",
                "wizard_step": 7, "payment_method": "voucher",
                "withholding_amount_fen": null, "withholding_letter_id": null, "roster_size": people,
                "unit_due_fen": null, "withheld_people": null,
                "can_continue": true, "can_edit_roster": false, "can_delete": false,
                "allowed_actions": [], "progress": null, "version": 3,
                "created_at": "2026-11-30T10:00:00+08:00", "updated_at": "2026-11-30T10:00:00+08:00"
            },
            "payee": { "account_name": "上海市职工保障互助会退休职工医保专户", "account_no": "31602300008023554", "bank": "上海银行人民广场支行" },
            "people": people, "total_premium_fen": i64::from(people) * 45_000,
            "withheld_people": 0, "withheld_fen": withheld, "unit_due_fen": i64::from(people) * 45_000 - withheld,
            "share_line": "", "payments": [], "refunds": [], "receipts": [], "problems": [],
            "can_submit": false, "editable": true, "latest_review": null, "coverage": null
        });
        let mut v: VouchersOut = match serde_json::from_value(json) {
            Ok(v) => v,
            Err(e) => panic!("test page: {e}"),
        };
        if withheld > 0 {
            v.payments.push(PaymentLineOut {
                position: 0,
                payer_name: v.batch.unit_name.clone(),
                channel: PaymentChannelKey::PersonalWithholding,
                channel_label: "个人代扣".into(),
                amount_fen: withheld,
                account_kind_label: "退休".into(),
                voucher: None,
                system: true,
            });
        }
        v
    }

    fn file() -> AttachmentOut {
        let json = serde_json::json!({
            "id": "00000000-0000-0000-0000-0000000000aa", "unit_id": null, "purpose": "payment_voucher",
            "file_name": "凭证.png", "content_type": "image/png", "size_bytes": 1, "sha256": "00",
            "created_at": "2026-11-30T10:00:00+08:00"
        });
        match serde_json::from_value(json) {
            Ok(a) => a,
            Err(e) => panic!("test file: {e}"),
        }
    }

    #[test]
    fn the_manuals_twelve_people_eight_withheld_need_4600_yuan_from_the_unit() {
        let v = page(12, 80_000);
        let mut d = Draft::default();
        assert!(d.problems(&v)[0].contains("缴费凭证金额应等于保费金额"));
        d.add_payment("上海示范精密机械有限公司");
        d.payments[0].amount = "4600".into();
        assert_eq!(d.problems(&v), ["第2条缴费信息未上传缴费凭证"]);
        d.payments[0].voucher = Some(file());
        assert!(d.problems(&v).is_empty());
        assert_eq!(d.totals(&v), (540_000, 0, 0));
        let input = d.to_input().unwrap_or_default();
        assert_eq!(input.payments[0].amount_fen, 460_000);
    }

    #[test]
    fn a_refund_to_another_account_needs_an_explanation_and_receipts_stay_within_the_paid() {
        let v = page(2, 0);
        let mut d = Draft::default();
        d.add_payment("上海退款测试机械有限公司");
        d.payments[0].amount = "1000".into();
        d.payments[0].voucher = Some(file());
        d.add_refund(0);
        assert_eq!(
            d.refunds[0].payment_position,
            Some(0),
            "the only payer is chosen"
        );
        d.refunds[0].account_name = "另一家单位".into();
        d.refunds[0].account_no = "6222000011112222".into();
        d.refunds[0].bank = "上海银行".into();
        d.refunds[0].amount = "100".into();
        assert!(d.refund_needs_explanation(0, 0));
        d.add_receipt("上海退款测试机械有限公司");
        d.receipts[0].amount = "1000".into();
        let text = d.problems(&v).join("\n");
        assert!(text.contains("须上传情况说明"), "{text}");
        assert!(text.contains("电子票据金额合计"), "{text}");
        d.refunds[0].explanation = Some(file());
        d.receipts[0].amount = "900".into();
        assert!(d.problems(&v).is_empty(), "{:?}", d.problems(&v));
        assert_eq!(d.totals(&v), (100_000, 10_000, 90_000));
    }

    #[test]
    fn amounts_that_cannot_be_read_name_their_field_and_block_the_save() {
        let mut d = Draft::default();
        d.add_payment("甲");
        d.payments[0].amount = "12.345".into();
        d.add_refund(0);
        d.add_payment("乙");
        d.refunds[0].payment_position = None;
        d.refunds[0].amount = "abc".into();
        d.add_receipt("甲");
        let errors = d.to_input().err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "payments[0].amount_fen",
                "payments[1].amount_fen",
                "refunds[0].amount_fen",
                "receipts[0].amount_fen",
                "refunds[0].payment_position"
            ]
        );
        assert_eq!(
            field_message(&errors, "payments[1].amount_fen").as_deref(),
            Some("请填写缴费金额")
        );
        assert_eq!(
            field_message(&errors, "payments[0].amount_fen").as_deref(),
            Some("缴费金额：金额最多保留两位小数")
        );
    }

    #[test]
    fn removing_a_payment_keeps_each_refund_on_its_payer() {
        let offset = 1; // a 个人代扣 line comes first
        let mut d = Draft::default();
        for name in ["甲", "乙", "丙"] {
            d.add_payment(name);
        }
        for position in [1, 2, 3] {
            d.add_refund(offset);
            if let Some(r) = d.refunds.last_mut() {
                r.payment_position = Some(position);
            }
        }
        d.remove_payment(1, offset);
        let positions: Vec<Option<u32>> = d.refunds.iter().map(|r| r.payment_position).collect();
        assert_eq!(positions, [Some(1), None, Some(2)]);
        assert_eq!(d.payments[1].payer_name, "丙");
    }

    #[test]
    fn saved_lines_come_back_as_typed_and_channels_round_trip_their_wire_keys() {
        let mut v = page(1, 0);
        v.payments.push(PaymentLineOut {
            position: 0,
            payer_name: "甲".into(),
            channel: PaymentChannelKey::Cheque,
            channel_label: "支票".into(),
            amount_fen: 30_050,
            account_kind_label: "退休".into(),
            voucher: None,
            system: false,
        });
        let d = Draft::from_out(&v);
        assert_eq!(d.payments[0].amount, "300.50");
        assert_eq!(system_lines(&v), 0);
        for (key, wire) in CHANNELS {
            assert_eq!(channel_of_wire(wire), Some(key));
            assert_eq!(channel_wire(key), wire);
        }
        assert_eq!(channel_of_wire("personal_withholding"), None);
    }
}
