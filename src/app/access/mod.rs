//! Who may do what: accounts, sign-in, tokens, the second factor, residents' registration, rate limits and the audit log.

pub mod account;
pub mod archive;
pub mod audit;
pub mod auth;
pub mod desk;
pub mod limit;
pub mod registration;
pub mod second_factor;
pub mod token;
