//! Settings: `config/default.toml`, then `config/<RTP_ENV>.toml`, then `RTP_*` environment
//! variables (and plain `DATABASE_URL`), later sources winning. Nested keys take a double
//! underscore: `RTP_TASKS__WORKERS=0`, `RTP_INTERFACES__REGISTRY__TIMEOUT_MS=5000`.
//!
//! The environment (development / test / production) comes from `RTP_ENV` alone: no file
//! can switch production mode off.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::Deserialize;

use crate::attachments::storage::StorageSettings;
use crate::auth::throttle::RateLimits;
use crate::interfaces::InterfaceSettings;
use crate::roster::limits::ImportLimits;
use crate::vouchers::PayeeSettings;
use crate::withholding::WithholdingSettings;

/// Which kind of installation runs (`RTP_ENV`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// A developer's machine (the default).
    Development,
    /// Automated tests.
    Test,
    /// The real product: secrets required, demo switches refused.
    Production,
}

impl Environment {
    /// Reads `RTP_ENV`; anything but `production` and `test` is development, and an unknown
    /// word is refused so that a typo never silently drops production mode.
    pub fn parse(raw: Option<&str>) -> anyhow::Result<Self> {
        match raw.map(str::trim) {
            None | Some("") | Some("development") => Ok(Environment::Development),
            Some("test") => Ok(Environment::Test),
            Some("production") => Ok(Environment::Production),
            Some(other) => {
                anyhow::bail!("RTP_ENV must be development, test or production, not {other:?}")
            }
        }
    }

    /// The name of its config file (`config/<name>.toml`).
    pub fn name(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Test => "test",
            Environment::Production => "production",
        }
    }
}

/// The background task runner of this instance (`[tasks]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct TaskSettings {
    /// Tasks run at once by this instance; 0 makes an API-only instance.
    pub workers: usize,
    /// How long to wait for work when the queue is empty, in milliseconds.
    pub poll_ms: u64,
    /// How long a claimed task stays this instance's before another may take it over, in
    /// seconds (extended while it runs).
    pub lease_seconds: i64,
    /// Attempts before a task is dead.
    pub max_attempts: i32,
    /// First retry delay, in seconds (doubled each attempt, full jitter).
    pub retry_base_seconds: i64,
    /// Longest retry delay, in seconds.
    pub retry_max_seconds: i64,
    /// How long shutdown waits for running tasks, in seconds.
    pub shutdown_grace_seconds: u64,
}

impl Default for TaskSettings {
    fn default() -> Self {
        TaskSettings {
            workers: 32,
            poll_ms: 500,
            lease_seconds: 60,
            max_attempts: 8,
            retry_base_seconds: 2,
            retry_max_seconds: 600,
            shutdown_grace_seconds: 20,
        }
    }
}

/// How mail leaves (`[mail]`): SMTP to a relay, or to the local sink (maildev) in
/// development and the browser tests.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MailSettings {
    /// Off: notices stay in the app only (their mail is marked `disabled`, never sent).
    pub enabled: bool,
    /// The SMTP server.
    pub smtp_host: String,
    /// Its port (1025: maildev; 587: STARTTLS; 465: implicit TLS).
    pub smtp_port: u16,
    /// `none` (plain SMTP: only to a server on this machine in production), `starttls` or
    /// `tls`.
    pub tls: MailTls,
    /// SMTP AUTH user, when the relay asks for one.
    pub username: Option<String>,
    /// SMTP AUTH password (`RTP_MAIL__PASSWORD`).
    pub password: Option<SecretString>,
    /// The sender, e.g. `退休住院计划 <noreply@example.org>`; its domain also ends every
    /// Message-ID.
    pub from: String,
    /// Time allowed for one SMTP conversation, in milliseconds (well under the task lease).
    pub timeout_ms: u64,
    /// The platform's address, named in every mail (登录平台查看).
    pub app_url: String,
}

/// Transport security of the SMTP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailTls {
    /// Plain SMTP (the local sink, or a relay on this machine).
    None,
    /// Upgrade with STARTTLS (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            enabled: true,
            smtp_host: "127.0.0.1".into(),
            smtp_port: 1025,
            tls: MailTls::None,
            username: None,
            password: None,
            from: "退休住院计划 <noreply@rtp.localhost>".into(),
            timeout_ms: 10_000,
            app_url: "http://127.0.0.1:8080".into(),
        }
    }
}

impl MailSettings {
    /// Whether the SMTP server is on this machine (plain SMTP is acceptable only there).
    pub fn is_local(&self) -> bool {
        let host = self
            .smtp_host
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']');
        host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }
}

/// The personal-data keys of [`Settings::for_tests`] (never used outside tests).
const TEST_PII_KEYS: &str = "index:dGVzdC1pbmRleC1rZXktLS0tLS0tLS0tLS0tLS0tLS0=,t1:dGVzdC1lbmNyeXB0aW9uLWtleS0tLS0tLS0tLS0tLS0=";
/// The HTTP edge (`[http]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HttpSettings {
    /// Send `Strict-Transport-Security` on answers to HTTPS requests: TLS terminated by a
    /// reverse proxy that says so with `X-Forwarded-Proto: https` (or `Forwarded`). Off by
    /// default, since a browser keeps the promise for a year.
    pub hsts: bool,
}

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
    /// Keys of the personal data at rest (`crate::pii`): `index:<base64>,k1:<base64>,…`.
    /// When unset, generated once into `<data_dir>/pii_keys`; required in production
    /// (`RTP_PII_KEYS`, shared by every instance, kept outside the database and its backups).
    pub pii_keys: Option<SecretString>,
    /// Lifetime of an access token.
    pub token_ttl_minutes: i64,
    /// Lifetime of a captcha.
    pub captcha_ttl_seconds: i64,
    /// Test-only switch: accept any captcha answer. Refused in production.
    pub captcha_disabled: bool,
    /// Wrong passwords in a row before the account locks.
    pub max_failed_logins: i32,
    /// How long a locked account stays locked.
    pub lockout_minutes: i64,
    /// Create the demo unit and accounts when the database has no account. Defaults to on
    /// outside production; refused in production.
    pub seed_demo: Option<bool>,
    /// With the demo data, also a batch whose roster waits for 提交系统校验 (browser tests
    /// that count batches turn it off).
    #[serde(default = "yes")]
    pub seed_demo_roster: bool,
    /// From `RTP_ENV` only (never from a file).
    #[serde(skip, default = "development")]
    pub environment: Environment,
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
    /// Limits of a roster import (`[import]`): rows, columns, errors answered, and what
    /// an .xlsx may unpack to.
    #[serde(default)]
    pub import: ImportLimits,
    /// The background task runner.
    #[serde(default)]
    pub tasks: TaskSettings,
    /// Who may read `/metrics`.
    #[serde(default)]
    pub metrics: crate::metrics::MetricsSettings,
    /// Limits of the external interfaces.
    #[serde(default)]
    pub interfaces: InterfaceSettings,
    /// 代扣: the bank's polling, callback and request size, the acceptance slip's font.
    #[serde(default)]
    pub withholding: WithholdingSettings,
    /// 职保会退休账户信息 shown on the voucher page.
    #[serde(default)]
    pub payee: PayeeSettings,
    /// Outgoing mail (notices to the operators' emails).
    #[serde(default)]
    pub mail: MailSettings,
    /// Abuse limits of the anonymous endpoints (captcha, login, registration, credit-code
    /// lookup), shared by every instance through the database.
    #[serde(default)]
    pub rate_limits: RateLimits,
    /// Security headers of the HTTP edge.
    #[serde(default)]
    pub http: HttpSettings,
    /// Where attachment bytes live (`storage.url`: `file://` or `s3://bucket`).
    #[serde(default)]
    pub storage: StorageSettings,
}

fn yes() -> bool {
    true
}

fn development() -> Environment {
    Environment::Development
}

impl Settings {
    /// Reads the layered configuration from `config_dir` and the process environment.
    pub fn load(config_dir: &Path) -> anyhow::Result<Self> {
        Self::load_from(config_dir, std::env::vars().collect())
    }

    /// Reads the layered configuration with `env` standing for the process environment.
    pub fn load_from(config_dir: &Path, env: HashMap<String, String>) -> anyhow::Result<Self> {
        let environment = Environment::parse(env.get("RTP_ENV").map(String::as_str))?;
        let rtp_vars: HashMap<String, String> = env
            .iter()
            .filter(|(k, _)| k.starts_with("RTP_") && k.as_str() != "RTP_ENV")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let file = |name: &str| config::File::from(config_dir.join(name)).required(false);
        let mut builder = config::Config::builder()
            .set_default("database_url", "sqlite://./data/app.db?mode=rwc")?
            .set_default("bind", "127.0.0.1:8080")?
            .set_default("data_dir", "./data")?
            .set_default("static_dir", "./frontend/dist")?
            .set_default("token_ttl_minutes", 120)?
            .set_default("captcha_ttl_seconds", 300)?
            .set_default("captcha_disabled", false)?
            .set_default("max_failed_logins", 5)?
            .set_default("lockout_minutes", 15)?
            .set_default("simulator_url", "http://127.0.0.1:8090")?
            .set_default("db_max_connections", 10)?
            .set_default("attachment_max_bytes", 10 * 1024 * 1024)?
            .set_default("roster_upload_max_bytes", 20 * 1024 * 1024)?;
        // Each limit's two numbers default one by one, so that an override of one of them
        // (`RTP_RATE_LIMITS__LOGIN_PER_IP__MAX=50`) keeps the other.
        for (name, limit) in RateLimits::default().all() {
            builder = builder
                .set_default(format!("rate_limits.{name}.max"), limit.max)?
                .set_default(
                    format!("rate_limits.{name}.window_seconds"),
                    limit.window_seconds,
                )?;
        }
        builder = builder
            .add_source(file("default.toml"))
            .add_source(file(&format!("{}.toml", environment.name())))
            .add_source(
                config::Environment::with_prefix("RTP")
                    .prefix_separator("_")
                    .separator("__")
                    .try_parsing(true)
                    .source(Some(rtp_vars)),
            );
        if let Some(url) = env.get("DATABASE_URL") {
            builder = builder.set_override("database_url", url.as_str())?;
        }
        let mut settings: Settings = builder.build()?.try_deserialize()?;
        settings.environment = environment;
        settings.check()?;
        Ok(settings)
    }

    /// Settings for tests: a given database, port 0, captcha on, no demo data, no task
    /// workers (tests drive background work themselves).
    pub fn for_tests(database_url: String, data_dir: PathBuf) -> Self {
        Settings {
            database_url,
            bind: "127.0.0.1:0".into(),
            static_dir: data_dir.join("no-spa"),
            data_dir,
            jwt_secret: None,
            // One fixed set for every test server of the process (keys install once).
            pii_keys: Some(SecretString::from(TEST_PII_KEYS)),
            token_ttl_minutes: 120,
            captcha_ttl_seconds: 300,
            captcha_disabled: false,
            max_failed_logins: 5,
            lockout_minutes: 15,
            seed_demo: Some(false),
            seed_demo_roster: false,
            environment: Environment::Test,
            simulator_url: "http://127.0.0.1:9".into(),
            db_max_connections: 5,
            attachment_max_bytes: 10 * 1024 * 1024,
            clock_start: None,
            roster_upload_max_bytes: 20 * 1024 * 1024,
            import: ImportLimits::default(),
            tasks: TaskSettings {
                workers: 0,
                ..TaskSettings::default()
            },
            interfaces: InterfaceSettings::default(),
            withholding: WithholdingSettings::default(),
            payee: PayeeSettings::default(),
            // No SMTP server unless a test starts its sink (and turns mail on).
            mail: MailSettings {
                enabled: false,
                smtp_port: 9,
                ..MailSettings::default()
            },
            rate_limits: RateLimits::default(),
            metrics: crate::metrics::MetricsSettings::default(),
            http: HttpSettings::default(),
            storage: StorageSettings::default(),
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
        self.environment == Environment::Production
    }

    /// Whether the demo unit and accounts are seeded into an empty database.
    pub fn seeds_demo(&self) -> bool {
        !self.is_production() && self.seed_demo.unwrap_or(true)
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
                self.pii_keys.is_some(),
                "RTP_PII_KEYS must be set in production (the keys of the personal data, shared by every instance)"
            );
            anyhow::ensure!(
                self.clock_start.is_none(),
                "clock_start (the demo clock) is refused in production"
            );
            anyhow::ensure!(
                self.seed_demo != Some(true),
                "seed_demo (the demo accounts) is refused in production"
            );
            anyhow::ensure!(
                !self.mail.enabled || self.mail.tls != MailTls::None || self.mail.is_local(),
                "mail.tls = \"none\" (plain SMTP) is refused in production unless the SMTP server is on this machine"
            );
        }
        self.clock_start_instant()?;
        if let Some(keys) = &self.pii_keys {
            crate::pii::PiiKeys::parse(secrecy::ExposeSecret::expose_secret(keys))?;
        }
        anyhow::ensure!(
            self.token_ttl_minutes > 0,
            "token_ttl_minutes must be positive"
        );
        anyhow::ensure!(
            self.max_failed_logins > 0,
            "max_failed_logins must be positive"
        );
        anyhow::ensure!(
            self.tasks.lease_seconds > 0 && self.tasks.max_attempts > 0,
            "tasks.lease_seconds and tasks.max_attempts must be positive"
        );
        anyhow::ensure!(
            self.import.max_rows > 0 && self.import.max_columns >= 6,
            "import.max_rows must be positive and import.max_columns at least 6 (the template's)"
        );
        self.rate_limits.check()?;
        self.storage.check(&self.data_dir)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// A valid `RTP_PII_KEYS` for the production tests.
    const PII: &str = "index:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,k1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";

    /// A config directory like the repository's, with a development default file.
    fn config_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("default.toml"),
            "environment = \"development\"\ncaptcha_disabled = false\nbind = \"127.0.0.1:8080\"\n",
        )
        .expect("write default.toml");
        dir
    }

    #[test]
    fn production_mode_comes_from_rtp_env_and_no_file_turns_it_off() {
        let dir = config_dir();
        let s = Settings::load_from(
            dir.path(),
            env(&[
                ("RTP_ENV", "production"),
                ("RTP_JWT_SECRET", &"s".repeat(40)),
                ("RTP_PII_KEYS", PII),
            ]),
        )
        .expect("production settings");
        assert!(s.is_production());
        assert!(!s.seeds_demo(), "no demo accounts in production");
    }

    #[test]
    fn production_refuses_the_demo_switches_and_a_missing_secret() {
        let dir = config_dir();
        let secret = "s".repeat(40);
        let prod = |extra: &[(&str, &str)]| {
            let mut vars = env(&[
                ("RTP_ENV", "production"),
                ("RTP_JWT_SECRET", &secret),
                ("RTP_PII_KEYS", PII),
            ]);
            vars.extend(env(extra));
            Settings::load_from(dir.path(), vars)
        };
        assert!(prod(&[]).is_ok());
        assert!(prod(&[("RTP_SEED_DEMO", "true")]).is_err());
        assert!(prod(&[("RTP_CAPTCHA_DISABLED", "true")]).is_err());
        assert!(prod(&[("RTP_CLOCK_START", "2025-05-20T09:00:00+08:00")]).is_err());
        let no_secret = Settings::load_from(
            dir.path(),
            env(&[("RTP_ENV", "production"), ("RTP_PII_KEYS", PII)]),
        );
        assert!(no_secret.is_err());
        let no_pii_keys = Settings::load_from(
            dir.path(),
            env(&[("RTP_ENV", "production"), ("RTP_JWT_SECRET", &secret)]),
        );
        assert!(no_pii_keys.is_err(), "no personal-data keys in production");
        assert!(
            prod(&[("RTP_PII_KEYS", "index:short")]).is_err(),
            "a bad key"
        );
        assert!(Settings::load_from(dir.path(), env(&[("RTP_ENV", "prodution")])).is_err());
        // A file that asks for the demo accounts does not get them in production either.
        std::fs::write(dir.path().join("production.toml"), "seed_demo = true\n")
            .expect("write production.toml");
        assert!(prod(&[]).is_err());
    }

    /// The repository's `config/default.toml` states the limits the code defaults to, and a
    /// limit that allows nothing is refused at start-up.
    #[test]
    fn the_shipped_rate_limits_are_the_defaults_and_zero_is_refused() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
        let s = Settings::load_from(&repo, env(&[("RTP_ENV", "test")])).expect("settings");
        let (file, code) = (s.rate_limits, RateLimits::default());
        assert_eq!(file.all(), code.all());
        assert!(!file.trust_forwarded_for);
        let zero = [
            ("RTP_ENV", "test"),
            ("RTP_RATE_LIMITS__CAPTCHA_PER_IP__MAX", "0"),
        ];
        assert!(Settings::load_from(&repo, env(&zero)).is_err());
    }

    #[test]
    fn production_refuses_plain_smtp_to_another_machine() {
        let dir = config_dir();
        let secret = "s".repeat(40);
        let prod = |extra: &[(&str, &str)]| {
            let mut vars = env(&[
                ("RTP_ENV", "production"),
                ("RTP_JWT_SECRET", &secret),
                ("RTP_PII_KEYS", PII),
            ]);
            vars.extend(env(extra));
            Settings::load_from(dir.path(), vars)
        };
        let remote = ("RTP_MAIL__SMTP_HOST", "smtp.example.org");
        assert!(prod(&[]).is_ok(), "plain SMTP to this machine");
        assert!(prod(&[remote]).is_err(), "plain SMTP over the network");
        let tls = prod(&[
            remote,
            ("RTP_MAIL__TLS", "starttls"),
            ("RTP_MAIL__SMTP_PORT", "587"),
        ])
        .expect("STARTTLS to a relay");
        assert_eq!((tls.mail.tls, tls.mail.smtp_port), (MailTls::Starttls, 587));
        assert!(prod(&[remote, ("RTP_MAIL__ENABLED", "false")]).is_ok());
        let dev = Settings::load_from(dir.path(), env(&[remote])).expect("development");
        assert!(dev.mail.enabled && !dev.mail.is_local());
    }

    #[test]
    fn storage_comes_from_rtp_storage_variables_and_a_bad_url_refuses_to_start() {
        let dir = config_dir();
        let s = Settings::load_from(dir.path(), env(&[])).expect("settings");
        assert_eq!(s.storage.url, "file://", "local files by default");
        let s3 = Settings::load_from(
            dir.path(),
            env(&[
                ("RTP_STORAGE__URL", "s3://rtp-attachments"),
                ("RTP_STORAGE__ENDPOINT", "http://garage:3900"),
                ("RTP_STORAGE__REGION", "garage"),
                ("RTP_STORAGE__ACCESS_KEY_ID", "GK31c2f218a2e44f485b94239e"),
                (
                    "RTP_STORAGE__SECRET_ACCESS_KEY",
                    "b892c0665f0ada8a4755dae98baa3b133590e7f13cf2c2cd",
                ),
            ]),
        )
        .expect("s3 settings");
        assert_eq!(s3.storage.region, "garage");
        assert!(
            !format!("{s3:?}").contains("b892c0665f0ada8a"),
            "the secret is redacted"
        );
        let err = Settings::load_from(dir.path(), env(&[("RTP_STORAGE__URL", "s3:/oops")]))
            .expect_err("a bad storage URL");
        assert!(err.to_string().contains("storage.url"), "{err}");
    }

    #[test]
    fn files_then_environment_variables_win() {
        let dir = config_dir();
        std::fs::write(dir.path().join("test.toml"), "bind = \"127.0.0.1:9000\"\n")
            .expect("write test.toml");
        let s = Settings::load_from(dir.path(), env(&[("RTP_ENV", "test")])).expect("settings");
        assert_eq!(
            s.bind, "127.0.0.1:9000",
            "the environment's file beats default.toml"
        );
        assert_eq!(s.environment, Environment::Test);
        let s = Settings::load_from(
            dir.path(),
            env(&[
                ("RTP_ENV", "test"),
                ("RTP_BIND", "0.0.0.0:1"),
                ("RTP_TASKS__WORKERS", "0"),
                ("RTP_INTERFACES__REGISTRY__TIMEOUT_MS", "1234"),
                ("RTP_IMPORT__MAX_ROWS", "500"),
                ("RTP_RATE_LIMITS__LOGIN_PER_IP__MAX", "7"),
                ("DATABASE_URL", "postgres://x@y/z"),
            ]),
        )
        .expect("settings");
        assert_eq!(s.bind, "0.0.0.0:1");
        assert_eq!(s.tasks.workers, 0);
        assert_eq!(s.interfaces.registry.timeout_ms, 1234);
        assert_eq!(
            s.import.max_rows, 500,
            "nested [import] keys come from RTP_IMPORT__*"
        );
        assert_eq!(s.import.max_columns, ImportLimits::default().max_columns);
        assert_eq!(s.rate_limits.login_per_ip.max, 7);
        assert_eq!(s.rate_limits.login_per_ip.window_seconds, 60);
        assert_eq!(s.database_url, "postgres://x@y/z");
        let dev = Settings::load_from(dir.path(), env(&[])).expect("settings");
        assert_eq!(dev.environment, Environment::Development);
        assert!(dev.seeds_demo());
    }
}
