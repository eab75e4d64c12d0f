//! The services catalogue, visit rules and proactive service.

pub mod care;
pub mod service;
pub mod visit;
