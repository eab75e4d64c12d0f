//! The service centre's counters: the produce counter (助农展销) for now.

pub mod produce;
