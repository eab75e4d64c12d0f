//! Bills on the web: the API, the counter, billing, prepaid, meter readings, reconciliation, arrears, the kiosk
//! and the local payment provider's pages.

pub mod arrears;
pub mod bill;
pub mod billing;
pub mod counter;
pub mod kiosk;
pub mod pay_sim;
pub mod prepaid;
pub mod reading;
pub mod reconcile;
