//! 单位信息维护 (show, 修改并保存 with a version, 信息确认无误) and 经办人信息.

use api_types::{ErrorCode, OperatorOut, UnitOut};
use reqwest::Method;
use serde_json::json;

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{name_change_json, unit_json};

#[tokio::test]
async fn the_operator_edits_own_info() {
    let app = TestApp::with_simulator().await;
    let unit = app.unit("tuixiu100000001").await;
    let bad = json!({"name": "王五", "mobile": "1331234", "email": "x"});
    let res = unit.operator().update(&bad).await;
    let err = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(
        err.details.expect("details")["fields"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let good = json!({"name": "王五", "mobile": "13312346961", "email": "wangwu@example.com"});
    let res = unit.operator().update(&good).await;
    assert_eq!(res.status().as_u16(), 200);
    let out: OperatorOut = unit.operator().get().await.json().await.unwrap();
    assert_eq!(out.name, "王五");
    assert_eq!(out.mobile.as_deref(), Some("13312346961"));
    assert_eq!(out.email.as_deref(), Some("wangwu@example.com"));
    let reviewer = app.reviewer("shenhe01").await;
    let res = reviewer.operator().get().await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
}

#[tokio::test]
async fn unit_info_is_shown_saved_with_a_version_and_confirmed() {
    let app = TestApp::with_simulator().await;
    let unit = app.unit("tuixiu100000001").await;
    let units = unit.units();
    let shown = units.own().await;
    assert_eq!(shown.registry_status, "matched");
    assert_eq!(
        shown.registry_credit_code,
        simulator::credit_code_for(&shown.name)
    );

    // Confirming before the fields are filled is refused.
    let res = units.confirm(shown.id).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;

    let mut bad = unit_json();
    bad["postcode"] = "2000".into();
    bad["district_union"] = "火星工会".into();
    let res = units.update(&shown, &bad).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;

    let saved: UnitOut = assert_json(units.update(&shown, &unit_json()).await, 200).await;
    assert_eq!(saved.version, shown.version + 1);
    assert_eq!(saved.postcode.as_deref(), Some("200002"));
    // A save based on the old version is a conflict, not a silent overwrite.
    let res = units.update(&shown, &unit_json()).await;
    assert_error(res, 409, ErrorCode::VersionConflict).await;

    let confirmed: UnitOut = assert_json(units.confirm(shown.id).await, 200).await;
    assert_eq!(confirmed.credit_code, confirmed.registry_credit_code);
}

#[tokio::test]
async fn a_unit_put_without_if_match_is_refused_and_changes_nothing() {
    let app = TestApp::with_simulator().await;
    let unit = app.unit("tuixiu100000001").await;
    let shown = unit.units().own().await;
    let path = format!("/api/units/{}", shown.id);
    let res = unit.send(Method::PUT, &path, &unit_json()).await;
    assert_error(res, 428, ErrorCode::PreconditionRequired).await;
    let after = unit.units().own().await;
    assert_eq!(after.version, shown.version);
    assert_eq!(after.address, None);
}

#[tokio::test]
async fn another_units_info_and_name_changes_are_not_found() {
    let app = TestApp::with_simulator().await;
    let unit = app.unit("tuixiu100000001").await;
    let other = app.unit("tuixiu100000002").await;
    let id = unit.unit_id();
    let theirs = other.units();
    assert_error(theirs.get(id).await, 404, ErrorCode::NotFound).await;
    let res = theirs.name_history(id).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    // Even with the owner's current version.
    let shown = unit.units().own().await;
    let res = theirs.update(&shown, &unit_json()).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    assert_error(theirs.confirm(id).await, 404, ErrorCode::NotFound).await;
    let file = unit.attachments().upload_pdf("name_change").await;
    let body = name_change_json("上海第三名称有限公司", &[file]);
    let created = unit.name_changes().submit(&body).await;
    let res = other.name_changes().get(created.id).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    assert_eq!(other.name_changes().list("").await.total, 0);
}
