//! The service centre's counters: the produce counter (助农展销), the
//! elderly day care centre (日间照料) and the reading room (电子阅览).

pub mod daycare;
pub mod epub;
pub mod produce;
pub mod reading;
