//! How many people of each batch have each verification outcome (`''` for not checked yet),
//! kept by triggers on `roster_entries`, so the ④ 校验结果 list's total under an outcome
//! filter is one row read instead of a count of the batch's people on every page. Triggers,
//! because every path that adds, deletes or re-classifies people (import, 沿用, 新增, 删除,
//! 清空, the verification's writes, the resolutions, 批次删除) then keeps it without knowing.
//!
//! SQLite: row triggers with an upsert. PostgreSQL: statement triggers over the transition
//! tables (one grouped statement per bulk insert or delete, not one per row); an update
//! touches only the outcomes whose count changes, in key order, so two transactions lock the
//! counters in the same order.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::columns::{integer_default, string, uuid};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: [&str; 3] = [
    r#"CREATE TRIGGER "tr_roster_counts_insert" AFTER INSERT ON "roster_entries" BEGIN
        INSERT INTO "roster_counts" ("batch_id", "outcome", "people")
        VALUES (NEW."batch_id", COALESCE(NEW."outcome", ''), 1)
        ON CONFLICT ("batch_id", "outcome") DO UPDATE SET "people" = "people" + 1;
    END"#,
    r#"CREATE TRIGGER "tr_roster_counts_delete" AFTER DELETE ON "roster_entries" BEGIN
        UPDATE "roster_counts" SET "people" = "people" - 1
        WHERE "batch_id" = OLD."batch_id" AND "outcome" = COALESCE(OLD."outcome", '');
    END"#,
    r#"CREATE TRIGGER "tr_roster_counts_update" AFTER UPDATE OF "outcome", "batch_id" ON "roster_entries"
    WHEN COALESCE(OLD."outcome", '') <> COALESCE(NEW."outcome", '') OR OLD."batch_id" <> NEW."batch_id"
    BEGIN
        UPDATE "roster_counts" SET "people" = "people" - 1
        WHERE "batch_id" = OLD."batch_id" AND "outcome" = COALESCE(OLD."outcome", '');
        INSERT INTO "roster_counts" ("batch_id", "outcome", "people")
        VALUES (NEW."batch_id", COALESCE(NEW."outcome", ''), 1)
        ON CONFLICT ("batch_id", "outcome") DO UPDATE SET "people" = "people" + 1;
    END"#,
];

const SQLITE_DOWN: [&str; 3] = [
    r#"DROP TRIGGER "tr_roster_counts_update""#,
    r#"DROP TRIGGER "tr_roster_counts_delete""#,
    r#"DROP TRIGGER "tr_roster_counts_insert""#,
];

/// The PostgreSQL function: the net change per (batch, outcome) of the statement's old and
/// new rows, applied in key order.
const PG_FUNCTION: &str = r#"CREATE FUNCTION "roster_counts_apply"() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "roster_counts" ("batch_id", "outcome", "people")
        SELECT "batch_id", COALESCE("outcome", ''), COUNT(*) FROM "new_rows"
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT ("batch_id", "outcome")
        DO UPDATE SET "people" = "roster_counts"."people" + EXCLUDED."people";
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE "roster_counts" AS c SET "people" = c."people" - d."n"
        FROM (SELECT "batch_id", COALESCE("outcome", '') AS "outcome", COUNT(*) AS "n"
              FROM "old_rows" GROUP BY 1, 2) AS d
        WHERE c."batch_id" = d."batch_id" AND c."outcome" = d."outcome";
    ELSE
        INSERT INTO "roster_counts" ("batch_id", "outcome", "people")
        SELECT "batch_id", "outcome", SUM("n") FROM (
            SELECT "batch_id", COALESCE("outcome", '') AS "outcome", 1 AS "n" FROM "new_rows"
            UNION ALL
            SELECT "batch_id", COALESCE("outcome", ''), -1 FROM "old_rows"
        ) AS moves
        GROUP BY 1, 2 HAVING SUM("n") <> 0 ORDER BY 1, 2
        ON CONFLICT ("batch_id", "outcome")
        DO UPDATE SET "people" = "roster_counts"."people" + EXCLUDED."people";
    END IF;
    RETURN NULL;
END
$fn$"#;

const PG_TRIGGERS: [&str; 3] = [
    r#"CREATE TRIGGER "tr_roster_counts_insert" AFTER INSERT ON "roster_entries"
       REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "roster_counts_apply"()"#,
    r#"CREATE TRIGGER "tr_roster_counts_delete" AFTER DELETE ON "roster_entries"
       REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "roster_counts_apply"()"#,
    r#"CREATE TRIGGER "tr_roster_counts_update" AFTER UPDATE ON "roster_entries"
       REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows"
       FOR EACH STATEMENT EXECUTE FUNCTION "roster_counts_apply"()"#,
];

const PG_DOWN: [&str; 4] = [
    r#"DROP TRIGGER "tr_roster_counts_update" ON "roster_entries""#,
    r#"DROP TRIGGER "tr_roster_counts_delete" ON "roster_entries""#,
    r#"DROP TRIGGER "tr_roster_counts_insert" ON "roster_entries""#,
    r#"DROP FUNCTION "roster_counts_apply"()"#,
];

/// The counts of the rows already there.
const BACKFILL: &str = r#"INSERT INTO "roster_counts" ("batch_id", "outcome", "people")
    SELECT "batch_id", COALESCE("outcome", ''), COUNT(*) FROM "roster_entries" GROUP BY 1, 2"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RosterCounts::Table)
                    .col(uuid(RosterCounts::BatchId))
                    .col(string(RosterCounts::Outcome, 32))
                    .col(integer_default(RosterCounts::People, 0))
                    .primary_key(
                        Index::create()
                            .col(RosterCounts::BatchId)
                            .col(RosterCounts::Outcome),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(BACKFILL).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(PG_FUNCTION).await?;
            for sql in PG_TRIGGERS {
                db.execute_unprepared(sql).await?;
            }
        } else {
            for sql in SQLITE_UP {
                db.execute_unprepared(sql).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let drops: &[&str] = if manager.get_database_backend() == DbBackend::Postgres {
            &PG_DOWN
        } else {
            &SQLITE_DOWN
        };
        for sql in drops {
            db.execute_unprepared(sql).await?;
        }
        manager
            .drop_table(Table::drop().table(RosterCounts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum RosterCounts {
    Table,
    BatchId,
    Outcome,
    People,
}
