//! `simulator` — serves the simulated external interfaces on `SIM_BIND` (default 127.0.0.1:8090).

use std::net::TcpListener;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let bind = std::env::var("SIM_BIND").unwrap_or_else(|_| "127.0.0.1:8090".into());
    let listener = TcpListener::bind(&bind)?;
    let faults = simulator::Faults::from_env();
    println!("simulator of the external interfaces listening on http://{bind} ({faults:?})");
    simulator::run(listener, faults)?.await?;
    Ok(())
}
