//! Roster entries: manual entry, masking and the audited unmasked view, deletion, search,
//! paging and export.

use api_types::{BatchOut, ErrorCode, RosterPersonOut};
use serde_json::json;

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{resident_id, sheet_rows, valid_rows, workbook};

#[tokio::test]
async fn manual_entry_view_delete_and_clear() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu200000007").await;
    let person = json!({
        "name": "张三", "doc_type": "resident_id", "id_number": resident_id(42), "mobile": "13300006961"
    });
    let added = unit.roster(&b).add(&person).await;
    assert_eq!(added.person.mobile_masked, "133****6961");
    assert_eq!(added.batch.status, "verification_pending");
    let roster = unit.roster(&added.batch);
    let res = roster.try_add(&person).await;
    let dup = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert!(dup.message.contains("本批次"), "{}", dup.message);
    let other = json!({ "name": "约翰", "doc_type": "other", "id_number": "E99887766" });
    let res = roster.try_add(&other).await;
    let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    let fields = body.details.unwrap()["fields"].to_string();
    assert!(
        fields.contains("birth_date") && fields.contains("sex"),
        "{fields}"
    );
    let other = json!({
        "name": "约翰", "doc_type": "other", "id_number": "E99887766", "birth_date": "1950-03-04", "sex": "male"
    });
    let second = roster.add(&other).await;

    // Unmasked view, audited.
    let id = added.person.id;
    let full: RosterPersonOut = assert_json(roster.person(id).await, 200).await;
    assert_eq!(full.id_number, resident_id(42));
    assert_eq!(full.mobile, "13300006961");
    let admin = app.admin("admin7").await;
    let query = format!("?action=roster.person_viewed&target_id={id}");
    let logs = admin.audit_logs().list(&query).await;
    assert_eq!(logs["total"], 1);
    assert!(
        !logs.to_string().contains(&resident_id(42)),
        "no personal data in the audit log"
    );

    // Another unit sees nothing.
    let stranger = app.unit("tuixiu200000008").await;
    let res = stranger.roster(&b).person(id).await;
    assert_error(res, 404, ErrorCode::NotFound).await;

    let res = unit.roster(&second.batch).delete_person(id).await;
    let after: BatchOut = assert_json(res, 200).await;
    assert_eq!(after.roster_size, 1);
    let cleared: BatchOut = unit.roster(&after).clear().await.json().await.unwrap();
    assert_eq!(cleared.roster_size, 0);
    assert_eq!(cleared.status, "roster_pending");
}

#[tokio::test]
async fn search_page_batch_delete_and_export() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000009").await;
    let imported = unit.roster(&b).import(workbook(&valid_rows(1, 25))).await;
    let roster = unit.roster(&imported.batch);
    let page = roster.list("?page=3&page_size=10").await;
    assert_eq!((page.total, page.items.len()), (25, 5));
    let named = roster.list("?name=%E4%BA%BA%E5%91%98%E4%B8%80").await;
    assert_eq!(named.total, 11); // 人员一, 人员一零–一九
    let id = resident_id(7);
    let by_id = roster.list(&format!("?id_number={id}")).await;
    assert_eq!(by_id.total, 1);
    assert_eq!(roster.list("?status=pending").await.total, 25);

    let ids: Vec<_> = page.items.iter().map(|p| p.id).collect();
    let res = roster.delete_people(&ids).await;
    let after: BatchOut = assert_json(res, 200).await;
    assert_eq!(after.roster_size, 20);
    let unknown = [uuid::Uuid::new_v4()];
    let res = unit.roster(&after).delete_people(&unknown).await;
    assert_error(res, 404, ErrorCode::NotFound).await;

    let res = roster.export().await;
    assert_eq!(res.status().as_u16(), 200);
    let rows = sheet_rows(&res.bytes().await.unwrap(), 0);
    assert_eq!(rows.len(), 21);
    assert_eq!(rows[1][3], resident_id(1), "the export keeps every digit");
}
