//! 代扣申请 end to end against the simulator's bank: the manual's figures, the deadline's
//! edges, the frozen list, no second withholding after a crash, results recorded once,
//! deletions that would break a ratio, the acceptance slip, and who may do what.

use api_types::{
    BatchOut, ErrorCode, RatiosOut, RefusalReason, WithholdingOut, WithholdingStateKey,
};
use serde_json::json;
use simulator::{Shares, SimConfig};

use crate::app::notifications::MailSink;
use crate::app::{Client, TestApp};
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{resident_id, valid_rows, workbook, GOOD_PASSWORD};

/// 社保编号 of every test person.
const CODE: &str = "W001";

/// On 2026-05-20 (the centralized window and the withholding channel open), with a bank
/// that answers at once and nobody anomalous unless pinned.
pub(crate) async fn app() -> TestApp {
    app_mailing_to(None).await
}

/// The same, mailing notices to `sink`.
async fn app_mailing_to(sink: Option<&MailSink>) -> TestApp {
    let mut config = SimConfig::instant();
    config.shares = Shares::none();
    let mut builder = TestApp::builder()
        .simulator_config(config)
        .settings(|s| s.withholding.poll_seconds = 0);
    if let Some(sink) = sink {
        builder = builder.mail_to(sink);
    }
    let app = builder.spawn().await;
    app.travel("2026-05-20T10:00:00").await;
    app
}

/// A centralized batch paying by withholding (`amount_fen` per person), its `n` people
/// (numbered from `from`; those in `failing` are refused by the bank for `reason`)
/// verified and approved by `reviewer`: 职保会审核通过.
pub(crate) async fn approved(
    app: &TestApp,
    unit: &Client,
    reviewer: &Client,
    from: u32,
    n: u32,
    amount_fen: i64,
    failing: &[(u32, &str)],
) -> BatchOut {
    let sim = app.simulator();
    sim.pin_unit(CODE, n).await;
    for seq in from..from + n {
        let pin = json!({ "ss_code": CODE, "retirement_month": "2010-05" });
        sim.pin_person(&resident_id(seq), pin).await;
    }
    for (seq, reason) in failing {
        sim.pin_bank(&resident_id(*seq), false, Some(reason)).await;
    }
    let b = unit.batches().create("centralized").await;
    let letter = unit.attachments().upload_pdf("withholding_letter").await;
    let method = json!({
        "method": "withholding", "withholding_amount_fen": amount_fen, "withholding_letter_id": letter
    });
    let b: BatchOut = assert_json(unit.batches().choose_payment(&b, &method).await, 200).await;
    let imported = unit.roster(&b).import(workbook(&valid_rows(from, n))).await;
    unit.verification(&imported.batch).start().await;
    while app.run_pending_tasks().await > 0 {}
    let b = unit.batches().fetch(b.id).await;
    assert_eq!(b.status, "verified");
    let r: RatiosOut = assert_json(unit.review(&b).submit().await, 200).await;
    let id = r.latest_review.unwrap().id;
    assert_eq!(reviewer.reviews().approve(id).await.status(), 200);
    let b = unit.batches().fetch(b.id).await;
    assert_eq!(b.status_label, "职保会审核通过");
    // Withholding comes first while the application is open: 参保名单确定 is not offered.
    assert!(
        !b.allowed_actions.iter().any(|a| a == "confirm_roster"),
        "{:?}",
        b.allowed_actions
    );
    b
}

/// The operator `login` again, after the clock moved past the token's lifetime.
pub(crate) async fn log_in_again(app: &TestApp, login: &str) -> Client {
    app.log_in(login, GOOD_PASSWORD).await
}

/// Applies (我已阅读并同意); fails the test unless 200.
pub(crate) async fn apply(unit: &Client, b: &BatchOut) -> WithholdingOut {
    assert_json(unit.withholding(b).apply(true).await, 200).await
}

#[tokio::test]
async fn the_manuals_figures_from_application_to_the_voucher_step() {
    let sink = MailSink::start().await;
    let app = app_mailing_to(Some(&sink)).await;
    let unit = app.unit("tuixiu400000001").await;
    unit.set_email("jingban@example.com").await;
    let reviewer = app.reviewer("shenhe11").await;
    let failing = [
        (3, "余额不足"),
        (5, "校验不通过"),
        (8, "账户状态异常"),
        (11, "余额不足"),
    ];
    let b = approved(&app, &unit, &reviewer, 1, 13, 30_000, &failing).await;

    let before = unit.withholding(&b).get().await;
    assert!(before.can_apply, "{:?}", before.refusal);
    assert_eq!(before.withholdable_count, 13);
    assert_eq!(before.deadline_text, "委托代扣申请需在6月4日16点完成提交");
    assert!(before
        .confirmation_text
        .starts_with("本单位可代扣人员13人，提交后，代扣名单将不可修改"));
    // Without 我已阅读并同意 nothing happens.
    let res = unit.withholding(&b).apply(false).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;

    let applied = apply(&unit, &b).await;
    assert_eq!(applied.batch.status_label, "代扣申请中");
    let application = applied.application.clone().unwrap();
    assert_eq!(application.state, WithholdingStateKey::Applied);
    assert_eq!((application.people, application.amount_fen), (13, 30_000));
    assert_eq!(
        application.accept_due_at - application.submitted_at,
        chrono::Duration::days(1),
        "one working day later (a Wednesday)"
    );
    // Before acceptance there is no slip, and the bank has seen nothing.
    let res = unit.withholding(&applied.batch).slip().await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    app.run_pending_tasks().await;
    assert_eq!(app.simulator().stats().await.bank.accepted_requests, 0);

    // The automatic acceptance one working day later sends the list; the bank answers.
    app.travel("2026-05-21T11:00:00").await;
    let unit = log_in_again(&app, "tuixiu400000001").await;
    app.run_pending_tasks().await;
    let done = unit.withholding(&applied.batch).get().await;
    let application = done.application.clone().unwrap();
    assert_eq!(application.state, WithholdingStateKey::Done);
    assert_eq!(application.accepted_by, None, "accepted automatically");
    assert_eq!(
        application.results_line.as_deref(),
        Some("申请代扣13人，代扣成功9人(代扣金额300元/人)，代扣失败4人。")
    );
    let share = done.share.clone().unwrap();
    assert_eq!(
        share.line,
        "申请参保总人数：13人 (代扣成功9人，需单位缴费参保4人，需单位缴纳参保费用3150元)"
    );
    assert_eq!(done.batch.status_label, "代扣完成");
    let stats = app.simulator().stats().await.bank;
    assert_eq!((stats.accepted_requests, stats.people_submitted), (1, 13));
    // The operator is mailed the results (and sees them in 消息提醒).
    app.run_pending_tasks().await;
    let mails: Vec<String> = sink
        .received()
        .iter()
        .filter(|m| m.text().contains("代扣结果"))
        .map(|m| m.text())
        .collect();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(
        mails[0].contains("申请代扣13人，代扣成功9人，代扣失败4人"),
        "{}",
        mails[0]
    );
    assert!(mails[0].contains("3150.00元"), "{}", mails[0]);
    assert!(mails[0].contains(&b.batch_no));
    assert!(unit.notifications().unread().await >= 1);

    // The roster shows 代扣结果 and filters by it.
    let failed = unit
        .roster(&done.batch)
        .list("?withholding_result=failed")
        .await;
    assert_eq!(failed.total, 4);
    let labels: Vec<String> = failed
        .items
        .iter()
        .filter_map(|e| e.withholding_result_label.clone())
        .collect();
    assert!(
        labels.contains(&"代扣失败(余额不足)".to_owned()),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"代扣失败(校验不通过)".to_owned()),
        "{labels:?}"
    );
    let ok = unit
        .roster(&done.batch)
        .list("?withholding_result=succeeded")
        .await;
    assert_eq!(ok.total, 9);
    let res = unit
        .get(&format!(
            "/api/batches/{}/roster?withholding_result=maybe",
            b.id
        ))
        .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;

    // The acceptance slip: a PDF with the font's glyphs embedded (a subset, not 17 MB).
    let res = unit.withholding(&done.batch).slip().await;
    assert_eq!(res.status().as_u16(), 200);
    let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert_eq!(content_type, "application/pdf");
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() < 1_000_000, "{} bytes", pdf.len());

    // 参保名单确定 fixes what the unit pays: 13 × 450 − 9 × 300 = 3150 元.
    let confirmed: BatchOut =
        assert_json(unit.withholding(&done.batch).confirm_roster().await, 200).await;
    assert_eq!(confirmed.status_label, "待上传缴费凭证");
    assert_eq!(confirmed.unit_due_fen, Some(315_000));
    assert_eq!(confirmed.withheld_people, Some(9));
}

#[tokio::test]
async fn twenty_nine_people_twenty_three_withheld_at_100_yuan_leave_10750_yuan() {
    let app = app().await;
    let unit = app.unit("tuixiu400000002").await;
    let reviewer = app.reviewer("shenhe12").await;
    let failing: Vec<(u32, &str)> = (101..107).map(|s| (s, "余额不足")).collect();
    let b = approved(&app, &unit, &reviewer, 101, 29, 10_000, &failing).await;
    let applied = apply(&unit, &b).await;
    assert_eq!(
        reviewer.withholding(&applied.batch).accept().await.status(),
        200
    );
    let res = reviewer.withholding(&applied.batch).accept().await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    app.run_pending_tasks().await;
    let done = unit.withholding(&applied.batch).get().await;
    assert!(done.application.as_ref().unwrap().accepted_by.is_some());
    assert_eq!(
        done.share.unwrap().line,
        "申请参保总人数：29人 (代扣成功23人，需单位缴费参保6人，需单位缴纳参保费用10750元)"
    );
}

#[tokio::test]
async fn the_deadline_is_four_pm_on_the_fourth_of_june() {
    let app = app().await;
    let unit = app.unit("tuixiu400000003").await;
    let reviewer = app.reviewer("shenhe13").await;
    let early = approved(&app, &unit, &reviewer, 201, 3, 10_000, &[]).await;
    let late = approved(&app, &unit, &reviewer, 211, 3, 10_000, &[]).await;
    app.travel("2026-06-04T15:59:59").await;
    let unit = log_in_again(&app, "tuixiu400000003").await;
    apply(&unit, &early).await;
    app.travel("2026-06-04T16:00:00").await;
    let view = unit.withholding(&late).get().await;
    assert!(!view.can_apply);
    assert!(view.refusal.unwrap().contains("6月4日16点"));
    let res = unit.withholding(&late).apply(true).await;
    let err = assert_error(res, 422, ErrorCode::RuleRefused).await;
    assert_eq!(
        err.details.unwrap()["reason"],
        json!(RefusalReason::WithholdingApplicationClosed)
    );
    assert!(err.message.contains("6月4日16点"), "{}", err.message);
    assert_eq!(
        unit.batches().fetch(late.id).await.status,
        "review_approved"
    );
}

#[tokio::test]
async fn a_crash_after_the_bank_accepted_the_request_withholds_nobody_twice() {
    let app = app().await;
    let unit = app.unit("tuixiu400000004").await;
    let reviewer = app.reviewer("shenhe14").await;
    let b = approved(&app, &unit, &reviewer, 301, 5, 10_000, &[(302, "余额不足")]).await;
    let applied = apply(&unit, &b).await;
    assert_eq!(
        reviewer.withholding(&applied.batch).accept().await.status(),
        200
    );

    // A first attempt reached the bank and died before recording its answer: the request
    // is at the bank, our rows know nothing of it.
    let w = server::withholding::view::find(&app.db, b.id)
        .await
        .unwrap()
        .unwrap();
    let items = server::withholding::tasks::chunk_items(&app.db, w.id, 0)
        .await
        .unwrap();
    let request = server::withholding::tasks::bank_request(&w, 0, &items, None);
    let first = app.state().interfaces.bank.submit(&request).await.unwrap();
    assert!(!first.duplicate);

    // The retry sends the same request: the bank recognises it; nobody is withheld twice.
    app.run_pending_tasks().await;
    let stats = app.simulator().stats().await.bank;
    assert_eq!(stats.accepted_requests, 1);
    assert_eq!(stats.duplicate_requests, 1);
    assert_eq!(stats.people_submitted, 5);
    let done = unit.withholding(&applied.batch).get().await;
    assert_eq!(done.application.unwrap().succeeded, Some(4));

    // The bank's notice arriving twice (and late) records nothing more.
    for _ in 0..2 {
        let res = unit.bank_callback(Some(&first.request_id)).await;
        assert_eq!(res.status().as_u16(), 204);
    }
    app.run_pending_tasks().await;
    let admin = app.admin("admin41").await;
    let actions = admin
        .audit_logs()
        .actions(&format!("?target_id={}", b.id))
        .await;
    let recorded = actions
        .iter()
        .filter(|a| *a == "batch.withholding_results_recorded")
        .count();
    assert_eq!(recorded, 1, "{actions:?}");
    assert_eq!(app.simulator().stats().await.bank.accepted_requests, 1);
    // A notice about a request that is not ours, or without its id, changes nothing.
    let res = unit.bank_callback(Some("not-ours")).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    let res = unit.bank_callback(None).await;
    assert_error(res, 400, ErrorCode::BadRequest).await;
}

#[tokio::test]
async fn failed_people_may_go_only_while_the_ratio_holds_and_the_frozen_list_stays() {
    let app = app().await;
    let unit = app.unit("tuixiu400000005").await;
    let reviewer = app.reviewer("shenhe15").await;
    // 13 of W001's 13 retirees; 4 fail. Deleting 3 leaves 10/13 (76.9 %), 4 would leave 69 %.
    let failing = [
        (401, "余额不足"),
        (402, "余额不足"),
        (403, "余额不足"),
        (404, "余额不足"),
    ];
    let b = approved(&app, &unit, &reviewer, 401, 13, 30_000, &failing).await;
    let applied = apply(&unit, &b).await;
    // The list is frozen: the roster cannot change while the bank works.
    let person =
        json!({ "name": "新增人员", "doc_type": "resident_id", "id_number": resident_id(499) });
    let res = unit.roster(&applied.batch).try_add(&person).await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    assert_eq!(
        reviewer.withholding(&applied.batch).accept().await.status(),
        200
    );
    app.run_pending_tasks().await;
    let done = unit.batches().fetch(b.id).await;
    assert_eq!(done.status, "withholding_done");

    let failed = unit
        .roster(&done)
        .list("?withholding_result=failed")
        .await
        .items;
    let ids: Vec<_> = failed.iter().map(|e| e.id).collect();
    let res = unit.roster(&done).delete_people(&ids).await;
    let err = assert_error(res, 422, ErrorCode::RuleRefused).await;
    assert_eq!(
        err.details.unwrap()["reason"],
        json!(RefusalReason::RatioWouldBreak)
    );
    assert!(
        err.message.contains("W001") && err.message.contains("69.0%"),
        "{}",
        err.message
    );
    let withheld = unit
        .roster(&done)
        .list("?withholding_result=succeeded")
        .await
        .items;
    let res = unit.roster(&done).delete_people(&[withheld[0].id]).await;
    assert_error(res, 422, ErrorCode::RuleRefused).await;
    assert_eq!(
        unit.batches().fetch(b.id).await.roster_size,
        13,
        "nothing deleted"
    );

    let res = unit.roster(&done).delete_people(&ids[..3]).await;
    let after: BatchOut = assert_json(res, 200).await;
    assert_eq!(after.roster_size, 10);
    let view = unit.withholding(&after).get().await;
    assert_eq!(
        view.application.unwrap().results_line.as_deref(),
        Some("申请代扣13人，代扣成功9人(代扣金额300元/人)，代扣失败4人。"),
        "the frozen list keeps what was applied for"
    );
    assert_eq!(
        view.share.unwrap().line,
        "申请参保总人数：10人 (代扣成功9人，需单位缴费参保1人，需单位缴纳参保费用1800元)"
    );
}

#[tokio::test]
async fn each_role_stays_on_its_side_of_the_withholding() {
    let app = app().await;
    let unit = app.unit("tuixiu400000006").await;
    let reviewer = app.reviewer("shenhe16").await;
    let stranger = app.unit("tuixiu400000007").await;
    let b = approved(&app, &unit, &reviewer, 501, 2, 10_000, &[]).await;
    assert_error(
        reviewer.withholding(&b).apply(true).await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    assert_error(
        stranger.withholding(&b).try_get().await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    let res = unit.withholding(&b).apply(true).await;
    let applied: WithholdingOut = assert_json(res, 200).await;
    assert_error(
        unit.withholding(&applied.batch).accept().await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    assert_eq!(
        reviewer.withholding(&applied.batch).accept().await.status(),
        200
    );
    assert_error(
        stranger.withholding(&b).slip().await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    assert_eq!(reviewer.withholding(&b).slip().await.status().as_u16(), 200);
    // Applying twice is refused by the status.
    let res = unit.withholding(&applied.batch).apply(true).await;
    assert_error(res, 409, ErrorCode::Conflict).await;
}
