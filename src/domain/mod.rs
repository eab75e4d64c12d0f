//! Types and rules with no I/O.

pub mod audit;
pub mod bill;
pub mod care;
pub mod event;
pub mod export;
pub mod id_number;
pub mod identity;
pub mod meter_sheet;
pub mod money;
pub mod password;
pub mod person;
pub mod phone;
pub mod photo;
pub mod place;
pub mod region;
pub mod role;
pub mod search;
pub mod service;
pub mod sheet;
pub mod time;
pub mod totp;
pub mod visit;
