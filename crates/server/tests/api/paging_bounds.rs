//! Paging at the boundary: every list refuses a `page` or `page_size` outside the documented
//! range with a 400 in the common error shape, instead of overflowing `(page - 1) × page_size`
//! in the paginator (which panicked and dropped the connection), and still answers the
//! largest documented page.

use api_types::{ErrorCode, MAX_PAGE, MAX_PAGE_SIZE};

use crate::app::TestApp;
use crate::assertions::assert_error;

#[tokio::test]
async fn every_list_refuses_pages_beyond_the_documented_range() {
    let (app, unit, batch) = TestApp::with_voucher_batch("tuixiu100000301").await;
    let admin = app.admin("admin301").await;
    let reviewer = app.reviewer("shenhe301").await;
    let roster = format!("/api/batches/{}/roster", batch.id);
    let lists = [
        (&unit, "/api/batches"),
        (&unit, roster.as_str()),
        (&unit, "/api/notifications"),
        (&unit, "/api/code-applications"),
        (&unit, "/api/name-changes"),
        (&unit, "/api/vouchers"),
        (&admin, "/api/accounts"),
        (&admin, "/api/units"),
        (&reviewer, "/api/reviews"),
        (&reviewer, "/api/audit-logs"),
    ];
    let refused = [
        "page=18446744073709551615".to_owned(),
        "page=18446744073709551615&page_size=100".to_owned(),
        "page=184467440737095517&page_size=100".to_owned(),
        format!("page={}", MAX_PAGE + 1),
        "page=0".to_owned(),
        "page=-1".to_owned(),
        "page_size=0".to_owned(),
        format!("page_size={}", MAX_PAGE_SIZE + 1),
        "page_size=18446744073709551615".to_owned(),
    ];
    for (caller, path) in lists {
        for query in &refused {
            let res = caller.get(&format!("{path}?{query}")).await;
            let body = assert_error(res, 400, ErrorCode::BadRequest).await;
            assert!(
                body.message.starts_with("查询参数错误"),
                "{path}?{query}: {}",
                body.message
            );
        }
        let last = caller
            .get(&format!("{path}?page={MAX_PAGE}&page_size={MAX_PAGE_SIZE}"))
            .await;
        assert_eq!(last.status().as_u16(), 200, "{path} at the largest page");
        let page: serde_json::Value = last.json().await.unwrap();
        assert_eq!(page["page"], MAX_PAGE, "{path}");
        assert_eq!(page["items"], serde_json::json!([]), "{path}");
    }
}
