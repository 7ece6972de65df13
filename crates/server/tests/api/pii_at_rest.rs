//! Personal data at rest: the roster's ID numbers and mobiles are stored encrypted (and the
//! withholding list's ID numbers), found through blind indexes; a database from before
//! encryption is sealed at the next start; the database file, the key file and the uploads
//! are readable by the server's user only.

use api_types::RosterPersonOut;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use server::entities::roster_entry;
use uuid::Uuid;

use crate::app::TestApp;
use crate::assertions::{assert_import_refused, assert_json};
use crate::fixtures::{mobile, resident_id, valid_rows, workbook};

const FIRST: u32 = 1701;
const PEOPLE: u32 = 3;

/// The stored texts as the database holds them: (id_number, mobile, id_hash, id_last4).
async fn stored(
    app: &TestApp,
    batch: Uuid,
) -> Vec<(String, String, Option<String>, Option<String>)> {
    use roster_entry::Column as C;
    roster_entry::Entity::find()
        .select_only()
        .columns([C::IdNumber, C::Mobile, C::IdHash, C::IdLast4])
        .filter(C::BatchId.eq(batch))
        .into_tuple()
        .all(&app.db)
        .await
        .expect("raw rows")
}

fn assert_sealed(rows: &[(String, String, Option<String>, Option<String>)]) {
    let text = format!("{rows:?}");
    for seq in FIRST..FIRST + PEOPLE {
        assert!(
            !text.contains(&resident_id(seq)[..17]),
            "an ID in clear: {text}"
        );
        assert!(!text.contains(&mobile(seq)), "a mobile in clear: {text}");
    }
    for (id, mobile, hash, last4) in rows {
        assert!(
            id.starts_with("v1:t1:") && mobile.starts_with("v1:t1:"),
            "{id} {mobile}"
        );
        assert_eq!(hash.as_deref().map(str::len), Some(64));
        assert_eq!(last4.as_deref().map(str::len), Some(4));
    }
}

#[tokio::test]
async fn id_numbers_and_mobiles_are_stored_encrypted_and_still_found() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu200000031").await;
    let imported = unit
        .roster(&b)
        .import(workbook(&valid_rows(FIRST, PEOPLE)))
        .await;
    let rows = stored(&app, b.id).await;
    assert_eq!(rows.len(), PEOPLE as usize);
    assert_sealed(&rows);

    // The exact search and the last-four search go through the indexes.
    let roster = unit.roster(&imported.batch);
    let id = resident_id(FIRST + 1);
    let whole = roster.list(&format!("?id_number={id}")).await;
    assert_eq!(whole.total, 1);
    let last_four = roster.list(&format!("?id_number={}", &id[14..])).await;
    assert_eq!(last_four.items[0].id, whole.items[0].id);
    // The audited view opens them.
    let full: RosterPersonOut = assert_json(roster.person(whole.items[0].id).await, 200).await;
    assert_eq!(full.id_number, id);
    assert_eq!(full.mobile, mobile(FIRST + 1));

    // Once per plan year and once per batch still hold: a second batch cannot take the
    // people, nor can the same batch add one again.
    let other = unit.batches().create_voucher_batch().await;
    let res = unit
        .roster(&other)
        .try_import(workbook(&valid_rows(FIRST, 1)))
        .await;
    assert_import_refused(res).await;
    let person = serde_json::json!({
        "name": full.entry.name, "doc_type": "resident_id", "id_number": id,
    });
    let res = roster.try_add(&person).await;
    assert_eq!(res.status().as_u16(), 422);
}

#[tokio::test]
async fn rows_from_before_encryption_are_sealed_at_the_next_start() {
    use roster_entry::Column as C;
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu200000032").await;
    let imported = unit
        .roster(&b)
        .import(workbook(&valid_rows(FIRST, PEOPLE)))
        .await;
    // What a database of the previous version holds: clear texts and no indexes.
    let people = roster_entry::Entity::find()
        .filter(C::BatchId.eq(b.id))
        .all(&app.db)
        .await
        .expect("people");
    assert_eq!(people.len(), PEOPLE as usize);
    for person in people {
        roster_entry::Entity::update_many()
            .col_expr(C::IdNumber, Expr::value(person.id_number.as_str()))
            .col_expr(C::Mobile, Expr::value(person.mobile.as_str()))
            .col_expr(C::IdHash, Expr::value(Option::<String>::None))
            .col_expr(C::IdLast4, Expr::value(Option::<String>::None))
            .col_expr(C::MobileHash, Expr::value(Option::<String>::None))
            .filter(C::Id.eq(person.id))
            .exec(&app.db)
            .await
            .expect("write clear texts");
    }
    let before = stored(&app, b.id).await;
    assert!(before.iter().all(|r| r.2.is_none()));

    let done = server::pii::reseal::reseal(&app.db).await.expect("reseal");
    assert_eq!(done.roster_entries, u64::from(PEOPLE));
    assert_sealed(&stored(&app, b.id).await);
    // Nothing left to do: a second start converts nothing.
    let again = server::pii::reseal::reseal(&app.db).await.expect("reseal");
    assert_eq!(again, Default::default());

    let roster = unit.roster(&imported.batch);
    let id = resident_id(FIRST + 2);
    let found = roster.list(&format!("?id_number={id}")).await;
    assert_eq!(found.total, 1);
    let full: RosterPersonOut = assert_json(roster.person(found.items[0].id).await, 200).await;
    assert_eq!((full.id_number, full.mobile), (id, mobile(FIRST + 2)));
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_the_database_and_uploads_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::spawn().await;
    let unit = app.unit("tuixiu200000033").await;
    unit.attachments().upload_pdf("withholding_letter").await;
    let mode = |p: &std::path::Path| {
        std::fs::metadata(p)
            .unwrap_or_else(|e| panic!("{p:?}: {e}"))
            .permissions()
            .mode()
            & 0o777
    };
    let data_dir = &app.state().settings.data_dir;
    assert_eq!(mode(data_dir), 0o700);
    let uploads = data_dir.join("attachments");
    assert_eq!(mode(&uploads), 0o700);
    let files: Vec<_> = std::fs::read_dir(&uploads)
        .expect("uploads")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(!files.is_empty());
    for file in files {
        assert_eq!(mode(&file), 0o600, "{file:?}");
    }
    if let Some(db) = server::private_files::sqlite_file(app.database_url()) {
        assert_eq!(mode(db), 0o600);
    }
}

#[tokio::test]
async fn the_withholding_list_keeps_its_id_numbers_encrypted() {
    use server::entities::withholding_item;
    let app = crate::withholding::app().await;
    let unit = app.unit("tuixiu200000034").await;
    let reviewer = app.reviewer("shenhe34").await;
    let b = crate::withholding::approved(&app, &unit, &reviewer, FIRST, PEOPLE, 30_000, &[]).await;
    crate::withholding::apply(&unit, &b).await;
    let stored: Vec<String> = withholding_item::Entity::find()
        .select_only()
        .column(withholding_item::Column::IdNumber)
        .into_tuple()
        .all(&app.db)
        .await
        .expect("raw rows");
    assert_eq!(stored.len(), PEOPLE as usize);
    for (value, seq) in stored.iter().zip(FIRST..) {
        assert!(value.starts_with("v1:t1:"), "{value}");
        assert!(!value.contains(&resident_id(seq)[..17]));
    }
    // Read through the entity, they open.
    let items = withholding_item::Entity::find()
        .all(&app.db)
        .await
        .expect("items");
    let mut opened: Vec<String> = items
        .iter()
        .map(|i| i.id_number.as_str().to_owned())
        .collect();
    opened.sort();
    let expected: Vec<String> = (FIRST..FIRST + PEOPLE).map(resident_id).collect();
    assert_eq!(opened, expected);
}
