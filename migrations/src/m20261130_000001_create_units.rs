use sea_orm_migration::prelude::*;

use crate::columns::{integer_default, string, string_null, timestamp, unique_index, uuid_pk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Units::Table)
                    .col(uuid_pk(Units::Id))
                    .col(string(Units::Name, 200))
                    .col(string_null(Units::CreditCode, 18))
                    .col(string_null(Units::EnrollmentCode, 32))
                    .col(string_null(Units::Address, 300))
                    .col(string_null(Units::Postcode, 6))
                    .col(string_null(Units::DistrictUnion, 100))
                    .col(string_null(Units::EconomicType, 100))
                    .col(integer_default(Units::Version, 1))
                    .col(timestamp(Units::CreatedAt))
                    .col(timestamp(Units::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "ux_units_enrollment_code",
                Units::Table,
                &[Units::EnrollmentCode],
            ))
            .await?;
        manager
            .create_index(unique_index("ux_units_name", Units::Table, &[Units::Name]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Units::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Units {
    Table,
    Id,
    Name,
    CreditCode,
    EnrollmentCode,
    Address,
    Postcode,
    DistrictUnion,
    EconomicType,
    Version,
    CreatedAt,
    UpdatedAt,
}
