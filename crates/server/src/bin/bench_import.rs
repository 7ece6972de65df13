//! `cargo run --release -p server --bin bench_import [rows]`: the roster import under its
//! limits. Generates the largest accepted roster (`import.max_rows`, 100,000 people, by
//! default; `rows` overrides) and the worst hostile files (the issue's server killers and
//! files just under each limit), then measures each in a child process of its own, so
//! that every peak RSS printed (VmHWM from /proc/self/status) is that case's alone:
//! reading alone, the import through the real service into a fresh SQLite database and,
//! when `TEST_DATABASE_URL` (`postgres://…`) is set, a fresh PostgreSQL database, the
//! 422 answer of an all-duplicates file and its downloadable error report.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use api_types::{PaymentMethodIn, PaymentMethodKey, Role};
use chrono::{DateTime, Utc};
use domain::roster::Column;
use migration::{Migrator, MigratorTrait};
use rust_xlsxwriter::Workbook;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection};
use server::actor::{Actor, UserActor};
use server::app::config::Settings;
use server::batches::{create, payment_method, BatchError};
use server::entities::{account, unit};
use server::error::ServiceError;
use server::plan_years::service as plan_years;
use server::roster::import;
use server::roster::limits::ImportLimits;
use server::roster::sheet::read_roster_with;
use uuid::Uuid;
use zip::write::SimpleFileOptions;

fn status_line(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .map(|l| l.trim_start_matches(key).trim().to_owned())
        })
        .unwrap_or_else(|| "n/a".into())
}

fn peak() -> String {
    status_line("VmHWM:")
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

/// A roster of `rows` people; `same_person` repeats person 0 on every row.
fn roster(rows: u32, same_person: bool) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (i, c) in Column::ALL.iter().enumerate() {
        sheet.write_string(0, u16::try_from(i)?, c.template_header())?;
    }
    for i in 0..rows {
        let p = if same_person { 0 } else { i };
        let r = i + 1;
        sheet.write_string(r, 0, name(p))?;
        sheet.write_string(r, 1, "身份证")?;
        sheet.write_string(r, 2, resident_id(p)?)?;
        sheet.write_string(r, 5, format!("13{p:09}"))?;
    }
    Ok(book.save_to_buffer()?)
}

fn header_cells() -> String {
    Column::ALL
        .iter()
        .zip('A'..)
        .map(|(c, col)| {
            format!(
                r#"<c r="{col}1" t="inlineStr"><is><t>{}</t></is></c>"#,
                c.template_header()
            )
        })
        .collect()
}

/// A hand-written .xlsx: `sheet_data` inside `<sheetData>`, `sst` as shared strings.
fn xlsx(sheet_data: &str, sst: &str, tail: &str) -> anyhow::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let ns = "http://schemas.openxmlformats.org";
    let parts = [
        (
            "_rels/.rels",
            format!(
                r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/sharedStrings.xml",
            format!(r#"<sst xmlns="{ns}/spreadsheetml/2006/main">{sst}</sst>"#),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<worksheet xmlns="{ns}/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>{sheet_data}</sheetData></worksheet>{tail}"#
            ),
        ),
    ];
    for (name, body) in parts {
        zip.start_file(name, options)?;
        zip.write_all(body.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

fn record(typ: u16, data: &[u8]) -> anyhow::Result<Vec<u8>> {
    let len = u16::try_from(data.len())?;
    Ok([&typ.to_le_bytes()[..], &len.to_le_bytes(), data].concat())
}

/// A BIFF8 .xls listing `sheets` sheets that all point at one substream of NUMBER cells
/// at `cells` (row, column): calamine allocates each listed sheet's bounding box.
fn xls(sheets: usize, cells: &[(u16, u16)]) -> anyhow::Result<Vec<u8>> {
    let bof = |kind: u8| {
        record(
            0x0809,
            &[0x00, 0x06, kind, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        )
    };
    let globals = |pos: u32| -> anyhow::Result<Vec<u8>> {
        let mut out = bof(0x05)?;
        for _ in 0..sheets {
            let mut sheet = pos.to_le_bytes().to_vec();
            sheet.extend([0, 0, 1, 0, b'S']);
            out.extend(record(0x0085, &sheet)?);
        }
        out.extend(record(0x000A, &[])?);
        Ok(out)
    };
    let mut stream = globals(u32::try_from(globals(0)?.len())?)?;
    stream.extend(bof(0x10)?);
    for (row, col) in cells {
        let mut cell = [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat();
        cell.extend(1.0f64.to_le_bytes());
        stream.extend(record(0x0203, &cell)?);
    }
    stream.extend(record(0x000A, &[])?);
    Ok(server::roster::cfb::container(&stream))
}

/// The files measured: name, what they are, bytes.
fn cases(rows: u32, limits: &ImportLimits) -> anyhow::Result<Vec<(&'static str, String, Vec<u8>)>> {
    let header = format!(r#"<row r="1">{}</row>"#, header_cells());
    let strings = limits.max_shared_strings;
    let many: String = (0..strings)
        .map(|i| format!("<si><t>共享字符串第{i:07}号，长度接近上限的一段文字。</t></si>"))
        .collect();
    let long = "长".repeat(300_000);
    let refs: String = (2..10_002)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    let deep = format!(
        r#"{header}<row r="2"><c r="A2">{}{}</c></row>"#,
        "<x>".repeat(100_000),
        "</x>".repeat(100_000)
    );
    Ok(vec![
        (
            "largest",
            format!("{rows} different people (the largest accepted roster)"),
            roster(rows, false)?,
        ),
        (
            "far-corner",
            "header + one cell at XFD1048576 (the issue's 5 KB killer)".into(),
            xlsx(
                &format!(
                    r#"{header}<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#
                ),
                "",
                "",
            )?,
        ),
        (
            "million-copies",
            "1,000,000 copies of one person (the issue's 14.5 MB file)".into(),
            roster(1_000_000, true)?,
        ),
        (
            "max-copies",
            format!("{rows} copies of one person (every row an error)"),
            roster(rows, true)?,
        ),
        (
            "strings-at-cap",
            format!("{strings} shared strings (the cap), header only"),
            xlsx(&header, &many, "")?,
        ),
        (
            "one-long-string",
            "a 300,000-character shared string in 10,000 cells".into(),
            xlsx(
                &format!("{header}{refs}"),
                &format!("<si><t>{long}</t></si>"),
                "",
            )?,
        ),
        (
            "deep-xml",
            "a cell nested 100,000 elements deep".into(),
            xlsx(&deep, "", "")?,
        ),
        (
            "zip-bomb",
            "120 MB of spaces packed 1000:1".into(),
            xlsx(&header, "", &" ".repeat(120 * 1024 * 1024))?,
        ),
        (
            "xls-far-corner",
            ".xls with cells at A1 and at row 65,536, column 65,536".into(),
            xls(1, &[(0, 0), (u16::MAX, u16::MAX)])?,
        ),
        (
            "xls-boxes",
            ".xls listing 3 sheets of cells at A1 and AF65536 (the bounding-box budget)".into(),
            xls(3, &[(0, 0), (u16::MAX, 31)])?,
        ),
    ])
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

/// A fresh database with a unit whose voucher batch waits for its roster.
async fn batch_in(url: String) -> anyhow::Result<(DatabaseConnection, Actor, Uuid, i32)> {
    let settings = Settings::for_tests(url, std::env::temp_dir());
    let db = server::app::connect(&settings).await?;
    Migrator::up(&db, None).await?;
    let now = bench_now()?;
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
    Ok((db, actor, b.id, b.version))
}

fn bench_now() -> anyhow::Result<DateTime<Utc>> {
    Ok(DateTime::parse_from_rfc3339("2026-11-30T10:00:00+08:00")?.into())
}

/// One measurement, in this (child) process: prints what happened, the time and VmHWM.
async fn measure(what: &str, path: &Path, db_url: Option<String>) -> anyhow::Result<()> {
    let bytes = std::fs::read(path)?;
    let limits = ImportLimits::default();
    let size = bytes.len();
    let started = Instant::now();
    let outcome = match what {
        "read" => match read_roster_with(&bytes, &limits) {
            Ok((rows, stats)) => format!(
                "accepted: {} rows, {} cells, {} MiB inflated",
                rows.len(),
                stats.cells,
                stats.inflated_bytes / (1024 * 1024)
            ),
            Err(e) => format!("refused: {}", e[0].message),
        },
        "import" | "report" => {
            let url = db_url.ok_or_else(|| anyhow::anyhow!("no database"))?;
            let (db, actor, id, version) = batch_in(url).await?;
            let now = bench_now()?;
            let started = Instant::now();
            let out = if what == "import" {
                match import::import_with(&db, &actor, id, Some(version), bytes, &limits, now).await
                {
                    Ok((_, n)) => format!("imported {n} people"),
                    Err(BatchError::Service(ServiceError::Refused {
                        message, details, ..
                    })) => {
                        let json = serde_json::to_vec(&details)?.len();
                        format!("422 {message} ({} KiB of details)", json / 1024)
                    }
                    Err(other) => format!("failed: {other}"),
                }
            } else {
                let (_, xlsx) = import::error_report(&db, &actor, id, bytes, &limits, now).await?;
                format!("error report of {} KiB", xlsx.len() / 1024)
            };
            db.close().await?;
            println!(
                "    {what:<6} {:>8.2} s  peak RSS {:>11}  {out}",
                started.elapsed().as_secs_f64(),
                peak()
            );
            return Ok(());
        }
        other => anyhow::bail!("unknown measurement {other}"),
    };
    println!(
        "    {what:<6} {:>8.2} s  peak RSS {:>11}  ({} KiB file) {outcome}",
        started.elapsed().as_secs_f64(),
        peak(),
        size / 1024
    );
    Ok(())
}

fn child(what: &str, path: &Path, db_url: Option<&str>) -> anyhow::Result<()> {
    let mut cmd = std::process::Command::new(std::env::current_exe()?);
    cmd.args(["--measure", what]).arg(path);
    if let Some(url) = db_url {
        cmd.arg(url);
    }
    let status = cmd.status()?;
    anyhow::ensure!(
        status.success(),
        "{what} of {} failed: {status}",
        path.display()
    );
    Ok(())
}

fn sqlite_url(dir: &Path) -> String {
    let file = dir.join(format!("rtp-bench-{}.db", Uuid::new_v4().simple()));
    format!("sqlite://{}?mode=rwc", file.display())
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--measure") {
        let what = args.get(2).map(String::as_str).unwrap_or_default();
        let path = PathBuf::from(args.get(3).cloned().unwrap_or_default());
        return measure(what, &path, args.get(4).cloned()).await;
    }
    let limits = ImportLimits::default();
    let rows: u32 = args
        .get(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(limits.max_rows);
    let dir = std::env::temp_dir().join(format!("rtp-bench-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let outcome = run(&dir, rows, &limits).await;
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

async fn run(dir: &Path, rows: u32, limits: &ImportLimits) -> anyhow::Result<()> {
    let started = Instant::now();
    let cases = cases(rows, limits)?;
    println!(
        "generated {} files in {:.1} s; limits: {} rows, {} columns, {} chars a cell, {} MiB unpacked",
        cases.len(),
        started.elapsed().as_secs_f64(),
        limits.max_rows,
        limits.max_columns,
        limits.max_cell_chars,
        limits.max_unpacked_bytes / (1024 * 1024)
    );
    let pg = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"));
    for (key, label, bytes) in &cases {
        let path = dir.join(format!("{key}.bin"));
        std::fs::write(&path, bytes)?;
        println!("{key}: {label}, {} KiB", bytes.len() / 1024);
        child("read", &path, None)?;
        if matches!(
            *key,
            "largest" | "max-copies" | "million-copies" | "far-corner"
        ) {
            println!("  SQLite");
            child("import", &path, Some(&sqlite_url(dir)))?;
            if *key != "largest" {
                child("report", &path, Some(&sqlite_url(dir)))?;
            }
            if let Some(base) = &pg {
                println!("  PostgreSQL");
                child("import", &path, Some(&fresh_postgres(base).await?))?;
            }
        }
    }
    if pg.is_none() {
        println!("PostgreSQL skipped (set TEST_DATABASE_URL=postgres://user@host:5432)");
    }
    Ok(())
}
