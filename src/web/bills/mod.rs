//! Bills on the web: the API, the counter, billing, prepaid, meter readings, reconciliation,
//! arrears, the kiosk
//! and the local payment provider's pages.

pub mod arrears;
pub mod arrears_api;
pub mod bill;
pub mod billing;
pub mod counter;
pub mod kiosk;
pub mod pay_sim;
pub mod prepaid;
pub mod reading;
pub mod receipt;
pub mod reconcile;

use axum::Router;
use axum::routing::{get, post, put};

use crate::web::AppState;

/// The counter, billing, readings, reconciliation, arrears, a resident's bills, receipts, the kiosk
/// and the local payment provider (outside `/api/v1`).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/receipts/{number}", get(receipt::receipt))
        .route("/verify/receipt", get(receipt::check))
        .route("/counter", get(counter::counter))
        .route("/billing", get(billing::billing).post(billing::billing_submit))
        .route("/billing/reconciliation", get(reconcile::reconcile_page).post(reconcile::reconcile_submit))
        .route("/counter/bills/{id}", post(counter::counter_pay))
        .route("/counter/bills/{id}/adjustments", post(counter::counter_adjust))
        .route("/counter/readings", post(counter::counter_reading))
        .route("/counter/prepaid", post(counter::counter_deposit))
        .route("/counter/kiosk-assist", post(counter::counter_assist))
        .route("/readings", get(reading::round_page).post(reading::round_submit))
        .route("/arrears", get(arrears::arrears_page))
        .route("/arrears/remind", get(arrears::confirm).post(arrears::remind))
        .route("/readings/import", post(reading::import_submit))
        .route("/my/bills", get(bill::my_bills))
        .route("/my/bills/{community}/{bill}/pay", post(bill::my_pay))
        .route("/pay-sim/{order}", get(pay_sim::sim_page).post(pay_sim::sim_confirm))
        .route("/kiosk", get(kiosk::start))
        .route("/kiosk/pair", get(kiosk::pair_form).post(kiosk::pair))
        .route("/kiosk/{kind}", get(kiosk::pad).post(kiosk::identify))
        .route("/kiosk/s/{id}", get(kiosk::bills))
        .route("/kiosk/s/{id}/end", get(kiosk::end).post(kiosk::end))
        .route("/kiosk/s/{id}/code", get(kiosk::code_form).post(kiosk::code))
        .route("/kiosk/s/{id}/bills/{bill}", post(kiosk::pay))
        .route("/kiosk/s/{id}/orders/{order}", get(kiosk::order))
        .route("/kiosk/s/{id}/receipts/{number}", get(kiosk::receipt))
}

/// Fee items, bill runs, bills and payments, orders and callbacks, adjustments, arrears, prepaid,
/// readings and reconciliation: the API, under `/api/v1`.
pub(crate) fn api() -> Router<AppState> {
    Router::new()
        .route("/communities/{code}/fee-items", get(bill::fee_items))
        .route("/communities/{code}/fee-items/{fee}", put(bill::save_fee_item))
        .route("/communities/{code}/bill-runs", post(bill::run))
        .route("/communities/{code}/houses/{house}/bills", get(bill::house_bills))
        .route("/communities/{code}/houses/{house}/readings", post(bill::read_meter))
        .route("/communities/{code}/houses/{house}/prepaid", get(prepaid::prepaid).post(prepaid::deposit))
        .route("/communities/{code}/bills/{id}/payments", post(bill::pay))
        .route("/communities/{code}/bills/{id}/orders", post(bill::create_order))
        .route("/communities/{code}/bills/{id}/adjustments", post(bill::request_adjustment))
        .route("/communities/{code}/adjustments", get(bill::adjustments))
        .route("/communities/{code}/arrears", get(arrears_api::arrears))
        .route("/communities/{code}/arrears/reminders", get(arrears_api::plan).post(arrears_api::remind))
        .route("/communities/{code}/adjustments/{id}/decision", post(bill::decide_adjustment))
        .route("/pay/callback/{provider}", post(bill::callback))
        .route("/communities/{code}/reconciliation", get(reconcile::reconciliation))
        .route("/communities/{code}/readings", get(reading::api_round))
        .route("/communities/{code}/readings/import", post(reading::api_import))
        .route("/communities/{code}/reconciliation/{provider}/orders/{order}", post(reconcile::apply))
}
