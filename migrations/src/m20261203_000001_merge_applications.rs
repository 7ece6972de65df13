//! Code applications (参保编码申请) and name changes (修改单位名称) are one workflow with two
//! kinds: one `applications` table instead of two parallel ones. Existing rows move over
//! with their ids (the unit's name history keeps pointing at its name change).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use super::m20261130_000001_create_units::Units;
use super::m20261201_000002_create_unit_applications::{
    applicant_columns, create_code_applications, create_name_changes, CodeApplications, NameChanges,
};
use crate::columns::{foreign_key, index, string, string_null, uuid, uuid_pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The applicant columns, as both old tables and the new one name them.
const APPLICANT: &str = "operator_name, operator_mobile, operator_email, district_union, \
    economic_type, address, postcode, principal, phone, attachment_ids, status, reject_reason, \
    reviewed_by, reviewed_at, submitted_at, created_at, updated_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Applications::Table)
            .col(uuid_pk(Applications::Id))
            .col(string(Applications::Kind, 16))
            .col(uuid(Applications::UnitId))
            .col(string(Applications::UnitName, 200))
            .col(string_null(Applications::OldName, 200))
            .col(string(Applications::CreditCode, 18))
            .col(string_null(Applications::EnrollmentCode, 32));
        applicant_columns(&mut table);
        table.foreign_key(&mut foreign_key(
            "fk_applications_unit",
            (Applications::Table, Applications::UnitId),
            (Units::Table, Units::Id),
            ForeignKeyAction::Restrict,
        ));
        manager.create_table(table.to_owned()).await?;
        manager
            .create_index(index(
                "ix_applications_unit_kind",
                Applications::Table,
                &[Applications::UnitId, Applications::Kind],
            ))
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "INSERT INTO applications (id, kind, unit_id, unit_name, old_name, credit_code, \
             enrollment_code, {APPLICANT}) SELECT id, 'enrollment_code', unit_id, unit_name, \
             NULL, credit_code, enrollment_code, {APPLICANT} FROM code_applications"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO applications (id, kind, unit_id, unit_name, old_name, credit_code, \
             enrollment_code, {APPLICANT}) SELECT id, 'name_change', unit_id, new_name, \
             old_name, credit_code, NULL, {APPLICANT} FROM name_changes"
        ))
        .await?;
        manager
            .drop_table(Table::drop().table(CodeApplications::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(NameChanges::Table).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_code_applications(manager).await?;
        create_name_changes(manager).await?;
        let db = manager.get_connection();
        db.execute_unprepared(&format!(
            "INSERT INTO code_applications (id, unit_id, unit_name, credit_code, \
             enrollment_code, {APPLICANT}) SELECT id, unit_id, unit_name, credit_code, \
             enrollment_code, {APPLICANT} FROM applications WHERE kind = 'enrollment_code'"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO name_changes (id, unit_id, old_name, new_name, credit_code, \
             {APPLICANT}) SELECT id, unit_id, COALESCE(old_name, ''), unit_name, credit_code, \
             {APPLICANT} FROM applications WHERE kind = 'name_change'"
        ))
        .await?;
        manager
            .drop_table(Table::drop().table(Applications::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Applications {
    Table,
    Id,
    Kind,
    UnitId,
    UnitName,
    OldName,
    CreditCode,
    EnrollmentCode,
}
