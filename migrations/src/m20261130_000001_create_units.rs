use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Units::Table)
                    .col(ColumnDef::new(Units::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Units::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Units::CreditCode).string_len(18).null())
                    .col(ColumnDef::new(Units::EnrollmentCode).string_len(32).null())
                    .col(ColumnDef::new(Units::Address).string_len(300).null())
                    .col(ColumnDef::new(Units::Postcode).string_len(6).null())
                    .col(ColumnDef::new(Units::DistrictUnion).string_len(100).null())
                    .col(ColumnDef::new(Units::EconomicType).string_len(100).null())
                    .col(
                        ColumnDef::new(Units::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .col(
                        ColumnDef::new(Units::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Units::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_units_enrollment_code")
                    .table(Units::Table)
                    .col(Units::EnrollmentCode)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_units_name")
                    .table(Units::Table)
                    .col(Units::Name)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Units::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
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
