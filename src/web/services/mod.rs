//! Service applications and visits on the web.

pub mod service;
pub mod visit;
