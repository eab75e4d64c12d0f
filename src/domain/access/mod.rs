//! Roles, passwords, one-time codes and the audit chain.

pub mod password;
pub mod role;
pub mod totp;

pub mod audit;
