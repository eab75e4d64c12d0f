//! Services (便民服务): applications and the catalogue, visits (走访) with
//! their rules and appointments, and the photos kept for both.

pub mod photo;
pub mod service;
pub mod visit;
