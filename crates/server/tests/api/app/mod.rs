//! The test application: `TestApp::spawn()` builds exactly what `main` builds
//! (`Application::build_with`) on port 0 with a fresh database, and hands out logged-in
//! [`Client`]s, one per role, whose methods name the endpoints.

mod accounts;
mod admin;
mod api_keys;
mod applications;
mod attachments;
mod auth;
mod batches;
mod client;
mod database;
pub mod logs;
pub mod notifications;
mod plan_years;
mod review;
mod roster;
mod simulator;
mod storage;
mod units;
pub mod verification;
mod withholding;

use std::sync::Arc;

use ::simulator::{Faults, SimConfig};
use api_types::{BatchOut, LoginOut, Role};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use server::app::clock::OffsetClock;
use server::app::config::Settings;
use server::app::state::AppState;
use server::app::Application;
use server::attachments::storage::StorageSettings;
use server::entities::task;
use server::tasks::{Lease, TaskHandler, TaskRegistry};

pub use self::simulator::Simulator;
pub use self::storage::Store;
pub use accounts::NewAccount;
pub use client::Client;

use crate::fixtures::GOOD_PASSWORD;

/// A running application and what tests need to drive it.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// The server's clock: tests move it (see [`TestApp::travel`]).
    pub clock: OffsetClock,
    /// The application's database, for arranging data and checking what was stored.
    pub db: DatabaseConnection,
    database_url: String,
    simulator: Option<Simulator>,
    http: reqwest::Client,
    state: AppState,
    task_handlers: Arc<TaskRegistry>,
    _database: database::TestDatabase,
    _dir: tempfile::TempDir,
}

/// A change a test makes to the test settings.
type Adjustment = Box<dyn FnOnce(&mut Settings)>;

/// Where the app's external interfaces are.
enum SimulatorChoice {
    /// A simulator of its own, started with this configuration.
    Start(Box<SimConfig>),
    /// One already running (another app's).
    Reuse(Simulator),
}

/// How a test wants its app: a simulator, settings, extra task handlers, and for a second
/// instance the database, simulator and clock of the first.
#[derive(Default)]
pub struct TestAppBuilder {
    simulator: Option<SimulatorChoice>,
    database_url: Option<String>,
    clock: Option<OffsetClock>,
    storage: Option<StorageSettings>,
    adjustments: Vec<Adjustment>,
    tasks: Vec<(String, Arc<dyn TaskHandler>)>,
}

impl TestAppBuilder {
    /// Starts the real simulator of the external interfaces with `faults`.
    pub fn simulator(self, faults: Faults) -> Self {
        self.simulator_config(SimConfig::from(faults))
    }

    /// Starts the real simulator with `config` (e.g. `SimConfig::instant()` with
    /// `Shares::none()`, pins or faults per interface); its `/admin` is
    /// [`TestApp::simulator`].
    pub fn simulator_config(mut self, config: SimConfig) -> Self {
        self.simulator = Some(SimulatorChoice::Start(Box::new(config)));
        self
    }

    /// Another instance of `other`: the same database, simulator, clock and storage
    /// settings (its own HTTP server, runner, interface clients and data dir), as a second
    /// server of one deployment. On `file://` storage that means a disk of its own.
    pub fn instance_of(mut self, other: &TestApp) -> Self {
        self.database_url = Some(other.database_url.clone());
        self.simulator = other.simulator.clone().map(SimulatorChoice::Reuse);
        self.clock = Some(other.clock.clone());
        self.storage = Some(other.state.settings.storage.clone());
        self
    }

    /// Keeps attachment bytes in `store`.
    pub fn store(mut self, store: &Store) -> Self {
        self.storage = Some(store.settings());
        self
    }

    /// Runs on the database of `other` (a second instance of one installation).
    pub fn same_database_as(mut self, other: &TestApp) -> Self {
        self.database_url = Some(other.state.settings.database_url.clone());
        self
    }

    /// Adjusts the test settings (applied after the simulator's URL is set).
    pub fn settings(mut self, adjust: impl FnOnce(&mut Settings) + 'static) -> Self {
        self.adjustments.push(Box::new(adjust));
        self
    }

    /// Adds (or replaces) the handler of a task kind.
    pub fn task_handler(mut self, kind: &str, handler: Arc<dyn TaskHandler>) -> Self {
        self.tasks.push((kind.to_owned(), handler));
        self
    }

    /// Builds and starts the application.
    pub async fn spawn(self) -> TestApp {
        logs::init();
        let dir = tempfile::tempdir().expect("temp dir");
        // A second instance shares the first one's database; the first one drops it.
        let database = match self.database_url {
            Some(url) => database::TestDatabase::shared(url),
            None => database::fresh(dir.path()).await,
        };
        let url = database.url.clone();
        let mut settings = Settings::for_tests(url.clone(), dir.path().to_path_buf());
        let simulator = match self.simulator {
            Some(SimulatorChoice::Start(config)) => Some(Simulator::start(*config)),
            Some(SimulatorChoice::Reuse(sim)) => Some(sim),
            None => None,
        };
        if let Some(sim) = &simulator {
            settings.simulator_url = sim.base_url().to_owned();
        }
        if let Some(storage) = self.storage {
            settings.storage = storage;
        }
        for adjust in self.adjustments {
            adjust(&mut settings);
        }
        let mut registry = server::app::product_tasks();
        for (kind, handler) in self.tasks {
            registry.register(&kind, handler);
        }
        let clock = self.clock.unwrap_or_default();
        let app = Application::build_with(settings, Arc::new(clock.clone()), registry)
            .await
            .expect("build application");
        let address = format!("http://127.0.0.1:{}", app.port());
        let state = app.state().clone();
        let task_handlers = app.task_handlers();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            clock,
            db: state.db.clone(),
            database_url: url,
            simulator,
            http: reqwest::Client::new(),
            state,
            task_handlers,
            _database: database,
            _dir: dir,
        }
    }
}

impl TestApp {
    /// The app with the test settings and no simulator.
    pub async fn spawn() -> TestApp {
        TestApp::builder().spawn().await
    }

    /// The app talking to a simulator that never fails (the enterprise registry answers).
    pub async fn with_simulator() -> TestApp {
        TestApp::builder()
            .simulator(Faults::default())
            .spawn()
            .await
    }

    /// Starts describing an app.
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    /// The state handed to handlers and tasks.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The database URL (a second instance connects to it).
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// Whether the database is PostgreSQL (some tests need concurrent writers).
    pub fn on_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }

    /// The simulator the app talks to (its `/admin` endpoints).
    pub fn simulator(&self) -> &Simulator {
        self.simulator
            .as_ref()
            .expect("an app built with .simulator_config(..)")
    }

    /// Runs the queued background tasks that are due (workers are off in tests); answers
    /// how many ran.
    pub async fn run_pending_tasks(&self) -> usize {
        server::tasks::drain(&self.state, &self.task_handlers).await
    }

    /// Runs one task claimed by the test (with `server::tasks::queue::claim`) as a runner
    /// of this app would: its handler, then the outcome recorded under `lease`.
    pub async fn run_claimed(&self, row: task::Model, lease: Lease) {
        server::tasks::runner::run_one(self.state.clone(), &self.task_handlers, row, lease).await;
    }

    /// Moves the server's clock to a Shanghai wall-clock instant (`2026-11-30T10:00:00`)
    /// and seeds the plan year current then, as a server started at that instant would.
    pub async fn travel(&self, shanghai_local: &str) {
        let at = shanghai(shanghai_local);
        self.clock.set(at);
        server::plan_years::service::ensure_seeded(&self.db, at)
            .await
            .expect("seed plan years");
    }

    /// A caller without a token.
    pub fn anonymous(&self) -> Client {
        Client::anonymous(self.http.clone(), &self.address, self.db.clone())
    }

    /// A caller holding the token of `login`.
    pub fn client_for(&self, login: &LoginOut) -> Client {
        self.anonymous().signed_in(login)
    }

    /// Logs `account` in through the captcha and login endpoints (asserting 200).
    pub async fn log_in(&self, account: &str, password: &str) -> Client {
        let out = self.anonymous().auth().login(account, password).await;
        self.client_for(&out)
    }

    /// A unit operator of a new unit whose enrollment code comes from the login
    /// (`tuixiu100000001` → `100000001`), logged in.
    pub async fn unit(&self, login: &str) -> Client {
        self.seed_and_log_in(NewAccount::unit(login)).await
    }

    /// A unit operator whose unit has no enrollment code yet (as after 企业注册).
    pub async fn unit_without_code(&self, login: &str) -> Client {
        self.seed_and_log_in(NewAccount::unit(login).without_enrollment_code())
            .await
    }

    /// A reviewer (职保会审核员), logged in.
    pub async fn reviewer(&self, login: &str) -> Client {
        self.seed_and_log_in(NewAccount::new(login, Role::Reviewer))
            .await
    }

    /// An admin, logged in.
    pub async fn admin(&self, login: &str) -> Client {
        self.seed_and_log_in(NewAccount::new(login, Role::Admin))
            .await
    }

    /// On 2026-11-30 (instant enrollment open), unit operator `login` with an instant
    /// batch paying by voucher: ready for a roster.
    pub async fn with_voucher_batch(login: &str) -> (TestApp, Client, BatchOut) {
        let app = TestApp::spawn().await;
        app.travel("2026-11-30T10:00:00").await;
        let unit = app.unit(login).await;
        let batch = unit.batches().create_voucher_batch().await;
        (app, unit, batch)
    }

    async fn seed_and_log_in(&self, account: NewAccount) -> Client {
        let login = account.login.clone();
        self.seed_account(account).await;
        self.log_in(&login, GOOD_PASSWORD).await
    }
}

/// An instant on the Shanghai wall clock (`2025-05-20T09:00:00`).
pub fn shanghai(rfc3339_local: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{rfc3339_local}+08:00"))
        .expect("a Shanghai wall-clock instant")
        .with_timezone(&Utc)
}
