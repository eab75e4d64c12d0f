//! Accounts, sign-in, registration and the audit log, on the web.

pub mod account;
pub mod audit;
pub mod registration;
