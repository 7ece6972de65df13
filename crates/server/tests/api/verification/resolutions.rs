//! The operator's handling of anomalies (确认 / 编辑) and its refusals, and 处理完成，再次提交
//! 系统校验: only the people who changed are asked about again.

use api_types::{ErrorCode, VerificationState};
use serde_json::json;

use super::{app_with, audited, batch_of, jobs_of, plain_simulator, roster_of, stored_people};
use crate::app::verification::{confirm_ss_name, edit_retirement_month};
use crate::assertions::{assert_error, assert_version_conflict, invalid_fields};
use crate::fixtures::{mobile, resident_id};

#[tokio::test]
async fn each_resolution_applies_where_it_may_and_is_refused_elsewhere() {
    let app = app_with(plain_simulator()).await;
    let (unit, batch) = batch_of(&app, "tuixiu300000002", 3).await;
    let sim = app.simulator();
    sim.pin_person(&resident_id(2), json!({ "name": "张三" }))
        .await;
    sim.pin_person(&resident_id(3), json!({ "retirement_month": "0000-00" }))
        .await;
    let roster = roster_of(&unit, &batch, "").await;
    let (passed, mismatch, invalid) = (roster[0].id, roster[1].id, roster[2].id);

    // Before verification there is nothing to resolve.
    let res = unit
        .verification(&batch)
        .try_resolve(mismatch, &confirm_ss_name())
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;

    unit.verification(&batch).start().await;
    app.run_pending_tasks().await;
    let b = unit.batches().fetch(batch.id).await;
    assert_eq!(b.status, "verified");
    let checked = roster_of(&unit, &b, "").await;
    let v = unit.verification(&b);

    let res = v
        .resolve_without_version(mismatch, &confirm_ss_name())
        .await;
    assert_error(res, 428, ErrorCode::PreconditionRequired).await;
    let reviewer = app.reviewer("shenhe30").await;
    let res = reviewer
        .verification(&b)
        .try_resolve(mismatch, &confirm_ss_name())
        .await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
    let stranger = app.unit("tuixiu300000003").await;
    let res = stranger
        .verification(&b)
        .try_resolve(mismatch, &confirm_ss_name())
        .await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    // A resolution that does not fit the outcome.
    for (id, body) in [
        (passed, confirm_ss_name()),
        (passed, edit_retirement_month("2010-01")),
        (mismatch, edit_retirement_month("2010-01")),
        (invalid, confirm_ss_name()),
    ] {
        let res = v.try_resolve(id, &body).await;
        let refused = assert_error(res, 422, ErrorCode::RuleRefused).await;
        assert!(refused.message.contains("不能执行"), "{}", refused.message);
    }
    // 编辑 needs a real month after the birth date (1950-01-01).
    for bad in ["2010-13", "2010-00", "去年十月", "", "1949-12", "1950-01"] {
        let res = v.try_resolve(invalid, &edit_retirement_month(bad)).await;
        let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
        assert_eq!(invalid_fields(&body), ["retirement_month"], "{bad:?}");
    }
    let unchanged = unit.batches().fetch(b.id).await;
    assert_eq!(unchanged.version, b.version, "refusals change nothing");
    assert_eq!(roster_of(&unit, &b, "").await, checked);

    // 确认: the social-security name replaces the imported one.
    let confirmed = v.resolve(mismatch, &confirm_ss_name()).await;
    assert_eq!(confirmed.person.name, "张三");
    assert_eq!(confirmed.person.ss_name.as_deref(), Some("张三"));
    assert_eq!(confirmed.person.outcome.as_deref(), Some("passed"));
    assert!(
        confirmed.person.needs_check,
        "checked again by the next run"
    );
    assert_eq!(confirmed.batch.version, b.version + 1);
    // A second change based on the old version is stale.
    let res = v
        .try_resolve(invalid, &edit_retirement_month("2010-01"))
        .await;
    assert_version_conflict(res).await;

    // 编辑: the month entered makes 已经修改退休年月.
    let edited = unit
        .verification(&confirmed.batch)
        .resolve(invalid, &edit_retirement_month("2010-01"))
        .await;
    assert_eq!(
        edited.person.outcome.as_deref(),
        Some("retirement_month_edited")
    );
    assert_eq!(
        edited.person.outcome_label.as_deref(),
        Some("已经修改退休年月")
    );
    assert_eq!(
        edited.person.edited_retirement_month.as_deref(),
        Some("2010-01")
    );
    assert!(edited.person.needs_check);
    assert_eq!(edited.batch.status, "verified");

    let p = unit.verification(&edited.batch).progress().await;
    assert_eq!((p.blocking, p.unchecked, p.name_mismatch), (0, 2, 0));
    assert_eq!(audited(&app, "roster.anomaly_resolved", mismatch).await, 1);
    assert_eq!(audited(&app, "roster.anomaly_resolved", invalid).await, 1);
    assert_eq!(audited(&app, "roster.anomaly_resolved", passed).await, 0);
}

#[tokio::test]
async fn reverification_asks_only_about_the_people_who_changed() {
    let app = app_with(plain_simulator()).await;
    let (unit, batch) = batch_of(&app, "tuixiu300000004", 5).await;
    let sim = app.simulator();
    sim.pin_person(&resident_id(2), json!({ "name": "张三" }))
        .await;
    sim.pin_person(&resident_id(3), json!({ "retirement_month": "0000-00" }))
        .await;
    sim.pin_person(&resident_id(5), json!({ "status": "deceased" }))
        .await;
    unit.verification(&batch).start().await;
    app.run_pending_tasks().await;
    let verified = unit.batches().fetch(batch.id).await;
    assert_eq!(verified.status, "verified");
    let roster = roster_of(&unit, &verified, "").await;

    // Two resolved, one added.
    let confirmed = unit
        .verification(&verified)
        .resolve(roster[1].id, &confirm_ss_name())
        .await;
    let edited = unit
        .verification(&confirmed.batch)
        .resolve(roster[2].id, &edit_retirement_month("2010-01"))
        .await;
    let person = json!({
        "name": "人员六", "doc_type": "resident_id", "id_number": resident_id(6), "mobile": mobile(6)
    });
    let added = unit.roster(&edited.batch).add(&person).await;
    assert_eq!(added.batch.status, "verification_pending");

    sim.reset_stats().await;
    let again = unit.verification(&added.batch).start().await;
    assert_eq!(again.status, "verifying");
    let queued = unit.verification(&again).progress().await;
    assert_eq!((queued.state, queued.total), (VerificationState::Queued, 3));
    app.run_pending_tasks().await;

    let persons = sim.persons_stats().await;
    let pension = sim.pension_stats().await;
    assert_eq!(
        persons.items, 3,
        "social security asked about exactly the 3 changed people"
    );
    assert_eq!(
        pension.items, 3,
        "pension asked about exactly the 3 changed people"
    );
    let p = unit.verification(&again).progress().await;
    assert_eq!(p.state, VerificationState::Done);
    assert_eq!((p.total, p.done, p.unchecked, p.blocking), (3, 3, 0, 1));
    assert_eq!(unit.batches().fetch(batch.id).await.status, "verified");

    let outcomes: Vec<(String, Option<String>)> = roster_of(&unit, &again, "")
        .await
        .into_iter()
        .map(|e| (e.name, e.outcome))
        .collect();
    let expected = [
        ("人员一", "passed"),
        ("张三", "passed"),
        ("人员三", "retirement_month_edited"),
        ("人员四", "passed"),
        ("人员五", "deceased"),
        ("人员六", "passed"),
    ];
    let expected: Vec<(String, Option<String>)> = expected
        .iter()
        .map(|(n, o)| ((*n).to_owned(), Some((*o).to_owned())))
        .collect();
    assert_eq!(outcomes, expected, "the confirmed name now passes");

    let jobs = jobs_of(&app, batch.id).await;
    assert_eq!(jobs.len(), 2);
    let people = stored_people(&app, batch.id).await;
    for (seq, run) in [(1, 0), (2, 1), (3, 1), (4, 0), (5, 0), (6, 1)] {
        let e = &people[&resident_id(seq)];
        assert_eq!(
            e.checked_in_job,
            Some(jobs[run].id),
            "person {seq} checked in run {run}"
        );
    }
}
