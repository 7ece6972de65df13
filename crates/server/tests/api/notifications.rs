//! 消息提醒 and its mail: each wired event writes a notice the unit reads in the app and a
//! mail that reaches an SMTP server (the tests' sink, spoken to by the product's own SMTP
//! mailer); a failed or interrupted delivery is retried and lands once; the dedupe key makes
//! an event one notice; a notice is read only by those it is addressed to.

use api_types::{NotificationKind, RatiosOut, Role};
use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};
use serde_json::json;
use server::entities::{notification, task};
use server::notifications::{emit, templates, Recipient};
use uuid::Uuid;

use crate::app::notifications::{by_subject, MailSink, ReceivedMail};
use crate::app::{Client, NewAccount, TestApp};
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{code_application_json, name_change_json, resident_id, valid_rows, workbook};

const EMAIL: &str = "jingban@example.com";
const UNIT_NAME: &str = "上海消息提醒机械有限公司";

/// An app whose mail goes to a fresh sink.
async fn app_with_sink() -> (TestApp, MailSink) {
    let sink = MailSink::start().await;
    let app = TestApp::builder().mail_to(&sink).spawn().await;
    (app, sink)
}

/// The notice rows of the app.
async fn notices(app: &TestApp) -> Vec<notification::Model> {
    notification::Entity::find()
        .all(&app.db)
        .await
        .expect("notices")
}

/// The mail tasks of the app.
async fn mail_tasks(app: &TestApp) -> Vec<task::Model> {
    task::Entity::find()
        .filter(task::Column::Kind.eq("mail.send"))
        .all(&app.db)
        .await
        .expect("tasks")
}

fn only(mails: &[ReceivedMail]) -> &ReceivedMail {
    assert_eq!(mails.len(), 1, "exactly one mail in the sink");
    &mails[0]
}

/// A unit without a code whose operator has `EMAIL`, with a code application a reviewer
/// rejects: one notice, one mail queued.
async fn rejected_code_application(app: &TestApp) -> (Client, Client, Uuid) {
    let unit = app.unit_without_code("u-notice@example.com").await;
    unit.set_email(EMAIL).await;
    let reviewer = app.reviewer("shenhe01").await;
    let file = unit.attachments().upload_pdf("code_application").await;
    let created: api_types::CodeApplicationOut = unit
        .code_applications()
        .submit(&code_application_json(UNIT_NAME, &[file]))
        .await;
    let res = reviewer
        .code_applications()
        .reject(created.id, "营业执照复印件未加盖公章")
        .await;
    assert_eq!(res.status().as_u16(), 200);
    (unit, reviewer, created.id)
}

#[tokio::test]
async fn a_decided_code_application_reaches_the_sink_and_the_inbox() {
    let (app, sink) = app_with_sink().await;
    let (unit, reviewer, id) = rejected_code_application(&app).await;
    assert!(
        sink.received().is_empty(),
        "nothing is sent inside the request"
    );
    assert_eq!(app.run_pending_tasks().await, 1);

    let mails = sink.received();
    let mail = only(&mails);
    assert_eq!(mail.subject(), "【退休住院计划】参保编码申请审核不通过");
    assert_eq!(mail.to(), [EMAIL]);
    assert_eq!(mail.envelope_to, [EMAIL]);
    let text = mail.text();
    assert!(text.contains(UNIT_NAME), "{text}");
    assert!(
        text.contains("不通过原因：营业执照复印件未加盖公章"),
        "{text}"
    );
    assert!(
        text.contains("下一步：请登录平台，在“参保编码申请”中"),
        "{text}"
    );
    assert!(
        text.contains("http://127.0.0.1:8080"),
        "the platform's address: {text}"
    );

    let inbox = unit.notifications().list("").await;
    assert_eq!(inbox.total, 1);
    let n = &inbox.items[0];
    assert_eq!(n.kind, NotificationKind::CodeApplicationRejected);
    assert_eq!(n.kind_label, "参保编码申请审核不通过");
    assert_eq!(n.subject, "参保编码申请审核不通过");
    assert!(
        mail.text().starts_with(&format!("{}\n\n-- \n", n.body)),
        "the mail carries the notice: {:?}",
        mail.text()
    );
    assert!(!n.read && n.mailed_at.is_some());
    assert_eq!(
        mail.message_id(),
        format!("<notice.{}@rtp.localhost>", n.id.simple())
    );

    // Resubmitted and approved: a second notice with the code, newest first.
    let body = code_application_json(
        UNIT_NAME,
        &[unit.attachments().upload_pdf("code_application").await],
    );
    assert_eq!(
        unit.code_applications()
            .resubmit(id, &body)
            .await
            .status()
            .as_u16(),
        200
    );
    let approved: api_types::CodeApplicationOut =
        assert_json(reviewer.code_applications().approve(id).await, 200).await;
    let code = approved.enrollment_code.expect("code");
    app.run_pending_tasks().await;
    let mails = sink.received();
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[1].subject(), "【退休住院计划】参保编码申请审核通过");
    assert!(mails[1].text().contains(&format!("参保编码：{code}")));
    let inbox = unit.notifications().list("").await;
    assert_eq!(inbox.total, 2);
    assert_eq!(
        inbox.items[0].kind,
        NotificationKind::CodeApplicationApproved
    );
    assert_ne!(mails[0].message_id(), mails[1].message_id());

    // Unread count, mark one read (twice: no change), then all.
    let box_ = unit.notifications();
    assert_eq!(box_.unread().await, 2);
    let first = inbox.items[1].id;
    let read: api_types::NotificationOut = assert_json(box_.mark_read(first).await, 200).await;
    assert!(read.read && read.read_at.is_some());
    let again: api_types::NotificationOut = assert_json(box_.mark_read(first).await, 200).await;
    assert_eq!(again.read_at, read.read_at, "marking again changes nothing");
    assert_eq!(box_.unread().await, 1);
    assert_eq!(box_.list("?unread=true").await.total, 1);
    assert_eq!(box_.list("?unread=false").await.total, 1);
    assert_eq!(box_.read_all().await, 1);
    assert_eq!(box_.unread().await, 0);
    assert_eq!(box_.read_all().await, 0);
}

#[tokio::test]
async fn name_change_decisions_are_mailed_with_both_names() {
    let sink = MailSink::start().await;
    let app = TestApp::builder()
        .simulator(simulator::Faults::default())
        .mail_to(&sink)
        .spawn()
        .await;
    let unit = app.unit("tuixiu100000011").await;
    unit.set_email(EMAIL).await;
    let reviewer = app.reviewer("shenhe01").await;
    let old = unit.units().own().await.name;
    let file = unit.attachments().upload_pdf("name_change").await;
    let new_name = "上海新名称有限公司";
    let created: api_types::NameChangeOut = unit
        .name_changes()
        .submit(&name_change_json(new_name, &[file]))
        .await;
    let res = reviewer
        .name_changes()
        .reject(created.id, "缺少工商变更登记表")
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let body = name_change_json(new_name, &[file]);
    assert_eq!(
        unit.name_changes()
            .resubmit(created.id, &body)
            .await
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        reviewer
            .name_changes()
            .approve(created.id)
            .await
            .status()
            .as_u16(),
        200
    );
    app.run_pending_tasks().await;

    let mails = sink.received();
    assert_eq!(mails.len(), 2);
    let no = by_subject(&mails, "【退休住院计划】单位名称修改审核不通过");
    assert!(no
        .text()
        .contains(&format!("将单位名称修改为“{new_name}”的申请审核不通过")));
    assert!(no.text().contains("不通过原因：缺少工商变更登记表"));
    let yes = by_subject(&mails, "【退休住院计划】单位名称修改审核通过");
    assert!(
        yes.text().contains(&format!("由“{old}”变更为“{new_name}”")),
        "{}",
        yes.text()
    );
    let kinds: Vec<_> = unit
        .notifications()
        .list("")
        .await
        .items
        .iter()
        .map(|n| n.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            NotificationKind::NameChangeApproved,
            NotificationKind::NameChangeRejected
        ]
    );
}

/// Pins the simulator: `people` on code `code`, which has exactly that many retirees (100 %).
async fn pin(app: &TestApp, code: &str, from: u32, people: u32) {
    let base = app.state().settings.simulator_url.clone();
    let http = reqwest::Client::new();
    let put = |path: String, body: serde_json::Value| {
        let req = http.put(format!("{base}{path}")).json(&body);
        async move { assert!(req.send().await.expect("simulator").status().is_success()) }
    };
    put(
        format!("/admin/social-security/units/{code}"),
        json!({ "retiree_count": people, "unit_name": format!("社保单位{code}") }),
    )
    .await;
    for seq in from..from + people {
        put(
            format!("/admin/social-security/persons/{}", resident_id(seq)),
            json!({ "ss_code": code, "retirement_month": "2010-05" }),
        )
        .await;
    }
}

/// A voucher batch of `people` people (from `from`) on `code`, verified and submitted:
/// 职保会审核中. Answers its number and the review to decide.
async fn submitted_batch(
    app: &TestApp,
    unit: &Client,
    code: &str,
    from: u32,
    people: u32,
) -> (String, Uuid) {
    pin(app, code, from, people).await;
    let b = unit.batches().create_voucher_batch().await;
    let imported = unit
        .roster(&b)
        .import(workbook(&valid_rows(from, people)))
        .await;
    let started = unit.verification(&imported.batch).start().await;
    for _ in 0..20 {
        if app.run_pending_tasks().await == 0 {
            break;
        }
    }
    let verified = unit.batches().fetch(started.id).await;
    assert_eq!(verified.status, "verified");
    let submitted: RatiosOut = assert_json(unit.review(&verified).submit().await, 200).await;
    let review = submitted.latest_review.expect("a pending review").id;
    (b.batch_no, review)
}

#[tokio::test]
async fn review_decisions_are_mailed_with_every_reason_and_no_retiree_data() {
    let sink = MailSink::start().await;
    let app = TestApp::builder()
        .simulator(simulator::Faults::default())
        .mail_to(&sink)
        .spawn()
        .await;
    app.travel("2026-11-30T10:00:00").await;
    let unit = app.unit("tuixiu300000021").await;
    unit.set_email(EMAIL).await;
    let reviewer = app.reviewer("shenhe01").await;

    let (rejected_no, rejected) = submitted_batch(&app, &unit, "A001", 1, 3).await;
    let body = json!({
        "decision": "reject",
        "overall_reasons": ["请补充单位情况说明"],
        "code_reasons": [{ "ss_code": "A001", "reasons": ["缺少《社会保险业务核定表》", "上传材料不清晰，请重新上传"] }],
    });
    assert_eq!(
        reviewer
            .reviews()
            .decide(rejected, &body)
            .await
            .status()
            .as_u16(),
        200
    );
    assert!(
        sink.received().is_empty(),
        "mailed by the task, not the request"
    );
    let (approved_no, approved) = submitted_batch(&app, &unit, "B002", 11, 3).await;
    assert_eq!(
        reviewer.reviews().approve(approved).await.status().as_u16(),
        200
    );
    app.run_pending_tasks().await;

    let mails = sink.received();
    assert_eq!(mails.len(), 2);
    let no = &mails[0];
    assert_eq!(
        no.subject(),
        format!("【退休住院计划】参保批次 {rejected_no} 职保会审核不通过")
    );
    let text = no.text();
    assert!(
        text.contains(&format!(
            "贵单位的参保批次 {rejected_no}（保障年度 2026）未通过职保会审核"
        )),
        "{text}"
    );
    assert!(
        text.contains("· 社保编号 A001：缺少《社会保险业务核定表》；上传材料不清晰，请重新上传"),
        "{text}"
    );
    assert!(text.contains("· 整体原因：请补充单位情况说明"), "{text}");
    assert!(text.contains("查看不通过原因"), "{text}");
    let yes = &mails[1];
    assert_eq!(
        yes.subject(),
        format!("【退休住院计划】参保批次 {approved_no} 职保会审核通过")
    );
    assert!(
        yes.text().contains("上传缴费凭证"),
        "voucher batch: {}",
        yes.text()
    );

    // Retirees' names, ID numbers and mobiles appear in no mail.
    for mail in &mails {
        let raw = String::from_utf8_lossy(&mail.raw).into_owned() + &mail.text();
        for seq in (1..4).chain(11..14) {
            assert!(!raw.contains(&resident_id(seq)), "an ID number in a mail");
            assert!(
                !raw.contains(&crate::fixtures::person_name(seq)),
                "a name in a mail"
            );
            assert!(
                !raw.contains(&crate::fixtures::mobile(seq)),
                "a mobile in a mail"
            );
        }
    }
    assert_eq!(unit.notifications().unread().await, 2);
}

#[tokio::test]
async fn account_issue_and_password_reset_are_mailed_without_the_password() {
    let (app, sink) = app_with_sink().await;
    // A registered unit (its operator has an email) that has just got its code.
    let unit = app.unit_without_code("reg@example.com").await;
    unit.set_email(EMAIL).await;
    app.update_unit(unit.unit_id(), |u| {
        u.enrollment_code = sea_orm::Set(Some("200000031".into()))
    })
    .await;
    let admin = app.admin("admin1").await;
    let issued: api_types::OneTimePasswordOut =
        assert_json(admin.accounts().issue(unit.unit_id()).await, 201).await;
    let reset: api_types::OneTimePasswordOut = assert_json(
        admin.accounts().reset_password(unit.account_id()).await,
        200,
    )
    .await;
    app.run_pending_tasks().await;

    let mails = sink.received();
    assert_eq!(mails.len(), 2);
    let issue_mail = by_subject(&mails, "【退休住院计划】单位账号已派发");
    assert!(issue_mail.text().contains("tuixiu200000031"));
    let reset_mail = by_subject(&mails, "【退休住院计划】账号密码已重置");
    assert!(reset_mail.text().contains("reg@example.com"));
    for (mail, secret) in [
        (issue_mail, &issued.one_time_password),
        (reset_mail, &reset.one_time_password),
    ] {
        assert!(mail.text().contains("不含密码"));
        assert!(!String::from_utf8_lossy(&mail.raw).contains(secret.as_str()));
        assert!(
            !mail.text().contains(secret.as_str()),
            "no password in the mail"
        );
    }
    // The issue is the unit's; the reset only the reset account's (it logs in again first).
    let rows = notices(&app).await;
    let issue = rows
        .iter()
        .find(|n| n.kind == "account_issued")
        .expect("issued");
    assert_eq!(
        (issue.unit_id, issue.account_id),
        (Some(unit.unit_id()), None)
    );
    let r = rows
        .iter()
        .find(|n| n.kind == "password_reset")
        .expect("reset");
    assert_eq!(
        (r.unit_id, r.account_id),
        (Some(unit.unit_id()), Some(unit.account_id()))
    );
}

#[tokio::test]
async fn a_failed_delivery_is_retried_with_backoff_and_lands_once() {
    let sink = MailSink::start().await;
    // A long first backoff, so the retry is not already due while the queue drains.
    let app = TestApp::builder()
        .mail_to(&sink)
        .settings(|s| s.tasks.retry_base_seconds = 600)
        .spawn()
        .await;
    sink.defer_next(1);
    rejected_code_application(&app).await;
    app.run_pending_tasks().await;
    assert!(sink.received().is_empty(), "451: not delivered");
    let n = &notices(&app).await[0];
    assert_eq!((n.mail_status.as_str(), n.mailed_at), ("pending", None));
    assert!(n.mail_error.as_deref().unwrap_or_default().contains("451"));
    let t = &mail_tasks(&app).await[0];
    assert_eq!(t.state, "queued", "queued again for later");

    app.clock.advance(Duration::hours(1));
    app.run_pending_tasks().await;
    only(&sink.received());
    let n = &notices(&app).await[0];
    assert_eq!(n.mail_status, "sent");
    assert_eq!(n.mail_attempts, 2);
    assert_eq!(mail_tasks(&app).await[0].state, "done");

    app.clock.advance(Duration::hours(1));
    assert_eq!(app.run_pending_tasks().await, 0);
    only(&sink.received());
}

#[tokio::test]
async fn a_runner_that_died_holding_the_task_leaves_it_to_the_next_one_and_the_mail_lands_once() {
    let (app, sink) = app_with_sink().await;
    rejected_code_application(&app).await;
    // A runner claims the mail task and dies before sending anything.
    let state = app.state();
    let claimed = server::tasks::queue::claim(
        &state.db,
        "died",
        state.clock.now(),
        Duration::seconds(60),
        10,
    )
    .await
    .expect("claim");
    assert_eq!(claimed.len(), 1);
    assert_eq!(app.run_pending_tasks().await, 0, "its lease still holds");
    assert!(sink.received().is_empty());

    app.clock.advance(Duration::seconds(61));
    assert_eq!(
        app.run_pending_tasks().await,
        1,
        "taken over once the lease expired"
    );
    app.clock.advance(Duration::hours(1));
    app.run_pending_tasks().await;
    only(&sink.received());
    // The dead runner's lease can write nothing now.
    let (_, lease) = &claimed[0];
    assert!(!lease
        .extend(&state.db, state.clock.now())
        .await
        .expect("extend"));
}

#[tokio::test]
async fn a_crash_after_the_server_accepted_resends_the_same_message_id_and_says_so() {
    let (app, sink) = app_with_sink().await;
    rejected_code_application(&app).await;
    app.run_pending_tasks().await;
    let first = only(&sink.received()).clone();
    // As if the process died after the 250 and before recording it: nothing recorded, the
    // task still running under a lease that has expired.
    let n = notices(&app).await.remove(0);
    notification::Entity::update_many()
        .col_expr(
            notification::Column::MailedAt,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .col_expr(notification::Column::MailStatus, Expr::value("pending"))
        .filter(notification::Column::Id.eq(n.id))
        .exec(&app.db)
        .await
        .expect("forget the delivery");
    let now = app.state().clock.now();
    task::Entity::update_many()
        .col_expr(task::Column::State, Expr::value("running"))
        .col_expr(task::Column::LeaseOwner, Expr::value("died"))
        .col_expr(
            task::Column::LeaseExpiresAt,
            Expr::value(Some(now - Duration::seconds(1))),
        )
        .filter(task::Column::Kind.eq("mail.send"))
        .exec(&app.db)
        .await
        .expect("the task as the dead runner left it");

    assert_eq!(app.run_pending_tasks().await, 1);
    let mails = sink.received();
    assert_eq!(mails.len(), 2, "SMTP cannot tell: sent again");
    assert_eq!(
        mails[1].message_id(),
        first.message_id(),
        "recognisably the same message"
    );
    assert_eq!(mails[1].text(), first.text());
    let n = notices(&app).await.remove(0);
    assert_eq!(
        (n.mail_status.as_str(), n.mail_attempts),
        ("sent", 2),
        "attempts > 1 marks it"
    );
    app.clock.advance(Duration::hours(1));
    assert_eq!(app.run_pending_tasks().await, 0);
    assert_eq!(sink.received().len(), 2, "and never a third time");
}

#[tokio::test]
async fn emit_is_one_notice_per_dedupe_key_and_rolls_back_with_the_change() {
    let (app, sink) = app_with_sink().await;
    let unit = app.unit("tuixiu100000041").await;
    unit.set_email(EMAIL).await;
    let now = app.state().clock.now();
    let notice = || {
        templates::account_issued("tuixiu100000041")
            .to(Recipient::Unit(unit.unit_id()), "test:once")
    };
    let txn = app.db.begin().await.expect("begin");
    let first = emit(&txn, now, notice()).await.expect("emit");
    let second = emit(&txn, now, notice()).await.expect("emit again");
    txn.commit().await.expect("commit");
    assert!(
        first.is_some() && second.is_none(),
        "the same event is written once"
    );
    let again = emit(&app.db, now, notice()).await.expect("emit later");
    assert_eq!(again, None);

    // The change that would have caused it rolls back: no notice, no mail task.
    let txn = app.db.begin().await.expect("begin");
    let other =
        templates::account_issued("x").to(Recipient::Unit(unit.unit_id()), "test:rolled-back");
    emit(&txn, now, other)
        .await
        .expect("emit")
        .expect("written");
    txn.rollback().await.expect("rollback");

    assert_eq!(notices(&app).await.len(), 1);
    assert_eq!(mail_tasks(&app).await.len(), 1);
    app.run_pending_tasks().await;
    only(&sink.received());
}

#[tokio::test]
async fn a_refused_mail_fails_for_good_and_the_notice_stays_in_the_app() {
    let (app, sink) = app_with_sink().await;
    sink.refuse_next(1);
    let (unit, _, _) = rejected_code_application(&app).await;
    assert_eq!(app.run_pending_tasks().await, 1);
    app.clock.advance(Duration::hours(1));
    assert_eq!(app.run_pending_tasks().await, 0, "550 is not retried");
    assert!(sink.received().is_empty());
    let n = &notices(&app).await[0];
    assert_eq!(n.mail_status, "failed");
    assert!(n.mail_error.as_deref().unwrap_or_default().contains("550"));
    assert!(
        !n.mail_error.as_deref().unwrap_or_default().contains(EMAIL),
        "no address in errors"
    );
    assert_eq!(mail_tasks(&app).await[0].state, "dead");
    assert_eq!(unit.notifications().unread().await, 1);
}

#[tokio::test]
async fn without_an_email_or_with_mail_off_the_notice_stays_in_the_app_only() {
    let (app, sink) = app_with_sink().await;
    let unit = app.unit_without_code("no-mail@example.com").await;
    let reviewer = app.reviewer("shenhe01").await;
    let file = unit.attachments().upload_pdf("code_application").await;
    let created: api_types::CodeApplicationOut = unit
        .code_applications()
        .submit(&code_application_json(UNIT_NAME, &[file]))
        .await;
    assert_eq!(
        reviewer
            .code_applications()
            .reject(created.id, "材料不全")
            .await
            .status()
            .as_u16(),
        200
    );
    assert_eq!(app.run_pending_tasks().await, 0, "no address: no mail task");
    assert!(sink.received().is_empty());
    assert_eq!(notices(&app).await[0].mail_status, "no_address");
    assert_eq!(unit.notifications().unread().await, 1);

    // The test default: mail off. The task runs once and sends nothing.
    let app = TestApp::spawn().await;
    let (unit, _, _) = rejected_code_application(&app).await;
    assert_eq!(app.run_pending_tasks().await, 1);
    assert_eq!(notices(&app).await[0].mail_status, "disabled");
    assert_eq!(unit.notifications().list("").await.total, 1);
}

#[tokio::test]
async fn one_reads_only_ones_own_notices() {
    let app = TestApp::spawn().await;
    let (mine, reviewer, _) = rejected_code_application(&app).await;
    let other = app.unit("tuixiu100000051").await;
    let n = mine.notifications().list("").await.items[0].clone();

    assert_eq!(other.notifications().list("").await.total, 0);
    assert_eq!(other.notifications().unread().await, 0);
    assert_error(
        other.notifications().mark_read(n.id).await,
        404,
        api_types::ErrorCode::NotFound,
    )
    .await;
    assert_eq!(other.notifications().read_all().await, 0);
    assert_eq!(
        reviewer.notifications().list("").await.total,
        0,
        "reviewers read their own"
    );
    assert_error(
        reviewer.notifications().mark_read(n.id).await,
        404,
        api_types::ErrorCode::NotFound,
    )
    .await;
    let res = mine.notifications().mark_read(Uuid::new_v4()).await;
    assert_error(res, 404, api_types::ErrorCode::NotFound).await;
    assert_eq!(
        mine.notifications().unread().await,
        1,
        "others marked nothing"
    );

    // Without a token: 401.
    let anon = app.anonymous();
    assert_error(
        anon.notifications().try_list("").await,
        401,
        api_types::ErrorCode::Unauthorized,
    )
    .await;
    assert_error(
        anon.notifications().try_unread().await,
        401,
        api_types::ErrorCode::Unauthorized,
    )
    .await;

    // A notice to one account is that account's only, even within its unit.
    let second = app
        .seed_account(NewAccount::new("shenhe02", Role::Reviewer))
        .await;
    let now = app.state().clock.now();
    let letter =
        templates::password_reset("shenhe02").to(Recipient::Account(second), "test:account");
    emit(&app.db, now, letter).await.expect("emit");
    let shenhe02 = app.log_in("shenhe02", crate::fixtures::GOOD_PASSWORD).await;
    assert_eq!(shenhe02.notifications().list("").await.total, 1);
    assert_eq!(reviewer.notifications().list("").await.total, 0);
    assert_eq!(mine.notifications().list("").await.total, 1);
}

#[tokio::test]
async fn the_inbox_is_paged_newest_first() {
    let app = TestApp::spawn().await;
    let unit = app.unit("tuixiu100000061").await;
    for i in 0..3 {
        let now = app.state().clock.now() + Duration::minutes(i);
        let letter = templates::account_issued(&format!("login{i}"))
            .to(Recipient::Unit(unit.unit_id()), format!("test:page:{i}"));
        emit(&app.db, now, letter).await.expect("emit");
    }
    let page = unit.notifications().list("?page=1&page_size=2").await;
    assert_eq!(
        (page.total, page.page, page.page_size, page.items.len()),
        (3, 1, 2, 2)
    );
    assert!(page.items[0].body.contains("login2") && page.items[1].body.contains("login1"));
    let rest = unit.notifications().list("?page=2&page_size=2").await;
    assert!(rest.items[0].body.contains("login0"));
    let rows = notification::Entity::find()
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(rows, 3);
}
