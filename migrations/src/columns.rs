//! Column, key and index shapes the migrations repeat, written once. They build exactly
//! what the hand-written definitions built, so using them never changes a landed schema:
//! even the order of the calls is kept (`.not_null().default(…)`), because SQLite stores
//! the `CREATE TABLE` text as it was sent and the order is part of that text.

use sea_orm_migration::prelude::*;

/// A UUID primary key.
pub fn uuid_pk(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

/// A required UUID (a reference to another row).
pub fn uuid(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).uuid().not_null().to_owned()
}

/// An optional UUID.
pub fn uuid_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).uuid().null().to_owned()
}

/// A required string of at most `len` characters.
pub fn string(col: impl IntoIden, len: u32) -> ColumnDef {
    ColumnDef::new(col).string_len(len).not_null().to_owned()
}

/// An optional string of at most `len` characters.
pub fn string_null(col: impl IntoIden, len: u32) -> ColumnDef {
    ColumnDef::new(col).string_len(len).null().to_owned()
}

/// A required instant (stored with its time zone).
pub fn timestamp(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

/// An optional instant.
pub fn timestamp_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

/// A required integer.
pub fn integer(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).integer().not_null().to_owned()
}

/// A required integer with a default.
pub fn integer_default(col: impl IntoIden, default: i32) -> ColumnDef {
    ColumnDef::new(col)
        .integer()
        .not_null()
        .default(default)
        .to_owned()
}

/// A required 64-bit integer (sizes, amounts in fen).
pub fn big_integer(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().to_owned()
}

/// An optional 64-bit integer.
pub fn big_integer_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().null().to_owned()
}

/// A required boolean.
pub fn boolean(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).boolean().not_null().to_owned()
}

/// A required boolean with a default.
pub fn boolean_default(col: impl IntoIden, default: bool) -> ColumnDef {
    ColumnDef::new(col)
        .boolean()
        .not_null()
        .default(default)
        .to_owned()
}

/// A required calendar date (no time, no zone).
pub fn date(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).date().not_null().to_owned()
}

/// An optional calendar date.
pub fn date_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).date().null().to_owned()
}

/// An optional text of any length.
pub fn text_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().null().to_owned()
}

/// A required JSON document.
pub fn json(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).json().not_null().to_owned()
}

/// An optional JSON document.
pub fn json_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).json().null().to_owned()
}

/// A foreign key `name` from `from` (table, column) to `to` (table, column), saying what
/// deleting the referenced row does. The batches' keys were written without an ON DELETE
/// clause and stay hand-written: adding one, even `NO ACTION`, would change their schema.
pub fn foreign_key(
    name: &str,
    (table, col): (impl IntoTableRef, impl IntoIden),
    (ref_table, ref_col): (impl IntoTableRef, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(ref_table, ref_col)
        .on_delete(on_delete)
        .to_owned()
}

/// A plain index over `cols` of `table`.
pub fn index<T: IntoIden + Copy + 'static, C: IntoIden + Copy + 'static>(
    name: &str,
    table: T,
    cols: &[C],
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(*col);
    }
    index.to_owned()
}

/// A unique index over `cols` of `table`.
pub fn unique_index<T: IntoIden + Copy + 'static, C: IntoIden + Copy + 'static>(
    name: &str,
    table: T,
    cols: &[C],
) -> IndexCreateStatement {
    let mut index = index(name, table, cols);
    index.unique();
    index
}
