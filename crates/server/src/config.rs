//! Settings: `config/default.toml`, then `config/<RTP_ENV>.toml`, then `RTP_*` environment
//! variables (and plain `DATABASE_URL`), later sources winning.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::Deserialize;

/// Everything the server reads at start-up.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// `sqlite://./data/app.db?mode=rwc` by default; `postgres://…` in production.
    pub database_url: String,
    /// Address to listen on, e.g. `127.0.0.1:8080` (`:0` picks a free port).
    pub bind: String,
    /// Where the SQLite file, the generated JWT secret and uploads live.
    pub data_dir: PathBuf,
    /// The built SPA (`frontend/dist`); served for every path outside `/api`.
    pub static_dir: PathBuf,
    /// HS256 secret for access tokens. When unset, one is generated once and kept in
    /// `<data_dir>/jwt_secret`; several instances must share it (set it explicitly).
    pub jwt_secret: Option<SecretString>,
    /// Lifetime of an access token.
    pub token_ttl_minutes: i64,
    /// Lifetime of a captcha.
    pub captcha_ttl_seconds: i64,
    /// Test-only switch: accept any captcha answer. Refused when `environment = "production"`.
    pub captcha_disabled: bool,
    /// Wrong passwords in a row before the account locks.
    pub max_failed_logins: i32,
    /// How long a locked account stays locked.
    pub lockout_minutes: i64,
    /// Create the demo unit and accounts when the database has no account.
    pub seed_demo: bool,
    /// `development`, `test` or `production`.
    pub environment: String,
    /// Base URL of the external interfaces (our simulator in development and tests).
    pub simulator_url: String,
    /// Pool size of the database connection.
    pub db_max_connections: u32,
    /// Largest accepted attachment, in bytes (10 MiB by default).
    pub attachment_max_bytes: u64,
    /// Demo switch: start the server's clock at this RFC 3339 instant (e.g.
    /// `2025-05-20T09:00:00+08:00`, inside the centralized window); it runs on from there.
    /// Refused in production.
    pub clock_start: Option<String>,
    /// Largest roster file accepted by an import, in bytes (413 beyond).
    pub roster_upload_max_bytes: usize,
}

impl Settings {
    /// Reads the layered configuration from `config_dir`.
    pub fn load(config_dir: &Path) -> anyhow::Result<Self> {
        let env_name = std::env::var("RTP_ENV").unwrap_or_else(|_| "development".into());
        let mut builder = config::Config::builder()
            .add_source(config::File::from(config_dir.join("default.toml")).required(false))
            .add_source(
                config::File::from(config_dir.join(format!("{env_name}.toml"))).required(false),
            )
            .set_default("database_url", "sqlite://./data/app.db?mode=rwc")?
            .set_default("bind", "127.0.0.1:8080")?
            .set_default("data_dir", "./data")?
            .set_default("static_dir", "./frontend/dist")?
            .set_default("token_ttl_minutes", 120)?
            .set_default("captcha_ttl_seconds", 300)?
            .set_default("captcha_disabled", false)?
            .set_default("max_failed_logins", 5)?
            .set_default("lockout_minutes", 15)?
            .set_default("seed_demo", true)?
            .set_default("environment", env_name.clone())?
            .set_default("simulator_url", "http://127.0.0.1:8090")?
            .set_default("db_max_connections", 10)?
            .set_default("attachment_max_bytes", 10 * 1024 * 1024)?
            .set_default("roster_upload_max_bytes", 20 * 1024 * 1024)?
            .add_source(config::Environment::with_prefix("RTP").try_parsing(true));
        if let Ok(url) = std::env::var("DATABASE_URL") {
            builder = builder.set_override("database_url", url)?;
        }
        let settings: Settings = builder.build()?.try_deserialize()?;
        settings.check()?;
        Ok(settings)
    }

    /// Settings for tests: a given database, port 0, captcha on, no demo data.
    pub fn for_tests(database_url: String, data_dir: PathBuf) -> Self {
        Settings {
            database_url,
            bind: "127.0.0.1:0".into(),
            static_dir: data_dir.join("no-spa"),
            data_dir,
            jwt_secret: None,
            token_ttl_minutes: 120,
            captcha_ttl_seconds: 300,
            captcha_disabled: false,
            max_failed_logins: 5,
            lockout_minutes: 15,
            seed_demo: false,
            environment: "test".into(),
            simulator_url: "http://127.0.0.1:9".into(),
            db_max_connections: 5,
            attachment_max_bytes: 10 * 1024 * 1024,
            clock_start: None,
            roster_upload_max_bytes: 20 * 1024 * 1024,
        }
    }

    /// The demo clock's start, when `clock_start` is set.
    pub fn clock_start_instant(&self) -> anyhow::Result<Option<DateTime<Utc>>> {
        match self.clock_start.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(raw) => DateTime::parse_from_rfc3339(raw)
                .map(|t| Some(t.with_timezone(&Utc)))
                .map_err(|e| anyhow::anyhow!("clock_start must be RFC 3339 ({raw}): {e}")),
        }
    }

    /// True when running as the real product.
    pub fn is_production(&self) -> bool {
        self.environment == "production"
    }

    fn check(&self) -> anyhow::Result<()> {
        if self.is_production() {
            anyhow::ensure!(
                !self.captcha_disabled,
                "captcha_disabled is refused in production"
            );
            anyhow::ensure!(
                self.jwt_secret.is_some(),
                "RTP_JWT_SECRET must be set in production (shared by every instance)"
            );
            anyhow::ensure!(
                self.clock_start.is_none(),
                "clock_start (the demo clock) is refused in production"
            );
        }
        self.clock_start_instant()?;
        anyhow::ensure!(
            self.token_ttl_minutes > 0,
            "token_ttl_minutes must be positive"
        );
        anyhow::ensure!(
            self.max_failed_logins > 0,
            "max_failed_logins must be positive"
        );
        Ok(())
    }
}
