//! The service centre's counters: the produce counter (助农展销) and the
//! elderly day care centre (日间照料).

pub mod daycare;
pub mod produce;
