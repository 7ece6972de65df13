//! `cargo run --release -p server --bin bench_import [rows]`: generates a roster workbook
//! (50,000 rows by default), times calamine alone reading it, then imports it through
//! the real import service into a fresh SQLite database and, when `TEST_DATABASE_URL`
//! (`postgres://…`) is set, a fresh PostgreSQL database; prints times and peak memory
//! (VmHWM from /proc/self/status).

use std::io::Cursor;
use std::time::Instant;

use api_types::{PaymentMethodIn, PaymentMethodKey, Role};
use calamine::{open_workbook_auto_from_rs, Reader};
use chrono::{DateTime, Utc};
use domain::roster::Column;
use migration::{Migrator, MigratorTrait};
use rust_xlsxwriter::Workbook;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database};
use server::actor::{Actor, UserActor};
use server::app::config::Settings;
use server::batches::{create, payment_method};
use server::entities::{account, unit};
use server::plan_years::service as plan_years;
use server::roster::{import, sheet};
use uuid::Uuid;

fn peak_kib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "n/a".into())
}

fn resident_id(i: u32) -> anyhow::Result<String> {
    let day = 1 + (i / 1000) % 28;
    let month = 1 + (i / 28_000) % 12;
    let first17 = format!("110101195{}{month:02}{day:02}{:03}", i % 10, i % 1000);
    let check = domain::id_number::resident_id_check_digit(&first17)
        .ok_or_else(|| anyhow::anyhow!("check digit of {first17}"))?;
    Ok(format!("{first17}{check}"))
}

fn name(i: u32) -> String {
    let digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let spelled: String = i
        .to_string()
        .chars()
        .map(|c| digits[c.to_digit(10).unwrap_or(0) as usize])
        .collect();
    format!("员{spelled}")
}

fn generate(rows: u32) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (i, c) in Column::ALL.iter().enumerate() {
        sheet.write_string(0, u16::try_from(i)?, c.template_header())?;
    }
    for i in 0..rows {
        let r = i + 1;
        sheet.write_string(r, 0, name(i))?;
        sheet.write_string(r, 1, "身份证")?;
        sheet.write_string(r, 2, resident_id(i)?)?;
        sheet.write_string(r, 5, format!("13{:09}", i))?;
    }
    Ok(book.save_to_buffer()?)
}

async fn fresh_postgres(base: &str) -> anyhow::Result<String> {
    let base = base.trim_end_matches('/');
    let admin = Database::connect(format!("{base}/postgres")).await?;
    let name = format!("rtp_bench_{}", Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    admin.close().await?;
    Ok(format!("{base}/{name}"))
}

async fn import_into(label: &str, url: String, bytes: &[u8], rows: u32) -> anyhow::Result<()> {
    let dir = std::env::temp_dir();
    let settings = Settings::for_tests(url, dir);
    let db = server::app::connect(&settings).await?;
    Migrator::up(&db, None).await?;
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-30T10:00:00+08:00")?.into();
    plan_years::ensure_seeded(&db, now).await?;
    let tag = Uuid::new_v4().simple().to_string()[..8].to_owned();
    let unit_id = unit::new_row(
        &format!("压测单位{tag}"),
        None,
        Some("999000000".into()),
        now,
    )
    .insert(&db)
    .await?
    .id;
    let login = format!("bench{}", &unit_id.simple().to_string()[..8]);
    let acct = account::new_row(&login, "x".into(), "unit", Some(unit_id), "压测", now)
        .insert(&db)
        .await?;
    let actor = Actor::User(UserActor {
        account_id: acct.id,
        account: acct.account,
        role: Role::Unit,
        unit_id: acct.unit_id,
    });
    let b = create::create(&db, &actor, domain::BatchKind::Instant, now).await?;
    let method = PaymentMethodIn {
        method: PaymentMethodKey::Voucher,
        withholding_amount_fen: None,
        withholding_letter_id: None,
    };
    let b = payment_method::choose(&db, &actor, b.id, Some(b.version), &method, now).await?;
    let started = Instant::now();
    let (_, count) =
        import::import(&db, &actor, b.id, Some(b.version), bytes.to_vec(), now).await?;
    let took = started.elapsed();
    anyhow::ensure!(count == rows as usize, "imported {count} of {rows}");
    println!(
        "{label:<11} import of {count} rows: {:>8.2} s   (peak memory so far {})",
        took.as_secs_f64(),
        peak_kib()
    );
    db.close().await?;
    Ok(())
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let rows: u32 = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(50_000);
    let started = Instant::now();
    let bytes = generate(rows)?;
    println!(
        "generated   {rows} rows, {} KiB in {:.2} s   (peak memory {})",
        bytes.len() / 1024,
        started.elapsed().as_secs_f64(),
        peak_kib()
    );

    let started = Instant::now();
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.clone()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| anyhow::anyhow!("no sheet"))??;
    let cells = range.used_cells().count();
    println!(
        "calamine    read {cells} cells:       {:>8.2} s   (peak memory so far {})",
        started.elapsed().as_secs_f64(),
        peak_kib()
    );
    drop(range);
    drop(book);
    let started = Instant::now();
    let parsed = sheet::read_roster(bytes.clone())
        .map_err(|e| anyhow::anyhow!("unreadable: {e:?}"))?
        .len();
    println!(
        "read+text   {parsed} rows (calamine + cells → RawRow): {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let sqlite = std::env::temp_dir().join(format!("rtp-bench-{}.db", Uuid::new_v4().simple()));
    let sqlite_url = format!("sqlite://{}?mode=rwc", sqlite.display());
    let outcome = import_into("SQLite", sqlite_url, &bytes, rows).await;
    let _ = std::fs::remove_file(&sqlite);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", sqlite.display()));
    }
    outcome?;
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let url = fresh_postgres(&base).await?;
            import_into("PostgreSQL", url, &bytes, rows).await?;
        }
        _ => println!("PostgreSQL  skipped (set TEST_DATABASE_URL=postgres://user@host:5432)"),
    }
    Ok(())
}
