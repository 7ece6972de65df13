//! `simulator` — serves the simulated external interfaces on `SIM_BIND` (default
//! 127.0.0.1:8090), configured from `SIM_*` variables (see the crate docs or README.md).

use std::net::TcpListener;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let bind = std::env::var("SIM_BIND").unwrap_or_else(|_| "127.0.0.1:8090".into());
    let config = simulator::SimConfig::from_env()?;
    let listener = TcpListener::bind(&bind)?;
    println!(
        "simulator of the external interfaces listening on http://{bind} \
         (batch endpoints {}, {} pinned answers file)",
        if config.batch_endpoints { "on" } else { "off" },
        if config.pins.is_empty() { "no" } else { "a" },
    );
    simulator::run_with(listener, config)?.await?;
    Ok(())
}
