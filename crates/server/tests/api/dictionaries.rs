//! The dictionaries (所属区局, 经济类型): admins edit them, forms follow.

use api_types::{DictionaryEntryOut, ErrorCode};

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::unit_json;

const ECONOMIC_TYPE: &str = "economic-type";

#[tokio::test]
async fn admins_edit_the_dictionaries_and_forms_follow() {
    // The registry answers, so that the unit form shows quickly.
    let app = TestApp::with_simulator().await;
    let admin = app.admin("admin").await;
    let unit = app.unit("tuixiu200000001").await;
    let list = unit.dictionaries().list(ECONOMIC_TYPE).await;
    assert!(list.iter().any(|e| e.value == "国有企业"));
    let res = unit.dictionaries().try_list("colours", "").await;
    assert_error(res, 400, ErrorCode::BadRequest).await;
    let entry = serde_json::json!({"value": "农民专业合作社", "sort_order": 5});
    let res = unit.dictionaries().create(ECONOMIC_TYPE, &entry).await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
    let res = admin.dictionaries().create(ECONOMIC_TYPE, &entry).await;
    let created: DictionaryEntryOut = assert_json(res, 201).await;
    let res = admin.dictionaries().create(ECONOMIC_TYPE, &entry).await;
    assert_error(res, 409, ErrorCode::Conflict).await;
    let blank = serde_json::json!({"value": " ", "sort_order": 1});
    let res = admin.dictionaries().create(ECONOMIC_TYPE, &blank).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let list = unit.dictionaries().list(ECONOMIC_TYPE).await;
    assert_eq!(list[0].value, "农民专业合作社", "sorted by sort_order");

    // Disable 国有企业: forms refuse it, admins still see it.
    let state_owned = list.iter().find(|e| e.value == "国有企业").expect("entry");
    let disabled = serde_json::json!({"value": "国有企业", "sort_order": 10, "disabled": true});
    let res = admin
        .dictionaries()
        .update(ECONOMIC_TYPE, state_owned.id, &disabled)
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let shown = unit.units().own().await;
    let res = unit.units().update(&shown, &unit_json()).await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let all = admin.dictionaries().list_with_disabled(ECONOMIC_TYPE).await;
    assert!(all.iter().any(|e| e.value == "国有企业" && e.disabled));
    // An id of the other dictionary is not found under this one.
    let other = serde_json::json!({"value": "x", "sort_order": 1});
    let res = admin
        .dictionaries()
        .update("district-union", created.id, &other)
        .await;
    assert_error(res, 404, ErrorCode::NotFound).await;
}
