//! 提交职保会审核 and 职保会审核: the ratio per 社保编号 decides whether materials are needed,
//! new retirees need none, 其他 needs a remark and an attachment, people of the unit's
//! approved batches count as 已参保人数, a submission is decided once, the history is
//! complete and each role stays on its side. Verification runs for real against the
//! simulator, whose answers the tests pin person by person.

use api_types::{BatchOut, CodeStandingKey, ErrorCode, RatiosOut, RefusalReason, ReviewStatusKey};
use serde_json::json;

use crate::app::{Client, TestApp};
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{resident_id, valid_rows, workbook};

/// What the simulator answers for one person of a test roster.
#[derive(Clone, Copy)]
enum Person {
    /// Retired long ago, on this code.
    On(&'static str),
    /// Retired within the plan year's 新退休 window, on this code.
    NewOn(&'static str),
    /// No social-security record.
    Unknown,
}

/// A voucher batch of `unit` whose people (numbered from `from`) answer as `people` say,
/// verified for real: 名单校验完成.
async fn verified_batch(app: &TestApp, unit: &Client, from: u32, people: &[Person]) -> BatchOut {
    let sim = app.simulator();
    let b = unit.batches().create_voucher_batch().await;
    let new_retiree_month = format!("{}-01", b.plan_year);
    for (i, p) in people.iter().enumerate() {
        let seq = from + u32::try_from(i).unwrap();
        let pin = match p {
            Person::On(code) => json!({ "ss_code": code, "retirement_month": "2010-05" }),
            Person::NewOn(code) => {
                json!({ "ss_code": code, "retirement_month": new_retiree_month })
            }
            Person::Unknown => json!({ "found": false }),
        };
        sim.pin_person(&resident_id(seq), pin).await;
    }
    let n = u32::try_from(people.len()).unwrap();
    let imported = unit.roster(&b).import(workbook(&valid_rows(from, n))).await;
    verify(app, unit, &imported.batch).await
}

/// 提交系统校验 and run the background work until it is done.
async fn verify(app: &TestApp, unit: &Client, b: &BatchOut) -> BatchOut {
    let started = unit.verification(b).start().await;
    for _ in 0..20 {
        if app.run_pending_tasks().await == 0 {
            break;
        }
    }
    let done = unit.batches().fetch(started.id).await;
    assert_eq!(done.status, "verified", "verification finished");
    done
}

fn row<'a>(r: &'a RatiosOut, code: Option<&str>) -> &'a api_types::RatioRowOut {
    r.rows
        .iter()
        .find(|row| row.ss_code.as_deref() == code)
        .unwrap_or_else(|| panic!("no row {code:?} in {:?}", r.rows))
}

/// On 2026-11-30 with the simulator and two codes pinned: A001 has 100 retirees, B002 4.
async fn app_with_codes() -> (TestApp, Client) {
    let app = TestApp::with_simulator().await;
    app.travel("2026-11-30T10:00:00").await;
    app.simulator().pin_unit("A001", 100).await;
    app.simulator().pin_unit("B002", 4).await;
    let unit = app.unit("tuixiu300000001").await;
    (app, unit)
}

#[tokio::test]
async fn a_code_below_the_threshold_blocks_submission_until_materials_are_attached() {
    let (app, unit) = app_with_codes().await;
    let b = verified_batch(&app, &unit, 1, &[Person::On("A001"); 3]).await;
    let r = unit.review(&b).ratios().await;
    let a = row(&r, Some("A001"));
    assert_eq!(
        (
            a.ss_headcount,
            a.insured_here,
            a.insured_elsewhere,
            a.ratio.as_str()
        ),
        (100, 3, 0, "3.0%")
    );
    assert_eq!(a.standing, CodeStandingKey::MaterialsMissing);
    assert_eq!(a.standing_label, "未上传");
    assert!(!r.can_submit);
    assert_eq!(
        r.missing,
        ["社保编号 A001 参保比例 3.0% 未达 75%，请在“操作”栏点击“上传相关材料”"]
    );

    let res = unit.review(&b).submit().await;
    let err = assert_error(res, 422, ErrorCode::RuleRefused).await;
    let details = err.details.unwrap();
    assert_eq!(
        details["reason"],
        json!(RefusalReason::ReviewRequirementsUnmet)
    );
    assert_eq!(details["missing"], json!(r.missing));
    assert!(err.message.contains("A001"), "{}", err.message);
    assert_eq!(
        unit.batches().fetch(b.id).await.status,
        "verified",
        "nothing changed"
    );

    // A material for a code that is not the batch's is refused.
    let file = unit.attachments().upload_pdf("ratio_material").await;
    let res = unit.review(&r.batch).add_material(Some("Z999"), file).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;

    let res = unit.review(&r.batch).add_material(Some("A001"), file).await;
    let r: RatiosOut = assert_json(res, 200).await;
    let a = row(&r, Some("A001"));
    assert_eq!(a.standing, CodeStandingKey::MaterialsUploaded);
    assert_eq!(a.materials.len(), 1);
    assert!(r.can_submit, "{:?}", r.missing);
    // The same file twice is refused; a stale version too.
    let res = unit.review(&r.batch).add_material(Some("A001"), file).await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    let res = unit.review(&b).submit().await;
    assert_error(res, 409, ErrorCode::VersionConflict).await;

    let res = unit.review(&r.batch).submit().await;
    let submitted: RatiosOut = assert_json(res, 200).await;
    assert_eq!(submitted.batch.status, "under_review");
    assert_eq!(submitted.batch.status_label, "职保会审核中");
    let latest = submitted.latest_review.clone().unwrap();
    assert_eq!((latest.round, latest.status), (1, ReviewStatusKey::Pending));
    assert_eq!(row(&submitted, Some("A001")).review_status_label, "待审核");

    // While under review the unit changes nothing.
    let res = unit.review(&submitted.batch).remove_material(file).await;
    assert_error(res, 409, ErrorCode::Conflict).await;

    let reviewer = app.reviewer("shenhe1").await;
    assert_eq!(reviewer.reviews().counts().await.pending, 1);
    let queue = reviewer.reviews().queue("").await;
    assert_eq!(queue.total, 1);
    assert_eq!(queue.items[0].batch_no, b.batch_no);
    assert_eq!(queue.items[0].roster_size, 3);
}

#[tokio::test]
async fn new_retirees_need_no_materials_and_the_ratio_may_simply_be_met() {
    let (app, unit) = app_with_codes().await;
    let people = [
        Person::NewOn("A001"),
        Person::NewOn("A001"),
        Person::On("B002"),
        Person::On("B002"),
        Person::On("B002"),
    ];
    let b = verified_batch(&app, &unit, 11, &people).await;
    let r = unit.review(&b).ratios().await;
    let a = row(&r, Some("A001"));
    assert_eq!((a.newly_retired_here, a.ratio.as_str()), (2, "2.0%"));
    assert_eq!(a.standing, CodeStandingKey::NewlyRetiredOnly);
    assert_eq!(a.standing_label, "新退休人员无需上传材料");
    let bb = row(&r, Some("B002"));
    assert_eq!(
        (bb.insured_here, bb.ss_headcount, bb.ratio.as_str()),
        (3, 4, "75.0%")
    );
    assert_eq!(bb.standing, CodeStandingKey::Meets);
    assert!(r.can_submit, "{:?}", r.missing);
    let res = unit.review(&r.batch).submit().await;
    assert_json::<RatiosOut>(res, 200).await;
}

#[tokio::test]
async fn a_submission_and_a_decision_made_with_keys_name_the_keys() {
    let (app, unit) = app_with_codes().await;
    let people = [Person::On("B002"), Person::On("B002"), Person::On("B002")];
    let b = verified_batch(&app, &unit, 31, &people).await;
    let unit_key = unit.api_keys().create(&["batches:write"], None).await;
    let admin = app.admin("admin31").await;
    let association = admin.api_keys().create(&["review"], None).await;

    let r: RatiosOut = assert_json(
        app.integrator(&unit_key.secret).review(&b).submit().await,
        200,
    )
    .await;
    let review = r.latest_review.unwrap();
    let res = app
        .integrator(&association.secret)
        .reviews()
        .approve(review.id)
        .await;
    assert_json::<api_types::ReviewOut>(res, 200).await;

    let history = unit.review(&r.batch).history().await;
    let label = |k: &api_types::ApiKeyCreatedOut| {
        format!("接口密钥「{}」({})", k.key.name, k.key.key_prefix)
    };
    assert_eq!(history[0].submitted_by, Some(label(&unit_key)));
    assert_eq!(history[0].decided_by, Some(label(&association)));
    assert_eq!(history[0].status, ReviewStatusKey::Approved);
}

#[tokio::test]
async fn a_person_without_social_security_needs_a_reason_and_other_needs_remark_and_file() {
    let (app, unit) = app_with_codes().await;
    let people = [
        Person::On("B002"),
        Person::On("B002"),
        Person::On("B002"),
        Person::Unknown,
    ];
    let b = verified_batch(&app, &unit, 21, &people).await;
    let r = unit.review(&b).ratios().await;
    let group = row(&r, None);
    assert_eq!(group.code_label, "未匹配到单位社保编码");
    assert_eq!(
        (group.ss_headcount, group.insured_here, group.ratio.as_str()),
        (0, 1, "0%")
    );
    assert_eq!(r.unmatched.len(), 1);
    let person = &r.unmatched[0];
    assert_eq!(person.name, crate::fixtures::person_name(24));
    assert!(person.id_number_masked.contains('*'));
    assert!(!r.can_submit);
    let entry = person.entry_id;

    // 其他 without a remark, then without a file: saved, but still missing.
    let res = unit
        .review(&r.batch)
        .set_reason(entry, &json!({ "reason": "other" }))
        .await;
    let r: RatiosOut = assert_json(res, 200).await;
    assert_eq!(r.unmatched[0].reason_label, "其他(如：社保封存等)");
    let problem = r.unmatched[0].problem.clone().unwrap();
    assert!(problem.contains("备注"), "{problem}");
    let body = json!({ "reason": "other", "remark": "社保封存" });
    let r: RatiosOut = assert_json(unit.review(&r.batch).set_reason(entry, &body).await, 200).await;
    assert!(r.unmatched[0].problem.clone().unwrap().contains("附件"));
    assert!(!r.can_submit);
    let res = unit.review(&r.batch).submit().await;
    let err = assert_error(res, 422, ErrorCode::RuleRefused).await;
    assert!(err.message.contains("附件"), "{}", err.message);

    // A remark too long, or a file of another unit, is refused and changes nothing.
    let long = json!({ "reason": "other", "remark": "字".repeat(201) });
    let res = unit.review(&r.batch).set_reason(entry, &long).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let stranger = app.unit("tuixiu300000099").await;
    let foreign = stranger.attachments().upload_pdf("ratio_material").await;
    let body = json!({ "reason": "other", "remark": "社保封存", "attachment_id": foreign });
    let res = unit.review(&r.batch).set_reason(entry, &body).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;

    let file = unit.attachments().upload_pdf("ratio_material").await;
    let body = json!({ "reason": "other", "remark": "社保封存", "attachment_id": file });
    let r: RatiosOut = assert_json(unit.review(&r.batch).set_reason(entry, &body).await, 200).await;
    assert_eq!(r.unmatched[0].problem, None);
    assert_eq!(r.unmatched[0].attachment.as_ref().map(|a| a.id), Some(file));
    assert!(r.can_submit, "{:?}", r.missing);

    // A matched person has no reason to give.
    let matched = unit.roster(&r.batch).list("").await.items;
    let matched = matched.iter().find(|e| e.id != entry).unwrap();
    let res = unit
        .review(&r.batch)
        .set_reason(matched.id, &json!({ "reason": "abroad" }))
        .await;
    assert_error(res, 422, ErrorCode::RuleRefused).await;
}

#[tokio::test]
async fn people_of_the_units_approved_batches_count_as_already_enrolled() {
    let (app, unit) = app_with_codes().await;
    let reviewer = app.reviewer("shenhe2").await;
    // First batch: 2 of B002's 4 retirees (50 %), with materials; approved.
    let first = verified_batch(&app, &unit, 31, &[Person::On("B002"); 2]).await;
    let file = unit.attachments().upload_pdf("ratio_material").await;
    let r: RatiosOut = assert_json(
        unit.review(&first).add_material(Some("B002"), file).await,
        200,
    )
    .await;
    let r: RatiosOut = assert_json(unit.review(&r.batch).submit().await, 200).await;
    // Before the approval the first batch does not count.
    let second = verified_batch(&app, &unit, 41, &[Person::On("B002")]).await;
    let before = unit.review(&second).ratios().await;
    assert_eq!(row(&before, Some("B002")).insured_elsewhere, 0);
    let review_id = r.latest_review.unwrap().id;
    let decided: api_types::ReviewOut =
        assert_json(reviewer.reviews().approve(review_id).await, 200).await;
    assert_eq!(decided.status_label, "审核通过");
    assert_eq!(
        unit.batches().fetch(first.id).await.status,
        "review_approved"
    );

    let after = unit.review(&second).ratios().await;
    let b = row(&after, Some("B002"));
    assert_eq!(
        (b.insured_here, b.insured_elsewhere, b.ss_headcount),
        (1, 2, 4)
    );
    assert_eq!(b.ratio, "75.0%");
    assert_eq!(b.standing, CodeStandingKey::Meets);
    assert!(after.can_submit, "{:?}", after.missing);
}

#[tokio::test]
async fn a_rejection_with_reasons_reaches_the_unit_which_fixes_and_resubmits() {
    let (app, unit) = app_with_codes().await;
    let reviewer = app.reviewer("shenhe3").await;
    let people = [Person::On("A001"), Person::On("A001"), Person::Unknown];
    let b = verified_batch(&app, &unit, 51, &people).await;
    let r = unit.review(&b).ratios().await;
    let file = unit.attachments().upload_pdf("ratio_material").await;
    let r: RatiosOut = assert_json(
        unit.review(&r.batch).add_material(Some("A001"), file).await,
        200,
    )
    .await;
    let entry = r.unmatched[0].entry_id;
    let body = json!({ "reason": "cadre_insurance" });
    let r: RatiosOut = assert_json(unit.review(&r.batch).set_reason(entry, &body).await, 200).await;
    let r: RatiosOut = assert_json(unit.review(&r.batch).submit().await, 200).await;
    let first = r.latest_review.unwrap();

    // Rejections need a reason, for a code of the batch; approvals take none.
    let decide = |body: serde_json::Value| {
        let reviewer = reviewer.clone();
        async move { reviewer.reviews().decide(first.id, &body).await }
    };
    let res = decide(json!({ "decision": "reject" })).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let res = decide(
        json!({ "decision": "reject", "code_reasons": [{ "ss_code": "Z9", "reasons": ["x"] }] }),
    )
    .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let res = decide(json!({ "decision": "approve", "overall_reasons": ["x"] })).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;

    let reasons = reviewer.dictionaries().list("reject-reason").await;
    let missing_form = reasons[0].value.clone();
    assert_eq!(missing_form, "缺少《社会保险业务核定表》");
    let res = decide(json!({
        "decision": "reject",
        "overall_reasons": ["请补充单位说明"],
        "code_reasons": [
            { "ss_code": "A001", "reasons": [missing_form.clone(), " 材料不清晰 "] },
            { "ss_code": null, "reasons": ["《单位参加城镇社会保险基本情况》"] }
        ]
    }))
    .await;
    let rejected: api_types::ReviewOut = assert_json(res, 200).await;
    assert_eq!(rejected.status, ReviewStatusKey::Rejected);
    assert!(rejected.decided_by.is_some());

    // The unit sees 职保会审核不通过 and the reasons per code.
    let b = unit.batches().fetch(b.id).await;
    assert_eq!(b.status_label, "职保会审核不通过");
    assert!(b.can_continue);
    let r = unit.review(&b).ratios().await;
    let a = row(&r, Some("A001"));
    assert_eq!(a.review_status_label, "审核不通过");
    assert_eq!(a.reject_reasons, [missing_form.as_str(), "材料不清晰"]);
    let group = row(&r, None);
    assert_eq!(group.reject_reasons, ["《单位参加城镇社会保险基本情况》"]);
    assert_eq!(
        r.latest_review.as_ref().unwrap().overall_reasons,
        ["请补充单位说明"]
    );

    // Fixes (another material) and resubmits; round 2 is approved.
    let more = unit.attachments().upload_pdf("ratio_material").await;
    let r: RatiosOut = assert_json(
        unit.review(&r.batch).add_material(Some("A001"), more).await,
        200,
    )
    .await;
    assert_eq!(row(&r, Some("A001")).materials.len(), 2);
    let r: RatiosOut = assert_json(unit.review(&r.batch).submit().await, 200).await;
    let second = r.latest_review.unwrap();
    assert_eq!(second.round, 2);
    let approved: api_types::ReviewOut =
        assert_json(reviewer.reviews().approve(second.id).await, 200).await;
    assert_eq!(approved.status_label, "审核通过");
    assert_eq!(
        unit.batches().fetch(b.id).await.status_label,
        "职保会审核通过"
    );

    // The history, the same for both sides.
    let history = unit.review(&b).history().await;
    assert_eq!(history, reviewer.review(&b).history().await);
    let summary: Vec<(i32, ReviewStatusKey)> =
        history.iter().map(|h| (h.round, h.status)).collect();
    assert_eq!(
        summary,
        [
            (1, ReviewStatusKey::Rejected),
            (2, ReviewStatusKey::Approved)
        ]
    );
    assert_eq!(history[0].code_reasons.len(), 2);
    assert_eq!(
        history[0].code_reasons[1].code_label,
        "未匹配到单位社保编码"
    );
    let admin = app.admin("admin9").await;
    let actions = admin
        .audit_logs()
        .actions(&format!("?target_id={}", b.id))
        .await;
    for action in [
        "batch.review_submitted",
        "batch.review_rejected",
        "batch.review_approved",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    assert_eq!(reviewer.reviews().counts().await.pending, 0);
    assert_eq!(reviewer.reviews().queue("?status=decided").await.total, 2);
}

#[tokio::test]
async fn two_reviewers_never_decide_the_same_submission() {
    let (app, unit) = app_with_codes().await;
    let b = verified_batch(&app, &unit, 61, &[Person::On("B002"); 3]).await;
    let r: RatiosOut = assert_json(unit.review(&b).submit().await, 200).await;
    let id = r.latest_review.unwrap().id;
    let one = app.reviewer("shenhe4").await;
    let two = app.reviewer("shenhe5").await;
    let reject = json!({ "decision": "reject", "overall_reasons": ["材料不全"] });
    let (one, two) = (one.reviews(), two.reviews());
    let (a, b2) = tokio::join!(one.approve(id), two.decide(id, &reject));
    let statuses = [a.status().as_u16(), b2.status().as_u16()];
    assert!(
        statuses == [200, 409] || statuses == [409, 200],
        "one decision wins, the other is refused: {statuses:?}"
    );
    let loser = if statuses[0] == 409 { a } else { b2 };
    let err = assert_error(loser, 409, ErrorCode::Conflict).await;
    assert!(err.message.contains("其他审核员"), "{}", err.message);
    let history = unit.review(&b).history().await;
    assert_eq!(history.len(), 1);
    let expected = if statuses[0] == 200 {
        "review_approved"
    } else {
        "review_rejected"
    };
    assert_eq!(unit.batches().fetch(b.id).await.status, expected);
}

#[tokio::test]
async fn edits_after_a_rejection_must_be_verified_again_before_resubmitting() {
    let (app, unit) = app_with_codes().await;
    let b = verified_batch(&app, &unit, 71, &[Person::On("B002"); 3]).await;
    let r: RatiosOut = assert_json(unit.review(&b).submit().await, 200).await;
    let reviewer = app.reviewer("shenhe6").await;
    let reject = json!({ "decision": "reject", "overall_reasons": ["请补充人员"] });
    let id = r.latest_review.unwrap().id;
    assert_eq!(reviewer.reviews().decide(id, &reject).await.status(), 200);
    let b = unit.batches().fetch(b.id).await;
    let pin = json!({ "ss_code": "B002", "retirement_month": "2010-05" });
    app.simulator().pin_person(&resident_id(74), pin).await;
    let person =
        json!({ "name": "补充人员", "doc_type": "resident_id", "id_number": resident_id(74) });
    let added = unit.roster(&b).add(&person).await;
    assert_eq!(added.batch.status, "verification_pending");
    let res = unit.review(&added.batch).submit().await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    let verified = verify(&app, &unit, &added.batch).await;
    let r = unit.review(&verified).ratios().await;
    assert_eq!(row(&r, Some("B002")).insured_here, 4);
    let r: RatiosOut = assert_json(unit.review(&r.batch).submit().await, 200).await;
    assert_eq!(r.latest_review.unwrap().round, 2);
}

#[tokio::test]
async fn each_role_stays_on_its_side() {
    let (app, unit) = app_with_codes().await;
    let b = verified_batch(&app, &unit, 81, &[Person::On("A001"), Person::Unknown]).await;
    let reviewer = app.reviewer("shenhe7").await;
    let stranger = app.unit("tuixiu300000098").await;

    // A unit never reaches the reviewer's endpoints.
    assert_error(
        unit.reviews().try_queue("").await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    let res = unit.get("/api/reviews/counts").await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
    // Another unit does not see the batch at all.
    assert_error(
        stranger.review(&b).try_ratios().await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    let file = stranger.attachments().upload_pdf("ratio_material").await;
    let res = stranger.review(&b).add_material(Some("A001"), file).await;
    assert_error(res, 404, ErrorCode::NotFound).await;

    // A reviewer reads step ⑤ but cannot act as the unit.
    let r = reviewer.review(&b).ratios().await;
    assert_eq!(r.rows.len(), 2);
    let res = reviewer.review(&b).submit().await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
    let entry = r.unmatched[0].entry_id;
    let res = reviewer
        .review(&b)
        .set_reason(entry, &json!({ "reason": "abroad" }))
        .await;
    assert_error(res, 403, ErrorCode::Forbidden).await;

    // The unit cannot decide its own submission.
    let own = unit.attachments().upload_pdf("ratio_material").await;
    let r: RatiosOut =
        assert_json(unit.review(&b).add_material(Some("A001"), own).await, 200).await;
    let body = json!({ "reason": "abroad" });
    let r: RatiosOut = assert_json(unit.review(&r.batch).set_reason(entry, &body).await, 200).await;
    let r: RatiosOut = assert_json(unit.review(&r.batch).submit().await, 200).await;
    let id = r.latest_review.unwrap().id;
    assert_error(unit.reviews().approve(id).await, 403, ErrorCode::Forbidden).await;
    let admin = app.admin("admin8").await;
    assert_error(admin.reviews().approve(id).await, 403, ErrorCode::Forbidden).await;
    // Filters: the queue finds it by unit name and payment method, not by another type.
    let hits = reviewer.reviews().queue("?payment_method=voucher").await;
    assert_eq!(hits.total, 1);
    let none = reviewer
        .reviews()
        .queue("?payment_method=withholding")
        .await;
    assert_eq!(none.total, 0);
    let bad = reviewer
        .reviews()
        .try_queue("?submitted_from=2026-12-02&submitted_to=2026-12-01")
        .await;
    assert_error(bad, 422, ErrorCode::ValidationFailed).await;
    let today = reviewer
        .reviews()
        .queue("?submitted_from=2026-11-30&submitted_to=2026-11-30")
        .await;
    assert_eq!(today.total, 1);
}
