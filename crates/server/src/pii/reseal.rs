//! At start-up: rows still in clear text (a database from before encryption) are sealed and
//! indexed, and rows sealed under an older key are sealed again under the current one.
//! Chunk by chunk, each in a transaction; running it twice, or on two instances at once,
//! writes the same clear texts again — nothing is lost whenever it is interrupted.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use uuid::Uuid;

use super::{id_index, keys, last_four, mobile_index, Sealed};
use crate::entities::{roster_entry, withholding_item};
use crate::search::starts_with;

const CHUNK: u64 = 500;

/// What a start converted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Resealed {
    pub roster_entries: u64,
    pub withholding_items: u64,
}

/// Seals, indexes and re-keys every row that needs it.
pub async fn reseal<C: ConnectionTrait + TransactionTrait>(db: &C) -> anyhow::Result<Resealed> {
    Ok(Resealed {
        roster_entries: roster_entries(db).await?,
        withholding_items: withholding_items(db).await?,
    })
}

fn current_prefix() -> String {
    format!("v1:{}:", keys().current_name())
}

async fn roster_entries<C: ConnectionTrait + TransactionTrait>(db: &C) -> anyhow::Result<u64> {
    use roster_entry::Column as C;
    let prefix = current_prefix();
    let stale = Condition::any()
        .add(C::IdHash.is_null())
        .add(starts_with(C::IdNumber, &prefix).not())
        .add(starts_with(C::Mobile, &prefix).not());
    let mut done = 0;
    let mut after = Uuid::nil();
    loop {
        let rows: Vec<(Uuid, String, String, bool)> = roster_entry::Entity::find()
            .select_only()
            .columns([C::Id, C::IdNumber, C::Mobile, C::MobileValid])
            .filter(stale.clone())
            .filter(C::Id.gt(after))
            .order_by_asc(C::Id)
            .limit(CHUNK)
            .into_tuple()
            .all(db)
            .await?;
        let Some(last) = rows.last() else {
            return Ok(done);
        };
        after = last.0;
        let txn = crate::db::begin(db).await?;
        for (id, stored_id, stored_mobile, mobile_valid) in &rows {
            let number = keys().open(stored_id)?;
            let mobile = keys().open(stored_mobile)?;
            roster_entry::Entity::update_many()
                .col_expr(C::IdHash, Expr::value(id_index(&number)))
                .col_expr(C::IdLast4, Expr::value(last_four(&number)))
                .col_expr(
                    C::MobileHash,
                    Expr::value(mobile_valid.then(|| mobile_index(&mobile))),
                )
                .col_expr(C::IdNumber, Expr::value(Sealed::from(number)))
                .col_expr(C::Mobile, Expr::value(Sealed::from(mobile)))
                .filter(C::Id.eq(*id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        done += rows.len() as u64;
    }
}

async fn withholding_items<C: ConnectionTrait + TransactionTrait>(db: &C) -> anyhow::Result<u64> {
    use withholding_item::Column as C;
    let stale = starts_with(C::IdNumber, &current_prefix()).not();
    let mut done = 0;
    let mut after = Uuid::nil();
    loop {
        let rows: Vec<(Uuid, String)> = withholding_item::Entity::find()
            .select_only()
            .columns([C::Id, C::IdNumber])
            .filter(stale.clone())
            .filter(C::Id.gt(after))
            .order_by_asc(C::Id)
            .limit(CHUNK)
            .into_tuple()
            .all(db)
            .await?;
        let Some(last) = rows.last() else {
            return Ok(done);
        };
        after = last.0;
        let txn = crate::db::begin(db).await?;
        for (id, stored) in &rows {
            let number = keys().open(stored)?;
            withholding_item::Entity::update_many()
                .col_expr(C::IdNumber, Expr::value(Sealed::from(number)))
                .filter(C::Id.eq(*id))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        done += rows.len() as u64;
    }
}
