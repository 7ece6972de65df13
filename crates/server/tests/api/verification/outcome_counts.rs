//! The ④ 校验结果 list's total under an outcome filter comes from counts the database keeps
//! (`roster_counts`, by triggers): it must stay what a walk of the roster finds through the
//! verification's writes, a resolution, a deletion and a new import.

use std::collections::BTreeMap;

use api_types::BatchOut;
use serde_json::json;

use super::{app_with, batch_of, plain_simulator, roster_of};
use crate::app::verification::confirm_ss_name;
use crate::app::Client;
use crate::assertions::assert_json;
use crate::fixtures::{resident_id, valid_rows, workbook};

const OUTCOMES: [&str; 3] = ["passed", "name_mismatch", "retirement_month_invalid"];

/// Each outcome's listed total equals the people a walk of the whole roster finds with it;
/// answers those counts.
async fn checked_counts(unit: &Client, batch: &BatchOut) -> BTreeMap<&'static str, u64> {
    let all = roster_of(unit, batch, "").await;
    let mut counts = BTreeMap::new();
    for outcome in OUTCOMES {
        let walked = all
            .iter()
            .filter(|e| e.outcome.as_deref() == Some(outcome))
            .count() as u64;
        let listed = unit
            .roster(batch)
            .list(&format!("?outcome={outcome}&page_size=1"))
            .await;
        assert_eq!(listed.total, walked, "{outcome}");
        counts.insert(outcome, walked);
    }
    counts
}

#[tokio::test]
async fn outcome_totals_follow_verification_resolution_deletion_and_import() {
    let app = app_with(plain_simulator()).await;
    let (unit, batch) = batch_of(&app, "tuixiu300000091", 6).await;
    let sim = app.simulator();
    sim.pin_person(&resident_id(2), json!({ "name": "张三" }))
        .await;
    sim.pin_person(&resident_id(3), json!({ "retirement_month": "0000-00" }))
        .await;
    assert_eq!(checked_counts(&unit, &batch).await["passed"], 0);

    unit.verification(&batch).start().await;
    app.run_pending_tasks().await;
    let b = unit.batches().fetch(batch.id).await;
    assert_eq!(b.status, "verified");
    let counts = checked_counts(&unit, &b).await;
    assert_eq!(
        (
            counts["passed"],
            counts["name_mismatch"],
            counts["retirement_month_invalid"]
        ),
        (4, 1, 1)
    );

    let mismatch = roster_of(&unit, &b, "?outcome=name_mismatch").await[0].id;
    let resolved = unit
        .verification(&b)
        .resolve(mismatch, &confirm_ss_name())
        .await;
    let counts = checked_counts(&unit, &resolved.batch).await;
    assert_eq!((counts["passed"], counts["name_mismatch"]), (5, 0));

    let passed = roster_of(&unit, &resolved.batch, "?outcome=passed").await;
    let res = unit
        .roster(&resolved.batch)
        .delete_people(&[passed[0].id, passed[1].id])
        .await;
    let after: BatchOut = assert_json(res, 200).await;
    assert_eq!(checked_counts(&unit, &after).await["passed"], 3);

    let reimported = unit
        .roster(&after)
        .import(workbook(&valid_rows(20, 4)))
        .await;
    let counts = checked_counts(&unit, &reimported.batch).await;
    assert!(counts.values().all(|n| *n == 0), "{counts:?}");
}
