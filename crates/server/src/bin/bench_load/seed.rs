//! The people of the bench: units with a voucher batch each, rosters imported through the
//! real service, and an access token per operator (signed by the server's own keys, so no
//! captcha stands between the bench and the API).

use api_types::{PaymentMethodIn, PaymentMethodKey, Role};
use chrono::{DateTime, Utc};
use domain::roster::Column;
use rust_xlsxwriter::Workbook;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use server::actor::{Actor, UserActor};
use server::app::state::AppState;
use server::batches::{create, payment_method};
use server::entities::{account, batch, roster_entry, unit};
use server::roster::{import, service as roster};

/// A unit's operator, its batch and a token for the API.
pub struct Operator {
    pub actor: Actor,
    pub batch: batch::Model,
    pub token: String,
}

/// The ID number of person `i` (distinct for `i` below 3,360,000: the last three digits,
/// the day, the month and the year's last digit all vary).
pub fn resident_id(i: u32) -> anyhow::Result<String> {
    let day = 1 + (i / 1000) % 28;
    let month = 1 + (i / 28_000) % 12;
    let first17 = format!(
        "310115195{}{month:02}{day:02}{:03}",
        (i / 336_000) % 10,
        i % 1000
    );
    let check = domain::id_number::resident_id_check_digit(&first17)
        .ok_or_else(|| anyhow::anyhow!("check digit of {first17}"))?;
    Ok(format!("{first17}{check}"))
}

/// The name of person `i`: 员 and its digits spelled (员一二三 …), so a prefix finds a few.
pub fn name(i: u32) -> String {
    let digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let spelled: String = i
        .to_string()
        .chars()
        .map(|c| digits[c.to_digit(10).unwrap_or(0) as usize])
        .collect();
    format!("员{spelled}")
}

/// The import workbook of people `from .. from + people`.
pub fn roster(from: u32, people: u32) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    for (i, c) in Column::ALL.iter().enumerate() {
        sheet.write_string(0, u16::try_from(i)?, c.template_header())?;
    }
    for i in 0..people {
        let n = from + i;
        let r = i + 1;
        sheet.write_string(r, 0, name(n))?;
        sheet.write_string(r, 1, "身份证")?;
        sheet.write_string(r, 2, resident_id(n)?)?;
        sheet.write_string(r, 5, format!("13{n:09}"))?;
    }
    Ok(book.save_to_buffer()?)
}

/// A unit with an enrollment code, its operator and an empty voucher batch.
pub async fn operator(
    state: &AppState,
    code: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Operator> {
    let db = &state.db;
    let unit_id = unit::new_row(&format!("压测单位{code}"), None, Some(code.into()), now)
        .insert(db)
        .await?
        .id;
    let acct = account::new_row(
        &format!("tuixiu{code}"),
        "x".into(),
        "unit",
        Some(unit_id),
        "压测",
        now,
    )
    .insert(db)
    .await?;
    let (token, _) = state.jwt.issue(
        acct.id,
        Role::Unit,
        acct.token_version,
        now,
        chrono::Duration::hours(12),
    )?;
    let actor = Actor::User(UserActor {
        account_id: acct.id,
        account: acct.account,
        role: Role::Unit,
        unit_id: Some(unit_id),
    });
    let b = create::create(db, &actor, domain::BatchKind::Instant, now).await?;
    let method = PaymentMethodIn {
        method: PaymentMethodKey::Voucher,
        withholding_amount_fen: None,
        withholding_letter_id: None,
    };
    let batch = payment_method::choose(db, &actor, b.id, Some(b.version), &method, now).await?;
    Ok(Operator {
        actor,
        batch,
        token,
    })
}

/// Imports `bytes` into the operator's batch (replacing its list); answers the seconds.
pub async fn import(
    db: &DatabaseConnection,
    op: &mut Operator,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> anyhow::Result<f64> {
    let started = std::time::Instant::now();
    let (b, _) = import::import(
        db,
        &op.actor,
        op.batch.id,
        Some(op.batch.version),
        bytes,
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("import: {e}"))?;
    let took = started.elapsed().as_secs_f64();
    op.batch = b;
    Ok(took)
}

/// Empties the operator's batch (清空参保名单).
pub async fn clear(
    db: &DatabaseConnection,
    op: &mut Operator,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    op.batch = roster::delete(
        db,
        &op.actor,
        op.batch.id,
        Some(op.batch.version),
        None,
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!("clear: {e}"))?;
    Ok(())
}

/// Gives a batch verification results, as a finished verification leaves them: one person
/// in 50 with 姓名不一致, the others 校验通过 (what the results list filters by).
pub async fn verified(db: &DatabaseConnection, batch_id: uuid::Uuid) -> anyhow::Result<()> {
    roster_entry::Entity::update_many()
        .col_expr(
            roster_entry::Column::Outcome,
            Expr::cust("CASE WHEN row_no % 50 = 0 THEN 'name_mismatch' ELSE 'passed' END"),
        )
        .col_expr(
            roster_entry::Column::Status,
            Expr::value(server::verification::check::VERIFIED),
        )
        .col_expr(roster_entry::Column::NeedsCheck, Expr::value(false))
        .filter(roster_entry::Column::BatchId.eq(batch_id))
        .exec(db)
        .await?;
    // What autovacuum does soon after a verification rewrote half the table (here at once,
    // so the run does not depend on when it wakes up).
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("VACUUM (ANALYZE) roster_entries")
            .await?;
    }
    Ok(())
}
