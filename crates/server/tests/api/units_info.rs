//! 单位信息维护 (show, 修改并保存, 信息确认无误), 经办人信息, and 修改单位名称 with review.

use api_types::{
    ApplicationListItem, ErrorCode, NameChangeOut, OperatorOut, Page, UnitNameHistoryOut, UnitOut,
};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::entities::unit_name_history;

use crate::helpers::assert_error;
use crate::support::{name_change_json, spawn_with_registry};

fn unit_json() -> serde_json::Value {
    serde_json::json!({
        "address": "上海市黄浦区中山东一路1号",
        "postcode": "200002",
        "district_union": "黄浦区总工会",
        "economic_type": "国有企业",
    })
}

#[tokio::test]
async fn the_operator_edits_own_info() {
    let app = spawn_with_registry().await;
    let unit = app.session("tuixiu100000001", "unit").await;
    let res = app
        .send_as(
            Method::PUT,
            &unit.token,
            "/api/operator",
            serde_json::json!({"name": "王五", "mobile": "1331234", "email": "x"}),
        )
        .await;
    let err = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(
        err.details.expect("details")["fields"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let res = app
        .send_as(
            Method::PUT,
            &unit.token,
            "/api/operator",
            serde_json::json!({"name": "王五", "mobile": "13312346961", "email": "wangwu@example.com"}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let out: OperatorOut = app
        .get_as(&unit.token, "/api/operator")
        .await
        .json()
        .await
        .expect("body");
    assert_eq!(out.name, "王五");
    assert_eq!(out.mobile.as_deref(), Some("13312346961"));
    assert_eq!(out.email.as_deref(), Some("wangwu@example.com"));
    let reviewer = app.session("shenhe01", "reviewer").await;
    assert_error(
        app.get_as(&reviewer.token, "/api/operator").await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
}

#[tokio::test]
async fn unit_info_is_shown_saved_with_a_version_and_confirmed() {
    let app = spawn_with_registry().await;
    let unit = app.session("tuixiu100000001", "unit").await;
    let path = format!("/api/units/{}", unit.unit_id.expect("unit"));
    let shown: UnitOut = app
        .get_as(&unit.token, &path)
        .await
        .json()
        .await
        .expect("body");
    assert_eq!(shown.registry_status, "matched");
    assert_eq!(
        shown.registry_credit_code,
        simulator::credit_code_for(&shown.name)
    );

    // Confirming before the fields are filled is refused.
    let confirm = format!("{path}/confirmation");
    let res = app
        .send_as(Method::POST, &unit.token, &confirm, serde_json::json!({}))
        .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;

    let mut bad = unit_json();
    bad["postcode"] = "2000".into();
    bad["district_union"] = "火星工会".into();
    let res = app.put_unit(&unit.token, &path, shown.version, bad).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;

    let res = app
        .put_unit(&unit.token, &path, shown.version, unit_json())
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let saved: UnitOut = res.json().await.expect("body");
    assert_eq!(saved.version, shown.version + 1);
    assert_eq!(saved.postcode.as_deref(), Some("200002"));
    // A save based on the old version is a conflict, not a silent overwrite.
    let res = app
        .put_unit(&unit.token, &path, shown.version, unit_json())
        .await;
    assert_error(res, 409, ErrorCode::VersionConflict).await;

    let res = app
        .send_as(Method::POST, &unit.token, &confirm, serde_json::json!({}))
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let confirmed: UnitOut = res.json().await.expect("body");
    assert_eq!(confirmed.credit_code, confirmed.registry_credit_code);
}

#[tokio::test]
async fn an_unregistered_name_needs_a_name_change_which_a_reviewer_approves() {
    let app = spawn_with_registry().await;
    let unit = app.session("tuixiu100000001", "unit").await;
    let unit_id = unit.unit_id.expect("unit");
    let reviewer = app.session("shenhe01", "reviewer").await;
    // Give the unit a name the registry does not know.
    {
        use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
        let row = server::entities::unit::Entity::find_by_id(unit_id)
            .one(&app.db)
            .await
            .expect("query")
            .expect("unit");
        let mut active = row.into_active_model();
        active.name = Set("上海旧名未登记有限公司".into());
        active.update(&app.db).await.expect("rename");
    }
    let path = format!("/api/units/{unit_id}");
    let shown: UnitOut = app
        .get_as(&unit.token, &path)
        .await
        .json()
        .await
        .expect("body");
    assert_eq!(shown.registry_status, "not_found");
    let res = app
        .put_unit(&unit.token, &path, shown.version, unit_json())
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let res = app
        .send_as(
            Method::POST,
            &unit.token,
            &format!("{path}/confirmation"),
            serde_json::json!({}),
        )
        .await;
    assert_error(res, 422, ErrorCode::RuleRefused).await;

    let file = app.upload_pdf(&unit.token, "name_change").await;
    // The new name must be registered, with the registry's code.
    let res = app
        .send_as(
            Method::POST,
            &unit.token,
            "/api/name-changes",
            name_change_json("上海仍未登记有限公司", &[file]),
        )
        .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let mut wrong_code = name_change_json("上海新名称有限公司", &[file]);
    wrong_code["credit_code"] = simulator::credit_code_for("上海别家有限公司")
        .expect("code")
        .into();
    let res = app
        .send_as(Method::POST, &unit.token, "/api/name-changes", wrong_code)
        .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;

    let body = name_change_json("上海新名称有限公司", &[file]);
    let res = app
        .send_as(Method::POST, &unit.token, "/api/name-changes", body.clone())
        .await;
    assert_eq!(res.status().as_u16(), 201);
    let created: NameChangeOut = res.json().await.expect("body");
    assert_eq!(created.old_name, "上海旧名未登记有限公司");
    let res = app
        .send_as(Method::POST, &unit.token, "/api/name-changes", body.clone())
        .await;
    assert_error(res, 409, ErrorCode::Conflict).await;

    let page: Page<ApplicationListItem> = app
        .get_as(&reviewer.token, "/api/name-changes?status=pending")
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(page.total, 1);
    assert_eq!(
        page.items[0].old_name.as_deref(),
        Some("上海旧名未登记有限公司")
    );
    assert_eq!(page.items[0].enrollment_code.as_deref(), Some("100000001"));

    let review = format!("/api/name-changes/{}/review", created.id);
    let res = app
        .send_as(
            Method::POST,
            &reviewer.token,
            &review,
            serde_json::json!({"approved": false, "reason": "缺少工商变更登记表"}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let res = app
        .send_as(
            Method::PUT,
            &unit.token,
            &format!("/api/name-changes/{}", created.id),
            body,
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let res = app
        .send_as(
            Method::POST,
            &reviewer.token,
            &review,
            serde_json::json!({"approved": true}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);

    let shown: UnitOut = app
        .get_as(&unit.token, &path)
        .await
        .json()
        .await
        .expect("body");
    assert_eq!(shown.name, "上海新名称有限公司");
    assert_eq!(shown.registry_status, "matched");
    assert_eq!(shown.credit_code, shown.registry_credit_code);
    let history: Vec<UnitNameHistoryOut> = app
        .get_as(&unit.token, &format!("{path}/name-history"))
        .await
        .json()
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].old_name, "上海旧名未登记有限公司");
    assert_eq!(history[0].new_name, "上海新名称有限公司");
    let rows = unit_name_history::Entity::find()
        .filter(unit_name_history::Column::UnitId.eq(unit_id))
        .all(&app.db)
        .await
        .expect("history");
    assert_eq!(rows.len(), 1);
    let res = app
        .send_as(
            Method::POST,
            &unit.token,
            &format!("{path}/confirmation"),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 200);
}

#[tokio::test]
async fn another_units_info_and_name_changes_are_not_found() {
    let app = spawn_with_registry().await;
    let unit = app.session("tuixiu100000001", "unit").await;
    let other = app.session("tuixiu100000002", "unit").await;
    let path = format!("/api/units/{}", unit.unit_id.expect("unit"));
    assert_error(
        app.get_as(&other.token, &path).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    let res = app
        .get_as(&other.token, &format!("{path}/name-history"))
        .await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    let res = app.put_unit(&other.token, &path, 1, unit_json()).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    let res = app
        .send_as(
            Method::POST,
            &other.token,
            &format!("{path}/confirmation"),
            serde_json::json!({}),
        )
        .await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    let file = app.upload_pdf(&unit.token, "name_change").await;
    let res = app
        .send_as(
            Method::POST,
            &unit.token,
            "/api/name-changes",
            name_change_json("上海第三名称有限公司", &[file]),
        )
        .await;
    let created: NameChangeOut = res.json().await.expect("body");
    let res = app
        .get_as(&other.token, &format!("/api/name-changes/{}", created.id))
        .await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    let page: Page<ApplicationListItem> = app
        .get_as(&other.token, "/api/name-changes")
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(page.total, 0);
}
