//! 修改单位名称: a name the registry does not know blocks 信息确认无误 until a reviewer
//! approves a change to a registered name.

use api_types::{ErrorCode, NameChangeOut, UnitNameHistoryOut};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use server::entities::unit_name_history;

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{name_change_json, unit_json};

const OLD_NAME: &str = "上海旧名未登记有限公司";
const NEW_NAME: &str = "上海新名称有限公司";

#[tokio::test]
async fn an_unregistered_name_needs_a_name_change_which_a_reviewer_approves() {
    let app = TestApp::with_simulator().await;
    let unit = app.unit("tuixiu100000001").await;
    let unit_id = unit.unit_id();
    let reviewer = app.reviewer("shenhe01").await;
    // Give the unit a name the registry does not know.
    app.update_unit(unit_id, |u| u.name = Set(OLD_NAME.into()))
        .await;
    let units = unit.units();
    let shown = units.own().await;
    assert_eq!(shown.registry_status, "not_found");
    let res = units.update(&shown, &unit_json()).await;
    assert_eq!(res.status().as_u16(), 200);
    let res = units.confirm(unit_id).await;
    assert_error(res, 422, ErrorCode::RuleRefused).await;

    let file = unit.attachments().upload_pdf("name_change").await;
    let mine = unit.name_changes();
    // The new name must be registered, with the registry's code.
    let unregistered = name_change_json("上海仍未登记有限公司", &[file]);
    let res = mine.try_submit(&unregistered).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let mut wrong_code = name_change_json(NEW_NAME, &[file]);
    wrong_code["credit_code"] = simulator::credit_code_for("上海别家有限公司")
        .expect("code")
        .into();
    let res = mine.try_submit(&wrong_code).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;

    let body = name_change_json(NEW_NAME, &[file]);
    let created: NameChangeOut = mine.submit(&body).await;
    assert_eq!(created.old_name, OLD_NAME);
    assert_error(mine.try_submit(&body).await, 409, ErrorCode::Conflict).await;

    let queue = reviewer.name_changes();
    let page = queue.list("?status=pending").await;
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].old_name.as_deref(), Some(OLD_NAME));
    assert_eq!(page.items[0].enrollment_code.as_deref(), Some("100000001"));

    let res = queue.reject(created.id, "缺少工商变更登记表").await;
    assert_eq!(res.status().as_u16(), 200);
    let res = mine.resubmit(created.id, &body).await;
    assert_eq!(res.status().as_u16(), 200);
    let res = queue.approve(created.id).await;
    assert_eq!(res.status().as_u16(), 200);

    let shown = units.own().await;
    assert_eq!(shown.name, NEW_NAME);
    assert_eq!(shown.registry_status, "matched");
    assert_eq!(shown.credit_code, shown.registry_credit_code);
    let res = units.name_history(unit_id).await;
    let history: Vec<UnitNameHistoryOut> = assert_json(res, 200).await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].old_name, OLD_NAME);
    assert_eq!(history[0].new_name, NEW_NAME);
    let rows = unit_name_history::Entity::find()
        .filter(unit_name_history::Column::UnitId.eq(unit_id))
        .all(&app.db)
        .await
        .expect("history");
    assert_eq!(rows.len(), 1);
    let res = units.confirm(unit_id).await;
    assert_eq!(res.status().as_u16(), 200);
}
