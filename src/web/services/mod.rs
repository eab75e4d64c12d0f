//! Service applications, visits, home appointments and the rules behind them, on the web.

pub mod appointment;
pub mod my_applications;
pub mod rules;
pub mod service;
pub mod visit;
