//! Bills and payments (缴费): fee items, meter readings, bills, payments and
//! receipts, waivers and refunds, online orders, kiosk sessions, prepaid
//! balances, arrears and reminders.

pub mod adjustment;
pub mod arrears;
pub mod bill;
pub mod charge;
pub mod fee;
pub mod house;
pub mod kiosk;
pub mod order;
pub mod payment;
pub mod prepaid;
pub mod reading;
pub mod reminder;
