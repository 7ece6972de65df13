//! 缴费凭证 to 投保成功: the manual's figures, the balance rule (refunds, explanations,
//! e-receipts), 情形3 with nothing to enter, the reviewer's feedback and the unit's fix,
//! the cover at the instant-enrollment day's edges, and who may do what.

use api_types::{
    BatchOut, ErrorCode, RatiosOut, RefusalReason, ReviewOut, VouchersOut, WithholdingOut,
};
use reqwest::Method;
use serde_json::json;
use simulator::{Shares, SimConfig};

use crate::app::{Client, TestApp};
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{resident_id, valid_rows, workbook};
use crate::withholding::{app as withholding_app, apply, approved, log_in_again};

/// `GET /api/batches/{id}/vouchers`.
async fn page(client: &Client, b: &BatchOut) -> VouchersOut {
    assert_json(
        client.get(&format!("/api/batches/{}/vouchers", b.id)).await,
        200,
    )
    .await
}

/// `PUT …/vouchers` of `lines`.
async fn save(client: &Client, b: &BatchOut, lines: serde_json::Value) -> reqwest::Response {
    client
        .request(Method::PUT, &format!("/api/batches/{}/vouchers", b.id))
        .header("If-Match", format!("\"{}\"", b.version))
        .json(&lines)
        .send()
        .await
        .unwrap()
}

/// `POST …/voucher-submission`.
async fn submit(client: &Client, b: &BatchOut) -> reqwest::Response {
    client
        .request(
            Method::POST,
            &format!("/api/batches/{}/voucher-submission", b.id),
        )
        .header("If-Match", format!("\"{}\"", b.version))
        .send()
        .await
        .unwrap()
}

/// The pending voucher review of batch `b`, as the reviewer's queue lists it.
async fn pending_review(reviewer: &Client, b: &BatchOut) -> ReviewOut {
    let queue = reviewer.reviews().queue("?stage=vouchers").await;
    queue
        .items
        .into_iter()
        .find(|i| i.batch_no == b.batch_no)
        .map(|i| i.review)
        .expect("the batch is in the voucher queue")
}

/// A voucher batch of `n` people (from `from`) verified and approved on the current day:
/// 职保会审核通过, then 参保名单确定 → 待上传缴费凭证.
async fn voucher_batch(
    app: &TestApp,
    unit: &Client,
    reviewer: &Client,
    from: u32,
    n: u32,
) -> BatchOut {
    let sim = app.simulator();
    sim.pin_unit("V001", n).await;
    for seq in from..from + n {
        let pin = json!({ "ss_code": "V001", "retirement_month": "2010-05" });
        sim.pin_person(&resident_id(seq), pin).await;
    }
    let b = unit.batches().create_voucher_batch().await;
    let imported = unit.roster(&b).import(workbook(&valid_rows(from, n))).await;
    unit.verification(&imported.batch).start().await;
    while app.run_pending_tasks().await > 0 {}
    let b = unit.batches().fetch(b.id).await;
    let r: RatiosOut = assert_json(unit.review(&b).submit().await, 200).await;
    let id = r.latest_review.unwrap().id;
    assert_eq!(reviewer.reviews().approve(id).await.status(), 200);
    let b = unit.batches().fetch(b.id).await;
    let res = unit.withholding(&b).confirm_roster().await;
    let b: BatchOut = assert_json(res, 200).await;
    assert_eq!(b.status_label, "待上传缴费凭证");
    b
}

/// On 2026-11-30 (instant enrollment open) with a simulator that never errs.
async fn instant_app() -> TestApp {
    let mut config = SimConfig::instant();
    config.shares = Shares::none();
    let app = TestApp::builder().simulator_config(config).spawn().await;
    app.travel("2026-11-30T10:00:00").await;
    app
}

#[tokio::test]
async fn twelve_people_eight_withheld_at_100_yuan_then_4600_yuan_by_voucher_to_insured() {
    let app = withholding_app().await;
    let unit = app.unit("tuixiu500000001").await;
    let reviewer = app.reviewer("shenhe21").await;
    let failing: Vec<(u32, &str)> = (1..5).map(|s| (s, "余额不足")).collect();
    let b = approved(&app, &unit, &reviewer, 1, 12, 10_000, &failing).await;
    let applied: WithholdingOut = apply(&unit, &b).await;
    assert_eq!(
        reviewer.withholding(&applied.batch).accept().await.status(),
        200
    );
    app.run_pending_tasks().await;
    let done = unit.batches().fetch(b.id).await;
    let confirmed: BatchOut =
        assert_json(unit.withholding(&done).confirm_roster().await, 200).await;
    assert_eq!(confirmed.unit_due_fen, Some(460_000));

    let v = page(&unit, &confirmed).await;
    assert_eq!((v.people, v.total_premium_fen), (12, 540_000));
    assert_eq!(
        (v.withheld_people, v.withheld_fen, v.unit_due_fen),
        (8, 80_000, 460_000)
    );
    assert_eq!(
        v.share_line,
        "申请参保总人数：12人 (代扣成功8人，需单位缴费参保4人，需单位缴纳参保费用4600元)"
    );
    assert_eq!(v.payee.account_name, "上海市职工保障互助会退休职工医保专户");
    assert_eq!(v.payments.len(), 1);
    assert!(v.payments[0].system);
    assert_eq!(v.payments[0].channel_label, "个人代扣");
    assert_eq!(v.payments[0].amount_fen, 80_000);
    assert!(!v.can_submit);
    assert!(
        v.problems
            .iter()
            .any(|p| p.contains("缴费凭证金额应等于保费金额")),
        "{:?}",
        v.problems
    );
    let res = submit(&unit, &v.batch).await;
    let err = assert_error(res, 422, ErrorCode::RuleRefused).await;
    assert_eq!(
        err.details.unwrap()["reason"],
        json!(RefusalReason::VouchersUnbalanced)
    );

    let voucher = unit.attachments().upload_pdf("payment_voucher").await;
    let lines = json!({ "payments": [{
        "payer_name": "上海代扣缴费机械有限公司", "channel": "online_bank_credit",
        "amount_fen": 460_000, "voucher_id": voucher
    }]});
    let v: VouchersOut = assert_json(save(&unit, &v.batch, lines).await, 200).await;
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    assert!(v.can_submit);
    let v: VouchersOut = assert_json(submit(&unit, &v.batch).await, 200).await;
    assert_eq!(v.batch.status_label, "凭证审核中");
    assert!(!v.editable);
    assert_eq!(reviewer.reviews().counts().await.vouchers_pending, 1);

    let review = pending_review(&reviewer, &b).await;
    let decided: ReviewOut = assert_json(reviewer.reviews().approve(review.id).await, 200).await;
    assert_eq!(decided.status_label, "审核通过");
    let v = page(&unit, &v.batch).await;
    assert_eq!(v.batch.status_label, "凭证审核通过");
    let cover = v.coverage.unwrap();
    assert_eq!(
        cover.start.to_string(),
        "2026-07-01",
        "集中参保 starts on 1 July"
    );
    assert_eq!(cover.end.to_string(), "2027-06-30");
    assert_eq!(cover.waiting_period_last_day, None);
    let people = unit.roster(&v.batch).list("").await.items;
    assert!(people
        .iter()
        .all(|p| p.coverage_start.map(|d| d.to_string()) == Some("2026-07-01".into())));
    let res = unit
        .get(&format!("/api/batches/{}/confirmation", b.id))
        .await;
    assert_eq!(res.status().as_u16(), 200);
    // The 参保确认单 names every person: never kept by a cache.
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let bytes = res.bytes().await.unwrap();
    let rows = crate::fixtures::sheet_rows(&bytes, 0);
    assert!(rows
        .iter()
        .any(|r| r.first().map(String::as_str) == Some("批次号")));
    assert_eq!(
        rows.iter()
            .filter(|r| r.get(4).map(String::as_str) == Some("2026-07-01"))
            .count(),
        12
    );
}

#[tokio::test]
async fn refunds_need_an_explanation_for_another_account_and_receipts_never_exceed_the_paid() {
    let app = instant_app().await;
    let unit = app.unit("tuixiu500000002").await;
    let reviewer = app.reviewer("shenhe22").await;
    let b = voucher_batch(&app, &unit, &reviewer, 101, 2).await;
    let v = page(&unit, &b).await;
    assert_eq!(
        (v.total_premium_fen, v.unit_due_fen, v.payments.len()),
        (90_000, 90_000, 0)
    );
    let voucher = unit.attachments().upload_pdf("payment_voucher").await;
    let payer = "上海退款测试机械有限公司";
    let lines = |explanation: Option<uuid::Uuid>, receipts: serde_json::Value| {
        json!({
            "payments": [{ "payer_name": payer, "channel": "bank_transfer", "amount_fen": 100_000, "voucher_id": voucher }],
            "refunds": [{ "payment_position": 0, "account_name": "另一家单位", "account_no": "6222000011112222",
                          "bank": "上海银行", "amount_fen": 10_000, "explanation_id": explanation }],
            "receipts": receipts
        })
    };
    let too_much = json!([
        { "title": payer, "amount_fen": 60_000 },
        { "title": "上海票据抬头科技有限公司", "amount_fen": 40_000 }
    ]);
    let v: VouchersOut = assert_json(save(&unit, &v.batch, lines(None, too_much)).await, 200).await;
    assert_eq!(v.receipts.len(), 2);
    assert!(v
        .receipts
        .iter()
        .all(|r| r.credit_code.as_deref().is_some_and(|c| c.len() == 18)));
    let text = v.problems.join("\n");
    assert!(text.contains("须上传情况说明"), "{text}");
    assert!(text.contains("电子票据金额合计"), "{text}");
    let res = submit(&unit, &v.batch).await;
    let err = assert_error(res, 422, ErrorCode::RuleRefused).await;
    let problems = err.details.unwrap()["problems"].to_string();
    assert!(
        problems.contains("情况说明") && problems.contains("电子票据"),
        "{problems}"
    );

    // Field errors name their line; a title the registry does not know is refused.
    let bad = json!({ "payments": [{ "payer_name": "", "channel": "personal_withholding", "amount_fen": 0 }] });
    let err = assert_error(
        save(&unit, &v.batch, bad).await,
        422,
        ErrorCode::ValidationFailed,
    )
    .await;
    let fields = crate::assertions::invalid_fields(&err);
    for f in [
        "payments[0].payer_name",
        "payments[0].channel",
        "payments[0].amount_fen",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
    }
    let unknown = json!({ "receipts": [{ "title": "某某未登记公司", "amount_fen": 1 }] });
    let err = assert_error(
        save(&unit, &v.batch, unknown).await,
        422,
        ErrorCode::ValidationFailed,
    )
    .await;
    assert!(
        err.message.contains("未查到统一社会信用代码"),
        "{}",
        err.message
    );
    assert_eq!(
        page(&unit, &v.batch).await.receipts.len(),
        2,
        "nothing changed"
    );

    let explanation = unit.attachments().upload_pdf("other").await;
    let fine = json!([
        { "title": payer, "amount_fen": 50_000, "remark": "单位部分" },
        { "title": "上海票据抬头科技有限公司", "amount_fen": 40_000 }
    ]);
    let v: VouchersOut = assert_json(
        save(&unit, &v.batch, lines(Some(explanation), fine)).await,
        200,
    )
    .await;
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    assert!(v.refunds[0].explanation.is_some());
    assert_json::<VouchersOut>(submit(&unit, &v.batch).await, 200).await;
}

#[tokio::test]
async fn when_everyone_was_withheld_the_unit_only_submits() {
    let app = withholding_app().await;
    let unit = app.unit("tuixiu500000003").await;
    let reviewer = app.reviewer("shenhe23").await;
    // 450 元 withheld from each of 3: nothing is left for the unit (情形3).
    let b = approved(&app, &unit, &reviewer, 201, 3, 45_000, &[]).await;
    let applied = apply(&unit, &b).await;
    assert_eq!(
        reviewer.withholding(&applied.batch).accept().await.status(),
        200
    );
    app.run_pending_tasks().await;
    let done = unit.batches().fetch(b.id).await;
    let confirmed: BatchOut =
        assert_json(unit.withholding(&done).confirm_roster().await, 200).await;
    let v = page(&unit, &confirmed).await;
    assert_eq!(v.unit_due_fen, 0);
    assert_eq!(
        v.share_line,
        "申请参保总人数：3人 (代扣成功3人，需单位缴费参保0人，需单位缴纳参保费用0元)"
    );
    assert!(v.can_submit, "{:?}", v.problems);
    let v: VouchersOut = assert_json(submit(&unit, &v.batch).await, 200).await;
    assert_eq!(v.batch.status_label, "凭证审核中");
}

#[tokio::test]
async fn a_rejected_voucher_comes_back_with_feedback_and_is_resubmitted() {
    let app = instant_app().await;
    let unit = app.unit("tuixiu500000004").await;
    let reviewer = app.reviewer("shenhe24").await;
    let other = app.reviewer("shenhe25").await;
    let b = voucher_batch(&app, &unit, &reviewer, 301, 1).await;
    let voucher = unit.attachments().upload_pdf("payment_voucher").await;
    let lines = json!({ "payments": [{ "payer_name": "上海反馈机械有限公司", "channel": "online_bank_credit", "amount_fen": 45_000, "voucher_id": voucher }] });
    let v: VouchersOut = assert_json(save(&unit, &b, lines.clone()).await, 200).await;
    let v: VouchersOut = assert_json(submit(&unit, &v.batch).await, 200).await;
    // The unit changes nothing while the reviewer looks, and never decides.
    assert_error(
        save(&unit, &v.batch, lines.clone()).await,
        409,
        ErrorCode::Conflict,
    )
    .await;
    let review = pending_review(&reviewer, &b).await;
    assert_error(
        unit.reviews().approve(review.id).await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    let per_code =
        json!({ "decision": "reject", "code_reasons": [{ "ss_code": "V001", "reasons": ["x"] }] });
    let res = reviewer.reviews().decide(review.id, &per_code).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let reject = json!({ "decision": "reject", "overall_reasons": ["缴费凭证不清晰，请重新上传"] });
    let (first, second) = (reviewer.reviews(), other.reviews());
    // Two reviewers at once: one decision is recorded, the other gets 409.
    let (a, c) = tokio::join!(
        first.decide(review.id, &reject),
        second.decide(review.id, &reject)
    );
    let statuses = [a.status().as_u16(), c.status().as_u16()];
    assert!(
        statuses.contains(&200) && statuses.contains(&409),
        "{statuses:?}"
    );
    let b = unit.batches().fetch(b.id).await;
    assert_eq!(b.status_label, "凭证审核不通过");
    let list: api_types::Page<api_types::VoucherListItemOut> = assert_json(
        unit.get("/api/vouchers?status=vouchers_rejected").await,
        200,
    )
    .await;
    assert_eq!(
        list.items[0].feedback.as_deref(),
        Some("缴费凭证不清晰，请重新上传")
    );
    let v = page(&unit, &b).await;
    assert!(v.editable);
    assert_eq!(
        v.latest_review.unwrap().overall_reasons,
        ["缴费凭证不清晰，请重新上传"]
    );
    let clearer = unit.attachments().upload_pdf("payment_voucher").await;
    let lines = json!({ "payments": [{ "payer_name": "上海反馈机械有限公司", "channel": "online_bank_credit", "amount_fen": 45_000, "voucher_id": clearer }] });
    let v: VouchersOut = assert_json(save(&unit, &v.batch, lines).await, 200).await;
    let v: VouchersOut = assert_json(submit(&unit, &v.batch).await, 200).await;
    let review = pending_review(&reviewer, &b).await;
    assert_eq!(review.round, 2);
    assert_eq!(reviewer.reviews().approve(review.id).await.status(), 200);
    assert_eq!(
        page(&unit, &v.batch).await.batch.status_label,
        "凭证审核通过"
    );
    let list: api_types::Page<api_types::VoucherListItemOut> =
        assert_json(unit.get("/api/vouchers?status=completed").await, 200).await;
    assert_eq!(list.items[0].feedback.as_deref(), Some("投保成功"));
}

#[tokio::test]
async fn instant_cover_starts_at_midnight_after_the_day_of_completion() {
    let app = instant_app().await;
    let unit = app.unit("tuixiu500000005").await;
    let reviewer = app.reviewer("shenhe26").await;
    let mut batches = Vec::new();
    for from in [401, 411] {
        let b = voucher_batch(&app, &unit, &reviewer, from, 1).await;
        let voucher = unit.attachments().upload_pdf("payment_voucher").await;
        let lines = json!({ "payments": [{ "payer_name": "上海即时参保有限公司", "channel": "cheque", "amount_fen": 45_000, "voucher_id": voucher }] });
        let v: VouchersOut = assert_json(save(&unit, &b, lines).await, 200).await;
        let v: VouchersOut = assert_json(submit(&unit, &v.batch).await, 200).await;
        batches.push(v.batch);
    }
    let mut starts = Vec::new();
    for (b, at) in batches
        .iter()
        .zip(["2026-11-30T23:59:59", "2026-12-01T00:00:00"])
    {
        app.travel(at).await;
        let reviewer = log_in_again(&app, "shenhe26").await;
        let review = pending_review(&reviewer, b).await;
        assert_eq!(reviewer.reviews().approve(review.id).await.status(), 200);
        let unit = log_in_again(&app, "tuixiu500000005").await;
        let cover = page(&unit, b).await.coverage.unwrap();
        starts.push((
            cover.start.to_string(),
            cover.end.to_string(),
            cover.waiting_period_last_day.map(|d| d.to_string()),
        ));
    }
    assert_eq!(
        starts,
        [
            (
                "2026-12-01".into(),
                "2027-06-30".into(),
                Some("2026-12-30".into())
            ),
            (
                "2026-12-02".into(),
                "2027-06-30".into(),
                Some("2026-12-31".into())
            ),
        ]
    );
}

#[tokio::test]
async fn each_role_stays_on_its_side_of_the_vouchers() {
    let app = instant_app().await;
    let unit = app.unit("tuixiu500000006").await;
    let reviewer = app.reviewer("shenhe27").await;
    let stranger = app.unit("tuixiu500000007").await;
    let b = voucher_batch(&app, &unit, &reviewer, 501, 1).await;
    let res = stranger
        .get(&format!("/api/batches/{}/vouchers", b.id))
        .await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    let list: api_types::Page<api_types::VoucherListItemOut> =
        assert_json(stranger.get("/api/vouchers").await, 200).await;
    assert_eq!(list.total, 0);
    let lines = json!({ "payments": [] });
    assert_error(
        save(&reviewer, &b, lines.clone()).await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    assert_error(save(&stranger, &b, lines).await, 404, ErrorCode::NotFound).await;
    let res = unit
        .get(&format!("/api/batches/{}/confirmation", b.id))
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    let res = unit.get("/api/vouchers?status=verified").await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(page(&reviewer, &b).await.people, 1);
    // 职保会退休账户信息 above the list, for whoever lists vouchers; not for the anonymous.
    for who in [&unit, &reviewer, &stranger] {
        let payee: api_types::PayeeOut =
            assert_json(who.get("/api/vouchers/payee").await, 200).await;
        assert_eq!(payee, page(&unit, &b).await.payee);
        assert_eq!(payee.account_name, "上海市职工保障互助会退休职工医保专户");
    }
    let res = app.anonymous().get("/api/vouchers/payee").await;
    assert_error(res, 401, ErrorCode::Unauthorized).await;
}
