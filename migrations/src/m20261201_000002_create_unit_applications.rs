//! Dictionaries (所属区局工会, 经济类型), enrollment-code applications (参保编码申请),
//! unit-name changes (修改单位名称) with the unit's name history, and a unique credit code
//! per unit.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use super::m20261130_000001_create_units::Units;
use crate::columns::{
    boolean_default, foreign_key, index, integer_default, json, string, string_null, timestamp,
    timestamp_null, unique_index, uuid, uuid_null, uuid_pk,
};

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
    t.col(string(App::OperatorName, 50))
        .col(string(App::OperatorMobile, 20))
        .col(string(App::OperatorEmail, 200))
        .col(string(App::DistrictUnion, 100))
        .col(string(App::EconomicType, 100))
        .col(string(App::Address, 300))
        .col(string(App::Postcode, 6))
        .col(string_null(App::Principal, 50))
        .col(string_null(App::Phone, 30))
        .col(json(App::AttachmentIds))
        .col(string(App::Status, 16))
        .col(string_null(App::RejectReason, 500))
        .col(uuid_null(App::ReviewedBy))
        .col(timestamp_null(App::ReviewedAt))
        .col(timestamp(App::SubmittedAt))
        .col(timestamp(App::CreatedAt))
        .col(timestamp(App::UpdatedAt));
}

/// `code_applications` as this migration creates it (the merge's `down` recreates it).
pub(crate) async fn create_code_applications(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut codes = Table::create();
    codes
        .table(CodeApplications::Table)
        .col(uuid_pk(CodeApplications::Id))
        .col(uuid(CodeApplications::UnitId))
        .col(string(CodeApplications::UnitName, 200))
        .col(string(CodeApplications::CreditCode, 18))
        .col(string_null(CodeApplications::EnrollmentCode, 32));
    applicant_columns(&mut codes);
    codes.foreign_key(&mut foreign_key(
        "fk_code_applications_unit",
        (CodeApplications::Table, CodeApplications::UnitId),
        (Units::Table, Units::Id),
        ForeignKeyAction::Restrict,
    ));
    manager.create_table(codes.to_owned()).await?;
    manager
        .create_index(index(
            "ix_code_applications_unit",
            CodeApplications::Table,
            &[CodeApplications::UnitId],
        ))
        .await?;
    Ok(())
}

/// `name_changes` as this migration creates it (the merge's `down` recreates it).
pub(crate) async fn create_name_changes(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut names = Table::create();
    names
        .table(NameChanges::Table)
        .col(uuid_pk(NameChanges::Id))
        .col(uuid(NameChanges::UnitId))
        .col(string(NameChanges::OldName, 200))
        .col(string(NameChanges::NewName, 200))
        .col(string(NameChanges::CreditCode, 18));
    applicant_columns(&mut names);
    names.foreign_key(&mut foreign_key(
        "fk_name_changes_unit",
        (NameChanges::Table, NameChanges::UnitId),
        (Units::Table, Units::Id),
        ForeignKeyAction::Restrict,
    ));
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
                    .col(string(DictionaryEntries::Kind, 32))
                    .col(string(DictionaryEntries::Value, 100))
                    .col(integer_default(DictionaryEntries::SortOrder, 0))
                    .col(boolean_default(DictionaryEntries::Disabled, false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_dictionary_entries_kind_value",
                DictionaryEntries::Table,
                &[DictionaryEntries::Kind, DictionaryEntries::Value],
            ))
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
                    .col(uuid_pk(UnitNameHistory::Id))
                    .col(uuid(UnitNameHistory::UnitId))
                    .col(string(UnitNameHistory::OldName, 200))
                    .col(string(UnitNameHistory::NewName, 200))
                    .col(uuid_null(UnitNameHistory::NameChangeId))
                    .col(timestamp(UnitNameHistory::ChangedAt))
                    .foreign_key(&mut foreign_key(
                        "fk_unit_name_history_unit",
                        (UnitNameHistory::Table, UnitNameHistory::UnitId),
                        (Units::Table, Units::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_index(unique_index(
                "ux_units_credit_code",
                Units::Table,
                &[Units::CreditCode],
            ))
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

#[derive(DeriveIden, Clone, Copy)]
enum DictionaryEntries {
    Table,
    Id,
    Kind,
    Value,
    SortOrder,
    Disabled,
}

#[derive(DeriveIden, Clone, Copy)]
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
