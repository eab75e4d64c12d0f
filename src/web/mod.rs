//! HTTP: pages, the JSON API, probes and metrics. Handlers extract, call one
//! `app` function and render; no SQL here.

// The areas: each holds its pages and API, and exposes its routes.
pub mod access;
pub mod bills;
pub mod centre;
pub mod dashboard;
pub mod events;
pub mod life;
pub mod mediation;
pub mod notify;
pub mod registry;
pub mod services;

// Above the areas: the API document and the pages that span them.
pub mod api;
pub mod pages;

// Shared by the areas, importing none of them.
pub mod assets;
pub mod body;
pub mod caller;
pub mod chart;
pub mod codes;
pub mod csrf;
pub mod download;
pub mod edge;
pub mod error;
pub mod error_page;
pub mod form;
mod health;
pub mod i18n;
pub mod jobs;
pub mod metrics;
pub mod photo;
pub mod prefs;
pub mod server;
pub mod session;
pub mod sheet;
pub mod shell;
pub mod upload;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;
use utoipa::OpenApi;

use crate::app::registry::region::Served;
use crate::app::{self, App};
use crate::config::Settings;
use crate::domain::registry::region::RegionCode;

/// What handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The platform.
    pub app: App,
    /// Request limits (the CSRF check reads form bodies).
    pub limits: Limits,
    /// Request figures.
    pub metrics: Arc<metrics::Metrics>,
    /// The OpenAPI document.
    pub openapi: Arc<serde_json::Value>,
    /// Long imports and exports in progress.
    pub jobs: Arc<jobs::Jobs>,
    /// Proxies and the public address.
    pub edge: Arc<edge::Edge>,
    /// The `home_region` setting: the region this deployment serves.
    pub home_region: Option<Arc<RegionCode>>,
}

impl AppState {
    /// The home region and the communities offered under it.
    pub async fn served(&self) -> Result<Served, app::Error> {
        self.app.served(self.home_region.as_deref()).await
    }
}

/// Limits applied to every request.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest body.
    pub max_body_bytes: usize,
    /// Longest a request may take.
    pub timeout: Duration,
}

impl Limits {
    /// The limits from settings.
    pub fn from_settings(s: &Settings) -> Limits {
        Limits { max_body_bytes: s.max_body_bytes.value, timeout: s.request_timeout() }
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Probes and scrapes are too frequent to log; their figures are in /metrics.
fn is_quiet(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// The OpenAPI document as JSON.
pub fn openapi() -> serde_json::Value {
    serde_json::to_value(api::ApiDoc::openapi()).expect("the OpenAPI document serialises")
}

/// All routes and layers.
pub fn router(app: App, limits: Limits, edge: edge::Edge, home_region: Option<RegionCode>) -> Router {
    let state = AppState {
        app,
        limits,
        metrics: Arc::default(),
        openapi: Arc::new(openapi()),
        jobs: Arc::default(),
        edge: Arc::new(edge),
        home_region: home_region.map(Arc::new),
    };
    // Each area brings its own routes (`routes()`, and `api()` under
    // `/api/v1`); what belongs to no area is listed here.
    let api_v1 = Router::new()
        .route("/info", get(api::info))
        .route("/regions/lookup", post(api::lookup_regions))
        .route("/regions/{code}", get(api::region))
        .merge(access::api())
        .merge(registry::api())
        .merge(events::api())
        .merge(services::api())
        .merge(life::api())
        .merge(centre::api())
        .merge(mediation::api())
        .merge(dashboard::api())
        .merge(bills::api())
        .merge(notify::api());
    Router::new()
        .route("/", get(pages::home))
        .route("/regions/{code}", get(pages::region))
        .route("/api/docs", get(pages::api_docs))
        .route("/api/openapi.json", get(api::openapi_json))
        .route("/prefs", post(prefs::set))
        .route("/jobs/{id}", get(jobs::show))
        .route("/jobs/{id}/file", get(jobs::file))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route("/assets/{file}", get(assets::serve))
        .merge(access::routes())
        .merge(registry::routes())
        .merge(events::routes())
        .merge(services::routes())
        .merge(life::routes())
        .merge(centre::routes())
        .merge(mediation::routes())
        .merge(dashboard::routes())
        .merge(bills::routes())
        .nest("/api/v1", api_v1)
        // Layers: the last added runs first on the way in.
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(StatusCode::GATEWAY_TIMEOUT, limits.timeout))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn_with_state(state.clone(), envelope))
        // Outside the envelope: the bodies it writes for errors are
        // compressed like any other, never left under another's header.
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    if is_quiet(req.uri().path()) {
                        return Span::none();
                    }
                    let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
                })
                .on_request(())
                .on_response(|res: &Response, latency: Duration, span: &Span| {
                    if !span.is_none() {
                        tracing::info!(status = res.status().as_u16(), ms = latency.as_millis() as u64, "answered");
                    }
                })
                .on_failure(()),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(middleware::map_request_with_state(state.clone(), edge::inbound))
        .with_state(state)
}

/// A strict policy: nothing from another host, no inline script or style,
/// no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; media-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// One middleware for what every response gets — timing, linli's error
/// bodies, security headers — since each middleware costs a boxed future.
async fn envelope(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let timing = metrics::Metrics::start(&req);
    // Pages get a form token, bound to the session or, before signing in,
    // to a pre-session id (a new one in a cookie if the visitor has none);
    // probes and assets do not, so they stay cheap.
    let page = csrf::is_page_path(req.uri().path());
    let session = session::session_cookie(req.headers()).filter(|s| !s.is_empty());
    let pre = if page && session.is_none() { csrf::from_cookie(&req) } else { None };
    let fresh = (page && session.is_none() && pre.is_none()).then(app::system::keys::random_token);
    let expected = csrf::bound_token(&state.app, session.as_deref(), pre.as_deref());
    let token = expected.clone().or_else(|| csrf::bound_token(&state.app, None, fresh.as_deref())).unwrap_or_default();
    let asked = error_page::Asked::of(&req, &token);
    let secure = session::secure_cookies(req.headers());
    req.extensions_mut().insert(csrf::CsrfToken(token));
    let res = match csrf::check(req, expected.as_deref(), session.is_some(), state.limits.max_body_bytes).await {
        Ok(req) => next.run(req).await,
        Err(refusal) => refusal.into_response(),
    };
    let mut res = error_page::render(&state.app, asked, res).await;
    if let Some(t) = fresh {
        res.headers_mut().append(header::SET_COOKIE, csrf::cookie(&t, secure));
    }
    state.metrics.finish(timing, res.status().as_u16());
    security_headers(res)
}

fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("permissions-policy"), "camera=(self), geolocation=(self), microphone=()"),
        // Pages and answers carry personal data and form tokens: never kept,
        // so that the Back button on a shared screen (the kiosk, the
        // counter) cannot show the previous person's page. Assets and
        // photos say their own.
        (header::CACHE_CONTROL, "no-store"),
    ] {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    }
    res
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    app: App,
    settings: &Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Settings were checked when read: a bad home region never gets here.
    let home_region = settings.home_region().ok().flatten();
    let router = router(app, Limits::from_settings(settings), edge::Edge::from_settings(settings), home_region);
    server::serve(listener, router, shutdown).await
}

/// Registers for Ctrl-C and SIGTERM now, and returns a future that resolves
/// on either. Registering before the port opens matters: a signal that came
/// before registration would kill the process without a graceful stop.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let (mut term, mut int) = {
        use tokio::signal::unix::{SignalKind, signal};
        (signal(SignalKind::terminate()).ok(), signal(SignalKind::interrupt()).ok())
    };
    async move {
        #[cfg(unix)]
        {
            let term = async {
                match term.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            let int = async {
                match int.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = term => {},
                () = int => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("stopping: finishing requests in flight");
    }
}
