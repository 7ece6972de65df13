//! `cargo run --release -p server --bin bench_load [people] [requests]`: the lists, the
//! search and the export at scale. Seeds `people` (default 100,000; up to 1,000,000 for the
//! trend) in batches (`batch_sizes`: four up to 200,000 people, half of them in one), then runs each request of issue 15's table (and `/healthz` in the same run) with
//! `requests` GETs (default 3,000) over 10 connections from this process, against
//! 127.0.0.1 only, each line bounded in count and in time. Prints p50 / p99 / req/s and the
//! p99 ÷ /healthz's p99 of each line, page 4000 ÷ page 1, the export's time ÷ a bare
//! rust_xlsxwriter write of the same cells with its RSS growth and the longest /healthz
//! answer meanwhile, and an import of 25,000 people into the full table ÷ into an empty
//! one. SQLite always; PostgreSQL too with `TEST_DATABASE_URL=postgres://…`.
//!
//! The load runs in the server's process (no `oha` here): both share the machine's cores,
//! so the ratios are the figures to compare, not the absolute latencies.

mod load;
mod seed;

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use rust_xlsxwriter::Workbook;
use sea_orm::{ConnectionTrait, Database};
use server::app::clock::OffsetClock;
use server::app::config::Settings;
use server::app::Application;
use uuid::Uuid;

use load::Stats;

/// The first person of the imports into the empty and the full table (far from the seeded).
const MOVERS_FROM: u32 = 2_000_000;

fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Resets the peak RSS (VmHWM) to the current RSS (Linux `clear_refs`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A new database of its own: its URL and its name.
async fn fresh_postgres(base: &str) -> anyhow::Result<(String, String)> {
    let base = base.trim_end_matches('/');
    let admin = Database::connect(format!("{base}/postgres")).await?;
    let name = format!("rtp_bench_load_{}", Uuid::new_v4().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    admin.close().await?;
    Ok((format!("{base}/{name}"), name))
}

/// Drops the bench's database (the connections its server still holds are ended).
async fn drop_postgres(base: &str, name: &str) -> anyhow::Result<()> {
    let admin = Database::connect(format!("{}/postgres", base.trim_end_matches('/'))).await?;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await?;
    admin.close().await?;
    Ok(())
}

fn line(label: &str, s: &Stats, healthz: &Stats) {
    println!(
        "  {label:<40} p50 {:>7.2} ms  p99 {:>7.2} ms  {:>7.0} req/s  p99 ÷ /healthz {:>6.1}×{}",
        s.p50,
        s.p99,
        s.rps,
        s.p99 / healthz.p99.max(1e-9),
        if s.failed > 0 {
            format!("  ({} of {} not 200)", s.failed, s.done)
        } else {
            String::new()
        }
    );
}

/// The same 9 columns × `people` cells written by rust_xlsxwriter alone (in memory, the
/// writer's default): the floor of any export; answers the seconds.
fn bare_write(people: u32) -> anyhow::Result<f64> {
    let cells: Vec<[String; 9]> = (0..people)
        .map(|i| {
            Ok([
                (i + 1).to_string(),
                seed::name(i),
                "居民身份证".into(),
                seed::resident_id(i)?,
                "1950-01-01".into(),
                "男".into(),
                format!("13{i:09}"),
                "120.00".into(),
                "待校验".into(),
            ])
        })
        .collect::<anyhow::Result<_>>()?;
    let started = Instant::now();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in cells.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(u32::try_from(r + 1)?, u16::try_from(c)?, v)?;
        }
    }
    let bytes = book.save_to_buffer()?;
    anyhow::ensure!(!bytes.is_empty());
    Ok(started.elapsed().as_secs_f64())
}

async fn run(label: &str, url: String, people: u32, requests: usize) -> anyhow::Result<()> {
    println!(
        "\n{label}: {people} people in {} batches, {requests} requests a line, {} connections",
        batch_sizes(people).len(),
        load::CONNECTIONS
    );
    let dir = std::env::temp_dir().join(format!("rtp-bench-load-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let clock = OffsetClock::default();
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-30T10:00:00+08:00")?.into();
    clock.set(now);
    let mut settings = Settings::for_tests(url, dir.clone());
    settings.db_max_connections = 10;
    let app = Application::build(settings, Arc::new(clock.clone())).await?;
    let state = app.state().clone();
    let base = format!("http://127.0.0.1:{}", app.port());
    let server = tokio::spawn(app.run_until_stopped());
    let db = &state.db;

    // Import of 25,000 people into an empty table, then (below) into the full one.
    let movers = (people / 4).min(25_000);
    let moving = seed::roster(MOVERS_FROM, movers)?;
    let mut mover = seed::operator(&state, "800000009", now).await?;
    let empty_import = seed::import(db, &mut mover, moving.clone(), now).await?;
    seed::clear(db, &mut mover, now).await?;

    let sizes = batch_sizes(people);
    let mut ops = Vec::new();
    let mut from = 0;
    let seeding = Instant::now();
    for (i, size) in sizes.iter().enumerate() {
        let code = if i < 4 {
            format!("80000000{i}")
        } else {
            format!("7{i:08}")
        };
        let mut op = seed::operator(&state, &code, now).await?;
        seed::import(db, &mut op, seed::roster(from, *size)?, now).await?;
        from += size;
        ops.push(op);
    }
    println!(
        "  seeded in {:.1} s: batches of {sizes:?}",
        seeding.elapsed().as_secs_f64()
    );
    let full_import = seed::import(db, &mut mover, moving, now).await?;
    seed::clear(db, &mut mover, now).await?;
    let big = &ops[0];
    seed::verified(db, big.batch.id).await?;

    let client = load::client()?;
    let roster = format!("{base}/api/batches/{}/roster", big.batch.id);
    let pages: serde_json::Value = client
        .get(format!("{roster}?page=3999"))
        .bearer_auth(&big.token)
        .send()
        .await?
        .json()
        .await?;
    let cursor = pages["next"].as_str().unwrap_or_default().to_owned();
    let id = seed::resident_id(1234)?;
    let page_one = format!("roster page 1 ({}k batch)", sizes[0] / 1000);
    let lines: Vec<(&str, String)> = vec![
        ("GET /healthz", format!("{base}/healthz")),
        ("GET /api/batches", format!("{base}/api/batches")),
        (page_one.as_str(), format!("{roster}?page=1")),
        (
            "roster page 1 + name prefix (员一二三)",
            format!("{roster}?name=员一二三"),
        ),
        (
            "roster page 1 + exact ID (audited)",
            format!("{roster}?id_number={id}"),
        ),
        (
            "roster page 4000 (by number)",
            format!("{roster}?page=4000"),
        ),
        (
            "roster page 4000 (by cursor)",
            format!("{roster}?page=4000&after={cursor}"),
        ),
        (
            "results page 1 (校验通过)",
            format!("{roster}?outcome=passed"),
        ),
        (
            "results page 4000 (校验通过)",
            format!("{roster}?outcome=passed&page=4000"),
        ),
        (
            "results 姓名不一致 page 1",
            format!("{roster}?outcome=name_mismatch"),
        ),
    ];
    let mut measured = Vec::new();
    for (_, url) in &lines {
        let token = if url.ends_with("/healthz") {
            ""
        } else {
            big.token.as_str()
        };
        measured.push(load::run(&client, url, token, requests).await?);
    }
    let healthz = measured[0];
    for ((label, _), s) in lines.iter().zip(&measured) {
        line(label, s, &healthz);
    }
    let ratio = |a: usize, b: usize| measured[a].p99 / measured[b].p99.max(1e-9);
    println!(
        "  page 4000 ÷ page 1 (p99): by number {:.2}×, by cursor {:.2}×, results by number {:.2}×",
        ratio(5, 2),
        ratio(6, 2),
        ratio(8, 7)
    );

    // The export of the big batch over HTTP, /healthz polled meanwhile.
    // The export of the big batch over HTTP, twice (the first one also pays for the
    // process's first use of its threads and buffers), /healthz polled meanwhile.
    let export_url = format!("{roster}/export");
    let mut exports = Vec::new();
    for round in ["first", "second"] {
        let rss_before = status_kb("VmRSS:");
        reset_peak();
        let (took, worst) = load::stall_during(&client, &format!("{base}/healthz"), async {
            let started = Instant::now();
            let res = client.get(&export_url).bearer_auth(&big.token).send().await;
            let size = match res {
                Ok(r) if r.status().as_u16() == 200 => {
                    r.bytes().await.map(|b| b.len()).unwrap_or(0)
                }
                _ => 0,
            };
            (started.elapsed().as_secs_f64(), size)
        })
        .await;
        let peak = status_kb("VmHWM:");
        exports.push((round, took, worst, peak.saturating_sub(rss_before)));
    }
    // After the exports: the bare write's own memory must not be what they reuse.
    let bare = bare_write(sizes[0])?;
    for (round, took, worst, growth_kb) in exports {
        println!(
            "  export of {} people ({round}): {:.2} s ({} KB), bare rust_xlsxwriter write {:.2} s → {:.2}×; RSS growth {:.0} MB; longest /healthz meanwhile {:.0} ms",
            sizes[0],
            took.0,
            took.1 / 1024,
            bare,
            took.0 / bare.max(1e-9),
            growth_kb as f64 / 1024.0,
            worst.as_secs_f64() * 1000.0
        );
    }
    println!(
        "  import of {movers} people: into the full table {full_import:.2} s, into an empty one {empty_import:.2} s → {:.2}×",
        full_import / empty_import.max(1e-9)
    );
    server.abort();
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

/// Most people one import takes (`import.max_rows`'s default).
const IMPORT_MAX: u32 = 100_000;

/// The batches of the bench: up to 200,000 people, one of half of them (50,000 of 100,000)
/// and three smaller; beyond (the 1,000,000-person trend), the big batch at the import's
/// limit and the rest in batches of at most that many.
fn batch_sizes(people: u32) -> Vec<u32> {
    if people / 2 <= IMPORT_MAX {
        return vec![
            people / 2,
            people / 5,
            people * 3 / 20,
            people - people / 2 - people / 5 - people * 3 / 20,
        ];
    }
    let rest = people - IMPORT_MAX;
    let n = rest.div_ceil(IMPORT_MAX);
    let mut sizes = vec![IMPORT_MAX];
    sizes.extend((0..n).map(|i| rest / n + u32::from(i < rest % n)));
    sizes
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let people: u32 = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let requests: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(3_000);
    anyhow::ensure!(
        (1_000..=1_000_000).contains(&people),
        "people: 1,000 ..= 1,000,000"
    );
    anyhow::ensure!(
        (100..=100_000).contains(&requests),
        "requests: 100 ..= 100,000"
    );
    let file = std::env::temp_dir().join(format!("rtp-bench-load-{}.db", Uuid::new_v4().simple()));
    run(
        "SQLite",
        format!("sqlite://{}?mode=rwc", file.display()),
        people,
        requests,
    )
    .await?;
    for suffix in ["", "-wal", "-shm"] {
        std::fs::remove_file(format!("{}{suffix}", file.display())).ok();
    }
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let (url, name) = fresh_postgres(&base).await?;
            let outcome = run("PostgreSQL", url, people, requests).await;
            drop_postgres(&base, &name).await?;
            outcome?;
        }
        _ => println!("\nPostgreSQL skipped (set TEST_DATABASE_URL=postgres://user@host:5432)"),
    }
    Ok(())
}
