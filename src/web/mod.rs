//! HTTP: pages, the JSON API, probes and metrics. Handlers extract, call one
//! `app` function and render; no SQL here.

// The areas: each holds its pages and API, and exposes its routes.
pub mod access;
pub mod bills;
pub mod events;
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
pub mod csrf;
pub mod download;
pub mod edge;
pub mod error;
pub mod form;
mod health;
pub mod i18n;
pub mod jobs;
pub mod metrics;
pub mod photo;
pub mod prefs;
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

use crate::app::{self, App};
use crate::config::Settings;

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
pub fn router(app: App, limits: Limits, edge: edge::Edge) -> Router {
    let state = AppState {
        app,
        limits,
        metrics: Arc::default(),
        openapi: Arc::new(openapi()),
        jobs: Arc::default(),
        edge: Arc::new(edge),
    };
    let api_v1 = Router::new()
        .route("/info", get(api::info))
        .route("/session", post(access::account::api_signin).delete(access::account::api_signout))
        .route("/session/code", post(access::account::api_code))
        .route("/me", get(access::account::me))
        .route("/audit", get(access::audit::api))
        .route("/households", get(registry::households::api_list))
        .route("/households/import", post(registry::import::api))
        .route("/registrations", post(access::registration::api))
        .route("/households/{id}", get(registry::households::api_show))
        .route("/events", get(events::event::api_list).post(events::report::api_report))
        .route("/events/dispatch", post(events::event::api_bulk_dispatch))
        .route("/my/events", get(events::report::api_my_reports))
        .route("/communities/{code}/fee-items", get(bills::bill::fee_items))
        .route("/communities/{code}/fee-items/{fee}", axum::routing::put(bills::bill::save_fee_item))
        .route("/communities/{code}/bill-runs", post(bills::bill::run))
        .route("/communities/{code}/houses/{house}/bills", get(bills::bill::house_bills))
        .route("/communities/{code}/houses/{house}/readings", post(bills::bill::read_meter))
        .route("/communities/{code}/houses/{house}/prepaid", get(bills::prepaid::prepaid).post(bills::prepaid::deposit))
        .route("/communities/{code}/bills/{id}/payments", post(bills::bill::pay))
        .route("/communities/{code}/bills/{id}/orders", post(bills::bill::create_order))
        .route("/communities/{code}/bills/{id}/adjustments", post(bills::bill::request_adjustment))
        .route("/communities/{code}/adjustments", get(bills::bill::adjustments))
        .route("/communities/{code}/arrears", get(bills::bill::arrears))
        .route("/communities/{code}/arrears/reminders", post(bills::bill::remind))
        .route("/communities/{code}/adjustments/{id}/decision", post(bills::bill::decide_adjustment))
        .route("/pay/callback/{provider}", post(bills::bill::callback))
        .route("/communities/{code}/reconciliation", get(bills::reconcile::reconciliation))
        .route("/communities/{code}/readings", get(bills::reading::api_round))
        .route("/communities/{code}/readings/import", post(bills::reading::api_import))
        .route("/communities/{code}/reconciliation/{provider}/orders/{order}", post(bills::reconcile::apply))
        .route("/services", get(services::service::catalogue))
        .route("/services/{code}", axum::routing::put(services::service::save_item))
        .route("/applications", get(services::service::api_list).post(services::service::apply))
        .route("/applications/summary", get(services::service::api_summary))
        .route("/applications/track", get(services::service::track))
        .route("/applications/{id}/actions", post(services::service::act))
        .route("/my/applications", get(services::my_applications::api_my_applications))
        .route("/my/appointments", get(services::appointment::api_my_appointments))
        .route("/services/suggestions", get(services::visit::api_suggestions))
        .route("/visits/due", get(services::visit::api_due))
        .route("/households/{id}/visits", get(services::visit::api_visits).post(services::visit::api_record))
        .route("/visit-rules", get(services::rules::api_visit_rules).put(services::rules::api_put_visit_rule))
        .route("/care-rules", get(services::rules::api_care_rules).put(services::rules::api_put_care_rule))
        .route("/appointments", get(services::appointment::api_appointments).post(services::appointment::api_request))
        .route("/appointments/{id}/schedule", post(services::appointment::api_schedule))
        .route("/event-categories", get(events::category::api_list))
        .route("/event-categories/{code}", axum::routing::put(events::category::api_save))
        .route("/events/measures", get(events::measures::api))
        .route("/events/{id}", get(events::event::api_show))
        .route("/events/{id}/actions", post(events::event::api_act))
        .route("/track/{code}", get(events::report::api_track))
        .route("/outbox", get(notify::outbox::list))
        .route("/outbox/pending", get(notify::outbox::take))
        .route("/outbox/{id}/sent", post(notify::outbox::sent))
        .route("/people", get(registry::people::api_search))
        .route("/stats/{code}", get(registry::people::api_stats))
        .route("/registry/{code}", get(registry::place::api_region))
        .route("/registry/{code}/boundary", axum::routing::put(registry::place::api_boundary))
        .route("/registry/{code}/organisations", post(registry::place::api_add_org))
        .route("/registry/{code}/team", post(registry::place::api_add_team_member))
        .route("/registry/{code}/grids", post(registry::place::api_add_grid))
        .route("/registry/{code}/workers", post(registry::place::api_assign_worker))
        .route("/registry/{code}/buildings", post(registry::place::api_add_building))
        .route("/buildings/{id}/households", post(registry::place::api_add_household))
        .route("/households/{id}/people", post(registry::place::api_move_in))
        .route("/buildings/{id}/grid", post(registry::place::api_move_building))
        .route("/buildings/{id}/houses/{house}", axum::routing::put(registry::place::api_house))
        .route("/people/{id}", get(registry::people::api_show).put(registry::people::api_edit))
        .route("/people/{id}/leave", post(registry::people::api_leave))
        .route("/people/{id}/move", post(registry::people::api_move))
        .route("/regions/lookup", post(api::lookup_regions))
        .route("/regions/{code}", get(api::region));
    Router::new()
        .route("/", get(pages::home))
        .route("/regions/{code}", get(pages::region))
        .route("/regions/{code}/qr", get(registry::building::sheet))
        .route("/b/{community}/{token}", get(registry::building::public))
        .route("/prefs", post(prefs::set))
        .route("/signin", get(access::account::signin_form).post(access::account::signin))
        .route("/signin/code", get(access::account::code_form).post(access::account::code))
        .route("/account/totp", get(access::account::totp_form).post(access::account::totp_enrol))
        .route("/signout", post(access::account::signout))
        .route("/signout/everywhere", post(access::account::signout_everywhere))
        .route("/account", get(access::account::account))
        .route("/account/password", get(access::account::password_form).post(access::account::change_password))
        .route("/register", get(access::registration::form).post(access::registration::submit))
        .route("/my/household", get(access::registration::mine))
        .route("/admin/registrations", get(access::registration::queue))
        .route("/admin/registrations/{id}", post(access::registration::decide))
        .route("/import", get(registry::import::form).post(registry::import::upload))
        .route("/import/report", post(registry::import::report))
        .route("/households", get(registry::households::list))
        .route("/households.csv", get(registry::households::export_csv))
        .route("/households.xlsx", get(registry::households::export_xlsx))
        .route("/exports/households", get(registry::households::export_job))
        .route(
            "/exports/households/full",
            get(registry::households::export_full_page).post(registry::households::export_full_submit),
        )
        .route("/jobs/{id}", get(jobs::show))
        .route("/jobs/{id}/file", get(jobs::file))
        .route("/households/{id}", get(registry::households::show))
        .route("/households/{id}/reveal", post(registry::households::reveal))
        .route("/people", get(registry::people::search))
        .route("/stats", get(registry::people::stats))
        .route("/report", get(events::report::report_form).post(events::report::report_submit))
        .route("/track", get(events::report::track_form))
        .route("/track/{code}", get(events::report::track))
        .route("/track/{code}/photos/{file}", get(events::report::tracked_photo))
        .route("/events/{id}/photos/{file}", get(events::event::photo))
        .route("/events", get(events::event::list))
        .route("/events/dispatch", post(events::event::bulk_dispatch))
        .route("/events/measures", get(events::measures::page))
        .route("/inbox", get(events::event::inbox))
        .route("/my/reports", get(events::report::my_reports))
        .route("/services", get(services::service::hall))
        .route("/services/track", get(services::service::track_page))
        .route("/services/{code}/apply", get(services::service::apply_form).post(services::service::apply_submit))
        .route("/applications", get(services::service::list_page))
        .route("/applications/{id}", get(services::service::detail_page).post(services::service::act_page))
        .route("/applications/{id}/photos/{file}", get(services::service::photo))
        .route("/services/suggestions", get(services::visit::suggestions_page))
        .route("/my/applications", get(services::my_applications::my_applications))
        .route("/my/applications/{id}", get(services::my_applications::my_application))
        .route("/my/appointments", get(services::appointment::ask).post(services::appointment::ask_submit))
        .route("/visits", get(services::visit::day_page))
        .route("/households/{id}/visits", get(services::visit::visit_form).post(services::visit::visit_submit))
        .route("/households/{id}/visit-photos/{file}", get(services::visit::visit_photo))
        .route("/appointments", get(services::appointment::appointments))
        .route("/appointments/{id}", post(services::appointment::schedule))
        .route("/admin/rules", get(services::rules::rules).post(services::rules::rules_submit))
        .route("/admin/services", get(services::service::items).post(services::service::save_item_page))
        .route("/receipts/{number}", get(bills::counter::receipt))
        .route("/counter", get(bills::counter::counter))
        .route("/billing", get(bills::billing::billing).post(bills::billing::billing_submit))
        .route(
            "/billing/reconciliation",
            get(bills::reconcile::reconcile_page).post(bills::reconcile::reconcile_submit),
        )
        .route("/counter/bills/{id}", post(bills::counter::counter_pay))
        .route("/counter/bills/{id}/adjustments", post(bills::counter::counter_adjust))
        .route("/counter/readings", post(bills::counter::counter_reading))
        .route("/counter/prepaid", post(bills::prepaid::counter_deposit))
        .route("/counter/kiosk-assist", post(bills::counter::counter_assist))
        .route("/readings", get(bills::reading::round_page).post(bills::reading::round_submit))
        .route("/arrears", get(bills::arrears::arrears_page).post(bills::arrears::remind))
        .route("/readings/import", post(bills::reading::import_submit))
        .route("/my/bills", get(bills::bill::my_bills))
        .route("/my/bills/{community}/{bill}/pay", post(bills::bill::my_pay))
        .route("/pay-sim/{order}", get(bills::pay_sim::sim_page).post(bills::pay_sim::sim_confirm))
        .route("/kiosk", get(bills::kiosk::start))
        .route("/kiosk/pair", get(bills::kiosk::pair_form).post(bills::kiosk::pair))
        .route("/kiosk/{kind}", get(bills::kiosk::pad).post(bills::kiosk::identify))
        .route("/kiosk/s/{id}", get(bills::kiosk::bills))
        .route("/kiosk/s/{id}/code", get(bills::kiosk::code_form).post(bills::kiosk::code))
        .route("/kiosk/s/{id}/bills/{bill}", post(bills::kiosk::pay))
        .route("/kiosk/s/{id}/orders/{order}", get(bills::kiosk::order))
        .route("/kiosk/s/{id}/receipts/{number}", get(bills::kiosk::receipt))
        .route("/events/{id}", get(events::event::show).post(events::event::act))
        .route("/registry", get(registry::place::home))
        .route("/registry/{code}", get(registry::place::region))
        .route("/registry/{code}/boundary", post(registry::place::boundary))
        .route("/registry/{code}/organisations", post(registry::place::add_org))
        .route("/registry/{code}/organisations/{id}/close", post(registry::place::close_org))
        .route("/registry/{code}/team", post(registry::place::add_team_member))
        .route("/registry/{code}/grids", post(registry::place::add_grid))
        .route("/registry/{code}/workers", post(registry::place::assign_worker))
        .route("/registry/{code}/workers/{account}/remove", post(registry::place::unassign_worker))
        .route("/registry/{code}/buildings", post(registry::place::add_building))
        .route("/registry/buildings/{id}/households", post(registry::place::add_household))
        .route("/households/{id}/people", post(registry::households::move_in))
        .route("/registry/{code}/team/{id}/leave", post(registry::place::remove_team_member))
        .route("/registry/buildings/{id}", get(registry::place::building))
        .route("/registry/buildings/{id}/grid", post(registry::place::move_building))
        .route("/registry/buildings/{id}/houses/{house}", post(registry::place::house))
        .route("/people/{id}", get(registry::people::show).post(registry::people::edit))
        .route("/people/{id}/leave", post(registry::people::leave))
        .route("/people/{id}/move", post(registry::people::move_house))
        .route("/admin/audit", get(access::audit::page))
        .route("/admin/categories", get(events::category::page).post(events::category::save))
        .route("/admin/audit.csv", get(access::audit::export))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route("/assets/{file}", get(assets::serve))
        .route("/open311/v2/{file}", get(events::open311::get_top).post(events::open311::post_requests))
        .route("/open311/v2/services/{file}", get(events::open311::service_definition))
        .route("/open311/v2/requests/{file}", get(events::open311::get_request))
        .route("/open311/v2/tokens/{file}", get(events::open311::get_token))
        .route("/api/openapi.json", get(api::openapi_json))
        .route("/api/docs", get(pages::api_docs))
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
                   font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

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
    let asked = error::Asked::of(&req, &token);
    let secure = session::secure_cookies(req.headers());
    req.extensions_mut().insert(csrf::CsrfToken(token));
    let res = match csrf::check(req, expected.as_deref(), session.is_some(), state.limits.max_body_bytes).await {
        Ok(req) => next.run(req).await,
        Err(refusal) => refusal.into_response(),
    };
    let mut res = error::render(asked, res);
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
    let router = router(app, Limits::from_settings(settings), edge::Edge::from_settings(settings));
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
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
