//! `cargo run --release -p server --bin bench_verify [people]` (default 10,000): the system
//! verification of one unit's roster against the simulator with its default limits (50 ms
//! latency, 32 calls in flight and 200 calls/s per interface), once with the batch
//! endpoints off (one call per person and interface) and once with them on, while a
//! second unit's 20-person batch is verified at the same time. Prints the wall time, the
//! physical limit the interfaces' caps allow, their ratio, and when the small batch was
//! done. With `TEST_DATABASE_URL=postgres://…` it runs again on PostgreSQL with two
//! server instances sharing the job.
//!
//! Needs the simulator binary: `cargo build --release -p simulator` (the `just` recipe
//! builds it). Everything talks HTTP to it, as the product does.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use api_types::{PaymentMethodIn, PaymentMethodKey, Role};
use chrono::{DateTime, Utc};
use domain::roster::Column;
use rust_xlsxwriter::Workbook;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait};
use server::actor::{Actor, UserActor};
use server::app::clock::OffsetClock;
use server::app::config::Settings;
use server::app::Application;
use server::batches::{create, payment_method};
use server::entities::{account, batch, unit};
use server::roster::import;
use server::verification::service as verification;
use uuid::Uuid;

/// The simulator's default latency and caps (its README), which bound the run.
const LATENCY_S: f64 = 0.050;
const ITEM_LATENCY_S: f64 = 0.001;
const CONCURRENCY: f64 = 32.0;
const RATE: f64 = 200.0;
/// People per batch call.
const CHUNK: f64 = server::interfaces::social_security::CALL_SIZE as f64;

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The simulator binary next to this one, started with its defaults.
fn start_simulator(port: u16, batch_endpoints: bool) -> anyhow::Result<Child> {
    let exe = std::env::current_exe()?
        .parent()
        .map(|d| d.join("simulator"))
        .ok_or_else(|| anyhow::anyhow!("no directory of the bench binary"))?;
    anyhow::ensure!(
        exe.exists(),
        "{} is missing: cargo build --release -p simulator",
        exe.display()
    );
    let child = Command::new(exe)
        .env("SIM_BIND", format!("127.0.0.1:{port}"))
        .env(
            "SIM_BATCH_ENDPOINTS",
            if batch_endpoints { "on" } else { "off" },
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    Ok(child)
}

async fn wait_until_up(url: &str) -> anyhow::Result<()> {
    for _ in 0..100 {
        if reqwest::get(format!("{url}/healthz")).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("the simulator did not start")
}

fn resident_id(i: u32) -> anyhow::Result<String> {
    let day = 1 + (i / 1000) % 28;
    let month = 1 + (i / 28_000) % 12;
    let first17 = format!("310115195{}{month:02}{day:02}{:03}", i % 10, i % 1000);
    let check = domain::id_number::resident_id_check_digit(&first17)
        .ok_or_else(|| anyhow::anyhow!("check digit of {first17}"))?;
    Ok(format!("{first17}{check}"))
}

fn roster(from: u32, people: u32) -> anyhow::Result<Vec<u8>> {
    let digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (i, c) in Column::ALL.iter().enumerate() {
        sheet.write_string(0, u16::try_from(i)?, c.template_header())?;
    }
    for i in 0..people {
        let n = from + i;
        let spelled: String = n
            .to_string()
            .chars()
            .map(|c| digits[c.to_digit(10).unwrap_or(0) as usize])
            .collect();
        let r = i + 1;
        sheet.write_string(r, 0, format!("员{spelled}"))?;
        sheet.write_string(r, 1, "身份证")?;
        sheet.write_string(r, 2, resident_id(n)?)?;
        sheet.write_string(r, 5, format!("13{n:09}"))?;
    }
    Ok(book.save_to_buffer()?)
}

/// A unit with a code and its operator, a voucher batch, and its imported roster.
async fn batch_of(
    db: &DatabaseConnection,
    code: &str,
    from: u32,
    people: u32,
    now: DateTime<Utc>,
) -> anyhow::Result<(Actor, batch::Model)> {
    let unit_id = unit::new_row(&format!("压测单位{code}"), None, Some(code.into()), now)
        .insert(db)
        .await?
        .id;
    let login = format!("tuixiu{code}");
    let acct = account::new_row(&login, "x".into(), "unit", Some(unit_id), "压测", now)
        .insert(db)
        .await?;
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
    let b = payment_method::choose(db, &actor, b.id, Some(b.version), &method, now).await?;
    let bytes = roster(from, people)?;
    let (b, _) = import::import(db, &actor, b.id, Some(b.version), bytes, now).await?;
    Ok((actor, b))
}

async fn verified(db: &DatabaseConnection, id: Uuid) -> anyhow::Result<bool> {
    let b = batch::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("batch vanished"))?;
    Ok(b.status == "verified")
}

/// Where the time of a run went, from the big batch's task rows: when the first check was
/// claimed, when the last check ended, when the finish was claimed and ended, each in
/// seconds after the start.
async fn breakdown(
    db: &DatabaseConnection,
    batch_id: Uuid,
    started: DateTime<Utc>,
    lease_seconds: i64,
) -> anyhow::Result<String> {
    use server::entities::task;
    let rows: Vec<task::Model> = task::Entity::find().all(db).await?;
    let mine = rows
        .iter()
        .filter(|t| t.payload["batch_id"].as_str() == Some(batch_id.to_string().as_str()));
    let at = |t: Option<DateTime<Utc>>| {
        t.map_or(f64::NAN, |t| {
            (t - started).num_milliseconds() as f64 / 1000.0
        })
    };
    let claimed = |t: &task::Model| {
        t.lease_expires_at
            .map(|e| e - chrono::Duration::seconds(lease_seconds))
    };
    let (checks, finish): (Vec<_>, Vec<_>) = mine.partition(|t| t.kind == "verification.check");
    let first_claim = checks.iter().filter_map(|t| claimed(t)).min();
    let last_check = checks.iter().filter_map(|t| t.finished_at).max();
    let finish_claim = finish.iter().filter_map(|t| claimed(t)).min();
    let finish_end = finish.iter().filter_map(|t| t.finished_at).max();
    Ok(format!(
        "first check claimed {:.2} s, last check done {:.2} s, finish claimed {:.2} s, finish done {:.2} s ({} checks)",
        at(first_claim),
        at(last_check),
        at(finish_claim),
        at(finish_end),
        checks.len()
    ))
}

/// The physical limit of a run: per interface, the larger of calls × latency ÷ concurrency
/// and calls ÷ rate; the interfaces run side by side.
fn physical_limit(people: u32, batch_endpoints: bool) -> (f64, f64) {
    let people = f64::from(people);
    let (calls, per_call) = if batch_endpoints {
        let calls = (people / CHUNK).ceil();
        (calls, LATENCY_S + (CHUNK - 1.0) * ITEM_LATENCY_S)
    } else {
        (people, LATENCY_S)
    };
    let limit = (calls * per_call / CONCURRENCY).max(calls / RATE);
    (calls, limit)
}

async fn run(
    label: &str,
    url: &str,
    people: u32,
    batch_endpoints: bool,
    instances: usize,
) -> anyhow::Result<()> {
    let port = free_port()?;
    let mut sim = start_simulator(port, batch_endpoints)?;
    let sim_url = format!("http://127.0.0.1:{port}");
    let outcome = async {
        wait_until_up(&sim_url).await?;
        let dir = tempfile_dir()?;
        let clock = OffsetClock::default();
        let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-30T10:00:00+08:00")?.into();
        clock.set(now);
        let mut apps = Vec::new();
        for _ in 0..instances {
            let mut settings = Settings::for_tests(url.to_owned(), dir.clone());
            settings.simulator_url = sim_url.clone();
            // The product's default unless BENCH_WORKERS says otherwise (the test settings
            // have none: tests drive their tasks themselves).
            settings.tasks.workers = std::env::var("BENCH_WORKERS")
                .ok()
                .and_then(|w| w.parse().ok())
                .unwrap_or(server::app::config::TaskSettings::default().workers);
            settings.tasks.poll_ms = 100;
            settings.interfaces.batch_endpoints = batch_endpoints;
            settings.db_max_connections = 10;
            apps.push(Application::build(settings, Arc::new(clock.clone())).await?);
        }
        let db = apps[0].state().db.clone();
        let tasks = apps[0].state().settings.tasks.clone();
        let per_task = verification::people_per_task(&apps[0].state().settings.interfaces);
        let (big_actor, big) = batch_of(&db, "900000001", 0, people, clock_now(&clock)).await?;
        let (small_actor, small) =
            batch_of(&db, "900000002", 900_000, 20, clock_now(&clock)).await?;
        let states: Vec<_> = apps.iter().map(|a| a.state().clone()).collect();
        let mut servers = Vec::new();
        for app in apps {
            servers.push(tokio::spawn(app.run_until_stopped()));
        }
        // In service, instances run for days: each knows the others (a heartbeat every
        // 3 s) before a job comes. Measure that, not the first seconds of a cold start, when
        // the first instance still takes the whole caps for itself.
        let known = Instant::now();
        while states
            .iter()
            .any(|s| usize::try_from(s.instances.instances()).ok() != Some(instances))
        {
            anyhow::ensure!(
                known.elapsed() < Duration::from_secs(30),
                "the instances did not see each other"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let started = Instant::now();
        let started_at = clock_now(&clock);
        verification::start(&db, &tasks, per_task, &big_actor, big.id, Some(big.version), clock_now(&clock))
            .await?;
        // As the route does once the start committed.
        states[0].wakeup.wake(&db).await;
        // The small batch of another unit starts a moment later, while the big one runs.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let small_started = Instant::now();
        verification::start(&db, &tasks, per_task, &small_actor, small.id, Some(small.version), clock_now(&clock))
            .await?;
        states[0].wakeup.wake(&db).await;
        let mut small_took = None;
        loop {
            if small_took.is_none() && verified(&db, small.id).await? {
                small_took = Some(small_started.elapsed());
            }
            if verified(&db, big.id).await? {
                break;
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(1800),
                "gave up after 30 minutes"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let took = started.elapsed().as_secs_f64();
        while small_took.is_none() {
            if verified(&db, small.id).await? {
                small_took = Some(small_started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let (calls, limit) = physical_limit(people, batch_endpoints);
        let stats: serde_json::Value = reqwest::get(format!("{sim_url}/admin/stats")).await?.json().await?;
        let persons = &stats["interfaces"]["social_security_persons"];
        println!(
            "{label:<34} {people:>6} people  {took:>7.1} s   limit {limit:>6.1} s ({calls:.0} calls/interface)   ratio {:>5.2}   20-person batch of another unit done after {:>5.1} s   (persons: {} calls, {} answered 429)",
            took / limit,
            small_took.unwrap_or_default().as_secs_f64(),
            persons["calls"],
            persons["status_429"],
        );
        println!(
            "    {}",
            breakdown(&db, big.id, started_at, tasks.lease_seconds).await?
        );
        for server in servers {
            server.abort();
        }
        Ok::<_, anyhow::Error>(())
    }
    .await;
    let _ = sim.kill();
    let _ = sim.wait();
    outcome
}

fn clock_now(clock: &OffsetClock) -> DateTime<Utc> {
    use server::app::clock::Clock;
    clock.now()
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("rtp-bench-verify-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
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

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let people: u32 = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(10_000);
    let sqlite = |tag: &str| {
        let file = std::env::temp_dir().join(format!(
            "rtp-bench-verify-{tag}-{}.db",
            Uuid::new_v4().simple()
        ));
        format!("sqlite://{}?mode=rwc", file.display())
    };
    println!("verification of one unit's roster; simulator defaults: 50 ms, 32 in flight, 200 calls/s per interface");
    // BENCH_ONLY=batch skips the one-call runs (50 s each at 10,000 people).
    let one_call = std::env::var("BENCH_ONLY").map_or(true, |only| only != "batch");
    if one_call {
        run(
            "SQLite, one call per person",
            &sqlite("single"),
            people,
            false,
            1,
        )
        .await?;
    }
    run("SQLite, batch endpoints", &sqlite("batch"), people, true, 1).await?;
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            if one_call {
                let url = fresh_postgres(&base).await?;
                run("PostgreSQL ×2 instances, one call", &url, people, false, 2).await?;
            }
            let url = fresh_postgres(&base).await?;
            run("PostgreSQL ×2 instances, batch", &url, people, true, 2).await?;
        }
        _ => println!("PostgreSQL skipped (set TEST_DATABASE_URL=postgres://user@host:5432)"),
    }
    Ok(())
}
