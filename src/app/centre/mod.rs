//! The service centre's counters: the produce counter (助农展销专柜).

pub mod produce;
