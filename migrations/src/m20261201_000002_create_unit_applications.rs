//! Dictionaries (所属区局工会, 经济类型), enrollment-code applications (参保编码申请),
//! unit-name changes (修改单位名称) with the unit's name history, and a unique credit code
//! per unit.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use super::m20261130_000001_create_units::Units;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Initial dictionary values (admins edit them later).
const DISTRICT_UNIONS: &[&str] = &[
    "黄浦区总工会",
    "徐汇区总工会",
    "长宁区总工会",
    "静安区总工会",
    "普陀区总工会",
    "虹口区总工会",
    "杨浦区总工会",
    "闵行区总工会",
    "宝山区总工会",
    "嘉定区总工会",
    "浦东新区总工会",
    "金山区总工会",
    "松江区总工会",
    "青浦区总工会",
    "奉贤区总工会",
    "崇明区总工会",
    "轻工工会",
    "机电工会",
    "建设工会",
    "教育工会",
];
const ECONOMIC_TYPES: &[&str] = &[
    "国有企业",
    "集体企业",
    "有限责任公司",
    "股份有限公司",
    "私营企业",
    "外商投资企业",
    "港澳台投资企业",
    "机关事业单位",
    "社会团体",
    "其他",
];

/// The applicant columns both kinds of application store (also used by the merge into
/// `applications`).
pub(crate) fn applicant_columns(t: &mut TableCreateStatement) {
    t.col(ColumnDef::new(App::OperatorName).string_len(50).not_null())
        .col(
            ColumnDef::new(App::OperatorMobile)
                .string_len(20)
                .not_null(),
        )
        .col(
            ColumnDef::new(App::OperatorEmail)
                .string_len(200)
                .not_null(),
        )
        .col(
            ColumnDef::new(App::DistrictUnion)
                .string_len(100)
                .not_null(),
        )
        .col(ColumnDef::new(App::EconomicType).string_len(100).not_null())
        .col(ColumnDef::new(App::Address).string_len(300).not_null())
        .col(ColumnDef::new(App::Postcode).string_len(6).not_null())
        .col(ColumnDef::new(App::Principal).string_len(50).null())
        .col(ColumnDef::new(App::Phone).string_len(30).null())
        .col(ColumnDef::new(App::AttachmentIds).json().not_null())
        .col(ColumnDef::new(App::Status).string_len(16).not_null())
        .col(ColumnDef::new(App::RejectReason).string_len(500).null())
        .col(ColumnDef::new(App::ReviewedBy).uuid().null())
        .col(
            ColumnDef::new(App::ReviewedAt)
                .timestamp_with_time_zone()
                .null(),
        )
        .col(
            ColumnDef::new(App::SubmittedAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .col(
            ColumnDef::new(App::CreatedAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .col(
            ColumnDef::new(App::UpdatedAt)
                .timestamp_with_time_zone()
                .not_null(),
        );
}

/// `code_applications` as this migration creates it (the merge's `down` recreates it).
pub(crate) async fn create_code_applications(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut codes = Table::create();
    codes
        .table(CodeApplications::Table)
        .col(
            ColumnDef::new(CodeApplications::Id)
                .uuid()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(CodeApplications::UnitId).uuid().not_null())
        .col(
            ColumnDef::new(CodeApplications::UnitName)
                .string_len(200)
                .not_null(),
        )
        .col(
            ColumnDef::new(CodeApplications::CreditCode)
                .string_len(18)
                .not_null(),
        )
        .col(
            ColumnDef::new(CodeApplications::EnrollmentCode)
                .string_len(32)
                .null(),
        );
    applicant_columns(&mut codes);
    codes.foreign_key(
        ForeignKey::create()
            .name("fk_code_applications_unit")
            .from(CodeApplications::Table, CodeApplications::UnitId)
            .to(Units::Table, Units::Id)
            .on_delete(ForeignKeyAction::Restrict),
    );
    manager.create_table(codes.to_owned()).await?;
    manager
        .create_index(
            Index::create()
                .name("ix_code_applications_unit")
                .table(CodeApplications::Table)
                .col(CodeApplications::UnitId)
                .to_owned(),
        )
        .await?;
    Ok(())
}

/// `name_changes` as this migration creates it (the merge's `down` recreates it).
pub(crate) async fn create_name_changes(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut names = Table::create();
    names
        .table(NameChanges::Table)
        .col(
            ColumnDef::new(NameChanges::Id)
                .uuid()
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(NameChanges::UnitId).uuid().not_null())
        .col(
            ColumnDef::new(NameChanges::OldName)
                .string_len(200)
                .not_null(),
        )
        .col(
            ColumnDef::new(NameChanges::NewName)
                .string_len(200)
                .not_null(),
        )
        .col(
            ColumnDef::new(NameChanges::CreditCode)
                .string_len(18)
                .not_null(),
        );
    applicant_columns(&mut names);
    names.foreign_key(
        ForeignKey::create()
            .name("fk_name_changes_unit")
            .from(NameChanges::Table, NameChanges::UnitId)
            .to(Units::Table, Units::Id)
            .on_delete(ForeignKeyAction::Restrict),
    );
    manager.create_table(names.to_owned()).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DictionaryEntries::Table)
                    .col(
                        ColumnDef::new(DictionaryEntries::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(DictionaryEntries::Kind)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DictionaryEntries::Value)
                            .string_len(100)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DictionaryEntries::SortOrder)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(DictionaryEntries::Disabled)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_dictionary_entries_kind_value")
                    .table(DictionaryEntries::Table)
                    .col(DictionaryEntries::Kind)
                    .col(DictionaryEntries::Value)
                    .unique()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for (kind, values) in [
            ("district_union", DISTRICT_UNIONS),
            ("economic_type", ECONOMIC_TYPES),
        ] {
            for (i, value) in values.iter().enumerate() {
                let insert = Query::insert()
                    .into_table(DictionaryEntries::Table)
                    .columns([
                        DictionaryEntries::Kind,
                        DictionaryEntries::Value,
                        DictionaryEntries::SortOrder,
                        DictionaryEntries::Disabled,
                    ])
                    .values_panic([
                        (*kind).into(),
                        (*value).into(),
                        ((i as i32 + 1) * 10).into(),
                        false.into(),
                    ])
                    .to_owned();
                let builder = db.get_database_backend();
                db.execute(builder.build(&insert)).await?;
            }
        }

        create_code_applications(manager).await?;
        create_name_changes(manager).await?;

        manager
            .create_table(
                Table::create()
                    .table(UnitNameHistory::Table)
                    .col(
                        ColumnDef::new(UnitNameHistory::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(UnitNameHistory::UnitId).uuid().not_null())
                    .col(
                        ColumnDef::new(UnitNameHistory::OldName)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UnitNameHistory::NewName)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(ColumnDef::new(UnitNameHistory::NameChangeId).uuid().null())
                    .col(
                        ColumnDef::new(UnitNameHistory::ChangedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_unit_name_history_unit")
                            .from(UnitNameHistory::Table, UnitNameHistory::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_index(
                Index::create()
                    .name("ux_units_credit_code")
                    .table(Units::Table)
                    .col(Units::CreditCode)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_units_credit_code")
                    .table(Units::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(UnitNameHistory::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(NameChanges::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CodeApplications::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DictionaryEntries::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DictionaryEntries {
    Table,
    Id,
    Kind,
    Value,
    SortOrder,
    Disabled,
}

#[derive(DeriveIden)]
pub(crate) enum CodeApplications {
    Table,
    Id,
    UnitId,
    UnitName,
    CreditCode,
    EnrollmentCode,
}

#[derive(DeriveIden)]
pub(crate) enum NameChanges {
    Table,
    Id,
    UnitId,
    OldName,
    NewName,
    CreditCode,
}

#[derive(DeriveIden)]
enum UnitNameHistory {
    Table,
    Id,
    UnitId,
    OldName,
    NewName,
    NameChangeId,
    ChangedAt,
}

/// Columns shared by both kinds of application.
#[derive(DeriveIden)]
pub(crate) enum App {
    OperatorName,
    OperatorMobile,
    OperatorEmail,
    DistrictUnion,
    EconomicType,
    Address,
    Postcode,
    Principal,
    Phone,
    AttachmentIds,
    Status,
    RejectReason,
    ReviewedBy,
    ReviewedAt,
    SubmittedAt,
    CreatedAt,
    UpdatedAt,
}
