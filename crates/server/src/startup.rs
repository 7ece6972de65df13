//! `Application::build`: everything `main` runs, and exactly what the tests spawn.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::DefaultHeaders;
use actix_web::{web, App, HttpResponse, HttpServer};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::token::JwtKeys;
use crate::clock::Clock;
use crate::config::Settings;
use crate::error::{self, ApiError};
use crate::routes;
use crate::state::AppState;

/// A built, not yet running, server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Connects and migrates the database, seeds demo data when configured, binds the port.
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&settings.data_dir)?;
        let db = connect(&settings).await?;
        Migrator::up(&db, None).await?;
        crate::services::plan_years::ensure_seeded(&db, clock.now()).await?;
        if settings.seed_demo {
            crate::seed::seed_demo(&db, clock.now()).await?;
        }
        let jwt = JwtKeys::load(settings.jwt_secret.as_ref(), &settings.data_dir)?;
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        let state = AppState {
            db,
            clock,
            jwt: Arc::new(jwt),
            settings: Arc::new(settings),
        };
        let server = run(listener, state.clone())?;
        Ok(Application {
            port,
            server,
            state,
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

    /// Serves until stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Opens the pool; SQLite files get WAL so readers do not block the writer.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
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
    }
    Ok(db)
}

/// Every documented route: the probes at the root and the API under `/api`.
pub fn register_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.configure(routes::health::configure).service(
        scope::scope("/api")
            .configure(routes::auth::configure)
            .configure(routes::me::configure)
            .configure(routes::admin::configure)
            .configure(routes::attachments::configure)
            .configure(routes::registration::configure)
            .configure(routes::operator::configure)
            .configure(routes::code_applications::configure)
            .configure(routes::units::configure)
            .configure(routes::name_changes::configure)
            .configure(routes::accounts_admin::configure)
            .configure(routes::dictionaries::configure)
            .configure(routes::plan_years::configure)
            .configure(routes::batches::configure)
            .configure(routes::roster::configure),
    );
}

fn run(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let static_dir = state.settings.static_dir.clone();
    let data = web::Data::new(state);
    let api = crate::openapi::document();
    let server = HttpServer::new(move || {
        // The docs are registered before the `/api` scope, which would otherwise claim
        // `/api/openapi.json` and `/api/docs/`; the served document is `openapi::document()`.
        let app = App::new()
            .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("X-Frame-Options", "DENY"))
                    .add(("Referrer-Policy", "no-referrer")),
            )
            .app_data(data.clone())
            .app_data(error::json_config())
            .app_data(error::path_config())
            .app_data(error::query_config())
            .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", api.clone()))
            .into_utoipa_app()
            .configure(register_routes)
            .into_app();
        let fallback = spa_fallback(static_dir.clone());
        if static_dir.is_dir() {
            app.service(
                Files::new("/", static_dir.clone())
                    .index_file("index.html")
                    .default_handler(fallback.clone()),
            )
            .default_service(fallback)
        } else {
            app.default_service(fallback)
        }
    })
    .listen(listener)?
    .run();
    Ok(server)
}

/// Unknown `/api/…` paths answer a JSON 404; every other path gets the SPA's `index.html`
/// so that client-side routes survive a reload.
fn spa_fallback(
    static_dir: PathBuf,
) -> impl actix_web::dev::ServiceFactory<
    ServiceRequest,
    Config = (),
    Response = ServiceResponse,
    Error = actix_web::Error,
    InitError = (),
> + Clone {
    fn_service(move |req: ServiceRequest| {
        let index = static_dir.join("index.html");
        async move {
            let (req, _) = req.into_parts();
            if req.path() == "/api" || req.path().starts_with("/api/") {
                let res = actix_web::ResponseError::error_response(&ApiError::not_found("接口"));
                return Ok(ServiceResponse::new(req, res));
            }
            let res = match NamedFile::open_async(&index).await {
                Ok(file) => file.use_last_modified(false).into_response(&req),
                Err(_) => HttpResponse::NotFound()
                    .content_type("text/plain; charset=utf-8")
                    .body("前端尚未构建：请先运行 scripts/build-spa.sh"),
            };
            Ok(ServiceResponse::new(req, res))
        }
    })
}
