//! 提交职保会审核 and the reviewer's decision: each unmatched person's reason (社保类型,
//! 备注, 附件), the materials uploaded per social-security code, every submission and
//! decision kept as a review row, and the reviewers' dictionary of common reasons.

use sea_orm_migration::prelude::*;

use crate::columns::{
    foreign_key, index, integer, json_null, string, string_null, timestamp, timestamp_null,
    unique_index, uuid, uuid_null, uuid_pk,
};
use crate::m20261202_000002_create_batches::Batches;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The columns added to `roster_entries`, in order.
fn reason_columns() -> Vec<ColumnDef> {
    vec![
        string_null(RosterEntries::NoSsReason, 16),
        string_null(RosterEntries::NoSsRemark, 200),
        uuid_null(RosterEntries::NoSsAttachmentId),
    ]
}

/// 不通过原因 the reviewers start with (the manual's examples first).
const REJECT_REASONS: &[&str] = &[
    "缺少《社会保险业务核定表》",
    "缺少《单位参加城镇社会保险基本情况》",
    "缺少《养老人员(单位职工)养老关系集体转移核定表-附表》",
    "上传材料不清晰，请重新上传",
    "上传材料与社保编号不符",
    "无社保人员情形说明不充分",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut col in reason_columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table(RosterEntries::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ReviewMaterials::Table)
                    .col(uuid_pk(ReviewMaterials::Id))
                    .col(uuid(ReviewMaterials::BatchId))
                    // NULL: the 未匹配到单位社保编码 group.
                    .col(string_null(ReviewMaterials::SsCode, 32))
                    .col(uuid(ReviewMaterials::AttachmentId))
                    .col(uuid_null(ReviewMaterials::CreatedBy))
                    .col(timestamp(ReviewMaterials::CreatedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_review_materials_batch",
                        (ReviewMaterials::Table, ReviewMaterials::BatchId),
                        (Batches::Table, Batches::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_review_materials_batch",
                ReviewMaterials::Table,
                &[ReviewMaterials::BatchId],
            ))
            .await?;
        manager
            .create_index(unique_index(
                "ux_review_materials_attachment",
                ReviewMaterials::Table,
                &[ReviewMaterials::AttachmentId],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(uuid_pk(Reviews::Id))
                    .col(uuid(Reviews::BatchId))
                    // `enrollment` (职保会审核); the voucher review will add its own.
                    .col(string(Reviews::Stage, 16))
                    .col(integer(Reviews::Round))
                    .col(timestamp(Reviews::SubmittedAt))
                    .col(uuid_null(Reviews::SubmittedBy))
                    // The ratio table as submitted.
                    .col(json_null(Reviews::Snapshot))
                    // NULL while 待审核; `approved` / `rejected` once decided.
                    .col(string_null(Reviews::Decision, 16))
                    .col(timestamp_null(Reviews::DecidedAt))
                    .col(uuid_null(Reviews::DecidedBy))
                    .col(json_null(Reviews::OverallReasons))
                    .col(json_null(Reviews::CodeReasons))
                    .foreign_key(&mut foreign_key(
                        "fk_reviews_batch",
                        (Reviews::Table, Reviews::BatchId),
                        (Batches::Table, Batches::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_reviews_batch_stage_round",
                Reviews::Table,
                &[Reviews::BatchId, Reviews::Stage, Reviews::Round],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_reviews_pending",
                Reviews::Table,
                &[Reviews::Stage, Reviews::Decision, Reviews::SubmittedAt],
            ))
            .await?;
        let db = manager.get_connection();
        for (i, value) in REJECT_REASONS.iter().enumerate() {
            let insert = Query::insert()
                .into_table(DictionaryEntries::Table)
                .columns([
                    DictionaryEntries::Kind,
                    DictionaryEntries::Value,
                    DictionaryEntries::SortOrder,
                    DictionaryEntries::Disabled,
                ])
                .values_panic([
                    "reject_reason".into(),
                    (*value).into(),
                    ((i as i32 + 1) * 10).into(),
                    false.into(),
                ])
                .to_owned();
            let builder = db.get_database_backend();
            db.execute(builder.build(&insert)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let delete = Query::delete()
            .from_table(DictionaryEntries::Table)
            .and_where(Expr::col(DictionaryEntries::Kind).eq("reject_reason"))
            .to_owned();
        db.execute(db.get_database_backend().build(&delete)).await?;
        manager
            .drop_table(Table::drop().table(Reviews::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ReviewMaterials::Table).to_owned())
            .await?;
        for col in reason_columns().iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(RosterEntries::Table)
                        .drop_column(Alias::new(col.get_column_name()))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum RosterEntries {
    Table,
    NoSsReason,
    NoSsRemark,
    NoSsAttachmentId,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReviewMaterials {
    Table,
    Id,
    BatchId,
    SsCode,
    AttachmentId,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reviews {
    Table,
    Id,
    BatchId,
    Stage,
    Round,
    SubmittedAt,
    SubmittedBy,
    Snapshot,
    Decision,
    DecidedAt,
    DecidedBy,
    OverallReasons,
    CodeReasons,
}

#[derive(DeriveIden, Clone, Copy)]
enum DictionaryEntries {
    Table,
    Kind,
    Value,
    SortOrder,
    Disabled,
}
