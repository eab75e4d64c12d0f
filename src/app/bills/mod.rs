//! Bills and payments (缴费): fee items and bill runs, payments and the till, online payment, prepaid balances, meter readings, waivers and refunds, arrears, reconciliation and the kiosk.

pub mod adjustment;
pub mod arrears;
pub mod bill;
pub mod fee;
pub mod kiosk;
pub mod pay;
pub mod payment;
pub mod prepaid;
pub mod reading;
pub mod receipt;
pub mod reconcile;
pub(crate) mod till;
