//! Keyset paging: a page's `next` names its last row, and `?after=` continues from there,
//! so a walk through a roster sees every row exactly once while rows are added and deleted
//! around it; numbered pages stay for the SPA and agree with the cursor's pages; the total
//! is the batch's maintained count through every change.

use std::collections::HashSet;

use api_types::{BatchOut, ErrorCode, Page, RosterEntryOut};
use serde_json::json;
use uuid::Uuid;

use crate::app::{Client, TestApp};
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{resident_id, valid_rows, workbook};

/// Every row of the roster, by walking the cursor (the ids in list order).
async fn walk(unit: &Client, batch: &BatchOut, query: &str) -> Vec<Uuid> {
    let roster = unit.roster(batch);
    let mut page = roster.list(&format!("?page_size=3{query}")).await;
    let mut ids: Vec<Uuid> = page.items.iter().map(|e| e.id).collect();
    while let Some(next) = page.next.take() {
        page = roster
            .list(&format!("?page_size=3&after={next}{query}"))
            .await;
        ids.extend(page.items.iter().map(|e| e.id));
    }
    ids
}

/// The total the list answers, checked against the batch's count and a walk of every row.
async fn counted(unit: &Client, batch: &BatchOut) -> u64 {
    let total = unit.roster(batch).list("").await.total;
    assert_eq!(
        total, batch.roster_size,
        "the list's total is the batch's count"
    );
    assert_eq!(
        walk(unit, batch, "").await.len() as u64,
        total,
        "every row is listed"
    );
    total
}

fn person(i: u32) -> serde_json::Value {
    json!({ "name": format!("新增{}", "甲乙丙丁戊己庚辛壬癸".chars().nth(i as usize % 10).unwrap_or('甲')),
            "doc_type": "resident_id", "id_number": resident_id(500 + i) })
}

#[tokio::test]
async fn a_cursor_walk_sees_every_row_once_while_rows_are_added_and_deleted() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000301").await;
    let mut batch = unit
        .roster(&b)
        .import(workbook(&valid_rows(1, 30)))
        .await
        .batch;
    let all = walk(&unit, &batch, "").await;
    assert_eq!(all.len(), 30);

    let mut seen: Vec<Uuid> = Vec::new();
    let mut deleted: HashSet<Uuid> = HashSet::new();
    let mut added: Vec<Uuid> = Vec::new();
    let mut page: Page<RosterEntryOut> = unit.roster(&batch).list("?page_size=7").await;
    let mut round = 0;
    loop {
        seen.extend(page.items.iter().map(|e| e.id));
        let Some(next) = page.next.take() else { break };
        // Between two pages: one row already seen and one not yet seen go, one person comes
        // (at the end of the list).
        if round < 3 {
            let unseen = all
                .iter()
                .rev()
                .find(|id| !seen.contains(id) && !deleted.contains(id))
                .copied()
                .unwrap();
            let gone = [seen[round], unseen];
            let res = unit.roster(&batch).delete_people(&gone).await;
            batch = assert_json(res, 200).await;
            deleted.extend(gone);
            let came = unit.roster(&batch).add(&person(round as u32)).await;
            batch = came.batch;
            added.push(came.person.id);
        }
        round += 1;
        page = unit
            .roster(&batch)
            .list(&format!("?page_size=7&after={next}"))
            .await;
        assert_eq!(
            page.total, batch.roster_size,
            "the total follows the changes"
        );
    }

    let unique: HashSet<Uuid> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "no row is listed twice");
    for id in all.iter().chain(&added) {
        let gone_unseen = deleted.contains(id) && !seen.contains(id);
        assert!(gone_unseen || unique.contains(id), "{id} was skipped");
    }
    let deleted_before_seen = all
        .iter()
        .filter(|id| deleted.contains(id))
        .filter(|id| unique.contains(id))
        .count();
    assert_eq!(
        deleted_before_seen, 3,
        "only the rows deleted after they were seen were seen"
    );
    assert_eq!(counted(&unit, &batch).await, 30 - 6 + 3);
}

#[tokio::test]
async fn numbered_pages_agree_with_the_cursor_and_bad_cursors_are_refused() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000302").await;
    let batch = unit
        .roster(&b)
        .import(workbook(&valid_rows(1, 25)))
        .await
        .batch;
    let roster = unit.roster(&batch);
    let all = walk(&unit, &batch, "").await;
    for page in 1..=4u64 {
        let numbered = roster.list(&format!("?page={page}&page_size=7")).await;
        let ids: Vec<Uuid> = numbered.items.iter().map(|e| e.id).collect();
        let from = ((page - 1) * 7) as usize;
        assert_eq!(ids, all[from..(from + 7).min(25)], "page {page}");
        assert_eq!(numbered.total, 25);
        assert_eq!(numbered.next.is_some(), page < 4, "page {page}");
    }
    let beyond = roster.list("?page=9&page_size=7").await;
    assert!(beyond.items.is_empty() && beyond.next.is_none());
    assert_eq!(beyond.total, 25);

    // The name search pages the same way: 人员一, 人员一零 … 人员一九.
    let named = walk(&unit, &batch, "&name=人员一").await;
    assert_eq!(named.len(), 11);
    let literal = roster.list("?name=人员_").await;
    assert_eq!(literal.total, 0, "the name search has no wildcard");

    let res = unit
        .get(&format!(
            "/api/batches/{}/roster?after=not-a-cursor",
            batch.id
        ))
        .await;
    let body = assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert!(body.message.contains("游标") || body.details.unwrap().to_string().contains("游标"));
}

#[tokio::test]
async fn the_total_is_the_batchs_count_through_every_change() {
    let (_app, unit, b) = TestApp::with_voucher_batch("tuixiu200000303").await;
    let mut batch = unit
        .roster(&b)
        .import(workbook(&valid_rows(1, 12)))
        .await
        .batch;
    assert_eq!(counted(&unit, &batch).await, 12);
    batch = unit.roster(&batch).add(&person(1)).await.batch;
    assert_eq!(counted(&unit, &batch).await, 13);
    let ids = walk(&unit, &batch, "").await;
    batch = assert_json(unit.roster(&batch).delete_person(ids[0]).await, 200).await;
    assert_eq!(counted(&unit, &batch).await, 12);
    // A repeated id is one person.
    let res = unit
        .roster(&batch)
        .delete_people(&[ids[1], ids[2], ids[1]])
        .await;
    batch = assert_json(res, 200).await;
    assert_eq!(counted(&unit, &batch).await, 10);
    batch = unit
        .roster(&batch)
        .import(workbook(&valid_rows(40, 7)))
        .await
        .batch;
    assert_eq!(counted(&unit, &batch).await, 7);
    batch = assert_json(unit.roster(&batch).clear().await, 200).await;
    assert_eq!(counted(&unit, &batch).await, 0);
}

#[tokio::test]
async fn the_batch_list_pages_by_cursor_newest_first() {
    let app = TestApp::spawn().await;
    app.travel("2026-11-30T10:00:00").await;
    let mut made = Vec::new();
    for n in 0..3 {
        let unit = app.unit(&format!("tuixiu20000031{n}")).await;
        made.push(unit.batches().create_voucher_batch().await.id);
    }
    let reviewer = app.reviewer("shenhe301").await;
    let first: Page<BatchOut> =
        assert_json(reviewer.get("/api/batches?page_size=2").await, 200).await;
    assert_eq!((first.total, first.items.len()), (3, 2));
    let next = first.next.clone().unwrap();
    let rest: Page<BatchOut> = assert_json(
        reviewer
            .get(&format!("/api/batches?page_size=2&after={next}"))
            .await,
        200,
    )
    .await;
    assert!(rest.next.is_none());
    let listed: Vec<Uuid> = first
        .items
        .iter()
        .chain(&rest.items)
        .map(|b| b.id)
        .collect();
    let numbered: Page<BatchOut> =
        assert_json(reviewer.get("/api/batches?page=2&page_size=2").await, 200).await;
    assert_eq!(
        numbered.items[0].id, listed[2],
        "page 2 is what follows the cursor"
    );
    made.reverse();
    assert_eq!(
        listed.iter().collect::<HashSet<_>>(),
        made.iter().collect::<HashSet<_>>()
    );
    let times: Vec<_> = first
        .items
        .iter()
        .chain(&rest.items)
        .map(|b| b.updated_at)
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
}
