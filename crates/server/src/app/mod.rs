//! Wiring: `Application::build` connects and migrates the database, seeds, builds the
//! external interfaces and the task runner, and binds the HTTP server — exactly what
//! `main` runs and what the tests spawn.

pub mod clock;
pub mod config;
pub mod health;
pub mod instances;
pub mod openapi;
pub mod seed;
mod spa;
pub mod state;
pub mod telemetry;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, HttpServer};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

use self::clock::Clock;
use self::config::Settings;
use self::state::AppState;
use crate::auth::token::JwtKeys;
use crate::http::error;
use crate::http::headers::HeaderPolicy;
use crate::http::methods::RouteTable;
use crate::interfaces::Interfaces;
use crate::tasks::{runner, RunnerHandle, TaskRegistry};

/// A built, not yet running, server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    task_handlers: Arc<TaskRegistry>,
    runner: Option<RunnerHandle>,
    heartbeat: Option<instances::Heartbeat>,
}

/// The product's task handlers, by kind.
pub fn product_tasks() -> TaskRegistry {
    let mut registry = TaskRegistry::default();
    crate::verification::tasks::register(&mut registry);
    crate::withholding::tasks::register(&mut registry);
    crate::notifications::register(&mut registry);
    registry
}

impl Application {
    /// Builds the product with its own task handlers.
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        Self::build_with(settings, clock, product_tasks()).await
    }

    /// Builds the product with the given task handlers (tests add their own kinds).
    pub async fn build_with(
        settings: Settings,
        clock: Arc<dyn Clock>,
        task_handlers: TaskRegistry,
    ) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&settings.data_dir)?;
        crate::private_files::restrict(&settings.data_dir)?;
        let db = connect(&settings).await?;
        Migrator::up(&db, None).await?;
        let resealed = crate::pii::reseal::reseal(&db).await?;
        if resealed != Default::default() {
            tracing::info!(
                roster_entries = resealed.roster_entries,
                withholding_items = resealed.withholding_items,
                "personal data sealed under the current key"
            );
        }
        crate::plan_years::service::ensure_seeded(&db, clock.now()).await?;
        if settings.seeds_demo() {
            seed::seed_demo(&db, clock.now(), settings.seed_demo_roster).await?;
        }
        let jwt = JwtKeys::load(settings.jwt_secret.as_ref(), &settings.data_dir)?;
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        let metrics = Arc::new(crate::metrics::Metrics::new());
        let share = instances::InstanceShare::default();
        let heartbeat =
            instances::Heartbeat::start(db.clone(), instances::instance_id(), share.clone()).await;
        let state = AppState {
            db,
            clock,
            jwt: Arc::new(jwt),
            interfaces: Interfaces::over_http(
                &settings.simulator_url,
                &settings.interfaces,
                &settings.mail,
                &metrics,
                &share,
            )?,
            storage: crate::attachments::storage::from_settings(&settings)?,
            settings: Arc::new(settings),
            metrics,
            instances: share,
            wakeup: crate::tasks::Wakeup::default(),
        };
        let server = run(listener, state.clone())?;
        let task_handlers = Arc::new(task_handlers);
        let runner = (state.settings.tasks.workers > 0)
            .then(|| runner::start(state.clone(), task_handlers.clone()));
        Ok(Application {
            port,
            server,
            state,
            task_handlers,
            runner,
            heartbeat: Some(heartbeat),
        })
    }

    /// The bound port (useful with `:0`).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The state handed to handlers (tests use its database handle).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The task handlers its runner uses (tests drain the queue with them).
    pub fn task_handlers(&self) -> Arc<TaskRegistry> {
        self.task_handlers.clone()
    }

    /// Serves until stopped (SIGTERM / SIGINT), then lets running tasks finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        if let Some(runner) = self.runner {
            runner.shutdown().await;
        }
        if let Some(heartbeat) = self.heartbeat {
            heartbeat.stop().await;
        }
        result
    }
}

/// Installs the personal-data keys (every read and write of a sealed column needs them)
/// and opens the pool; SQLite files get WAL so readers do not block the writer.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    crate::pii::install(crate::pii::PiiKeys::load(
        settings.pii_keys.as_ref(),
        &settings.data_dir,
    )?)?;
    let mut options = ConnectOptions::new(settings.database_url.clone());
    options
        .max_connections(settings.db_max_connections)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    if settings.database_url.starts_with("sqlite:") {
        db.execute_unprepared("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;")
            .await?;
        // The database holds personal data: only the server's user reads it (SQLite
        // creates its -wal and -shm files with the database's mode).
        if let Some(file) = crate::private_files::sqlite_file(&settings.database_url) {
            crate::private_files::restrict(file)?;
        }
    }
    Ok(db)
}

/// Every documented route: the probes at the root and the API under `/api`, by feature.
pub fn register_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(health::configure)
        .configure(crate::metrics::configure)
        .service(
            scope::scope("/api")
                .configure(crate::auth::routes::configure)
                .configure(crate::accounts::routes::configure)
                .configure(crate::api_keys::routes::configure)
                .configure(crate::audit::routes::configure)
                .configure(crate::attachments::routes::configure)
                .configure(crate::units::routes::configure)
                .configure(crate::applications::routes::configure)
                .configure(crate::dictionaries::routes::configure)
                .configure(crate::plan_years::routes::configure)
                .configure(crate::batches::routes::configure)
                .configure(crate::verification::routes::configure)
                .configure(crate::review::routes::configure)
                .configure(crate::withholding::routes::configure)
                .configure(crate::vouchers::routes::configure)
                .configure(crate::statistics::routes::configure)
                .configure(crate::notifications::routes::configure)
                .configure(crate::roster::routes::configure),
        );
}

fn run(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let static_dir = state.settings.static_dir.clone();
    let policy = HeaderPolicy {
        hsts: state.settings.http.hsts,
    };
    let data = web::Data::new(state);
    let api = openapi::document();
    let routes = web::Data::new(RouteTable::from_openapi(&api));
    let server = HttpServer::new(move || {
        // The docs are registered before the `/api` scope, which would otherwise claim
        // `/api/openapi.json` and `/api/docs/`; the served document is `openapi::document()`.
        // The last `wrap` is the outermost: a panic is caught innermost, so the request span
        // still sees its 500; compression is outermost and leaves images and empty bodies
        // alone (actix's own predicate).
        let app = App::new()
            .wrap(from_fn(crate::http::panic::catch_panic))
            .wrap(from_fn(crate::metrics::record_requests))
            .wrap(TracingLogger::<telemetry::RequestSpan>::new())
            .wrap(from_fn(move |req, next| {
                crate::http::headers::security_headers(policy, req, next)
            }))
            .wrap(Compress::default())
            .app_data(data.clone())
            .app_data(routes.clone())
            .app_data(error::json_config())
            .app_data(error::path_config())
            .app_data(error::query_config())
            .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", api.clone()))
            .into_utoipa_app()
            .configure(register_routes)
            .into_app();
        spa::serve(app, &static_dir, routes.clone().into_inner())
    })
    .listen(listener)?
    .run();
    Ok(server)
}
