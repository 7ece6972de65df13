//! A check's results in one statement: `UPDATE … FROM (VALUES …)` over the chunk's people,
//! the same text on SQLite and PostgreSQL (both name a `VALUES` list's columns `column1`,
//! `column2`, …). One statement instead of one per person: on SQLite a chunk holds the one
//! writer's lock for less time, and on PostgreSQL the `roster_counts` statement trigger runs
//! once per chunk instead of once per person.

use sea_orm::sea_query::Iden;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, DbErr, Iterable, Statement, Value};

use crate::entities::roster_entry::{ActiveModel, Column};

/// Writes the result columns of `rows` (each with its `id` set) in one statement: the
/// columns `check::record_result` set on the first row, which every row must set too.
pub async fn write_results(db: &impl ConnectionTrait, rows: &[ActiveModel]) -> Result<(), DbErr> {
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let columns: Vec<Column> = Column::iter()
        .filter(|c| !matches!(c, Column::Id) && first.get(*c).is_set())
        .collect();
    let mut values: Vec<Value> = Vec::with_capacity(rows.len() * (columns.len() + 1));
    for row in rows {
        for col in std::iter::once(Column::Id).chain(columns.iter().copied()) {
            let value = row.get(col).into_value().ok_or_else(|| {
                DbErr::Custom(format!("a check's result without {}", col.to_string()))
            })?;
            values.push(value);
        }
    }
    let backend = db.get_database_backend();
    let sql = statement_text(backend, &columns, rows.len());
    db.execute(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(())
}

/// The statement setting `columns` of `n` people (`n` > 0), their ids first in each row.
fn statement_text(backend: DbBackend, columns: &[Column], n: usize) -> String {
    let width = columns.len() + 1;
    let placeholder = |i: usize| match backend {
        DbBackend::Postgres => format!("${}", i + 1),
        _ => "?".to_owned(),
    };
    let rows: Vec<String> = (0..n)
        .map(|r| {
            let cells: Vec<String> = (0..width).map(|c| placeholder(r * width + c)).collect();
            format!("({})", cells.join(", "))
        })
        .collect();
    let set: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, col)| format!("\"{}\" = v.column{}", col.to_string(), i + 2))
        .collect();
    format!(
        "UPDATE \"roster_entries\" SET {} FROM (VALUES {}) AS v WHERE \"roster_entries\".\"id\" = v.column1",
        set.join(", "),
        rows.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_of_placeholders_per_person_numbered_on_postgres() {
        let columns = [Column::Outcome, Column::SsRaw];
        let pg = statement_text(DbBackend::Postgres, &columns, 2);
        assert!(pg.contains("($1, $2, $3), ($4, $5, $6)"), "{pg}");
        assert!(pg.contains("\"ss_raw\" = v.column3"), "{pg}");
        let lite = statement_text(DbBackend::Sqlite, &columns, 1);
        assert_eq!(lite.matches('?').count(), 3);
    }
}
