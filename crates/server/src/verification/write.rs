//! A check's results in one statement: `UPDATE … FROM (VALUES …)` over the chunk's people,
//! the same text on SQLite and PostgreSQL (both name a `VALUES` list's columns `column1`,
//! `column2`, …). One statement instead of one per person: on SQLite a chunk holds the one
//! writer's lock for less time, and on PostgreSQL the `roster_counts` statement trigger runs
//! once per chunk instead of once per person.

use sea_orm::sea_query::Iden;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, DbErr, Statement, Value};

use crate::entities::roster_entry::{ActiveModel, Column};

/// The columns a check writes (`check::record_result` sets every one of them).
const RESULTS: [Column; 14] = [
    Column::NeedsCheck,
    Column::Status,
    Column::CheckedAt,
    Column::CheckedInJob,
    Column::Outcome,
    Column::DeductionType,
    Column::SsName,
    Column::SsStatus,
    Column::SsRetirementMonth,
    Column::SsCode,
    Column::SsUnitName,
    Column::MedicalInsurance,
    Column::Withholdable,
    Column::SsRaw,
];

/// Writes the result columns of `rows` (each with its `id` set) in one statement.
pub async fn write_results(db: &impl ConnectionTrait, rows: &[ActiveModel]) -> Result<(), DbErr> {
    let Some(sql) = statement_text(db.get_database_backend(), rows.len()) else {
        return Ok(());
    };
    let mut values: Vec<Value> = Vec::with_capacity(rows.len() * (RESULTS.len() + 1));
    for row in rows {
        for col in std::iter::once(Column::Id).chain(RESULTS) {
            let value = row.get(col).into_value().ok_or_else(|| {
                DbErr::Custom(format!("a check's result without {}", col.to_string()))
            })?;
            values.push(value);
        }
    }
    db.execute(Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        values,
    ))
    .await?;
    Ok(())
}

/// The statement for `n` people (`None` for none).
fn statement_text(backend: DbBackend, n: usize) -> Option<String> {
    if n == 0 {
        return None;
    }
    let width = RESULTS.len() + 1;
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
    let set: Vec<String> = RESULTS
        .iter()
        .enumerate()
        .map(|(i, col)| format!("\"{}\" = v.column{}", col.to_string(), i + 2))
        .collect();
    Some(format!(
        "UPDATE \"roster_entries\" SET {} FROM (VALUES {}) AS v WHERE \"roster_entries\".\"id\" = v.column1",
        set.join(", "),
        rows.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_of_placeholders_per_person_numbered_on_postgres() {
        let pg = statement_text(DbBackend::Postgres, 2).expect("two rows");
        assert!(pg.contains("($1, $2,") && pg.contains("$30)"), "{pg}");
        assert!(pg.contains("\"ss_raw\" = v.column15"), "{pg}");
        let lite = statement_text(DbBackend::Sqlite, 1).expect("one row");
        assert_eq!(lite.matches('?').count(), 15);
        assert_eq!(statement_text(DbBackend::Sqlite, 0), None);
    }
}
