//! Bills on the web: the API, the counter, billing, prepaid, meter readings, reconciliation, arrears and the kiosk.

pub mod arrears;
pub mod bill;
pub mod kiosk;
pub mod prepaid;
pub mod reading;
pub mod reconcile;
