//! Starts the real simulator on a free port and talks to it over HTTP.
#![allow(dead_code)] // shared by several test files; not each uses every helper

use std::net::TcpListener;

use serde_json::Value;
use simulator::{SimConfig, StatsOut};

/// A running simulator.
pub struct Sim {
    pub base: String,
    pub http: reqwest::Client,
}

/// Starts the simulator with `config`.
pub fn spawn(config: SimConfig) -> Sim {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = simulator::run_with(listener, config).unwrap();
    tokio::spawn(server);
    Sim {
        base: format!("http://127.0.0.1:{port}"),
        http: reqwest::Client::new(),
    }
}

/// The defaults with no waits and no anomalies: every person a plain retiree.
pub fn quiet() -> SimConfig {
    SimConfig {
        shares: simulator::Shares::none(),
        ..SimConfig::instant()
    }
}

impl Sim {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    /// GET answering (status, JSON body or Null).
    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        let res = self
            .http
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn put_json(&self, path: &str, body: &Value) -> u16 {
        let res = self
            .http
            .put(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap();
        res.status().as_u16()
    }

    pub async fn delete(&self, path: &str) -> u16 {
        let res = self.http.delete(self.url(path)).send().await.unwrap();
        res.status().as_u16()
    }

    pub async fn stats(&self) -> StatsOut {
        self.get("/admin/stats").await.json().await.unwrap()
    }
}

/// A valid resident ID born 1940–1960, different for each `seq` below 7056.
pub fn resident_id(seq: u32) -> String {
    let year = 1940 + seq % 21;
    let month = 1 + (seq / 21) % 12;
    let day = 1 + (seq / 252) % 28;
    let first17 = format!("310115{year}{month:02}{day:02}{:03}", seq % 1000);
    let check = domain::id_number::resident_id_check_digit(&first17).unwrap();
    format!("{first17}{check}")
}
