//! What a person types into a list's search box is matched literally: `%`, `_` and `\` are
//! characters, not `LIKE` wildcards (a `%` used to match every row).

use crate::app::TestApp;
use crate::fixtures::{valid_rows, workbook};

async fn total(client: &crate::app::Client, path: &str) -> u64 {
    let res = client.get(path).await;
    assert_eq!(res.status().as_u16(), 200, "GET {path}");
    let page: serde_json::Value = res.json().await.unwrap();
    page["total"]
        .as_u64()
        .unwrap_or_else(|| panic!("{path}: {page}"))
}

#[tokio::test]
async fn wildcards_in_a_search_match_only_themselves() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu200000011").await;
    let imported = unit.roster(&b).import(workbook(&valid_rows(1, 3))).await;
    let roster = unit.roster(&imported.batch);
    assert_eq!(roster.list("?name=人员一").await.total, 1);
    for q in ["%25", "_", "%5C", "人员_", "%25一"] {
        assert_eq!(roster.list(&format!("?name={q}")).await.total, 0, "{q}");
    }

    let reviewer = app.reviewer("shenhe11").await;
    assert_eq!(total(&reviewer, "/api/batches?unit_name=测试单位").await, 1);
    assert_eq!(total(&reviewer, "/api/units?name=测试单位").await, 1);
    for path in [
        "/api/batches?unit_name=%25",
        "/api/batches?unit_name=测试单位_",
        "/api/batches?batch_no=%25",
        "/api/batches?batch_no=TXZY_",
        "/api/units?name=%25",
        "/api/units?name=_",
        "/api/reviews?status=all&unit_name=%25",
        "/api/code-applications?unit_name=%25",
        "/api/name-changes?unit_name=_",
    ] {
        assert_eq!(total(&reviewer, path).await, 0, "{path}");
    }

    let admin = app.admin("admin11").await;
    assert_eq!(total(&admin, "/api/accounts?account=tuixiu").await, 1);
    for path in ["/api/accounts?account=%25", "/api/accounts?account=_"] {
        assert_eq!(total(&admin, path).await, 0, "{path}");
    }
}
