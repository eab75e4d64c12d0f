//! Bills and payments (缴费): fee items and bill runs, the till, online payment, prepaid balances, meter readings, reconciliation and the kiosk.

pub mod bill;
pub mod kiosk;
pub mod pay;
pub mod prepaid;
pub mod reading;
pub mod reconcile;
pub(crate) mod till;
