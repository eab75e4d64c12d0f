//! Services (便民服务) and visits (走访).

pub mod service;
pub mod visit;
