//! Building the running service: pool, migrations, routes, middleware, listener.

use std::net::TcpListener;

use actix_cors::Cors;
use actix_http::HttpService;
use actix_http::error::DispatchError;
use actix_service::{ServiceFactoryExt, fn_service, map_config};
use actix_web::body::BoxBody;
use actix_web::dev::{AppConfig, Server, ServerHandle, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{Condition, from_fn};
use actix_web::web::{self, Data};
use actix_web::{App, HttpServer};
use tokio::net::TcpStream;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::alerts::{self, schedule::SchedulerHandle};
use crate::auth::jwt::AccessTokens;
use crate::auth::password::Passwords;
use crate::clock::Clock;
use crate::config::Settings;
use crate::console;
use crate::db::{self, Db};
use crate::email::{Outbox, Worker, WorkerHandle};
use crate::http::fallback::{self, MethodTable};
use crate::http::json::BodyLimit;
use crate::http::{negotiation, request_id, request_line, security_headers};
use crate::metrics::{self, Metrics};
use crate::openapi::ApiDoc;
use crate::routes::metrics::MetricsAccess;
use crate::routes::{self, meta::OpenApiJson};

/// Why the service could not start; each maps to its own exit code.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Database(#[from] db::pool::ConnectError),
    #[error("cannot borrow a database connection: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("cannot apply database migrations: {0}")]
    Migration(String),
    #[error("{0}")]
    Auth(String),
    #[error("mail: {0}")]
    Mail(String),
    #[error("alerts: {0}")]
    Alerts(String),
    #[error("cannot listen on {address}: {source}")]
    Bind { address: std::net::SocketAddr, source: std::io::Error },
    #[error("console: {0}")]
    Console(String),
    #[error("metrics: {0}")]
    Metrics(#[from] prometheus::Error),
}

/// The documented routes, and the document they make. Routes need app data only at request time,
/// so this also serves `jointreg openapi`, which never opens a database.
pub fn routed_app() -> (
    App<
        impl ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<BoxBody>,
            Error = actix_web::Error,
            InitError = (),
        >,
    >,
    utoipa::openapi::OpenApi,
) {
    let (app, document) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(routes::configure).split_for_parts();
    (app, crate::openapi::finish(document))
}

/// One migrated connection, for one-shot commands. They use no pool: a pool's background
/// threads could still be opening connections while the process exits.
pub fn prepare_connection(settings: &Settings) -> Result<(db::DbConn, Vec<String>), StartupError> {
    let manager =
        db::pool::Manager::new(settings.database.clone(), settings.db_connect_timeout, settings.db_busy_timeout);
    let mut conn = r2d2::ManageConnection::connect(&manager)?;
    let applied = db::migrations::run(&mut conn).map_err(|e| StartupError::Migration(e.to_string()))?;
    Ok((conn, applied))
}

/// Opens the pool and brings the schema up to date; returns the migrations applied.
pub fn prepare_database(settings: &Settings) -> Result<(Db, Vec<String>), StartupError> {
    let pool = db::pool::build(
        &settings.database,
        settings.db_pool_size,
        settings.db_connect_timeout,
        settings.db_busy_timeout,
    )?;
    // Starting is not answering a request: wait as long as a queued SQLite writer would, not
    // the short borrow timeout meant for requests (a busy machine can take longer than that to
    // open a connection while another server starts on the same file).
    let mut conn = pool.get_timeout(settings.db_connect_timeout.max(settings.db_busy_timeout))?;
    let applied = db::migrations::run(&mut conn).map_err(|e| StartupError::Migration(e.to_string()))?;
    drop(conn);
    Ok((Db::new(pool), applied))
}

pub struct Application {
    port: u16,
    server: Server,
    /// `GET /metrics` on an address of its own (`JOINTREG_METRICS_BIND`), and its port.
    metrics_server: Option<(Server, u16)>,
    /// Delivers queued mail while the server runs; stops when dropped.
    mail_worker: WorkerHandle,
    /// Runs the funding alerts daily (`None` when switched off); stops when dropped.
    alert_scheduler: Option<SchedulerHandle>,
}

impl Application {
    /// Connects, migrates and binds; the server runs once the returned value is awaited.
    pub fn build(settings: &Settings) -> Result<Self, StartupError> {
        let (db, applied) = prepare_database(settings)?;
        for name in &applied {
            tracing::info!(migration = %name, "applied migration");
        }
        let (_, document) = routed_app();
        let methods = Data::new(MethodTable::from_document(&document));
        let openapi_json = Data::new(OpenApiJson(crate::openapi::to_pretty_json(&document)));
        let db = Data::new(db);
        let body_limit = Data::new(BodyLimit(settings.max_body_bytes));
        let access = Data::new(
            AccessTokens::new(&settings.auth.jwt_secret, settings.auth.access_ttl).map_err(StartupError::Auth)?,
        );
        let passwords = Data::new(Passwords::new(settings.auth.argon2).map_err(StartupError::Auth)?);
        let auth_settings = Data::new(settings.auth.clone());
        let mail_settings = Data::new(settings.mail.clone());
        let outbox = Data::new(Outbox::default());
        let clock = Data::new(settings.clock);
        let console = std::sync::Arc::new(
            console::ConsoleData::new(&settings.auth.jwt_secret.0, &settings.mail.public_url)
                .map_err(StartupError::Console)?,
        );
        let metrics = Data::new(Metrics::new()?);
        let metrics_access = Data::new(match &settings.metrics.token {
            Some(token) => MetricsAccess::token(&token.0),
            None => MetricsAccess::Hidden,
        });
        let metrics_server = match settings.metrics.bind {
            Some(address) => {
                Some(metrics_server(address, settings, (db.clone(), outbox.clone(), clock.clone()), metrics.clone())?)
            }
            None => None,
        };
        let mail_worker = Worker::start(db.get_ref().clone(), &settings.mail, outbox.get_ref().clone())
            .map_err(StartupError::Mail)?;
        let alert_scheduler = if settings.alerts_enabled {
            let public_url = settings.mail.public_url.clone();
            let catalogue = console.catalogue.clone().into_inner();
            let outbox = outbox.get_ref().clone();
            let scheduler =
                alerts::schedule::start(db.get_ref().clone(), settings.alerts_at, public_url, catalogue, outbox);
            Some(scheduler.map_err(StartupError::Alerts)?)
        } else {
            tracing::info!("alert scheduler switched off (JOINTREG_ALERTS_ENABLED=false)");
            None
        };
        let cors_origins = settings.auth.cors_origins.clone();
        // The mail's words, for the API's invitations and resets as for the console's pages.
        let catalogue = console.catalogue.clone();

        let bind_error = |source| StartupError::Bind { address: settings.bind, source };
        let listener = TcpListener::bind(settings.bind).map_err(bind_error)?;
        let port = listener.local_addr().map_err(bind_error)?.port();

        let app = move || {
            routed_app()
                .0
                .app_data(db.clone())
                .app_data(methods.clone())
                .app_data(openapi_json.clone())
                .app_data(body_limit.clone())
                .app_data(access.clone())
                .app_data(passwords.clone())
                .app_data(auth_settings.clone())
                .app_data(mail_settings.clone())
                .app_data(outbox.clone())
                .app_data(clock.clone())
                .app_data(catalogue.clone())
                .app_data(metrics.clone())
                .app_data(metrics_access.clone())
                .service(SwaggerUi::new("/docs/{_:.*}").config(docs_config()))
                .service(web::redirect("/docs", "/docs/"))
                .configure(|cfg| console::configure(cfg, &console))
                .default_service(web::to(fallback::not_matched))
                .wrap(from_fn(negotiation::refuse_unacceptable))
                .wrap(from_fn(request_line::refuse_long_uris))
                .wrap(Condition::new(!cors_origins.is_empty(), cors(&cors_origins)))
                .wrap(from_fn(security_headers::middleware))
                .wrap(from_fn(request_id::middleware))
                .wrap(from_fn(metrics::middleware::middleware))
        };
        let mut server = actix_server::Server::build()
            .workers(settings.workers)
            .shutdown_timeout(settings.shutdown_timeout.as_secs())
            .listen("jointreg", listener, move || guarded_http(app()))
            .map_err(bind_error)?;
        if !settings.handle_signals {
            server = server.disable_signals();
        }
        tracing::info!(address = %settings.bind, port, database = %settings.database.redacted(), "listening");
        Ok(Application { port, server: server.run(), metrics_server, mail_worker, alert_scheduler })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the separate metrics address, when there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_server.as_ref().map(|(_, port)| *port)
    }

    /// Whether the daily alert run is scheduled in this server.
    pub fn alerts_scheduled(&self) -> bool {
        self.alert_scheduler.is_some()
    }

    /// A handle to stop the server gracefully (what SIGTERM does).
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped; in-flight requests are drained first.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let metrics_handle = self.metrics_server.map(|(server, _)| {
            let handle = server.handle();
            actix_web::rt::spawn(server);
            handle
        });
        let result = self.server.await;
        if let Some(handle) = metrics_handle {
            handle.stop(true).await;
        }
        if let Some(scheduler) = self.alert_scheduler {
            scheduler.stop();
        }
        self.mail_worker.stop();
        result
    }
}

/// HTTP/1.1 over a connection whose first request line is checked before actix-http parses it
/// (`http::request_line`); what `HttpServer` builds for a plain TCP listener, otherwise.
fn guarded_http<F, B>(
    app: App<F>,
) -> impl ServiceFactory<TcpStream, Config = (), Response = (), Error = DispatchError, InitError = ()>
where
    F: ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<B>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    B: actix_web::body::MessageBody + 'static,
{
    fn_service(|stream: TcpStream| async move {
        let peer = stream.peer_addr().ok();
        Ok::<_, DispatchError>((request_line::Guarded::new(stream), peer))
    })
    .and_then(HttpService::build().h1(map_config(app, |_| AppConfig::default())))
}

/// `GET /metrics` alone, without a token, on `address`: for a scraper on a private network.
fn metrics_server(
    address: std::net::SocketAddr,
    settings: &Settings,
    (db, outbox, clock): (Data<Db>, Data<Outbox>, Data<Clock>),
    metrics: Data<Metrics>,
) -> Result<(Server, u16), StartupError> {
    let bind_error = |source| StartupError::Bind { address, source };
    let listener = TcpListener::bind(address).map_err(bind_error)?;
    let port = listener.local_addr().map_err(bind_error)?.port();
    let open = Data::new(MetricsAccess::Open);
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(db.clone())
            .app_data(outbox.clone())
            .app_data(clock.clone())
            .app_data(metrics.clone())
            .app_data(open.clone())
            .service(routes::metrics::metrics)
            .default_service(web::to(|| async { Err::<actix_web::HttpResponse, _>(crate::error::ApiError::NotFound) }))
            .wrap(from_fn(security_headers::middleware))
            .wrap(from_fn(request_id::middleware))
    })
    .workers(1)
    .shutdown_timeout(settings.shutdown_timeout.as_secs())
    .listen(listener)
    .map_err(bind_error)?;
    if !settings.handle_signals {
        server = server.disable_signals();
    }
    tracing::info!(%address, port, "serving metrics");
    Ok((server.run(), port))
}

/// Cross-origin access for the configured browser origins only.
fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST", "PATCH", "DELETE"])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::IF_MATCH, header::IF_NONE_MATCH])
        .allowed_header("x-request-id")
        .allowed_header("idempotency-key")
        .expose_headers([header::ETAG, header::LOCATION, header::LINK, header::RETRY_AFTER])
        .expose_headers(["x-request-id"])
        .max_age(3600)
}

/// The docs UI's settings. Without `validatorUrl: "none"` Swagger UI shows a badge that makes
/// every reader's browser send the document's address to validator.swagger.io.
fn docs_config() -> utoipa_swagger_ui::Config<'static> {
    utoipa_swagger_ui::Config::from("/api/v1/openapi.json").validator_url("none")
}
