//! 沿用上年度名单: last plan year's insured people come over, marked; the deceased and
//! those already enrolled elsewhere this year do not; a batch that has people, or a unit
//! without last year's completed batch, is refused and nothing changes.

use api_types::{ErrorCode, RenewalOut};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::entities::{batch, roster_entry};

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{resident_id, valid_rows, workbook};

const UNIT: &str = "tuixiu200000051";

#[tokio::test]
async fn last_years_people_come_over_without_the_deceased_and_those_enrolled_elsewhere() {
    let app = TestApp::spawn().await;
    // Last plan year: five people insured (投保成功), one of them found deceased since.
    app.travel("2025-12-01T10:00:00").await;
    let unit = app.unit(UNIT).await;
    let last = unit.batches().create_voucher_batch().await;
    assert_eq!(last.plan_year, 2025);
    unit.roster(&last).import(workbook(&valid_rows(1, 5))).await;
    batch::Entity::update_many()
        .col_expr(batch::Column::Status, Expr::value("completed"))
        .filter(batch::Column::Id.eq(last.id))
        .exec(&app.db)
        .await
        .expect("completed");
    let deceased = roster_entry::Entity::find()
        .filter(roster_entry::Column::BatchId.eq(last.id))
        .all(&app.db)
        .await
        .expect("people")
        .into_iter()
        .find(|e| e.id_number.as_str() == resident_id(2))
        .expect("person 2");
    roster_entry::Entity::update_many()
        .col_expr(roster_entry::Column::SsStatus, Expr::value("deceased"))
        .col_expr(roster_entry::Column::Outcome, Expr::value("deceased"))
        .filter(roster_entry::Column::Id.eq(deceased.id))
        .exec(&app.db)
        .await
        .expect("deceased");

    // This plan year: person 4 moved to another unit, which enrolled them already.
    app.travel("2026-12-01T10:00:00").await;
    let other = app.unit("tuixiu200000052").await;
    let theirs = other.batches().create_voucher_batch().await;
    other
        .roster(&theirs)
        .import(workbook(&valid_rows(4, 1)))
        .await;

    // A year later the old session has long expired.
    let unit = crate::withholding::log_in_again(&app, UNIT).await;
    let b = unit.batches().create_voucher_batch().await;
    assert_eq!(b.plan_year, 2026);
    let out: RenewalOut = assert_json(unit.roster(&b).try_renew().await, 200).await;
    assert_eq!(
        (out.renewed, out.deceased, out.enrolled_elsewhere),
        (3, 1, 1)
    );
    assert!(out.refused.is_empty());
    assert_eq!(
        out.message,
        "已沿用上年度名单3人；未沿用：已故1人，已在本年度其它批次参保1人。请逐一核对后再提交系统校验。"
    );
    assert_eq!(out.batch.status, "verification_pending");
    assert_eq!(out.batch.roster_size, 3);

    let page = unit.roster(&out.batch).list("").await;
    assert_eq!(page.total, 3);
    assert!(page
        .items
        .iter()
        .all(|p| p.renewed && p.status == "pending"));
    let masked: Vec<String> = page
        .items
        .iter()
        .map(|p| p.id_number_masked.clone())
        .collect();
    for seq in [1, 3, 5] {
        let id = resident_id(seq);
        assert!(
            masked.iter().any(|m| m.ends_with(&id[14..])),
            "{seq}: {masked:?}"
        );
    }

    // The list now has people: a second renewal is refused and changes nothing.
    let res = unit.roster(&out.batch).try_renew().await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    assert_eq!(unit.roster(&out.batch).list("").await.total, 3);
    // An ordinary import replaces the list and its people are not marked.
    let imported = unit
        .roster(&out.batch)
        .import(workbook(&valid_rows(1, 2)))
        .await;
    let page = unit.roster(&imported.batch).list("").await;
    assert!(page.items.iter().all(|p| !p.renewed));
}

#[tokio::test]
async fn a_unit_without_last_years_insured_roster_is_told_so() {
    let app = TestApp::spawn().await;
    app.travel("2026-12-01T10:00:00").await;
    let unit = app.unit(UNIT).await;
    let b = unit.batches().create_voucher_batch().await;
    let res = unit.roster(&b).try_renew().await;
    let body = assert_error(res, 422, ErrorCode::RuleRefused).await;
    assert!(
        body.message
            .contains("2025保障年度本单位没有投保成功的名单"),
        "{}",
        body.message
    );
    let after = unit.batches().fetch(b.id).await;
    assert_eq!(
        (after.status.as_str(), after.version),
        ("roster_pending", b.version)
    );
}

/// The demo seed has last plan year's insured batch: a newcomer's new batch can renew it
/// (five people; the deceased one stays behind).
#[tokio::test]
async fn the_demo_units_new_batch_renews_last_years_roster() {
    use sea_orm::{ActiveModelTrait, Set};
    use server::actor::{Actor, UserActor};
    use server::app::seed::{seed_demo, DEMO_ACCOUNTS};
    use server::entities::account;

    let app = TestApp::spawn().await;
    let now = app.state().clock.now();
    assert!(seed_demo(&app.db, now, true).await.expect("seed"));
    let operator = account::Entity::find()
        .filter(account::Column::Account.eq(DEMO_ACCOUNTS[0].account))
        .one(&app.db)
        .await
        .expect("read")
        .expect("demo operator");
    // Past the forced password change, as a newcomer would be.
    let mut changed: account::ActiveModel = operator.clone().into();
    changed.must_change_password = Set(false);
    changed.update(&app.db).await.expect("update");
    let batches = batch::Entity::find().all(&app.db).await.expect("batches");
    let last = batches
        .iter()
        .find(|b| b.status == "completed")
        .expect("last year's insured batch");
    assert_eq!(last.roster_size, 6);
    let current = batches
        .iter()
        .find(|b| b.status != "completed")
        .expect("demo batch");
    assert_eq!(last.plan_year + 1, current.plan_year);

    let actor = Actor::User(UserActor {
        account_id: operator.id,
        account: operator.account.clone(),
        role: api_types::Role::Unit,
        unit_id: operator.unit_id,
    });
    let kind = if current.kind == "instant" {
        domain::BatchKind::Instant
    } else {
        domain::BatchKind::Centralized
    };
    let b = server::batches::create::create(&app.db, &actor, kind, now)
        .await
        .expect("a new batch");
    let voucher = api_types::PaymentMethodIn {
        method: api_types::PaymentMethodKey::Voucher,
        withholding_amount_fen: None,
        withholding_letter_id: None,
    };
    let b = server::batches::payment_method::choose(
        &app.db,
        &actor,
        b.id,
        Some(b.version),
        &voucher,
        now,
    )
    .await
    .expect("voucher");
    let r = server::roster::renewal::renew(&app.db, &actor, b.id, Some(b.version), 200, now)
        .await
        .expect("renewal");
    assert_eq!(r.counts, (5, 1, 0));
    assert_eq!(r.batch.roster_size, 5);
}
