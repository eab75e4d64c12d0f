//! The service centre's counters: the produce counter (助农展销专柜) and
//! the elderly day care centre (日间照料中心).

pub mod daycare;
pub mod produce;
pub mod reading;
