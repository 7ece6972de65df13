//! Invisible characters (zero-width, bidirectional controls, private use) are refused in
//! names like control characters, wherever a name comes in: a person added by hand, a
//! roster file, a unit's registration.

use api_types::ErrorCode;
use serde_json::json;

use crate::app::TestApp;
use crate::assertions::{assert_error, assert_import_refused, invalid_fields};
use crate::fixtures::{mobile, resident_id, resident_row, t, workbook, GOOD_PASSWORD};

#[tokio::test]
async fn names_with_invisible_characters_are_refused_everywhere_they_come_in() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu200000041").await;
    for name in ["张\u{200B}三", "\u{202E}三张", "张\u{E000}"] {
        let person = json!({
            "name": name, "doc_type": "resident_id", "id_number": resident_id(941), "mobile": mobile(941)
        });
        let res = unit.roster(&b).try_add(&person).await;
        let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
        assert_eq!(invalid_fields(&body), ["name"], "{name:?}");
        assert!(body.message.contains("不可见"), "{}", body.message);
    }

    let rows = vec![
        resident_row("李四", t(&resident_id(942)), &mobile(942)),
        resident_row("王\u{2066}五\u{2069}", t(&resident_id(943)), &mobile(943)),
    ];
    let errors = assert_import_refused(unit.roster(&b).try_import(workbook(&rows)).await).await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].column.as_deref(), Some("name"));
    assert!(errors[0].message.contains("不可见"), "{:?}", errors[0]);

    let with_registry = TestApp::with_simulator().await;
    let res = with_registry
        .anonymous()
        .registrations()
        .register(
            "上海\u{200D}隐形科技有限公司",
            "hidden@example.com",
            GOOD_PASSWORD,
        )
        .await;
    let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(invalid_fields(&body), ["unit_name"]);
    assert_eq!(app.run_pending_tasks().await, 0, "nothing was queued");
}
