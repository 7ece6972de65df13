//! Starts the API and the SPA host. `server openapi` prints the OpenAPI document instead.

use std::path::Path;
use std::sync::Arc;

use server::app::clock::{Clock, OffsetClock, SystemClock};
use server::app::config::Settings;
use server::app::seed::DEMO_ACCOUNTS;
use server::app::Application;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("openapi") {
        print!("{}", server::app::openapi::document_json());
        return Ok(());
    }
    server::app::telemetry::init();
    let config_dir = std::env::var("RTP_CONFIG_DIR").unwrap_or_else(|_| "config".into());
    let settings = Settings::load(Path::new(&config_dir))?;
    let seed = settings.seeds_demo();
    let clock: Arc<dyn Clock> = match settings.clock_start_instant()? {
        Some(start) => {
            let demo = OffsetClock::default();
            demo.set(start);
            println!("Demo clock: the server's \"now\" starts at {start} (RTP_CLOCK_START)");
            Arc::new(demo)
        }
        None => Arc::new(SystemClock),
    };
    let app = Application::build(settings, clock).await?;
    let url = format!("http://127.0.0.1:{}", app.port());
    println!();
    println!("退休住院计划 单位团体线上参保 — listening on {url}");
    println!("  SPA:          {url}/");
    println!("  API docs:     {url}/api/docs/");
    if seed {
        println!("  Demo accounts (captcha: type the characters shown in the image):");
        for demo in &DEMO_ACCOUNTS {
            let note = if demo.must_change {
                " (must be changed at first login)"
            } else {
                ""
            };
            println!(
                "    {:<8} {:<18} password {}{}",
                demo.role, demo.account, demo.password, note
            );
        }
    }
    println!();
    app.run_until_stopped().await?;
    Ok(())
}
