//! HTTP: pages, the JSON API, probes and metrics. Handlers extract, call one
//! `app` function and render; no SQL here.

pub mod account;
pub mod api;
pub mod arrears;
pub mod assets;
pub mod audit;
pub mod bills;
pub mod building;
pub mod categories;
pub mod csrf;
pub mod edge;
pub mod error;
pub mod events;
mod health;
pub mod households;
pub mod i18n;
pub mod import;
pub mod jobs;
pub mod kiosk;
pub mod measures;
pub mod metrics;
pub mod open311;
pub mod outbox;
pub mod pages;
pub mod people;
pub mod place;
pub mod prefs;
pub mod prepaid;
pub mod readings;
pub mod reconcile;
pub mod registration;
pub mod services;
pub mod upload;
pub mod visits;

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
        .route("/session", post(account::api_signin).delete(account::api_signout))
        .route("/session/code", post(account::api_code))
        .route("/me", get(account::me))
        .route("/audit", get(audit::api))
        .route("/households", get(households::api_list))
        .route("/households/import", post(import::api))
        .route("/registrations", post(registration::api))
        .route("/households/{id}", get(households::api_show))
        .route("/events", get(events::api_list).post(events::api_report))
        .route("/events/dispatch", post(events::api_bulk_dispatch))
        .route("/my/events", get(events::api_my_reports))
        .route("/communities/{code}/fee-items", get(bills::fee_items))
        .route("/communities/{code}/fee-items/{fee}", axum::routing::put(bills::save_fee_item))
        .route("/communities/{code}/bill-runs", post(bills::run))
        .route("/communities/{code}/houses/{house}/bills", get(bills::house_bills))
        .route("/communities/{code}/houses/{house}/readings", post(bills::read_meter))
        .route("/communities/{code}/houses/{house}/prepaid", get(prepaid::prepaid).post(prepaid::deposit))
        .route("/communities/{code}/bills/{id}/payments", post(bills::pay))
        .route("/communities/{code}/bills/{id}/orders", post(bills::create_order))
        .route("/communities/{code}/bills/{id}/adjustments", post(bills::request_adjustment))
        .route("/communities/{code}/adjustments", get(bills::adjustments))
        .route("/communities/{code}/arrears", get(bills::arrears))
        .route("/communities/{code}/arrears/reminders", post(bills::remind))
        .route("/communities/{code}/adjustments/{id}/decision", post(bills::decide_adjustment))
        .route("/pay/callback/{provider}", post(bills::callback))
        .route("/communities/{code}/reconciliation", get(reconcile::reconciliation))
        .route("/communities/{code}/readings", get(readings::api_round))
        .route("/communities/{code}/readings/import", post(readings::api_import))
        .route("/communities/{code}/reconciliation/{provider}/orders/{order}", post(reconcile::apply))
        .route("/services", get(services::catalogue))
        .route("/services/{code}", axum::routing::put(services::save_item))
        .route("/applications", get(services::api_list).post(services::apply))
        .route("/applications/summary", get(services::api_summary))
        .route("/applications/track", get(services::track))
        .route("/applications/{id}/actions", post(services::act))
        .route("/my/applications", get(visits::api_my_applications))
        .route("/my/appointments", get(visits::api_my_appointments))
        .route("/services/suggestions", get(visits::api_suggestions))
        .route("/visits/due", get(visits::api_due))
        .route("/households/{id}/visits", get(visits::api_visits).post(visits::api_record))
        .route("/visit-rules", get(visits::api_visit_rules).put(visits::api_put_visit_rule))
        .route("/care-rules", get(visits::api_care_rules).put(visits::api_put_care_rule))
        .route("/appointments", get(visits::api_appointments).post(visits::api_request))
        .route("/appointments/{id}/schedule", post(visits::api_schedule))
        .route("/event-categories", get(categories::api_list))
        .route("/event-categories/{code}", axum::routing::put(categories::api_save))
        .route("/events/measures", get(measures::api))
        .route("/events/{id}", get(events::api_show))
        .route("/events/{id}/actions", post(events::api_act))
        .route("/track/{code}", get(events::api_track))
        .route("/outbox", get(outbox::list))
        .route("/outbox/pending", get(outbox::take))
        .route("/outbox/{id}/sent", post(outbox::sent))
        .route("/people", get(people::api_search))
        .route("/stats/{code}", get(people::api_stats))
        .route("/registry/{code}", get(place::api_region))
        .route("/registry/{code}/boundary", axum::routing::put(place::api_boundary))
        .route("/registry/{code}/organisations", post(place::api_add_org))
        .route("/registry/{code}/team", post(place::api_add_team_member))
        .route("/registry/{code}/grids", post(place::api_add_grid))
        .route("/registry/{code}/workers", post(place::api_assign_worker))
        .route("/registry/{code}/buildings", post(place::api_add_building))
        .route("/buildings/{id}/households", post(place::api_add_household))
        .route("/households/{id}/people", post(place::api_move_in))
        .route("/buildings/{id}/grid", post(place::api_move_building))
        .route("/buildings/{id}/houses/{house}", axum::routing::put(place::api_house))
        .route("/people/{id}", get(people::api_show).put(people::api_edit))
        .route("/people/{id}/leave", post(people::api_leave))
        .route("/people/{id}/move", post(people::api_move))
        .route("/regions/lookup", post(api::lookup_regions))
        .route("/regions/{code}", get(api::region));
    Router::new()
        .route("/", get(pages::home))
        .route("/regions/{code}", get(pages::region))
        .route("/regions/{code}/qr", get(building::sheet))
        .route("/b/{community}/{token}", get(building::public))
        .route("/prefs", post(prefs::set))
        .route("/signin", get(account::signin_form).post(account::signin))
        .route("/signin/code", get(account::code_form).post(account::code))
        .route("/account/totp", get(account::totp_form).post(account::totp_enrol))
        .route("/signout", post(account::signout))
        .route("/signout/everywhere", post(account::signout_everywhere))
        .route("/account", get(account::account))
        .route("/account/password", get(account::password_form).post(account::change_password))
        .route("/register", get(registration::form).post(registration::submit))
        .route("/my/household", get(registration::mine))
        .route("/admin/registrations", get(registration::queue))
        .route("/admin/registrations/{id}", post(registration::decide))
        .route("/import", get(import::form).post(import::upload))
        .route("/import/report", post(import::report))
        .route("/households", get(households::list))
        .route("/households.csv", get(households::export_csv))
        .route("/households.xlsx", get(households::export_xlsx))
        .route("/exports/households", get(households::export_job))
        .route("/exports/households/full", get(households::export_full_page).post(households::export_full_submit))
        .route("/jobs/{id}", get(jobs::show))
        .route("/jobs/{id}/file", get(jobs::file))
        .route("/households/{id}", get(households::show))
        .route("/households/{id}/reveal", post(households::reveal))
        .route("/people", get(people::search))
        .route("/stats", get(people::stats))
        .route("/report", get(events::report_form).post(events::report_submit))
        .route("/track", get(events::track_form))
        .route("/track/{code}", get(events::track))
        .route("/track/{code}/photos/{file}", get(events::tracked_photo))
        .route("/events/{id}/photos/{file}", get(events::photo))
        .route("/events", get(events::list))
        .route("/events/dispatch", post(events::bulk_dispatch))
        .route("/events/measures", get(measures::page))
        .route("/inbox", get(events::inbox))
        .route("/my/reports", get(events::my_reports))
        .route("/services", get(services::hall))
        .route("/services/track", get(services::track_page))
        .route("/services/{code}/apply", get(services::apply_form).post(services::apply_submit))
        .route("/applications", get(services::list_page))
        .route("/applications/{id}", get(services::detail_page).post(services::act_page))
        .route("/applications/{id}/photos/{file}", get(services::photo))
        .route("/services/suggestions", get(visits::suggestions_page))
        .route("/my/applications", get(visits::my_applications))
        .route("/my/applications/{id}", get(visits::my_application))
        .route("/my/appointments", get(visits::ask).post(visits::ask_submit))
        .route("/visits", get(visits::day_page))
        .route("/households/{id}/visits", get(visits::visit_form).post(visits::visit_submit))
        .route("/households/{id}/visit-photos/{file}", get(visits::visit_photo))
        .route("/appointments", get(visits::appointments))
        .route("/appointments/{id}", post(visits::schedule))
        .route("/admin/rules", get(visits::rules).post(visits::rules_submit))
        .route("/admin/services", get(services::items).post(services::save_item_page))
        .route("/receipts/{number}", get(bills::receipt))
        .route("/counter", get(bills::counter))
        .route("/billing", get(bills::billing).post(bills::billing_submit))
        .route("/billing/reconciliation", get(reconcile::reconcile_page).post(reconcile::reconcile_submit))
        .route("/counter/bills/{id}", post(bills::counter_pay))
        .route("/counter/bills/{id}/adjustments", post(bills::counter_adjust))
        .route("/counter/readings", post(bills::counter_reading))
        .route("/counter/prepaid", post(prepaid::counter_deposit))
        .route("/counter/kiosk-assist", post(bills::counter_assist))
        .route("/readings", get(readings::round_page).post(readings::round_submit))
        .route("/arrears", get(arrears::arrears_page).post(arrears::remind))
        .route("/readings/import", post(readings::import_submit))
        .route("/my/bills", get(bills::my_bills))
        .route("/my/bills/{community}/{bill}/pay", post(bills::my_pay))
        .route("/pay-sim/{order}", get(bills::sim_page).post(bills::sim_confirm))
        .route("/kiosk", get(kiosk::start))
        .route("/kiosk/pair", get(kiosk::pair_form).post(kiosk::pair))
        .route("/kiosk/{kind}", get(kiosk::pad).post(kiosk::identify))
        .route("/kiosk/s/{id}", get(kiosk::bills))
        .route("/kiosk/s/{id}/code", get(kiosk::code_form).post(kiosk::code))
        .route("/kiosk/s/{id}/bills/{bill}", post(kiosk::pay))
        .route("/kiosk/s/{id}/orders/{order}", get(kiosk::order))
        .route("/kiosk/s/{id}/receipts/{number}", get(kiosk::receipt))
        .route("/events/{id}", get(events::show).post(events::act))
        .route("/registry", get(place::home))
        .route("/registry/{code}", get(place::region))
        .route("/registry/{code}/boundary", post(place::boundary))
        .route("/registry/{code}/organisations", post(place::add_org))
        .route("/registry/{code}/organisations/{id}/close", post(place::close_org))
        .route("/registry/{code}/team", post(place::add_team_member))
        .route("/registry/{code}/grids", post(place::add_grid))
        .route("/registry/{code}/workers", post(place::assign_worker))
        .route("/registry/{code}/workers/{account}/remove", post(place::unassign_worker))
        .route("/registry/{code}/buildings", post(place::add_building))
        .route("/registry/buildings/{id}/households", post(place::add_household))
        .route("/households/{id}/people", post(households::move_in))
        .route("/registry/{code}/team/{id}/leave", post(place::remove_team_member))
        .route("/registry/buildings/{id}", get(place::building))
        .route("/registry/buildings/{id}/grid", post(place::move_building))
        .route("/registry/buildings/{id}/houses/{house}", post(place::house))
        .route("/people/{id}", get(people::show).post(people::edit))
        .route("/people/{id}/leave", post(people::leave))
        .route("/people/{id}/move", post(people::move_house))
        .route("/admin/audit", get(audit::page))
        .route("/admin/categories", get(categories::page).post(categories::save))
        .route("/admin/audit.csv", get(audit::export))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route("/assets/{file}", get(assets::serve))
        .route("/open311/v2/{file}", get(open311::get_top).post(open311::post_requests))
        .route("/open311/v2/services/{file}", get(open311::service_definition))
        .route("/open311/v2/requests/{file}", get(open311::get_request))
        .route("/open311/v2/tokens/{file}", get(open311::get_token))
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
    let session = account::session_cookie(req.headers()).filter(|s| !s.is_empty());
    let pre = if page && session.is_none() { csrf::from_cookie(&req) } else { None };
    let fresh = (page && session.is_none() && pre.is_none()).then(app::keys::random_token);
    let expected = csrf::bound_token(&state.app, session.as_deref(), pre.as_deref());
    let token = expected.clone().or_else(|| csrf::bound_token(&state.app, None, fresh.as_deref())).unwrap_or_default();
    let asked = error::Asked::of(&req, &token);
    let secure = account::secure_cookies(req.headers());
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
