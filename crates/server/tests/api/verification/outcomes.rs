//! Every 校验结果 from pinned answers: what `GET …/verification` counts, and what the roster
//! shows and filters for each person.

use api_types::VerificationState;
use serde_json::json;

use super::{app_with, batch_of, plain_simulator, roster_of};
use crate::fixtures::{person_name, resident_id};

/// Person `seq`'s pinned answers, and what verification must make of them:
/// (outcome, 社保姓名, 代扣类型).
struct Case {
    seq: u32,
    person: Option<serde_json::Value>,
    withholdable: Option<bool>,
    outcome: &'static str,
    ss_name: Option<&'static str>,
    deduction: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    let case = |seq, person, outcome, ss_name, deduction| Case {
        seq,
        person,
        withholdable: None,
        outcome,
        ss_name,
        deduction,
    };
    vec![
        case(1, None, "passed", Some("人员一"), Some("withholdable")),
        Case {
            withholdable: Some(false),
            ..case(2, None, "passed", Some("人员二"), Some("not_withholdable"))
        },
        case(
            3,
            Some(json!({ "name": "张三" })),
            "name_mismatch",
            Some("张三"),
            Some("withholdable"),
        ),
        case(
            4,
            Some(json!({ "retirement_month": "" })),
            "retirement_month_invalid",
            Some("人员四"),
            Some("withholdable"),
        ),
        case(
            5,
            Some(json!({ "retirement_month": "2005-13" })),
            "retirement_month_invalid",
            Some("人员五"),
            Some("withholdable"),
        ),
        case(
            6,
            Some(json!({ "retirement_month": "1949-06" })),
            "retirement_month_invalid",
            Some("人员六"),
            Some("withholdable"),
        ),
        case(
            7,
            Some(json!({ "status": "deceased" })),
            "deceased",
            Some("人员七"),
            None,
        ),
        case(
            8,
            Some(json!({ "found": false })),
            "no_social_security",
            None,
            Some("not_withholdable"),
        ),
        case(
            9,
            Some(json!({ "status": "unknown", "retirement_month": "" })),
            "no_social_security",
            Some("人员九"),
            Some("not_withholdable"),
        ),
        case(
            10,
            Some(json!({ "status": "active", "retirement_month": "" })),
            "not_retired",
            Some("人员一零"),
            None,
        ),
    ]
}

#[tokio::test]
async fn every_outcome_is_counted_summarised_listed_and_filtered() {
    let app = app_with(plain_simulator()).await;
    let cases = cases();
    let (unit, batch) = batch_of(&app, "tuixiu300000001", cases.len() as u32).await;
    let sim = app.simulator();
    for c in &cases {
        if let Some(pin) = &c.person {
            sim.pin_person(&resident_id(c.seq), pin.clone()).await;
        }
        if let Some(w) = c.withholdable {
            sim.pin_withholdable(&resident_id(c.seq), w).await;
        }
    }
    let before = unit.verification(&batch).progress().await;
    assert_eq!(before.state, VerificationState::NotStarted);

    let verifying = unit.verification(&batch).start().await;
    assert_eq!(verifying.status, "verifying");
    let queued = unit.verification(&batch).progress().await;
    assert_eq!(
        (queued.state, queued.total, queued.done),
        (VerificationState::Queued, 10, 0)
    );
    assert!(app.run_pending_tasks().await >= 2, "a check and the finish");

    let after = unit.batches().fetch(batch.id).await;
    assert_eq!(after.status, "verified");
    assert_eq!(after.status_label, "名单校验完成");
    let p = unit.verification(&batch).progress().await;
    assert_eq!(p.state, VerificationState::Done);
    assert_eq!(p.message, "名单校验完成");
    assert_eq!((p.total, p.done, p.unchecked), (10, 10, 0));
    assert!(p.finished_at.is_some() && p.paused_until.is_none());
    assert_eq!(
        (p.withholdable, p.not_withholdable, p.name_mismatch),
        (5, 3, 1)
    );
    assert_eq!(
        p.summary,
        "数据校验结果：可代扣 5人，不可代扣 3人，社保姓名与导入姓名不一致 1人"
    );
    assert_eq!(p.blocking, 6, "name, three months, deceased, not retired");
    let count = |key: &str| {
        let c = p.outcomes.iter().find(|o| o.outcome == key).expect(key);
        (c.count, c.blocking)
    };
    assert_eq!(count("passed"), (2, false));
    assert_eq!(count("name_mismatch"), (1, true));
    assert_eq!(count("retirement_month_invalid"), (3, true));
    assert_eq!(count("retirement_month_edited"), (0, false));
    assert_eq!(count("deceased"), (1, true));
    assert_eq!(count("no_social_security"), (2, false));
    assert_eq!(count("not_retired"), (1, true));

    let roster = roster_of(&unit, &batch, "").await;
    assert_eq!(roster.len(), cases.len());
    for (c, e) in cases.iter().zip(&roster) {
        assert_eq!(e.name, person_name(c.seq));
        let seen = (
            e.outcome.as_deref(),
            e.ss_name.as_deref(),
            e.deduction_type.as_deref(),
        );
        assert_eq!(
            seen,
            (Some(c.outcome), c.ss_name, c.deduction),
            "{}",
            e.name
        );
        assert_eq!(e.status, "verified");
        assert!(!e.needs_check && e.checked_at.is_some());
        assert!(e.outcome_label.is_some());
    }
    let labels = |seq: usize| {
        let e = &roster[seq - 1];
        (
            e.outcome_label.clone().unwrap(),
            e.deduction_type_label.clone(),
        )
    };
    assert_eq!(labels(1), ("校验通过".into(), Some("可代扣".into())));
    assert_eq!(labels(2), ("校验通过".into(), Some("不可代扣".into())));
    assert_eq!(labels(3).0, "参保姓名和社保姓名不一致");
    assert_eq!(labels(4).0, "退休年月为空或值无效");
    assert_eq!(labels(7), ("死亡".into(), None));
    assert_eq!(labels(8).0, "未匹配到社保信息");
    assert_eq!(labels(10), ("非退休人员".into(), None));
    assert_eq!(roster[2].resolutions, ["confirm_ss_name", "delete"]);
    assert_eq!(roster[3].resolutions, ["edit_retirement_month", "delete"]);
    assert_eq!(roster[0].resolutions, ["delete"]);

    let names = |rows: Vec<api_types::RosterEntryOut>| -> Vec<String> {
        rows.into_iter().map(|e| e.name).collect()
    };
    let no_ss = roster_of(&unit, &batch, "?outcome=no_social_security").await;
    assert_eq!(names(no_ss), ["人员八", "人员九"]);
    let not_withholdable = roster_of(&unit, &batch, "?deduction_type=not_withholdable").await;
    assert_eq!(names(not_withholdable), ["人员二", "人员八", "人员九"]);
    let both = "?outcome=retirement_month_invalid&deduction_type=withholdable";
    assert_eq!(
        names(roster_of(&unit, &batch, both).await),
        ["人员四", "人员五", "人员六"]
    );
    let passed = roster_of(&unit, &batch, "?outcome=passed&deduction_type=withholdable").await;
    assert_eq!(names(passed), ["人员一"]);
}
